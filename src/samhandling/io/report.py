"""Collecting problems while a map loads: every error and warning, with its place.

The loader never stops at the first problem. It records each one here as a
:class:`~samhandling.errors.Problem` (table, row, column, value and a Norwegian
message from ``locales/nb/io.yaml``) and raises one
:class:`~samhandling.errors.MapFileError` at the end if there were errors.
"""

from __future__ import annotations

from samhandling.errors import MapFileError, Problem
from samhandling.i18n import t

__all__ = ["Report", "fail"]

_TABLE_ORDER = ("aktører", "fora", "deltakelse", "relasjoner", "rutiner", "forventninger", "om")


def _sort_key(problem: Problem) -> tuple[int, str, int]:
    table = problem.table or ""
    order = _TABLE_ORDER.index(table) if table in _TABLE_ORDER else (-1 if not table else len(_TABLE_ORDER))
    return (order, table, problem.row if problem.row is not None else 0)


class Report:
    """Errors and warnings of one load, in the order a user reads the file."""

    def __init__(self, source: str | None = None) -> None:
        self.source = source
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    @staticmethod
    def problem(
        key: str,
        table: str | None = None,
        row: int | None = None,
        column: str | None = None,
        cell_value: object = None,
        **fmt: object,
    ) -> Problem:
        """A problem whose message is the text ``io.<key>`` formatted with ``fmt``.

        ``cell_value`` is the bad value; the message may quote it as ``{value}``.
        """
        from samhandling.io.cells import show

        shown = None if cell_value is None else show(cell_value, limit=200)
        if shown is not None:
            fmt.setdefault("value", shown)
        return Problem(t(f"io.{key}", **fmt), table=table, row=row, column=column, value=shown)

    def error(self, key: str, table: str | None = None, row: int | None = None,
              column: str | None = None, cell_value: object = None, **fmt: object) -> None:
        """Record an error (the load will fail)."""
        self.errors.append(self.problem(key, table, row, column, cell_value, **fmt))

    def warn(self, key: str, table: str | None = None, row: int | None = None,
             column: str | None = None, cell_value: object = None, **fmt: object) -> None:
        """Record a warning (the load goes on)."""
        self.warnings.append(self.problem(key, table, row, column, cell_value, **fmt))

    def add_error(self, problem: Problem) -> None:
        """Record a ready-made error problem."""
        self.errors.append(problem)

    def raise_if_errors(self) -> None:
        """Raise one :class:`MapFileError` with every error, sorted by place."""
        if self.errors:
            raise MapFileError(sorted(self.errors, key=_sort_key), source=self.source)

    def sorted_warnings(self) -> tuple[Problem, ...]:
        """The warnings, sorted by place."""
        return tuple(sorted(self.warnings, key=_sort_key))


def fail(key: str, source: str | None = None, **fmt: object) -> MapFileError:
    """A :class:`MapFileError` about the whole file (no table or row)."""
    return MapFileError([Report.problem(key, **fmt)], source=source)
