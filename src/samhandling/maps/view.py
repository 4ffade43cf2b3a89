"""Which nodes and edges one picture shows: filter the map, pick the view, focus, group.

:class:`MapFilters` is what the user chose to see. The steps run in this order in
:func:`samhandling.maps.map_elements`: :func:`_filter_map` keeps part of the map,
:func:`_view` turns it into nodes and edges (``two_mode`` or ``actors``),
:func:`_focus` keeps a neighbourhood and :func:`_group` collapses big pictures into
one node per kommune (or sector).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from samhandling.maps.text import _label, _t
from samhandling.model import Actor, CollaborationMap, Forum
from samhandling.vocabulary import WEAK_ROLES

__all__ = ["MapFilters", "_Node", "_Edge", "_GROUP_PREFIX", "_filter_map", "_collaboration_network", "_view",
           "_focus", "_group"]

_GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class MapFilters:
    """What the user chose to see; empty/``None`` fields do not filter.

    ``sectors``, ``municipalities`` and ``ages`` (an inclusive ``(lo, hi)``) keep the
    actors that match (ages: whose range overlaps) and the forums that still have
    a member shown. ``level`` (``individ``/``system``), ``forum_types`` and ``ages``
    keep matching forums (``level`` also keeps relations of that level); actors
    left with no link by these forum filters are hidden too.
    ``show_on_demand_members=False`` hides ``ved_behov``/``observator`` memberships.
    ``focus`` (an actor or forum id) shows only its neighbourhood: nodes at most
    ``radius`` collaboration steps away (actor–forum–actor and a relation each
    count as one step).
    """

    sectors: frozenset[str] = frozenset()
    municipalities: frozenset[str] = frozenset()
    level: str | None = None
    forum_types: frozenset[str] = frozenset()
    ages: tuple[int, int] | None = None
    show_on_demand_members: bool = True
    focus: str | None = None
    radius: int = 1

    def __post_init__(self) -> None:
        for name in ("sectors", "municipalities", "forum_types"):
            object.__setattr__(self, name, frozenset(getattr(self, name) or ()))
        if self.ages is not None:
            lo, hi = self.ages
            object.__setattr__(self, "ages", (int(lo), int(hi)))
        object.__setattr__(self, "radius", max(0, int(self.radius)))


@dataclass(slots=True)
class _Node:
    id: str
    kind: str  # actor | forum | group
    obj: Actor | Forum | None = None
    members: tuple[str, ...] = ()  # a group's node ids
    name: str = ""  # a group's display name


@dataclass(slots=True)
class _Edge:
    id: str
    a: str
    b: str
    kind: str  # membership | relation | link | group_link
    data: dict[str, Any] = field(default_factory=dict)  # read only: memberships of one role share theirs


def _filter_map(cmap: CollaborationMap, f: MapFilters) -> CollaborationMap:
    """The part of the map the filters keep (a smaller :class:`CollaborationMap`)."""

    def ages_overlap(obj: Actor | Forum) -> bool:
        return f.ages is None or (obj.age_from <= f.ages[1] and obj.age_to >= f.ages[0])

    actors = [
        a
        for a in cmap.actors
        if (not f.sectors or a.sector in f.sectors)
        and (not f.municipalities or a.municipality in f.municipalities)
        and ages_overlap(a)
    ]
    forums = [
        fo
        for fo in cmap.forums
        if (f.level is None or fo.level == f.level)
        and (not f.forum_types or fo.type in f.forum_types)
        and ages_overlap(fo)
    ]
    actor_ids = {a.id for a in actors}
    forum_ids = {fo.id for fo in forums}
    memberships = [
        m
        for m in cmap.memberships
        if m.actor in actor_ids
        and m.forum in forum_ids
        and (f.show_on_demand_members or m.role not in WEAK_ROLES)
    ]
    relations = [
        r
        for r in cmap.relations
        if r.source in actor_ids and r.target in actor_ids and (f.level is None or r.level == f.level)
    ]
    if f.sectors or f.municipalities or f.ages is not None:
        had_members = {m.forum for m in cmap.memberships}
        still = {m.forum for m in memberships}
        forums = [fo for fo in forums if fo.id in still or fo.id not in had_members]
    if f.level is not None or f.forum_types:
        linked = {m.actor for m in memberships if m.forum in {fo.id for fo in forums}}
        linked |= {r.source for r in relations} | {r.target for r in relations}
        actors = [a for a in actors if a.id in linked]
    return cmap.with_changes(
        actors=tuple(actors), forums=tuple(forums), memberships=tuple(memberships), relations=tuple(relations)
    )


def _collaboration_network(cmap: CollaborationMap) -> nx.Graph:
    from samhandling.graph import collaboration_network

    return collaboration_network(cmap)


def _view(cmap: CollaborationMap, view: str) -> tuple[list[_Node], list[_Edge]]:
    """Nodes and edges of one of the two pictures, before focus and grouping."""
    if view not in ("two_mode", "actors"):
        raise ValueError(f"view must be 'two_mode' or 'actors', not {view!r}")
    nodes = [_Node(a.id, "actor", a) for a in cmap.actors]
    edges: list[_Edge] = []
    if view == "actors":
        G = _collaboration_network(cmap)
        for u, v, d in G.edges(data=True):
            a, b = sorted((str(u), str(v)))
            edges.append(_Edge(f"l:{a}|{b}", a, b, "link", dict(d)))
        edges.sort(key=lambda e: e.id)
        return nodes, edges
    nodes += [_Node(fo.id, "forum", fo) for fo in cmap.forums]
    seen: set[str] = set()
    add = edges.append
    role_data: dict[str, dict[str, Any]] = {}  # one (read-only) data dict per role: memberships are most edges
    for m in cmap.memberships:
        key = f"m:{m.forum}|{m.actor}"
        if key not in seen:
            seen.add(key)
            data = role_data.get(m.role)
            if data is None:
                data = role_data[m.role] = {"role": m.role}
            add(_Edge(key, m.actor, m.forum, "membership", data))
    for r in cmap.relations:
        if r.source == r.target:
            continue
        key, n = f"r:{r.source}|{r.target}|{r.type}", 2
        while key in seen:
            key, n = f"r:{r.source}|{r.target}|{r.type}#{n}", n + 1
        seen.add(key)
        edges.append(_Edge(key, r.source, r.target, "relation", {"relation": r}))
    return nodes, edges


def _focus(nodes: list[_Node], edges: list[_Edge], focus: str, radius: int) -> tuple[list[_Node], list[_Edge]]:
    """Keep what lies within ``radius`` steps of ``focus`` (a membership is half a step)."""
    ids = {n.id for n in nodes}
    if focus not in ids:
        return [], []
    adjacency: dict[str, list[tuple[str, int]]] = {}
    for e in edges:
        cost = 1 if e.kind == "membership" else 2
        adjacency.setdefault(e.a, []).append((e.b, cost))
        adjacency.setdefault(e.b, []).append((e.a, cost))
    limit = 2 * radius
    best = {focus: 0}
    queue = [(0, focus)]
    while queue:
        d, node = heapq.heappop(queue)
        if d > best.get(node, math.inf):
            continue
        for other, cost in adjacency.get(node, ()):
            nd = d + cost
            if nd <= limit and nd < best.get(other, math.inf):
                best[other] = nd
                heapq.heappush(queue, (nd, other))
    return [n for n in nodes if n.id in best], [e for e in edges if e.a in best and e.b in best]


def _group(
    nodes: list[_Node], edges: list[_Edge], expand: Iterable[str]
) -> tuple[list[_Node], list[_Edge], tuple[str, ...], str]:
    """Collapse nodes into one node per kommune (or per sector when no actor has one)."""
    actors = [n.obj for n in nodes if n.kind == "actor"]
    by_municipality = any(a.municipality for a in actors)  # type: ignore[union-attr]

    def actor_key(a: Actor) -> str:
        return a.municipality if by_municipality else a.sector

    key_of: dict[str, str] = {n.id: actor_key(n.obj) for n in nodes if n.kind == "actor"}  # type: ignore[arg-type]
    votes: dict[str, Counter[str]] = {}
    for e in edges:
        if e.kind == "membership":
            votes.setdefault(e.b, Counter())[key_of.get(e.a, "")] += 1
    for n in nodes:
        if n.kind == "forum":
            counted = votes.get(n.id)
            key_of[n.id] = min(counted, key=lambda k: (-counted[k], k)) if counted else ""
    opened = {str(x).removeprefix(_GROUP_PREFIX) for x in expand}
    members: dict[str, list[str]] = {}
    for n in nodes:
        members.setdefault(key_of[n.id], []).append(n.id)
    rep: dict[str, str] = {}
    out_nodes: list[_Node] = []
    collapsed: list[str] = []
    for key in sorted(members):
        if key in opened:
            continue
        collapsed.append(key)
        gid = _GROUP_PREFIX + key
        if by_municipality:
            name = key or _t("maps.title.no_municipality")
        else:
            name = _label("sector", key) if key else _t("maps.title.no_municipality")
        out_nodes.append(_Node(gid, "group", None, tuple(members[key]), name))
        for node_id in members[key]:
            rep[node_id] = gid
    out_nodes += [n for n in nodes if n.id not in rep]
    out_edges: list[_Edge] = []
    counts: Counter[tuple[str, str]] = Counter()
    for e in edges:
        a, b = rep.get(e.a, e.a), rep.get(e.b, e.b)
        if a == e.a and b == e.b:
            out_edges.append(e)
        elif a != b:
            counts[tuple(sorted((a, b)))] += 1  # type: ignore[index]
    for (a, b), count in sorted(counts.items()):
        out_edges.append(_Edge(f"g:{a}|{b}", a, b, "group_link", {"count": count}))
    by = _t("maps.caption.by_municipality") if by_municipality else _t("maps.caption.by_sector")
    return out_nodes, out_edges, tuple(collapsed), by
