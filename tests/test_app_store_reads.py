"""Within one run the app asks the store for the map list and a map's latest revision once.

A run of Kart asked the database ~25 times for the same few facts (57 statements); each
store read is a connection and a transaction. Within a run they are kept
(``state.reading``), and any write through the store makes the next read ask again.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest
from test_app_kart_helpers import open_page


@pytest.fixture
def statements() -> Iterator[collections.Counter[str]]:
    """Every SQL statement any engine runs, with how often (whitespace folded)."""
    seen: collections.Counter[str] = collections.Counter()

    def note(_conn, _cursor, statement, *_args) -> None:
        seen[" ".join(statement.split())] += 1

    event.listen(Engine, "before_cursor_execute", note)
    yield seen
    event.remove(Engine, "before_cursor_execute", note)


def _count(seen: collections.Counter[str], start: str) -> int:
    return sum(n for statement, n in seen.items() if statement.startswith(start))


def test_a_run_of_kart_reads_the_map_list_and_the_latest_revision_once(repo_root: Path, statements):
    at = open_page("kart")  # the first run seeds the examples
    statements.clear()

    at.run()  # a run of the whole page: title, map, controls, side panel, sidebar

    assert not at.exception
    assert _count(statements, "SELECT maps.name FROM maps") == 1
    assert _count(statements, "SELECT max(revisions.number)") == 1
    assert sum(statements.values()) <= 10, statements  # 57 before the reads were kept for the run


# Run as app scripts by AppTest.from_function (their source is the script: imports inside).
def _save_in_the_run() -> None:
    import streamlit as st

    from samhandling.model import Actor
    from samhandling.ui import state

    with state.reading():
        state.prepare()
        name = state.current_name()
        before = state.current_revision()
        cmap = state.current_map()
        if st.button("Lagre"):
            state.store().save(name, cmap.with_changes(actors=(*cmap.actors, Actor(id="ny", name="Ny"))), before)
        st.markdown(f"{before} → {state.current_revision()}: {len(state.current_map().actors)} aktører")


def _another_process_saves_in_the_run() -> None:
    import streamlit as st

    from samhandling.model import Actor
    from samhandling.store import Store
    from samhandling.ui import state

    with state.reading():
        state.prepare()
        name = state.current_name()
        before = state.current_revision()
        if st.button("Lagre"):
            other = Store()  # its own engine, as another server process has
            cmap, revision = other.load(name)
            other.save(name, cmap.with_changes(actors=(*cmap.actors, Actor(id="ny", name="Ny"))), revision)
        st.markdown(f"{before} → {state.current_revision()}")


def test_a_page_sees_its_own_save_in_the_same_run(repo_root: Path):
    at = AppTest.from_function(_save_in_the_run, default_timeout=90).run()
    before, actors = at.markdown[0].value.split(" → ")[0], at.markdown[0].value.split(": ")[1]

    at.button[0].click().run()

    assert not at.exception
    after = at.markdown[0].value
    assert after.startswith(f"{before} → {int(before) + 1}: ")
    assert after.endswith(f"{int(actors.split()[0]) + 1} aktører")


def test_a_save_by_another_process_shows_at_the_next_run_not_halfway_through_one(repo_root: Path):
    at = AppTest.from_function(_another_process_saves_in_the_run, default_timeout=90).run()
    before = int(at.markdown[0].value.split(" → ")[0])

    at.button[0].click().run()
    assert at.markdown[0].value == f"{before} → {before}"  # the run is one look at the store

    at.run()
    assert at.markdown[0].value == f"{before + 1} → {before + 1}"


def test_the_store_counts_its_write_transactions_not_its_reads(db_path: Path):
    from samhandling.model import Actor, CollaborationMap
    from samhandling.store import Store

    store = Store(db_path)
    store.create_map("Kart", CollaborationMap(actors=(Actor(id="a", name="Skole"),)))
    after_create = store.writes
    store.list_maps()
    store.load("Kart")
    store.history("Kart")
    assert store.writes == after_create

    cmap, revision = store.load("Kart")
    store.save("Kart", cmap.with_changes(actors=(*cmap.actors, Actor(id="b", name="PPT"))), revision)
    assert store.writes == after_create + 1

