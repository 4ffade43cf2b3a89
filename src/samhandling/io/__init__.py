"""Map files <-> the model: the only place that opens map files.

A map is a set of tables (``dataformat.md``) stored as an Excel workbook
(``.xlsx``), a YAML file (``.yaml``/``.yml``), a folder of ``.csv`` files or a
``.zip`` of ``.csv`` files. Network files from other tools (``.graphml``,
``.gexf``, Kumu ``.json``) load too, through :mod:`samhandling.io.exchange`. Every form loads to the same
:class:`~samhandling.model.CollaborationMap`, and writing then reading gives back
an equal map.

>>> from samhandling.io import load_map, save_map          # doctest: +SKIP
>>> result = load_map("data/eksempel.yaml")                 # doctest: +SKIP
>>> result.map.counts()["actors"], len(result.warnings)     # doctest: +SKIP

Loading raises :class:`~samhandling.errors.MapFileError` (and nothing else) with
every problem found, each with table, row, column and a Norwegian message;
warnings come back in :attr:`LoadResult.warnings` and are never printed.

Extension of the format: an optional table ``om`` (one row: ``tittel``,
``kommune``, ``dato``, ``beskrivelse``) becomes :class:`~samhandling.model.MapInfo`.
Vocabulary cells also accept the Norwegian labels (``Fast medlem``, ``Sekretær``).

Limits for untrusted input (uploads): :data:`MAX_FILE_BYTES` per file (or per
folder), and for zip containers (``.xlsx`` and ``.zip``) :data:`MAX_MEMBERS`
members and :data:`MAX_UNPACKED_BYTES` unpacked; workbooks with XML
``DOCTYPE``/``ENTITY`` declarations are refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from samhandling.errors import MapFileError
from samhandling.i18n import t
from samhandling.io import csvfiles, yamlfile
from samhandling.io.atomic import write_atomic
from samhandling.io.limits import MAX_FILE_BYTES, MAX_MEMBERS, MAX_UNPACKED_BYTES, check_size
from samhandling.io.report import Report, fail
from samhandling.io.tables import LoadResult, load_raw_tables, map_from_tables, map_to_tables, raw_table
from samhandling.model import CollaborationMap

__all__ = [
    "LoadResult",
    "load_map",
    "load_map_bytes",
    "save_map",
    "map_to_bytes",
    "template_bytes",
    "write_template",
    "map_to_tables",
    "map_from_tables",
    "MAX_FILE_BYTES",
    "MAX_MEMBERS",
    "MAX_UNPACKED_BYTES",
    "READABLE_SUFFIXES",
    "EXPLAINED_SUFFIXES",
]

_FORMATS = ("xlsx", "yaml", "zip")
_TABLE_SUFFIXES = (".xlsx", ".yaml", ".yml", ".zip")
# Network files from other graph tools (see samhandling.io.exchange): suffix -> format.
_EXCHANGE_SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "kumu"}
# Every file name ending :func:`load_map_bytes` reads, without the dot (for upload widgets).
READABLE_SUFFIXES: tuple[str, ...] = tuple(s.lstrip(".") for s in (*_TABLE_SUFFIXES, *_EXCHANGE_SUFFIXES))
# File types people often have that are refused with a message saying what to do instead
# (upload widgets accept them too, so the user sees that message rather than the widget's).
EXPLAINED_SUFFIXES: tuple[str, ...] = ("csv", "xls", "ods", "fods")


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _unknown_type(suffix: str, source: str | None) -> Exception:
    if suffix == ".csv":
        return fail("file.single_csv", source)
    if suffix == ".xls":
        return fail("file.old_excel", source)
    if suffix in (".ods", ".fods"):
        return fail("file.opendocument", source)
    return fail("file.unknown_type", source, suffix=suffix or t("io.file.no_suffix"))


def load_map_bytes(data: bytes, filename: str) -> LoadResult:
    """Load an uploaded map; the suffix of ``filename`` picks the reader (.zip = CSV files).

    Raises
    ------
    MapFileError
        For every problem: unknown type, too big, corrupt file, and all row errors.
    """
    source = Path(filename).name or None
    suffix = _suffix(filename)
    if suffix not in _TABLE_SUFFIXES and suffix not in _EXCHANGE_SUFFIXES:
        raise _unknown_type(suffix, source)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise fail("file.not_tables", source, value=type(data).__name__)
    data = bytes(data)
    check_size(len(data), source)
    if suffix in _EXCHANGE_SUFFIXES:
        from samhandling.io.exchange import import_bytes  # exchange builds on this package

        try:
            return import_bytes(data, _EXCHANGE_SUFFIXES[suffix])
        except MapFileError as error:
            raise MapFileError(error.problems, source=source) from None
    report = Report(source)
    if suffix == ".xlsx":
        from samhandling.io import xlsx, xlsx_scan  # openpyxl/calamine only for workbooks

        xlsx_scan.scan_workbook(data, source, report)  # encrypted, merged cells, formulas without a value
        raws = xlsx.read_xlsx(data, source)
    elif suffix == ".zip":
        raws = csvfiles.read_csv_zip(data, source, report)
    else:
        raws = [raw_table(name, rows, 1, report) for name, rows in yamlfile.read_yaml(data, source)]
    return load_raw_tables(raws, report)


def load_map(path: str | os.PathLike[str]) -> LoadResult:
    """Load a map file: ``.xlsx``, ``.yaml``/``.yml``, ``.zip`` of CSV, or a folder of CSV files."""
    path = Path(path)
    source = str(path)
    try:
        if path.is_dir():
            report = Report(source)
            return load_raw_tables(csvfiles.read_csv_folder(path, report), report)
        if not path.is_file():
            raise fail("file.missing", source, path=source)
        suffix = _suffix(path.name)
        if suffix not in _TABLE_SUFFIXES and suffix not in _EXCHANGE_SUFFIXES:
            raise _unknown_type(suffix, source)
        check_size(path.stat().st_size, source)
        data = path.read_bytes()
    except OSError as error:
        raise fail("file.unreadable", source, path=source, reason=error.strerror or str(error)) from None
    try:
        return load_map_bytes(data, path.name)
    except MapFileError as error:  # name the full path, not just the file name
        raise MapFileError(error.problems, source=source) from None


# Rows of one Excel sheet (the header takes one of them).
EXCEL_MAX_ROWS = 1_048_576


def _check_excel_rows(cmap: CollaborationMap) -> None:
    """Refuse a map with a table longer than a sheet can hold, before writing anything."""
    sizes = {"aktører": len(cmap.actors), "fora": len(cmap.forums), "deltakelse": len(cmap.memberships),
             "relasjoner": len(cmap.relations), "rutiner": len(cmap.routines),
             "forventninger": len(cmap.expectations)}
    for table, count in sizes.items():
        if count + 1 > EXCEL_MAX_ROWS:
            raise fail("file.too_big_for_excel", name=table, count=count, limit=EXCEL_MAX_ROWS - 1)


def map_to_bytes(cmap: CollaborationMap, fmt: str) -> bytes:
    """The map as file bytes: ``fmt`` is ``xlsx``, ``yaml`` or ``zip`` (CSV files)."""
    fmt = str(fmt).lower().lstrip(".")
    if fmt == "xlsx":
        from samhandling.io import xlsx

        _check_excel_rows(cmap)
        return xlsx.write_xlsx(cmap)
    if fmt in ("yaml", "yml"):
        return yamlfile.write_yaml(cmap)
    if fmt == "zip":
        return csvfiles.write_csv_zip(cmap)
    raise fail("file.unknown_format", fmt=fmt)


def save_map(cmap: CollaborationMap, path: str | os.PathLike[str]) -> None:
    """Save the map by suffix: .xlsx, .yaml/.yml, .zip (CSV files), or a folder of CSV files.

    A path without a suffix, or an existing folder, is a folder of CSV files. Every
    file is written atomically (temp file in the same folder, then ``os.replace``).
    """
    path = Path(path)
    suffix = _suffix(path.name)
    if path.is_dir() or not suffix:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise fail("file.save_failed", str(path), path=str(path), reason=error.strerror or str(error)) from None
        for name, data in csvfiles.csv_files(cmap).items():
            write_atomic(path / name, data)
        return
    formats = {".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml", ".zip": "zip"}
    if suffix not in formats:
        raise fail("file.save_type", str(path), suffix=suffix)
    write_atomic(path, map_to_bytes(cmap, formats[suffix]))


def template_bytes() -> bytes:
    """The empty template workbook (.xlsx) as bytes."""
    from samhandling.io import template  # openpyxl only when a workbook is written

    return template.template_bytes()


def write_template(path: str | os.PathLike[str]) -> None:
    """Write the empty template workbook to ``path`` (atomically)."""
    from samhandling.io import template

    template.write_template(path)
