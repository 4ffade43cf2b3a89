"""Excel workbooks (.xlsx): one sheet per table, header in the first non-blank row.

Reading uses python-calamine (Rust; 8-11x faster than openpyxl on a county
workbook) when it is installed, else openpyxl in read-only, values-only mode.
Both give a formula cell's cached value, and rows are numbered from A1 either
way, so errors name the same rows. calamine's numbers are floats and its dates
``date``: whole numbers become ``int`` and dates ``datetime`` as openpyxl gives
them, so the table reader sees the same values. Before either reader: the checks
of :mod:`.limits` (size, zip bomb, no XML DOCTYPE/ENTITY) and of
:mod:`.sheetsize` (no sheet wider than 200 columns or bigger than 5 million
cells, where a tiny file could unpack to billions). Any failure inside a reader
becomes a :class:`~samhandling.errors.MapFileError`.

Writing uses openpyxl's write-only mode (fast for big maps). Text that starts with
``=``, ``+``, ``-`` or ``@`` is stored as a string cell with the quote-prefix style,
so Excel never runs it as a formula.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from samhandling.i18n import t
from samhandling.io import cells, limits, sheetsize
from samhandling.io.report import fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import RawTable, format_list, model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_xlsx", "write_xlsx", "FORMULA_STARTS"]

FORMULA_STARTS = ("=", "+", "-", "@")


_EXACT_INT = 2**53  # floats beyond this are not whole numbers someone typed
# openpyxl's ILLEGAL_CHARACTERS_RE (openpyxl.cell.cell): control characters a cell cannot hold.
# openpyxl itself is imported only to write, or to read where calamine is not installed
# (~0.3 s: reading a workbook with calamine does not need it).
_ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def _with_header(name: str, rows: Iterable[Sequence[Any]]) -> RawTable:
    """The first non-blank row is the header; ``first_row`` numbers the rest from A1."""
    rows = iter(rows)
    header: Sequence[Any] = ()
    number = 0
    for number, row in enumerate(rows, start=1):  # noqa: B007 - number is used below
        if any(not cells.is_blank(value) for value in row):
            header = row
            break
    return RawTable(name, list(header), list(rows), first_row=number + 1)


_TEXT_ONLY = frozenset({str})


def _as_openpyxl(row: list[Any]) -> list[Any]:
    """A calamine row with the values openpyxl gives: None, int, datetime."""
    if _TEXT_ONLY.issuperset(map(type, row)):  # most rows: text only, checked in C
        return [value or None for value in row] if "" in row else row
    for i, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if not value:
                row[i] = None
        elif kind is float:
            if value.is_integer() and -_EXACT_INT < value < _EXACT_INT:
                row[i] = int(value)
        elif kind is date:
            row[i] = datetime(value.year, value.month, value.day)
    return row


def _sheet_tables_calamine(data: bytes) -> Iterator[RawTable]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        for sheet in workbook.sheets_metadata:
            if sheet.typ != SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells (openpyxl's worksheets leave them out too)
            name = sheet.name
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            yield _with_header(str(name), map(_as_openpyxl, rows))
    finally:
        workbook.close()


def _sheet_tables_openpyxl(data: bytes) -> Iterator[RawTable]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in workbook.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # do not trust a stored size: read every row
            # Never pad a row past the widest allowed column (sheetsize checked nothing is there).
            rows = ws.iter_rows(values_only=True, max_col=sheetsize.MAX_COLUMNS)
            table = _with_header(str(ws.title), rows)
            yield RawTable(table.name, _trimmed(table.header), [_trimmed(r) for r in table.rows], table.first_row)
    finally:
        workbook.close()


def _trimmed(row: Sequence[Any]) -> list[Any]:
    """A row without its trailing empty cells."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return list(row[:end])


def _sheet_tables(data: bytes) -> Iterator[RawTable]:
    try:
        import python_calamine  # noqa: F401 - only asking whether it is installed
    except ImportError:  # pragma: no cover - a platform without a calamine wheel
        return _sheet_tables_openpyxl(data)
    return _sheet_tables_calamine(data)


def read_xlsx(data: bytes, source: str | None = None) -> list[RawTable]:
    """The sheets of a workbook as raw tables; MapFileError for anything unreadable."""
    limits.check_size(len(data), source)
    archive = limits.open_zip(data, source, "file.not_xlsx")
    limits.refuse_xml_declarations(archive, source)
    sheetsize.check_sheet_sizes(archive, source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            return list(_sheet_tables(data))
    except Exception:  # noqa: BLE001 - any failure of the parser on untrusted input
        raise fail("file.not_xlsx", source) from None


# --- writing -------------------------------------------------------------------------


def _value(value: Any) -> Any:
    """A model value as a cell value: lists joined, booleans ja/nei, '' as empty."""
    if isinstance(value, bool):
        return t("io.words.yes") if value else t("io.words.no")
    if isinstance(value, tuple):
        value = format_list(value)
    if isinstance(value, str):
        value = _ILLEGAL_CHARACTERS.sub("", value)
        return value or None
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)  # openpyxl writes 16 digits; keep the exact value as text
    return value


def _data_cell(ws: Any, value: Any) -> Any:
    value = _value(value)
    formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
    if not formula_like and not hasattr(value, "isoformat"):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if formula_like:
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    else:
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(cmap: CollaborationMap, *, readme_first: bool = False) -> bytes:
    """The map as a workbook: one sheet per table, dropdowns, ``Les meg`` and ``lister``."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from samhandling.io import workbook_style

    workbook = Workbook(write_only=True)
    if readme_first:
        workbook_style.add_readme_sheet(workbook)
    ranges = workbook_style.add_lists_sheet(workbook)
    rows = model_rows(cmap)
    for spec in TABLES:
        if spec.name == "posisjoner" and not rows[spec.name]:
            continue  # the layout sheet only when the map has one (not in the template)
        ws = workbook.create_sheet(spec.name)
        # Write-only sheets leave out <dimension>; openpyxl then reads every sheet twice.
        size = f"A1:{get_column_letter(len(spec.columns))}{len(rows[spec.name]) + 1}"
        ws.calculate_dimension = lambda size=size: size
        ws.freeze_panes = "A2"
        workbook_style.column_widths(ws, spec)
        workbook_style.add_dropdowns(ws, spec, ranges, len(rows[spec.name]))
        ws.append(workbook_style.header_row(ws, spec))
        for record in rows[spec.name]:
            ws.append([_data_cell(ws, workbook_style.cell_label(column, value))
                       for column, value in zip(spec.columns, record, strict=True)])
    if not readme_first:
        workbook_style.add_readme_sheet(workbook)
    # the hidden lists sheet must not be the one Excel opens on
    workbook._sheets.append(workbook._sheets.pop(workbook._sheets.index(workbook[workbook_style.LISTS_SHEET])))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
