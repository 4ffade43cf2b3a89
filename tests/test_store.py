"""The workshop store: revisions, optimistic concurrency, undo and snapshots."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from samhandling.errors import SamhandlingError
from samhandling.model import (
    Actor,
    CollaborationMap,
    Expectation,
    Forum,
    MapInfo,
    Membership,
    Relation,
    Routine,
)
from samhandling.store import (
    MapExistsError,
    MapNotFoundError,
    NothingToUndoError,
    StaleRevisionError,
    Store,
    StoreError,
    default_location,
    map_from_json,
    map_to_json,
)


def small_map() -> CollaborationMap:
    """Two actors in one forum, a relation backed by a routine: every table used once."""
    return CollaborationMap(
        actors=(
            Actor("ppt", "PPT", category="ppt", sector="oppvekst", age_from=0, age_to=19),
            Actor("bv", "Barnevernet", category="barnevern", sector="velferd"),
        ),
        forums=(
            Forum("tt", "Tverrfaglig team", type="tverrfaglig_team", frequency="manedlig",
                  duration_hours=2.0, leader="ppt", has_mandate=True, topics=("rus", "skolefravær")),
        ),
        memberships=(Membership("tt", "ppt", "leder"), Membership("tt", "bv")),
        relations=(Relation("ppt", "bv", "henvisning", formalised=True, routine="r1"),),
        routines=(Routine("r1", "Samarbeidsavtale", "samarbeidsavtale", ("ppt", "bv"), "vedtatt",
                          "ppt", date(2026, 6, 1)),),
        expectations=(Expectation("ppt", "barnevern", "pakrevd", "bvl § 15-8", "Melding"),),
        info=MapInfo("Siljan nå", "Siljan", date(2025, 3, 4), "Workshop"),
    )


def with_actor(cmap: CollaborationMap, actor_id: str, name: str) -> CollaborationMap:
    return cmap.with_changes(actors=(*cmap.actors, Actor(actor_id, name)))


@pytest.fixture
def store(location: Path | str) -> Store:
    """A store on each backend in turn (SQLite file, fresh PostgreSQL database)."""
    return Store(location)


def test_map_json_round_trips_equal_including_dates_and_tuples():
    cmap = small_map()
    assert map_from_json(map_to_json(cmap)) == cmap
    assert map_from_json(map_to_json(CollaborationMap())) == CollaborationMap()


def test_json_ignores_unknown_fields_and_fills_defaults():
    text = '{"format": 1, "map": {"actors": [{"id": "a", "name": "A", "future": 1}]}}'
    assert map_from_json(text) == CollaborationMap(actors=(Actor("a", "A"),))


def test_default_location_follows_env_then_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMHANDLING_DB", f"sqlite:///{tmp_path}/x.db")
    assert default_location() == tmp_path / "x.db"
    monkeypatch.delenv("SAMHANDLING_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "samhandlingskart" / "samhandling.sqlite3"


def test_store_without_location_uses_env_and_creates_folders(db_path):
    store = Store()
    assert store.path == db_path and db_path.exists()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_url_is_accepted(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/url.sqlite3")
    assert store.path == tmp_path / "url.sqlite3"


def test_save_and_load_round_trip(store):
    assert store.create_map("Siljan", small_map()) == 1
    cmap, rev = store.load("Siljan")
    assert (cmap, rev) == (small_map(), 1)
    changed = with_actor(cmap, "nav", "NAV")
    assert store.save("Siljan", changed, 1, "La til aktør «NAV»") == 2
    assert store.load("Siljan") == (changed, 2)
    assert store.load("Siljan", 1) == (small_map(), 1)
    assert [(r.number, r.note) for r in store.history("Siljan")] == [
        (2, "La til aktør «NAV»"),
        (1, "Opprettet kartet"),
    ]


def test_stale_save_is_refused_and_overwrites_nothing(store):
    store.create_map("Siljan", small_map())
    mine, base = store.load("Siljan")
    theirs = with_actor(mine, "bup", "BUP")
    store.save("Siljan", theirs, base, "La til aktør «BUP»")
    with pytest.raises(StaleRevisionError) as caught:
        store.save("Siljan", with_actor(mine, "nav", "NAV"), base, "La til aktør «NAV»")
    assert caught.value.current_revision == 2
    assert isinstance(caught.value, SamhandlingError)
    assert "Noen andre har lagret en nyere versjon" in str(caught.value)
    assert store.load("Siljan") == (theirs, 2)
    assert len(store.history("Siljan")) == 2


def test_a_second_store_on_the_same_database_sees_changes_and_is_refused_when_stale(location):
    laptop_a, laptop_b = Store(location), Store(location)
    laptop_a.create_map("Porsgrunn", small_map())
    assert laptop_b.list_maps() == ["Porsgrunn"]
    cmap_b, base_b = laptop_b.load("Porsgrunn")
    laptop_a.save("Porsgrunn", with_actor(small_map(), "nav", "NAV"), 1, "A")
    assert laptop_b.load("Porsgrunn")[0].actor_by_id["nav"].name == "NAV"
    with pytest.raises(StaleRevisionError):
        laptop_b.save("Porsgrunn", with_actor(cmap_b, "bup", "BUP"), base_b, "B")


def test_undo_writes_the_previous_content_as_a_new_revision(store):
    store.create_map("Siljan", small_map())
    one = with_actor(small_map(), "nav", "NAV")
    two = with_actor(one, "bup", "BUP")
    store.save("Siljan", one, 1, "La til aktør «NAV»")
    store.save("Siljan", two, 2, "La til aktør «BUP»")

    assert store.undo("Siljan", 3) == 4
    assert store.load("Siljan") == (one, 4)
    assert store.history("Siljan")[0].note == "Angret: La til aktør «BUP»"
    # a second undo walks one step further back
    assert store.undo("Siljan", 4) == 5
    assert store.load("Siljan")[0] == small_map()
    with pytest.raises(NothingToUndoError):
        store.undo("Siljan", 5)
    # nothing is lost: the undone state is still in the history and can come back
    assert store.restore("Siljan", 3) == 6
    assert store.load("Siljan") == (two, 6)
    assert len(store.history("Siljan")) == 6


def test_undo_after_a_new_change_undoes_that_change(store):
    store.create_map("Siljan", small_map())
    store.save("Siljan", with_actor(small_map(), "nav", "NAV"), 1, "NAV")
    store.undo("Siljan")
    after_undo = store.load("Siljan")[0]
    store.save("Siljan", with_actor(after_undo, "bup", "BUP"), 3, "BUP")
    store.undo("Siljan", 4)
    assert store.load("Siljan")[0] == small_map()


def test_undo_based_on_an_old_revision_is_refused(store):
    store.create_map("Siljan", small_map())
    store.save("Siljan", with_actor(small_map(), "nav", "NAV"), 1, "NAV")
    with pytest.raises(StaleRevisionError):
        store.undo("Siljan", 1)
    assert store.load("Siljan")[1] == 2


def test_snapshots_name_a_revision(store):
    store.create_map("Siljan", small_map())
    snap = store.snapshot("Siljan", "Nåsituasjon 2025")
    assert snap.revision == 1
    after = with_actor(small_map(), "nav", "NAV")
    store.save("Siljan", after, 1, "NAV")
    store.snapshot("Siljan", "Etter prosjektet")
    assert [(s.label, s.revision) for s in store.list_snapshots("Siljan")] == [
        ("Nåsituasjon 2025", 1),
        ("Etter prosjektet", 2),
    ]
    assert store.load_snapshot("Siljan", "Nåsituasjon 2025") == small_map()
    assert store.load_snapshot("Siljan", "Etter prosjektet") == after
    with pytest.raises(StoreError, match="finnes allerede"):
        store.snapshot("Siljan", "Etter prosjektet")
    with pytest.raises(StoreError):
        store.load_snapshot("Siljan", "Ukjent")


def test_sami_and_norwegian_map_names_work(store):
    names = ["Guovdageaidnu – Sámi ŧ", "Kárášjohka čđŋšž", "Ørsta og Åsnes"]
    for name in names:
        store.create_map(name, small_map())
    assert store.list_maps() == sorted(names, key=str.casefold)
    assert store.load("Kárášjohka čđŋšž")[0] == small_map()
    store.snapshot("Kárášjohka čđŋšž", "Åpning ŋ")
    assert store.list_snapshots("Kárášjohka čđŋšž")[0].label == "Åpning ŋ"


def test_create_refuses_an_existing_or_empty_name(store):
    store.create_map("Siljan", small_map())
    with pytest.raises(MapExistsError):
        store.create_map(" Siljan ", CollaborationMap())
    with pytest.raises(StoreError):
        store.create_map("   ", CollaborationMap())
    assert store.load("Siljan")[0] == small_map()


def test_rename_keeps_revisions_and_snapshots(store):
    store.create_map("Siljan", small_map())
    store.save("Siljan", with_actor(small_map(), "nav", "NAV"), 1, "NAV")
    store.snapshot("Siljan", "Før")
    store.create_map("Bø", CollaborationMap())
    with pytest.raises(MapExistsError):
        store.rename_map("Siljan", "Bø")
    store.rename_map("Siljan", "Siljan 2025")
    assert store.list_maps() == ["Bø", "Siljan 2025"]
    assert len(store.history("Siljan 2025")) == 2
    assert store.list_snapshots("Siljan 2025")[0].label == "Før"


def test_delete_map_removes_it_and_unknown_names_raise(store):
    store.create_map("Siljan", small_map())
    store.snapshot("Siljan", "Før")
    store.delete_map("Siljan")
    assert store.list_maps() == []
    with pytest.raises(MapNotFoundError):
        store.load("Siljan")
    store.create_map("Siljan", CollaborationMap())  # the name is free again, history fresh
    assert len(store.history("Siljan")) == 1 and store.list_snapshots("Siljan") == []


def test_a_draft_is_kept_per_client_until_deleted(store, location):
    store.create_map("Siljan", small_map())
    store.save_draft("Siljan", "økt-1", '{"x": "Áššu"}')
    store.save_draft("Siljan", "økt-1", '{"x": "Áššu ŋ"}')
    assert Store(location).load_draft("Siljan", "økt-1") == '{"x": "Áššu ŋ"}'
    assert store.load_draft("Siljan", "økt-2") is None
    store.delete_draft("Siljan", "økt-1")
    assert store.load_draft("Siljan", "økt-1") is None
    assert store.load("Siljan")[1] == 1  # drafts are not revisions


def test_concurrent_saves_on_the_same_base_let_exactly_one_win(location):
    from concurrent.futures import ThreadPoolExecutor

    Store(location).create_map("Siljan", small_map())

    def save(i: int) -> str:
        try:
            Store(location).save("Siljan", with_actor(small_map(), f"a{i}", f"A{i}"), 1, f"A{i}")
        except StaleRevisionError:
            return "stale"
        return "saved"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(save, range(8)))
    assert sorted(outcomes) == ["saved"] + ["stale"] * 7
    assert [r.number for r in Store(location).history("Siljan")] == [2, 1]


def test_map_json_is_the_same_json_as_the_release_wrote_and_both_are_read():
    import json

    from samhandling.store.serialise import _release_json

    cmap = small_map()
    assert json.loads(map_to_json(cmap)) == json.loads(_release_json(cmap))
    assert map_from_json(_release_json(cmap)) == cmap == map_from_json(map_to_json(cmap))


def test_numbers_and_text_orjson_cannot_write_exactly_are_written_the_old_way():
    odd = CollaborationMap(
        forums=(Forum("f", "F", duration_hours=float("inf")),),
        actors=(Actor("a", "Halv \ud800 surrogat"), Actor("b", "B", age_to=2**70)),
    )
    text = map_to_json(odd)
    assert "Infinity" in text and ": " in text  # the stdlib's text, with its NaN/Infinity tokens
    back = map_from_json(text)
    assert back.forums[0].duration_hours == float("inf") and back.actors[0].name == "Halv \ud800 surrogat"
