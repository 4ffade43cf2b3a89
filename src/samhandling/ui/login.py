"""Login and access in the app: off on a laptop, Streamlit's OIDC login on a server.

Login is **on** when the server's ``.streamlit/secrets.toml`` has an ``[auth]``
section (Streamlit's built-in OIDC: ID-porten, Entra ID, any OpenID Connect
provider; see ``docs/deployment.md``) and **off** otherwise: the laptop case needs
no configuration and every page uses the plain store, exactly as before.

With login on, :func:`gate` (called by ``app.py`` before anything else) shows only a
login button to a visitor who is neither logged in nor holding a valid read-only
link (``?lenke=<token>``), and stops the run there. Every page then reaches the maps
only through :func:`guard`, which wraps the store in a
:class:`~samhandling.store.access.GuardedStore` for the visitor's identity: maps
without a right are not listed and cannot be opened by a URL parameter, downloaded
or changed. Admins are the e-mails in ``SAMHANDLING_ADMINS`` (comma-separated) or
``[samhandling] admins = [...]`` in ``secrets.toml``, plus those an admin made admin.

Test seam: tests fake the identity with Streamlit's own ``AppTest.secrets["auth"]``
(login on) and ``AppTest.user = {"is_logged_in": True, "email": ...}`` — nothing in
this module trusts anything but ``st.user`` and the link token.
"""

from __future__ import annotations

import os

import streamlit as st

from samhandling.i18n import t
from samhandling.store import Store, StoreError
from samhandling.store.access import WRITE, AccessBook, GuardedStore, Identity
from samhandling.ui.components import say

__all__ = ["enabled", "identity", "guard", "gate", "can_write", "read_only_notice", "is_admin", "LINK_PARAM",
           "ADMINS_ENV"]

LINK_PARAM = "lenke"
ADMINS_ENV = "SAMHANDLING_ADMINS"


_ENABLED = "login.enabled"  # what the last full run of the app found (see gate)
_WHO = "login.identity"  # who the last full run of the app found the visitor to be (see gate)


def enabled() -> bool:
    """Whether login is on: the server's secrets configure ``[auth]``.

    Read once per run of the app (by :func:`gate`, the first thing ``app.py`` does) and
    kept for the rest of that run and its fragments' reruns: without a secrets file,
    Streamlit looks for one on disk at every ``st.secrets`` lookup, and the store is
    asked for ~30 times per run.
    """
    known = st.session_state.get(_ENABLED)
    return _secrets_say_auth() if known is None else bool(known)


def _secrets_say_auth() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: the laptop case
        return False


def _admins() -> frozenset[str]:
    names = os.environ.get(ADMINS_ENV, "").split(",")
    try:
        names += list(st.secrets.get("samhandling", {}).get("admins", []))
    except Exception:  # noqa: BLE001 - no secrets: only the environment names admins
        pass
    return frozenset(n.strip().casefold() for n in names if n and n.strip())


def identity(base: Store) -> Identity | None:
    """The visitor's identity, or ``None`` when login is off (everyone may do everything).

    Worked out once per run of the app (by :func:`gate`) and kept for the rest of that run
    and its fragments' reruns, as :func:`enabled` is: the store is asked for ~30 times a
    run, and each time the identity took a query of the access tables.
    """
    if not enabled():
        return None
    known = st.session_state.get(_WHO)
    return known if isinstance(known, Identity) else _look_up(base)


def _look_up(base: Store) -> Identity:
    user = st.user
    if user.get("is_logged_in"):
        login = user.get("email") or user.get("sub")  # ID-porten may give no e-mail, only a subject
        if login:
            return AccessBook(base).identity(str(login), _admins())
    token = st.query_params.get(LINK_PARAM)
    name = AccessBook(base).map_of_link(str(token)) if token else None
    return Identity(link=name) if name else Identity()


def guard(base: Store) -> Store | GuardedStore:
    """The store as this visitor may use it (the plain store when login is off)."""
    who = identity(base)
    return base if who is None else GuardedStore(base, who)


def _base() -> Store | None:
    """The plain store, or ``None`` when it cannot be opened (the sidebar then says why)."""
    from samhandling.ui import state

    try:
        return state.base_store()
    except StoreError:
        return None


def is_admin() -> bool:
    """Whether login is on and the visitor is an admin (``app.py`` then adds the Tilgang page)."""
    if not enabled():
        return False
    base = _base()
    who = None if base is None else identity(base)
    return who is not None and who.is_admin


def can_write(store: Store | GuardedStore, name: str) -> bool:
    """Whether the visitor may change map ``name``."""
    return not isinstance(store, GuardedStore) or store.right(name) == WRITE


def read_only_notice(store: Store | GuardedStore, name: str) -> bool:
    """Say so and return ``True`` when the visitor may read map ``name`` but not change it."""
    if can_write(store, name):
        return False
    st.info(say("ui_login.read_only", name=name))
    return True


def _providers() -> list[str | None]:
    """The named providers (``[auth.<name>]``), or ``[None]`` for the one default provider."""
    try:
        section = st.secrets["auth"]
        named = [key for key, value in section.items() if hasattr(value, "items")]
    except Exception:  # noqa: BLE001
        named = []
    return list(named) or [None]


def gate() -> None:
    """Show the login page and stop when login is on and the visitor is nobody; the sidebar says who is in."""
    st.session_state[_ENABLED] = _secrets_say_auth()  # read afresh at every run of the app
    st.session_state.pop(_WHO, None)  # ... and so is who the visitor is
    if not enabled():
        return
    base = _base()
    if base is None:  # the store cannot be opened: the sidebar says so and stops
        return
    who = st.session_state[_WHO] = _look_up(base)
    if who.anonymous:
        st.title(t("ui.app_title"))
        if st.query_params.get(LINK_PARAM):
            st.error(t("ui_login.bad_link"))
        st.info(t("ui_login.intro"))
        for provider in _providers():
            label = t("ui_login.button") if provider is None else say("ui_login.button_with", provider=provider)
            if st.button(label, key=f"login.{provider}", type="primary"):
                st.login(provider) if provider else st.login()
        st.stop()
    with st.sidebar:
        if who.link is not None:
            st.caption(say("ui_login.link_caption", name=who.link))
            return
        kommune = who.kommune or t("ui_login.no_kommune")
        st.caption(say("ui_login.logged_in", email=who.email, kommune=kommune)
                   + (t("ui_login.admin_suffix") if who.is_admin else ""))
        if st.button(t("ui_login.logout"), key="login.logout"):
            st.logout()
