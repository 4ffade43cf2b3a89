"""Our vis-network build against pyvis' standalone file, in a blank page in headless Chromium.

    .venv/bin/python bench/vis_import.py [rounds]

Each round opens a fresh browser context per file (no cache), imports the file from a
local HTTP server and then creates and draws a 40-node network; the two files take
turns. Prints the medians of the later rounds (ms): the import (fetch, compile, run) and
create + first ``afterDrawing``.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from samhandling.maps.page import vis_network_file

CHROMIUM = "/usr/bin/chromium"
PAGE = "<!doctype html><html><body><div id=m style='width:1200px;height:600px'></div></body></html>"
MEASURE = """async (file) => {
  const t0 = performance.now();
  await import("/" + file);
  const t1 = performance.now();
  const nodes = [], edges = [];
  for (let i = 0; i < 40; i++) nodes.push({ id: i, label: "Node " + i, x: (i % 8) * 120, y: Math.floor(i / 8) * 100 });
  for (let i = 1; i < 40; i++) edges.push({ from: i, to: (i * 7) % i });
  const drawn = new Promise((done) => {
    const net = new vis.Network(document.getElementById("m"),
      { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
      { physics: false, layout: { improvedLayout: false } });
    net.once("afterDrawing", () => done(performance.now()));
  });
  return [t1 - t0, (await drawn) - t1];
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main(rounds: int = 8) -> None:
    from playwright.sync_api import sync_playwright

    spec = importlib.util.find_spec("pyvis")
    pyvis_file = Path(next(iter(spec.submodule_search_locations))) / "templates/lib/vis-9.1.2/vis-network.min.js"
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(vis_network_file(), Path(tmp) / "ours.js")
        shutil.copy(pyvis_file, Path(tmp) / "pyvis.js")
        (Path(tmp) / "p.html").write_text(PAGE, encoding="utf-8")
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=tmp))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/p.html"
        times: dict[str, list[list[float]]] = {"ours.js": [], "pyvis.js": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(rounds):
                for name in times:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(url)
                    times[name].append(page.evaluate(MEASURE, name))
                    context.close()
            browser.close()
        server.shutdown()
    for name, values in times.items():
        size = (vis_network_file() if name == "ours.js" else pyvis_file).stat().st_size // 1024
        print(f"{name:9} {size} KB: import {statistics.median(v[0] for v in values[1:]):.0f} ms, "
              f"create + draw {statistics.median(v[1] for v in values[1:]):.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
