"""Numbers that describe a map as a whole (``Analysis.metrics``), all plain JSON.

* ``map`` — rows per table; ``connections`` and ``weak_connections`` (edges of
  the collaboration network, ``analysis.md`` "Graph model"); ``density`` of the
  network of connections (edges / possible edges,
  :func:`networkx.density`); ``cross_sector_share``, the share of connections
  whose two actors are in different sectors.
* ``actors`` — per actor: ``name``, ``sector``, ``connections`` (how many actors
  it is connected to), ``forums`` (memberships of any role),
  ``meeting_hours_per_month`` (standing forums; ``ved_behov`` frequency = one
  meeting a quarter) and ``betweenness``: the share of shortest paths between
  other actors that pass through it (normalised betweenness centrality [1]_,
  :func:`networkx.betweenness_centrality`). Exact up to
  ``Thresholds.betweenness_exact_max_nodes`` actors; above that estimated from
  ``Thresholds.betweenness_samples`` source actors with a fixed seed [2]_;
  both counted with igraph (C) for speed.
* ``sector_matrix`` — ``{sector: {sector: connections}}``, symmetric.
* ``age_coverage`` — ``{age: number of coordinated services}`` for ages 0–24
  (see :mod:`samhandling.analysis.ages`).

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
   Journal of Mathematical Sociology 25(2), 163–177.
.. [2] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
   International Journal of Bifurcation and Chaos 17(7), 2303–2318.
"""

from __future__ import annotations

import random
import sys
from typing import Any

import networkx as nx

from samhandling.analysis.findings import Thresholds
from samhandling.graph import weak_pairs
from samhandling.igraphs import igraph_of, load_igraph
from samhandling.model import CollaborationMap

__all__ = ["compute_metrics", "betweenness"]

_SMALL_WORK = 100_000  # nodes x edges below which pure NetworkX is quicker than loading igraph


def betweenness(G: nx.Graph, thresholds: Thresholds | None = None) -> dict[str, float]:
    """Normalised betweenness of every node, exact for small graphs, sampled for big ones.

    Up to ``thresholds.betweenness_exact_max_nodes`` nodes this is the exact
    value of :func:`networkx.betweenness_centrality` (Brandes' algorithm [1]_).
    Above it, shortest paths are counted from ``thresholds.betweenness_samples``
    source nodes drawn with ``thresholds.seed`` and scaled up, as
    ``betweenness_centrality(G, k=...)`` does [2]_. Both are counted in igraph
    (C): exact betweenness of 1,500 actors takes ~0.5 s there against ~13 s in
    NetworkX, the same numbers to 1e-12. Exact at country size (25,000 actors,
    650,000 connections) would still take minutes in igraph, hence the sample.

    Examples
    --------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    thresholds = thresholds or Thresholds()
    n = G.number_of_nodes()
    k = thresholds.betweenness_samples
    exact = n <= max(thresholds.betweenness_exact_max_nodes, k, 2)
    if n <= 2:
        return dict.fromkeys(G, 0.0)
    if exact and n * G.number_of_edges() <= _SMALL_WORK and "igraph" not in sys.modules:
        # A kommune's map: NetworkX needs a few ms, less than importing igraph and numpy (~0.25 s).
        return nx.betweenness_centrality(G, normalized=True)
    try:
        load_igraph()
    except ImportError:  # pragma: no cover - igraph is a dependency; keep working without it
        if exact:
            return nx.betweenness_centrality(G, normalized=True)
        return nx.betweenness_centrality(G, k=k, normalized=True, seed=thresholds.seed)
    g, nodes = igraph_of(G)
    position = {node: i for i, node in enumerate(nodes)}
    # igraph counts each undirected path once (NetworkX sums both directions, then halves).
    if exact:
        counted = g.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
    else:
        sources = random.Random(thresholds.seed).sample(nodes, k)
        counted = g.betweenness(directed=False, sources=[position[s] for s in sources])
        scale = 2 * n / k / ((n - 1) * (n - 2))
    return {node: counted[i] * scale for i, node in enumerate(nodes)}


def compute_metrics(
    cmap: CollaborationMap,
    G_strong: nx.Graph,
    hours: dict[str, float],
    coverage: dict[int, frozenset[str]],
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    """Return the metrics dict of :class:`~samhandling.analysis.Analysis`.

    Parameters
    ----------
    cmap : CollaborationMap
    G_strong : networkx.Graph
        The collaboration network without weak edges.
    hours : dict
        Meeting hours per month per actor.
    coverage : dict
        Coordinated services per age.
    thresholds : Thresholds, optional
    """
    sector_of = {a.id: a.sector for a in cmap.actors}
    adj = G_strong._adj  # plain dicts: every connection is looked at once
    # Connections per pair of sectors: count each connection once, then fill the matrix.
    pairs: dict[tuple[str, str], int] = {}
    for u, neighbours in adj.items():
        su = sector_of.get(u, "annet")
        for v in neighbours:
            if v >= u:
                key = (su, sector_of.get(v, "annet"))
                pairs[key] = pairs.get(key, 0) + 1
    matrix: dict[str, dict[str, int]] = {}
    cross = 0
    for (su, sv), count in pairs.items():
        row = matrix.setdefault(su, {})
        row[sv] = row.get(sv, 0) + count
        if su != sv:
            other = matrix.setdefault(sv, {})
            other[su] = other.get(su, 0) + count
            cross += count
    connections = G_strong.number_of_edges()
    central = betweenness(G_strong, thresholds)
    forums_of = cmap.forums_of
    no_memberships = ()
    actors = {}
    for a in cmap.actors:
        neighbours = adj.get(a.id)
        memberships = forums_of.get(a.id, no_memberships)
        actors[a.id] = {
            "name": a.name,
            "sector": a.sector,
            # G.degree: a self-loop counts twice
            "connections": 0 if neighbours is None else len(neighbours) + (a.id in neighbours),
            "forums": len({m.forum for m in memberships}) if len(memberships) > 1 else len(memberships),
            "meeting_hours_per_month": round(hours.get(a.id, 0.0), 2),
            "betweenness": round(central.get(a.id, 0.0), 6),
        }
    return {
        "map": {
            **cmap.counts(),
            "connections": connections,
            "weak_connections": len(weak_pairs(cmap, G_strong)),
            "density": round(nx.density(G_strong), 6) if G_strong.number_of_nodes() > 1 else 0.0,
            "cross_sector_share": round(cross / connections, 6) if connections else 0.0,
        },
        "actors": actors,
        "sector_matrix": {s: dict(sorted(row.items())) for s, row in sorted(matrix.items())},
        "age_coverage": {str(age): len(ids) for age, ids in sorted(coverage.items())},
    }
