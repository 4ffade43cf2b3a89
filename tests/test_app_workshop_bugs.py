"""Bugs seen in a workshop (issue 10), each driven through ``app.py`` with AppTest."""

from __future__ import annotations

from map_page import page_data
from test_app_kart_helpers import component_data

from samhandling.maps import render_map_html
from samhandling.store import Store
from samhandling.ui.kart import FILTERS_KEY
from samhandling.ui.kart_table import TABLES_KEY
from tests.conftest import open_page


def new_empty_map(at, name: str):
    at.sidebar.text_input[0].input(name)
    at.sidebar.button[0].click()
    return at.run()


def add_actor(at, name: str):
    at.text_input(key="kartlegging.actor.name").input(name)
    at.button(key="kartlegging.submit.actor").click()
    return at.run()


def test_ny_relasjon_sees_actors_added_to_an_empty_map_without_a_reload(app, db_path):
    at = app("kartlegging")
    at = new_empty_map(at, "Tomt verksted")
    assert at.sidebar.selectbox[0].value == "Tomt verksted"
    at = open_page(at, "kartlegging").run()
    at = add_actor(at, "Helsestasjon")
    at = add_actor(at, "Barnehage Sør")
    assert not at.exception and [e.value for e in at.error] == []
    source = next(s for s in at.selectbox if s.key.startswith("kartlegging.relation.source"))
    target = next(s for s in at.selectbox if s.key.startswith("kartlegging.relation.target"))
    assert source.value == "helsestasjon" and target.value == "barnehage-sør"
    at.button(key="kartlegging.submit.relation").click()
    at = at.run()
    assert [e.value for e in at.error] == []
    cmap, _ = Store(db_path).load("Tomt verksted")
    assert [(r.source, r.target) for r in cmap.relations] == [("helsestasjon", "barnehage-sør")]


GOOD = """\
om:
  - tittel: Kautokeino – Guovdageaidnu
aktører:
  - id: ppt
    navn: PPT Guovdageaidnu
    sektor: oppvekst
""".encode()


def test_saving_an_upload_as_a_new_map_closes_the_save_form(app):
    at = app("data")
    at.file_uploader(key="data.upload").set_value(("g.yaml", GOOD, "application/octet-stream"))
    at = at.run()
    at.button[[b.label for b in at.button].index("Lagre som nytt kart")].click()
    at = at.run()
    assert not at.exception and [e.value for e in at.error] == []
    assert at.sidebar.selectbox[0].value == "Kautokeino – Guovdageaidnu"
    labels = [b.label for b in at.button]
    assert "Lagre som nytt kart" not in labels
    assert not any(label.startswith("Erstatt «") for label in labels)
    assert [s.value for s in at.success] == ["Kartet «Kautokeino – Guovdageaidnu» er lagret og valgt."]
    at = at.run()  # any later run: the same file is not offered again
    assert "Lagre som nytt kart" not in [b.label for b in at.button]


def test_kart_is_titled_with_the_name_of_a_map_made_in_the_app(app, db_path):
    from samhandling.model import Actor, CollaborationMap

    Store(db_path).create_map("Verksted Ørsta", CollaborationMap(actors=(Actor("ppt", "PPT"),)))
    at = app(kart="Verksted Ørsta")
    assert not at.exception
    assert at.title[0].value == "Verksted Ørsta"


def test_the_collapsed_filters_say_how_many_are_on(app):
    at = app()
    assert at.main.expander[0].label == "Filtre"
    at.session_state[FILTERS_KEY] = True  # what opening the expander does (its widgets are made then)
    at = at.run()
    at.multiselect(key="kart.f_sector").set_value(["helse"])
    at.toggle(key="kart.f_weak").set_value(False)
    at = at.run()
    assert not at.exception
    assert at.main.expander[0].label == "Filtre (2 aktive)"


def test_searching_a_node_hidden_by_a_filter_says_why_the_map_is_empty(app):
    at = app()
    at.session_state[FILTERS_KEY] = True
    at = at.run()
    at.multiselect(key="kart.f_sector").set_value(["helse"])
    at = at.run()
    at.selectbox(key="kart.focus").set_value("nav")  # NAV is velferd: filtered out
    at = at.run()
    assert not at.exception
    assert at.warning[0].value == (
        "«NAV Siljan» er skjult av filtrene under «Filtre». Fjern filtrene for å se den i kartet."
    )


def test_a_new_tab_opens_the_map_in_use_not_the_first_example(app):
    at = app("kartlegging")
    at = new_empty_map(at, "Verksted Vadsø")
    assert at.sidebar.selectbox[0].value == "Verksted Vadsø"
    fresh = app()  # a new tab: no session state, no ?kart=
    assert fresh.sidebar.selectbox[0].value == "Verksted Vadsø"


