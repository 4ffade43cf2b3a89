"""The collaboration map as NetworkX graphs; node and edge attribute names live here.

Two views of the same map (``analysis.md``, "Graph model"):

* :func:`build_graph` — the **two-mode** (affiliation) network: actors and forums
  are both nodes; a membership is an actor–forum edge carrying its role, a relation
  an actor–actor edge carrying its type.
* :func:`collaboration_network` — the **actor-level** network: actors only, with an
  edge wherever two actors are *connected* (they share a forum where both are
  ``leder``/``fast``/``sekretar``, or a relation links them either way) or only
  *weakly connected* (their only shared forums have one of them as
  ``ved_behov``/``observator``). Each edge says whether it is ``weak`` and whether
  it is ``structured`` (a formalised relation, a shared forum with a mandate, or a
  routine in force listing both as parties). :func:`strong_network` drops the weak
  edges, which is the network the analysis measures.

A forum with *n* standing members adds n·(n−1)/2 edges; nothing here compares all
actors or all forums pairwise.
"""

from __future__ import annotations

from dataclasses import asdict
from itertools import combinations

import networkx as nx

from samhandling.model import CollaborationMap, Relation
from samhandling.vocabulary import ROUTINE_IN_FORCE, STANDING_ROLES

__all__ = [
    "build_graph",
    "collaboration_network",
    "strong_network",
    "shared_forums",
    "weak_pairs",
    "standing_roles",
    "routine_pairs",
]

# Strongest role first: when an actor is listed twice in one forum, the strongest role counts.
_ROLE_RANK = {"leder": 0, "sekretar": 1, "fast": 2, "ved_behov": 3, "observator": 4}


def build_graph(cmap: CollaborationMap) -> nx.Graph:
    """Return the two-mode graph of actors and forums.

    Parameters
    ----------
    cmap : CollaborationMap

    Returns
    -------
    networkx.Graph
        Nodes are actor and forum ids with ``kind`` (``"actor"``/``"forum"``) and
        every field of the row. Membership edges (actor–forum) have
        ``kind="membership"`` and ``role``. Relation edges (actor–actor) have
        ``kind="relation"``, the ``type``, ``formalised`` and ``level`` of the first
        relation between the pair, and ``relations``: a list of every relation
        between them (as dicts), in file order.

    Examples
    --------
    >>> from samhandling.model import Actor, Forum, Membership, CollaborationMap
    >>> cmap = CollaborationMap(actors=(Actor("a", "A"),), forums=(Forum("f", "F"),),
    ...                         memberships=(Membership("f", "a", "leder"),))
    >>> G = build_graph(cmap)
    >>> G.nodes["f"]["kind"], G.edges["a", "f"]["role"]
    ('forum', 'leder')
    """
    G = nx.Graph()
    G.add_nodes_from((a.id, {"kind": "actor", **asdict(a)}) for a in cmap.actors)
    G.add_nodes_from((f.id, {"kind": "forum", **asdict(f)}) for f in cmap.forums)
    for m in cmap.memberships:
        if G.has_edge(m.actor, m.forum):
            old = G.edges[m.actor, m.forum]["role"]
            if _ROLE_RANK.get(m.role, 9) >= _ROLE_RANK.get(old, 9):
                continue
        G.add_edge(m.actor, m.forum, kind="membership", role=m.role)
    for r in cmap.relations:
        if r.source == r.target:
            continue
        if G.has_edge(r.source, r.target):
            G.edges[r.source, r.target]["relations"].append(asdict(r))
        else:
            G.add_edge(
                r.source,
                r.target,
                kind="relation",
                type=r.type,
                formalised=r.formalised,
                level=r.level,
                relations=[asdict(r)],
            )
    return G


def standing_roles(cmap: CollaborationMap) -> dict[str, dict[str, str]]:
    """Return ``{forum id: {actor id: role}}`` with each actor's strongest role in each forum.

    The result is shared between calls for the same map object: do not change it.
    """
    cached = _ROLES_CACHE.get("last")
    if cached is not None and cached[0] is cmap:
        return cached[1]
    out = _standing_roles(cmap)
    _ROLES_CACHE["last"] = (cmap, out)
    return out


