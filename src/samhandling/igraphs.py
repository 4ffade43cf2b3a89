"""igraph, imported without the plotting back-end it would otherwise load.

``import igraph`` imports matplotlib *and* ``matplotlib.pyplot`` when they are
installed (to offer ``igraph.plot``), ~0.3 s and ~30 MB that a command-line
``analyze`` never needs. We use igraph for counting and layouts only, so while
igraph is first imported matplotlib is hidden from it; matplotlib itself stays
importable afterwards (the report's figures use it directly).
"""

from __future__ import annotations

import sys
import weakref
from types import ModuleType
from typing import Any

__all__ = ["load_igraph", "igraph_of"]


def load_igraph() -> ModuleType:
    """The ``igraph`` module (ImportError if it is not installed)."""
    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    hide = "matplotlib" not in sys.modules
    if hide:
        sys.modules["matplotlib"] = None  # type: ignore[assignment] - makes "import matplotlib" fail
    try:
        import igraph
    finally:
        if hide and sys.modules.get("matplotlib", False) is None:
            del sys.modules["matplotlib"]
    return igraph


def igraph_of(G: Any) -> tuple[Any, list[Any]]:
    """An undirected NetworkX graph as an igraph graph: ``(graph, nodes)``.

    Vertex ``i`` is ``nodes[i]``, the nodes in sorted order; the edges are added in
    ``G.edges()`` order. The last graph converted is remembered (while it is alive and
    has the same size), so the metrics and the single points of failure of one
    analysis convert it once.
    """
    last = _LAST.get("graph")
    if last is not None and last[0]() is G and last[1] == (G.number_of_nodes(), G.number_of_edges()):
        return last[2], last[3]
    igraph = load_igraph()
    nodes = sorted(G)
    position = {node: i for i, node in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(position[u], position[v]) for u, v in G.edges()])
    _LAST["graph"] = (weakref.ref(G), (G.number_of_nodes(), G.number_of_edges()), g, nodes)
    return g, nodes


_LAST: dict[str, tuple[Any, tuple[int, int], Any, list[Any]]] = {}
