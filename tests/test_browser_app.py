"""The app in a real browser: `streamlit run` + headless Chromium (Playwright).

Checks what AppTest cannot: the vis-network canvas draws, a click on a node reaches
Python and updates the side panel, the browser logs no errors, and no request
leaves the machine. Saves a screenshot of each page to tests/artifacts/ (ignored by
git): a test run never changes a tracked file. ``python -m tests.screenshots`` runs
these tests with ``SAMHANDLING_SCREENSHOTS=docs/screenshots`` to renew the README's
pictures. Skipped when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
# Where screenshots go: tests/artifacts/ unless `python -m tests.screenshots` names docs/screenshots.
SHOTS = REPO / os.environ.get("SAMHANDLING_SCREENSHOTS", "tests/artifacts/screenshots")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `streamlit run serve.py` (the README's first command) on a free port with its own empty store."""
    yield from serve(tmp_path_factory.mktemp("store") / "db.sqlite3", tmp_path_factory.mktemp("log"))


def serve(db: Path, log_dir: Path) -> Iterator[str]:
    """Run `streamlit run serve.py` on a free port with the store ``db``; yield its URL, then stop it.

    ``SAMHANDLING_TEST_SCRIPT=app.py`` runs the same tests against the plain script.
    """
    port = _free_port()
    env = dict(os.environ, SAMHANDLING_DB=str(db))
    log = log_dir / "streamlit.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", os.environ.get("SAMHANDLING_TEST_SCRIPT", "serve.py"),
             "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


class Watch:
    """Console errors and requests that tried to leave loopback."""

    def __init__(self, page: object) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", self._page_error)  # type: ignore[attr-defined]
        page.on("response", self._response)  # type: ignore[attr-defined]
        page.route("**/*", self._route)  # type: ignore[attr-defined]

    def _console(self, message: object) -> None:
        if message.type == "error":  # type: ignore[attr-defined]
            self.errors.append(message.text)  # type: ignore[attr-defined]

    def _page_error(self, exc: object) -> None:
        self.errors.append(f"pageerror: {exc}")

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.errors.append(f"HTTP {response.status} {response.url}")  # type: ignore[attr-defined]

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.outside.append(url)
            route.abort()  # type: ignore[attr-defined]


def _open(browser: object, url: str) -> tuple[object, Watch]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    page.goto(url)
    page.wait_for_selector(WHOLE, state="attached", timeout=60_000)
    return page, watch


# The sidebar's own elements: on a first look at Kart they come after the map (ui/map_first.py).
WHOLE = "[data-testid='stSidebarUserContent'] [data-testid='stElementContainer']"


def _wait_idle(page: object) -> None:
    """Until the page is whole and Streamlit is no longer running the script."""
    page.wait_for_selector(WHOLE, state="attached", timeout=60_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )


def _network(page: object) -> object:
    """The first drawn vis-network canvas box (inside the component's shadow root)."""
    box = page.locator("[data-testid='sk-network'][data-drawn='true']").first  # type: ignore[attr-defined]
    box.wait_for(timeout=60_000)
    return box


def _node_screen_position(page: object, node_id: str) -> tuple[float, float] | None:
    return page.evaluate(  # type: ignore[attr-defined]
        """(id) => {
            const hosts = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')];
            for (const host of hosts) {
              const box = host.shadowRoot && host.shadowRoot.querySelector('[data-testid="sk-network"]');
              if (!box || !box.__network) continue;
              const key = box.__key(id);
              const pos = box.__network.getPositions([key])[key];
              if (!pos) continue;
              const dom = box.__network.canvasToDOM(pos);
              const rect = box.getBoundingClientRect();
              return [rect.left + dom.x, rect.top + dom.y];
            }
            return null;
        }""",
        node_id,
    )


def test_kart_draws_and_a_click_on_a_node_opens_its_panel(server: str, browser: object) -> None:
    page, watch = _open(browser, f"{server}/")  # Kart is the default page
    _wait_idle(page)
    box = _network(page)
    assert int(box.get_attribute("data-node-count")) > 5  # type: ignore[attr-defined]
    assert page.get_by_text("Klikk på en aktør eller et forum").count() == 1  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "kart.png"), full_page=False)  # type: ignore[attr-defined]

    box.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    x, y = _node_screen_position(page, "nav") or (None, None)
    assert x is not None, "the node 'nav' is not on the map"
    page.mouse.click(x, y)  # type: ignore[attr-defined]
    page.get_by_text("Fora og roller").wait_for(timeout=30_000)  # type: ignore[attr-defined]
    _wait_idle(page)
    assert page.get_by_text("Klikk på en aktør eller et forum").count() == 0  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "kart-valgt.png"), full_page=False)  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"


@pytest.mark.parametrize("url_path, title", [("funn", "Funn"), ("sammenlign", "Sammenlign"),
                                             ("kartlegging", "Kartlegging")])
