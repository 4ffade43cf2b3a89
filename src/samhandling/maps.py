"""The interactive maps: a collaboration map -> node/edge data -> one offline HTML page.

Two pictures of the same map:

``view="two_mode"``
    actors (dots, coloured by sector) and forums (grey squares for system level,
    diamonds for individual level), linked by memberships (dashed for
    ``ved_behov``/``observator``) and by relations (dark arrows; solid when
    formalised, dashed when informal).
``view="actors"``
    actors only, linked where they collaborate (a shared standing forum or a
    relation, ``analysis.md`` "Graph model"): solid when the collaboration is
    structured, dashed when not, dotted grey when only weak.

:func:`map_elements` returns plain node/edge/legend data (dicts of built-in types,
built from an allowlist of keys — nothing from the file is forwarded as a drawing
option), with positions computed in Python (:func:`samhandling.layout.compute_layout`)
so the browser runs no physics. :func:`render_map_html` wraps it in one
self-contained page: vis-network inlined, data as escaped JSON, a legend built
with ``textContent`` and a Content-Security-Policy that forbids any network use.
:func:`diff_elements` and :func:`render_diff_html` draw a before/after comparison.

This is the only module that touches pyvis, and only to read the vis-network file
it ships: pyvis itself is never imported (its template is neither offline nor
injection-safe, ``pitfalls.md`` §1–3).
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import html
import importlib.util
import json
import math
import numbers
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from samhandling.i18n import language, t
from samhandling.layout import compute_layout
from samhandling.model import Actor, CollaborationMap, Forum
from samhandling.palette import FORUM_EDGE, FORUM_FACE, SECTOR_COLOURS, UNKNOWN_SECTOR
from samhandling.vocabulary import MEETINGS_PER_MONTH, SECTORS, STANDING_ROLES, WEAK_ROLES, label

__all__ = [
    "MapFilters",
    "MapElements",
    "map_elements",
    "diff_elements",
    "render_map_html",
    "render_diff_html",
    "render_elements_html",
    "compute_layout",
    "SECTOR_COLOURS",
]

_UNKNOWN_SECTOR = UNKNOWN_SECTOR
_FORUM = (FORUM_FACE, FORUM_EDGE)
_GROUP = ("#F4F4F4", "#777777")
_MEMBERSHIP = "#9E9E9E"
_RELATION = "#2B2B2B"
_LINK_STRUCTURED = "#2B2B2B"
_LINK_UNSTRUCTURED = "#6E6E6E"
_LINK_WEAK = "#BDBDBD"
# Diff colours (Okabe–Ito): bluish green, vermillion, orange; unchanged recedes to grey.
_DIFF = {
    "added": ("#009E73", "#00694D"),
    "removed": ("#F4F4F4", "#D55E00"),
    "changed": ("#E69F00", "#8F6300"),
    "same": ("#DADADA", "#9A9A9A"),
}
_FADED_FONT = "#A0A0A0"
_DASHES = [6, 5]
_DOTS = [2, 4]
_GROUP_PREFIX = "group:"
_LABEL_CHARS = 28
_TITLE_NAMES = 8


@lru_cache(maxsize=1024)
def _raw_text(lang: str, key: str) -> Any:
    return t(key)


# The language is read once per public call (it is process-wide: $SAMHANDLING_LANG).
_LANGUAGE = [language()]


def _t(key: str, /, **values: Any) -> str:
    """:func:`samhandling.i18n.t`, memoised: a big map asks for the same few texts 50,000 times."""
    text = _raw_text(_LANGUAGE[0], key)
    return text.format(**values) if values else text


@lru_cache(maxsize=8192)
def _raw_label(lang: str, vocabulary: str, word: str) -> str:
    return label(vocabulary, word)


def _label(vocabulary: str, word: str) -> str:
    return _raw_label(_LANGUAGE[0], vocabulary, word)


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


@dataclass(frozen=True)
class MapElements:
    """Everything the browser needs: vis-network nodes and edges, legend, positions.

    ``positions`` (``{id: (x, y)}``) can be passed back as ``positions=`` so the next
    picture keeps nodes in place. ``groups`` lists the collapsed group keys (pass
    some as ``expand=`` to open them); ``caption`` is a sentence for the user.
    """

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    positions: dict[str, tuple[float, float]]
    groups: tuple[str, ...] = ()
    caption: str = ""


# --------------------------------------------------------------------------- building


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
    data: dict[str, Any] = field(default_factory=dict)


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
    for m in cmap.memberships:
        key = f"m:{m.forum}|{m.actor}"
        if key not in seen:
            seen.add(key)
            edges.append(_Edge(key, m.actor, m.forum, "membership", {"role": m.role}))
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


# --------------------------------------------------------------------------- measures


def _forum_hours(fo: Forum) -> float:
    return MEETINGS_PER_MONTH.get(fo.frequency, 1 / 3) * max(0.0, float(fo.duration_hours))


def _metric_from_analysis(analysis: Any, actor_id: str, keys: tuple[str, ...]) -> float | None:
    actors = getattr(analysis, "metrics", {}).get("actors", {}) if analysis is not None else {}
    row = actors.get(actor_id) if isinstance(actors, Mapping) else None
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
    members = cmap.members_of
    out: dict[str, float] = {}
    if size_by == "hours":
        for fo in cmap.forums:
            out[fo.id] = _forum_hours(fo)
        for a in cmap.actors:
            found = _metric_from_analysis(analysis, a.id, ("meeting_hours", "meeting_hours_per_month", "hours"))
            if found is None:
                forum_by_id = cmap.forum_by_id
                found = sum(
                    _forum_hours(forum_by_id[m.forum])
                    for m in cmap.forums_of.get(a.id, ())
                    if m.role in STANDING_ROLES and m.forum in forum_by_id
                )
            out[a.id] = found
        return out
    for fo in cmap.forums:
        out[fo.id] = float(len(members.get(fo.id, ())))
    keys = ("connections", "degree") if size_by == "connections" else ("betweenness",)
    fallback: dict[str, float] | None = None
    for a in cmap.actors:
        found = _metric_from_analysis(analysis, a.id, keys)
        if found is None:
            if fallback is None:
                fallback = _fallback_measure(cmap, size_by, seed)
            found = fallback.get(a.id, 0.0)
        out[a.id] = found
    return out


def _fallback_measure(cmap: CollaborationMap, size_by: str, seed: int) -> dict[str, float]:
    """Connections or betweenness of each actor when no analysis was given."""
    if size_by == "connections":
        # Distinct actors shared with in a standing forum or linked by a relation.
        partners: dict[str, set[str]] = {a.id: set() for a in cmap.actors}
        for members in cmap.members_of.values():
            standing = [m.actor for m in members if m.role in STANDING_ROLES]
            if len(standing) > 1:
                for actor in standing:
                    partners.setdefault(actor, set()).update(standing)
        for r in cmap.relations:
            partners.setdefault(r.source, set()).add(r.target)
            partners.setdefault(r.target, set()).add(r.source)
        return {a: float(len(others - {a})) for a, others in partners.items()}
    G = _collaboration_network(cmap)
    strong = nx.Graph()
    strong.add_nodes_from(G.nodes)
    strong.add_edges_from((u, v) for u, v, d in G.edges(data=True) if not d.get("weak"))
    k = min(len(strong), 300) if len(strong) > 300 else None
    return {str(n): float(v) for n, v in nx.betweenness_centrality(strong, k=k, seed=seed).items()}


# --------------------------------------------------------------------------- styling


def _plain(value: Any) -> Any:
    """Coerce to JSON-safe built-ins: str/int/float/bool/None, lists and str-keyed dicts."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else 0.0
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    # Subclasses and foreign types (numpy numbers, pandas NA...): built-ins or their text.
    if isinstance(value, bool | numbers.Integral):
        return int(value) if not isinstance(value, bool) else bool(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else 0.0
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _fade(colour: str, amount: float = 0.72) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_TITLE_NAMES])
    if len(items) > _TITLE_NAMES:
        shown += " " + _t("maps.title.more", count=len(items) - _TITLE_NAMES)
    return shown


