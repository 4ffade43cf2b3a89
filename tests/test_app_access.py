"""A server with login on: nobody reaches a map they have no right to, through any page or URL parameter.

The test seam is Streamlit's own: ``AppTest.secrets["auth"]`` turns login on (as
``[auth]`` in ``secrets.toml`` does on a server) and ``AppTest.user`` is who
``st.user`` says is logged in. No OIDC provider is needed.
"""

from __future__ import annotations

import pytest
from conftest import open_page
from hostile_text import shown as as_shown
from streamlit.testing.v1 import AppTest

from samhandling.model import Actor, CollaborationMap
from samhandling.store import Store
from samhandling.store.access import AccessBook, GuardedStore

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "samhandling",
    "client_secret": "test",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
PAGES = ["kart", "funn", "veien-videre", "sammenlign", "hva-om", "kartlegging", "data"]
SECRET_ACTOR = "Barnevernet Porsgrunn HEMMELIG"
SECRET_MAP = "Porsgrunn 2025"


@pytest.fixture
def book(db_path) -> AccessBook:
    store = Store(db_path)
    book = AccessBook(store)
    book.set_user("kari@skien.kommune.no", "Skien")
    book.set_user("ola@porsgrunn.kommune.no", "Porsgrunn")
    GuardedStore(store, book.identity("kari@skien.kommune.no")).create_map(
        "Skien 2025", CollaborationMap(actors=(Actor("ppt", "PPT Skien"), Actor("bv", "Barnevernet Skien"))))
    GuardedStore(store, book.identity("ola@porsgrunn.kommune.no")).create_map(
        SECRET_MAP, CollaborationMap(actors=(Actor("bv", SECRET_ACTOR), Actor("ppt", "PPT Porsgrunn"))))
    return book


@pytest.fixture
def visit(repo_root, book, monkeypatch):
    """Open ``page`` of app.py as ``user`` (``None``: not logged in) with login on."""
    monkeypatch.setenv("SAMHANDLING_ADMINS", "fylke@statsforvalteren.no")

    def make(page: str | None, user: str | None, **query: str) -> AppTest:
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=90)
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": user} if user else {"is_logged_in": False}
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page not in (None, "kart"):  # Kart is the default page (its url path is empty)
            open_page(at, page).run()
        return at

    return make


def everything(at: AppTest) -> str:
    """Every element's full content (protobuf text: labels, options, tables, component data)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)  # noqa: SLF001 - the whole rendered tree, not one element type
    return as_shown("\n".join(parts))  # as Markdown shows it (no escapes of plain())


@pytest.mark.parametrize("query", [{}, {"kart": "Skien 2025"}, {"kart": SECRET_MAP}, {"lenke": "gjettet-token"}])
def test_an_anonymous_visitor_gets_only_the_login_page(visit, query):
    at = visit(None, None, **query)
    assert not at.exception
    shown = everything(at)
    assert "Logg inn" in shown
    for secret in ("Skien 2025", SECRET_MAP, SECRET_ACTOR, "PPT Skien"):
        assert secret not in shown
    assert not at.sidebar.selectbox
    if "lenke" in query:
        assert "Lenken er ikke gyldig" in shown


@pytest.mark.parametrize("page", PAGES)
def test_a_user_of_another_kommune_cannot_reach_the_map_by_any_page_or_url(visit, page):
    at = visit(page, "kari@skien.kommune.no", kart=SECRET_MAP)
    assert not at.exception, at.exception
    shown = everything(at)
    assert SECRET_ACTOR not in shown and SECRET_MAP not in shown and "PPT Porsgrunn" not in shown
    assert at.sidebar.selectbox[0].value == "Skien 2025"
    assert at.sidebar.selectbox[0].options == ["Skien 2025"]
    assert any("kari@skien.kommune.no" in as_shown(c.value) for c in at.sidebar.caption)
    if page in ("kart", "kartlegging"):  # pages that show the selected map's actors: it is Kari's
        assert "PPT Skien" in shown


def test_a_read_only_link_shows_its_one_map_and_allows_no_change(visit, book):
    token = book.create_link("Skien 2025", "fylke@statsforvalteren.no")
    at = visit("kartlegging", None, lenke=token, kart=SECRET_MAP)
    assert not at.exception
    shown = everything(at)
    assert SECRET_ACTOR not in shown and SECRET_MAP not in shown
    assert "PPT Skien" in shown and "men ikke endre det" in shown
    assert not at.data_editor and not [b for b in at.button if b.key == "kartlegging.submit.actor"]
    assert not [e for e in at.sidebar.expander if "Nytt kart" in e.label]
    for page in ("funn", "data"):
        open_page(at, page).run()
        assert not at.exception and SECRET_ACTOR not in everything(at)


def test_a_change_in_the_app_records_who_made_it(visit, book):
    at = visit("kartlegging", "kari@skien.kommune.no")
    at.text_input(key="kartlegging.actor.name").input("Helsestasjon")
    at.button(key="kartlegging.submit.actor").click()
    at.run()
    assert not at.exception and not at.error
    revision = book.store.history("Skien 2025")[0]
    assert revision.number == 2 and revision.author == "kari@skien.kommune.no"


def test_only_an_admin_has_the_tilgang_page_and_can_grant_a_map(visit, book):
    with pytest.raises(ValueError):
        visit("tilgang", "kari@skien.kommune.no")
    at = visit("tilgang", "fylke@statsforvalteren.no", kart=SECRET_MAP)
    assert not at.exception and at.title[0].value == "Tilgang"
    form_who = next(ti for ti in at.text_input if ti.label == "Navn på kommunen eller e-post")
    form_who.input("Skien")
    next(b for b in at.button if b.label == "Gi tilgang").click()
    at.run()
    assert not at.exception
    kari = GuardedStore(book.store, book.identity("kari@skien.kommune.no"))
    assert kari.list_maps() == [SECRET_MAP, "Skien 2025"] and kari.right(SECRET_MAP) == "read"


def test_the_secrets_are_read_once_per_run_of_the_app(repo_root, monkeypatch) -> None:
    # Without a secrets file Streamlit looks for one on disk at every `st.secrets` lookup,
    # and a run asks for the store ~30 times: whether login is on is read once per run.
    from samhandling.ui import login

    reads: list[bool] = []
    real = login._secrets_say_auth

    def counted() -> bool:
        reads.append(real())
        return reads[-1]

    monkeypatch.setattr(login, "_secrets_say_auth", counted)
    at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=90).run()
    assert not at.exception and at.title[0].value  # Kart with its map: the store was used
    assert reads == [False]
    open_page(at, "data").run()
    assert not at.exception
    assert reads == [False, False]  # the next run reads them again


def test_who_the_visitor_is_is_looked_up_once_per_run_of_the_app(visit, monkeypatch) -> None:
    # The store is asked for ~30 times a run; each time the identity took a query of the
    # access tables. Now once per run, afresh at the next.
    looked_up: list[str] = []
    real = AccessBook.identity

    def counted(self, email, admins=frozenset()):
        looked_up.append(email)
        return real(self, email, admins)

    monkeypatch.setattr(AccessBook, "identity", counted)
    at = visit(None, "kari@skien.kommune.no")
    assert not at.exception and at.title[0].value
    assert looked_up == ["kari@skien.kommune.no"]
    open_page(at, "data").run()
    assert not at.exception
    assert looked_up == ["kari@skien.kommune.no"] * 2
