"""A save the store cannot make (full disk, read-only file, database gone) loses nothing on Kartlegging."""

from __future__ import annotations

import sqlite3

from samhandling.store import Store
from samhandling.store.engine import translated


def _failing_save(self, *args, **kwargs):
    with translated(self.where):  # the store's real translation of SQLite's own error
        raise sqlite3.OperationalError("database or disk is full")


def test_a_failed_save_says_so_in_norwegian_and_keeps_what_was_typed_until_saved_again(app, db_path, monkeypatch):
    at = app("kartlegging")
    name = at.sidebar.selectbox[0].value
    before = Store(db_path).latest_revision(name)
    real_save = Store.save
    monkeypatch.setattr(Store, "save", _failing_save)

    at.text_input(key="kartlegging.actor.name").input("Helsesykepleier Áššu")
    at.button(key="kartlegging.submit.actor").click()
    at.run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "Endringen kunne ikke lagres" in message and "disken er full" in message
    assert "Det du skrev, står fortsatt i tabellene" in message
    actors = next(e for e in at.data_editor if e.key.startswith("kartlegging.editor.aktører."))
    assert "Helsesykepleier Áššu" in list(actors.value["navn"])
    assert Store(db_path).latest_revision(name) == before  # nothing half-written

    monkeypatch.setattr(Store, "save", real_save)  # the disk has room again
    at.button(key="kartlegging.retry").click()
    at.run()
    assert not at.exception and not at.error
    cmap, revision = Store(db_path).load(name)
    assert revision == before + 1 and "Helsesykepleier Áššu" in {a.name for a in cmap.actors}
