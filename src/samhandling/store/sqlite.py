"""The :class:`Store`: maps and their revisions, snapshots and drafts in one SQLite file.

The rules it keeps (whole-map revisions, optimistic concurrency, undo as a new
revision) are described in the :mod:`samhandling.store` package docstring.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.store.errors import (
    MapExistsError,
    MapNotFoundError,
    NothingToUndoError,
    StaleRevisionError,
    StoreError,
)
from samhandling.store.serialise import map_from_json, map_to_json

__all__ = ["Store", "Revision", "Snapshot", "default_location", "ENV_VAR", "BUSY_TIMEOUT_SECONDS"]

ENV_VAR = "SAMHANDLING_DB"
BUSY_TIMEOUT_SECONDS = 15.0

# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Revision:
    """One saved state of a map: its number, when it was saved (UTC) and the note."""

    number: int
    saved_at: datetime
    note: str
    restores: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """A named snapshot: ``label`` points at revision ``revision`` of the map."""

    label: str
    revision: int
    created_at: datetime


# --------------------------------------------------------------------------- store

_SCHEMA = """
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
    -- the logical state this revision stands for: itself for an ordinary save, the
    -- restored revision's state for an undo (so repeated undos walk further back)
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


def default_location() -> Path:
    """``$SAMHANDLING_DB``, else ``$XDG_DATA_HOME`` (or ``~/.local/share``)/samhandlingskart/."""
    env = os.environ.get(ENV_VAR)
    if env:
        return _path_of(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "samhandlingskart" / "samhandling.sqlite3"


def _path_of(location: str | os.PathLike[str]) -> Path:
    text = os.fspath(location)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]  # sqlite:////abs/path keeps its leading /
    elif text.startswith("sqlite://"):
        text = text[len("sqlite://") :]
    return Path(text).expanduser()


