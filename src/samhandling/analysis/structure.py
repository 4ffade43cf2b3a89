"""Gaps in the shape of the network: ``isolated_actor``, ``single_point_of_failure``, ``sector_silo``.

``analysis.md``, "Finding kinds":

* ``isolated_actor`` — an actor (not a ``satsing``) with no membership and no
  relation at all. ``viktig``.
* ``single_point_of_failure`` — an actor whose removal splits the actor-level
  collaboration network into two or more parts of 2+ actors each; parts of a
  single actor are ignored. Everything between those parts hangs on one service
  or one coordinator. ``viktig``. These are the articulation points (cut
  vertices) of the network [1]_ whose removal leaves at least two parts of 2+
  actors; part sizes come from the block–cut tree built on
  :func:`networkx.biconnected_components`, in linear time.
* ``sector_silo`` — a sector with 2+ actors none of which is connected to any
  actor of another sector. ``viktig``. Only looked for when the map has actors
  in two or more sectors.

"Connected" means the strong network (weak connections do not count).

References
----------
.. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms
   for graph manipulation. Communications of the ACM 16, 372–378.
"""

from __future__ import annotations

import networkx as nx

from samhandling.analysis.findings import Finding, actor_name, finding_key, names, text
from samhandling.igraphs import igraph_of
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = [
    "split_sizes",
    "isolated_actor_findings",
    "single_point_of_failure_findings",
    "sector_silo_findings",
]


def split_sizes(G: nx.Graph) -> dict[str, list[int]]:
    """Return, for each cut vertex of ``G``, the sizes of the parts its removal leaves.

    Parameters
    ----------
    G : networkx.Graph
        An undirected graph.

    Returns
    -------
    dict
        ``{node: [size, ...]}`` for every articulation point, sizes in descending
        order; they sum to the size of the node's connected component minus one.

    Examples
    --------
    >>> sorted(split_sizes(nx.path_graph(4)).items())  # 0-1-2-3: removing 1 leaves {0} and {2, 3}
    [(1, [2, 1]), (2, [2, 1])]
    """
    blocks = _blocks(G)
    # A cut vertex (articulation point) is a vertex that lies in two or more blocks.
    seen: set = set()
    cut: set = set()
    for block in blocks:
        cut.update(seen & block)
        seen.update(block)
    if not cut:
        return {}
    # Block–cut tree: a node per block weighing its non-cut vertices, a node per cut vertex weighing 1.
    T = nx.Graph()
    weight: dict[tuple[str, object], int] = {}
    for i, block in enumerate(blocks):
        node = ("block", i)
        weight[node] = sum(1 for v in block if v not in cut)
        T.add_node(node)
        T.add_edges_from((node, ("cut", v)) for v in block if v in cut)
    for v in cut:
        weight[("cut", v)] = 1
    sizes: dict[str, list[int]] = {}
    for component in nx.connected_components(T):
        root = next(iter(component))
        parent = nx.dfs_predecessors(T, root)
        order = list(nx.dfs_preorder_nodes(T, root))
        below = {n: weight[n] for n in order}
        for n in reversed(order):
            if n in parent:
                below[parent[n]] += below[n]
        total = below[root]
        for n in order:
            if n[0] != "cut":
                continue
            parts = [below[c] for c in T[n] if parent.get(c) == n]
            if n != root:
                parts.append(total - below[n])
            sizes[n[1]] = sorted(parts, reverse=True)
    return sizes


# Nodes x edges above which the blocks are found in igraph (C): NetworkX's depth-first
# search takes about a second on a country map, igraph a few hundredths.
_IGRAPH_WORK = 100_000


