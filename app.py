"""Samhandlingskart — the Streamlit app. This file only wires the pages."""

from importlib.resources import files

import streamlit as st

from samhandling.gcpause import freeze_start_up
from samhandling.i18n import t
from samhandling.ui import (
    data,
    funn,
    hvaom,
    kart,
    kartlegging,
    login,
    map_first,
    sammenlign,
    sidebar,
    state,
    tilgang,
    vei,
)
from samhandling.ui.chrome import choose_language, language_switch, norwegian_chrome

choose_language()  # before any text is read

# Our own icon file: a Material page icon would be fetched from fonts.gstatic.com (not offline).
st.set_page_config(
    page_title=t("ui.app_title"), page_icon=str(files("samhandling") / "assets" / "icon.png"), layout="wide"
)
login.gate()  # on a server with login: nobody past this line without a right
with state.reading():  # the map list and latest revisions: asked of the store once per run
    state.prepare()  # the store opened (or why not), the examples seeded

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
    finally:
        # The sidebar and the chrome script after the page: they show in the same place, but the
        # browser receives (and fetches the code for) the page first, e.g. the Kart map. A first
        # look at Kart sends the map alone; the sidebar follows when it is drawn (ui/map_first.py).
        if not map_first.end_run():
            sidebar.sidebar()
            language_switch()
        norwegian_chrome()
        # Streamlit collects garbage after every run, holding the server for ~80 ms over all the
        # imports: after the first run they are out of the collector's sight (gcpause.py).
        freeze_start_up()
