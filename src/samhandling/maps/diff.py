"""A before/after comparison drawn as one picture of both versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from samhandling.maps.elements import MapElements, _elements
from samhandling.maps.view import _collaboration_network
from samhandling.model import CollaborationMap

__all__ = ["diff_elements"]


def _union(before: CollaborationMap, after: CollaborationMap) -> CollaborationMap:
    """Everything in ``after`` plus what ``before`` had and ``after`` lost (shown in place)."""
    a_ids = {a.id for a in after.actors}
    f_ids = {f.id for f in after.forums}
    m_keys = {(m.forum, m.actor) for m in after.memberships}
    r_pairs = {(r.source, r.target) for r in after.relations}  # a new type is a change, not a loss
    return after.with_changes(
        actors=after.actors + tuple(a for a in before.actors if a.id not in a_ids),
        forums=after.forums + tuple(f for f in before.forums if f.id not in f_ids),
        memberships=after.memberships
        + tuple(m for m in before.memberships if (m.forum, m.actor) not in m_keys),
        relations=after.relations
        + tuple(r for r in before.relations if (r.source, r.target) not in r_pairs),
        routines=after.routines + tuple(r for r in before.routines if r.id not in after.routine_by_id),
    )


def _status(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in old.keys() | new.keys():
        if key not in old:
            out[key] = "added"
        elif key not in new:
            out[key] = "removed"
        else:
            out[key] = "same" if old[key] == new[key] else "changed"
    return out


def _diff_status(before: CollaborationMap, after: CollaborationMap, view: str) -> dict[str, str]:
    status = _status(before.actor_by_id, after.actor_by_id)
    status |= _status(before.forum_by_id, after.forum_by_id)
    if view == "actors":
        def links(cmap: CollaborationMap) -> dict[str, tuple[bool, bool]]:
            G = _collaboration_network(cmap)
            return {
                "l:{}|{}".format(*sorted((str(u), str(v)))): (bool(d.get("weak")), bool(d.get("structured")))
                for u, v, d in G.edges(data=True)
            }
        return status | _status(links(before), links(after))
    old_m = {f"m:{m.forum}|{m.actor}": m.role for m in before.memberships}
    new_m = {f"m:{m.forum}|{m.actor}": m.role for m in after.memberships}
    status |= _status(old_m, new_m)
    new_r = {f"r:{r.source}|{r.target}|{r.type}": r for r in after.relations}
    by_pair = {(r.source, r.target): key for key, r in new_r.items()}
    old_r: dict[str, Any] = {}
    for r in before.relations:
        key = f"r:{r.source}|{r.target}|{r.type}"
        if key not in new_r and (r.source, r.target) in by_pair:  # same pair, another type: changed
            key = by_pair[(r.source, r.target)]
        old_r.setdefault(key, r)
    return status | _status(old_r, new_r)


def diff_elements(before: CollaborationMap, after: CollaborationMap, **kwargs: Any) -> MapElements:
    """Return one picture of both versions: added green, removed faint and dashed, changed amber.

    Actors and forums are matched by id, memberships by (forum, actor) and
    relations by (from, to, type); a relation whose type changed (same from and to)
    is drawn once, as changed. Removed items are
    drawn where they were. Keyword arguments are those of :func:`map_elements`.
    """
    view = kwargs.pop("view", "two_mode")
    options: dict[str, Any] = {
        "analysis": None, "size_by": "connections", "highlight": frozenset(), "positions": None,
        "filters": None, "group_above": 300, "expand": (), "seed": 7,
    }
    unknown = set(kwargs) - set(options)
    if unknown:
        raise TypeError(f"diff_elements() got unexpected keyword arguments: {sorted(unknown)}")
    options |= kwargs
    return _elements(_union(before, after), view=view, status=_diff_status(before, after, view), **options)
