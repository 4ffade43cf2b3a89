"""Errors and problems: what went wrong in a file, and where.

A :class:`Problem` is data (table, row, column, value, message), so the loader can
collect all of them before it stops, and the CLI and the app can show them each in
their own way. :class:`MapFileError` carries every error problem of one load.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "SamhandlingError", "MapFileError"]


@dataclass(frozen=True)
class Problem:
    """One problem in a map file.

    ``row`` is the row number as the user sees it: in a sheet or CSV file the header
    is row 1, so the first data row is row 2; in YAML the first item is row 1.
    ``table`` and ``column`` use the names of ``dataformat.md`` (``aktører``, ``navn``).
    """

    message: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def place(self) -> str:
        """Where the problem is, in Norwegian: ``aktører, rad 4, kolonne «sektor»``."""
        parts = []
        if self.table:
            parts.append(f"Ark «{self.table}»")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne «{self.column}»")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class SamhandlingError(Exception):
    """Base class of every error this package raises on purpose."""


class MapFileError(SamhandlingError):
    """A map file could not be loaded; ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], source: str | None = None):
        self.problems = tuple(problems)
        self.source = source
        count = len(self.problems)
        head = f"{source}: " if source else ""
        noun = "feil" if count != 1 else "feil"
        super().__init__(f"{head}{count} {noun} i kartet:\n" + "\n".join(f"- {p}" for p in self.problems))
