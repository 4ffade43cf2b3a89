"""The two-mode graph and the actor-level collaboration network (analysis.md, "Graph model")."""

from samhandling.graph import (
    build_graph,
    collaboration_network,
    routine_pairs,
    shared_forums,
    strong_network,
    weak_pairs,
)
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation, Routine


def _actors(*ids: str) -> tuple[Actor, ...]:
    return tuple(Actor(i, i.upper()) for i in ids)


def test_two_mode_graph_has_actors_and_forums_as_nodes_and_memberships_as_edges():
    cmap = CollaborationMap(
        actors=_actors("skole", "ppt"),
        forums=(Forum("team", "Ressursteam"),),
        memberships=(Membership("team", "skole", "leder"), Membership("team", "ppt")),
    )
    G = build_graph(cmap)
    assert G.nodes["skole"]["kind"] == "actor"
    assert G.nodes["team"]["kind"] == "forum"
    assert G.nodes["team"]["name"] == "Ressursteam"
    assert G.edges["skole", "team"] == {"kind": "membership", "role": "leder"}
    assert G.number_of_edges() == 2


def test_two_relations_between_the_same_pair_are_both_kept_on_one_edge():
    # A referral one way and a formal agreement the other way: one edge, two relations.
    cmap = CollaborationMap(
        actors=_actors("skole", "ppt"),
        relations=(
            Relation("skole", "ppt", "henvisning"),
            Relation("ppt", "skole", "avtale", formalised=True),
        ),
    )
    edge = build_graph(cmap).edges["skole", "ppt"]
    assert edge["kind"] == "relation"
    assert edge["type"] == "henvisning"
    assert [r["type"] for r in edge["relations"]] == ["henvisning", "avtale"]
    assert [r["formalised"] for r in edge["relations"]] == [False, True]


def test_standing_members_of_one_forum_are_all_connected_to_each_other():
    # Three standing members make a triangle: n(n-1)/2 = 3 edges.
    cmap = CollaborationMap(
        actors=_actors("a", "b", "c"),
        forums=(Forum("f", "F"),),
        memberships=(Membership("f", "a", "leder"), Membership("f", "b"), Membership("f", "c", "sekretar")),
    )
    G = collaboration_network(cmap)
    assert sorted(G.edges()) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert all(not d["weak"] for _, _, d in G.edges(data=True))
    assert G.edges["a", "b"]["forums"] == ("f",)


def test_a_member_invited_only_when_needed_is_weakly_connected():
    # c is ved_behov and d observator: every pair involving them is weak; a–b is a real connection.
    cmap = CollaborationMap(
        actors=_actors("a", "b", "c", "d"),
        forums=(Forum("f", "F"),),
        memberships=(
            Membership("f", "a"),
            Membership("f", "b"),
            Membership("f", "c", "ved_behov"),
            Membership("f", "d", "observator"),
        ),
    )
    G = collaboration_network(cmap)
    assert G.edges["a", "b"]["weak"] is False
    assert G.edges["a", "c"]["weak"] is True
    assert G.edges["c", "d"]["weak"] is True
    assert sorted(strong_network(G).edges()) == [("a", "b")]
    assert sorted(collaboration_network(cmap, include_weak=False).edges()) == [("a", "b")]
    assert weak_pairs(cmap) == {("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")}


def test_a_relation_makes_a_weak_pair_a_real_connection():
    # a is only ved_behov in the shared forum, but a relation links a and b directly.
    cmap = CollaborationMap(
        actors=_actors("a", "b"),
        forums=(Forum("f", "F"),),
        memberships=(Membership("f", "a", "ved_behov"), Membership("f", "b")),
        relations=(Relation("b", "a"),),
    )
    edge = collaboration_network(cmap).edges["a", "b"]
    assert edge["weak"] is False
    assert edge["relations"] == (Relation("b", "a"),)
    assert shared_forums(cmap, "a", "b") == ("f",)


def test_connection_is_structured_by_formal_relation_mandate_or_routine_in_force():
    # a–b: formalised relation; c–d: shared forum with a mandate; e–f: routine vedtatt;
    # g–h: informal relation and only a draft routine, so not structured.
    cmap = CollaborationMap(
        actors=_actors("a", "b", "c", "d", "e", "f", "g", "h"),
        forums=(Forum("m", "Med mandat", has_mandate=True),),
        memberships=(Membership("m", "c"), Membership("m", "d")),
        relations=(
            Relation("a", "b", formalised=True),
            Relation("e", "f"),
            Relation("g", "h"),
        ),
        routines=(
            Routine("r1", "Avtale", parties=("f", "e"), status="vedtatt"),
            Routine("r2", "Utkast", parties=("g", "h"), status="utkast"),
        ),
    )
    G = collaboration_network(cmap)
    assert G.edges["a", "b"]["structured"] is True
    assert G.edges["c", "d"]["structured"] is True
    assert G.edges["e", "f"]["structured"] is True
    assert G.edges["g", "h"]["structured"] is False
    assert routine_pairs(cmap) == {("e", "f")}


def test_the_same_actor_listed_twice_in_a_forum_counts_with_its_strongest_role():
    cmap = CollaborationMap(
        actors=_actors("a", "b"),
        forums=(Forum("f", "F"),),
        memberships=(Membership("f", "a", "ved_behov"), Membership("f", "a", "fast"), Membership("f", "b")),
    )
    assert collaboration_network(cmap).edges["a", "b"]["weak"] is False
    assert build_graph(cmap).edges["a", "f"]["role"] == "fast"


def test_every_actor_is_a_node_even_without_connections():
    cmap = CollaborationMap(actors=_actors("alone"))
    G = collaboration_network(cmap)
    assert list(G.nodes()) == ["alone"]
    assert G.nodes["alone"]["name"] == "ALONE"


def test_the_network_is_the_graph_add_edges_from_would_build(monkeypatch):
    # collaboration_network fills the adjacency itself (a second faster on a country map): the
    # same nodes, neighbours in the same order and the same edge attributes as add_edges_from.
    import random

    import samhandling.graph as graph

    rng = random.Random(7)
    actors = tuple(Actor(f"a{i:02d}", f"A{i}") for i in range(40))
    forums = tuple(Forum(f"f{i}", f"F{i}", has_mandate=i % 2 == 0) for i in range(12))
    roles = ("leder", "fast", "sekretar", "ved_behov", "observator")
    memberships = tuple(Membership(f.id, rng.choice(actors).id, rng.choice(roles)) for f in forums for _ in range(6))
    relations = tuple(Relation(rng.choice(actors).id, rng.choice(actors).id, "samarbeid", formalised=rng.random() < 0.3)
                      for _ in range(30))
    cmap = CollaborationMap(actors=actors, forums=forums, memberships=memberships, relations=relations)
    for weak in (True, False):
        fast = graph.collaboration_network(cmap, include_weak=weak)
        with monkeypatch.context() as m:
            m.setattr(graph, "_add_new_edges", lambda G, edges: G.add_edges_from(edges))
            reference = graph.collaboration_network(cmap, include_weak=weak)
        assert fast.number_of_edges() > 20
        assert list(fast.nodes(data=True)) == list(reference.nodes(data=True))
        assert [(u, list(nbrs.items())) for u, nbrs in fast.adjacency()] == \
            [(u, list(nbrs.items())) for u, nbrs in reference.adjacency()]
