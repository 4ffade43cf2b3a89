"""GraphML, GEXF and Kumu JSON: maps go out to other graph tools and come back equal."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from samhandling.errors import MapFileError
from samhandling.io.exchange import export_bytes, import_bytes
from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership, Position, Relation, Routine

REPO = Path(__file__).resolve().parents[1]


def sami_map() -> CollaborationMap:
    return CollaborationMap(
        actors=(
            Actor("bv", "Barnevernstjenesten", "barnevern", "tjeneste", "oppvekst", "interkommunalt", 0, 23,
                  municipality="Guovdageaidnu", description="Dekker to kommuner"),
            Actor("skole", "Unjárga skuvla – čđŋšŧž", "skole", sector="oppvekst", age_from=6, age_to=15,
                  municipality="Unjárga"),
            Actor("team", "Nærværsteam", "", "team", "oppvekst", age_from=16, age_to=24, belongs_to="bv"),
            Actor("bti", "BTI", "", "satsing", "helse"),
        ),
        forums=(
            Forum("tt", "Tiltaksteam barn og unge", "tverrfaglig_team", "individ", "manedlig", 2.5, "bv", True,
                  0, 24, ("fravær", "16–24")),
        ),
        memberships=(Membership("tt", "bv", "leder"), Membership("tt", "skole"), Membership("tt", "team", "ved_behov")),
        relations=(
            Relation("skole", "bv", "informasjon", True, "individ", "r1", "Opplysningsplikt"),
            Relation("skole", "bv", "samarbeid"),
        ),
        routines=(Routine("r1", "Samarbeidsavtale", "samarbeidsavtale", ("skole", "bv"), "vedtatt", "bv",
                          date(2026, 6, 1)),),
        info=MapInfo("Finnmark", "Unjárga", date(2025, 3, 1), "Test"),
        positions=(Position("bv", 0.0, 0.0), Position("skole", 120.5, -40.25), Position("team", -80.0, 60.0),
                   Position("bti", 200.0, 10.0), Position("tt", 40.0, 90.0)),
    )


def network_only(cmap: CollaborationMap) -> CollaborationMap:
    return cmap.with_changes(routines=(), expectations=(), info=MapInfo(),
                             relations=tuple(r.__class__(r.source, r.target, r.type, r.formalised, r.level, "",
                                                         r.description) for r in cmap.relations))


def test_graphml_round_trip_keeps_the_whole_map():
    cmap = sami_map()
    result = import_bytes(export_bytes(cmap, "graphml"), "graphml")
    assert result.map == cmap
    assert result.warnings == ()


@pytest.mark.parametrize("fmt", ["gexf", "kumu"])
def test_gexf_and_kumu_round_trips_keep_actors_forums_memberships_and_relations(fmt):
    cmap = network_only(sami_map())
    if fmt == "kumu":  # Kumu lays out its own maps: no positions
        cmap = cmap.with_changes(positions=())
    result = import_bytes(export_bytes(cmap, fmt), fmt)
    assert result.map == cmap


@pytest.mark.parametrize("fmt", ["gexf", "kumu"])
def test_a_relation_linked_to_a_routine_loses_only_that_link_in_gexf_and_kumu_with_a_warning(fmt):
    # GEXF and Kumu carry no routines, but the relation skole -> bv names routine r1.
    result = import_bytes(export_bytes(sami_map(), fmt), fmt)
    expected = network_only(sami_map())
    assert result.map == (expected.with_changes(positions=()) if fmt == "kumu" else expected)
    assert [(w.table, w.row, w.column, w.value) for w in result.warnings] == [("relasjoner", 1, "rutine", "r1")]
    assert "viser til rutinen «r1», som ikke følger med i filen" in result.warnings[0].message


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "kumu"])
@pytest.mark.parametrize("example", sorted(p.name for p in (REPO / "data").glob("*.yaml")))
def test_every_example_map_goes_out_and_comes_back_with_its_network(fmt, example):
    from samhandling.io import load_map

    cmap = load_map(REPO / "data" / example).map
    back = import_bytes(export_bytes(cmap, fmt), fmt).map
    expected = cmap if fmt == "graphml" else network_only(cmap)
    assert back.actors == expected.actors and back.forums == expected.forums
    # Edges come back grouped per node, so their order may differ; the sets may not.
    assert sorted(map(repr, back.memberships)) == sorted(map(repr, expected.memberships))
    assert sorted(map(repr, back.relations)) == sorted(map(repr, expected.relations))
    assert (back.routines, back.expectations, back.info) == (expected.routines, expected.expectations, expected.info)


def test_an_exported_gexf_opens_in_networkx_with_its_attributes():
    graph = nx.read_gexf(__import__("io").BytesIO(export_bytes(sami_map(), "gexf")))
    assert graph.nodes["skole"]["label"] == "Unjárga skuvla – čđŋšŧž"
    assert graph.nodes["skole"]["sektor"] == "oppvekst"
    assert graph.nodes["tt"]["element"] == "forum" and graph.nodes["tt"]["mandat"] is True
    roles = {d["rolle"] for _, _, d in graph.edges(data=True) if d["element"] == "deltakelse"}
    assert roles == {"leder", "fast", "ved_behov"}


def test_an_exported_graphml_opens_in_igraph():
    igraph = pytest.importorskip("igraph")
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".graphml") as handle:
        handle.write(export_bytes(sami_map(), "graphml"))
        handle.flush()
        graph = igraph.Graph.Read_GraphML(handle.name)
    assert sorted(graph.vs["label"])[0] == "BTI"
    assert graph.ecount() == 5


def test_a_foreign_kumu_map_is_mapped_onto_our_vocabulary_with_warnings():
    blueprint = {
        "elements": [
            {"label": "Skole A", "type": "Organisation", "sektor": "Education"},
            {"label": "BUP", "sektor": "helse"},
        ],
        "connections": [{"from": "Skole A", "to": "BUP", "type": "referral"}],
    }
    result = import_bytes(json.dumps(blueprint).encode(), "kumu")
    names = {a.name for a in result.map.actors}
    assert names == {"Skole A", "BUP"}
    assert result.map.actor_by_id["BUP"].sector == "helse"
    messages = [str(w) for w in result.warnings]
    assert any("«Education» er ikke et kjent ord for «sektor»" in m for m in messages), messages
    assert any("«Skole A» har tegn som ikke er lov" in m for m in messages), messages
    assert len(result.map.relations) == 1 and result.map.relations[0].type == "samarbeid"


def test_xml_with_entities_is_refused():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>
    <graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
    <node id="&lol2;"/></graph></graphml>"""
    with pytest.raises(MapFileError) as error:
        import_bytes(bomb, "graphml")
    assert "DTD" in str(error.value)


