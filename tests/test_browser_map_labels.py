"""Projector-grade maps (issue 10): at the fitted zoom every label is at least 12 px and no two overlap.

Measured in headless Chromium at 1440×900 and 1280×720 on every bundled example, in the
app (`streamlit run app.py`, Kart) and on the offline page `samhandling map` writes. The
label size is vis-network's own: the font size times ``network.getScale()``; a label's
box is the one vis-network drew (``labelModule.size``) turned into page pixels with
``canvasToDOM``. No request may leave localhost. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.test_browser_app import CHROMIUM, REPO, SHOTS, WHOLE, Watch, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]

EXAMPLES = ["siljan-for", "siljan-etter", "nordre-land-for", "nordre-land-etter", "finnmark-0-24"]
VIEWPORTS = [(1440, 900), (1280, 720)]
SMALLEST_PX = 12.0

# The labels vis-network draws, in page pixels: font size × scale, and each label's box.
_MEASURE = """(box) => {
  const net = box.__network || window.samhandlingMap.network;
  const scale = net.getScale();
  const rect = box.getBoundingClientRect();
  const labels = [];
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id];
    if (!node.options.label) continue;
    const size = node.labelModule.size;
    const a = net.canvasToDOM({ x: size.left, y: size.top });
    const b = net.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
    labels.push({ label: String(node.options.label), px: node.options.font.size * scale,
                  left: rect.left + a.x, top: rect.top + a.y, right: rect.left + b.x, bottom: rect.top + b.y });
  }
  return { scale, labels, frame: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } };
}"""


class _FileWatch(Watch):
    """As :class:`Watch`, with the page's own ``file://`` URL let through (anything else still fails)."""

    def __init__(self, page: object, own: str) -> None:
        self.own = own
        super().__init__(page)

    def _route(self, route: object) -> None:
        if route.request.url == self.own:  # type: ignore[attr-defined]
            route.continue_()  # type: ignore[attr-defined]
        else:
            super()._route(route)


def _problems(measured: dict) -> list[str]:
    labels = measured["labels"]
    out = [f"{m['label']!r} is {m['px']:.1f} px" for m in labels if m["px"] < SMALLEST_PX - 1e-6]
    frame = measured["frame"]  # the whole map is fitted: every label is inside the frame, none cut
    out += [f"{m['label']!r} is cut by the frame ({m['top']:.0f}–{m['bottom']:.0f} px in {frame['top']:.0f}–"
            f"{frame['bottom']:.0f})" for m in labels
            if m["left"] < frame["left"] - 0.5 or m["right"] > frame["right"] + 0.5
            or m["top"] < frame["top"] - 0.5 or m["bottom"] > frame["bottom"] + 0.5]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                out.append(f"{a['label']!r} overlaps {b['label']!r}")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(tmp_path_factory.mktemp("store") / "db.sqlite3", tmp_path_factory.mktemp("log"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                    "--disable-component-update", "--disable-sync"])
        try:
            yield chromium
        finally:
            chromium.close()


def _title(example: str) -> str:
    from samhandling.io import load_map

    return load_map(REPO / "data" / f"{example}.yaml").map.info.title


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=["1440x900", "1280x720"])
def test_every_label_on_kart_is_readable_and_apart_at_the_fitted_zoom(
    server: str, browser: object, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    found = {}
    try:
        for example in EXAMPLES:
            page.goto(f"{server}/?kart={quote(_title(example))}")
            page.wait_for_selector(WHOLE, state="attached", timeout=90_000)
            page.wait_for_timeout(300)
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                   timeout=90_000)
            box = page.locator("[data-testid='sk-network'][data-drawn='true']").first
            box.wait_for(timeout=90_000)
            page.wait_for_timeout(500)
            measured = box.evaluate(_MEASURE)
            assert len(measured["labels"]) > 10, example
            found[example] = _problems(measured)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"labels-kart-{example}-{width}.png"))
    finally:
        context.close()
    assert found == {example: [] for example in EXAMPLES}
    assert not watch.outside, f"requests left the machine: {watch.outside}"


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=["1440x900", "1280x720"])
def test_every_label_on_the_offline_page_is_readable_and_apart_at_the_fitted_zoom(
    browser: object, tmp_path: Path, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    watches = []
    found = {}
    try:
        for example in EXAMPLES:
            out = tmp_path / f"{example}.html"
            page.unroute("**/*")
            watches.append(_FileWatch(page, out.as_uri()))
            subprocess.run([sys.executable, "-m", "samhandling", "map", str(REPO / "data" / f"{example}.yaml"),
                            "-o", str(out)], check=True, capture_output=True, cwd=REPO, timeout=120)
            page.goto(out.as_uri())
            page.wait_for_selector("html[data-drawn='1']", timeout=60_000)
            measured = page.locator("#map").evaluate(_MEASURE)
            assert len(measured["labels"]) > 10, example
            found[example] = _problems(measured)
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"labels-page-{example}-{width}.png"))
    finally:
        context.close()
    assert found == {example: [] for example in EXAMPLES}
    assert [url for watch in watches for url in watch.outside] == [], "requests left the page"


def test_a_hover_shows_a_short_tooltip_and_a_click_leaves_no_tooltip_over_the_map(server: str, browser: object) -> None:
    from tests.test_browser_app import _node_screen_position

    context = browser.new_context(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        page.goto(f"{server}/?kart={quote(_title('siljan-for'))}")
        page.wait_for_selector(WHOLE, state="attached", timeout=90_000)
        box = page.locator("[data-testid='sk-network'][data-drawn='true']").first
        box.wait_for(timeout=90_000)
        box.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        x, y = _node_screen_position(page, "nav")
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y)
        tip = box.locator(".vis-tooltip")
        page.wait_for_function("(box) => { const t = box.querySelector('.vis-tooltip');"
                               " return t && t.style.visibility !== 'hidden' && t.innerText.trim(); }",
                               arg=box.element_handle(), timeout=10_000)
        lines = tip.inner_text().strip().split("\n")
        assert lines[0] == "NAV Siljan" and 2 <= len(lines) <= 3, lines
        page.mouse.click(x, y)
        page.get_by_text("Fora og roller").wait_for(timeout=30_000)
        page.wait_for_timeout(300)
        assert box.evaluate("(b) => [...b.querySelectorAll('.vis-tooltip')]"
                            ".every(t => t.style.visibility === 'hidden' || !t.innerText.trim())")
    finally:
        context.close()


@pytest.mark.parametrize("width, height", VIEWPORTS, ids=["1440x900", "1280x720"])
def test_a_map_of_more_than_80_nodes_opens_grouped_with_readable_group_labels_on_the_offline_page(
    browser: object, tmp_path: Path, width: int, height: int
) -> None:
    from samhandling.maps import render_map_html
    from tests.test_map_groups import three_kommuner

    out = tmp_path / "gruppert.html"
    out.write_text(render_map_html(three_kommuner(per_kommune=30)), encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = _FileWatch(page, out.as_uri())
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-drawn='1']", timeout=60_000)
        measured = page.locator("#map").evaluate(_MEASURE)
        page.evaluate("window.samhandlingMap.openGroup('group:Nordby')")
        opened = page.evaluate("window.samhandlingMap.nodes.length")
    finally:
        context.close()
    assert sorted(m["label"].replace("\n", " ") for m in measured["labels"]) == [
        "Fjordvik (32)", "Nordby (31)", "Sørdal (31)"]  # the forum across kommuner sits with the first
    assert _problems(measured) == []
    assert opened == 2 + 31
    assert watch.outside == []