@lru_cache(maxsize=4096)
def _actor_block(lang: str, kind: str, category: str, sector: str, municipality: str, level: str, ages: tuple) -> str:
    """The lines of an actor's hover text that many actors share (memoised)."""
    lines = [f"{_t('maps.title.actor')} · {_label('actor_type', kind)}"]
    if category:
        lines.append(_t("maps.title.category", value=_label("category", category)))
    lines.append(_t("maps.title.sector", value=_label("sector", sector)))
    if municipality:
        lines.append(_t("maps.title.municipality", value=municipality))
    if level != "kommune":
        lines.append(_t("maps.title.admin_level", value=_label("admin_level", level)))
    lines.append(_t("maps.title.ages", lo=ages[0], hi=ages[1]))
    return "\n".join(lines)


def _actor_title(a: Actor, cmap: CollaborationMap, measure: float, size_by: str) -> str:
    """Plain-text hover: name, what it is, where, ages, forums (and the size measure)."""
    lines = [a.name, _actor_block(_LANGUAGE[0], a.type, a.category, a.sector, a.municipality, a.admin_level,
                                  (a.age_from, a.age_to))]
    if a.belongs_to:
        owner = cmap.actor_by_id.get(a.belongs_to)
        lines.append(_t("maps.title.belongs_to", value=owner.name if owner else a.belongs_to))
    if a.description:
        lines.append(" ".join(str(a.description).split()))
    forum_by_id = cmap.forum_by_id
    forums = [forum_by_id[m.forum].name for m in cmap.forums_of.get(a.id, ()) if m.forum in forum_by_id]
    if forums:
        lines.append(_t("maps.title.forums", count=len(forums), names=_names(forums)))
    if size_by == "hours":
        lines.append(_t("maps.title.hours", value=_number(measure)))
    elif size_by == "betweenness":
        lines.append(_t("maps.title.betweenness", value=f"{measure:.2f}".replace(".", ",")))
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def _forum_block(lang: str, kind: str, level: str, frequency: str, hours: float, mandate: bool, ages: tuple) -> str:
    """The lines of a forum's hover text that many forums share (memoised)."""
    return "\n".join(
        [
            f"{_t('maps.title.forum')} · {_label('forum_type', kind)}",
            _t("maps.title.level", value=_label("level", level)),
            _t("maps.title.meets", value=_label("frequency", frequency), hours=_number(hours)),
            _t("maps.title.mandate_yes") if mandate else _t("maps.title.mandate_no"),
            _t("maps.title.ages", lo=ages[0], hi=ages[1]),
        ]
    )


