"""The store's tables (the newest schema version), as SQLAlchemy Core metadata.

One definition serves SQLite and PostgreSQL. Times are ISO 8601 text in UTC, as in
every release so far; a revision's content is the map as JSON *text* (byte for byte
what :func:`~samhandling.store.serialise.map_to_json` wrote, on both backends: the
store never queries inside a map, so JSONB would only reorder keys and spaces).

How each version came about is in :mod:`samhandling.store.migrations`; a change
here needs a new migration there (``tests/test_store_migrations.py`` checks they agree).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    false,
)

__all__ = ["metadata", "maps", "revisions", "drafts", "snapshots", "users", "grants", "share_links"]

metadata = MetaData()

maps = Table(
    "maps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    # the kommune the map belongs to (its members may read and change it); NULL: no kommune
    Column("kommune", Text, nullable=True),
)

revisions = Table(
    "revisions",
    metadata,
    Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("saved_at", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("content", Text, nullable=False),
    # the logical state this revision stands for: itself for an ordinary save, the
    # restored revision's state for an undo (so repeated undos walk further back)
    Column("state_of", Integer, nullable=False),
    Column("restores", Integer, nullable=True),
    # who saved it (the login's e-mail); NULL on a laptop without login and before version 2
    Column("author", Text, nullable=True),
    PrimaryKeyConstraint("map_id", "number"),
)

drafts = Table(
    "drafts",
    metadata,
    Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    Column("client", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    Column("payload", Text, nullable=False),
    PrimaryKeyConstraint("map_id", "client"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    Column("label", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("created_at", Text, nullable=False),
    PrimaryKeyConstraint("map_id", "label"),
)

users = Table(
    "users",
    metadata,
    Column("email", Text, primary_key=True),
    Column("kommune", Text, nullable=True),
    Column("is_admin", Boolean, nullable=False, server_default=false()),
)

grants = Table(
    "grants",
    metadata,
    Column("map_id", Integer, nullable=False),
    # "kommune:<name>" or "user:<e-mail>"
    Column("principal", Text, nullable=False),
    Column("can_write", Boolean, nullable=False, server_default=false()),
    PrimaryKeyConstraint("map_id", "principal"),
    ForeignKeyConstraint(["map_id"], ["maps.id"], ondelete="CASCADE"),
)

share_links = Table(
    "share_links",
    metadata,
    Column("token", Text, primary_key=True),
    Column("map_id", Integer, ForeignKey("maps.id", ondelete="CASCADE"), nullable=False),
    Column("created_by", Text, nullable=True),
    Column("created_at", Text, nullable=False),
)
