"""Workshop persistence: every accepted change to a map is a revision in SQLite.

A workshop must never lose what the room produced, and two laptops editing the
same map must never silently overwrite each other. So:

- each map (by name) has a linear list of revisions; every save writes the *whole*
  map as JSON in a new revision row with a timestamp and a short note
  (``La til aktør «PPT»``); nothing is ever updated in place;
- :meth:`Store.save` takes the revision the user's edit was based on and refuses
  with :class:`StaleRevisionError` when someone saved in between (optimistic
  concurrency, checked inside one ``BEGIN IMMEDIATE`` transaction);
- :meth:`Store.undo` writes the content of the previous state as a *new* revision,
  so an undo never destroys anything and :meth:`Store.restore` can bring back any
  revision in :meth:`Store.history`;
- named snapshots (``Nåsituasjon 2025``) point at a revision, for before/after;
- a *draft* keeps an edit that could not be saved yet (invalid, or stale) per
  browser session, so even a half-typed row survives a reload.

The :class:`Store` object holds only the database path; each call opens its own
short-lived connection, so one object can be shared by threads and several server
processes can use the same file (WAL mode, a busy timeout).

>>> store = Store(tmp_path / "kart.sqlite3")  # doctest: +SKIP
>>> rev = store.create_map("Siljan", CollaborationMap())  # doctest: +SKIP
>>> cmap, rev = store.load("Siljan")  # doctest: +SKIP
>>> store.save("Siljan", cmap.with_changes(...), rev, "La til aktør «PPT»")  # doctest: +SKIP

The package: :mod:`~samhandling.store.sqlite` (the :class:`Store`, :class:`Revision`,
:class:`Snapshot`, :func:`default_location`), :mod:`~samhandling.store.serialise`
(:func:`map_to_json`, :func:`map_from_json`) and :mod:`~samhandling.store.errors`.
"""

from samhandling.store.errors import (
    MapExistsError,
    MapNotFoundError,
    NothingToUndoError,
    StaleRevisionError,
    StoreError,
)
from samhandling.store.serialise import map_from_json, map_to_json
from samhandling.store.sqlite import BUSY_TIMEOUT_SECONDS as BUSY_TIMEOUT_SECONDS  # importable as before the split
from samhandling.store.sqlite import ENV_VAR as ENV_VAR  # importable as before the split
from samhandling.store.sqlite import Revision, Snapshot, Store, default_location

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
