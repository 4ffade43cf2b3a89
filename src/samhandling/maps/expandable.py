"""What a grouped offline page needs to open a group with a click, with no server.

Above ``group_above`` nodes a picture shows one node per kommune (or sector). In
the app a click asks Python for the opened picture; a static page has no Python
behind it, so it carries the details itself: every node and edge of the
ungrouped picture, which group each node belongs to, and for each group a small
layout of its own members (centred on 0, 0; the page puts it where the group
node is). ``assets/map.html`` swaps a clicked group for its members and redraws
the links: an edge whose two ends are shown is drawn as it is, the rest are
summed into links to the groups still closed.
"""

from __future__ import annotations

from typing import Any

from samhandling.maps.elements import MapElements, packed_elements
from samhandling.maps.labels import label_box, label_lines, short_names
from samhandling.maps.layout import compute_layout
from samhandling.maps.text import _t
from samhandling.maps.view import _view
from samhandling.model import CollaborationMap

__all__ = ["group_details"]

_UNGROUPED = 10**9


def group_details(cmap: CollaborationMap, grouped: MapElements, **kwargs: Any) -> dict[str, Any] | None:
    """The ``detail`` block of a grouped page's data, or ``None`` when nothing is grouped.

    ``kwargs`` are those the grouped picture was made with (``view``, ``analysis``...).
    """
    if not grouped.group_members:
        return None
    group_of = {member: gid for gid, members in grouped.group_members.items() for member in members}
    _, edges = _view(cmap, kwargs.get("view", "two_mode"))
    inside: dict[str, list[tuple[str, str]]] = {gid: [] for gid in grouped.group_members}
    for e in edges:
        gid = group_of.get(e.a)
        if gid is not None and gid == group_of.get(e.b):
            inside[gid].append((e.a, e.b))
    names = {a.id: a.name for a in cmap.actors} | {f.id: f.name for f in cmap.forums}
    short = short_names({member: names.get(member, member) for member in group_of})
    # Each group's members packed with room for their labels (a typical radius: sizes vary).
    boxes = {member: label_box(label_lines(text), 16.0) for member, text in short.items()}
    positions: dict[str, tuple[float, float]] = {}
    for gid, members in grouped.group_members.items():
        placed = compute_layout(members, inside[gid], seed=kwargs.get("seed", 7), boxes=boxes)
        if placed:
            cx = sum(x for x, _ in placed.values()) / len(placed)
            cy = sum(y for _, y in placed.values()) / len(placed)
            positions |= {str(k): (x - cx, y - cy) for k, (x, y) in placed.items()}
    options = {k: v for k, v in kwargs.items() if k not in ("group_above", "expand", "positions")}
    detail = packed_elements(cmap, group_above=_UNGROUPED, positions=positions, **options)
    return {
        "groupOf": group_of,
        # Packed nodes and edges are tuples, a node's id first (packed_elements).
        "nodes": [node for node in detail.nodes if (node[0] if type(node) is tuple else node["id"]) in group_of],
        "edges": detail.edges,
        "packed": detail.packed,
        "linkTitle": _t("maps.title.group_link", count="{count}"),
        "linkColor": next((e["color"] for e in grouped.edges if type(e) is dict and e.get("kind") == "group_link"),
                          "#9E9E9E"),
    }
