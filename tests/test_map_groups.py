"""Big maps on a static page: `samhandling map --ikke-grupper`, and a click on a group opens it offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from map_page import page_data

from samhandling.cli import main
from samhandling.io import save_map
from samhandling.maps import map_elements, render_map_html
from samhandling.model import Actor, CollaborationMap, Forum, Membership

CHROMIUM = "/usr/bin/chromium"


def three_kommuner(per_kommune: int = 120) -> CollaborationMap:
    """360 actors in three kommuner, one forum each plus one across: 364 nodes, grouped above 300."""
    actors, forums, members = [], [], []
    for k in ("Fjordvik", "Nordby", "Sørdal"):
        forums.append(Forum(id=f"f-{k}", name=f"Forum {k}"))
        for i in range(per_kommune):
            actors.append(Actor(id=f"{k}-{i}", name=f"{k} tjeneste {i}", municipality=k))
            members.append(Membership(forum=f"f-{k}", actor=f"{k}-{i}"))
    forums.append(Forum(id="f-felles", name="Felles forum"))
    members += [Membership(forum="f-felles", actor=f"{k}-0") for k in ("Fjordvik", "Nordby", "Sørdal")]
    return CollaborationMap(actors=tuple(actors), forums=tuple(forums), memberships=tuple(members))


def _page_data(html: str) -> dict:
    """The page's data as its script sees it (packed nodes and edges unpacked, tests/map_page.py)."""
    return page_data(html)


def test_map_without_groups_draws_every_actor_and_forum(tmp_path, capsys):
    source = tmp_path / "kart.yaml"
    save_map(three_kommuner(), source)
    grouped, flat = tmp_path / "gruppert.html", tmp_path / "alle.html"

    assert main(["map", str(source), "-o", str(grouped)]) == 0
    assert main(["map", str(source), "-o", str(flat), "--ikke-grupper"]) == 0

    grouped_data = _page_data(grouped.read_text(encoding="utf-8"))
    flat_data = _page_data(flat.read_text(encoding="utf-8"))
    assert sorted(n["id"] for n in grouped_data["nodes"] if n["kind"] == "group") == [
        "group:Fjordvik", "group:Nordby", "group:Sørdal"]
    assert len(flat_data["nodes"]) == 364
    assert not any(n["kind"] == "group" for n in flat_data["nodes"])
    assert "detail" not in flat_data


def test_a_grouped_page_carries_each_groups_members_placed_around_its_centre():
    cmap = three_kommuner()
    data = _page_data(render_map_html(cmap))
    detail = data["detail"]
    assert len(detail["nodes"]) == 364
    assert detail["groupOf"]["Nordby-7"] == "group:Nordby"
    assert detail["groupOf"]["f-Nordby"] == "group:Nordby"
    nordby = [n for n in detail["nodes"] if detail["groupOf"][n["id"]] == "group:Nordby"]
    assert abs(sum(n["x"] for n in nordby) / len(nordby)) < 1e-6  # centred: the page adds the group's place
    assert {e["from"] for e in detail["edges"]} | {e["to"] for e in detail["edges"]} <= set(detail["groupOf"])
    assert "{count}" in detail["linkTitle"]


def test_a_small_page_has_no_group_details():
    small = CollaborationMap(actors=(Actor(id="a", name="A"),))
    assert "detail" not in _page_data(render_map_html(small))
    assert map_elements(small).group_members == {}


@pytest.mark.browser
def test_clicking_a_group_on_a_static_page_opens_it_offline(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "kart.html"
    page_file.write_text(render_map_html(three_kommuner()), encoding="utf-8")
    left: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})

            def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    left.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            page.wait_for_function("window.__mapDrawn === true", timeout=15000)
            before = page.evaluate("window.samhandlingMap.nodes.length")
            x, y = page.evaluate(
                "(() => { const n = window.samhandlingMap.network;"
                " const k = window.samhandlingMap.key('group:Nordby');"
                " const p = n.canvasToDOM(n.getPositions([k])[k]);"
                " const r = document.getElementById('map').getBoundingClientRect();"
                " return [p.x + r.left, p.y + r.top]; })()")
            page.mouse.click(x, y)
            page.wait_for_function("document.documentElement.getAttribute('data-opened') === '1'", timeout=5000)
            # Ids inside vis-network carry a prefix ("n:"), so that "__proto__" and friends are drawn.
            after = [i[2:] for i in page.evaluate("window.samhandlingMap.nodes.getIds()")]
            links = [[a[2:], b[2:], kind] for a, b, kind in
                     page.evaluate("window.samhandlingMap.edges.get().map(e => [e.from, e.to, e.kind])")]
        finally:
            browser.close()
    assert left == [] and errors == []
    assert before == 3
    assert "group:Nordby" not in after
    assert {"Nordby-0", "Nordby-119", "f-Nordby"} <= set(after)
    assert len(after) == 2 + 121
    assert ["Nordby-5", "f-Nordby", "membership"] in links or ["f-Nordby", "Nordby-5", "membership"] in links
    # Nordby's member of the shared forum now links to the two groups still closed.
    kinds = {kind for _, _, kind in links}
    assert "group_link" in kinds


def test_a_map_of_more_than_80_nodes_opens_grouped_per_kommune_with_group_labels_and_a_way_to_open_them():
    cmap = three_kommuner(per_kommune=30)  # 90 actors + 4 forums
    elements = map_elements(cmap)
    assert sorted(elements.groups) == ["Fjordvik", "Nordby", "Sørdal"]
    labels = {n["id"]: n["label"] for n in elements.nodes}
    assert labels["group:Nordby"].replace("\n", " ") == "Nordby (31)"
    data = _page_data(render_map_html(cmap))
    assert {n["id"] for n in data["nodes"]} == {"group:Fjordvik", "group:Nordby", "group:Sørdal"}
    assert len(data["detail"]["nodes"]) == 94
    assert len(map_elements(cmap.with_changes(actors=cmap.actors[:70])).groups) == 0  # 74 nodes: drawn as they are
