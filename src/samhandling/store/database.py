"""The :class:`Store`: maps and their revisions, snapshots and drafts in one database.

The rules it keeps (whole-map revisions, optimistic concurrency, undo as a new
revision) are described in the :mod:`samhandling.store` package docstring; where
the database is and how writes are locked, in :mod:`samhandling.store.engine`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.store import schema as s
from samhandling.store.engine import default_location, describe, is_url, open_engine, path_of, translated, write_options
from samhandling.store.errors import (
    MapExistsError,
    MapNotFoundError,
    NothingToUndoError,
    StaleRevisionError,
    StoreError,
)
from samhandling.store.migrate import ensure_schema
from samhandling.store.records import Revision, Snapshot, clean_name, now
from samhandling.store.serialise import map_from_json, map_to_json

__all__ = ["Store", "Revision", "Snapshot", "clean_name", "now"]

# --------------------------------------------------------------------------- store

_R = s.revisions


class Store:
    """Maps and their revisions in SQLite or PostgreSQL (see the :mod:`samhandling.store` docstring).

    ``location`` is a file path, ``sqlite:///path`` or a server URL; ``None`` means
    :func:`~samhandling.store.default_location`. ``path`` is the SQLite file (``None``
    on a server), ``where`` the location as shown in messages (no password).
    """

    def __init__(self, location: str | os.PathLike[str] | None = None):
        found = default_location() if location is None else location
        if isinstance(found, str) and is_url(found):
            self.path: Path | None = None
            self.url = found
            target: Path | str = found
        else:
            self.path = path_of(found)
            self.url = f"sqlite:///{self.path}"
            target = self.path
        self.where = describe(target)
        self.engine = open_engine(target)
        ensure_schema(self.engine, self.where)
        # Write transactions committed through this engine (by this store, a guarded view of it or
        # its access book): a reader that keeps answers for a moment (the app, for one run) sees
        # from this that it must ask again. Writes by other processes are not counted.
        self.writes = 0
        event.listen(self.engine, "commit", self._count_write)

    def _count_write(self, _conn: Connection) -> None:
        self.writes += 1

    def __repr__(self) -> str:
        return f"Store({self.where!r})"

    # -- connections

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(self.where), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One short write transaction; on SQLite the write lock is taken before anything is read."""
        with translated(self.where), self.engine.connect().execution_options(**write_options()) as conn:
            with conn.begin():
                yield conn

    def _map_id(self, conn: Connection, name: str, *, lock: bool = False) -> int:
        query = select(s.maps.c.id).where(s.maps.c.name == name)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update()  # writers to one map take turns
        found = conn.execute(query).scalar()
        if found is None:
            raise MapNotFoundError(name)
        return int(found)

    @staticmethod
    def _latest(conn: Connection, map_id: int) -> tuple[int, int]:
        """(number, state_of) of the latest revision."""
        row = conn.execute(
            select(_R.c.number, _R.c.state_of).where(_R.c.map_id == map_id).order_by(_R.c.number.desc()).limit(1)
        ).one()
        return int(row[0]), int(row[1])

    @staticmethod
    def _content(conn: Connection, map_id: int, number: int) -> tuple[str, int] | None:
        row = conn.execute(
            select(_R.c.content, _R.c.state_of).where(_R.c.map_id == map_id, _R.c.number == number)
        ).first()
        return None if row is None else (str(row[0]), int(row[1]))

    def _insert(self, conn: Connection, name: str, map_id: int, number: int, content: str, note: str,
                author: str | None, state_of: int | None = None, restores: int | None = None) -> int:
        try:  # the transaction is rolled back as the error leaves it
            conn.execute(insert(_R).values(
                map_id=map_id, number=number, saved_at=now(), note=note, content=content,
                state_of=state_of or number, restores=restores, author=author,
            ))
        except IntegrityError:  # another process wrote this number first
            raise StaleRevisionError(name, number - 1, number) from None
        return number

    # -- maps

    def list_maps(self) -> list[str]:
        """Names of all maps, sorted case-insensitively."""
        with self._read() as conn:
            names = [str(n) for n in conn.execute(select(s.maps.c.name)).scalars()]
        return sorted(names, key=lambda n: (n.casefold(), n))

    def exists(self, name: str) -> bool:
        """Whether a map of this name exists."""
        with self._read() as conn:
            return conn.execute(select(s.maps.c.id).where(s.maps.c.name == clean_name(name))).first() is not None

    def create_map(self, name: str, cmap: CollaborationMap, note: str | None = None, *,
                   author: str | None = None, kommune: str | None = None) -> int:
        """Create map ``name`` with ``cmap`` as revision 1; :class:`MapExistsError` if taken."""
        name = clean_name(name)
        content = map_to_json(cmap)
        with self._write() as conn:
            if conn.execute(select(s.maps.c.id).where(s.maps.c.name == name)).first():
                raise MapExistsError(name)
            try:
                map_id = conn.execute(
                    insert(s.maps).values(name=name, created_at=now(), kommune=kommune).returning(s.maps.c.id)
                ).scalar_one()
            except IntegrityError:  # another process created it a moment ago
                raise MapExistsError(name) from None
            return self._insert(conn, name, map_id, 1, content, note or t("store.created_note"), author)

    def delete_map(self, name: str) -> None:
        """Delete a map with all its revisions and snapshots."""
        name = clean_name(name)
        with self._write() as conn:
            conn.execute(delete(s.maps).where(s.maps.c.id == self._map_id(conn, name, lock=True)))

    def rename_map(self, old: str, new: str) -> None:
        """Give a map a new name; its revisions and snapshots follow."""
        old, new = clean_name(old), clean_name(new)
        with self._write() as conn:
            map_id = self._map_id(conn, old, lock=True)
            if old != new and conn.execute(select(s.maps.c.id).where(s.maps.c.name == new)).first():
                raise MapExistsError(new)
            conn.execute(update(s.maps).where(s.maps.c.id == map_id).values(name=new))

    def map_kommune(self, name: str) -> str | None:
        """The kommune map ``name`` belongs to (``None``: none)."""
        with self._read() as conn:
            found = conn.execute(select(s.maps.c.kommune).where(s.maps.c.name == clean_name(name))).first()
        if found is None:
            raise MapNotFoundError(clean_name(name))
        return found[0]

    def set_map_kommune(self, name: str, kommune: str | None) -> None:
        """Let map ``name`` belong to ``kommune`` (its members may read and change it)."""
        with self._write() as conn:
            map_id = self._map_id(conn, clean_name(name))
            conn.execute(update(s.maps).where(s.maps.c.id == map_id).values(kommune=kommune or None))

    # -- revisions

    def latest_revision(self, name: str) -> int:
        """The number of the latest revision (cheap: reads no map content)."""
        with self._read() as conn:
            map_id = self._map_id(conn, clean_name(name))
            return int(conn.execute(select(func.max(_R.c.number)).where(_R.c.map_id == map_id)).scalar_one())

    def load(self, name: str, revision: int | None = None) -> tuple[CollaborationMap, int]:
        """The map at its latest revision (or at ``revision``) and that revision's number."""
        with self._read() as conn:
            map_id = self._map_id(conn, clean_name(name))
            number = self._latest(conn, map_id)[0] if revision is None else int(revision)
            found = self._content(conn, map_id, number)
        if found is None:
            raise StoreError(t("store.no_revision", name=name, revision=revision))
        return map_from_json(found[0]), number

    def save(self, name: str, cmap: CollaborationMap, base_revision: int, note: str = "", *,
             author: str | None = None) -> int:
        """Save ``cmap`` as a new revision and return its number.

        Raises :class:`StaleRevisionError` (and writes nothing) when ``base_revision``
        is not the latest revision: someone else saved since the user loaded the map.
        ``author`` (the login's e-mail) is recorded with the revision.
        """
        name = clean_name(name)
        content = map_to_json(cmap)  # serialised before the write lock is taken
        with self._write() as conn:
            map_id = self._map_id(conn, name, lock=True)
            latest, _ = self._latest(conn, map_id)
            if base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            return self._insert(conn, name, map_id, latest + 1, content, note, author)

    def history(self, name: str) -> list[Revision]:
        """Every revision of the map, newest first."""
        with self._read() as conn:
            map_id = self._map_id(conn, clean_name(name))
            rows = conn.execute(
                select(_R.c.number, _R.c.saved_at, _R.c.note, _R.c.restores, _R.c.author)
                .where(_R.c.map_id == map_id).order_by(_R.c.number.desc())
            ).all()
        return [
            Revision(int(n), datetime.fromisoformat(at), str(note), None if r is None else int(r), author)
            for n, at, note, r, author in rows
        ]

    def undo(self, name: str, base_revision: int | None = None, *, author: str | None = None) -> int:
        """Undo the latest change: write the previous state as a new revision.

        Repeated undos walk further back (each undo remembers which state it
        restored). Nothing is deleted: every undone revision stays in
        :meth:`history` and :meth:`restore` brings it back. ``base_revision`` (the
        revision the user saw) guards against undoing someone else's fresh change;
        ``None`` undoes whatever is latest. Raises :class:`NothingToUndoError` at the
        first state.
        """
        name = clean_name(name)
        with self._write() as conn:
            map_id = self._map_id(conn, name, lock=True)
            latest, state_of = self._latest(conn, map_id)
            if base_revision is not None and base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            target = state_of - 1
            found = self._content(conn, map_id, target)
            if found is None:
                raise NothingToUndoError(name)
            undone = conn.execute(
                select(_R.c.note).where(_R.c.map_id == map_id, _R.c.number == state_of)
            ).scalar_one()
            note = t("store.undo_note", note=undone or t("store.no_note"))
            return self._insert(conn, name, map_id, latest + 1, found[0], note, author,
                                state_of=found[1], restores=target)

    def restore(self, name: str, revision: int, base_revision: int | None = None, *,
                author: str | None = None) -> int:
        """Bring back the content of any earlier ``revision`` as a new revision."""
        name = clean_name(name)
        with self._write() as conn:
            map_id = self._map_id(conn, name, lock=True)
            latest, _ = self._latest(conn, map_id)
            if base_revision is not None and base_revision != latest:
                raise StaleRevisionError(name, base_revision, latest)
            found = self._content(conn, map_id, revision)
            if found is None:
                raise StoreError(t("store.no_revision", name=name, revision=revision))
            note = t("store.restore_note", revision=revision)
            return self._insert(conn, name, map_id, latest + 1, found[0], note, author, restores=revision)

    # -- snapshots

    def snapshot(self, name: str, label: str, revision: int | None = None) -> Snapshot:
        """Name the latest revision (or ``revision``) ``label``, e.g. ``Nåsituasjon 2025``.

        A label names one revision for good; reusing a label raises :class:`StoreError`.
        """
        name, label = clean_name(name), clean_name(label)
        with self._write() as conn:
            map_id = self._map_id(conn, name, lock=True)
            if revision is None:
                revision = self._latest(conn, map_id)[0]
            elif self._content(conn, map_id, revision) is None:
                raise StoreError(t("store.no_revision", name=name, revision=revision))
            snaps = s.snapshots
            if conn.execute(select(snaps.c.label).where(snaps.c.map_id == map_id, snaps.c.label == label)).first():
                raise StoreError(t("store.snapshot_exists", label=label))
            created = now()
            conn.execute(insert(snaps).values(map_id=map_id, label=label, revision=revision, created_at=created))
        return Snapshot(label, revision, datetime.fromisoformat(created))

    def list_snapshots(self, name: str) -> list[Snapshot]:
        """The map's snapshots, oldest first."""
        snaps = s.snapshots
        with self._read() as conn:
            map_id = self._map_id(conn, clean_name(name))
            rows = conn.execute(
                select(snaps.c.label, snaps.c.revision, snaps.c.created_at).where(snaps.c.map_id == map_id)
                .order_by(snaps.c.revision, snaps.c.created_at, snaps.c.label)
            ).all()
        return [Snapshot(str(lb), int(r), datetime.fromisoformat(c)) for lb, r, c in rows]

    def load_snapshot(self, name: str, label: str) -> CollaborationMap:
        """The map as it was at snapshot ``label``."""
        label = clean_name(label)
        for snap in self.list_snapshots(name):
            if snap.label == label:
                return self.load(name, snap.revision)[0]
        raise StoreError(t("store.no_snapshot", name=name, label=label))

    def delete_snapshot(self, name: str, label: str) -> None:
        """Remove a snapshot's name (the revision itself stays in the history)."""
        with self._write() as conn:
            map_id = self._map_id(conn, clean_name(name))
            conn.execute(delete(s.snapshots).where(s.snapshots.c.map_id == map_id,
                                                   s.snapshots.c.label == clean_name(label)))

    # -- drafts (unsaved edits, per browser session)

    def save_draft(self, name: str, client: str, payload: str) -> None:
        """Keep ``payload`` (any text, e.g. JSON of pending tables) for ``client`` on map ``name``."""
        d = s.drafts
        with self._write() as conn:
            map_id = self._map_id(conn, clean_name(name))
            conn.execute(delete(d).where(d.c.map_id == map_id, d.c.client == client))
            conn.execute(insert(d).values(map_id=map_id, client=client, saved_at=now(), payload=payload))

    def load_draft(self, name: str, client: str) -> str | None:
        """The draft of ``client`` on map ``name``, or ``None``."""
        d = s.drafts
        with self._read() as conn:
            found = conn.execute(
                select(d.c.payload).join(s.maps, s.maps.c.id == d.c.map_id)
                .where(s.maps.c.name == clean_name(name), d.c.client == client)
            ).scalar()
        return None if found is None else str(found)

    def delete_draft(self, name: str, client: str) -> None:
        """Forget the draft of ``client`` on map ``name`` (saved or discarded)."""
        d = s.drafts
        with self._write() as conn:
            ids = select(s.maps.c.id).where(s.maps.c.name == clean_name(name)).scalar_subquery()
            conn.execute(delete(d).where(d.c.client == client, d.c.map_id == ids))
