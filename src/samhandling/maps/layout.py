"""Node positions for the maps, computed in Python so the browser never runs physics.

A force-directed layout (igraph's Fruchterman–Reingold) is fast enough for
thousands of nodes (0.5 s for 4,000) where the browser's physics takes tens of
seconds (``pitfalls.md`` §4). It is made *deterministic* (seeded start, seeded
random number generator) and *stable*: given the positions of a previous picture,
nodes that were there keep their place and new nodes are placed near their
neighbours, so a small edit in a workshop does not make the whole map jump.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Hashable, Iterable, Mapping

import numpy as np

from samhandling.igraphs import load_igraph

__all__ = ["compute_layout", "PIXELS_PER_UNIT"]

# igraph's layout puts connected nodes ~1-3 units apart; vis-network draws in pixels.
PIXELS_PER_UNIT = 80.0

# Room a node needs with its label under it, in pixels (labels are wide, not tall), when
# the caller does not say; and the free space kept between two boxes.
LABEL_BOX = (150.0, 84.0)
_GAP = 8.0
# Between two labels side by side in a packed row: enough that two names do not read as one.
_ROW_GAP = 18.0
# Screens are wider than tall: an overlap is undone sideways unless that is this many
# times longer than undoing it up/down (2.5 keeps the examples near a 3:2 landscape).
_SIDEWAYS = 2.5
# The frame the packed rows are made for (width : height): the app's map at 1280×720 is
# about square, and both pages grow a map taller when its labels need it (a page scrolls;
# a map too wide for its frame cannot be helped), so the rows are made a little tall.
_ASPECT = 0.7
# Overlap removal is O(n²) per pass: above this many nodes the picture is zoomed out anyway.
_SEPARATE_UP_TO = 400

# Share of nodes that must already have a position for the old ones to stay pinned.
_PIN_WHEN_KNOWN = 0.5

# igraph draws its random numbers from one process-wide generator; swapping it
# for a seeded one must not race with another Streamlit session doing the same.
_RNG_LOCK = threading.Lock()


def _node_id(node: object) -> Hashable:
    if type(node) is str:  # the common case, without the slower ABC check
        return node
    if isinstance(node, Mapping):
        return node["id"]
    return node  # type: ignore[return-value]


def _edge_ends(edge: object) -> tuple[Hashable, Hashable]:
    if isinstance(edge, Mapping):
        return edge["from"], edge["to"]
    a, b = edge  # type: ignore[misc]
    return a, b


def compute_layout(
    nodes: Iterable[object],
    edges: Iterable[object],
    seed: int = 7,
    previous: Mapping[Hashable, tuple[float, float]] | None = None,
    boxes: Mapping[Hashable, tuple[float, float]] | None = None,
    aspect: float | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Return ``{node id: (x, y)}`` in pixels for a force-directed picture of the graph.

    Parameters
    ----------
    nodes : iterable of ids, or of dicts with an ``"id"``
    edges : iterable of ``(a, b)`` pairs, or of dicts with ``"from"`` and ``"to"``;
        edges to unknown nodes and self-loops are ignored.
    seed : the same nodes, edges and seed always give the same positions.
    aspect : width:height of the frame the packed rows are made for (default ``_ASPECT``,
        the app's map beside the sidebar; the Presentasjon view is about 2:1).
    previous : positions of an earlier picture. When at least half of the nodes
        have one, those nodes stay exactly where they were and only the new nodes
        are laid out, starting next to their already placed neighbours. Otherwise
        the known positions only seed a fresh layout. When every node has a
        position, those positions come back unchanged (no layout is run).
    boxes : ``{node id: (width, height[, top])}`` in pixels of what is drawn for a node
        (the node with its label under it; ``top``: how far below the box's top the node
        is, else half the height). Up to a few hundred nodes, a fresh picture is packed
        in rows of these boxes (:func:`_pack_rows`: no two overlap, the layout's order
        kept); where earlier positions are pinned, the new boxes are pushed clear of
        the others. Without ``boxes``, :data:`LABEL_BOX` is kept clear around each node.

    Examples
    --------
    >>> pos = compute_layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> sorted(pos) == ["a", "b", "c"]
    True
    >>> compute_layout(["a", "b"], [("a", "b")], previous=pos) == {k: pos[k] for k in "ab"}
    True

    Notes
    -----
    Fruchterman, T. M. J. and Reingold, E. M. (1991), Graph drawing by
    force-directed placement. igraph's grid variant is used from 1,000 nodes.
    """
    nodes = list(nodes)
    # Plain string ids, the common case, without a call per node.
    ids = list(dict.fromkeys(nodes if all(type(n) is str for n in nodes) else map(_node_id, nodes)))
    previous = previous or {}
    if ids and all(node in previous for node in ids):
        return {node: (float(x), float(y)) for node in ids for x, y in (previous[node],)}
    index = {node: i for i, node in enumerate(ids)}
    pairs: set[tuple[int, int]] = set()
    for edge in edges:
        a, b = _edge_ends(edge)
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None or ia == ib:
            continue
        pairs.add((min(ia, ib), max(ia, ib)))
    if not ids:
        return {}
    known = [i for i, node in enumerate(ids) if node in previous]

    rng = random.Random(seed)
    neighbours: list[list[int]] = [[] for _ in ids]
    for a, b in sorted(pairs):
        neighbours[a].append(b)
        neighbours[b].append(a)

    start = _start_positions(ids, previous, neighbours, rng)
    pin = len(known) >= _PIN_WHEN_KNOWN * len(ids)
    bounds: dict[str, list[float]] = {}
    if pin:
        inf = math.inf
        bounds = {"minx": [-inf] * len(ids), "maxx": [inf] * len(ids),
                  "miny": [-inf] * len(ids), "maxy": [inf] * len(ids)}
        for i in known:
            x, y = start[i]
            bounds["minx"][i] = bounds["maxx"][i] = x
            bounds["miny"][i] = bounds["maxy"][i] = y

    igraph = load_igraph()
    graph = igraph.Graph(n=len(ids), edges=sorted(pairs))
    new_count = len(ids) - len(known) if pin else len(ids)
    options: dict[str, object] = {"seed": start, "niter": 500 if not pin else 200}
    if pin:
        # Only a few nodes move: a small start temperature keeps them near their neighbours.
        options["start_temp"] = max(0.5, math.sqrt(new_count) / 10)
    with _RNG_LOCK:
        saved = random.getstate()
        igraph.set_random_number_generator(random.Random(seed))
        try:
            coords = graph.layout_fruchterman_reingold(grid="auto", **options, **bounds).coords
        finally:
            igraph.set_random_number_generator(random)
            random.setstate(saved)

    pinned = frozenset(known) if pin else frozenset()
    points = np.array(coords, dtype=float) * PIXELS_PER_UNIT
    for i in pinned:
        points[i] = previous[ids[i]]
    if boxes and not pinned and 2 <= len(ids) <= _SEPARATE_UP_TO:
        sizes = np.array([_box3(boxes.get(node, LABEL_BOX)) for node in ids], dtype=float)
        points = _pack_rows(points, sizes, aspect or _ASPECT)
    elif len(ids) <= _SEPARATE_UP_TO:
        movable = np.array([i not in pinned for i in range(len(ids))])
        sizes = np.array([tuple((boxes or {}).get(node, LABEL_BOX))[:2] for node in ids], dtype=float)
        points = _separate(points, movable, sizes)
    out: dict[Hashable, tuple[float, float]] = {}
    for i, node in enumerate(ids):
        if i in pinned:
            out[node] = (float(previous[node][0]), float(previous[node][1]))
        else:
            out[node] = (round(float(points[i, 0]), 1), round(float(points[i, 1]), 1))
    return out


