"""Excel workbooks (.xlsx): one sheet per table, header in the first non-blank row.

Reading uses openpyxl in read-only, values-only mode (``data_only=True``: a formula
cell gives its cached value), after the checks of :mod:`.limits` (size, zip bomb,
no XML DOCTYPE/ENTITY). Any failure inside openpyxl becomes a
:class:`~samhandling.errors.MapFileError`.

Writing uses openpyxl's write-only mode (fast for big maps). Text that starts with
``=``, ``+``, ``-`` or ``@`` is stored as a string cell with the quote-prefix style,
so Excel never runs it as a formula.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from samhandling.i18n import t
from samhandling.io import cells, layout, limits
from samhandling.io.report import fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import RawTable, format_list, model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_xlsx", "write_xlsx", "FORMULA_STARTS"]

FORMULA_STARTS = ("=", "+", "-", "@")


def _sheet_tables(data: bytes) -> Iterator[RawTable]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in workbook.worksheets:
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()  # do not trust a stored size: read every row
            rows = ws.iter_rows(values_only=True)
            header: tuple[Any, ...] = ()
            number = 0
            for number, row in enumerate(rows, start=1):  # noqa: B007 - number is used below
                if any(not cells.is_blank(value) for value in row):
                    header = row
                    break
            yield RawTable(str(ws.title), list(header), list(rows), first_row=number + 1)
    finally:
        workbook.close()


def read_xlsx(data: bytes, source: str | None = None) -> list[RawTable]:
    """The sheets of a workbook as raw tables; MapFileError for anything unreadable."""
    limits.check_size(len(data), source)
    archive = limits.open_zip(data, source, "file.not_xlsx")
    limits.refuse_xml_declarations(archive, source)
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
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value or None
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)  # openpyxl writes 16 digits; keep the exact value as text
    return value


def _data_cell(ws: Any, value: Any) -> Any:
    value = _value(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
        return cell
    if hasattr(value, "isoformat"):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def write_xlsx(cmap: CollaborationMap, *, readme_first: bool = False) -> bytes:
    """The map as a workbook: one sheet per table, dropdowns, ``Les meg`` and ``lister``."""
    workbook = Workbook(write_only=True)
    if readme_first:
        layout.add_readme_sheet(workbook)
    ranges = layout.add_lists_sheet(workbook)
    rows = model_rows(cmap)
    for spec in TABLES:
        ws = workbook.create_sheet(spec.name)
        # Write-only sheets leave out <dimension>; openpyxl then reads every sheet twice.
        size = f"A1:{get_column_letter(len(spec.columns))}{len(rows[spec.name]) + 1}"
        ws.calculate_dimension = lambda size=size: size
        ws.freeze_panes = "A2"
        layout.column_widths(ws, spec)
        layout.add_dropdowns(ws, spec, ranges, len(rows[spec.name]))
        ws.append(layout.header_row(ws, spec))
        for record in rows[spec.name]:
            ws.append([_data_cell(ws, value) for value in record])
    if not readme_first:
        layout.add_readme_sheet(workbook)
    # the hidden lists sheet must not be the one Excel opens on
    workbook._sheets.append(workbook._sheets.pop(workbook._sheets.index(workbook[layout.LISTS_SHEET])))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
