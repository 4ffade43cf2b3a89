"""What a workbook hides from a values-only reader: encryption, merged cells, uncached formulas.

A reader of cell values cannot see three things that lose data without a word:

- a password-protected workbook is not a zip at all but an OLE container with an
  ``EncryptionInfo`` stream (it would read as "damaged");
- merged cells keep their value in the first cell only, so the rows under a merge
  get the default (``sektor`` = ``annet``);
- a formula cell saved by a program that does not calculate (a script, some web
  exporters) has no cached value, so it reads as empty ("navn mangler").

:func:`scan_workbook` finds them by reading the workbook's XML directly (after the
checks of :mod:`.limits`), independent of the library that reads the values.
"""

from __future__ import annotations

import io
import re
import zipfile
from posixpath import join, normpath

from samhandling.io import limits
from samhandling.io.report import Report, fail
from samhandling.io.schema import table_for_sheet

__all__ = ["refuse_encrypted", "scan_workbook"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
# What every formula element holds: found in one quick pass (a literal first), unlike
# _FORMULA, which is tried at every "<" of a sheet.
_FORMULA_HINT = re.compile(rb"f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b(?:\w+:)?id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|'
                  rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
# At most this many problems of each kind are listed (a whole merged column is one).
_MAX_LISTED = 20


def refuse_encrypted(data: bytes, source: str | None) -> None:
    """Refuse an OLE container: a password-protected workbook, or an old .xls renamed."""
    if data.startswith(_OLE_MAGIC):
        raise fail("file.encrypted" if _ENCRYPTION_INFO in data else "file.old_excel", source)


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _sheets(archive: zipfile.ZipFile, source: str | None) -> list[tuple[str, str]]:
    """(sheet name, member path) of every worksheet, in workbook order."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    book = limits.read_member(archive, archive.getinfo("xl/workbook.xml"), source, "file.not_xlsx")
    rels = limits.read_member(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), source, "file.not_xlsx")
    targets = {}
    for match in _REL.finditer(rels):
        rel_id, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        path = _unescape(target).lstrip("/") if target.startswith(b"/") else normpath(join("xl", _unescape(target)))
        targets[rel_id] = path
    return [(_unescape(name), targets[rel]) for name, rel in _SHEET.findall(book)
            if rel in targets and targets[rel] in names]


def scan_workbook(data: bytes, source: str | None, report: Report) -> None:
    """Warn about merged cells and report formula cells without a value, each with its sheet and cell."""
    refuse_encrypted(data, source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = _sheets(archive, source)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return  # the value reader says what is wrong with the file
    for name, path in sheets:
        spec = table_for_sheet(name)
        if spec is None:  # "Les meg", "lister" and unknown sheets are not read
            continue
        xml = limits.read_member(archive, archive.getinfo(path), source, "file.not_xlsx")
        # Each pattern may start at any "<": a quick look for its name first (most sheets have neither).
        merged = [ref.decode() for ref in _MERGE.findall(xml)] if b"mergeCell" in xml else []
        for ref in merged[:_MAX_LISTED]:
            report.warn("file.merged_cells", spec.name, None, None, ref, cells=ref)
        if _FORMULA_HINT.search(xml) is None or _FORMULA.search(xml) is None:
            continue
        listed = 0
        for attributes, body in _CELL.findall(xml):
            if body and _FORMULA.search(body) and not _VALUE.search(body):
                ref = _REF.search(attributes)
                if ref is None:
                    continue
                cell = (ref.group(1) + ref.group(2)).decode()
                report.error("file.formula_without_value", spec.name, int(ref.group(2)), None, cell, cell=cell)
                listed += 1
                if listed >= _MAX_LISTED:
                    break
