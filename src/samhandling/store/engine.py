"""Where the store lives and how it is opened: a SQLite file (default) or a database URL.

``SAMHANDLING_DB`` (or the ``location`` given to :class:`~samhandling.store.Store`) is
either a file path / ``sqlite:///path`` (the laptop: one file, WAL, a busy timeout)
or a SQLAlchemy URL such as ``postgresql+psycopg://user:password@host/db`` (a server).
Both go through the same SQLAlchemy Core code; only the write lock differs:

- SQLite: every write transaction starts with ``BEGIN IMMEDIATE`` (the file's write
  lock is taken before anything is read), reads with a plain ``BEGIN``;
- PostgreSQL: a write locks the map's row (``SELECT … FOR UPDATE``), so two processes
  saving to one map take turns, and the revision primary key refuses the rest.

Every failure of the database or the disk is turned into a :class:`StoreError` with
a Norwegian sentence (:func:`translated`); the store never lets ``sqlite3``,
``psycopg`` or ``OSError`` exceptions out.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from samhandling.i18n import t
from samhandling.store.errors import StoreError

__all__ = ["ENV_VAR", "BUSY_TIMEOUT_SECONDS", "default_location", "path_of", "is_url", "open_engine",
           "describe", "translated", "write_options"]

log = logging.getLogger(__name__)

ENV_VAR = "SAMHANDLING_DB"
BUSY_TIMEOUT_SECONDS = 15.0
_IMMEDIATE = "samhandling_immediate"  # execution option: this SQLite transaction writes


def is_url(location: str | os.PathLike[str]) -> bool:
    """Whether ``location`` is a database URL other than SQLite (``postgresql+psycopg://…``)."""
    text = os.fspath(location)
    return "://" in text and not text.startswith("sqlite:")


def path_of(location: str | os.PathLike[str]) -> Path:
    """The file of a SQLite location (a path or ``sqlite:///path``)."""
    text = os.fspath(location)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]  # sqlite:////abs/path keeps its leading /
    elif text.startswith("sqlite://"):
        text = text[len("sqlite://") :]
    return Path(text).expanduser()


def default_location() -> Path | str:
    """``$SAMHANDLING_DB``, else ``$XDG_DATA_HOME`` (or ``~/.local/share``)/samhandlingskart/.

    A SQLite location comes back as a :class:`~pathlib.Path`, a server URL as text.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return env if is_url(env) else path_of(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "samhandlingskart" / "samhandling.sqlite3"


def describe(location: Path | str) -> str:
    """The location for a message: a path, or a URL with its password hidden."""
    if isinstance(location, Path):
        return str(location)
    try:
        return make_url(location).render_as_string(hide_password=True)
    except ArgumentError:
        return "?"


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI types
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        _wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        immediate = connection.get_execution_options().get(_IMMEDIATE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _wal(cursor) -> None:  # noqa: ANN001 - a DBAPI cursor
    """Switch the file to WAL (persistent in the file; a no-op once set).

    Changing the journal mode needs the file to itself and SQLite does not wait for it
    with the busy timeout: processes opening one fresh database at once may be told
    "database is locked". Ask again for up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def open_engine(location: Path | str) -> Engine:
    """An engine for a SQLite file (its folder created, WAL on) or for a server URL."""
    with translated(describe(location)):
        if isinstance(location, str):
            try:
                return create_engine(location, pool_pre_ping=True)
            except (ArgumentError, ImportError, ValueError) as error:
                raise StoreError(t("store.bad_url", url=describe(location), error=str(error))) from None
        location.parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(location)


def write_options() -> dict[str, bool]:
    """The execution options of a write transaction (``BEGIN IMMEDIATE`` on SQLite, nothing elsewhere)."""
    return {_IMMEDIATE: True}


def _kind(error: BaseException) -> str:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "read only" in text or isinstance(error, PermissionError):
        return "read_only"
    if "disk is full" in text or "no space" in text or "disk full" in text:
        return "disk_full"
    if "locked" in text or "busy" in text or "timeout" in text:
        return "busy"
    return "failed"


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Turn a database or disk failure inside the block into the store's own :class:`StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:  # raw sqlite3: from a connect hook
        log.warning("Store failure at %s", where, exc_info=True)
        lines = str(getattr(error, "orig", None) or error).strip().splitlines()
        detail = lines[0] if lines else ""
        failure = StoreError(t(f"store.{_kind(error)}", where=where, error=detail))
        failure.where, failure.detail = where, detail  # for a caller that words it its own way
        raise failure from None
