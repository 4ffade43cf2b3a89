"""What the store hands out (:class:`Revision`, :class:`Snapshot`) and how it cleans names and stamps times."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from samhandling.i18n import t
from samhandling.store.errors import StoreError

__all__ = ["Revision", "Snapshot", "clean_name", "now"]

@dataclass(frozen=True)
class Revision:
    """One saved state of a map: its number, when it was saved (UTC), the note and who saved it."""

    number: int
    saved_at: datetime
    note: str
    restores: int | None = None
    author: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """A named snapshot: ``label`` points at revision ``revision`` of the map."""

    label: str
    revision: int
    created_at: datetime


def clean_name(name: str) -> str:
    """A map or snapshot name: NFC, trimmed; an empty one is refused."""
    cleaned = unicodedata.normalize("NFC", str(name)).strip()
    if not cleaned:
        raise StoreError(t("store.empty_name"))
    return cleaned


def now() -> str:
    """The current UTC time as stored (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
