"""Raw tables <-> the model: the one place where rows become a :class:`CollaborationMap`.

Every reader (xlsx, YAML, CSV) and the app's editable tables end here. This module
matches sheet and column names forgivingly, reads every cell of every row
(:mod:`.cells`), and hands the parsed rows to :mod:`.checks` for the checks that
span rows and tables. All problems are collected; errors are raised together as
one :class:`~samhandling.errors.MapFileError`, warnings come back in
:class:`LoadResult`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from samhandling.errors import Problem
from samhandling.io import cells, schema
from samhandling.io.checks import build_map
from samhandling.io.report import Report
from samhandling.io.schema import TABLES, ColumnSpec, TableSpec
from samhandling.io.words import WordMatcher
from samhandling.model import CollaborationMap, MapInfo
from samhandling.vocabulary import fold

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is made (YAML and CLI runs never need it)
    import pandas as pd

__all__ = ["LoadResult", "RawTable", "map_from_tables", "map_to_tables", "load_raw_tables", "format_list",
           "model_rows", "raw_table"]


@dataclass(frozen=True)
class LoadResult:
    """A loaded map and the warnings met on the way (never printed, always returned)."""

    map: CollaborationMap
    warnings: tuple[Problem, ...] = ()


@dataclass
class RawTable:
    """One table as read from a file: its name, header cells and data rows.

    ``first_row`` is the row number the user sees for ``rows[0]``.
    """

    name: str
    header: Sequence[object]
    rows: Iterable[Sequence[object]]
    first_row: int = 2


# --- from whatever the caller has to RawTable ------------------------------------


def _plain(value: object) -> object:
    """numpy scalars -> Python scalars (pandas hands them out now and then)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        try:
            return value.item()  # type: ignore[attr-defined]
        except (ValueError, TypeError):
            return value
    return value


def _raw_from_records(name: str, records: object, first_row: int, report: Report) -> RawTable:
    """A list of mappings (YAML, the app) as a RawTable; keys in order of first use."""
    spec = schema.table_for_sheet(name)
    label = spec.name if spec else name
    if records is None:
        records = []
    elif isinstance(records, dict):
        records = [records]
    elif not isinstance(records, (list, tuple)):
        report.error("table.not_a_list", table=label, cell_value=cells.show(records))
        return RawTable(name, [], [], first_row)
    header: dict[object, int] = {}
    rows: list[list[object]] = []
    for number, record in enumerate(records, start=first_row):
        if record is None:
            rows.append([])
            continue
        if not isinstance(record, dict):
            report.error("table.row_not_a_mapping", table=label, row=number, cell_value=cells.show(record))
            rows.append([])
            continue
        row: list[object] = [None] * len(header)
        for key, value in record.items():
            position = header.setdefault(key, len(header))
            if position >= len(row):
                row.extend([None] * (position + 1 - len(row)))
            row[position] = value
        rows.append(row)
    return RawTable(name, list(header), rows, first_row)


def _raw_from_frame(name: str, frame: pd.DataFrame, first_row: int) -> RawTable:
    return RawTable(name, list(frame.columns), frame.itertuples(index=False, name=None), first_row)


# --- reading one table -------------------------------------------------------------