def _clean_name(name: str) -> str:
    cleaned = unicodedata.normalize("NFC", str(name)).strip()
    if not cleaned:
        raise StoreError(t("store.empty_name"))
    return cleaned


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Maps and their revisions in one SQLite file (see the :mod:`samhandling.store` docstring)."""

    def __init__(self, location: str | os.PathLike[str] | None = None):
        self.path = _path_of(location) if location is not None else default_location()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    # -- connections

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; the write lock is taken before anything is read."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _map_id(conn: sqlite3.Connection, name: str) -> int:
        row = conn.execute("SELECT id FROM maps WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise MapNotFoundError(name)
        return int(row[0])

    @staticmethod
    def _latest(conn: sqlite3.Connection, map_id: int) -> tuple[int, int, str]:
        """(number, state_of, content) of the latest revision."""
        row = conn.execute(
            "SELECT number, state_of, content FROM revisions WHERE map_id = ? "
            "ORDER BY number DESC LIMIT 1",
            (map_id,),
        ).fetchone()
        return int(row[0]), int(row[1]), str(row[2])

    @staticmethod
    def _insert(
        conn: sqlite3.Connection,
        map_id: int,
        number: int,
        content: str,
        note: str,
        state_of: int | None = None,
        restores: int | None = None,
    ) -> int:
        conn.execute(
            "INSERT INTO revisions (map_id, number, saved_at, note, content, state_of, restores) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (map_id, number, _now(), note, content, state_of or number, restores),
        )
        return number

    # -- maps

    def list_maps(self) -> list[str]:
        """Names of all maps, sorted case-insensitively."""
        with self._connect() as conn:
            names = [str(r[0]) for r in conn.execute("SELECT name FROM maps")]
        return sorted(names, key=lambda n: (n.casefold(), n))

    def exists(self, name: str) -> bool:
        """Whether a map of this name exists."""
        with self._connect() as conn:
            found = conn.execute("SELECT 1 FROM maps WHERE name = ?", (_clean_name(name),))
            return found.fetchone() is not None

    def create_map(self, name: str, cmap: CollaborationMap, note: str | None = None) -> int:
        """Create map ``name`` with ``cmap`` as revision 1; :class:`MapExistsError` if taken."""
        name = _clean_name(name)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM maps WHERE name = ?", (name,)).fetchone():
                raise MapExistsError(name)
            cur = conn.execute("INSERT INTO maps (name, created_at) VALUES (?, ?)", (name, _now()))
            map_id = int(cur.lastrowid or 0)
            return self._insert(conn, map_id, 1, map_to_json(cmap), note or t("store.created_note"))

    def delete_map(self, name: str) -> None:
        """Delete a map with all its revisions and snapshots."""
        name = _clean_name(name)
        with self._write() as conn:
            conn.execute("DELETE FROM maps WHERE id = ?", (self._map_id(conn, name),))

    def rename_map(self, old: str, new: str) -> None:
        """Give a map a new name; its revisions and snapshots follow."""
        old, new = _clean_name(old), _clean_name(new)
        with self._write() as conn:
            map_id = self._map_id(conn, old)
            if old != new and conn.execute("SELECT 1 FROM maps WHERE name = ?", (new,)).fetchone():
                raise MapExistsError(new)
            conn.execute("UPDATE maps SET name = ? WHERE id = ?", (new, map_id))

    # -- revisions

    def latest_revision(self, name: str) -> int:
        """The number of the latest revision (cheap: reads no map content)."""
        with self._connect() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            row = conn.execute("SELECT MAX(number) FROM revisions WHERE map_id = ?", (map_id,))
            return int(row.fetchone()[0])

    def load(self, name: str, revision: int | None = None) -> tuple[CollaborationMap, int]:
        """The map at its latest revision (or at ``revision``) and that revision's number."""
        with self._connect() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            if revision is None:
                number, _, content = self._latest(conn, map_id)
            else:
                row = conn.execute(
                    "SELECT number, content FROM revisions WHERE map_id = ? AND number = ?",
                    (map_id, revision),
                ).fetchone()
                if row is None:
                    raise StoreError(t("store.no_revision", name=name, revision=revision))
                number, content = int(row[0]), str(row[1])
        return map_from_json(content), number

    def save(self, name: str, cmap: CollaborationMap, base_revision: int, note: str = "") -> int:
        """Save ``cmap`` as a new revision and return its number.

        Raises :class:`StaleRevisionError` (and writes nothing) when ``base_revision``
        is not the latest revision: someone else saved since the user loaded the map.
        """
        name = _clean_name(name)
        with self._write() as conn:
            map_id = self._map_id(conn, name)
            latest, _, _ = self._latest(conn, map_id)
            if base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            return self._insert(conn, map_id, latest + 1, map_to_json(cmap), note)

    def history(self, name: str) -> list[Revision]:
        """Every revision of the map, newest first."""
        with self._connect() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            rows = conn.execute(
                "SELECT number, saved_at, note, restores FROM revisions WHERE map_id = ? "
                "ORDER BY number DESC",
                (map_id,),
            ).fetchall()
        return [
            Revision(int(n), datetime.fromisoformat(s), str(note), None if r is None else int(r))
            for n, s, note, r in rows
        ]

    def undo(self, name: str, base_revision: int | None = None) -> int:
        """Undo the latest change: write the previous state as a new revision.

        Repeated undos walk further back (each undo remembers which state it
        restored). Nothing is deleted: every undone revision stays in
        :meth:`history` and :meth:`restore` brings it back. ``base_revision`` (the
        revision the user saw) guards against undoing someone else's fresh change;
        ``None`` undoes whatever is latest. Raises :class:`NothingToUndoError` at the
        first state.
        """
        name = _clean_name(name)
        with self._write() as conn:
            map_id = self._map_id(conn, name)
            latest, state_of, _ = self._latest(conn, map_id)
            if base_revision is not None and base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            target = state_of - 1
            row = conn.execute(
                "SELECT content, state_of FROM revisions WHERE map_id = ? AND number = ?",
                (map_id, target),
            ).fetchone()
            if row is None:
                raise NothingToUndoError(name)
            undone = conn.execute(
                "SELECT note FROM revisions WHERE map_id = ? AND number = ?", (map_id, state_of)
            ).fetchone()[0]
            note = t("store.undo_note", note=undone or t("store.no_note"))
            return self._insert(
                conn, map_id, latest + 1, str(row[0]), note, state_of=int(row[1]), restores=target
            )

    def restore(self, name: str, revision: int, base_revision: int | None = None) -> int:
        """Bring back the content of any earlier ``revision`` as a new revision."""
        name = _clean_name(name)
        with self._write() as conn:
            map_id = self._map_id(conn, name)
            latest, _, _ = self._latest(conn, map_id)
            if base_revision is not None and base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            row = conn.execute(
                "SELECT content FROM revisions WHERE map_id = ? AND number = ?", (map_id, revision)
            ).fetchone()
            if row is None:
                raise StoreError(t("store.no_revision", name=name, revision=revision))
            note = t("store.restore_note", revision=revision)
            return self._insert(conn, map_id, latest + 1, str(row[0]), note, restores=revision)

    # -- snapshots

    def snapshot(self, name: str, label: str, revision: int | None = None) -> Snapshot:
        """Name the latest revision (or ``revision``) ``label``, e.g. ``Nåsituasjon 2025``.

        A label names one revision for good; reusing a label raises :class:`StoreError`.
        """
        name, label = _clean_name(name), _clean_name(label)
        with self._write() as conn:
            map_id = self._map_id(conn, name)
            if revision is None:
                revision, _, _ = self._latest(conn, map_id)
            elif not conn.execute(
                "SELECT 1 FROM revisions WHERE map_id = ? AND number = ?", (map_id, revision)
            ).fetchone():
                raise StoreError(t("store.no_revision", name=name, revision=revision))
            exists = conn.execute(
                "SELECT 1 FROM snapshots WHERE map_id = ? AND label = ?", (map_id, label)
            ).fetchone()
            if exists:
                raise StoreError(t("store.snapshot_exists", label=label))
            created = _now()
            conn.execute(
                "INSERT INTO snapshots (map_id, label, revision, created_at) VALUES (?, ?, ?, ?)",
                (map_id, label, revision, created),
            )
        return Snapshot(label, revision, datetime.fromisoformat(created))

    def list_snapshots(self, name: str) -> list[Snapshot]:
        """The map's snapshots, oldest first."""
        with self._connect() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            rows = conn.execute(
                "SELECT label, revision, created_at FROM snapshots WHERE map_id = ? "
                "ORDER BY revision, created_at, label",
                (map_id,),
            ).fetchall()
        return [Snapshot(str(lb), int(r), datetime.fromisoformat(c)) for lb, r, c in rows]

    def load_snapshot(self, name: str, label: str) -> CollaborationMap:
        """The map as it was at snapshot ``label``."""
        label = _clean_name(label)
        for snap in self.list_snapshots(name):
            if snap.label == label:
                return self.load(name, snap.revision)[0]
        raise StoreError(t("store.no_snapshot", name=name, label=label))

    def delete_snapshot(self, name: str, label: str) -> None:
        """Remove a snapshot's name (the revision itself stays in the history)."""
        with self._write() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            conn.execute(
                "DELETE FROM snapshots WHERE map_id = ? AND label = ?", (map_id, _clean_name(label))
            )

    # -- drafts (unsaved edits, per browser session)

    def save_draft(self, name: str, client: str, payload: str) -> None:
        """Keep ``payload`` (any text, e.g. JSON of pending tables) for ``client`` on map ``name``."""
        with self._write() as conn:
            map_id = self._map_id(conn, _clean_name(name))
            conn.execute(
                "INSERT INTO drafts (map_id, client, saved_at, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (map_id, client) DO UPDATE SET saved_at = excluded.saved_at, "
                "payload = excluded.payload",
                (map_id, client, _now(), payload),
            )

    def load_draft(self, name: str, client: str) -> str | None:
        """The draft of ``client`` on map ``name``, or ``None``."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT d.payload FROM drafts d JOIN maps m ON m.id = d.map_id "
                "WHERE m.name = ? AND d.client = ?",
                (_clean_name(name), client),
            ).fetchone()
        return None if row is None else str(row[0])

    def delete_draft(self, name: str, client: str) -> None:
        """Forget the draft of ``client`` on map ``name`` (saved or discarded)."""
        with self._write() as conn:
            conn.execute(
                "DELETE FROM drafts WHERE client = ? AND map_id IN (SELECT id FROM maps WHERE name = ?)",
                (client, _clean_name(name)),
            )
