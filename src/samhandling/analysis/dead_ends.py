"""Dead ends on the BTI ladder, age by age: the ``pathway_dead_end`` finding.

``analysis.md``, "Finding kinds": for each kategori of :data:`START_CATEGORIES` in
the map, and each age from the map's ``alder_fra`` to ``alder_til`` that one of its
actors serves, :func:`~samhandling.analysis.pathway.find_pathway` follows a concern
up the ladder. Where it reaches neither nivå 3 nor a forum where a coordinator sits,
the concern has a dead end: ages next
to each other that end the same way (same reason, same forums) make one
``pathway_dead_end`` finding, severity ``viktig``, key
``pathway_dead_end:<kategori>|<from>-<to>``.

Only a map about the whole 0–24 field (``om.omfang`` = ``hele``) that tells a ladder
at all (some forum with ``bti_nivå`` or ``videre_til``) is judged: a part of the
field, or a map that says nothing of the ladder, cannot show where it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from samhandling.analysis.findings import Finding, forum_name, names, side_label, text
from samhandling.analysis.pathway import START_CATEGORIES, Pathway, find_pathway, has_ladder
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = [
    "AGE_BANDS",
    "AgeRange",
    "dead_end_ranges",
    "pathway_dead_end_findings",
    "starts_present",
    "age_text",
    "ranges_text",
]

# The steps of the leader brief: kindergarten age, primary school, lower secondary, upper secondary, young adults.
AGE_BANDS: tuple[tuple[int, int], ...] = ((0, 5), (6, 12), (13, 15), (16, 18), (19, 24))


@dataclass(frozen=True)
class AgeRange:
    """Ages ``first``–``last`` from ``start`` (a kategori) that all end as ``path`` does."""

    start: str
    first: int
    last: int
    path: Pathway


def age_text(first: int, last: int) -> str:
    """``4`` or ``16–19``.

    >>> age_text(16, 19), age_text(4, 4)
    ('16–19', '4')
    """
    return str(first) if first == last else f"{first}–{last}"


def ranges_text(ages: list[int] | set[int]) -> str:
    """Ages as short ranges: ``0–5, 7 og 16–24``.

    >>> ranges_text({16, 17, 18, 0, 1, 7})
    '0–1, 7 og 16–18'
    """
    runs: list[list[int]] = []
    for age in sorted(ages):
        if runs and runs[-1][1] == age - 1:
            runs[-1][1] = age
        else:
            runs.append([age, age])
    return names([age_text(a, b) for a, b in runs], limit=12)


def starts_present(cmap: CollaborationMap) -> tuple[str, ...]:
    """The kategorier of :data:`START_CATEGORIES` that some actor of the map has, in that order."""
    present = {a.category for a in cmap.actors}
    return tuple(c for c in START_CATEGORIES if c in present)


def dead_end_ranges(cmap: CollaborationMap, first: int | None = None, last: int | None = None) -> Iterator[AgeRange]:
    """Yield the dead ends of each start kategori, ages that end alike grouped (no scope check).

    ``first``/``last`` default to the map's ``alder_fra``/``alder_til``.

    >>> from samhandling.model import Actor
    >>> cmap = CollaborationMap(actors=(Actor("vgs", "VGS", "vgs", age_from=16, age_to=19),))
    >>> [(r.start, r.first, r.last, r.path.end.reason) for r in dead_end_ranges(cmap)]
    [('vgs', 16, 19, 'no_forum')]
    """
    lo = cmap.info.age_from if first is None else first
    hi = cmap.info.age_to if last is None else last
    for start in starts_present(cmap):
        current: AgeRange | None = None
        for age in range(lo, hi + 1):
            path = find_pathway(cmap, start, age)
            same = current is not None and current.last == age - 1 and _signature(current.path) == _signature(path)
            if not path.dead_end or not path.actors:
                if current is not None:
                    yield current
                current = None
            elif same and current is not None:
                current = AgeRange(start, current.first, age, current.path)
            else:
                if current is not None:
                    yield current
                current = AgeRange(start, age, age, path)
        if current is not None:
            yield current


def _signature(path: Pathway) -> tuple[object, ...]:
    return (path.end, tuple(s.forum for s in path.steps), path.actors)


def pathway_dead_end_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return a ``pathway_dead_end`` (``viktig``) for each start kategori and age range with no way to nivå 3."""
    if cmap.info.scope != "hele" or not has_ladder(cmap):
        return []
    findings = []
    for r in dead_end_ranges(cmap):
        end = r.path.end
        reason = end.reason if end is not None else "no_next"
        forums = tuple(s.forum for s in r.path.steps)
        last = cmap.forum_by_id.get(end.forum) if end is not None and end.forum else None
        ages = age_text(r.first, r.last)
        findings.append(
            Finding(
                key=f"pathway_dead_end:{r.start}|{r.first}-{r.last}",
                kind="pathway_dead_end",
                severity="viktig",
                actors=tuple(sorted(r.path.actors)),
                forums=tuple(sorted(forums)),
                message=text(
                    f"pathway_dead_end.{reason}",
                    start=label("category", r.start),
                    start_lc=side_label(r.start, {}),
                    ages=ages,
                    forum=forum_name(last, end.forum if end else ""),
                ),
                details={"start": r.start, "age_from": r.first, "age_to": r.last, "reason": reason,
                         "path": list(forums)},
            )
        )
    return findings
