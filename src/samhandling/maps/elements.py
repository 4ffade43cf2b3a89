"""A collaboration map -> plain node/edge/legend data with positions (:func:`map_elements`).

The data are dicts of built-in types, built from an allowlist of keys: nothing from
the file is forwarded as a drawing option. Positions are computed in Python
(:func:`samhandling.maps.layout.compute_layout`) so the browser runs no physics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from samhandling.gcpause import without_gc
from samhandling.i18n import language
from samhandling.maps.disputes import DISPUTED_COLOUR, DISPUTED_DASHES, disputed_edges
from samhandling.maps.labels import FONT, GROUP_FONT, label_box, label_lines, short_names
from samhandling.maps.layout import compute_layout
from samhandling.maps.measures import _measures, _scaled
from samhandling.maps.style import _DASHES, _DIFF, _FADED_FONT, _edge_style, _fade, _legend, _node_style, _plain
from samhandling.maps.text import _LANGUAGE, _t
from samhandling.maps.titles import _group_title, _Titles
from samhandling.maps.view import MapFilters, _filter_map, _focus, _group, _view
from samhandling.model import CollaborationMap

__all__ = ["GROUP_ABOVE", "MapElements", "map_elements", "packed_elements", "_elements"]


@dataclass(frozen=True)
class MapElements:
    """Everything the browser needs: vis-network nodes and edges, legend, positions.

    ``positions`` (``{id: (x, y)}``) can be passed back as ``positions=`` so the next
    picture keeps nodes in place. ``groups`` lists the collapsed group keys (pass
    some as ``expand=`` to open them) and ``group_members`` the node ids inside each
    group node; ``caption`` is a sentence for the user.
    """

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    positions: dict[str, tuple[float, float]]
    groups: tuple[str, ...] = ()
    caption: str = ""
    group_members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Only in a packed picture (:func:`packed_elements`): the tables its packed nodes and edges
    # refer to (styles, blocks, roles).
    packed: dict[str, Any] = field(default_factory=dict)


# Above this many nodes a picture opens grouped (per kommune, else sector): more would not
# have readable labels at the fitted zoom (issue 10). The app and `samhandling map` use it.
GROUP_ABOVE = 80

# Label boxes only matter where the layout separates nodes (small pictures).
_BOXED_UP_TO = 400


def _label_texts(nodes: list[Any]) -> dict[str, str]:
    """The text under each node (:mod:`samhandling.maps.labels`): its short name on one to three
    lines; a group's with how many it holds."""
    out = short_names({n.id: n.name if n.kind == "group" else n.obj.name for n in nodes})
    for n in nodes:
        if n.kind == "group":
            out[n.id] = f"{out[n.id]} ({len(n.members)})"
    return dict(zip(out, map(label_lines, out.values()), strict=True))


def _boxes(nodes: list[Any], sizes: Mapping[str, float], labels: Mapping[str, str]) -> dict[str, tuple[float, ...]]:
    """Width and height on the canvas of each node with its label under it."""
    return {n.id: label_box(labels[n.id], float(sizes.get(n.id, 16.0)), GROUP_FONT if n.kind == "group" else FONT)
            for n in nodes}


