"""Size limits for untrusted input: file size, zip bombs and XML entity tricks.

Every map file is treated as untrusted (it may come from an upload). Before any
parser sees it: the file must be at most :data:`MAX_FILE_BYTES`; a zip container
(``.xlsx`` is one) may hold at most :data:`MAX_MEMBERS` members and
:data:`MAX_UNPACKED_BYTES` when unpacked; and no XML part of a workbook may carry a
``DOCTYPE``/``ENTITY`` declaration (entity bombs, external entities). openpyxl does
use defusedxml for sheets and shared strings (``openpyxl.DEFUSEDXML``), but with
lxml installed its other parts go through lxml, so this check does not rely on it.
"""

from __future__ import annotations

import io
import lzma
import math
import zipfile
import zlib

from samhandling.i18n import number
from samhandling.io.report import fail

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_UNPACKED_BYTES",
    "check_size",
    "open_zip",
    "refuse_xml_declarations",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_UNPACKED_BYTES = 250 * 1024 * 1024

_MB = 1024 * 1024
# What a damaged or hostile zip can raise while it is opened or read.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
               RuntimeError, zlib.error, lzma.LZMAError, IndexError, KeyError, OverflowError)
_FORBIDDEN = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_CHUNK = 1024 * 1024


def _mb(size: int) -> str:
    return number(math.ceil(size / _MB * 10) / 10)  # rounded up: a file just over 20 MB reads "20,1"


def check_size(size: int, source: str | None = None) -> None:
    """Raise :class:`MapFileError` if ``size`` bytes is more than :data:`MAX_FILE_BYTES`."""
    if size > MAX_FILE_BYTES:
        raise fail("file.too_big", source, size=_mb(size), limit=MAX_FILE_BYTES // _MB)


def open_zip(data: bytes, source: str | None, not_zip_key: str) -> zipfile.ZipFile:
    """``data`` as a ZipFile, after the member-count and unpacked-size checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS:
        raise fail(not_zip_key, source) from None
    if len(members) > MAX_MEMBERS:
        raise fail("file.too_many_members", source, count=len(members), limit=MAX_MEMBERS)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise fail("file.unpacked_too_big", source, size=_mb(unpacked), limit=MAX_UNPACKED_BYTES // _MB)
    return archive


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str | None, not_zip_key: str) -> bytes:
    """One member's bytes, never more than its declared size (a lying header fails)."""
    try:
        with archive.open(member) as handle:
            data = handle.read(member.file_size + 1)
    except _ZIP_ERRORS:
        raise fail(not_zip_key, source) from None
    if len(data) > member.file_size:
        raise fail(not_zip_key, source)
    return data


def refuse_xml_declarations(archive: zipfile.ZipFile, source: str | None) -> None:
    """Refuse a workbook whose XML parts declare a DOCTYPE or entities.

    Real .xlsx files never do; an entity bomb or an external entity needs one.
    """
    for member in archive.infolist():
        if member.is_dir():
            continue
        try:
            with archive.open(member) as handle:
                tail = b""
                read = 0
                while chunk := handle.read(_CHUNK):
                    read += len(chunk)
                    if read > member.file_size:
                        raise fail("file.not_xlsx", source)
                    window = tail + chunk
                    if any(marker in window for marker in _FORBIDDEN):
                        raise fail("file.xml_entities", source)
                    tail = window[-32:]
        except _ZIP_ERRORS:
            raise fail("file.not_xlsx", source) from None


# --- limits on what a map file may hold (every reader; numbers in range) -------------------

# One meeting (or gathering) lasts at most a week; 1e308 hours would overflow the yearly sums.
MAX_MEETING_HOURS = 168
# Rows of one table (or elements of a network file); a county map has a few thousand.
MAX_ROWS = 200_000
# Cells in one row (columns of a sheet or CSV file): the format has about a dozen.
MAX_CELLS_PER_ROW = 500
# Characters in one cell: a description is a few lines, not a book.
MAX_TEXT_CHARS = 10_000
# How deeply lists and objects may nest in a JSON file (a Kumu blueprint needs four).
MAX_DEPTH = 32
