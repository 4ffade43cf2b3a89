"""Voices in the room in the app: "Vi er: Gruppe 2" stamps what is added in Kartlegging,
a disagreement between two groups shows on Funn, and Kart sizes nodes by influence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_text import shown as displayed
from test_app_kart_helpers import component_data, texts

from samhandling.io import load_map
from samhandling.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "to-grupper-uenige.yaml"
NAME = "Verksted med to grupper"


@pytest.fixture
def store(db_path) -> Store:
    return Store(db_path)


def _with_fixture(app, store: Store, page: str | None):
    app()  # the first run seeds the store with the examples
    store.create_map(NAME, load_map(FIXTURE).map)
    return app(page, kart=NAME)


def test_a_disagreement_between_two_groups_shows_on_funn_with_both_groups(app, store):
    at = _with_fixture(app, store, "funn")
    assert not at.exception and not at.error
    assert "Punkter å drøfte (3)" in [h.value.split("] ", 1)[-1] for h in at.subheader]
    shown = displayed(texts(at))
    assert "- Gruppe 1: fast medlem\n- Gruppe 2: ved behov" in shown
    assert "- Gruppe 1: samarbeid (formalisert)\n- Gruppe 2: ingen kobling" in shown
    # Not a problem to fix: the problem list does not repeat them.
    assert "Uenighet – punkt å drøfte" not in "\n".join(at.multiselect(key="funn.f_kind").options)
    at.button(key="funn.show.disagreement:barnevern|tt").click().run()
    edges = {e["id"]: e for e in component_data(at, "funn.network")["edges"]}
    assert edges["m:tt|barnevern"]["dashes"] == [10, 6]
    assert "Gruppe 2: ved behov" in edges["m:tt|barnevern"]["title"]


def test_vi_er_gruppe_2_stamps_every_row_added_in_kartlegging_and_survives_a_reload(app, store):
    at = app("kartlegging")
    name = at.sidebar.selectbox[0].value
    at.text_input(key="kartlegging.group").input("Gruppe 2").run()
    assert at.query_params["gruppe"] in ("Gruppe 2", ["Gruppe 2"])
    at.text_input(key="kartlegging.actor.name").input("Ungdomslos")
    at.selectbox(key="kartlegging.actor.influence").set_value(4)
    at.button(key="kartlegging.submit.actor").click().run()
    assert not at.exception and not at.error
    cmap, _ = store.load(name)
    added = cmap.actor_by_id["ungdomslos"]
    assert (added.recorded_by, added.influence) == ("Gruppe 2", 4)

    fresh = app("kartlegging", kart=name, gruppe="Gruppe 2")  # a reload: session state is gone
    assert fresh.text_input(key="kartlegging.group").value == "Gruppe 2"
    other = next(a.id for a in cmap.actors if a.id != "ungdomslos")
    fresh.selectbox(key="kartlegging.relation.source").set_value("ungdomslos")
    fresh.selectbox(key="kartlegging.relation.target").set_value(other)
    fresh.button(key="kartlegging.submit.relation").click().run()
    assert not fresh.exception and not fresh.error
    cmap, _ = store.load(name)
    assert [r.recorded_by for r in cmap.relations if r.source == "ungdomslos"] == ["Gruppe 2"]
    assert cmap.actor_by_id[other].recorded_by == ""  # rows already there keep their own


def test_the_kart_page_sizes_nodes_by_influence(app, store):
    at = _with_fixture(app, store, None)  # Kart is the first page
    at.selectbox(key="kart.size_by").set_value("influence").run()
    assert not at.exception
    sizes = {n["id"]: n["size"] for n in component_data(at, "kart.network")["nodes"]}
    # innflytelse: barnevern 5, skole 4, ppt 3, helsestasjon 1
    assert sizes["barnevern"] == 26.0  # the largest actor radius
    assert sizes["helsestasjon"] < sizes["ppt"] < sizes["skole"] < sizes["barnevern"]
