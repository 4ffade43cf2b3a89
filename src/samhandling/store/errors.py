"""The errors a :class:`~samhandling.store.Store` raises; each message is a Norwegian sentence for the user."""

from __future__ import annotations

from samhandling.errors import SamhandlingError
from samhandling.i18n import t

__all__ = ["StoreError", "StaleRevisionError", "MapNotFoundError", "MapExistsError", "NothingToUndoError"]


class StoreError(SamhandlingError):
    """A store operation was refused; the message is a Norwegian sentence for the user."""


class StaleRevisionError(StoreError):
    """The edit was based on an older revision than the latest one in the store.

    ``current_revision`` is the latest revision, ``base_revision`` the one the edit
    was based on. Nothing was written.
    """

    def __init__(self, name: str, base_revision: int | None, current_revision: int):
        self.name = name
        self.base_revision = base_revision
        self.current_revision = current_revision
        super().__init__(
            t("store.stale", name=name, base=base_revision, current=current_revision)
        )


class MapNotFoundError(StoreError):
    """No map has this name."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(t("store.not_found", name=name))


class MapExistsError(StoreError):
    """A map with this name exists already."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(t("store.exists", name=name))


class NothingToUndoError(StoreError):
    """The map is at its first state: there is nothing to undo."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(t("store.nothing_to_undo", name=name))
