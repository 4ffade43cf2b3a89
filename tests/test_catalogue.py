"""The workshop catalogue (actors, forums, routines) speaks the file format's words and loads as a map."""

from __future__ import annotations

from samhandling import catalogue
from samhandling import vocabulary as v
from samhandling.io import map_from_tables
from samhandling.ui.veiviser_rows import (
    add_actors,
    add_custom_actors,
    add_custom_forums,
    add_forums,
    add_routines,
    grid_rows,
    memberships_from_grid,
    progress,
    set_ladder,
)


def test_every_catalogue_actor_has_a_known_kategori_sector_type_and_ages():
    actors = catalogue.actors()
    assert len(actors) >= 40
    assert len({a.category for a in actors}) == len(actors)
    for actor in actors:
        assert actor.category in v.CATEGORIES, actor
        assert actor.sector in v.SECTORS and actor.type in v.ACTOR_TYPES and actor.admin_level in v.ADMIN_LEVELS
        assert 0 <= actor.age_from <= actor.age_to <= 24
        assert actor.name and actor.name_nn


def test_every_catalogue_forum_has_a_known_type_frequency_and_bti_level():
    forums = catalogue.forums()
    keys = {f.key for f in forums}
    assert {"tverrfaglig_team", "ansvarsgruppe", "drofteteam", "slt", "bti_team", "styringsgruppe",
            "naervaersteam", "overgang_bhg_skole"} <= keys
    for forum in forums:
        assert forum.type in v.FORUM_TYPES and forum.level in v.LEVELS and forum.frequency in v.FREQUENCIES
        assert forum.bti_level in ("", *v.BTI_LEVELS)
        assert forum.mandate and forum.mandate_nn
    assert {f.key: f.bti_level for f in forums}["ansvarsgruppe"] == "3"


def test_the_whole_catalogue_picked_at_once_loads_as_a_valid_map():
    tables = add_actors({}, [a.category for a in catalogue.actors()], "nb")
    tables = add_forums(tables, [f.key for f in catalogue.forums()], "nb")
    tables = add_routines(tables, [r.key for r in catalogue.routines()], "", "vedtatt", "nb")
    result = map_from_tables(tables, first_row=1)
    assert len(result.map.actors) == len(catalogue.actors())
    assert len(result.map.forums) == len(catalogue.forums())
    assert {r.type for r in result.map.routines} <= set(v.ROUTINE_TYPES)
    assert not [w for w in result.warnings if "kategori" in str(w)]


def test_picking_an_actor_twice_or_typing_a_name_already_there_adds_nothing():
    tables = add_actors({}, ["ppt", "ppt"], "nb")
    tables = add_custom_actors(tables, "PP-tjenesten (PPT)\npp-tjenesten (ppt)\n", "nb")
    assert [r["navn"] for r in tables["aktører"]] == ["PP-tjenesten (PPT)"]


def test_nynorsk_names_come_from_the_catalogue():
    tables = add_actors({}, ["skole", "barnevern"], "nn")
    assert [r["navn"] for r in tables["aktører"]] == ["Grunnskule", "Barnevernstenesta"]


def test_ids_are_made_from_names_and_never_clash_across_actors_and_forums():
    tables = add_custom_actors({}, "Tverrfaglig team", "nb")
    tables = add_custom_forums(tables, "Tverrfaglig team")
    assert tables["aktører"][0]["id"] == "tverrfaglig-team"
    assert tables["fora"][0]["id"] == "tverrfaglig-team-2"


def test_the_grid_round_trips_and_an_emptied_cell_removes_the_membership():
    tables = add_actors({}, ["ppt", "barnevern"], "nb")
    tables = add_forums(tables, ["tverrfaglig_team"], "nb")
    forum = tables["fora"][0]["id"]
    grid = [{"aktør": "pp-tjenesten-ppt", forum: "leder"}, {"aktør": "barnevernstjenesten", forum: "sekretar"}]
    tables = memberships_from_grid(tables, grid)
    assert grid_rows(tables) == grid
    assert tables["fora"][0]["leder"] == "pp-tjenesten-ppt"
    tables = memberships_from_grid(tables, [{"aktør": "pp-tjenesten-ppt", forum: ""}])
    assert tables["deltakelse"] == []
    assert tables["fora"][0]["leder"] == "pp-tjenesten-ppt"  # a leader once set is the room's to change


def test_a_membership_that_stays_keeps_its_other_columns():
    tables = {"aktører": [{"id": "a", "navn": "A"}], "fora": [{"id": "f", "navn": "F"}],
              "deltakelse": [{"forum": "f", "aktør": "a", "rolle": "fast", "kilde": "Gruppe 2"}]}
    tables = memberships_from_grid(tables, [{"aktør": "a", "f": "ved_behov"}])
    assert tables["deltakelse"] == [{"forum": "f", "aktør": "a", "rolle": "ved_behov", "kilde": "Gruppe 2"}]


def test_a_forum_never_sends_cases_to_itself():
    tables = {"fora": [{"id": "f", "navn": "F"}, {"id": "g", "navn": "G"}]}
    tables = set_ladder(tables, "f", "2", ["f", "g", "g"])
    assert tables["fora"][0] == {"id": "f", "navn": "F", "bti_nivå": "2", "videre_til": "g"}


def test_progress_counts_what_is_done_and_left_per_step():
    tables = {"aktører": [{"id": "a"}], "fora": [{"id": "f", "bti_nivå": "2"}, {"id": "g"}],
              "deltakelse": [{"forum": "f", "aktør": "a"}]}
    steps = {s.step: s for s in progress(tables)}
    assert (steps["aktorer"].done, steps["aktorer"].finished) == (1, True)
    assert (steps["deltakelse"].done, steps["deltakelse"].total, steps["deltakelse"].finished) == (1, 2, False)
    assert (steps["stigen"].done, steps["stigen"].finished) == (1, False)
    assert steps["rutiner"].finished is False