def _forum_title(fo: Forum, cmap: CollaborationMap) -> str:
    """Plain-text hover: name, type, level, how often, leader, mandate, ages, members."""
    actor_by_id = cmap.actor_by_id
    lines = [fo.name, _forum_block(_LANGUAGE[0], fo.type, fo.level, fo.frequency, float(fo.duration_hours),
                                   bool(fo.has_mandate), (fo.age_from, fo.age_to))]
    if fo.leader:
        leader = actor_by_id.get(fo.leader)
        lines.append(_t("maps.title.leader", value=leader.name if leader else fo.leader))
    names = [actor_by_id[m.actor].name for m in cmap.members_of.get(fo.id, ()) if m.actor in actor_by_id]
    if names:
        lines.append(_t("maps.title.members", count=len(names), names=_names(names)))
    return "\n".join(lines)


def _group_title(n: _Node, actor_ids: Mapping[str, Any]) -> str:
    actors = sum(1 for m in n.members if m in actor_ids)
    return "\n".join(
        [
            _t("maps.title.group", name=n.name),
            _t("maps.title.group_counts", actors=actors, forums=len(n.members) - actors),
            _t("maps.title.group_hint"),
        ]
    )


@lru_cache(maxsize=64)
def _role_line(lang: str, role: str) -> str:
    return _t("maps.title.role", value=_label("role", role))


