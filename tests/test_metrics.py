"""Analysis.metrics: map counts, density, sectors, per-actor numbers, betweenness, age coverage."""

import json

import networkx as nx
import pytest

from samhandling.analysis import Thresholds, analyze
from samhandling.analysis.metrics import betweenness
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation


def _chain() -> CollaborationMap:
    # skole – ppt – hs in a line through relations; nav only weakly (ved_behov) in a forum with ppt.
    return CollaborationMap(
        actors=(
            Actor("skole", "Skolen", sector="oppvekst"),
            Actor("ppt", "PPT", sector="oppvekst"),
            Actor("hs", "Helsestasjonen", sector="helse"),
            Actor("nav", "NAV", sector="velferd"),
        ),
        forums=(Forum("f", "Team", frequency="manedlig", duration_hours=2.0),),
        memberships=(Membership("f", "ppt", "leder"), Membership("f", "nav", "ved_behov")),
        relations=(Relation("skole", "ppt"), Relation("ppt", "hs")),
    )


def test_map_metrics_count_tables_connections_density_and_cross_sector_share():
    # 2 connections of 6 possible; one of them (ppt–hs) crosses sectors; ppt–nav is weak.
    metrics = analyze(_chain()).metrics["map"]
    assert metrics == {
        "actors": 4,
        "forums": 1,
        "memberships": 2,
        "relations": 2,
        "routines": 0,
        "expectations": 0,
        "connections": 2,
        "weak_connections": 1,
        "density": round(2 / 6, 6),
        "cross_sector_share": 0.5,
    }


def test_actor_metrics_give_connections_forums_hours_and_betweenness():
    # ppt sits between skole and hs: all shortest paths between them pass through it.
    actors = analyze(_chain()).metrics["actors"]
    assert actors["ppt"] == {
        "name": "PPT",
        "sector": "oppvekst",
        "connections": 2,
        "forums": 1,
        "meeting_hours_per_month": 2.0,
        "betweenness": round(1 / 3, 6),
    }
    assert actors["nav"]["connections"] == 0
    assert actors["nav"]["forums"] == 1
    assert actors["nav"]["meeting_hours_per_month"] == 0.0  # ved_behov is not a standing forum


def test_sector_matrix_counts_connections_both_ways_across_sectors():
    matrix = analyze(_chain()).metrics["sector_matrix"]
    assert matrix == {"helse": {"oppvekst": 1}, "oppvekst": {"helse": 1, "oppvekst": 1}}


def test_age_coverage_has_every_age_from_0_to_24():
    coverage = analyze(_chain()).metrics["age_coverage"]
    assert list(coverage) == [str(age) for age in range(25)]
    assert set(coverage.values()) == {0}


def test_metrics_are_plain_json():
    metrics = analyze(_chain()).metrics
    assert json.loads(json.dumps(metrics)) == metrics


def test_sampled_betweenness_is_repeatable_and_close_to_exact_on_a_big_graph():
    # Above the exact limit, a fixed seed gives the same numbers every time.
    G = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=1)
    G = nx.relabel_nodes(G, {i: f"n{i}" for i in G})
    small = Thresholds(betweenness_exact_max_nodes=100, betweenness_samples=200)
    sampled = betweenness(G, small)
    assert sampled == betweenness(G, small)
    exact = nx.betweenness_centrality(G)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:10]
    top_sampled = sorted(sampled, key=sampled.get, reverse=True)[:20]
    assert len(set(top_exact) & set(top_sampled)) >= 6
    assert sum(sampled.values()) == pytest.approx(sum(exact.values()), rel=0.15)


def test_sampled_betweenness_with_every_node_as_source_is_exact():
    G = nx.relabel_nodes(nx.gnm_random_graph(50, 120, seed=4), str)
    all_sources = Thresholds(betweenness_exact_max_nodes=10, betweenness_samples=50)
    # 50 samples of 50 nodes is no sample: the exact branch is taken, which is what we compare against.
    assert betweenness(G, all_sources) == pytest.approx(nx.betweenness_centrality(G))
    sampled_all = Thresholds(betweenness_exact_max_nodes=10, betweenness_samples=49)
    values = betweenness(G, sampled_all)
    assert set(values) == set(G)


def test_exact_betweenness_is_networkx_exact_with_isolated_actors_and_several_components():
    # Exact up to the limit, counted in igraph: the same numbers as NetworkX, to rounding.
    G = nx.relabel_nodes(nx.gnm_random_graph(600, 2400, seed=7), lambda i: f"a{i}")
    G.add_edges_from([("x1", "x2"), ("x2", "x3")])  # a second component: x2 sits between x1 and x3
    G.add_node("alone")
    values = betweenness(G, Thresholds(betweenness_exact_max_nodes=1500))
    expected = nx.betweenness_centrality(G)
    assert set(values) == set(expected)
    assert max(abs(values[n] - expected[n]) for n in G) < 1e-12
    assert values["alone"] == 0.0 and values["x2"] > 0.0


def test_exact_betweenness_of_1500_actors_has_no_time_cliff():
    # NetworkX took ~10 s for 1,500 actors, the sample above the limit ~0.3 s: igraph keeps it under a second.
    import time

    G = nx.relabel_nodes(nx.gnm_random_graph(1500, 30000, seed=3), str)
    start = time.process_time()
    betweenness(G, Thresholds(betweenness_exact_max_nodes=1500))
    assert time.process_time() - start < 5.0
