"""The store raises only its own errors: a broken path, a read-only file, a full disk, a bad URL."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from samhandling.model import Actor, CollaborationMap
from samhandling.store import Store, StoreError


def test_a_database_path_under_a_file_is_the_stores_error(tmp_path):
    (tmp_path / "fil.txt").write_text("x")
    with pytest.raises(StoreError, match="Kartene kan ikke åpnes eller lagres i «.*fil.txt/db.sqlite3»"):
        Store(tmp_path / "fil.txt" / "db.sqlite3")


def test_a_url_the_store_cannot_use_is_the_stores_error():
    with pytest.raises(StoreError, match="SAMHANDLING_DB=nosuchdb://x er ikke en database"):
        Store("nosuchdb://x")


def test_an_unreachable_server_is_the_stores_error_and_hides_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://kari:hemmelig@127.0.0.1:1/kart?connect_timeout=2")
    assert "hemmelig" not in str(caught.value) and "127.0.0.1:1/kart" in str(caught.value)


def test_a_full_disk_is_the_stores_error_and_writes_nothing(db_path):
    store = Store(db_path)
    store.create_map("Siljan", CollaborationMap())
    pages = sqlite3.connect(db_path).execute("PRAGMA page_count").fetchone()[0]

    @event.listens_for(store.engine, "connect")
    def _small_disk(dbapi_connection, _record):  # the file may not grow: SQLite's "database or disk is full"
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    store.engine.dispose()
    big = CollaborationMap(actors=tuple(Actor(f"a{i}", "x" * 200) for i in range(2000)))
    with pytest.raises(StoreError, match="disken er full"):
        store.save("Siljan", big, 1, "Stor")
    assert store.load("Siljan")[1] == 1


def _save_as_nobody(path: str, queue) -> None:  # runs in a child process
    os.setgid(65534)
    os.setuid(65534)
    try:
        store = Store(path)
        store.save("Siljan", CollaborationMap(actors=(Actor("a", "A"),)), 1, "Ny")
    except StoreError as error:
        queue.put(("StoreError", str(error)))
    except BaseException as error:  # noqa: BLE001 - the point is to report any other kind
        queue.put((type(error).__name__, str(error)))
    else:
        queue.put(("saved", ""))


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop to another user (as CI runs)")
def test_a_read_only_database_is_the_stores_error(tmp_path):
    folder = Path("/tmp") / f"ro-{os.getpid()}-{tmp_path.name}"
    folder.mkdir(mode=0o755)
    try:
        Store(folder / "kart.sqlite3").create_map("Siljan", CollaborationMap())
        for item in folder.iterdir():
            item.chmod(0o644)
        fork = multiprocessing.get_context("fork")
        queue = fork.Queue()
        child = fork.Process(target=_save_as_nobody, args=(str(folder / "kart.sqlite3"), queue))
        child.start()
        child.join(60)
        kind, message = queue.get(timeout=5)
    finally:
        shutil.rmtree(folder)
    assert kind == "StoreError", message
    assert "kart.sqlite3" in message and ("skrivebeskyttet" in message or "skrivetilgang" in message)