@without_gc
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
    aspect: float | None = None,
    packed: bool = False,
) -> MapElements:
    """Build one picture; ``status`` (id -> added/removed/changed/same) marks a diff.

    ``packed``: plain nodes and membership edges (most of a big map) are tuples that refer to
    shared tables; the page builds their dicts and hover texts (see :func:`packed_elements`).
    """
    _LANGUAGE[0] = language()
    filters = filters or MapFilters()
    sub = cmap if filters == MapFilters() else _filter_map(cmap, filters)
    nodes, edges = _view(sub, view)
    disputed: dict[str, str] = {}
    if view == "two_mode":  # links the workshop groups see differently: dashed, groups in the hover
        edges, disputed = disputed_edges(sub, {n.id for n in nodes}, edges)
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
    # Radii next to labels of FONT (22): small enough that the labels, not the dots, take the room.
    if size_by == "influence":  # Net-Map's innflytelse 0–5 on a fixed scale (blank as 0); forums by members
        measures = _measures(sub, analysis, "connections", seed) | {a.id: float(a.influence or 0) for a in sub.actors}
        sizes = {n.id: round(9 + 17 * (measures[n.id] / 5) ** 0.5, 1) for n in nodes if n.kind == "actor"}
    else:
        measures = _measures(sub, analysis, size_by, seed)
        sizes = _scaled(measures, [n.id for n in nodes if n.kind == "actor"], 9, 26)
    sizes |= _scaled(measures, [n.id for n in nodes if n.kind == "forum"], 8, 18)
    sizes |= _scaled({n.id: float(len(n.members)) for n in nodes if n.kind == "group"},
                     [n.id for n in nodes if n.kind == "group"], 18, 36)
    if cmap.positions:  # the layout saved with the map; this picture's own positions win
        positions = {**cmap.position_by_id, **(positions or {})}
    labels = _label_texts(nodes)
    # The edges as a generator: with every node placed already (a cached layout) none is read.
    layout = compute_layout([n.id for n in nodes], ((e.a, e.b) for e in edges), seed=seed, previous=positions,
                            aspect=aspect,
                            boxes=_boxes(nodes, sizes, labels) if len(nodes) <= _BOXED_UP_TO else None)
    marked = {str(h) for h in highlight}
    if marked:
        marked |= {n.id for n in nodes if n.kind == "group" and marked.intersection(n.members)}
    names: dict[str, str] = {a.id: a.name for a in sub.actors} | {f.id: f.name for f in sub.forums}
    names |= {n.id: n.name for n in nodes if n.kind == "group"}
    status = status or {}

    # The diff line of a hover text, once per status rather than once per node.
    diff_lines = {
        key: "\n" + _t("maps.title.diff", value=_t(f"maps.legend.diff_{'unchanged' if key == 'same' else key}"))
        for key in _DIFF
    }
    titles = _Titles(sub, names, size_by)
    out_nodes: list[dict[str, Any]] = []
    add_node = out_nodes.append
    actor_parts, forum_parts, influence_line = titles.actor_parts, titles.forum_parts, _t("maps.title.influence")
    pack_nodes = packed and not status and not marked
    packed_styles: list[dict[str, Any]] = []  # packed: the looks nodes share, and their places
    style_index: dict[Any, int] = {}
    packed_blocks: list[str] = []  # packed: the middle lines of hover texts that nodes share
    block_index: dict[str, int] = {}
    for n in nodes:
        nid, kind, obj = n.id, n.kind, n.obj
        if pack_nodes and kind != "group":  # (id, label, name, block, tail, style, size, x, y)
            look = (kind, obj.sector) if kind == "actor" else (kind, obj.level)  # type: ignore[union-attr]
            index = style_index.get(look)
            if index is None:
                shape, bg, border, _ = _node_style(n, None)
                index = style_index[look] = len(packed_styles)
                packed_styles.append({"kind": kind, "shape": shape, "color": {"background": bg, "border": border},
                                      "borderWidth": 1})
            if kind == "actor":
                block, tail = actor_parts(obj, measures.get(nid, 0.0))  # type: ignore[arg-type]
                if obj.influence is not None:  # type: ignore[union-attr]
                    tail += "\n" + influence_line.format(value=obj.influence)  # type: ignore[union-attr]
            else:
                block, tail = forum_parts(obj)  # type: ignore[arg-type]
            b = block_index.get(block)
            if b is None:
                b = block_index[block] = len(packed_blocks)
                packed_blocks.append(block)
            x, y = layout[nid]
            add_node((str(nid), str(labels[nid]), str(obj.name), b, str(tail), index,  # type: ignore[union-attr]
                      float(sizes.get(nid, 16.0)), float(x), float(y)))
            continue
        node_status = status.get(nid) if status else None
        if kind == "group" and status:
            node_status = "changed" if any(status.get(m, "same") != "same" for m in n.members) else "same"
        shape, bg, border, dashed = _node_style(n, node_status)
        if kind == "actor":
            title = titles.actor(obj, measures.get(nid, 0.0))  # type: ignore[arg-type]
            if obj.influence is not None:  # type: ignore[union-attr]
                title += "\n" + influence_line.format(value=obj.influence)  # type: ignore[union-attr]
        elif kind == "forum":
            title = titles.forum(obj)  # type: ignore[arg-type]
        else:
            title = _group_title(n, sub.actor_by_id)
        text = labels[nid]
        if node_status:
            title += diff_lines[node_status]
        faded = bool(marked) and nid not in marked
        x, y = layout[nid]
        # Only these keys, each coerced to a built-in type (nothing forwarded from the file).
        node: dict[str, Any] = {
            "id": str(nid),
            "label": str(text),
            "title": str(title),
            "kind": kind,
            "shape": shape,
            "size": float(sizes.get(nid, 16.0)),
            # Selection and hover only thicken the border (a `chosen` function in the page).
            "color": {"background": _fade(bg) if faded else bg, "border": _fade(border) if faded else border},
            "borderWidth": 4 if nid in marked else (2 if node_status else 1),
            "x": float(x),
            "y": float(y),
        }
        if faded or kind == "group":
            node["font"] = {"color": _FADED_FONT if faded else "#1A1A1A",
                            "size": GROUP_FONT if kind == "group" else FONT}
        if dashed:
            node["shapeProperties"] = {"borderDashes": [4, 3]}
        add_node(node)

    out_edges: list[dict[str, Any]] = []
    add_edge = out_edges.append
    styles: dict[str, tuple[str, bool]] = {}
    arrow_to = {"to": {"enabled": True, "scaleFactor": 0.5}}
    role_styles: dict[str, tuple[str, str, float, Any, bool]] = {}  # memberships are most edges
    role_lines: dict[str, str] = {}
    name_of = names.get
    plain = not status and not marked  # no diff, nothing highlighted: a membership is drawn as its role says
    role_edges: dict[str, dict[str, Any]] = {}  # the keys every membership of a role shares
    role_index: dict[str, int] = {}  # packed: a role's place in packed_roles
    packed_roles: list[dict[str, Any]] = []
    for e in edges:
        if e.kind == "membership":
            role = e.data["role"]
            style = role_styles.get(role)
            if style is None:
                style = role_styles[role] = _edge_style(e)
                role_lines[role] = titles.edge(e).rpartition("\n")[2]
                key, colour, width, dashes, arrow = style
                styles.setdefault(key, (colour, bool(dashes)))
                role_edges[role] = {"kind": "membership", "color": colour, "width": float(width),
                                    **({"dashes": list(dashes)} if dashes else {}),
                                    **({"arrows": arrow_to} if arrow else {})}
            if plain and e.id not in disputed:  # the common case, most edges of a big map
                if packed:
                    index = role_index.get(role)
                    if index is None:
                        index = role_index[role] = len(packed_roles)
                        packed_roles.append({"line": role_lines[role], "style": role_edges[role]})
                    add_edge((str(e.a), str(e.b), index))  # a tuple: the collector stops tracking it
                    continue
                add_edge({"id": str(e.id), "from": str(e.a), "to": str(e.b),
                          "title": f"{name_of(e.a, e.a)} – {name_of(e.b, e.b)}\n{role_lines[role]}",
                          **role_edges[role]})
                continue
            key, colour, width, dashes, arrow = style
            # The hover text of titles.edge, without its call: memberships are most edges.
            title = f"{name_of(e.a, e.a)} – {name_of(e.b, e.b)}\n{role_lines[role]}"
        else:
            key, colour, width, dashes, arrow = _edge_style(e)
            title = titles.edge(e)
        if disputed and e.id in disputed:
            key, colour, width, dashes = "disputed", DISPUTED_COLOUR, max(width, 2.2), DISPUTED_DASHES
            title += disputed[e.id]
        if key not in styles:
            styles[key] = (colour, bool(dashes))
        if status:
            edge_status = status.get(e.id)
            if edge_status and edge_status != "same":
                colour = _DIFF[edge_status][1] if edge_status != "removed" else _fade(_DIFF["removed"][1], 0.35)
                width = max(width, 2.5)
                dashes = _DASHES if edge_status == "removed" else dashes
            else:
                colour = _fade(colour, 0.5)
            if edge_status:
                title += diff_lines[edge_status]
        if marked and not (e.a in marked or e.b in marked):
            colour = _fade(colour, 0.8)
        edge: dict[str, Any] = {
            "id": str(e.id),
            "from": str(e.a),
            "to": str(e.b),
            "kind": e.kind,
            "title": str(title),
            "color": colour,
            "width": float(width),
        }
        if dashes:
            edge["dashes"] = list(dashes)
        if arrow:
            edge["arrows"] = arrow_to
        add_edge(edge)

    return MapElements(
        nodes=out_nodes,
        edges=out_edges,
        legend=[_plain(i) for i in _legend(nodes, styles, bool(marked), bool(status))],
        positions={str(k): xy for k, xy in layout.items()},  # compute_layout gives (float, float)
        groups=groups,
        caption=caption,
        group_members={str(n.id): tuple(map(str, n.members)) for n in nodes if n.kind == "group"},
        packed={"roles": packed_roles, "styles": packed_styles, "blocks": packed_blocks} if packed else {},
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
    group_above: int = GROUP_ABOVE,
    expand: Iterable[str] = (),
    seed: int = 7,
    aspect: float | None = None,
) -> MapElements:
    """Return the nodes, edges, legend and positions of one picture of ``cmap``.

    Parameters
    ----------
    cmap : CollaborationMap
    view : ``"two_mode"`` (actors and forums) or ``"actors"`` (who collaborates with whom)
    analysis : an :class:`samhandling.analysis.Analysis`; its ``metrics["actors"]``
        give the sizes when present, otherwise they are computed here.
    size_by : ``"connections"`` (actors collaborated with; members for a forum),
        ``"hours"`` (standing meeting hours per month), ``"betweenness"`` or ``"influence"``
        (the actor's ``innflytelse`` 0–5 on a fixed scale; blank counts as 0).
    highlight : node ids drawn with a thick border; everything else is faded.
    positions : the ``positions`` of an earlier picture, so nodes stay in place. The
        positions saved with the map (``cmap.positions``, table ``posisjoner``) are used
        for every node these do not place.
    filters : a :class:`MapFilters`.
    group_above : with more visible nodes than this, nodes are grouped per kommune
        (per sector when no actor has a kommune) into one node each.
    expand : group keys (or group node ids ``"group:<key>"``) to show opened.
    seed : layout seed.
    aspect : width:height of the frame a fresh layout is packed for (``None``: the
        app's map beside the sidebar; the Presentasjon view and a slide are wider).

    Raises
    ------
    ValueError
        For an unknown ``view`` or ``size_by``.
    """
    return _elements(
        cmap, view=view, analysis=analysis, size_by=size_by, highlight=highlight, positions=positions,
        filters=filters, group_above=group_above, expand=expand, seed=seed, aspect=aspect,
    )


