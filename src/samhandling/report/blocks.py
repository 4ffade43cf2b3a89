"""The pieces a brief is made of, independent of the file format.

:mod:`samhandling.report.content` decides *what to say* and returns a
:class:`Brief`: a title block and a list of :class:`Section`, each a list of
blocks. :mod:`~samhandling.report.docx` and :mod:`~samhandling.report.html`
only decide *how it looks*. All text in a block is plain text (never markup);
renderers escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Paragraph",
    "Bullets",
    "Table",
    "Figure",
    "FindingItem",
    "Subheading",
    "Block",
    "Section",
    "Brief",
]


@dataclass(frozen=True)
class Paragraph:
    """A short paragraph; ``style`` is ``""`` (body), ``"lead"`` or ``"note"`` (small print)."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list, or a numbered one when ``numbered``."""

    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths.

    ``severities`` (when given) holds one severity word per row, so renderers can
    colour the row's first cell.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    severities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A figure drawn by :mod:`samhandling.report.figures`; ``name`` keys its PNG."""

    name: str
    caption: str
    wide: bool = True


@dataclass(frozen=True)
class FindingItem:
    """One finding told for a leader: who, what, the source, and what to do."""

    title: str
    severity: str
    severity_label: str
    text: str
    recommendation: str
    source: str = ""


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section."""

    text: str


Block = Paragraph | Bullets | Table | Figure | FindingItem | Subheading


@dataclass(frozen=True)
class Section:
    """A numbered part of the brief with its own heading."""

    heading: str
    blocks: tuple[Block, ...]
    key: str = ""


@dataclass(frozen=True)
class Brief:
    """The whole brief: a title block, sections, and what the figures are drawn from.

    ``figure_data`` maps each :class:`Figure` name to the inputs of its drawing
    function in :mod:`samhandling.report.figures`.
    """

    title: str
    kind: str
    dateline: str
    sections: tuple[Section, ...]
    figure_data: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)

    def figures(self) -> list[Figure]:
        """Every figure in the brief, in reading order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]

    def plain_text(self) -> str:
        """All words of the brief, one block a line (for tests and search)."""
        lines = [self.title, self.kind, self.dateline]
        for section in self.sections:
            lines.append(section.heading)
            for b in section.blocks:
                if isinstance(b, (Paragraph, Subheading)):
                    lines.append(b.text)
                elif isinstance(b, Bullets):
                    lines.extend(b.items)
                elif isinstance(b, Table):
                    lines.append(" | ".join(b.header))
                    lines.extend(" | ".join(r) for r in b.rows)
                elif isinstance(b, Figure):
                    lines.append(b.caption)
                elif isinstance(b, FindingItem):
                    lines.extend([b.title, b.text, b.source, b.recommendation])
        return "\n".join(line for line in lines if line)