class _TableReader:
    """Reads the rows of one table into dicts of model field -> parsed value."""

    def __init__(self, spec: TableSpec, raw: RawTable, report: Report, words: WordMatcher) -> None:
        self.spec, self.raw, self.report, self.words = spec, raw, report, words
        self.columns: list[tuple[int, ColumnSpec]] = self._match_header()

    def _match_header(self) -> list[tuple[int, ColumnSpec]]:
        index = schema.column_index(self.spec)
        seen: dict[str, int] = {}
        matched: list[tuple[int, ColumnSpec]] = []
        for position, cell in enumerate(self.raw.header):
            cell = _plain(cell)
            if cells.is_blank(cell):
                continue
            column = index.get(fold(cell))
            if column is None:
                self.report.warn("table.unknown_column", table=self.spec.name, cell_value=cells.show(cell),
                                 column_name=cells.show(cell), known=", ".join(c.name for c in self.spec.columns))
            elif column.name in seen:
                self.report.warn("table.duplicate_column", table=self.spec.name, column=column.name,
                                 cell_value=cells.show(cell))
            else:
                seen[column.name] = position
                matched.append((position, column))
        return matched

    def missing_required(self) -> list[str]:
        present = {column.name for _, column in self.columns}
        return [column.name for column in self.spec.required if column.name not in present]

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """Parsed rows as (row number, {field: value}); blank rows skipped, blanks left out."""
        out: list[tuple[int, dict[str, Any]]] = []
        columns = self.columns
        # Each column's reader chosen once, not per cell: a country map has millions of cells.
        readers = [(position, column, column.field, self._reader(column)) for position, column in columns]
        is_blank = cells.is_blank
        for number, row in enumerate(self.raw.rows, start=self.raw.first_row):
            if not isinstance(row, (list, tuple)):
                row = list(row)
            values: dict[str, Any] = {}
            size = len(row)
            for position, column, field, read in readers:
                if position >= size:
                    continue
                cell = row[position]
                kind = type(cell)
                if kind is str:  # most cells: blank when only whitespace
                    if not cell or cell.isspace():
                        continue
                elif cell is None:
                    continue
                elif kind is not bool and kind is not int:
                    cell = _plain(cell)
                    if is_blank(cell):
                        continue
                try:
                    values[field] = read(cell)
                except cells.CellError as error:
                    self.report.add_error(Problem(str(error), self.spec.name, number, column.name,
                                                  cells.show(cell)))
                    values[field] = cells.FAILED
                except (ValueError, TypeError, ArithmeticError):  # a value of an odd type
                    self.report.error("cell.unreadable", self.spec.name, number, column.name,
                                      cells.show(cell))
                    values[field] = cells.FAILED
            if values:
                out.append((number, values))
            elif any(not cells.is_blank(_plain(cell)) for cell in row):
                out.append((number, {}))  # data only in unknown columns: still a row
        return out

    def _reader(self, column: ColumnSpec) -> Callable[[object], Any]:
        """The function that reads a (not blank) cell of ``column``."""
        kind = column.kind
        if kind == schema.TEXT:
            return cells.read_text
        if kind in (schema.ID, schema.REF):
            return cells.read_id
        if kind == schema.WORD:
            return partial(self.words.word, column.vocabulary, column.name)
        if kind == schema.CATEGORY:
            return self.words.category
        if kind == schema.BOOL:
            return cells.read_bool
        if kind in (schema.AGE, schema.SCORE):
            return partial(cells.read_int, default=0)
        if kind in (schema.HOURS, schema.COORD):
            return partial(cells.read_float, default=0.0)
        if kind == schema.LIST:
            return _read_id_list if column.target else cells.read_list
        if kind == schema.DATE:
            return cells.read_date
        raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def _read_id_list(cell: object) -> tuple[str, ...]:
    return tuple(cells.read_id(item) for item in cells.read_list(cell))


def load_raw_tables(raw_tables: Iterable[RawTable], report: Report) -> LoadResult:
    """Read ``raw_tables`` into a map; raise one MapFileError if anything was wrong."""
    by_table: dict[str, RawTable] = {}
    for raw in raw_tables:
        spec = schema.table_for_sheet(raw.name)
        if spec is None:
            if fold(raw.name) not in schema.HELPER_SHEETS:
                report.warn("table.unknown_table", cell_value=cells.show(raw.name), name=cells.show(raw.name),
                            known=", ".join(t.name for t in TABLES))
            continue
        if spec.name in by_table:
            report.error("table.duplicate_table", table=spec.name, cell_value=cells.show(raw.name),
                         first=cells.show(by_table[spec.name].name), second=cells.show(raw.name))
            continue
        by_table[spec.name] = raw
    words = WordMatcher()
    parsed: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for spec in TABLES:
        raw = by_table.get(spec.name)
        if raw is None:
            parsed[spec.name] = []
            continue
        reader = _TableReader(spec, raw, report, words)
        rows = reader.rows()
        missing = reader.missing_required()
        if missing and rows:
            for name in missing:
                report.error("table.missing_column", table=spec.name, column=name, column_name=name)
            rows = []
        parsed[spec.name] = rows
    cmap = build_map(parsed, report, actors_present="aktører" in by_table)
    report.raise_if_errors()
    return LoadResult(cmap, report.sorted_warnings())


