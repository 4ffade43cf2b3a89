"""Samhandlingskart — the Streamlit app. This file only wires the pages.

``streamlit run app.py`` finds ``app`` below and serves this same file as the page
script of every visitor (``__name__ == "__main__"``). Serving it as an ``st.App``
gives the server a start-up hook: the default map is seeded, loaded, analysed and
drawn in the background before the first browser comes (:func:`warm_up`).
"""

import logging
import threading
from contextlib import asynccontextmanager
from importlib.resources import files

import streamlit as st


def main() -> None:
    """One run of the page script: the chosen page first, then the sidebar."""
    from samhandling.i18n import t
    from samhandling.ui import data, funn, hvaom, kart, kartlegging, login, sammenlign, state, tilgang, vei
    from samhandling.ui.chrome import choose_language, language_switch, norwegian_chrome

    choose_language()  # before any text is read

    # Our own icon file: a Material page icon would be fetched from fonts.gstatic.com (not offline).
    st.set_page_config(
        page_title=t("ui.app_title"), page_icon=str(files("samhandling") / "assets" / "icon.png"), layout="wide"
    )
    login.gate()  # on a server with login: nobody past this line without a right
    state.prepare()

    pages = st.navigation(
        [
            st.Page(kart.page, title=t("ui.pages.kart"), icon=":material/map:", url_path="kart", default=True),
            st.Page(funn.page, title=t("ui.pages.funn"), icon=":material/search:", url_path="funn"),
            st.Page(vei.page, title=t("ui.pages.vei"), icon=":material/trending_up:", url_path="veien-videre"),
            st.Page(sammenlign.page, title=t("ui.pages.sammenlign"), icon=":material/compare_arrows:",
                    url_path="sammenlign"),
            st.Page(hvaom.page, title=t("ui.pages.hvaom"), icon=":material/lightbulb:", url_path="hva-om"),
            st.Page(kartlegging.page, title=t("ui.pages.kartlegging"), icon=":material/edit:",
                    url_path="kartlegging"),
            st.Page(data.page, title=t("ui.pages.data"), icon=":material/folder_open:", url_path="data"),
            *([st.Page(tilgang.page, title=t("ui_login.page"), icon=":material/lock:", url_path="tilgang")]
              if login.is_admin() else []),
        ]
    )
    try:
        pages.run()
    finally:  # after the page, so the map reaches the browser first; also when the page stops early
        state.sidebar()
        language_switch()
        norwegian_chrome()


def warm_up() -> None:
    """Import the pages, seed the examples, and compute the default map's analysis and first picture."""
    try:
        from samhandling.ui import data, funn, hvaom, kart, kartlegging, sammenlign, state, tilgang, vei  # noqa: F401

        warmed = state.warm_up()
        if warmed is not None:
            kart.warm_up(*warmed)
    except Exception:  # a visitor computes it instead, and sees the error if there is one
        logging.getLogger("samhandling.app").warning("Warming up the default map failed", exc_info=True)


@asynccontextmanager
async def _lifespan(_app):
    threading.Thread(target=warm_up, name="samhandling-warm-up", daemon=True).start()
    yield


if __name__ == "__main__":
    main()
else:  # imported by `streamlit run app.py` (through uvicorn) to find the server
    app = st.App(__file__, lifespan=_lifespan)
