"""Two app servers on one PostgreSQL database, in a real browser (issue 12: several app processes).

Two ``streamlit run`` processes on two ports share one database. A change made in
one is seen in the other after a refresh; a save in the other based on an old
version is refused and kept on screen, and "use my change on the newest version"
then saves it: nothing is lost. Skipped without Chromium or without PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from test_browser_app import CHROMIUM, REPO, _free_port, _open, _wait_idle

from samhandling.model import Actor, CollaborationMap
from samhandling.store import Store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


@contextmanager
def _streamlit(database: str, log: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ, SAMHANDLING_DB=database)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
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


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


def _add_actor(page: object, name: str) -> None:
    main = page.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
    main.get_by_label("Navn").first.fill(name)
    main.get_by_role("button", name="Legg til aktør").click()
    _wait_idle(page)


def test_two_servers_on_one_database_see_each_others_changes_and_refuse_a_stale_save(pg_url, browser, tmp_path):
    store = Store(pg_url)
    store.create_map("Fylket", CollaborationMap(actors=(Actor("start", "Statsforvalteren"),)))
    with ExitStack() as stack:
        one = stack.enter_context(_streamlit(pg_url, tmp_path / "one.log"))
        two = stack.enter_context(_streamlit(pg_url, tmp_path / "two.log"))
        page_a, watch_a = _open(browser, f"{one}/kartlegging?kart=Fylket")
        page_b, watch_b = _open(browser, f"{two}/kartlegging?kart=Fylket")
        for page in (page_a, page_b):
            _wait_idle(page)
        main_b = page_b.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
        sidebar_b = page_b.locator("[data-testid='stSidebar']")  # type: ignore[attr-defined]
        main_b.get_by_role("tab", name="Aktører (1)").wait_for(timeout=90_000)

        _add_actor(page_a, "Helsestasjonen")  # server one saves version 2
        assert store.latest_revision("Fylket") == 2
        page_b.reload()  # type: ignore[attr-defined]
        page_b.wait_for_selector("[data-testid='stSidebar']", timeout=60_000)  # type: ignore[attr-defined]
        _wait_idle(page_b)
        main_b.get_by_role("tab", name="Aktører (2)").wait_for(timeout=90_000)  # seen on server two
        assert "Versjon 2 – lagret" in sidebar_b.inner_text()

        _add_actor(page_a, "PPT")  # version 3 on server one, while server two still shows version 2
        _add_actor(page_b, "Skolen")  # based on version 2: refused, and kept
        main_b.get_by_text("Noen andre har lagret en nyere versjon").wait_for(timeout=90_000)
        _wait_idle(page_b)
        main_b.get_by_role("tab", name="Aktører (3)").wait_for(timeout=90_000)  # Skolen is still on screen
        assert store.latest_revision("Fylket") == 3
        assert {a.name for a in store.load("Fylket")[0].actors} == {"Statsforvalteren", "Helsestasjonen", "PPT"}

        main_b.get_by_role("button", name="Bruk endringen min på den nyeste versjonen").click()
        _wait_idle(page_b)
        main_b.get_by_role("tab", name="Aktører (4)").wait_for(timeout=90_000)
        cmap, revision = store.load("Fylket")
        assert revision == 4
        assert {a.name for a in cmap.actors} == {"Statsforvalteren", "Helsestasjonen", "PPT", "Skolen"}
        for watch in (watch_a, watch_b):
            assert not watch.outside, f"requests left the machine: {watch.outside}"