# One entry: the analysis asks for the roles of the same map from several modules.
_ROLES_CACHE: dict[str, tuple[CollaborationMap, dict[str, dict[str, str]]]] = {}


def _standing_roles(cmap: CollaborationMap) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {f.id: {} for f in cmap.forums}
    for m in cmap.memberships:
        members = out.setdefault(m.forum, {})
        old = members.get(m.actor)
        if old is None or _ROLE_RANK.get(m.role, 9) < _ROLE_RANK.get(old, 9):
            members[m.actor] = m.role
    return out


def routine_pairs(cmap: CollaborationMap) -> set[tuple[str, str]]:
    """Return the actor pairs ``(u, v)``, ``u < v``, that a routine in force lists as parties.

    A routine is in force when its status is ``vedtatt`` or ``implementert``.
    """
    pairs: set[tuple[str, str]] = set()
    for routine in cmap.routines:
        if routine.status in ROUTINE_IN_FORCE:
            pairs.update(combinations(sorted(set(routine.parties)), 2))
    return pairs


def _pair(u: str, v: str) -> tuple[str, str]:
    return (u, v) if u < v else (v, u)


def collaboration_network(cmap: CollaborationMap, *, include_weak: bool = True) -> nx.Graph:
    """Return the actor-level collaboration network, weak connections included and marked.

    Two actors are *connected* when they share a forum in which both are ``leder``,
    ``fast`` or ``sekretar``, or when a relation links them (either direction); they
    are *weakly connected* when their only shared forums have one of them as
    ``ved_behov``/``observator`` (``analysis.md``, "Graph model").

    Parameters
    ----------
    cmap : CollaborationMap
    include_weak : bool, optional
        When False, leave weak edges out (the same graph as :func:`strong_network`
        of the full one, built faster).

    Returns
    -------
    networkx.Graph
        Every actor is a node (attributes ``name``, ``category``, ``type``,
        ``sector``, ``municipality``). Edge attributes:

        ``weak`` : bool
            True when the pair is only weakly connected.
        ``structured`` : bool
            True when a relation between them is formalised, a shared forum that
            makes the connection has a mandate, or a routine with status
            ``vedtatt``/``implementert`` lists both as parties.
        ``forums`` : tuple of str
            Shared forums that make the connection (standing forums for a strong
            edge, the weak ones for a weak edge), sorted.
        ``relations`` : tuple of Relation
            Relations between the two, either direction, in file order.

    Examples
    --------
    >>> from samhandling.model import Actor, Forum, Membership, CollaborationMap
    >>> cmap = CollaborationMap(
    ...     actors=(Actor("a", "A"), Actor("b", "B"), Actor("c", "C")),
    ...     forums=(Forum("f", "F", has_mandate=True),),
    ...     memberships=(Membership("f", "a"), Membership("f", "b"), Membership("f", "c", "ved_behov")))
    >>> G = collaboration_network(cmap)
    >>> G.edges["a", "b"]["weak"], G.edges["a", "b"]["structured"], G.edges["a", "c"]["weak"]
    (False, True, True)
    """
    G = nx.Graph()
    G.add_nodes_from(
        (
            a.id,
            {
                "name": a.name,
                "category": a.category,
                "type": a.type,
                "sector": a.sector,
                "municipality": a.municipality,
            },
        )
        for a in cmap.actors
    )
    strong, weak = _forum_pairs(cmap, include_weak)
    relations = _relation_pairs(cmap)

    in_force = routine_pairs(cmap)
    mandated = {f.id for f in cmap.forums if f.has_mandate}

    def edges():
        no_relations = ()
        for pair, forum_ids in strong.items():
            rels = relations.get(pair, no_relations)
            yield pair[0], pair[1], {
                "weak": False,
                "structured": (
                    not mandated.isdisjoint(forum_ids)
                    or pair in in_force
                    or (rels is not no_relations and any(r.formalised for r in rels))
                ),
                "forums": tuple(sorted(forum_ids)) if len(forum_ids) > 1 else (forum_ids[0],),
                "relations": tuple(rels),
            }
        for pair, rels in relations.items():
            if pair in strong:
                continue
            yield pair[0], pair[1], {
                "weak": False,
                "structured": pair in in_force or any(r.formalised for r in rels),
                "forums": (),
                "relations": tuple(rels),
            }
        for pair, forum_ids in weak.items():
            if pair in strong or pair in relations:
                continue
            yield pair[0], pair[1], {
                "weak": True,
                "structured": pair in in_force or not mandated.isdisjoint(forum_ids),
                "forums": tuple(sorted(forum_ids)),
                "relations": (),
            }

    _add_new_edges(G, edges())
    return G


