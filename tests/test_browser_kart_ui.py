"""Kart in a real browser: a dragged node stays put (reload, HTML export); Presentasjon at 1280×720.

Uses the server and browser of :mod:`test_browser_app` (`streamlit run` + headless
Chromium); skipped when /usr/bin/chromium is missing. No request may leave the machine.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import test_browser_app as base
from map_page import page_data
from test_browser_app import CHROMIUM, Watch, _download, _network, _node_screen_position, _wait_idle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]

# The server and browser of test_browser_app, as this module's own fixtures (their bodies reused).
server = pytest.fixture(scope="module", name="server")(base.server.__wrapped__)
browser = pytest.fixture(scope="module", name="browser")(base.browser.__wrapped__)

SILJAN = quote("Siljan kommune – før «Pilot i eget liv» (PIL)")
FINNMARK = quote("0–24-samarbeidet i Finnmark – modellkommuner og regionale partnere")


def _page(browser: object, url: str, width: int, height: int) -> tuple[object, Watch]:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    page.goto(url)
    _network(page)
    _wait_idle(page)
    return page, watch


def _canvas_position(page: object, node_id: str) -> tuple[float, float]:
    found = page.evaluate(  # type: ignore[attr-defined]
        """(id) => {
            for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
              const box = host.shadowRoot && host.shadowRoot.querySelector('[data-testid="sk-network"]');
              if (!box || !box.__network) continue;
              const pos = box.__network.getPositions([box.__key(id)])[box.__key(id)];
              if (pos) return [pos.x, pos.y];
            }
            return null;
        }""",
        node_id,
    )
    assert found is not None, f"{node_id!r} is not on the map"
    return float(found[0]), float(found[1])


def test_a_dragged_node_stays_where_it_was_put_after_a_reload_and_in_the_html_export(
    server: str, browser: object, tmp_path
) -> None:
    url = f"{server}/?kart={SILJAN}"
    page, watch = _page(browser, url, 1440, 900)
    before = _canvas_position(page, "nav")
    x, y = _node_screen_position(page, "nav") or (None, None)
    assert x is not None
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.mouse.down()  # type: ignore[attr-defined]
    page.mouse.move(x + 60, y + 35, steps=12)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    # The drag reaches Python, which saves it as a new revision; the sidebar says so.
    page.locator("[data-testid='stSidebar']").get_by_text("Versjon 2", exact=False).wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _wait_idle(page)
    moved = _canvas_position(page, "nav")
    assert abs(moved[0] - before[0]) > 20 and abs(moved[1] - before[1]) > 10, (before, moved)
    page.context.close()  # type: ignore[attr-defined]

    page, watch2 = _page(browser, url, 1440, 900)  # a reload, in a new tab
    again = _canvas_position(page, "nav")
    assert abs(again[0] - moved[0]) <= 1.5 and abs(again[1] - moved[1]) <= 1.5, (moved, again)

    download = _download(page, "Last ned som nettside (HTML)")
    assert download.suggested_filename == "siljan-kommune-før-pilot-i-eget-liv-pil.html"  # type: ignore[attr-defined]
    target = tmp_path / "kart.html"
    download.save_as(target)  # type: ignore[attr-defined]
    text = target.read_text(encoding="utf-8")
    nav = next(n for n in page_data(text)["nodes"] if n["id"] == "nav")  # unpacked as the page does
    assert abs(nav["x"] - again[0]) <= 1.5 and abs(nav["y"] - again[1]) <= 1.5
    for w in (watch, watch2):
        assert not w.outside, f"requests left the machine: {w.outside}"
        assert not w.errors, f"console errors: {w.errors}"


@pytest.mark.parametrize("width, height", [(1280, 720), (1440, 900)])
@pytest.mark.parametrize("kart", [SILJAN, FINNMARK])
def test_presentasjon_fills_the_window_with_the_map(server: str, browser: object, kart: str, width: int,
                                                     height: int) -> None:
    page, watch = _page(browser, f"{server}/?kart={kart}&vis=presentasjon", width, height)
    assert page.locator("[data-testid='stSidebar']").is_hidden()  # type: ignore[attr-defined]
    box = _network(page).bounding_box()  # type: ignore[attr-defined]
    assert box["y"] < 200, "the map starts near the top"
    assert box["height"] >= height - box["y"] - 40 and box["width"] >= width * 0.9, "the map fills the window"
    # The whole map on the first screen (its fresh layout is packed for the wide frame), with
    # labels of at least 12 px at the fitted zoom.
    scale = page.evaluate(  # type: ignore[attr-defined]
        """() => {
            for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
              const box = host.shadowRoot && host.shadowRoot.querySelector('[data-testid="sk-network"]');
              if (box && box.__network) return box.__network.getScale();
            }
            return 0;
        }"""
    )
    assert box["y"] + box["height"] <= height + 1, "the whole map is on the first screen"
    assert scale * 22 >= 12, f"labels drawn at {scale * 22:.1f} px"
    legend_size = page.evaluate(  # type: ignore[attr-defined]
        """() => {
            for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
              const legend = host.shadowRoot && host.shadowRoot.querySelector('.sk-legend');
              if (legend) return parseFloat(getComputedStyle(legend).fontSize);
            }
            return 0;
        }"""
    )
    assert legend_size >= 20  # a legend the back row can read
    page.screenshot(path=f"/tmp/kartui-present-{width}.png")  # type: ignore[attr-defined]

    page.get_by_text("Presentasjon", exact=True).click()  # type: ignore[attr-defined]  # the way back
    page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=30_000)  # type: ignore[attr-defined]
    _wait_idle(page)
    assert "vis=presentasjon" not in page.url  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"


def test_the_kart_controls_fit_at_1280_by_720(server: str, browser: object) -> None:
    page, watch = _page(browser, f"{server}/?kart={SILJAN}", 1280, 720)
    box = _network(page).bounding_box()  # type: ignore[attr-defined]
    assert box["y"] < 720 * 0.6, "the map starts above the fold"
    inside = page.get_by_text("Bare aktører", exact=True).evaluate(  # type: ignore[attr-defined]
        """(e) => {
            const text = e.getBoundingClientRect();
            const column = e.closest('[data-testid="stColumn"]').getBoundingClientRect();
            const button = e.closest('button').getBoundingClientRect();
            return text.right <= button.right && button.right <= column.right + 1 && text.width > 40;
        }"""
    )
    assert inside, "«Bare aktører» is cut"
    label = page.get_by_text("Steg ut fra fokus", exact=True)  # type: ignore[attr-defined]
    height = label.bounding_box()["height"]
    assert height < 30, "the radius label wraps"
    assert not watch.outside, f"requests left the machine: {watch.outside}"


def test_the_filters_open_stay_open_while_used_and_count_what_is_on(server: str, browser: object) -> None:
    # The filters' widgets are made when the expander opens; its heading (the count) changes
    # with the first filter, and the expander must stay open for the second.
    page, watch = _page(browser, f"{server}/?kart={SILJAN}", 1440, 900)
    before = int(_network(page).get_attribute("data-node-count"))  # type: ignore[attr-defined]
    main = page.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
    assert main.locator("[data-testid='stMultiSelect']").count() == 0
    main.get_by_text("Filtre", exact=True).click()
    sector = main.locator("[data-testid='stMultiSelect']").first
    sector.wait_for(timeout=30_000)
    sector.click()
    page.get_by_role("option", name="Helse").click()  # type: ignore[attr-defined]
    main.get_by_text("Filtre (1 aktive)", exact=True).wait_for(timeout=30_000)
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    _wait_idle(page)
    assert main.locator("[data-testid='stSlider']").first.is_visible(), "the filters closed on the first one"
    after = int(_network(page).get_attribute("data-node-count"))  # type: ignore[attr-defined]
    assert 0 < after < before
    main.get_by_text("Filtre (1 aktive)", exact=True).click()  # closed: the filter stays on
    _wait_idle(page)
    assert main.locator("[data-testid='stMultiSelect']").count() == 0
    assert int(_network(page).get_attribute("data-node-count")) == after  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"


# Records, from the first frame: when the map is drawn, what else is on the page then, and
# where the map is; then marks its canvas box, to know it is the same element later.
_FIRST_LOOK = """
window.__firstLook = {};
const look = () => {
  const hosts = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')];
  for (const host of hosts) {
    const box = host.shadowRoot && host.shadowRoot.querySelector("[data-drawn='true']");
    if (!box) continue;
    const main = document.querySelector("[data-testid='stMain']");
    window.__firstLook = {
      top: box.getBoundingClientRect().top,
      left: box.getBoundingClientRect().left,
      sidebarWidgets: document.querySelectorAll(
        "[data-testid='stSidebarUserContent'] [data-testid='stElementContainer']").length,
      controls: main.querySelectorAll(".st-key-kart-controls [data-testid='stButtonGroup'], "
        + ".st-key-kart-controls [data-testid='stSelectbox']").length,
    };
    box.__firstLook = true;
    return;
  }
  requestAnimationFrame(look);
};
requestAnimationFrame(look);
"""


def test_a_first_visit_draws_the_map_first_and_the_rest_of_kart_around_it(server: str, browser: object) -> None:
    # A new visitor's first run sends the map alone; when vis-network has drawn it, the
    # whole page follows: controls, side panel and sidebar, with the map where it was.
    context = browser.new_context(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    page.add_init_script(_FIRST_LOOK)
    # The map's data (a node id only it carries) in what the server sends.
    map_sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: map_sent.append(1) if isinstance(
        frame, bytes) and b"kommunalsjef-oppvekst" in frame else None))
    page.goto(f"{server}/?kart={SILJAN}")
    _network(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Språk", exact=True).wait_for(timeout=60_000)
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("Størrelse etter", exact=True).wait_for(timeout=60_000)
    main.get_by_text("Presentasjon", exact=True).wait_for(timeout=60_000)
    _wait_idle(page)
    first = page.evaluate("() => window.__firstLook")
    assert first.get("top") is not None, "the map was never seen drawn"
    assert first["sidebarWidgets"] == 0 and first["controls"] == 0, first
    now = page.evaluate(
        """() => {
            for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
              const box = host.shadowRoot && host.shadowRoot.querySelector("[data-drawn='true']");
              if (box) return {same: box.__firstLook === true, top: box.getBoundingClientRect().top,
                               left: box.getBoundingClientRect().left};
            }
            return null;
        }"""
    )
    assert now is not None and now["same"], "the map was drawn again when the page came"
    assert abs(now["top"] - first["top"]) <= 3 and abs(now["left"] - first["left"]) <= 1, (first, now)
    # The map was sent with the first run and with the whole page; the report that it was
    # drawn did not send it once more in between.
    assert len(map_sent) == 2, len(map_sent)
    # vis-network came from this server, once, not inline with every run of the page.
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map(r => r.name)")
    vis = [name for name in fetched if name.endswith("/vis-network.min.js")]
    assert len(vis) == 1 and vis[0].startswith(server), vis
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"
    context.close()


def test_a_click_on_a_node_at_1280_by_720_selects_it_and_does_not_scroll_the_page(
    server: str, browser: object
) -> None:
    # On a projector's 1280×720 the map reaches below the window. vis-network focused it at
    # every mouse move, which scrolled the page by 200 px under the pointer: the click then
    # landed elsewhere and selected nothing.
    page, watch = _page(browser, f"{server}/?kart={SILJAN}", 1280, 720)
    _network(page)
    scrolled = "() => document.querySelector(\"[data-testid='stMain']\").scrollTop"
    assert page.evaluate(scrolled) == 0  # type: ignore[attr-defined]
    x, y = _node_screen_position(page, "nav") or (None, None)
    assert x is not None and 0 < y < 720, "NAV Siljan is on the first screen"
    page.mouse.move(x - 40, y + 40)  # type: ignore[attr-defined]
    page.mouse.move(x, y, steps=6)  # type: ignore[attr-defined]
    page.mouse.click(x, y)  # type: ignore[attr-defined]
    page.get_by_text("Fora og roller").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    assert page.evaluate(scrolled) == 0  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"