def test_garbage_is_a_map_file_error_not_a_crash():
    for fmt in ("graphml", "gexf", "kumu"):
        with pytest.raises(MapFileError):
            import_bytes(b"\x00\x01 ikke en graf", fmt)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gephi_gets_the_saved_layout_and_the_sector_colours(fmt):
    cmap = sami_map()
    graph = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(io.BytesIO(export_bytes(cmap, fmt)))
    skole = graph.nodes["skole"]
    if fmt == "gexf":
        assert skole["viz"]["position"]["x"] == 120.5 and skole["viz"]["position"]["y"] == 40.25  # y up in Gephi
        assert (skole["viz"]["color"]["r"], skole["viz"]["color"]["g"], skole["viz"]["color"]["b"]) == (136, 204, 238)
    else:
        assert (skole["x"], skole["y"], skole["r"], skole["g"], skole["b"]) == (120.5, 40.25, 136, 204, 238)


def test_a_map_without_a_saved_layout_is_exported_laid_out_and_comes_back_with_it():
    cmap = network_only(sami_map()).with_changes(positions=())
    back = import_bytes(export_bytes(cmap, "gexf"), "gexf").map
    assert back.with_changes(positions=()) == cmap
    assert set(back.position_by_id) == {"bv", "skole", "team", "bti", "tt"}
    assert len(set(back.position_by_id.values())) == 5
