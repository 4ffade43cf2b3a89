"""The Kart page's two layouts: the workshop layout and "Presentasjon" for a projector.

Presentasjon shows the map full width and as tall as the window (the sidebar and
Streamlit's header hidden, the page's margins small), with a large legend; the
controls and the side panel move below the map. The choice is kept in the URL
(``?vis=presentasjon``), so a reload or a shared link opens the same view; the same
switch at the top of the page goes back.

The layout is a few lines of CSS, scoped to the Kart page: it is sent only while the
page is drawn, in one element with a small static script that starts fetching the map's
code (no user text in either).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import streamlit as st

from samhandling.i18n import t
from samhandling.ui.components.network import vis_network_path

__all__ = ["presenting", "presentation_switch", "page_style", "PARAM", "VALUE", "SWITCH_KEY", "MAP_BOX"]

PARAM = "vis"  # ?vis=presentasjon
VALUE = "presentasjon"
SWITCH_KEY = "kart.present"
MAP_BOX = "kart-map"  # the container around the map (class st-key-kart-map)

# Both layouts: less empty space above the map, a title that fits on one line at 1280 px.
_COMPACT = """
[data-testid="stMainBlockContainer"] { padding-top: 2.6rem; padding-left: 2rem; padding-right: 2rem; }
.st-key-kart-head h1 { font-size: 1.85rem; line-height: 1.2; padding: 0.2rem 0 0; }
.st-key-kart-head [data-testid="stCaptionContainer"] p { margin-bottom: 0; }
"""
# The workshop layout: the controls' place above the map is held from the start (one row of
# four controls and the closed Filtre expander at 1280 px and wider), so the map does not
# move down when they appear after it (see map_first.py); taller controls simply push it.
_WORKSHOP = """
.st-key-kart-controls { min-height: 124px; }
"""
# Presentasjon: no sidebar, no header, the map edge to edge, a legend the back row can read.
_PRESENT = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stSidebarCollapseButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1rem 1rem; max-width: 100%; }
.st-key-kart-head h1 { font-size: 1.4rem; }
.st-key-kart-map { --sk-legend-size: 1.35rem; --sk-swatch-size: 1.3rem; }
"""


def presenting() -> bool:
    """Whether the Kart page is in Presentasjon (the switch, else the URL)."""
    if SWITCH_KEY not in st.session_state:
        st.session_state[SWITCH_KEY] = st.query_params.get(PARAM) == VALUE
    return bool(st.session_state[SWITCH_KEY])


def _remember() -> None:
    """Keep the choice in the URL, so a reload opens the same view."""
    if st.session_state.get(SWITCH_KEY):
        st.query_params[PARAM] = VALUE
    else:
        st.query_params.pop(PARAM, None)


def presentation_switch() -> bool:
    """The switch between the two layouts; returns whether Presentasjon is on."""
    on = presenting()
    st.toggle(t("ui_kart.present.label"), key=SWITCH_KEY, on_change=_remember, help=t("ui_kart.present.help"))
    if on and st.query_params.get(PARAM) != VALUE:
        st.query_params[PARAM] = VALUE
    return on


# Fetch the browser code that runs the map (Streamlit's custom-component chunk and what it
# imports, and vis-network, which the map's own module imports from the same URL) as soon
# as this first element of the page is drawn. Measured (session 6): the script runs when
# React commits the first elements together with the map, by which time Streamlit has
# usually asked for its component chunk itself; vis-network's fetch starts here 25-40 ms
# before the map's module would start it. A small head start, not a parallel load.
_EARLY = """
(() => {
  if (window.__skMapCode) return;
  window.__skMapCode = true;
  const main = document.querySelector('script[src*="/static/js/index."]');
  if (!main) return;
  if (__FILE__) import(new URL(__FILE__, main.src).href).catch(() => {});
  if (!globalThis.vis) import(new URL(__VIS__, new URL("../../", main.src)).href).catch(() => {});
})();
"""


@lru_cache(maxsize=1)
def map_code_file() -> str | None:
    """The file name of Streamlit's chunk for custom components (v2), or None if not one file."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    found = sorted(path.name for path in folder.glob("BidiComponent.*.js"))
    return found[0] if len(found) == 1 else None


def page_style(present: bool) -> None:
    """The CSS of the layout (no user text in it), and the early fetch of the map's code."""
    style = f"<style>{_COMPACT}{_PRESENT if present else _WORKSHOP}</style>"
    script = _EARLY.replace("__FILE__", json.dumps(map_code_file())).replace("__VIS__", json.dumps(vis_network_path()))
    st.html(f"{style}<script>{script}</script>", unsafe_allow_javascript=True)