_DEFAULTS: dict[str, Any] = {
    "view": "two_mode", "analysis": None, "size_by": "connections", "highlight": frozenset(), "positions": None,
    "filters": None, "group_above": GROUP_ABOVE, "expand": (), "seed": 7, "aspect": None,
}


def packed_elements(cmap: CollaborationMap, **kwargs: Any) -> MapElements:
    """:func:`map_elements` (same arguments) for the offline page: most of a big map as tuples.

    Without a diff or a highlight, every actor and forum node is a tuple
    ``(id, label, name, block, tail, style, size, x, y)`` and every membership edge not
    disputed a tuple ``(from, to, role)``; ``packed`` holds the tables they refer to:
    ``styles`` (the keys nodes of one kind and sector or level share), ``blocks`` (the
    middle lines of hover texts that many nodes share), ``roles`` (a membership's
    ``style`` keys and the last ``line`` of its hover text). The page
    (``assets/map.html``) turns them back into the dicts :func:`map_elements` gives:
    a node's hover text is ``name + "\\n" + blocks[block] + tail``, a membership's
    ``"<from's name> – <to's name>\\n" + line`` and its id ``"m:<to>|<from>"``. A
    4,000-node page is then 1.3 M characters instead of 3.1 M, with a third of the objects.
    """
    unknown = set(kwargs) - set(_DEFAULTS)
    if unknown:
        raise TypeError(f"packed_elements() got unexpected keyword arguments: {sorted(unknown)}")
    return _elements(cmap, **(_DEFAULTS | kwargs), packed=True)