def map_from_tables(tables: dict[str, pd.DataFrame | list[dict]], *, first_row: int = 2) -> LoadResult:
    """Build a map from raw tables (DataFrames or lists of row dicts), checking every row.

    Parameters
    ----------
    tables
        Table name (folded: ``Aktører`` = ``aktorer``) -> a DataFrame or a list of
        row mappings. Helper sheets (``Les meg``, ``lister``) are ignored.
    first_row
        The row number the user sees for the first data row: 2 under a header row
        (sheets, CSV, the app's tables), 1 for a YAML list.

    Returns
    -------
    LoadResult
        The map and its warnings.

    Raises
    ------
    MapFileError
        With every error found, each with table, row, column, value and a message.
    """
    report = Report()
    raws: list[RawTable] = []
    if not isinstance(tables, dict):
        report.error("file.not_tables", cell_value=cells.show(tables))
        report.raise_if_errors()
    for key, value in tables.items():
        raws.append(raw_table(key if isinstance(key, str) else str(key), value, first_row, report))
    return load_raw_tables(raws, report)


def raw_table(name: str, value: object, first_row: int, report: Report) -> RawTable:
    """A DataFrame or a list of row mappings as a :class:`RawTable`."""
    pandas = sys.modules.get("pandas")  # a DataFrame exists only if pandas was imported
    if pandas is not None and isinstance(value, pandas.DataFrame):
        return _raw_from_frame(name, value, first_row)
    return _raw_from_records(name, value, first_row, report)


# --- the model back to tables --------------------------------------------------------


def format_list(items: Sequence[str]) -> str:
    """Items joined with ``; `` so that :func:`cells.read_list` gives them back."""
    text = "; ".join(items)
    if len(items) == 1 and "," in text:
        text += ";"  # a lone item with a comma: the ';' keeps it from being split
    return text


def model_rows(cmap: CollaborationMap) -> dict[str, list[list[Any]]]:
    """Each table's rows as lists of model values, in the column order of ``dataformat.md``.

    The ``om`` table has one row when the map has any :class:`MapInfo`, else none.
    """
    items_by_table = {
        "aktører": cmap.actors,
        "fora": cmap.forums,
        "deltakelse": cmap.entered_memberships,
        "relasjoner": cmap.entered_relations,
        "rutiner": cmap.routines,
        "forventninger": cmap.expectations,
        "om": (cmap.info,) if cmap.info != MapInfo() else (),
        "posisjoner": cmap.positions,
    }
    out: dict[str, list[list[Any]]] = {}
    for spec in TABLES:
        names = [column.field for column in spec.columns]
        out[spec.name] = [[getattr(item, name) for name in names] for item in items_by_table[spec.name]]
    return out


_DTYPES: dict[str, Any] = {schema.AGE: "int64", schema.HOURS: "float64", schema.BOOL: "bool", schema.DATE: object,
                           schema.COORD: "float64", schema.SCORE: "Int64"}


def map_to_tables(cmap: CollaborationMap) -> dict[str, pd.DataFrame]:
    """The map as one DataFrame per table, canonical Norwegian columns in file order.

    Lists are ``;``-separated text, booleans ``bool``, dates ``datetime.date`` or
    ``None``. ``map_from_tables(map_to_tables(m)).map == m`` for every valid map.
    """
    import pandas

    rows = model_rows(cmap)
    out: dict[str, pd.DataFrame] = {}
    for spec in TABLES:
        names = [column.name for column in spec.columns]
        lists = [i for i, column in enumerate(spec.columns) if column.kind == schema.LIST]
        records = rows[spec.name]
        for record in records:
            for i in lists:
                record[i] = format_list(record[i])
        frame = pandas.DataFrame(records, columns=names)
        for column in spec.columns:  # typed columns also when the table is empty (for editors)
            frame[column.name] = frame[column.name].astype(_DTYPES.get(column.kind, "str"))
        out[spec.name] = frame
    return out
