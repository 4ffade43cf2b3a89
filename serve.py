"""Samhandlingskart served with a warm start: ``streamlit run serve.py`` (the README's way).

The same app as ``streamlit run app.py`` (every visitor runs ``app.py``), served as an
``st.App`` so the server has a start-up hook: a background thread imports the pages,
seeds the examples and computes the default map's analysis and first picture into the
caches every session shares, before the first browser comes. The first visitor then sees
the map in ~1.5–2 s instead of ~4 s (``bench/README.md``, session 7). ``streamlit run
app.py`` still serves the same app; there the first visitor does that work.

History: in session 5 (2026-12-04) this was opt-in, because the browser test
``test_a_new_map_typed_in_the_workshop_is_all_there_after_a_browser_reload`` failed three
times in this mode on a loaded machine, and once in the plain mode. In session 7 the browser
tests of ``tests/test_browser_app.py`` ran against this mode (their default since) and passed
four times out of four at a load average of ~8, after the store came to be read once per run.
"""

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

_WARM_UP_THREAD = "samhandling-warm-up"


class _NotFromTheWarmUp(logging.Filter):
    """Drop Streamlit's "missing ScriptRunContext!" warnings of the warm-up thread.

    The warm-up fills the caches outside any session on purpose; the warning it caused
    (one per cached call) was the only thing the README's first command printed besides
    the address, and read like an error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return threading.current_thread().name != _WARM_UP_THREAD


def warm_up() -> None:
    """Import the pages, seed the examples, and compute the default map's analysis and first picture."""
    quiet = _NotFromTheWarmUp()
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    context_log.addFilter(quiet)
    try:
        _warm_up()
    finally:
        context_log.removeFilter(quiet)
    from samhandling.gcpause import freeze_start_up

    freeze_start_up()  # what the warm-up made lives as long as the server (see gcpause.py)


def _warm_up() -> None:
    try:
        from samhandling.ui import data, funn, hvaom, kart, kartlegging, sammenlign, state, tilgang, vei  # noqa: F401

        warmed = state.warm_up()
        if warmed is not None:
            kart.warm_up(*warmed)
    except Exception:  # a visitor computes it instead, and sees the error if there is one
        logging.getLogger("samhandling.serve").warning("Warming up the default map failed", exc_info=True)


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=warm_up, name=_WARM_UP_THREAD, daemon=True).start()
    yield


app = st.App(Path(__file__).with_name("app.py"), lifespan=_lifespan)
