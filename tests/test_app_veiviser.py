"""The Veiviser (guided workshop) of the Kartlegging page, step by step, through ``app.py`` with AppTest.

Every test starts from a new empty map in its own store; each save must land in the
store as a new revision, exactly as the Kartlegging tables save.
"""

from __future__ import annotations

import pytest

from samhandling.model import Actor, CollaborationMap, Forum, Membership
from samhandling.store import Store

MAP = "Siljan – verksted"


@pytest.fixture
def store(db_path) -> Store:
    store = Store(db_path)
    store.create_map(MAP, CollaborationMap(), note="ny")
    return store


def widget(elements, prefix: str):
    return next(e for e in elements if str(e.key).startswith(prefix))


def saved(store: Store) -> CollaborationMap:
    return store.load(MAP)[0]


def test_the_mode_switch_opens_the_veiviser_on_step_one_and_puts_the_step_in_the_url(app, store):
    at = app("kartlegging", kart=MAP)
    assert not at.exception
    at.segmented_control(key="kartlegging.mode").set_value("veiviser").run()
    assert not at.exception
    assert at.query_params["steg"] in ("1", ["1"])
    assert at.header[0].value == "Steg 1: Hvem jobber med barn og unge her?"
    at.button(key="veiviser.next").click().run()
    assert at.query_params["steg"] in ("2", ["2"])
    assert at.header[0].value == "Steg 2: Forumene"


def test_a_reload_with_a_step_in_the_url_comes_back_to_that_step(app, store):
    at = app("kartlegging", kart=MAP, steg="4")
    assert not at.exception
    assert at.segmented_control(key="kartlegging.mode").value == "veiviser"
    assert at.header[0].value == "Steg 4: Hvordan går saker videre?"


def test_catalogue_actors_chosen_in_step_one_become_actors_with_their_kategori(app, store):
    at = app("kartlegging", kart=MAP, steg="1")
    widget(at.multiselect, "veiviser.pick.oppvekst.").set_value(["barnehage", "skole", "ppt", "barnevern"])
    widget(at.multiselect, "veiviser.pick.helse.").set_value(["helsestasjon", "bup"])
    widget(at.text_area, "veiviser.custom.actors.").input("NAV\nMOT-coach på ungdomsskolen")
    at.button(key="veiviser.submit.actors").click().run()
    assert not at.exception
    cmap = saved(store)
    by_name = {a.name: a for a in cmap.actors}
    assert {a.category for a in cmap.actors} == {"barnehage", "skole", "ppt", "barnevern", "helsestasjon", "bup",
                                                  "nav", ""}
    assert by_name["Barnehage"].sector == "oppvekst" and by_name["Barnehage"].age_to == 5
    assert by_name["BUP"].admin_level == "region" and by_name["BUP"].type == "partner"
    assert by_name["NAV"].category == "nav"  # typed, but a catalogue word: it gets the catalogue's values
    assert by_name["MOT-coach på ungdomsskolen"].category == ""
    assert store.latest_revision(MAP) == 2
    # What is in the map is no longer offered, and the step shows it as done.
    offered = widget(at.multiselect, "veiviser.pick.oppvekst.").options  # shown names
    assert "Barnehage" not in offered and "SFO" in offered
    assert at.markdown[0].value.endswith("Aktører i kartet: 8.")


def test_an_actor_renamed_in_the_step_keeps_its_id_and_kategori(app, store):
    store.save(MAP, CollaborationMap(actors=(Actor("barnehage", "Barnehage", category="barnehage"),)), 1, "x")
    at = app("kartlegging", kart=MAP, steg="1")
    editor = widget(at.data_editor, "veiviser.editor.actors.")
    at.session_state[editor.key] = {"edited_rows": {0: {"navn": "Barnehagene i Siljan"}}, "added_rows": [],
                                    "deleted_rows": []}
    at.run()
    assert not at.exception
    (actor,) = saved(store).actors
    assert (actor.id, actor.name, actor.category) == ("barnehage", "Barnehagene i Siljan", "barnehage")


def test_catalogue_forums_ticked_in_step_two_get_type_frequency_and_bti_level(app, store):
    at = app("kartlegging", kart=MAP, steg="2")
    for key in ("tverrfaglig_team", "ansvarsgruppe", "ressursteam"):
        widget(at.checkbox, f"veiviser.pick.forum.{key}.").check()
    at.button(key="veiviser.submit.forums").click().run()
    assert not at.exception
    forums = {f.name: f for f in saved(store).forums}
    assert set(forums) == {"Tverrfaglig team", "Ansvarsgruppe", "Ressursteam i barnehage og skole"}
    assert forums["Ansvarsgruppe"].type == "ansvarsgruppe" and forums["Ansvarsgruppe"].bti_level == "3"
    assert forums["Tverrfaglig team"].frequency == "manedlig" and forums["Tverrfaglig team"].bti_level == "2"
    assert widget(at.checkbox, "veiviser.pick.forum.ansvarsgruppe.").disabled  # there already


