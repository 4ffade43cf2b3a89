"""Time to the Kart map in a real browser against `streamlit run`, next to a minimal Streamlit page.

Used by ``run.py --sections app``. Each server gets a fresh store (the app seeds the
examples at start-up; the county map is saved before the server starts). A visitor
is a new browser context (no cookies, no session, no cache); the time is from
navigation start until vis-network's first ``afterDrawing`` in the map component
(``[data-drawn="true"]``) or, for the minimal page (a title and a line of text),
until the text is shown.

That moment is taken in the page: a script added before the page's own
(``READY_WATCH``) notes ``performance.now()`` when the selector first matches,
in the document or in any shadow root (the map component's). Playwright's
``wait_for_selector`` only says when it has *seen* the element: it looks at 0, 20,
50, 100 and 100 ms and then every 500 ms (``retryWithProgressAndBackoff`` in its
driver), so a page ready a little after the first 270 ms was counted up to 500 ms
late. Until session 5 the figures were taken that way; that figure is still
recorded next to the other (``polled_*``), for comparison with older runs.

All three servers run at the same time and are visited in turn, round by round, so
the load of a shared machine falls on every case alike; the first round is each
server's first visitor, once all of them answer their health check (``serve.py`` warms
the default map in the background from start-up; ``app.py`` does that work for its first
visitor). Ratios compare medians of the later rounds, with a 90 % bootstrap interval
(the rounds resampled, seeded): one run's median of a dozen visits moved by ±0.05 from
run to run, so a ratio near its target is read with its interval. Since session 6 there
are 24 rounds. The load average is recorded before and after.

With ``SAMHANDLING_BENCH_BASELINE=<checkout>`` (e.g. ``git worktree add --detach /tmp/base main``)
the example and county maps are also served from that checkout's ``app.py`` and ``src``, in
the same rounds, so a change is compared with the code before it under the same load.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
MINIMAL = 'import streamlit as st\n\nst.title("Samhandlingskart")\nst.write("Et kart over samhandlingen.")\n'


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``streamlit run <script>`` on a free port, with its own store."""

    def __init__(self, script: Path, store: Path, pythonpath: str | None = None) -> None:
        self.port = _free_port()
        env = dict(os.environ, SAMHANDLING_DB=str(store))
        if pythonpath:
            env["PYTHONPATH"] = pythonpath
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit run {script} did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


# Notes the moment ``__READY__`` first matches, in the document or in a shadow root.
READY_WATCH = r"""
(() => {
  const ready = __READY__;
  const roots = [document];
  const check = () => {
    if (window.__benchReady !== undefined) return;
    for (const root of roots) {
      if (root.querySelector(ready)) { window.__benchReady = performance.now(); return; }
    }
  };
  const watch = new MutationObserver(check);
  const options = { subtree: true, childList: true, attributes: true };
  watch.observe(document, options);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    watch.observe(root, options);
    return root;
  };
})();
"""


def _visit(browser, url: str, ready: str) -> tuple[float, float]:
    """Seconds from navigation start until ``ready`` (a CSS selector) is in the page.

    Returns the moment noted in the page, and when Playwright saw it (the older figure).
    """
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url or r.request.url.startswith(
        ("data:", "blob:")) else r.abort())
    page.add_init_script(READY_WATCH.replace("__READY__", json.dumps(ready)))
    try:
        page.goto(url)
        page.wait_for_selector(ready, state="attached", timeout=180_000)
        polled = page.evaluate("performance.now()") / 1000
        noted = page.evaluate("window.__benchReady")
        if noted is None:
            raise RuntimeError(f"{url}: {ready} was seen, but the page did not note it")
        return noted / 1000, polled
    finally:
        context.close()


def interval(values: list[float], base: list[float], share: float = 0.9, draws: int = 2000) -> list[float]:
    """The ``share`` bootstrap interval of median(values) / median(base), both resampled (seeded)."""
    pick = random.Random(7)
    ratios = sorted(
        statistics.median(pick.choices(values, k=len(values))) / statistics.median(pick.choices(base, k=len(base)))
        for _ in range(draws)
    )
    tail = (1 - share) / 2
    return [round(ratios[int(tail * draws)], 2), round(ratios[int((1 - tail) * draws) - 1], 2)]


def measure(seed: int = 1, visitors: int = 24) -> dict:
    """First and later visitors: example map, county map, minimal page (seconds)."""
    sys.path.insert(0, str(HERE))
    from generate import generate
    from playwright.sync_api import sync_playwright

    from samhandling.store import Store

    out: dict = {"load_average_before": round(os.getloadavg()[0], 1), "rounds": visitors}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        county_store = Path(tmp) / "county.sqlite3"
        Store(county_store).create_map("Fylke", generate("county", seed))
        base = os.environ.get("SAMHANDLING_BENCH_BASELINE")
        cases = {
            "minimal": (minimal, Path(tmp) / "m.sqlite3", "", "[data-testid='stMarkdown'] p"),
            "example": (REPO / "app.py", Path(tmp) / "e.sqlite3", "", "[data-drawn='true']"),
            "county": (REPO / "app.py", county_store, "/?kart=Fylke", "[data-drawn='true']"),
            # `streamlit run serve.py`: the same app, the default map warmed at server start
            "example_serve": (REPO / "serve.py", Path(tmp) / "w.sqlite3", "", "[data-drawn='true']"),
        }
        if base:
            base_county = Path(tmp) / "county_base.sqlite3"
            Store(base_county).create_map("Fylke", generate("county", seed))
            cases["example_base"] = (Path(base) / "app.py", Path(tmp) / "eb.sqlite3", "", "[data-drawn='true']")
            cases["county_base"] = (Path(base) / "app.py", base_county, "/?kart=Fylke", "[data-drawn='true']")
        servers: dict[str, Server] = {}
        times: dict[str, list[float]] = {name: [] for name in cases}
        polled: dict[str, list[float]] = {name: [] for name in cases}
        try:
            for name, (script, store, _, _) in cases.items():
                servers[name] = Server(script, store, str(Path(base) / "src") if name.endswith("_base") else None)
            for _ in range(visitors):
                for name, (_, _, path, ready) in cases.items():
                    noted, seen = _visit(browser, servers[name].url + path, ready)
                    times[name].append(noted)
                    polled[name].append(seen)
        finally:
            for server in servers.values():
                server.stop()
            browser.close()
    for name, values in times.items():
        out[name] = {"first_s": round(values[0], 2), "later_s": [round(x, 2) for x in values[1:]],
                     "later_median_s": round(statistics.median(values[1:]), 2),
                     "polled_later_median_s": round(statistics.median(polled[name][1:]), 2)}
        print(f"  {name}: first visitor {values[0]:.2f} s, then {out[name]['later_s']}", flush=True)
    out["load_average_after"] = round(os.getloadavg()[0], 1)
    base = out["minimal"]["later_median_s"]
    for name in [n for n in ("example", "county", "example_serve", "example_base", "county_base") if n in times]:
        out[name]["vs_minimal"] = round(out[name]["later_median_s"] / base, 2)
        out[name]["vs_minimal_interval"] = interval(times[name][1:], times["minimal"][1:])
        out[name]["vs_minimal_first"] = round(out[name]["first_s"] / out["minimal"]["first_s"], 2)
        out[name]["second_faster_than_first"] = out[name]["later_median_s"] < out[name]["first_s"]
        out[name]["polled_vs_minimal"] = round(
            out[name]["polled_later_median_s"] / out["minimal"]["polled_later_median_s"], 2)
    print(f"  load average {out['load_average_before']} before, {out['load_average_after']} after", flush=True)
    return out
