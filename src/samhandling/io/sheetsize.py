"""How big a workbook's sheets would be once read: bounded before any reader sees them.

A sheet is a grid. Readers of .xlsx files fill it out to a rectangle: calamine
holds every cell from A1 to the last row and the rightmost column with a value,
openpyxl's read-only reader pads each row to the sheet's widest column. So one
value in column XFD (16,384) on each of 100,000 rows is 1.6 billion cells from a
file of half a megabyte. Before reading, each worksheet's XML is scanned
(a byte search, no parsing) for its last row and for any cell *with a value*
beyond the allowed width: at most :data:`MAX_COLUMNS` columns, and at most
:data:`MAX_CELLS` cells in the rectangle. Cells with only a format (``<c r="XFD1"
s="3"/>``, what Excel leaves after formatting whole rows) are not values and do
not count; the readers skip them.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from samhandling.errors import MapFileError
from samhandling.io.limits import read_member
from samhandling.io.report import Report

__all__ = ["MAX_COLUMNS", "MAX_CELLS", "check_sheet_sizes", "column_letters", "sheet_parts"]

MAX_COLUMNS = 200
MAX_CELLS = 5_000_000

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_LAST_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# A cell reference of two letters or more: any cell right of column Z has one.
_TWO_LETTERS = re.compile(rb'r="[A-Z][A-Z]')


def column_letters(number: int) -> str:
    """Column ``number`` (1-based) as Excel writes it: 1 -> A, 27 -> AA, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _beyond(width: int) -> bytes:
    """A regex alternation matching column letters of columns after ``width``."""
    last = column_letters(width)
    options = [b"[A-Z]{%d,}" % (len(last) + 1)]
    for i, letter in enumerate(last):
        if letter < "Z":
            rest = len(last) - i - 1
            options.append(last[:i].encode() + b"[" + chr(ord(letter) + 1).encode() + b"-Z]"
                           + (b"[A-Z]{%d}" % rest if rest else b""))
    return b"|".join(options)


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(sheet name, zip member)`` of each worksheet, in workbook order; [] if not found."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return []  # the reader itself reports a broken workbook
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    parts = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts.append((sheet.get("name", ""), member))
    return parts


def _last_row(xml: bytes) -> int:
    """The highest row number in a sheet (rows are stored in order; count them if unnumbered)."""
    start = xml.rfind(b"<row")
    found = _LAST_ROW.match(xml, start) if start >= 0 else None
    return max(int(found.group(1)) if found else 0, xml.count(b"<row"))


def _far_value(xml: bytes, width: int) -> tuple[str, int] | None:
    """``(column letters, row)`` of the first cell with a value right of column ``width``."""
    if width >= 26 and _TWO_LETTERS.search(xml) is None:
        return None  # no cell right of column Z at all (one quick pass; most sheets)
    pattern = re.compile(rb'<c\b[^>]*?\br="(' + _beyond(width) + rb')(\d+)"[^>]*?(?<!/)>')
    for found in pattern.finditer(xml):
        if not xml.startswith(b"</c>", found.end()):
            return found.group(1).decode(), int(found.group(2))
    return None


def check_sheet_sizes(archive: zipfile.ZipFile, source: str | None) -> None:
    """Raise :class:`MapFileError` naming the sheet and row if a sheet would read too big."""
    for name, member in sheet_parts(archive):
        try:
            info = archive.getinfo(member)
        except KeyError:
            continue  # a missing part: the reader reports the workbook as broken
        xml = read_member(archive, info, source, "file.not_xlsx")
        rows = _last_row(xml)
        width = min(MAX_COLUMNS, max(1, MAX_CELLS // max(rows, 1)))
        far = _far_value(xml, width)
        if far is None:
            continue
        column, row = far
        if _column_number(column) > MAX_COLUMNS:
            problem = Report.problem("file.sheet_too_wide", table=name, row=row, column=column,
                                     column_name=column, limit=MAX_COLUMNS)
        else:
            problem = Report.problem("file.sheet_too_big", table=name, row=row, column=column,
                                     column_name=column, rows=f"{rows:,}".replace(",", " "),
                                     limit=f"{MAX_CELLS:,}".replace(",", " "))
        raise MapFileError([problem], source=source)
