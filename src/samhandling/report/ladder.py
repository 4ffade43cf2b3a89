"""The leader brief's "Hvor stopper en bekymring?": the BTI ladder for typical starts, age band by age band.

For each typical start in the map (:func:`~samhandling.analysis.dead_ends.starts_present`)
and each age band of :data:`~samhandling.analysis.dead_ends.AGE_BANDS` (0–5, 6–12,
13–15, 16–18, 19–24) it follows a concern at every age the start serves
(:func:`~samhandling.analysis.pathway.find_pathway`); ages in a band that go the same
way make one row: where it starts, the ages, the way up, and where it stops.
"""

from __future__ import annotations

from samhandling.analysis.dead_ends import AGE_BANDS, age_text, starts_present
from samhandling.analysis.findings import forum_name
from samhandling.analysis.pathway import Pathway, find_pathway, has_ladder
from samhandling.analysis.pathway_text import start_label, stop_text
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.report.blocks import Block, Paragraph, Section, Table

__all__ = ["ladder_section", "MAX_LADDER_ROWS"]

MAX_LADDER_ROWS = 40


def _txt(key: str, **values: object) -> str:
    return str(t(f"report.{key}", **values))


def _way(cmap: CollaborationMap, path: Pathway) -> str:
    if not path.steps:
        return _txt("ladder.no_way")
    return " → ".join(
        forum_name(cmap.forum_by_id.get(s.forum), s.forum) + (f" ({s.level})" if s.level is not None else "")
        for s in path.steps
    )


def _where(cmap: CollaborationMap, path: Pathway, ages: str) -> str:
    end = path.end
    if not path.dead_end:
        head = _txt("ladder.reached") if (path.top_level or 0) >= 3 else _txt("ladder.coordinator")
        return head + (" " + stop_text(cmap, path, end, ages) if end is not None else "")
    return stop_text(cmap, path, end, ages) if end is not None else _txt("ladder.no_way")


def _signature(path: Pathway) -> tuple[object, ...]:
    return (tuple(s.forum for s in path.steps), path.end, path.dead_end)


def ladder_section(cmap: CollaborationMap) -> Section:
    """Return the section "Hvor stopper en bekymring?" of the brief of ``cmap``."""
    if not has_ladder(cmap):
        return Section(_txt("ladder.heading"), (Paragraph(_txt("ladder.no_ladder")),), "ladder")
    rows: list[tuple[str, ...]] = []
    severities: list[str] = []
    for start in starts_present(cmap):
        for first, last in AGE_BANDS:
            runs: list[tuple[int, int, Pathway]] = []
            for age in range(max(first, cmap.info.age_from), min(last, cmap.info.age_to) + 1):
                path = find_pathway(cmap, start, age)
                if not path.actors:  # no service of this kind for the age
                    continue
                if runs and runs[-1][1] == age - 1 and _signature(runs[-1][2]) == _signature(path):
                    runs[-1] = (runs[-1][0], age, runs[-1][2])
                else:
                    runs.append((age, age, path))
            for a, b, path in runs:
                label = start_label(cmap, start)
                ages = age_text(a, b)
                rows.append((label[:1].upper() + label[1:], ages, _way(cmap, path), _where(cmap, path, ages)))
                severities.append("viktig" if path.dead_end else "info")
    blocks: list[Block] = [Paragraph(_txt("ladder.intro"))]
    if not rows:
        blocks.append(Paragraph(_txt("ladder.no_starts")))
    else:
        blocks.append(Table(tuple(str(h) for h in t("report.ladder.table_header")), tuple(rows[:MAX_LADDER_ROWS]),
                            (1.6, 0.8, 2.8, 2.8), tuple(severities[:MAX_LADDER_ROWS])))
        if len(rows) > MAX_LADDER_ROWS:
            blocks.append(Paragraph(str(t("report.change.more", count=len(rows) - MAX_LADDER_ROWS)), "note"))
    return Section(_txt("ladder.heading"), tuple(blocks), "ladder")
