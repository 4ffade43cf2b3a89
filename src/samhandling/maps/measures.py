"""The number behind each node's size: connections, meeting hours or betweenness."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from samhandling.maps.view import _collaboration_network
from samhandling.model import CollaborationMap, Forum
from samhandling.vocabulary import MEETINGS_PER_MONTH, STANDING_ROLES

__all__ = ["_measures", "_scaled"]


def _forum_hours(fo: Forum) -> float:
    return MEETINGS_PER_MONTH.get(fo.frequency, 1 / 3) * max(0.0, float(fo.duration_hours))


def _analysis_rows(analysis: Any) -> Mapping[str, Any]:
    """The per-actor metric rows of an analysis (empty without one)."""
    actors = getattr(analysis, "metrics", {}).get("actors", {}) if analysis is not None else {}
    return actors if isinstance(actors, Mapping) else {}


def _metric_from_analysis(rows: Mapping[str, Any], actor_id: str, keys: tuple[str, ...]) -> float | None:
    row = rows.get(actor_id)
    if isinstance(row, Mapping):
        for key in keys:
            value = row.get(key)
            if isinstance(value, int | float) and math.isfinite(value):
                return float(value)
    return None


def _measures(cmap: CollaborationMap, analysis: Any, size_by: str, seed: int) -> dict[str, float]:
    """One number per actor and forum that sets its size."""
    if size_by not in ("connections", "hours", "betweenness"):
        raise ValueError(f"size_by must be 'connections', 'hours' or 'betweenness', not {size_by!r}")
    rows = _analysis_rows(analysis)
    out: dict[str, float] = {}
    if size_by == "hours":
        for fo in cmap.forums:
            out[fo.id] = _forum_hours(fo)
        for a in cmap.actors:
            found = _metric_from_analysis(rows, a.id, ("meeting_hours", "meeting_hours_per_month", "hours"))
            if found is None:
                forum_by_id = cmap.forum_by_id
                found = sum(
                    _forum_hours(forum_by_id[m.forum])
                    for m in cmap.forums_of.get(a.id, ())
                    if m.role in STANDING_ROLES and m.forum in forum_by_id
                )
            out[a.id] = found
        return out
    members = Counter(m.forum for m in cmap.memberships)
    for fo in cmap.forums:
        out[fo.id] = float(members.get(fo.id, 0))
    keys = ("connections", "degree") if size_by == "connections" else ("betweenness",)
    fallback: dict[str, float] | None = None
    for a in cmap.actors:
        found = _metric_from_analysis(rows, a.id, keys) if rows else None
        if found is None:
            if fallback is None:
                fallback = _fallback_measure(cmap, size_by, seed)
            found = fallback.get(a.id, 0.0)
        out[a.id] = found
    return out


def _fallback_measure(cmap: CollaborationMap, size_by: str, seed: int) -> dict[str, float]:
    """Connections or betweenness of each actor when no analysis was given."""
    if size_by == "connections":
        # Distinct actors shared with in a standing forum or linked by a relation: per actor, one
        # union of the member lists of its standing forums (and its relations' other ends).
        standing: dict[str, list[str]] = {}
        for m in cmap.memberships:
            if m.role in STANDING_ROLES:
                standing.setdefault(m.forum, []).append(m.actor)
        shared: dict[str, list[Iterable[str]]] = {}
        for members in standing.values():
            if len(members) > 1:
                for actor in members:
                    shared.setdefault(actor, []).append(members)
        for r in cmap.relations:
            shared.setdefault(r.source, []).append((r.target,))
            shared.setdefault(r.target, []).append((r.source,))
        out: dict[str, float] = {}
        for a in cmap.actors:
            lists = shared.get(a.id)
            if lists:
                others = set().union(*lists)
                out[a.id] = float(len(others) - (a.id in others))
            else:
                out[a.id] = 0.0
        return out
    G = _collaboration_network(cmap)
    strong = nx.Graph()
    strong.add_nodes_from(G.nodes)
    strong.add_edges_from((u, v) for u, v, d in G.edges(data=True) if not d.get("weak"))
    k = min(len(strong), 300) if len(strong) > 300 else None
    return {str(n): float(v) for n, v in nx.betweenness_centrality(strong, k=k, seed=seed).items()}


def _scaled(values: dict[str, float], ids: Iterable[str], lo: float, hi: float) -> dict[str, float]:
    ids = list(ids)
    if not ids:
        return {}
    vals = [values.get(i, 0.0) for i in ids]
    vmin, vmax = min(vals), max(vals)
    if vmax - vmin < 1e-12:
        return {i: (lo + hi) / 2 for i in ids}
    # Square root: area, not radius, grows with the measure.
    span = math.sqrt(vmax - vmin)
    # Once per distinct value (a big map's counts repeat), the same expression for each.
    size = {v: round(lo + (hi - lo) * math.sqrt(v - vmin) / span, 1) for v in set(vals)}
    return dict(zip(ids, map(size.__getitem__, vals), strict=True))