def _add_new_edges(G: nx.Graph, edges) -> None:
    """``G.add_edges_from(edges)`` for edges that are each new and given once, with fresh dicts.

    The same graph (nodes, adjacency order, attribute dicts) as ``add_edges_from``, which
    on a country map spends a second copying half a million attribute dicts it was just given.
    """
    adj, node = G._adj, G._node
    for u, v, data in edges:
        if u not in node:
            adj[u], node[u] = {}, {}
        if v not in node:
            adj[v], node[v] = {}, {}
        adj[u][v] = data
        adj[v][u] = data
    clear = getattr(nx, "_clear_cache", None)  # NetworkX 3.3+ caches views of a graph
    if clear is not None:
        clear(G)


def _forum_pairs(
    cmap: CollaborationMap, include_weak: bool = True, include_strong: bool = True
) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], list[str]]]:
    """Pairs sharing a forum as standing members, and pairs sharing one where either is not."""
    strong: dict[tuple[str, str], list[str]] = {}
    weak: dict[tuple[str, str], list[str]] = {}
    for forum_id, members in standing_roles(cmap).items():
        standing = sorted(a for a, role in members.items() if role in STANDING_ROLES)
        if include_strong:
            for pair in combinations(standing, 2):
                strong.setdefault(pair, []).append(forum_id)
        if not include_weak:
            continue
        others = sorted(a for a, role in members.items() if role not in STANDING_ROLES)
        for i, u in enumerate(others):
            for v in standing:
                weak.setdefault(_pair(u, v), []).append(forum_id)
            for v in others[i + 1 :]:
                weak.setdefault((u, v), []).append(forum_id)
    return strong, weak


def _relation_pairs(cmap: CollaborationMap) -> dict[tuple[str, str], list[Relation]]:
    relations: dict[tuple[str, str], list[Relation]] = {}
    for r in cmap.relations:
        if r.source != r.target:
            relations.setdefault(_pair(r.source, r.target), []).append(r)
    return relations


def weak_pairs(cmap: CollaborationMap, strong: nx.Graph | None = None) -> set[tuple[str, str]]:
    """Return the actor pairs ``(u, v)``, ``u < v``, that are only weakly connected.

    The same pairs as the ``weak`` edges of :func:`collaboration_network`, without
    building the graph. Pass the map's strong network when you have it, to save
    recomputing it.
    """
    if strong is None:
        strong = collaboration_network(cmap, include_weak=False)
    connected = strong._adj  # plain dicts: asked once per member of every forum
    nowhere: dict = {}
    out: set[tuple[str, str]] = set()
    for members in standing_roles(cmap).values():
        others = [a for a, role in members.items() if role not in STANDING_ROLES]
        for u in others:
            near = connected.get(u, nowhere)
            out.update((u, v) if u < v else (v, u) for v in members if v != u and v not in near)
    return out


def shared_forums(cmap: CollaborationMap, u: str, v: str) -> tuple[str, ...]:
    """Return the forums both ``u`` and ``v`` sit in, in any role, sorted."""
    of_u = {m.forum for m in cmap.forums_of.get(u, ())}
    return tuple(sorted(of_u & {m.forum for m in cmap.forums_of.get(v, ())}))


def strong_network(G: nx.Graph) -> nx.Graph:
    """Return a copy of a collaboration network with only its connections (no weak edges).

    This is the network that ``analysis.md`` means by "connected": single points of
    failure, sector silos, missing expected pairs and the metrics are all measured
    on it.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weak": False}), ("a", "c", {"weak": True})])
    >>> sorted(strong_network(G).edges())
    [('a', 'b')]
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if not d.get("weak", False))
    return H
