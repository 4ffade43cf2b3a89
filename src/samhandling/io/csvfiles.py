"""CSV map files: a folder (or a .zip) with one ``.csv`` file per table.

The file name says the table (``aktorer.csv``, ``Aktører.csv`` and ``AKTORER.csv``
are the same, see :func:`samhandling.io.schema.table_for_sheet`). Files are UTF-8
(a BOM is fine; Windows-1252 from older Excel is accepted too) and may be separated
by ``,`` or ``;`` (Norwegian Excel) or tabs; the first non-blank line is the header.

Written files are UTF-8 with a BOM (so Excel shows æøå) and ``,``-separated. A text
that starts with ``=``, ``+``, ``-`` or ``@`` is written with a leading ``'`` so no
spreadsheet runs it as a formula; reading strips that ``'`` again.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from samhandling.io import cells, limits
from samhandling.io.report import Report, fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import RawTable, format_list, model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_csv_folder", "read_csv_zip", "csv_files", "write_csv_zip", "escape_formula", "unescape_formula"]

_FORMULA_STARTS = ("=", "+", "-", "@")


def escape_formula(text: str) -> str:
    """``'`` in front of text a spreadsheet would run as a formula (and of ``'=`` itself)."""
    return "'" + text if text.lstrip("'").startswith(_FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`."""
    if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def _decode(data: bytes, name: str, source: str | None) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # "Unicode text" from Excel/Notepad
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail("file.not_text", source, name=name) from None
    if b"\x00" in data:  # UTF-16 without a BOM (or not text at all): cp1252 would read it as rubbish
        raise fail("file.csv_utf16", source, name=name)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise fail("file.not_text", source, name=name)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_csv(data: bytes, name: str, source: str | None) -> RawTable:
    """One CSV file as a raw table named after the file."""
    text = _decode(data, name, source)
    rows: list[list[str]] = []
    table = PurePosixPath(name).stem
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)), 1):
            while row and not row[-1]:
                row.pop()  # trailing empty cells carry nothing
            if len(row) > limits.MAX_CELLS_PER_ROW:
                raise fail("file.too_many_cells", source, name=name, line=number, count=len(row),
                           limit=limits.MAX_CELLS_PER_ROW)
            if len(rows) > limits.MAX_ROWS:
                raise fail("file.too_many_rows", source, name=table, limit=limits.MAX_ROWS)
            rows.append(row)
    except csv.Error:
        raise fail("file.csv_syntax", source, name=name) from None
    start = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), len(rows))
    header = rows[start] if start < len(rows) else []
    body = [[unescape_formula(cell.strip()) for cell in row] for row in rows[start + 1:]]
    return RawTable(table, header, body, first_row=start + 2)


def read_csv_folder(folder: Path, report: Report) -> list[RawTable]:
    """Every ``.csv`` file directly in ``folder`` (other files are left alone)."""
    source = str(folder)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise fail("file.no_csv_files", source, name=folder.name)
    limits.check_size(sum(p.stat().st_size for p in files), source)
    try:
        return [parse_csv(p.read_bytes(), p.name, source) for p in files]
    except OSError as error:
        raise fail("file.unreadable", source, path=source, reason=error.strerror or str(error)) from None


def read_csv_zip(data: bytes, source: str | None, report: Report) -> list[RawTable]:
    """Every ``.csv`` member of a zip (folders inside are fine; other files are warned about)."""
    limits.check_size(len(data), source)
    archive = limits.open_zip(data, source, "file.not_zip")
    tables = []
    for member in archive.infolist():
        name = PurePosixPath(member.filename)
        if member.is_dir() or name.name.startswith(".") or "__MACOSX" in name.parts:
            continue
        if name.suffix.lower() != ".csv":
            report.warn("file.ignored_file", cell_value=member.filename, name=member.filename)
            continue
        tables.append(parse_csv(limits.read_member(archive, member, source, "file.not_zip"), name.name, source))
    if not tables:
        raise fail("file.no_csv_files", source, name=source or "zip")
    return tables


# --- writing -------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return cells.read_text(value)  # ja / nei
    if isinstance(value, tuple):
        value = format_list(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return escape_formula(str(value))


def csv_files(cmap: CollaborationMap) -> dict[str, bytes]:
    """File name -> bytes of one CSV file per table (every table, header always)."""
    rows = model_rows(cmap)
    out = {}
    for spec in TABLES:
        if spec.name == "posisjoner" and not rows[spec.name]:
            continue  # the layout file only when the map has one
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow([column.name for column in spec.columns])
        writer.writerows([_text(value) for value in record] for record in rows[spec.name])
        out[spec.csv_name] = buffer.getvalue().encode("utf-8-sig")
    return out


def write_csv_zip(cmap: CollaborationMap) -> bytes:
    """The CSV files of the map in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in csv_files(cmap).items():
            archive.writestr(name, data)
    return buffer.getvalue()