def _edge_title(e: _Edge, names: Mapping[str, str]) -> str:
    a, b = names.get(e.a, e.a), names.get(e.b, e.b)
    if e.kind == "membership":
        return f"{a} – {b}\n{_role_line(_LANGUAGE[0], e.data['role'])}"
    if e.kind == "relation":
        r = e.data["relation"]
        lines = [_t("maps.title.relation", type=_label("relation_type", r.type), source=a, target=b)]
        lines.append(_t("maps.title.formalised") if r.formalised else _t("maps.title.informal"))
        if r.description:
            lines.append(" ".join(str(r.description).split()))
        return "\n".join(lines)
    if e.kind == "group_link":
        return f"{a} – {b}\n" + _t("maps.title.group_link", count=e.data["count"])
    lines = [f"{a} – {b}"]
    forums = [names.get(f, f) for f in e.data.get("forums", ())]
    if forums:
        lines.append(_t("maps.title.shared_forums", names=_names(forums)))
    relations = [_label("relation_type", r.type) for r in e.data.get("relations", ())]
    if relations:
        lines.append(_t("maps.title.relations", names=", ".join(relations)))
    if e.data.get("weak"):
        lines.append(_t("maps.title.weak"))
    lines.append(_t("maps.title.structured") if e.data.get("structured") else _t("maps.title.unstructured"))
    return "\n".join(lines)


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
    return {i: round(lo + (hi - lo) * math.sqrt(values.get(i, 0.0) - vmin) / span, 1) for i in ids}


def _node_style(n: _Node, status: str | None) -> tuple[str, str, str, bool]:
    """(shape, background, border, dashed border) for a node."""
    if n.kind == "group":
        shape, (bg, border) = "hexagon", _GROUP
        if n.name and not status:
            key = n.id.removeprefix(_GROUP_PREFIX)
            if key in SECTOR_COLOURS and n.name == _label("sector", key):
                bg = _fade(SECTOR_COLOURS[key], 0.45)
    elif n.kind == "forum":
        shape = "diamond" if n.obj.level == "individ" else "square"  # type: ignore[union-attr]
        bg, border = _FORUM
    else:
        shape = "dot"
        bg = SECTOR_COLOURS.get(n.obj.sector, _UNKNOWN_SECTOR)  # type: ignore[union-attr]
        border = "#333333"
    if status:
        bg, border = _DIFF[status]
    return shape, bg, border, status == "removed"


def _edge_style(e: _Edge) -> tuple[str, str, float, Any, bool]:
    """(legend key, colour, width, dashes, arrow) for an edge."""
    if e.kind == "membership":
        role = e.data["role"]
        if role in WEAK_ROLES:
            return "membership_weak", _MEMBERSHIP, 1.2, _DOTS, False
        return "membership", _MEMBERSHIP, 2.0 if role == "leder" else 1.2, False, False
    if e.kind == "relation":
        if e.data["relation"].formalised:
            return "relation_formal", _RELATION, 2.2, False, True
        return "relation_informal", _RELATION, 2.2, _DASHES, True
    if e.kind == "group_link":
        # Light: between groups nearly everything links, the groups themselves are the message.
        return "group_link", _LINK_WEAK, round(1 + math.log2(e.data["count"]) / 2, 1), False, False
    if e.data.get("weak"):
        return "link_weak", _LINK_WEAK, 1.0, _DOTS, False
    width = 1.2 + 0.6 * min(4, len(e.data.get("forums", ())) + len(e.data.get("relations", ())) - 1)
    if e.data.get("structured"):
        return "link_structured", _LINK_STRUCTURED, width, False, False
    return "link_unstructured", _LINK_UNSTRUCTURED, width, _DASHES, False