def _blocks(G: nx.Graph) -> list[set]:
    """The biconnected components (blocks) of ``G`` as node sets; the same sets as
    :func:`networkx.biconnected_components`, in another order on big graphs."""
    if G.number_of_nodes() * G.number_of_edges() > _IGRAPH_WORK:
        try:
            g, nodes = igraph_of(G)
        except (ImportError, TypeError):  # no igraph, or nodes that do not sort
            pass
        else:
            return [{nodes[i] for i in block} for block in g.biconnected_components() if len(block) > 1]
    return list(nx.biconnected_components(G))


def isolated_actor_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return an ``isolated_actor`` for each actor (not ``satsing``) with no membership and no relation."""
    linked = {m.actor for m in cmap.memberships}
    for r in cmap.relations:
        if r.source != r.target:
            linked.update((r.source, r.target))
    return [
        Finding(
            key=finding_key("isolated_actor", [a.id]),
            kind="isolated_actor",
            severity="viktig",
            actors=(a.id,),
            forums=(),
            message=text("isolated_actor.message", name=actor_name(a)),
            details={},
        )
        for a in cmap.actors
        if a.type != "satsing" and a.id not in linked
    ]


# Name the groups a cut vertex separates only in parts of the network up to this size:
# finding them costs one pass over the part per cut vertex.
_NAME_GROUPS_UP_TO = 2000


def _group_names(cmap: CollaborationMap, G: nx.Graph, node: str) -> list[str]:
    """One short list of names per part of 2+ actors that removing ``node`` leaves, largest first."""
    rest = G.subgraph(nx.node_connected_component(G, node) - {node})
    parts = sorted((p for p in nx.connected_components(rest) if len(p) >= 2), key=lambda p: (-len(p), min(p)))
    return [names(sorted(actor_name(cmap.actor_by_id.get(a), a) for a in part), limit=3) for part in parts]


def single_point_of_failure_findings(cmap: CollaborationMap, G_strong: nx.Graph) -> list[Finding]:
    """Return a ``single_point_of_failure`` for each actor that splits the network into 2+ real parts."""
    out = []
    for node, sizes in split_sizes(G_strong).items():
        parts = [s for s in sizes if s >= 2]
        if len(parts) < 2:
            continue
        actor = cmap.actor_by_id.get(node)
        values = {"name": actor_name(actor, node), "count": len(parts)}
        if sum(sizes) + 1 <= _NAME_GROUPS_UP_TO:
            groups = _group_names(cmap, G_strong, node)
            message = text("single_point_of_failure.groups", groups="; ".join(groups), **values)
        else:
            message = text("single_point_of_failure.sizes", sizes=names([str(s) for s in parts], limit=10), **values)
        out.append(
            Finding(
                key=finding_key("single_point_of_failure", [node]),
                kind="single_point_of_failure",
                severity="viktig",
                actors=(node,),
                forums=(),
                message=message,
                details={"parts": parts, "single_actors_cut_off": len(sizes) - len(parts)},
            )
        )
    return out


def sector_silo_findings(cmap: CollaborationMap, G_strong: nx.Graph) -> list[Finding]:
    """Return a ``sector_silo`` for each sector of 2+ actors with no connection to another sector."""
    by_sector: dict[str, list[str]] = {}
    for a in cmap.actors:
        by_sector.setdefault(a.sector, []).append(a.id)
    if len(by_sector) < 2:
        return []
    sector_of = {a.id: a.sector for a in cmap.actors}
    out = []
    for sector, ids in sorted(by_sector.items()):
        if len(ids) < 2:
            continue
        if any(sector_of.get(n, sector) != sector for u in ids for n in G_strong[u]):
            continue
        out.append(
            Finding(
                key=finding_key("sector_silo", [sector]),
                kind="sector_silo",
                severity="info" if sector in ("frivillig", "bruker") else "viktig",
                actors=tuple(sorted(ids)),
                forums=(),
                message=text(
                    "sector_silo.message",
                    sector=label("sector", sector).lower(),
                    count=len(ids),
                    names=names([actor_name(cmap.actor_by_id[i]) for i in ids]),
                ),
                details={"sector": sector},
            )
        )
    return out