def _small_map() -> CollaborationMap:
    return CollaborationMap(
        actors=(Actor("barnehage", "Barnehage", category="barnehage"), Actor("ppt", "PPT", category="ppt"),
                Actor("barnevern", "Barnevern", category="barnevern")),
        forums=(Forum("team", "Tverrfaglig team", bti_level="2"), Forum("ag", "Ansvarsgruppe", bti_level="3")),
        memberships=(Membership("team", "ppt", "fast"),),
    )


def test_the_grid_of_step_three_writes_memberships_and_a_leader(app, store):
    store.save(MAP, _small_map(), 1, "x")
    at = app("kartlegging", kart=MAP, steg="3")
    editor = widget(at.data_editor, "veiviser.editor.grid.")
    assert list(editor.value["navn"]) == ["Barnehage", "PPT", "Barnevern"]
    # Row 0 is Barnehage, row 2 Barnevern; the ppt cell of "team" is already "fast".
    at.session_state[editor.key] = {"edited_rows": {0: {"team": "fast"}, 2: {"team": "leder", "ag": "ved_behov"},
                                                    1: {"team": "–"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    cmap = saved(store)
    assert {(m.forum, m.actor, m.role) for m in cmap.memberships} == {
        ("team", "barnehage", "fast"), ("team", "barnevern", "leder"), ("ag", "barnevern", "ved_behov")}
    assert cmap.forum_by_id["team"].leader == "barnevern"
    assert store.latest_revision(MAP) == 3


def test_step_four_saves_bti_level_and_where_cases_go_next(app, store):
    store.save(MAP, _small_map(), 1, "x")
    at = app("kartlegging", kart=MAP, steg="4")
    widget(at.multiselect, "veiviser.next.team.").set_value(["ag"]).run()
    assert not at.exception
    assert saved(store).forum_by_id["team"].forwards_to == ("ag",)
    widget(at.selectbox, "veiviser.level.ag.").set_value("1").run()
    assert not at.exception
    cmap = saved(store)
    assert cmap.forum_by_id["ag"].bti_level == "1" and cmap.forum_by_id["team"].forwards_to == ("ag",)
    ladder = " ".join(m.value for m in at.markdown)
    assert "Tverrfaglig team → Ansvarsgruppe" in ladder


def test_routines_picked_in_step_five_are_saved_with_type_and_status(app, store):
    store.save(MAP, _small_map(), 1, "x")
    at = app("kartlegging", kart=MAP, steg="5")
    widget(at.multiselect, "veiviser.pick.routines.").set_value(["meldingsrutine", "overgang_bhg_skole"])
    widget(at.selectbox, "veiviser.routine_status.").set_value("utkast")
    widget(at.text_area, "veiviser.custom.routines.").input("Samarbeidsavtale PPT–barnehage")
    at.button(key="veiviser.submit.routines").click().run()
    assert not at.exception
    routines = {r.name: r for r in saved(store).routines}
    assert routines["Rutine for bekymringsmelding til barnevernet"].type == "meldingsrutine"
    assert routines["Rutine for overgang barnehage–skole"].type == "overgangsrutine"
    assert routines["Samarbeidsavtale PPT–barnehage"].type == "rutine"
    assert {r.status for r in routines.values()} == {"utkast"}


def test_step_six_shows_the_pathway_and_the_problems_of_the_map_as_it_is(app, store):
    store.save(MAP, _small_map(), 1, "x")
    at = app("kartlegging", kart=MAP, steg="6")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
    assert "Hvor går en bekymring?" in text
    assert "Problemene i kartet (" in text
    assert at.warning and "når ikke koordinert innsats" in at.warning[0].value  # nothing sends cases on


def test_the_veiviser_speaks_nynorsk(app, store, monkeypatch):
    monkeypatch.setenv("SAMHANDLING_LANG", "nn")
    at = app("kartlegging", kart=MAP, steg="1")
    assert not at.exception
    assert at.header[0].value == "Steg 1: Kven arbeider med barn og unge her?"
    options = widget(at.multiselect, "veiviser.pick.oppvekst.")
    assert {"Grunnskule", "PP-tenesta (PPT)", "Barnevernstenesta"} <= set(options.options)  # shown names


def test_names_from_the_map_reach_every_step_as_plain_text(app, store):
    image, script = "![x](http://evil.example/p.png)", "<script>alert(1)</script>"
    store.save(MAP, CollaborationMap(
        actors=(Actor("a", image, category="barnehage"),),
        forums=(Forum("f", script, bti_level="2", forwards_to=("g",)), Forum("g", "**Fet**", bti_level="3")),
        memberships=(Membership("f", "a", "fast"),),
    ), 1, "x")
    for step in range(1, 7):
        at = app("kartlegging", kart=MAP, steg=str(step))
        assert not at.exception, step
        shown = " ".join(m.value for m in at.markdown)
        assert "![x](http" not in shown and "<script>" not in shown and "**Fet**" not in shown, (step, shown)