def _pack_rows(points: np.ndarray, sizes: np.ndarray, aspect: float = _ASPECT) -> np.ndarray:
    """The force-directed picture packed into rows of label boxes, so no two labels overlap.

    Nodes keep their order: top to bottom by the layout's ``y`` into rows of about equal
    width, left to right by its ``x`` within a row, each as near its own ``x`` as the
    row allows. The number of rows is the one whose picture, framed with vis-network's
    10 % margin, fits a frame of width:height ``aspect`` at the largest zoom. ``sizes``
    are the boxes (width, height, how far below the box's top the node is).
    """
    n = len(points)
    order = np.lexsort((points[:, 0], points[:, 1]))  # by y, then x
    widths = sizes[order, 0] + _ROW_GAP
    cumulative = np.cumsum(widths)
    total = float(cumulative[-1])

    def split(rows: int) -> list[np.ndarray]:
        # Row r takes the nodes whose width midpoint falls in its share of the total.
        row_of = np.minimum(((cumulative - widths / 2) / total * rows).astype(int), rows - 1)
        return [order[row_of == r] for r in range(rows) if (row_of == r).any()]

    best: tuple[float, list[np.ndarray]] | None = None
    for rows in range(1, n + 1):
        chunks = split(rows)
        length = max(float(sizes[c, 0].sum() + _ROW_GAP * (len(c) - 1)) for c in chunks)
        height = sum(float(sizes[c, 1].max()) for c in chunks) + _GAP * (len(chunks) - 1)
        zoom = min(aspect / length, 1.0 / height)
        if best is None or zoom > best[0]:
            best = (zoom, chunks)
        elif height > 2 * length / aspect:  # far taller than the frame: more rows only get worse
            break
    assert best is not None
    chunks = best[1]
    length = max(float(sizes[c, 0].sum() + _ROW_GAP * (len(c) - 1)) for c in chunks)
    x_min, x_span = float(points[:, 0].min()), float(np.ptp(points[:, 0])) or 1.0
    out = np.zeros_like(points)
    top = 0.0
    for chunk in chunks:
        chunk = chunk[np.argsort(points[chunk, 0], kind="stable")]
        w = sizes[chunk, 0]
        # Room each box needs to its right: the rest of the row must still fit.
        after = np.concatenate([np.cumsum((w + _ROW_GAP)[::-1])[::-1][1:], [0.0]])
        left_edge = 0.0
        for k, i in enumerate(chunk):
            wanted = (float(points[i, 0]) - x_min) / x_span * (length - w[k])
            left = min(max(wanted, left_edge), length - after[k] - w[k])
            out[i] = (left + w[k] / 2, top + 0.0)
            left_edge = left + w[k] + _ROW_GAP
        row_height = float(sizes[chunk, 1].max())
        out[chunk, 1] = top
        top += row_height + _GAP
    out[:, 1] += sizes[:, 2]  # from the box's top down to the node
    return out - out.mean(axis=0)


