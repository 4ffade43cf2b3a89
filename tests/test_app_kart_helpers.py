"""Helpers shared by the AppTest modules of the Kart, Funn and Sammenlign pages (no tests here)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")


def open_page(url_path: str, map_name: str | None = None) -> AppTest:
    """Run app.py (optionally on map ``map_name``), then show the ``st.Page`` at ``url_path``."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if map_name is not None:
        at.session_state["state.current_map"] = map_name
        at.run()
    if url_path != "kart":
        # AppTest.switch_page only finds file pages; an st.Page's hash is that of its url_path.
        at._page_hash = calc_hash(url_path)  # noqa: SLF001
        at.run()
    return at


def open_filters(at: AppTest) -> AppTest:
    """Open the Kart page's filters (their widgets are made only while the expander is open)."""
    at.session_state["kart.filters"] = True
    return at.run()


def component_data(at: AppTest, key_part: str) -> dict[str, Any]:
    """The JSON data our map component with ``key_part`` in its key was given."""
    for element in at.main:
        proto = getattr(element, "proto", None)
        if proto is not None and getattr(proto, "component_name", "") and key_part in proto.id:
            return json.loads(proto.json)
    raise AssertionError(f"no component with key {key_part!r}")


def texts(at: AppTest) -> str:
    """All text of the page's Markdown-like elements, one per line."""
    parts = []
    for kind in ("markdown", "caption", "subheader", "title", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)
