"""Before and after: what changed between two versions of a map, and which findings went away.

Actors, forums and routines are matched by ``id`` (a rename keeps the id;
``dataformat.md``, "Before and after"); ``changed`` lists each field that
differs (by its Norwegian column name) with its value before and after. Memberships and relations have no id:
a row is the same when every field is the same, so a changed role shows as one
membership removed and one added. Findings are matched by their stable ``key``
into ``resolved`` (only before), ``new`` (only after) and ``remaining`` (both;
shown as they are after). ``analysis.md``, "Command line", fixes the JSON keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from samhandling.analysis.findings import Finding, Thresholds
from samhandling.analysis.problems import Problem
from samhandling.analysis.report import Analysis, analyze
from samhandling.model import CollaborationMap
from samhandling.vocabulary import FIELD_COLUMNS

__all__ = ["Comparison", "compare", "diff_by_id", "diff_rows"]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# Provenance fields (issue 13) appear only when set, so comparisons of maps without groups read as before.
_UNSET = {"recorded_by": "", "exists": True}


def _row(obj: Any, *, only_set: bool = False) -> dict[str, Any]:
    row = {k: _plain(v) for k, v in asdict(obj).items()}
    return {k: v for k, v in row.items() if k not in _UNSET or v != _UNSET[k]} if only_set else row


def diff_by_id(before: Iterable[Any], after: Iterable[Any]) -> dict[str, list[Any]]:
    """Compare two tables of rows with an ``id``.

    Returns
    -------
    dict
        ``{"added": [row, ...], "removed": [row, ...], "changed": [{"id", "name",
        "fields": {field: {"before", "after"}}}, ...]}``, each list sorted by id;
        rows are plain dicts.

    Examples
    --------
    >>> from samhandling.model import Actor
    >>> diff_by_id([Actor("a", "A")], [Actor("a", "A2")])["changed"]
    [{'id': 'a', 'name': 'A2', 'fields': {'navn': {'before': 'A', 'after': 'A2'}}}]
    """
    old = {row.id: row for row in before}
    new = {row.id: row for row in after}
    changed = []
    for key in sorted(old.keys() & new.keys()):
        a, b = _row(old[key]), _row(new[key])
        names = FIELD_COLUMNS.get(type(new[key]).__name__, {})
        fields = {names.get(f, f): {"before": a[f], "after": b[f]} for f in a if a[f] != b.get(f)}
        if fields:
            changed.append({"id": key, "name": b.get("name", key), "fields": fields})
    return {
        "added": [_row(new[k]) for k in sorted(new.keys() - old.keys())],
        "removed": [_row(old[k]) for k in sorted(old.keys() - new.keys())],
        "changed": changed,
    }


def diff_rows(before: Iterable[Any], after: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """Compare two tables of rows without ids: ``{"added": [...], "removed": [...]}`` as plain dicts."""
    old, new = list(dict.fromkeys(before)), list(dict.fromkeys(after))
    old_set, new_set = set(old), set(new)
    return {
        "added": [_row(r, only_set=True) for r in new if r not in old_set],
        "removed": [_row(r, only_set=True) for r in old if r not in new_set],
    }


@dataclass(frozen=True)
class Comparison:
    """What changed between two maps (see :func:`compare`)."""

    actors: dict[str, list[Any]]
    forums: dict[str, list[Any]]
    memberships: dict[str, list[Any]]
    relations: dict[str, list[Any]]
    routines: dict[str, list[Any]]
    resolved: tuple[Finding, ...]
    new: tuple[Finding, ...]
    remaining: tuple[Finding, ...]
    before: Analysis = field(compare=False)
    after: Analysis = field(compare=False)
    problems_resolved: tuple[Problem, ...] = ()
    problems_new: tuple[Problem, ...] = ()
    problems_remaining: tuple[tuple[Problem, tuple[str, ...]], ...] = ()

    def parts(self) -> dict[str, Any]:
        """:meth:`to_dict` with the findings left as :class:`Finding` objects (the text only counts them)."""
        return {
            "actors": self.actors,
            "forums": self.forums,
            "memberships": self.memberships,
            "relations": self.relations,
            "routines": self.routines,
            "problems": {
                "resolved": [p.to_dict() for p in self.problems_resolved],
                "new": [p.to_dict() for p in self.problems_new],
                "remaining": [{**p.to_dict(), "resolved_findings": list(gone)} for p, gone in self.problems_remaining],
            },
            "findings": {"resolved": self.resolved, "new": self.new, "remaining": self.remaining},
        }

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``samhandling compare --json``."""
        data = self.parts()
        data["findings"] = {key: [f.to_dict() for f in found] for key, found in data["findings"].items()}
        data["metrics"] = {"before": self.before.metrics, "after": self.after.metrics}
        return data


def _share_equal_findings(old: Analysis, new: Analysis) -> Analysis:
    """Return ``old`` with each finding that is equal in ``new`` replaced by the ``new`` object.

    Nothing changes but memory: on a country-size map the two analyses hold
    hundreds of thousands of findings, most of them the same before and after.
    """
    latest = {f.key: f for f in new.findings}
    shared = tuple(
        g if (g := latest.get(f.key)) is not None and g == f and g.details == f.details else f for f in old.findings
    )
    return Analysis(findings=shared, metrics=old.metrics, problems=old.problems)


def compare(
    before: CollaborationMap, after: CollaborationMap, thresholds: Thresholds | None = None
) -> Comparison:
    """Compare two versions of a map.

    Parameters
    ----------
    before, after : CollaborationMap
    thresholds : Thresholds, optional
        Used for both analyses.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from samhandling.model import Actor
    >>> result = compare(CollaborationMap(actors=(Actor("a", "A"),)), CollaborationMap())
    >>> "isolated_actor:a" in [f.key for f in result.resolved], result.actors["removed"][0]["id"]
    (True, 'a')
    """
    old = analyze(before, thresholds)
    new = analyze(after, thresholds)
    old = _share_equal_findings(old, new)
    old_keys = {f.key for f in old.findings}
    new_keys = {f.key for f in new.findings}
    old_problems = {p.key: p for p in old.problems}
    new_problems = {p.key for p in new.problems}
    return Comparison(
        actors=diff_by_id(before.actors, after.actors),
        forums=diff_by_id(before.forums, after.forums),
        memberships=diff_rows(before.memberships, after.memberships),
        relations=diff_rows(before.relations, after.relations),
        routines=diff_by_id(before.routines, after.routines),
        resolved=tuple(f for f in old.findings if f.key not in new_keys),
        new=tuple(f for f in new.findings if f.key not in old_keys),
        remaining=tuple(f for f in new.findings if f.key in old_keys),
        before=old,
        after=new,
        problems_resolved=tuple(p for p in old.problems if p.key not in new_problems),
        problems_new=tuple(p for p in new.problems if p.key not in old_problems),
        problems_remaining=tuple(
            (p, tuple(k for k in old_problems[p.key].findings if k not in new_keys))
            for p in new.problems
            if p.key in old_problems
        ),
    )