def test_a_dragged_node_is_saved_with_the_map_and_used_after_a_reload(app, db_path):
    at = app()
    name = at.sidebar.selectbox[0].value
    _, revision = Store(db_path).load(name)
    at.session_state["kart.network"] = {"selected": None, "dragged": {"nav": [812.0, -433.0]}}
    at = at.run()
    assert not at.exception
    cmap, new_revision = Store(db_path).load(name)
    assert new_revision == revision + 1
    assert cmap.position_by_id["nav"] == (812.0, -433.0)
    assert len(cmap.positions) == len(cmap.actors) + len(cmap.forums)  # the whole picture is kept
    fresh = app(kart=name)  # a reload: the node is where it was put

    nav = next(n for n in component_data(fresh, "kart.network")["nodes"] if n["id"] == "nav")
    assert (nav["x"], nav["y"]) == (812.0, -433.0)
    on_page = next(n for n in page_data(render_map_html(cmap))["nodes"] if n["id"] == "nav")
    assert (on_page["x"], on_page["y"]) == (812.0, -433.0)  # the offline HTML export too


def test_nytt_forum_takes_its_duration_with_a_decimal_comma_and_the_editor_shows_one(app, db_path):
    at = app("kartlegging")
    name = at.sidebar.selectbox[0].value
    assert at.text_input(key="kartlegging.forum.hours").value == "1,5"
    at.text_input(key="kartlegging.forum.name").input("Oppvekstmøte")
    at.text_input(key="kartlegging.forum.hours").input("2,5")
    at.button(key="kartlegging.submit.forum").click()
    at = at.run()
    assert not at.exception and [e.value for e in at.error] == []
    cmap, _ = Store(db_path).load(name)
    forum = next(f for f in cmap.forums if f.name == "Oppvekstmøte")
    assert forum.duration_hours == 2.5
    fora = next(e for e in at.data_editor if e.key.startswith("kartlegging.editor.fora."))
    shown = dict(zip(fora.value["navn"], fora.value["varighet_timer"], strict=True))
    assert shown["Oppvekstmøte"] == "2,5"
    # empty select cells hold a dash, never a null the editor would draw as "None"
    relations = next(e for e in at.data_editor if e.key.startswith("kartlegging.editor.relasjoner."))
    assert relations.value["rutine"].notna().all() and "–" in set(relations.value["rutine"])


def test_a_duration_that_is_not_a_number_is_refused_with_a_message(app):
    at = app("kartlegging")
    at.text_input(key="kartlegging.forum.name").input("Oppvekstmøte")
    at.text_input(key="kartlegging.forum.hours").input("halvannen")
    at.button(key="kartlegging.submit.forum").click()
    at = at.run()
    assert [e.value for e in at.error] == [
        "«halvannen» er ikke en varighet. Skriv antall timer fra 0 til 24, for eksempel 1,5."
    ]


def test_kart_has_the_map_as_tables_following_the_filters(app, db_path):
    at = app()
    assert not at.main.tabs and not at.main.dataframe  # built when their expander is opened
    at.session_state[TABLES_KEY] = True  # what opening the expander does
    at = at.run()
    tabs = [tab.label for tab in at.main.tabs]
    assert [label.split(" (")[0] for label in tabs] == ["Aktører", "Fora", "Hvem sitter hvor", "Relasjoner"]
    cmap, _ = Store(db_path).load(at.sidebar.selectbox[0].value)
    actors = at.main.dataframe[0].value
    assert len(actors) == len(cmap.actors) and "NAV Siljan" in set(actors["Navn"])
    at.session_state[FILTERS_KEY] = True
    at = at.run()
    at.multiselect(key="kart.f_sector").set_value(["helse"])
    at = at.run()
    actors = at.main.dataframe[0].value
    assert set(actors["Sektor"]) == {"Helse"} and "NAV Siljan" not in set(actors["Navn"])


def test_no_select_box_in_kartlegging_shows_streamlits_english_placeholder(app):
    """A select box whose value is None shows its placeholder: "Choose an option" unless we set one."""
    at = app("kartlegging")
    assert not at.exception
    placeholders = {box.label: box.proto.placeholder for box in [*at.selectbox, *at.multiselect]}
    assert placeholders.get("Innflytelse (0–5)") == "Ikke vurdert", placeholders
    english = {label: text for label, text in placeholders.items() if "Choose" in text or "option" in text}
    assert english == {}
