"""Who may read and who may change each map, and a store that enforces it.

On a laptop there is no login and no access control: the app uses the plain
:class:`~samhandling.store.Store`. On a server (login on, see ``docs/deployment.md``)
every page gets a :class:`GuardedStore` for the visitor's :class:`Identity`, so no
page, download or URL parameter can reach a map the visitor has no right to:

- an **admin** (named in the server's configuration, or made admin by one) reads and
  changes every map and grants the rest;
- a **user** (a login, by e-mail) belongs to at most one kommune (set by an admin)
  and may change the maps of that kommune; an admin may also grant a map to another
  kommune or to named users, to read or to change;
- a **read-only link** (``?lenke=<token>``, for a styringsgruppe) reads one map and
  nothing else, without a login; an admin makes and withdraws links;
- anybody else reaches no map at all.

Maps a visitor may not read are not listed and behave as if they did not exist
(:class:`~samhandling.store.MapNotFoundError`), so a name in a URL reveals nothing.
Every revision records the login that made it (``Revision.author``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.store import schema as s
from samhandling.store.database import Revision, Snapshot, Store, clean_name, now
from samhandling.store.errors import MapNotFoundError, StoreError

__all__ = ["Identity", "AccessDeniedError", "AccessBook", "GuardedStore", "Grant", "User", "READ", "WRITE"]

READ, WRITE = "read", "write"


class AccessDeniedError(StoreError):
    """The visitor may read the map but not change it, or may not create maps."""


@dataclass(frozen=True)
class Identity:
    """Who is asking: a login (``email``), a read-only link (``link``), or nobody."""

    email: str | None = None
    kommune: str | None = None
    is_admin: bool = False
    link: str | None = None  # the map name a read-only link opens

    @property
    def anonymous(self) -> bool:
        return self.email is None and self.link is None


@dataclass(frozen=True)
class User:
    email: str
    kommune: str | None
    is_admin: bool


@dataclass(frozen=True)
class Grant:
    """``principal`` (``kommune:<name>`` or ``user:<e-mail>``) may read, or also change, a map."""

    principal: str
    can_write: bool


def _email(email: str) -> str:
    return email.strip().casefold()


class AccessBook:
    """The access tables of a store: users and their kommune, grants per map, read-only links."""

    def __init__(self, store: Store):
        self.store = store

    # -- users

    def identity(self, email: str, admins: frozenset[str] = frozenset()) -> Identity:
        """The identity of login ``email``; ``admins`` are the configured admins' e-mails."""
        email = _email(email)
        user = self.user(email)
        is_admin = email in {_email(a) for a in admins} or bool(user and user.is_admin)
        return Identity(email=email, kommune=user.kommune if user else None, is_admin=is_admin)

    def user(self, email: str) -> User | None:
        with self.store._read() as conn:  # noqa: SLF001 - the store's own connection helpers
            row = conn.execute(select(s.users).where(s.users.c.email == _email(email))).first()
        return None if row is None else User(row.email, row.kommune, bool(row.is_admin))

    def users(self) -> list[User]:
        with self.store._read() as conn:  # noqa: SLF001
            rows = conn.execute(select(s.users).order_by(s.users.c.email)).all()
        return [User(r.email, r.kommune, bool(r.is_admin)) for r in rows]

    def set_user(self, email: str, kommune: str | None, is_admin: bool = False) -> None:
        """Register login ``email`` as a member of ``kommune`` (and admin or not)."""
        email = _email(email)
        if not email:
            raise StoreError(t("store.empty_name"))
        with self.store._write() as conn:  # noqa: SLF001
            conn.execute(delete(s.users).where(s.users.c.email == email))
            conn.execute(insert(s.users).values(email=email, kommune=(kommune or "").strip() or None,
                                                is_admin=is_admin))

    # -- grants

    def grants(self, name: str) -> list[Grant]:
        with self.store._read() as conn:  # noqa: SLF001
            map_id = self.store._map_id(conn, clean_name(name))  # noqa: SLF001
            rows = conn.execute(select(s.grants.c.principal, s.grants.c.can_write)
                                .where(s.grants.c.map_id == map_id).order_by(s.grants.c.principal)).all()
        return [Grant(p, bool(w)) for p, w in rows]

    def grant(self, name: str, principal: str, can_write: bool) -> None:
        """Let ``kommune:<name>`` or ``user:<e-mail>`` read (or also change) map ``name``."""
        kind, _, who = principal.partition(":")
        who = _email(who) if kind == "user" else who.strip()
        if kind not in ("kommune", "user") or not who:
            raise StoreError(t("store.bad_principal", principal=principal))
        with self.store._write() as conn:  # noqa: SLF001
            map_id = self.store._map_id(conn, clean_name(name))  # noqa: SLF001
            g = s.grants
            conn.execute(delete(g).where(g.c.map_id == map_id, g.c.principal == f"{kind}:{who}"))
            conn.execute(insert(g).values(map_id=map_id, principal=f"{kind}:{who}", can_write=can_write))

    def revoke(self, name: str, principal: str) -> None:
        with self.store._write() as conn:  # noqa: SLF001
            map_id = self.store._map_id(conn, clean_name(name))  # noqa: SLF001
            conn.execute(delete(s.grants).where(s.grants.c.map_id == map_id, s.grants.c.principal == principal))

    # -- read-only links

    def create_link(self, name: str, created_by: str | None) -> str:
        """A new read-only link token for map ``name`` (unguessable, 32 characters)."""
        token = secrets.token_urlsafe(24)
        with self.store._write() as conn:  # noqa: SLF001
            map_id = self.store._map_id(conn, clean_name(name))  # noqa: SLF001
            conn.execute(insert(s.share_links).values(token=token, map_id=map_id, created_by=created_by,
                                                      created_at=now()))
        return token

    def links(self, name: str) -> list[str]:
        with self.store._read() as conn:  # noqa: SLF001
            map_id = self.store._map_id(conn, clean_name(name))  # noqa: SLF001
            rows = conn.execute(select(s.share_links.c.token).where(s.share_links.c.map_id == map_id)
                                .order_by(s.share_links.c.created_at)).scalars()
            return list(rows)

    def delete_link(self, token: str) -> None:
        with self.store._write() as conn:  # noqa: SLF001
            conn.execute(delete(s.share_links).where(s.share_links.c.token == token))

    def map_of_link(self, token: str) -> str | None:
        """The name of the map a read-only link opens (``None``: no such link)."""
        if not token:
            return None
        with self.store._read() as conn:  # noqa: SLF001
            return conn.execute(select(s.maps.c.name).join(s.share_links, s.share_links.c.map_id == s.maps.c.id)
                                .where(s.share_links.c.token == token)).scalar()

    # -- rights

    def rights(self, identity: Identity) -> dict[str, str]:
        """Every map ``identity`` may reach: name -> ``READ`` or ``WRITE``."""
        if identity.link is not None:
            return {identity.link: READ}
        if identity.email is None:
            return {}
        with self.store._read() as conn:  # noqa: SLF001
            maps = conn.execute(select(s.maps.c.id, s.maps.c.name, s.maps.c.kommune)).all()
            if identity.is_admin:
                return {name: WRITE for _, name, _ in maps}
            mine = [f"user:{identity.email}"] + ([f"kommune:{identity.kommune}"] if identity.kommune else [])
            granted: dict[int, bool] = {}
            for map_id, can_write in conn.execute(select(s.grants.c.map_id, s.grants.c.can_write)
                                                  .where(s.grants.c.principal.in_(mine))):
                granted[map_id] = granted.get(map_id, False) or bool(can_write)
        found: dict[str, str] = {}
        for map_id, name, kommune in maps:
            if identity.kommune and kommune == identity.kommune:
                found[name] = WRITE
            elif map_id in granted:
                found[name] = WRITE if granted[map_id] else READ
        return found


