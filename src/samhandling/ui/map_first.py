"""A browser's first look at Kart: the map first, the rest of the page once it is drawn.

The browser loads the code of each kind of element on a page when it first meets
it, and shows elements that waited for their code together. On a new visit to Kart
the map (its own code and vis-network) would wait for the sidebar's and the
controls' code (about 40 files). So the first run of a session that opens on Kart
sends the map alone: the title, the map and its captions, with the sidebar holding
only the page list. When vis-network has drawn the first picture, the map reports
it (``network_map(report_drawn=True)``) and the whole page is run again: controls,
side panel, buttons and sidebar appear around the map, which stays as it is.

Only a browser reports: a session without request headers (a script, AppTest) gets
the whole page in its first run, as before. Presentasjon is not split either: its map
is fitted to the window when drawn, so nothing may appear above it afterwards.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["begin", "alone", "map_drawn", "end_run"]

_SEEN = "map_first.seen"  # the session has had a run of the page
_THIS_RUN = "map_first.this_run"  # this run sends the map alone (cleared at the end of the run)
_AWAITED = "map_first.awaited"  # the map's report that it is drawn has not come yet


def begin() -> bool:
    """Whether this run sends the map alone (called by Kart when it has a map to draw)."""
    if _SEEN in st.session_state or not st.context.headers:
        return False
    st.session_state[_THIS_RUN] = True
    st.session_state[_AWAITED] = True
    return True


def alone() -> bool:
    """Whether this run sends the map alone (see :func:`begin`)."""
    return bool(st.session_state.get(_THIS_RUN, False))


def map_drawn() -> None:
    """After the map alone: run the whole page, once.

    The map's report reruns its fragment, which calls this; so does any other rerun of
    the fragment before it (a click), so the page is never left half made.
    """
    if st.session_state.pop(_AWAITED, False):
        st.rerun(scope="app")


def end_run() -> bool:
    """At the end of every run of the app: whether this run sent the map alone."""
    st.session_state[_SEEN] = True
    alone = bool(st.session_state.pop(_THIS_RUN, False))
    if not alone:  # a whole page was sent (e.g. another page opened first): nothing is awaited
        st.session_state.pop(_AWAITED, None)
    return alone
