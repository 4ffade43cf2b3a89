"""The Veiviser in a real browser: a facilitator walks an empty map to a ladder and a problem list.

`streamlit run` + headless Chromium (Playwright), as in ``test_browser_app``: from a
new empty map to 10 catalogue actors, 3 forums, who sits where (the grid), a ladder
up to nivå 3, a routine and the problems on step 6; the browser is reloaded after
step 3 and nothing is lost; no request leaves the machine; axe-core finds no serious
or critical violation on any step. A screenshot of each step (1280×720) goes to
``$VEIVISER_SHOTS`` or tests/artifacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import test_browser_a11y as a11y
import test_browser_app as base
from test_browser_app import CHROMIUM, WHOLE, Watch, _wait_idle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]

server = pytest.fixture(scope="module", name="server")(base.server.__wrapped__)
browser = pytest.fixture(scope="module", name="browser")(base.browser.__wrapped__)
axe_source = pytest.fixture(scope="module", name="axe_source")(a11y.axe_source.__wrapped__)

SHOTS = Path(os.environ.get("VEIVISER_SHOTS") or base.REPO / "tests/artifacts/screenshots")
ACTORS = {
    "Oppvekst": ["Barnehage", "Grunnskole", "PP-tjenesten (PPT)", "Barnevernstjenesten"],
    "Helse": ["Helsestasjon", "Skolehelsetjenesten", "BUP", "Koordinerende enhet", "Barnekoordinator"],
    "Velferd": ["NAV-kontoret"],
}
FORUMS = ["Ressursteam i barnehage og skole", "Tverrfaglig team", "Ansvarsgruppe"]


def _version(page: object) -> int:
    text = page.locator("[data-testid='stSidebar']").inner_text()  # type: ignore[attr-defined]
    return int(re.search(r"Versjon (\d+)", text).group(1))


def _wait_version(page: object, number: int) -> None:
    for _ in range(120):
        _wait_idle(page)
        if _version(page) >= number:
            return
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "failed")
    raise AssertionError(f"version {number} was never saved (at {_version(page)})")


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"veiviser-{name}.png"))  # type: ignore[attr-defined]


def _check_axe(page: object, source: str, step: str) -> None:
    violations = a11y._axe(page, source)  # noqa: SLF001 - the same check as every other page
    assert violations == [], step + ": " + "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  "
                                                     + "\n  ".join(v["nodes"]) for v in violations)


def _next(page: object, main: object) -> None:
    main.get_by_role("button", name="Neste steg").click()  # type: ignore[attr-defined]
    _wait_idle(page)


def _pick(page: object, field: object, option: str) -> None:
    """Choose ``option`` in a multiselect (typed to filter the list; tried again while the page settles)."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(4):
        try:
            field.click()  # type: ignore[attr-defined]
            page.keyboard.type(option)  # type: ignore[attr-defined]
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)  # type: ignore[attr-defined]
            break
        except PlaywrightError:
            if attempt == 3:
                raise
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            _wait_idle(page)
    page.keyboard.press("Escape")  # type: ignore[attr-defined]


def _set_role(page: object, row: int, column: int, role: str) -> None:
    """Type ``role`` into the grid's cell (``row``, ``column``; column 0 is the actor's name) and wait for the save.

    The grid is a canvas drawn anew after every save: the cell is reached by a click on
    the row's name and arrow keys once the grid has settled, and tried again when no save follows.
    """
    grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first  # type: ignore[attr-defined]
    before = _version(page)
    for _ in range(3):
        _wait_idle(page)
        page.wait_for_timeout(1000)  # type: ignore[attr-defined]
        grid.evaluate("e => e.scrollIntoView({block: 'center'})", timeout=10_000)
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        box = grid.bounding_box(timeout=10_000)
        assert box is not None, "the grid is not on the page"
        page.mouse.click(box["x"] + 30, box["y"] + 36 + 35 * row + 17)  # type: ignore[attr-defined]
        page.wait_for_timeout(400)  # type: ignore[attr-defined]
        for _ in range(column):
            page.keyboard.press("ArrowRight")  # type: ignore[attr-defined]
            page.wait_for_timeout(150)  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        page.keyboard.type(role)  # type: ignore[attr-defined]
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        for _ in range(20):
            page.wait_for_timeout(500)  # type: ignore[attr-defined]
            if _version(page) > before:
                _wait_idle(page)
                return
        page.keyboard.press("Escape")  # type: ignore[attr-defined]
    _shot(page, "failed")
    raise AssertionError(f"the grid did not save {role!r} in row {row}, column {column}")