def _box3(box: tuple[float, ...]) -> tuple[float, float, float]:
    """(width, height, node below the top): a box without the third is centred on its node."""
    return (float(box[0]), float(box[1]), float(box[2]) if len(box) > 2 else float(box[1]) / 2)


def _separate(points: np.ndarray, movable: np.ndarray, sizes: np.ndarray, iterations: int = 120) -> np.ndarray:
    """Push apart nodes whose boxes (``sizes``: width, height) overlap; pinned nodes do not move.

    Each overlapping pair moves apart along one axis, sideways unless that takes
    :data:`_SIDEWAYS` times longer than up/down, half each, or all of it for the
    movable one when the other is pinned.
    """
    if not movable.any() or len(points) < 2:
        return points
    x = points[:, 0].copy()
    y = points[:, 1].copy()
    half_w, half_h = sizes[:, 0] / 2 + _GAP / 2, sizes[:, 1] / 2 + _GAP / 2
    need_x = half_w[:, None] + half_w[None, :]
    need_y = half_h[:, None] + half_h[None, :]
    share = movable.astype(float)
    upper = np.triu(np.ones((len(x), len(x)), dtype=bool), k=1)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        i, j = np.nonzero(upper & (over_x > 0) & (over_y > 0))
        if not len(i):
            break
        ox, oy = over_x[i, j], over_y[i, j]
        # Which way: the sign of the offset, or a fixed index-based one for coincident nodes.
        sx = np.where(dx[i, j] != 0, np.sign(dx[i, j]), np.where((i + j) % 2, 1.0, -1.0))
        sy = np.where(dy[i, j] != 0, np.sign(dy[i, j]), np.where(i % 2, 1.0, -1.0))
        along_x = ox < oy * _SIDEWAYS
        mx = np.where(along_x, ox * sx * 1.02, 0.0)
        my = np.where(along_x, 0.0, oy * sy * 1.02)
        # Both movable: half each; one pinned: the other moves all the way.
        total = np.maximum(share[i] + share[j], 1e-9)
        wi, wj = share[i] / total, share[j] / total
        np.add.at(x, i, mx * wi)
        np.add.at(y, i, my * wi)
        np.add.at(x, j, -mx * wj)
        np.add.at(y, j, -my * wj)
    return np.stack([x, y], axis=1)


def _start_positions(
    ids: list[Hashable],
    previous: Mapping[Hashable, tuple[float, float]],
    neighbours: list[list[int]],
    rng: random.Random,
) -> list[list[float]]:
    """Start where we were; a new node starts at the mean of its placed neighbours."""
    n = len(ids)
    spread = max(1.0, math.sqrt(n))
    start: list[list[float] | None] = [None] * n
    for i, node in enumerate(ids):
        if node in previous:
            x, y = previous[node]
            start[i] = [float(x) / PIXELS_PER_UNIT, float(y) / PIXELS_PER_UNIT]
    # New nodes next to placed neighbours; repeat so chains of new nodes follow.
    for _ in range(3):
        for i in range(n):
            if start[i] is not None:
                continue
            placed = [start[j] for j in neighbours[i] if start[j] is not None]
            if placed:
                cx = sum(p[0] for p in placed) / len(placed)  # type: ignore[index]
                cy = sum(p[1] for p in placed) / len(placed)  # type: ignore[index]
                start[i] = [cx + rng.uniform(-0.5, 0.5), cy + rng.uniform(-0.5, 0.5)]
    for i in range(n):
        if start[i] is None:
            start[i] = [rng.uniform(-spread, spread), rng.uniform(-spread, spread)]
    return start  # type: ignore[return-value]
