"""Accessibility and Norwegian in a real browser: axe-core on every page, Streamlit's own words.

axe-core comes from the npm registry (``tests/browser/package.json``; ``.ci/run``
installs it, and the fixture below runs ``npm ci`` once when it is missing). It is
injected into each page by Playwright; no page may have a serious or critical
violation of WCAG 2.1 A/AA. Skipped when Chromium, or axe-core and npm, are missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import test_browser_app as base
from test_browser_app import CHROMIUM, _network, _open, _wait_idle

AXE_DIR = Path(__file__).resolve().parent / "browser"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [("Kart", ""), ("Funn", "funn"), ("Sammenlign", "sammenlign"), ("Hva om", "hva-om"),
         ("Kartlegging", "kartlegging"), ("Data", "data")]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]


# The same streamlit server and browser as test_browser_app (pytest cannot share a module's
# fixtures by import; their bodies are reused instead).
server = pytest.fixture(scope="module", name="server")(base.server.__wrapped__)
browser = pytest.fixture(scope="module", name="browser")(base.browser.__wrapped__)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core is not installed and npm is missing (npm ci --prefix tests/browser)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)], check=False,
                       capture_output=True, timeout=300)
        if not AXE.exists():
            pytest.skip("axe-core could not be installed (npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")


def _go(page: object, title: str) -> None:
    if title != "Kart":
        page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()  # type: ignore[attr-defined]
    _wait_idle(page)
    if title in ("Kart", "Funn", "Sammenlign"):
        _network(page)
    page.wait_for_timeout(800)  # type: ignore[attr-defined]


def _axe(page: object, source: str) -> list[dict]:
    # Streamlit fades elements while a script run is pending; check the settled page.
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')",  # type: ignore[attr-defined]
                           timeout=30_000)
    page.wait_for_timeout(1200)  # type: ignore[attr-defined]  # the fade-in transition
    page.evaluate(source)  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("title", [title for title, _ in PAGES])
def test_no_serious_or_critical_axe_violation_on_any_page(server: str, browser: object, axe_source: str,
                                                           title: str) -> None:
    page, watch = _open(browser, f"{server}/")
    _go(page, title)
    violations = _axe(page, axe_source)
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  " + "\n  ".join(v["nodes"])
                                       for v in violations)
    assert not watch.outside, f"requests left the machine: {watch.outside}"


def test_the_uploader_speaks_norwegian(server: str, browser: object, tmp_path: Path) -> None:
    page, _ = _open(browser, f"{server}/")
    _go(page, "Data")
    upload = page.locator("[data-testid='stFileUploader']").first  # type: ignore[attr-defined]
    page.locator("input[type=file]").set_input_files(str(Path(__file__).parents[1] / "data" / "siljan-for.yaml"))  # type: ignore[attr-defined]
    page.get_by_text("er i orden").first.wait_for(timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    text = upload.inner_text()
    labels = upload.evaluate("u => [...u.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))")
    for english in ("Upload", "per file", "KB", "Drag and drop", "Remove", "Add files", "file upload"):
        assert english not in text and not any(english in label for label in labels), (english, text, labels)
    assert any(label.startswith("Fjern siljan-for.yaml") for label in labels)
    assert any(label.endswith(" kB") and "," in label for label in labels)


def test_legg_til_forum_stays_put_when_the_member_list_loses_focus(server: str, browser: object) -> None:
    # Issue 10, bug 2: the list grew while it had focus and shrank on blur, so the button
    # moved ~33 px between mouse-down and mouse-up and the first click was lost.
    page, _ = _open(browser, f"{server}/")
    _go(page, "Kartlegging")
    main = page.locator("[data-testid='stMain']")  # type: ignore[attr-defined]
    field = main.get_by_label("Deltar ved behov")
    for index in (1, 2, 3):
        for _ in range(3):  # the list opens once the page has settled
            field.click()
            options = page.get_by_role("listbox").get_by_role("option")  # type: ignore[attr-defined]
            if options.count() > index:
                break
            page.wait_for_timeout(1000)  # type: ignore[attr-defined]
        options.nth(index).click()
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    button = main.get_by_role("button", name="Legg til forum")
    button.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    offset = "b => b.getBoundingClientRect().top - b.closest('[data-testid=\"stForm\"]').getBoundingClientRect().top"
    focused = button.evaluate(offset)
    main.get_by_role("heading", name="Hurtigregistrering").click()  # the list loses focus
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert button.evaluate(offset) == focused