def _legend(
    nodes: list[_Node], styles: Mapping[str, tuple[str, bool]], highlight: bool, diff: bool
) -> list[dict[str, Any]]:
    """Legend rows for what is on the map; ``styles`` maps an edge legend key to (colour, dashed)."""
    items: list[dict[str, Any]] = []

    def add(symbol: str, text: str, colour: str, border: str = "#333333", dashes: bool = False) -> None:
        items.append({"symbol": symbol, "label": text, "color": colour, "border": border, "dashes": dashes})

    if diff:
        for status in ("added", "removed", "changed", "same"):
            bg, border = _DIFF[status]
            add("dot", _t(f"maps.legend.diff_{'unchanged' if status == 'same' else status}"), bg, border,
                status == "removed")
    else:
        sectors = {n.obj.sector for n in nodes if n.kind == "actor"}  # type: ignore[union-attr]
        for sector in [s for s in SECTORS if s in sectors] + sorted(sectors - set(SECTORS)):
            add("dot", _label("sector", sector), SECTOR_COLOURS.get(sector, _UNKNOWN_SECTOR))
    levels = {n.obj.level for n in nodes if n.kind == "forum"}  # type: ignore[union-attr]
    for level, symbol in (("system", "square"), ("individ", "diamond")):
        if level in levels:
            add(symbol, _t(f"maps.legend.forum_{level}"), _FORUM[0], _FORUM[1])
    if any(n.kind == "group" for n in nodes):
        add("hexagon", _t("maps.legend.group"), _GROUP[0], _GROUP[1])
    order = ("membership", "membership_weak", "relation_formal", "relation_informal",
             "link_structured", "link_unstructured", "link_weak", "group_link")
    for key in order:
        if key in styles:
            colour, dashes = styles[key]
            add("line", _t(f"maps.legend.{key}"), colour, colour, dashes)
    if highlight:
        add("dot", _t("maps.legend.highlighted"), "#FFFFFF", "#000000")
    return items


