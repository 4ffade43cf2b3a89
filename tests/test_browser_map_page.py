"""The offline page builds its packed nodes and edges into what map_elements gives; a hover
on a membership shows the same text on the page and in the app.

A `samhandling map` page carries most nodes and memberships packed as arrays
(:func:`samhandling.maps.elements.packed_elements`); its script turns them back into
objects. Here headless Chromium reads what vis-network was given and hovers a membership
line, on the page and in the app's Kart (`streamlit run`, whose data still comes
unpacked from :func:`samhandling.maps.map_elements`). No request may leave localhost.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import test_browser_app as base
from test_browser_app import CHROMIUM, REPO, Watch, _wait_idle
from test_browser_map_labels import _FileWatch
from test_map_groups import three_kommuner

from samhandling.io import load_map
from samhandling.maps import map_elements, render_map_html
from samhandling.vocabulary import label

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]

server = pytest.fixture(scope="module", name="server")(base.server.__wrapped__)
browser = pytest.fixture(scope="module", name="browser")(base.browser.__wrapped__)

SILJAN = load_map(REPO / "data" / "siljan-for.yaml").map

# Nodes and edges as vis-network holds them, with the page's id prefixes taken off.
_DATASETS = """() => {
  const m = window.samhandlingMap, own = (s) => s.slice(2);
  return { nodes: m.nodes.get().map((n) => ({ ...n, id: own(n.id) })),
           edges: m.edges.get().map((e) => ({ ...e, id: own(e.id), from: own(e.from), to: own(e.to) })) };
}"""

# A point on one of the edges `ids` (in page pixels) where vis-network finds that edge and no
# node: [id, x, y], or null. `net` is the page's network or the app component's.
_EDGE_POINT = """([box, ids]) => {
  const net = box ? box.__network : window.samhandlingMap.network;
  const frame = box || document.getElementById("map");
  const rect = frame.getBoundingClientRect();
  for (const id of ids) {
    const edge = net.body.edges["e:" + id];
    if (!edge) continue;
    const ends = net.getPositions([edge.fromId, edge.toId]);
    const a = ends[edge.fromId], b = ends[edge.toId];
    for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
      const p = net.canvasToDOM({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
      if (p.x < 8 || p.y < 8 || p.x > rect.width - 8 || p.y > rect.height - 8) continue;
      if (net.getNodeAt(p) !== undefined || net.getEdgeAt(p) !== "e:" + id) continue;
      return [id, rect.left + p.x, rect.top + p.y];
    }
  }
  return null;
}"""


def _membership_texts(cmap) -> dict[str, str]:
    """Each membership line's hover text as it has always read: the two names, then the role."""
    actors = {a.id: a.name for a in cmap.actors}
    forums = {f.id: f.name for f in cmap.forums}
    return {f"m:{m.forum}|{m.actor}": f"{actors[m.actor]} – {forums[m.forum]}\nRolle: {label('role', m.role)}"
            for m in cmap.memberships}


def _on_offline_page(browser, out, html: str, look):
    """Write the page to ``out``, open it in Chromium until drawn; ``(look(page), its watch)``."""
    out.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    watch = _FileWatch(page, out.as_uri())
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-drawn='1']", timeout=60_000)
        return look(page), watch
    finally:
        context.close()


def _hover_tooltip(page, box, texts: dict[str, str]) -> tuple[str, str]:
    """Hover a membership line; (its id, the tooltip's text)."""
    found = page.evaluate(_EDGE_POINT, [box.element_handle() if box else None, sorted(texts)])
    assert found is not None, "no membership line can be hovered"
    edge_id, x, y = found
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    scope = box if box else page.locator("#map")
    page.wait_for_function("(root) => { const t = root.querySelector('.vis-tooltip');"
                           " return t && t.style.visibility !== 'hidden' && t.innerText.trim(); }",
                           arg=scope.element_handle(), timeout=10_000)
    return edge_id, scope.locator(".vis-tooltip").inner_text().strip()


@pytest.mark.parametrize("case", ["siljan", "packed-364"])
def test_the_offline_page_gives_vis_network_the_nodes_and_edges_map_elements_gives(
    browser: object, tmp_path, case: str
) -> None:
    cmap, options = (SILJAN, {}) if case == "siljan" else (three_kommuner(), {"group_above": 10**9})
    expected = map_elements(cmap, **options)
    drawn, watch = _on_offline_page(browser, tmp_path / "kart.html", render_map_html(cmap, **options),
                                    lambda page: page.evaluate(_DATASETS))
    assert drawn["nodes"] == expected.nodes
    assert drawn["edges"] == expected.edges
    assert watch.errors == [] and watch.outside == []


def test_a_membership_line_shows_the_same_hover_text_on_the_page_and_in_the_app(
    server: str, browser: object, tmp_path
) -> None:
    texts = _membership_texts(SILJAN)
    on_page, watch = _on_offline_page(browser, tmp_path / "kart.html", render_map_html(SILJAN),
                                      lambda page: _hover_tooltip(page, None, texts))
    assert watch.errors == [] and watch.outside == []

    context = browser.new_context(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(f"{server}/?kart={quote(SILJAN.info.title)}")
        box = page.locator("[data-testid='sk-network'][data-drawn='true']").first
        box.wait_for(timeout=90_000)
        _wait_idle(page)
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        # The same line as on the page when it can be hovered here too, else another.
        in_app = _hover_tooltip(page, box, {on_page[0]: texts[on_page[0]]}) if page.evaluate(
            _EDGE_POINT, [box.element_handle(), [on_page[0]]]) else _hover_tooltip(page, box, texts)
    finally:
        context.close()
    assert watch.errors == [] and watch.outside == []
    assert on_page[1] == texts[on_page[0]], on_page
    assert in_app[1] == texts[in_app[0]], in_app
