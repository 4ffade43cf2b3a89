"""Who may read and change which map: the guarded store, on both backends."""

from __future__ import annotations

import pytest

from samhandling.model import Actor, CollaborationMap
from samhandling.store import MapNotFoundError, Store, StoreError
from samhandling.store.access import READ, WRITE, AccessBook, AccessDeniedError, GuardedStore, Identity

A_MAP = CollaborationMap(actors=(Actor("ppt", "PPT Skien"),))
B_MAP = CollaborationMap(actors=(Actor("bv", "Barnevernet Porsgrunn"),))


@pytest.fixture
def book(location) -> AccessBook:
    store = Store(location)
    book = AccessBook(store)
    book.set_user("kari@skien.kommune.no", "Skien")
    book.set_user("Ola@Porsgrunn.kommune.no", "Porsgrunn")
    GuardedStore(store, book.identity("kari@skien.kommune.no")).create_map("Skien 2025", A_MAP)
    GuardedStore(store, book.identity("ola@porsgrunn.kommune.no")).create_map("Porsgrunn 2025", B_MAP)
    return book


def guarded(book: AccessBook, email: str, admins: frozenset[str] = frozenset()) -> GuardedStore:
    return GuardedStore(book.store, book.identity(email, admins))


def test_a_user_sees_and_changes_only_the_maps_of_their_kommune(book):
    kari = guarded(book, "kari@skien.kommune.no")
    assert kari.list_maps() == ["Skien 2025"]
    assert kari.save("Skien 2025", A_MAP.with_changes(actors=()), 1, "Tømt") == 2
    assert book.store.history("Skien 2025")[0].author == "kari@skien.kommune.no"
    assert book.store.map_kommune("Skien 2025") == "Skien"


@pytest.mark.parametrize("action", [
    lambda s: s.load("Porsgrunn 2025"),
    lambda s: s.load("Porsgrunn 2025", 1),
    lambda s: s.history("Porsgrunn 2025"),
    lambda s: s.latest_revision("Porsgrunn 2025"),
    lambda s: s.list_snapshots("Porsgrunn 2025"),
    lambda s: s.load_snapshot("Porsgrunn 2025", "x"),
    lambda s: s.save("Porsgrunn 2025", A_MAP, 1, "x"),
    lambda s: s.undo("Porsgrunn 2025"),
    lambda s: s.restore("Porsgrunn 2025", 1),
    lambda s: s.snapshot("Porsgrunn 2025", "x"),
    lambda s: s.delete_map("Porsgrunn 2025"),
    lambda s: s.rename_map("Porsgrunn 2025", "Mitt"),
    lambda s: s.save_draft("Porsgrunn 2025", "k", "{}"),
    lambda s: s.load_draft("Porsgrunn 2025", "k"),
])
def test_another_kommunes_map_cannot_be_opened_changed_or_deleted_and_seems_not_to_exist(book, action):
    kari = guarded(book, "kari@skien.kommune.no")
    assert not kari.exists("Porsgrunn 2025")
    with pytest.raises(MapNotFoundError):
        action(kari)
    assert book.store.load("Porsgrunn 2025") == (B_MAP, 1) and book.store.list_maps() == [
        "Porsgrunn 2025", "Skien 2025"]


def test_a_grant_lets_another_kommune_read_and_a_named_user_change(book):
    book.grant("Porsgrunn 2025", "kommune:Skien", can_write=False)
    kari = guarded(book, "kari@skien.kommune.no")
    assert kari.list_maps() == ["Porsgrunn 2025", "Skien 2025"]
    assert kari.load("Porsgrunn 2025") == (B_MAP, 1)
    with pytest.raises(AccessDeniedError, match="kan lese kartet «Porsgrunn 2025», men ikke endre"):
        kari.save("Porsgrunn 2025", A_MAP, 1, "x")
    book.grant("Porsgrunn 2025", "user:KARI@skien.kommune.no", can_write=True)
    assert guarded(book, "kari@skien.kommune.no").right("Porsgrunn 2025") == WRITE
    book.revoke("Porsgrunn 2025", "user:kari@skien.kommune.no")
    book.revoke("Porsgrunn 2025", "kommune:Skien")
    assert guarded(book, "kari@skien.kommune.no").list_maps() == ["Skien 2025"]
    with pytest.raises(StoreError, match="verken en kommune eller en bruker"):
        book.grant("Porsgrunn 2025", "gruppe:x", True)


def test_an_admin_reaches_every_map_and_nobody_reaches_none(book):
    admin = guarded(book, "fylke@statsforvalteren.no", admins=frozenset({"FYLKE@statsforvalteren.no"}))
    assert admin.list_maps() == ["Porsgrunn 2025", "Skien 2025"] and admin.right("Skien 2025") == WRITE
    stranger = guarded(book, "ukjent@example.no")
    assert stranger.list_maps() == []
    nobody = GuardedStore(book.store, Identity())
    assert nobody.list_maps() == []
    with pytest.raises(AccessDeniedError, match="logge inn"):
        nobody.create_map("Nytt", CollaborationMap())
    with pytest.raises(MapNotFoundError):
        nobody.load("Skien 2025")


def test_a_read_only_link_opens_one_map_to_read_until_it_is_withdrawn(book):
    token = book.create_link("Skien 2025", "kari@skien.kommune.no")
    assert len(token) >= 32 and book.links("Skien 2025") == [token]
    assert book.map_of_link(token) == "Skien 2025" and book.map_of_link("gjettet") is None
    reader = GuardedStore(book.store, Identity(link=book.map_of_link(token)))
    assert reader.list_maps() == ["Skien 2025"] and reader.right("Skien 2025") == READ
    assert reader.load("Skien 2025") == (A_MAP, 1)
    with pytest.raises(AccessDeniedError):
        reader.save("Skien 2025", B_MAP, 1, "x")
    with pytest.raises(MapNotFoundError):
        reader.load("Porsgrunn 2025")
    book.delete_link(token)
    assert book.map_of_link(token) is None


def test_a_renamed_map_keeps_its_grants_and_links_and_a_deleted_one_drops_them(book):
    book.grant("Porsgrunn 2025", "kommune:Skien", can_write=False)
    token = book.create_link("Porsgrunn 2025", None)
    book.store.rename_map("Porsgrunn 2025", "Porsgrunn 2026")
    assert guarded(book, "kari@skien.kommune.no").right("Porsgrunn 2026") == READ
    assert book.map_of_link(token) == "Porsgrunn 2026"
    book.store.delete_map("Porsgrunn 2026")
    book.store.create_map("Porsgrunn 2026", CollaborationMap())
    assert book.map_of_link(token) is None and book.grants("Porsgrunn 2026") == []
