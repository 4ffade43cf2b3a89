"""The leader brief: a collaboration map -> a Norwegian Word or HTML document for a styringsgruppe.

A styringsgruppe does not open an app; it reads a document. This package writes
one, for a leader with ten minutes: what was mapped, the critical gaps and their
legal sources, overlapping forums and what they cost, who carries too many
meetings, vulnerable hubs, ages and transitions nobody owns — each with a
recommendation — and, given the map after a project, what the project changed.

* :mod:`~samhandling.report.content` — what to say (pure): :func:`build_brief`;
* :mod:`~samhandling.report.wording` — how one finding reads (title, source, recommendation);
* :mod:`~samhandling.report.figures` — the map and charts as PNG (matplotlib);
* :mod:`~samhandling.report.docx` and :mod:`~samhandling.report.html` — the two formats.

>>> from samhandling.report import report_bytes  # doctest: +SKIP
>>> report_bytes(cmap, "docx")[:2]  # doctest: +SKIP
b'PK'
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from samhandling.analysis import Thresholds
from samhandling.io.atomic import write_bytes_atomic
from samhandling.model import CollaborationMap
from samhandling.report.blocks import Brief
from samhandling.report.content import build_brief

__all__ = ["write_report", "report_bytes", "build_brief", "render_figures", "FORMATS", "Brief"]

FORMATS: tuple[str, ...] = ("docx", "html")


def render_figures(brief: Brief) -> dict[str, bytes]:
    """Draw every figure the brief names: ``{name: PNG bytes}``."""
    from samhandling.report.figures import draw_figure

    return {
        f.name: draw_figure(f.name, brief.figure_data[f.name]) for f in brief.figures() if f.name in brief.figure_data
    }


def report_bytes(
    cmap: CollaborationMap,
    fmt: str,
    *,
    compare_to: CollaborationMap | None = None,
    thresholds: Thresholds | None = None,
    today: date | None = None,
) -> bytes:
    """Return the brief of ``cmap`` as ``.docx`` or ``.html`` bytes (for downloads).

    Parameters
    ----------
    cmap : CollaborationMap
        The map; with ``compare_to`` the map *before* a project.
    fmt : {"docx", "html"}
    compare_to : CollaborationMap, optional
        The map after the project; adds what changed and which gaps closed.
    thresholds : Thresholds, optional
    today : date, optional
        The date printed on the brief (default: today).

    Raises
    ------
    ValueError
        When ``fmt`` is not ``docx`` or ``html``.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"Report format {fmt!r} is not one of {', '.join(FORMATS)}")
    brief = build_brief(cmap, compare_to=compare_to, thresholds=thresholds, today=today)
    figures = render_figures(brief)
    if fmt == "docx":
        from samhandling.report.docx import render_docx

        return render_docx(brief, figures)
    from samhandling.report.html import render_html

    return render_html(brief, figures).encode("utf-8")


def write_report(
    cmap: CollaborationMap,
    path: str | os.PathLike[str],
    *,
    compare_to: CollaborationMap | None = None,
    thresholds: Thresholds | None = None,
) -> None:
    """Write the brief to ``path``; its suffix (``.docx`` or ``.html``) picks the format.

    The file is written atomically: a reader never sees half a document.

    Raises
    ------
    ValueError
        When the suffix is neither ``.docx`` nor ``.html``/``.htm``.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = "html" if suffix == "htm" else suffix
    if fmt not in FORMATS:
        raise ValueError(f"Report file {os.fspath(path)!r} must end in .docx or .html")
    write_bytes_atomic(path, report_bytes(cmap, fmt, compare_to=compare_to, thresholds=thresholds))
