"""Every page of the app shows names, titles and file names from a map as plain text.

A map whose every name carries Markdown, LaTeX, colour directives, HTML and bare web
addresses is drawn on every page; no element may render any of it (an image would be
fetched from outside the machine, a link could lead anywhere).
"""

from __future__ import annotations

import pytest
from hostile_text import NAMES, REQUEST, assert_no_markup, markdown_sources

from samhandling.io import map_to_bytes
from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership, Relation
from samhandling.store import Store

MAP_NAME = f"Kart {REQUEST}"
PAGES = ("kart", "funn", "sammenlign", "hva-om", "kartlegging", "data")


def hostile_map() -> CollaborationMap:
    actors = tuple(
        Actor(f"a{i}", name, category=name, sector="helse", municipality=name, description=name)
        for i, name in enumerate(NAMES)
    )
    forums = (Forum("f0", f"Forum {NAMES[1]}", topics=(NAMES[2],)), Forum("f1", f"Forum {NAMES[3]}"))
    members = (Membership("f0", "a0"), Membership("f0", "a1"), Membership("f1", "a2"))
    relations = (Relation("a3", "a4", description=NAMES[0]),)
    return CollaborationMap(actors=actors, forums=forums, memberships=members, relations=relations,
                            info=MapInfo(title=f"Tittel {REQUEST} :green[grønn] $y$"))


@pytest.fixture
def hostile_store():
    store = Store()
    store.create_map(MAP_NAME, hostile_map(), note=f"Importert fra {NAMES[4]}")
    return store


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_markup_from_the_names_of_a_map(app, hostile_store, page):
    at = app(None if page == "kart" else page, kart=MAP_NAME)  # Kart is the default page
    assert not at.exception
    sources = markdown_sources(at)
    assert any("PPT" in s or "Kart" in s for s in sources), "the hostile map is not shown"
    assert_no_markup(at)


def test_a_clicked_node_and_a_chosen_finding_show_their_names_as_plain_text(app, hostile_store):
    at = app(kart=MAP_NAME)
    at.session_state["kart.network"] = {"selected": "a0"}
    at.run()
    assert not at.exception
    assert any("PPT" in s for s in markdown_sources(at))
    assert_no_markup(at)
    at = app("funn", kart=MAP_NAME)
    show = [b for b in at.button if b.key and b.key.startswith("funn.show.")]
    if show:
        show[0].click().run()
    assert not at.exception
    assert_no_markup(at)


def test_an_upload_with_a_hostile_file_name_and_names_shows_them_as_plain_text(app, hostile_store):
    at = app("data", kart=MAP_NAME)
    data = map_to_bytes(hostile_map(), "yaml")
    at.file_uploader(key="data.upload").set_value((f"{REQUEST}.yaml", data, "application/yaml")).run()
    assert not at.exception
    assert any("er i orden" in s for s in markdown_sources(at))
    assert_no_markup(at)
    at.button(key="data.replace").click().run()
    assert not at.exception
    assert_no_markup(at)


def test_adding_an_actor_with_a_hostile_name_toasts_and_warns_in_plain_text(app, hostile_store):
    at = app("kartlegging", kart=MAP_NAME)
    for _attempt in range(2):  # the second time the name exists already
        at.text_input(key="kartlegging.actor.name").set_value(NAMES[0])
        at.button(key="kartlegging.submit.actor").click().run()
        assert not at.exception
        assert_no_markup(at)
    sources = markdown_sources(at)
    assert any("finnes allerede" in s for s in sources), sources
