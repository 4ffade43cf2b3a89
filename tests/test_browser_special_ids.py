"""Ids that JavaScript treats specially are drawn like any other id (HTML map and Kart page).

vis-network keeps its nodes in plain objects keyed by id, so without care a node with
the id ``__proto__`` vanishes and ``toString`` or ``constructor`` clash with the
methods every object has; their edges then dangle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser_app import _network, _open, _wait_idle, serve

from samhandling.maps import render_map_html
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation

CHROMIUM = "/usr/bin/chromium"
SPECIAL_IDS = ("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


def special_map() -> CollaborationMap:
    actors = tuple(Actor(i, f"Tjeneste {i}", sector="helse") for i in SPECIAL_IDS)
    relations = tuple(Relation(a, b) for a, b in zip(SPECIAL_IDS, SPECIAL_IDS[1:], strict=False))
    forum = Forum("__defineGetter__", "Forum med rart id")
    members = tuple(Membership(forum.id, i) for i in SPECIAL_IDS)
    return CollaborationMap(actors=actors, forums=(forum,), memberships=members, relations=relations)


def test_the_html_map_draws_every_node_and_edge_whatever_its_id(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "kart.html"
    page_file.write_text(render_map_html(special_map()), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_function("window.__mapDrawn === true", timeout=15000)
            drawn = page.evaluate(
                "(() => { const b = window.samhandlingMap.network.body;"
                " const edges = b.edgeIndices.map((i) => b.edges[i]);"
                " return [b.nodeIndices.length, edges.filter((e) => e && e.connected).length,"
                " b.nodeIndices.filter((i) => Object.prototype.hasOwnProperty.call(b.nodes, i)).length]; })()"
            )
        finally:
            browser.close()
    # 5 actors + 1 forum; 4 relations + 5 memberships, all attached at both ends.
    assert drawn == [6, 9, 6]


# --------------------------------------------------------------------------- the app in a browser


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()

HOSTILE_MAP = "Kart ![p](https://example.invalid/x.png)"
SPECIAL_MAP = "Rare id-er"


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory: pytest.TempPathFactory):
    from hostile_text import NAMES

    from samhandling.model import MapInfo
    from samhandling.store import Store

    db = tmp_path_factory.mktemp("store") / "db.sqlite3"
    store = Store(db)
    store.create_map(SPECIAL_MAP, special_map())
    hostile = CollaborationMap(
        actors=tuple(Actor(f"a{i}", n, category=n, municipality=n, sector="helse") for i, n in enumerate(NAMES)),
        forums=(Forum("f", f"Forum {NAMES[2]}"),),
        memberships=(Membership("f", "a0"), Membership("f", "a1")),
        relations=(Relation("a2", "a3"),),
        info=MapInfo(title=f"Tittel {NAMES[0]} $y$"),
    )
    store.create_map(HOSTILE_MAP, hostile)
    yield from serve(db, tmp_path_factory.mktemp("log"))


def test_the_kart_page_draws_nodes_whose_ids_javascript_treats_specially(seeded_server, browser):
    from urllib.parse import quote

    page, watch = _open(browser, f"{seeded_server}/?kart={quote(SPECIAL_MAP)}")
    _wait_idle(page)
    box = _network(page)
    drawn = box.evaluate(
        "(box) => { const b = box.__network.body; const edges = b.edgeIndices.map((i) => b.edges[i]);"
        " return [b.nodeIndices.length, edges.filter((e) => e && e.connected).length]; }"
    )
    assert drawn == [6, 9]
    assert not watch.errors, watch.errors


@pytest.mark.parametrize("title", ["Kart", "Funn", "Sammenlign", "Hva om", "Kartlegging", "Data"])
def test_no_page_fetches_or_renders_markup_from_hostile_names(seeded_server, browser, title):
    from urllib.parse import quote

    page, watch = _open(browser, f"{seeded_server}/?kart={quote(HOSTILE_MAP)}")
    _wait_idle(page)
    if title != "Kart":
        page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
        _wait_idle(page)
    page.wait_for_timeout(800)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "example.invalid" in page.url  # the hostile map is the one shown
    from_data = page.locator(
        "[href*='example.invalid'], [src*='example.invalid'], .katex, [data-testid='stMain'] img"
    )
    assert from_data.count() == 0
    assert not watch.outside, f"requests left the machine: {watch.outside}"
