"""Workshop persistence: every accepted change to a map is a revision in SQLite or PostgreSQL.

A workshop must never lose what the room produced, and two laptops editing the
same map must never silently overwrite each other. So:

- each map (by name) has a linear list of revisions; every save writes the *whole*
  map as JSON in a new revision row with a timestamp and a short note
  (``La til aktør «PPT»``); nothing is ever updated in place;
- :meth:`Store.save` takes the revision the user's edit was based on and refuses
  with :class:`StaleRevisionError` when someone saved in between (optimistic
  concurrency, checked inside one write transaction that holds the map's lock:
  ``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL; it holds
  across threads, processes and app servers);
- :meth:`Store.undo` writes the content of the previous state as a *new* revision,
  so an undo never destroys anything and :meth:`Store.restore` can bring back any
  revision in :meth:`Store.history`;
- named snapshots (``Nåsituasjon 2025``) point at a revision, for before/after;
- a *draft* keeps an edit that could not be saved yet (invalid, or stale) per
  browser session, so even a half-typed row survives a reload.

The :class:`Store` object holds a SQLAlchemy engine (a connection pool); each call
takes a connection for one short transaction, so one object can be shared by
threads and several server processes can use the same database: a SQLite file by
default (WAL mode, a busy timeout), or PostgreSQL when ``SAMHANDLING_DB`` is a
``postgresql+psycopg://`` URL. The schema carries its version and is upgraded in
place when a store opens (:mod:`~samhandling.store.migrate`). Every failure of the
database or the disk is raised as a :class:`StoreError` with a Norwegian sentence.
Who may read or change which map is :mod:`~samhandling.store.access`.

>>> store = Store(tmp_path / "kart.sqlite3")  # doctest: +SKIP
>>> rev = store.create_map("Siljan", CollaborationMap())  # doctest: +SKIP
>>> cmap, rev = store.load("Siljan")  # doctest: +SKIP
>>> store.save("Siljan", cmap.with_changes(...), rev, "La til aktør «PPT»")  # doctest: +SKIP

The package: :mod:`~samhandling.store.database` (the :class:`Store`),
:mod:`~samhandling.store.records` (:class:`Revision`, :class:`Snapshot`),
:mod:`~samhandling.store.engine` (:func:`default_location`, opening SQLite or
PostgreSQL, error translation), :mod:`~samhandling.store.schema` and
:mod:`~samhandling.store.migrate` (tables and their versions),
:mod:`~samhandling.store.serialise` (:func:`map_to_json`, :func:`map_from_json`),
:mod:`~samhandling.store.access` (who may read and change what) and
:mod:`~samhandling.store.errors`.
"""

from samhandling.store.database import Revision, Snapshot, Store
from samhandling.store.engine import BUSY_TIMEOUT_SECONDS as BUSY_TIMEOUT_SECONDS  # importable as before the split
from samhandling.store.engine import ENV_VAR as ENV_VAR  # importable as before the split
from samhandling.store.engine import default_location
from samhandling.store.errors import (
    MapExistsError,
    MapNotFoundError,
    NothingToUndoError,
    StaleRevisionError,
    StoreError,
)
from samhandling.store.serialise import map_from_json, map_to_json

__all__ = [
    "Store",
    "Revision",
    "Snapshot",
    "StoreError",
    "StaleRevisionError",
    "MapNotFoundError",
    "MapExistsError",
    "NothingToUndoError",
    "map_to_json",
    "map_from_json",
    "default_location",
]
