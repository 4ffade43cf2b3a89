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

__all__ = ["GROUP_ABOVE", "MapElements", "map_elements", "_elements"]


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
) -> MapElements:
    """Build one picture; ``status`` (id -> added/removed/changed/same) marks a diff."""
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
    layout = compute_layout([n.id for n in nodes], [(e.a, e.b) for e in edges], seed=seed, previous=positions,
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
    for n in nodes:
        nid, kind = n.id, n.kind
        node_status = status.get(nid) if status else None
        if kind == "group" and status:
            node_status = "changed" if any(status.get(m, "same") != "same" for m in n.members) else "same"
        shape, bg, border, dashed = _node_style(n, node_status)
        if kind == "actor":
            title = titles.actor(n.obj, measures.get(nid, 0.0))  # type: ignore[arg-type]
            if n.obj.influence is not None:  # type: ignore[union-attr]
                title += "\n" + _t("maps.title.influence", value=n.obj.influence)  # type: ignore[union-attr]
        elif kind == "forum":
            title = titles.forum(n.obj)  # type: ignore[arg-type]
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
            if plain and e.id not in disputed:  # the common case, most edges of a big map: one dict copy
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
