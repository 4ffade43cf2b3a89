"""Bring a database to the newest schema version when a store opens (Alembic, run in-process).

The database records its version in Alembic's ``alembic_version`` table. A fresh
database gets every migration; a database written before versions were recorded
(it has ``maps`` but no ``alembic_version``) is stamped ``0001`` and upgraded in
place, so no revision or snapshot is lost. Two processes opening one fresh database
at once take turns: the upgrade runs in a write transaction (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL) and checks the version again inside it.
A database of a *newer* release is refused rather than touched.
"""

from __future__ import annotations

from importlib.resources import files

from sqlalchemy import Connection, Engine, inspect, text

from samhandling.i18n import t
from samhandling.store.engine import translated, write_options
from samhandling.store.errors import StoreError

__all__ = ["HEAD", "FIRST", "ensure_schema", "schema_version"]

FIRST = "0001"  # the schema of the releases before versions were recorded
HEAD = "0002"
_KNOWN = ("0001", "0002")
_LOCK_KEY = 0x5A4D4B  # PostgreSQL advisory lock id for migrations ("SMK")


def schema_version(conn: Connection) -> str | None:
    """The recorded version, ``FIRST`` for an unversioned store of an older release, ``None`` when empty."""
    names = set(inspect(conn).get_table_names())
    if "alembic_version" in names:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return FIRST if "maps" in names else None


def _upgrade(conn: Connection, found: str | None) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("samhandling.store") / "migrations"))
    config.attributes["connection"] = conn
    if found is not None and not inspect(conn).has_table("alembic_version"):
        command.stamp(config, found)
    command.upgrade(config, "head")


def ensure_schema(engine: Engine, where: str) -> None:
    """Upgrade the database behind ``engine`` to :data:`HEAD` (nothing to do is the cheap, common case)."""
    with translated(where):
        with engine.connect() as conn:
            found = schema_version(conn)
        if found == HEAD:
            return
        if found is not None and found not in _KNOWN:
            raise StoreError(t("store.schema_newer", where=where, found=found))
        with engine.connect().execution_options(**write_options()) as conn, conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            found = schema_version(conn)
            if found != HEAD:
                _upgrade(conn, found)
