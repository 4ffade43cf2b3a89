"""Tilgang (admins only, on a server with login): users' kommune, grants per map, read-only links.

Registered by ``app.py`` only for an admin; every action here goes through the
:class:`~samhandling.store.access.AccessBook` of the plain store, so the page itself
re-checks that the visitor is an admin before showing or changing anything.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from samhandling.i18n import t
from samhandling.store import StoreError
from samhandling.store.access import AccessBook
from samhandling.ui import login, state
from samhandling.ui.components import plain, say

__all__ = ["page"]


def _users(book: AccessBook) -> None:
    st.subheader(t("ui_login.users_header"))
    heads = t("ui_login.users_columns")
    users = book.users()
    if users:
        st.dataframe(pd.DataFrame([{heads["email"]: u.email, heads["kommune"]: u.kommune or "",
                                    heads["admin"]: u.is_admin} for u in users]), hide_index=True)
    with st.form("tilgang.user", clear_on_submit=True):
        email = st.text_input(t("ui_login.user_email"))
        kommune = st.text_input(t("ui_login.user_kommune"))
        admin = st.checkbox(t("ui_login.user_admin"))
        if st.form_submit_button(t("ui_login.user_save")) and email.strip():
            try:
                book.set_user(email, kommune, admin)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.success(say("ui_login.user_saved", email=email.strip()))


def _map_owner(book: AccessBook, name: str) -> None:
    with st.form("tilgang.kommune"):
        kommune = st.text_input(t("ui_login.map_kommune"), value=book.store.map_kommune(name) or "")
        if st.form_submit_button(t("ui_login.map_kommune_save")):
            book.store.set_map_kommune(name, kommune.strip() or None)
            st.success(say("ui_login.map_kommune_saved", name=name, kommune=kommune.strip() or "–"))


def _grants(book: AccessBook, name: str) -> None:
    st.markdown(f"**{t('ui_login.grants_header')}**")
    for grant in book.grants(name):
        right = t("ui_login.right_write") if grant.can_write else t("ui_login.right_read")
        left, button = st.columns([3, 1])
        left.text(f"{grant.principal} – {right}")  # st.text: shown as typed, no Markdown
        if button.button(say("ui_login.grant_revoke", who=grant.principal), key=f"tilgang.revoke.{grant.principal}"):
            book.revoke(name, grant.principal)
            st.rerun()
    with st.form("tilgang.grant", clear_on_submit=True):
        kind = st.radio(t("ui_login.grant_kind"), ["kommune", "user"], horizontal=True,
                        format_func=lambda k: t(f"ui_login.grant_kinds.{k}"))
        who = st.text_input(t("ui_login.grant_who"))
        write = st.checkbox(t("ui_login.grant_write"))
        if st.form_submit_button(t("ui_login.grant_add")) and who.strip():
            try:
                book.grant(name, f"{kind}:{who}", write)
            except StoreError as error:
                st.error(plain(str(error)))
            else:
                st.success(say("ui_login.grant_added", who=who.strip()))
                st.rerun()


def _link_url(token: str) -> str:
    try:
        base = urlsplit(str(st.context.url or ""))
        root = f"{base.scheme}://{base.netloc}" if base.netloc else ""
    except Exception:  # noqa: BLE001 - no URL in this context: a relative link will do
        root = ""
    return f"{root}/?{urlencode({login.LINK_PARAM: token})}"


def _links(book: AccessBook, name: str, created_by: str | None) -> None:
    st.markdown(f"**{t('ui_login.links_header')}**")
    st.caption(t("ui_login.links_help"))
    tokens = book.links(name)
    if not tokens:
        st.caption(t("ui_login.no_links"))
    for token in tokens:
        st.code(_link_url(token), language=None)
        if st.button(t("ui_login.link_delete"), key=f"tilgang.link.delete.{token}"):
            book.delete_link(token)
            st.rerun()
    if st.button(t("ui_login.link_create"), key="tilgang.link.create"):
        book.create_link(name, created_by)
        st.rerun()


def page() -> None:
    """The Tilgang page."""
    base = state.base_store()
    st.title(t("ui_login.page"))
    who = login.identity(base)
    if who is None or not who.is_admin:  # registered for admins only; checked again here
        st.error(t("store.no_access", name=t("ui_login.page")))
        return
    st.caption(t("ui_login.intro_admin"))
    book = AccessBook(base)
    _users(book)
    name = state.current_name()
    if name is None:
        return
    st.subheader(say("ui_login.map_header", name=name))
    _map_owner(book, name)
    _grants(book, name)
    _links(book, name, who.email)