class GuardedStore:
    """The :class:`~samhandling.store.Store` API, limited to what ``identity`` may do.

    Reads of a map the visitor may not read raise :class:`MapNotFoundError` (as if
    it did not exist); changes without the right raise :class:`AccessDeniedError`.
    Saves record ``identity.email`` as the revision's author.
    """

    def __init__(self, store: Store, identity: Identity):
        self._store, self.identity = store, identity
        self.book = AccessBook(store)
        self.path, self.where = store.path, store.where

    def __repr__(self) -> str:
        return f"GuardedStore({self.where!r}, {self.identity.email or self.identity.link!r})"

    def right(self, name: str) -> str | None:
        """``READ``, ``WRITE`` or ``None`` for map ``name``."""
        return self.book.rights(self.identity).get(clean_name(name))

    def _readable(self, name: str) -> str:
        name = clean_name(name)
        if self.right(name) is None:
            raise MapNotFoundError(name)
        return name

    def _writable(self, name: str) -> str:
        name = self._readable(name)
        if self.right(name) != WRITE:
            raise AccessDeniedError(t("store.read_only_access", name=name))
        return name

    @property
    def can_create(self) -> bool:
        return self.identity.email is not None

    # -- maps

    def list_maps(self) -> list[str]:
        return sorted(self.book.rights(self.identity), key=lambda n: (n.casefold(), n))

    def exists(self, name: str) -> bool:
        return self.right(name) is not None

    def create_map(self, name: str, cmap: CollaborationMap, note: str | None = None) -> int:
        if not self.can_create:
            raise AccessDeniedError(t("store.login_needed"))
        revision = self._store.create_map(name, cmap, note, author=self.identity.email,
                                          kommune=self.identity.kommune)
        if not self.identity.kommune:  # no kommune to share it with: the creator may change it
            self.book.grant(name, f"user:{self.identity.email}", can_write=True)
        return revision

    def delete_map(self, name: str) -> None:
        self._store.delete_map(self._writable(name))

    def rename_map(self, old: str, new: str) -> None:
        self._store.rename_map(self._writable(old), new)

    # -- revisions

    def latest_revision(self, name: str) -> int:
        return self._store.latest_revision(self._readable(name))

    def load(self, name: str, revision: int | None = None) -> tuple[CollaborationMap, int]:
        return self._store.load(self._readable(name), revision)

    def history(self, name: str) -> list[Revision]:
        return self._store.history(self._readable(name))

    def save(self, name: str, cmap: CollaborationMap, base_revision: int, note: str = "") -> int:
        return self._store.save(self._writable(name), cmap, base_revision, note, author=self.identity.email)

    def undo(self, name: str, base_revision: int | None = None) -> int:
        return self._store.undo(self._writable(name), base_revision, author=self.identity.email)

    def restore(self, name: str, revision: int, base_revision: int | None = None) -> int:
        return self._store.restore(self._writable(name), revision, base_revision, author=self.identity.email)

    # -- snapshots

    def snapshot(self, name: str, label: str, revision: int | None = None) -> Snapshot:
        return self._store.snapshot(self._writable(name), label, revision)

    def list_snapshots(self, name: str) -> list[Snapshot]:
        return self._store.list_snapshots(self._readable(name))

    def load_snapshot(self, name: str, label: str) -> CollaborationMap:
        return self._store.load_snapshot(self._readable(name), label)

    def delete_snapshot(self, name: str, label: str) -> None:
        self._store.delete_snapshot(self._writable(name), label)

    # -- drafts

    def save_draft(self, name: str, client: str, payload: str) -> None:
        self._store.save_draft(self._writable(name), client, payload)

    def load_draft(self, name: str, client: str) -> str | None:
        return self._store.load_draft(self._readable(name), client)

    def delete_draft(self, name: str, client: str) -> None:
        self._store.delete_draft(self._readable(name), client)
