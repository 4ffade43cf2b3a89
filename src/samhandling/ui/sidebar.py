"""The sidebar: the map picker, the current revision, "Nytt kart", and rename or delete (every run).

``app.py`` draws it after the page (see :mod:`samhandling.ui.map_first`); what it
shows and changes is :mod:`samhandling.ui.state`'s selected map in the store.
"""

from __future__ import annotations

import streamlit as st

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.store import Store, StoreError
from samhandling.ui import state
from samhandling.ui.components import plain, say

__all__ = ["sidebar"]

_SELECT = "state.map_select"  # the map picker's widget key (the name it has always had)


def _on_select() -> None:
    chosen = st.session_state.get(_SELECT)
    if chosen:
        state.set_current(chosen)


def _new_map_form(target: Store) -> None:
    with st.sidebar.expander(t("ui_state.new_map"), expanded=not state.map_names()):
        with st.form("state.new_map_form", clear_on_submit=True, border=False):
            name = st.text_input(t("ui_state.new_map_name"), placeholder=t("ui_state.new_map_placeholder"))
            start = st.radio(
                t("ui_state.new_map_start"),
                ["empty", "copy"],
                format_func=lambda v: t(f"ui_state.new_map_start_{v}"),
                horizontal=True,
            )
            submitted = st.form_submit_button(t("ui_state.new_map_create"))
        if submitted:
            if not name.strip():
                st.error(t("ui_state.new_map_no_name"))
                return
            cmap = state.current_map() if start == "copy" else CollaborationMap()
            try:
                target.create_map(name, cmap, note=t("ui_state.new_map_note"))
            except StoreError as exc:
                st.error(plain(exc))
                return
            state.set_current(name.strip())
            st.rerun()


def _manage_map_form(target: Store, name: str) -> None:
    """Rename the selected map, or delete it after an explicit confirmation."""
    with st.sidebar.expander(t("ui_state.manage_map")):
        with st.form(f"state.rename_form.{name}", border=False):
            new_name = st.text_input(t("ui_state.rename_label"), value=name, key=f"state.rename_name.{name}")
            renamed = st.form_submit_button(t("ui_state.rename_button"))
        if renamed and new_name.strip() != name:
            try:
                target.rename_map(name, new_name)
            except StoreError as exc:
                st.error(plain(exc))
            else:
                state.set_current(new_name.strip())
                st.toast(say("ui_state.renamed", old=name, new=new_name.strip()))
                st.rerun()
        st.caption(t("ui_state.delete_hint"))
        sure = st.checkbox(say("ui_state.delete_confirm", name=name), key=f"state.delete_confirm.{name}")
        if st.button(t("ui_state.delete_button"), disabled=not sure, type="secondary",
                     key=f"state.delete.{name}"):
            try:
                target.delete_map(name)
            except StoreError as exc:
                st.error(plain(exc))
                return
            state.forget_current()
            st.toast(say("ui_state.deleted", name=name))
            st.rerun()


def sidebar() -> None:
    """The map picker, the current revision, "Nytt kart" and rename/delete (every run)."""
    from samhandling.ui import login

    state.prepare()
    target = state.store()
    names = state.map_names()
    name = state.current_name()
    with st.sidebar:
        if name is None:
            st.info(t("ui_state.no_maps"))
        else:
            if st.session_state.get(_SELECT) != name:
                st.session_state[_SELECT] = name
            st.selectbox(
                t("ui_state.map_select"),
                names,
                key=_SELECT,
                on_change=_on_select,
                help=t("ui_state.map_select_help"),
            )
            if st.query_params.get(state.QUERY_PARAM) != name:
                st.query_params[state.QUERY_PARAM] = name
            st.caption(t("ui_state.revision", revision=state.current_revision()))
    if getattr(target, "can_create", True):
        _new_map_form(target)
    if name is not None and login.can_write(target, name):
        _manage_map_form(target, name)