def test_each_page_renders_offline_without_console_errors(
    server: str, browser: object, url_path: str, title: str
) -> None:
    # Open the app at its root and use the sidebar like a user: a deep link makes
    # Streamlit probe /<page>/_stcore/... first, which logs harmless 404s.
    page, watch = _open(browser, f"{server}/")
    _wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**/{url_path}?*", timeout=30_000)  # type: ignore[attr-defined]
    _wait_idle(page)
    if url_path in ("funn", "sammenlign"):
        _network(page)
    page.wait_for_timeout(800)  # type: ignore[attr-defined]
    assert page.locator("[data-testid='stException']").count() == 0  # type: ignore[attr-defined]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{url_path}.png"))  # type: ignore[attr-defined]
    if url_path == "sammenlign":
        box = _network(page)
        box.scroll_into_view_if_needed()  # type: ignore[attr-defined]
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
        page.screenshot(path=str(SHOTS / "sammenlign-kart.png"))  # type: ignore[attr-defined]
    if url_path == "funn":
        page.get_by_role("tab", name="Diagrammer").click()  # type: ignore[attr-defined]
        chart = page.locator("[data-testid='stVegaLiteChart']").first  # type: ignore[attr-defined]
        chart.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]
        page.screenshot(path=str(SHOTS / "funn-diagrammer.png"))  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"


def _pick(page: object, box: object, option: str) -> None:
    """Open a multiselect and pick ``option``.

    A rerun that lands just after the click (the page is still settling after a save)
    draws the list closed again; the user then clicks once more, and so does this.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        _wait_idle(page)
        box.click()  # type: ignore[attr-defined]
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)  # type: ignore[attr-defined]
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


def test_a_new_map_typed_in_the_workshop_is_all_there_after_a_browser_reload(server: str, browser: object) -> None:
    page, watch = _open(browser, f"{server}/")
    _wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")  # type: ignore[attr-defined]
    main = page.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
    sidebar.get_by_text("Nytt kart").click()
    sidebar.get_by_label("Navn på kartet", exact=True).fill("Kárášjohka – nåsituasjon")
    sidebar.get_by_role("button", name="Lag kartet").click()
    _wait_idle(page)
    sidebar.get_by_role("link", name="Kartlegging").click()
    _wait_idle(page)
    for version, name in enumerate(("Helsestasjonen", "PPT Kárášjohka", "Skuvla"), start=2):
        main.get_by_label("Navn").first.fill(name)
        main.get_by_role("button", name="Legg til aktør").click()
        _wait_idle(page)
        # Each actor is its own revision: wait until the sidebar says so before typing the
        # next (on a loaded machine the rerun may start after _wait_idle's first look).
        sidebar.get_by_text(f"Versjon {version} – lagret").first.wait_for(timeout=30_000)
    main.get_by_label("Navn").nth(1).fill("Tverrfaglig team")
    _pick(page, main.get_by_label("Faste medlemmer"), "PPT Kárášjohka")
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    main.get_by_role("button", name="Legg til forum").click()
    _wait_idle(page)
    sidebar.get_by_text("Versjon 5 – lagret").first.wait_for(timeout=30_000)

    page.reload()  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid='stSidebar']", timeout=60_000)  # type: ignore[attr-defined]
    _wait_idle(page)
    main.get_by_role("tab", name="Aktører (3)").wait_for(timeout=30_000)
    assert "Kartlegging – Kárášjohka – nåsituasjon" in main.inner_text()
    assert "Versjon 5 – lagret" in sidebar.inner_text()
    tabs = main.get_by_role("tab").all_inner_texts()
    assert {"Aktører (3)", "Fora (1)", "Deltakelse (1)"} <= set(tabs)
    assert "kart=K%C3%A1r%C3%A1%C5%A1johka" in page.url  # type: ignore[attr-defined]
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    # Reloading a page's own URL makes Streamlit's frontend probe /<page>/_stcore/health and
    # /host-config before falling back to /_stcore (harmless 404s, not ours); any other
    # failed request is still listed as "HTTP <status> <url>" and fails the test.
    probes = re.compile(r"HTTP 404 \S+/kartlegging/_stcore/(health|host-config)$"
                        r"|Failed to load resource: the server responded with a status of 404")
    assert not [e for e in watch.errors if not probes.match(e)], f"console errors: {watch.errors}"


def _download(page: object, label: str) -> object:
    """Click a download button and return the download.

    A click that lands while Streamlit is still redrawing the page (the page swaps the
    button for a new one) starts nothing: on a loaded machine that happens now and then,
    so the button is clicked once more after the page is idle. A button that never
    downloads still fails the test.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(2):
        _wait_idle(page)
        try:
            with page.expect_download(timeout=30_000 if attempt == 0 else 60_000) as info:  # type: ignore[attr-defined]
                page.get_by_role("button", name=label, exact=True).click()  # type: ignore[attr-defined]
            return info.value
        except PlaywrightTimeout:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def test_the_current_map_downloads_from_the_data_page_and_loads_back(server: str, browser: object, tmp_path) -> None:
    from samhandling.io import load_map

    # A new tab opens the map last used on the server (an earlier test typed a small one): name Siljan.
    siljan = quote("Siljan kommune – før «Pilot i eget liv» (PIL)")
    page, watch = _open(browser, f"{server}/?kart={siljan}")
    _wait_idle(page)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Data").first.click()  # type: ignore[attr-defined]
    _wait_idle(page)
    loaded = {}
    for label, suffix in (("Last ned kartet (Excel)", "xlsx"), ("Last ned kartet (YAML)", "yaml"),
                          ("Last ned GEXF", "gexf")):
        download = _download(page, label)
        target = tmp_path / f"kart.{suffix}"
        download.save_as(target)  # type: ignore[attr-defined]
        assert download.suggested_filename.endswith(f".{suffix}")  # type: ignore[attr-defined]
        loaded[suffix] = load_map(target).map
    assert loaded["xlsx"] == loaded["yaml"]
    assert loaded["gexf"].actors == loaded["yaml"].actors
    assert len(loaded["yaml"].actors) > 5
    assert not watch.outside, f"requests left the machine: {watch.outside}"