def _elements(
    cmap: CollaborationMap,
    *,
    view: str,
    analysis: Any,
    size_by: str,
    highlight: Iterable[str],
    positions: Mapping[str, tuple[float, float]] | None,
    filters: MapFilters | None,
    group_above: int,
    expand: Iterable[str],
    seed: int,
    status: Mapping[str, str] | None = None,
) -> MapElements:
    _LANGUAGE[0] = language()
    filters = filters or MapFilters()
    sub = cmap if filters == MapFilters() else _filter_map(cmap, filters)
    nodes, edges = _view(sub, view)
    caption = ""
    if filters.focus:
        nodes, edges = _focus(nodes, edges, filters.focus, filters.radius)
        focused = sub.actor_by_id.get(filters.focus) or sub.forum_by_id.get(filters.focus)
        if focused is not None:
            caption = _t("maps.caption.focus", name=focused.name, radius=filters.radius)
    groups: tuple[str, ...] = ()
    total = len(nodes)
    if total > group_above:
        nodes, edges, groups, by = _group(nodes, edges, expand)
        caption = _t("maps.caption.grouped", count=total, by=by)
    if not nodes:
        caption = _t("maps.caption.empty")
    layout = compute_layout([n.id for n in nodes], [(e.a, e.b) for e in edges], seed=seed, previous=positions)
    measures = _measures(sub, analysis, size_by, seed)
    sizes = _scaled(measures, [n.id for n in nodes if n.kind == "actor"], 12, 34)
    sizes |= _scaled(measures, [n.id for n in nodes if n.kind == "forum"], 10, 24)
    sizes |= _scaled({n.id: float(len(n.members)) for n in nodes if n.kind == "group"},
                     [n.id for n in nodes if n.kind == "group"], 22, 48)
    marked = {str(h) for h in highlight}
    if marked:
        marked |= {n.id for n in nodes if n.kind == "group" and marked.intersection(n.members)}
    names: dict[str, str] = {a.id: a.name for a in sub.actors} | {f.id: f.name for f in sub.forums}
    names |= {n.id: n.name for n in nodes if n.kind == "group"}
    status = status or {}

    out_nodes: list[dict[str, Any]] = []
    for n in nodes:
        node_status = status.get(n.id)
        if n.kind == "group" and status:
            node_status = "changed" if any(status.get(m, "same") != "same" for m in n.members) else "same"
        shape, bg, border, dashed = _node_style(n, node_status)
        if n.kind == "actor":
            title = _actor_title(n.obj, sub, measures.get(n.id, 0.0), size_by)  # type: ignore[arg-type]
            text = _short(n.obj.name)  # type: ignore[union-attr]
        elif n.kind == "forum":
            title, text = _forum_title(n.obj, sub), _short(n.obj.name)  # type: ignore[arg-type, union-attr]
        else:
            title, text = _group_title(n, sub.actor_by_id), f"{_short(n.name)} ({len(n.members)})"
        if node_status:
            title += "\n" + _t("maps.title.diff", value=_t(f"maps.legend.diff_{'unchanged' if node_status == 'same' else node_status}"))
        faded = bool(marked) and n.id not in marked
        font = {"color": _FADED_FONT if faded else "#1A1A1A", "size": 16 if n.kind == "group" else 13}
        x, y = layout[n.id]
        # Only these keys, each coerced to a built-in type (nothing forwarded from the file).
        node: dict[str, Any] = {
            "id": str(n.id),
            "label": str(text),
            "title": str(title),
            "kind": n.kind,
            "shape": shape,
            "size": float(sizes.get(n.id, 16.0)),
            # Selection and hover only thicken the border (a `chosen` function in the page).
            "color": {"background": _fade(bg) if faded else bg, "border": _fade(border) if faded else border},
            "borderWidth": 4 if n.id in marked else (2 if node_status else 1),
            "x": float(x),
            "y": float(y),
        }
        if faded or n.kind == "group":
            node["font"] = font
        if dashed:
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        out_nodes.append(node)

    out_edges: list[dict[str, Any]] = []
    styles: dict[str, tuple[str, bool]] = {}
    for e in edges:
        key, colour, width, dashes, arrow = _edge_style(e)
        if key not in styles:
            styles[key] = (colour, bool(dashes))
        edge_status = status.get(e.id)
        if edge_status and edge_status != "same":
            colour = _DIFF[edge_status][1] if edge_status != "removed" else _fade(_DIFF["removed"][1], 0.35)
            width = max(width, 2.5)
            dashes = _DASHES if edge_status == "removed" else dashes
        elif status:
            colour = _fade(colour, 0.5)
        faded = bool(marked) and not (e.a in marked or e.b in marked)
        title = _edge_title(e, names)
        if edge_status:
            title += "\n" + _t("maps.title.diff", value=_t(f"maps.legend.diff_{'unchanged' if edge_status == 'same' else edge_status}"))
        edge: dict[str, Any] = {
            "id": str(e.id),
            "from": str(e.a),
            "to": str(e.b),
            "kind": e.kind,
            "title": str(title),
            "color": _fade(colour, 0.8) if faded else colour,
            "width": float(width),
        }
        if dashes:
            edge["dashes"] = list(dashes)
        if arrow:
            edge["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
        out_edges.append(edge)

    return MapElements(
        nodes=out_nodes,
        edges=out_edges,
        legend=[_plain(i) for i in _legend(nodes, styles, bool(marked), bool(status))],
        positions={str(k): (float(x), float(y)) for k, (x, y) in layout.items()},
        groups=groups,
        caption=caption,
    )


def map_elements(
    cmap: CollaborationMap,
    *,
    view: str = "two_mode",
    analysis: Any = None,
    size_by: str = "connections",
    highlight: Iterable[str] = frozenset(),
    positions: Mapping[str, tuple[float, float]] | None = None,
    filters: MapFilters | None = None,
    group_above: int = 300,
    expand: Iterable[str] = (),
    seed: int = 7,
) -> MapElements:
    """Return the nodes, edges, legend and positions of one picture of ``cmap``.

    Parameters
    ----------
    cmap : CollaborationMap
    view : ``"two_mode"`` (actors and forums) or ``"actors"`` (who collaborates with whom)
    analysis : an :class:`samhandling.analysis.Analysis`; its ``metrics["actors"]``
        give the sizes when present, otherwise they are computed here.
    size_by : ``"connections"`` (actors collaborated with; members for a forum),
        ``"hours"`` (standing meeting hours per month) or ``"betweenness"``.
    highlight : node ids drawn with a thick border; everything else is faded.
    positions : the ``positions`` of an earlier picture, so nodes stay in place.
    filters : a :class:`MapFilters`.
    group_above : with more visible nodes than this, nodes are grouped per kommune
        (per sector when no actor has a kommune) into one node each.
    expand : group keys (or group node ids ``"group:<key>"``) to show opened.
    seed : layout seed.

    Raises
    ------
    ValueError
        For an unknown ``view`` or ``size_by``.
    """
    return _elements(
        cmap, view=view, analysis=analysis, size_by=size_by, highlight=highlight, positions=positions,
        filters=filters, group_above=group_above, expand=expand, seed=seed,
    )


# --------------------------------------------------------------------------- diff


def _union(before: CollaborationMap, after: CollaborationMap) -> CollaborationMap:
    """Everything in ``after`` plus what ``before`` had and ``after`` lost (shown in place)."""
    a_ids = {a.id for a in after.actors}
    f_ids = {f.id for f in after.forums}
    m_keys = {(m.forum, m.actor) for m in after.memberships}
    r_keys = {(r.source, r.target, r.type) for r in after.relations}
    return after.with_changes(
        actors=after.actors + tuple(a for a in before.actors if a.id not in a_ids),
        forums=after.forums + tuple(f for f in before.forums if f.id not in f_ids),
        memberships=after.memberships
        + tuple(m for m in before.memberships if (m.forum, m.actor) not in m_keys),
        relations=after.relations
        + tuple(r for r in before.relations if (r.source, r.target, r.type) not in r_keys),
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
    old_r = {f"r:{r.source}|{r.target}|{r.type}": r for r in before.relations}
    new_r = {f"r:{r.source}|{r.target}|{r.type}": r for r in after.relations}
    return status | _status(old_r, new_r)


def diff_elements(before: CollaborationMap, after: CollaborationMap, **kwargs: Any) -> MapElements:
    """Return one picture of both versions: added green, removed faint and dashed, changed amber.

    Actors and forums are matched by id, memberships by (forum, actor) and
    relations by (from, to, type), as in ``samhandling compare``. Removed items are
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


# --------------------------------------------------------------------------- HTML

_PLACEHOLDER = re.compile(r"%%([A-Z_]+)%%")
_VIS_FILE = "templates/lib/vis-9.1.2/vis-network.min.js"


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    """vis-network's minified JS, read from the pyvis wheel without importing pyvis."""
    bundled = resources.files("samhandling") / "assets" / "vis-network.min.js"
    if bundled.is_file():
        return bundled.read_text(encoding="utf-8")
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vis-network is missing: install pyvis (it ships vis-network.min.js)")
    return (Path(next(iter(spec.submodule_search_locations))) / _VIS_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> str:
    return (resources.files("samhandling") / "assets" / "map.html").read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes."""
    # ASCII output is faster to encode and escapes U+2028/2029 too.
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, check_circular=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_elements_html(elements: MapElements, *, title: str = "") -> str:
    """Return one self-contained, offline HTML page that draws ``elements``.

    vis-network is inlined; the data sits in a ``<script type="application/json">``
    with ``<``, ``>`` and ``&`` escaped; the legend is built with ``textContent``;
    a Content-Security-Policy allows only the page's own two scripts (by nonce),
    inline styles and ``data:`` images, so nothing can be fetched or sent.
    """
    _LANGUAGE[0] = language()
    title = title or _t("maps.page.default_title")
    data = _script_json(
        {
            "nodes": elements.nodes,
            "edges": elements.edges,
            "legend": elements.legend,
            "caption": elements.caption,
            "legendHeading": _t("maps.page.legend_heading"),
            "big": len(elements.nodes) > 500,
        }
    )
    # Derived from the content: stable output, and no label can predict it (it hashes itself).
    nonce = base64.b64encode(hashlib.sha256(data.encode("utf-8")).digest()[:18]).decode("ascii")
    values = {
        "NONCE": nonce,
        "TITLE": html.escape(title),
        "NOSCRIPT": html.escape(_t("maps.page.noscript")),
        "DATA": data,
        "VIS_JS": _vis_network_js(),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _template())


def render_map_html(cmap: CollaborationMap, *, title: str | None = None, **kwargs: Any) -> str:
    """Return the map as one self-contained offline HTML page (see :func:`map_elements`)."""
    elements = map_elements(cmap, **kwargs)
    return render_elements_html(elements, title=title or cmap.info.title or _t("maps.page.default_title"))


def render_diff_html(
    before: CollaborationMap, after: CollaborationMap, *, title: str | None = None, **kwargs: Any
) -> str:
    """Return the before/after picture of :func:`diff_elements` as one offline HTML page."""
    elements = diff_elements(before, after, **kwargs)
    name = title or after.info.title or before.info.title or _t("maps.page.default_title")
    return render_elements_html(elements, title=_t("maps.page.diff_title", title=name))