def test_a_facilitator_walks_an_empty_map_to_a_ladder_and_a_problem_list(
    server: str, browser: object, axe_source: str
) -> None:
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server}/")
    page.wait_for_selector(WHOLE, state="attached", timeout=60_000)
    _wait_idle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    main = page.locator("[data-testid='stMain']")
    sidebar.get_by_text("Nytt kart").click()
    sidebar.get_by_label("Navn på kartet", exact=True).fill("Verksted i Siljan")
    sidebar.get_by_role("button", name="Lag kartet").click()
    _wait_idle(page)
    sidebar.get_by_text("Versjon 1").wait_for(timeout=30_000)
    for attempt in range(3):  # a click that lands while the sidebar is redrawn is lost: click again
        _wait_idle(page)
        sidebar.get_by_role("link", name="Kartlegging").click()
        try:
            page.wait_for_url("**/kartlegging?*", timeout=10_000)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    _wait_idle(page)
    main.get_by_role("radio", name="Veiviser").click()
    _wait_idle(page)
    assert "steg=1" in page.url

    # Step 1: ten actors from the catalogue, sector by sector.
    start = _version(page)
    for sector, names in ACTORS.items():
        for name in names:
            _pick(page, main.get_by_label(sector, exact=True), name)
    main.get_by_role("button", name="Legg til i kartet").click()
    _wait_version(page, start + 1)
    main.get_by_text("Aktører i kartet: 10.").wait_for(timeout=30_000)
    _shot(page, "1-aktorer")
    _check_axe(page, axe_source, "steg 1")

    # Step 2: three forums from the catalogue.
    _next(page, main)
    for name in FORUMS:
        main.get_by_text(name, exact=True).click()
    main.get_by_role("button", name="Legg til valgte fora").click()
    _wait_version(page, start + 2)
    main.get_by_text("Fora i kartet: 3.").wait_for(timeout=30_000)
    _shot(page, "2-fora")
    _check_axe(page, axe_source, "steg 2")

    # Step 3: who sits where, typed into the grid (rows: the actors in order; columns: the forums).
    _next(page, main)
    cells = [(0, 1, "Fast"), (1, 1, "Fast"), (2, 1, "Leder"), (2, 2, "Fast"), (3, 2, "Fast"),
             (4, 2, "Leder"), (7, 3, "Fast"), (8, 3, "Leder")]
    for row, column, role in cells:
        _set_role(page, row, column, role)
    main.get_by_text("3 av 3 fora har medlemmer; 0 gjenstår.").wait_for(timeout=30_000)
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")  # type: ignore[attr-defined]
    _shot(page, "3-hvem-sitter-hvor")
    _check_axe(page, axe_source, "steg 3")

    # Half-way: a reload comes back to step 3 of the same map with every membership.
    saved = _version(page)
    page.reload()
    page.wait_for_selector(WHOLE, state="attached", timeout=60_000)
    _wait_idle(page)
    main.get_by_text("Steg 3: Hvem sitter hvor").wait_for(timeout=30_000)
    assert "steg=3" in page.url and _version(page) == saved
    assert "Kartlegging – Verksted i Siljan" in main.inner_text()
    main.get_by_text("3 av 3 fora har medlemmer; 0 gjenstår.").wait_for(timeout=30_000)
    main.get_by_role("button", name="✓ 1. Aktører").wait_for(timeout=30_000)  # the actors and forums are all there too
    main.get_by_role("button", name="✓ 2. Fora").wait_for(timeout=30_000)

    # Step 4: the ladder — the ressursteam sends on to the tverrfaglig team, that one to the ansvarsgruppe.
    _next(page, main)
    for index, target in ((0, "Tverrfaglig team"), (1, "Ansvarsgruppe")):
        before = _version(page)
        _pick(page, main.get_by_label("Videre til").nth(index), target)
        _wait_version(page, before + 1)
    # The ladder is redrawn after the last save: read it once it is there (a loaded machine lags).
    main.get_by_text("Tverrfaglig team → Ansvarsgruppe").first.wait_for(timeout=30_000)
    ladder = main.inner_text()
    assert "Ressursteam i barnehage og skole → Tverrfaglig team" in ladder
    assert "Tverrfaglig team → Ansvarsgruppe" in ladder
    assert "3 – koordinert innsats" in ladder
    _shot(page, "4-bti-stigen")
    _check_axe(page, axe_source, "steg 4")

    # Step 5: a routine.
    _next(page, main)
    before = _version(page)
    _pick(page, main.get_by_label("Vanlige rutiner og avtaler"), "Rutine for bekymringsmelding til barnevernet")
    main.get_by_role("button", name="Legg til rutinene").click()
    _wait_version(page, before + 1)
    main.get_by_text("Rutiner og avtaler i kartet: 1.").wait_for(timeout=30_000)
    _shot(page, "5-rutiner")
    _check_axe(page, axe_source, "steg 5")

    # Step 6: the pathway from the kindergarten and the problems of the map as it now is.
    _next(page, main)
    main.get_by_text("Hvor går en bekymring?").wait_for(timeout=30_000)
    main.get_by_text(re.compile(r"Problemene i kartet \(\d+\)")).wait_for(timeout=30_000)
    text = main.inner_text()
    assert "Ressursteam i barnehage og skole" in text and "Ansvarsgruppe" in text
    assert page.locator("[data-testid='stException']").count() == 0
    _shot(page, "6-problemer")
    main.get_by_text(re.compile(r"Problemene i kartet")).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    _shot(page, "6-problemer-liste")
    _check_axe(page, axe_source, "steg 6")

    assert not watch.outside, f"requests left the machine: {watch.outside}"
    probes = re.compile(r"HTTP 404 \S+/kartlegging/_stcore/(health|host-config)$"
                        r"|Failed to load resource: the server responded with a status of 404")
    assert not [e for e in watch.errors if not probes.match(e)], f"console errors: {watch.errors}"
    context.close()
