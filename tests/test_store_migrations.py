"""Schema versions: a database written by the release before versions upgrades in place, losing nothing."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from samhandling.model import Actor, CollaborationMap, MapInfo
from samhandling.store import Store, StoreError, map_to_json
from samhandling.store.migrate import FIRST, HEAD, ensure_schema, schema_version
from samhandling.store.schema import metadata

# The schema exactly as samhandling.store wrote it before this change (copied from the
# release's sqlite.py): no version table, no author, no access tables.
RELEASE_SCHEMA = """
CREATE TABLE IF NOT EXISTS maps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    state_of INTEGER NOT NULL,
    restores INTEGER,
    PRIMARY KEY (map_id, number)
);
CREATE TABLE IF NOT EXISTS drafts (
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    client TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (map_id, client)
);
CREATE TABLE IF NOT EXISTS snapshots (
    map_id INTEGER NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (map_id, label)
);
"""


def _maps(n: int) -> list[CollaborationMap]:
    info = MapInfo("Siljan", "Siljan", date(2025, 3, 4))
    return [CollaborationMap(actors=tuple(Actor(f"a{i}", f"Aktør {i} – Sámi ŋ") for i in range(k + 1)), info=info)
            for k in range(n)]


def _release_database(path) -> list[CollaborationMap]:
    """A file as the release wrote it: two maps, revisions (one an undo), snapshots and a draft."""
    versions = _maps(4)
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(RELEASE_SCHEMA)
        conn.execute("INSERT INTO maps (id, name, created_at) VALUES (1, 'Siljan', '2025-03-04T10:00:00+00:00')")
        conn.execute("INSERT INTO maps (id, name, created_at) VALUES (2, 'Bø', '2025-03-05T10:00:00+00:00')")
        for number, cmap in enumerate(versions, start=1):
            conn.execute("INSERT INTO revisions VALUES (1, ?, ?, ?, ?, ?, NULL)",
                         (number, f"2025-03-04T10:0{number}:00+00:00", f"Endring {number}", map_to_json(cmap), number))
        conn.execute("INSERT INTO revisions VALUES (1, 5, '2025-03-04T10:09:00+00:00', 'Angret: Endring 4', ?, 3, 3)",
                     (map_to_json(versions[2]),))
        conn.execute("INSERT INTO revisions VALUES (2, 1, '2025-03-05T10:00:00+00:00', 'Opprettet kartet', ?, 1, NULL)",
                     (map_to_json(CollaborationMap()),))
        conn.execute("INSERT INTO snapshots VALUES (1, 'Nåsituasjon 2025', 2, '2025-03-04T11:00:00+00:00')")
        conn.execute("INSERT INTO drafts VALUES (1, 'økt-1', '2025-03-04T11:00:00+00:00', '{\"x\": 1}')")
    return versions


def test_a_release_database_upgrades_in_place_with_every_revision_and_snapshot(db_path):
    versions = _release_database(db_path)
    store = Store(db_path)
    with store.engine.connect() as conn:
        assert schema_version(conn) == HEAD
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    assert store.list_maps() == ["Bø", "Siljan"]
    history = store.history("Siljan")
    assert [(r.number, r.note, r.restores, r.author) for r in history] == [
        (5, "Angret: Endring 4", 3, None), (4, "Endring 4", None, None), (3, "Endring 3", None, None),
        (2, "Endring 2", None, None), (1, "Endring 1", None, None),
    ]
    for number, cmap in enumerate(versions, start=1):
        assert store.load("Siljan", number) == (cmap, number)
    assert store.load_snapshot("Siljan", "Nåsituasjon 2025") == versions[1]
    assert store.load_draft("Siljan", "økt-1") == '{"x": 1}'
    # the upgraded store goes on as before: undo walks further back, saves record their author
    assert store.undo("Siljan", 5) == 6 and store.load("Siljan")[0] == versions[1]
    assert store.save("Siljan", versions[0], 6, "Ny", author="kari@skien.kommune.no") == 7
    assert store.history("Siljan")[0].author == "kari@skien.kommune.no"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_at_the_first_version_upgrades_on_postgresql_too(pg_url):
    engine = create_engine(pg_url)
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("samhandling.store") / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, FIRST)
        conn.execute(text("INSERT INTO maps (name, created_at) VALUES ('Siljan', '2025-03-04T10:00:00+00:00')"))
        conn.execute(text("INSERT INTO revisions VALUES (1, 1, '2025-03-04T10:00:00+00:00', 'Første', :c, 1, NULL)"),
                     {"c": map_to_json(_maps(2)[1])})
    store = Store(pg_url)
    assert store.load("Siljan") == (_maps(2)[1], 1)
    assert store.history("Siljan")[0].note == "Første"
    engine.dispose()


def test_the_migrations_build_exactly_the_schema_the_code_uses(location):
    store = Store(location)
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_opening_twice_migrates_once_and_a_newer_schema_is_refused(db_path):
    store = Store(db_path)
    ensure_schema(store.engine, store.where)  # nothing to do
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(StoreError, match="nyere versjon av Samhandlingskart"):
        Store(db_path)


def test_processes_opening_one_fresh_database_at_once_migrate_it_once(location):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:  # each Store has its own engine and connections
        stores = list(pool.map(lambda _: Store(location), range(4)))
    stores[0].create_map("Siljan", CollaborationMap())
    assert all(s.list_maps() == ["Siljan"] for s in stores)
    with stores[0].engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
