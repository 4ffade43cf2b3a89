"""A whole :class:`~samhandling.model.CollaborationMap` as JSON text and back (the stored revision content)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from samhandling.model import (
    Actor,
    CollaborationMap,
    Expectation,
    Forum,
    MapInfo,
    Membership,
    Position,
    Relation,
    Routine,
)

__all__ = ["map_to_json", "map_from_json"]

_FORMAT = 1

_ROW_CLASSES: dict[str, type] = {
    "actors": Actor,
    "forums": Forum,
    "memberships": Membership,
    "relations": Relation,
    "routines": Routine,
    "expectations": Expectation,
    "positions": Position,
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def map_to_json(cmap: CollaborationMap) -> str:
    """The whole map as JSON text (dataclass fields, dates as ISO ``YYYY-MM-DD``)."""
    data = {name: _jsonable(dataclasses.asdict(cmap)[name]) for name in _ROW_CLASSES}
    data["info"] = _jsonable(dataclasses.asdict(cmap.info))
    return json.dumps({"format": _FORMAT, "map": data}, ensure_ascii=False, sort_keys=True)


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Build a dataclass row, ignoring unknown keys and restoring tuples and dates."""
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        kind = str(f.type)
        if kind.startswith("tuple") and isinstance(value, list):
            value = tuple(value)
        elif kind.startswith("date") and isinstance(value, str):
            value = date.fromisoformat(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def map_from_json(text: str) -> CollaborationMap:
    """The reverse of :func:`map_to_json`: ``map_from_json(map_to_json(m)) == m``."""
    payload = json.loads(text)
    data = payload.get("map", payload)
    tables = {
        name: tuple(_from_dict(cls, row) for row in data.get(name, ()))
        for name, cls in _ROW_CLASSES.items()
    }
    return CollaborationMap(**tables, info=_from_dict(MapInfo, data.get("info") or {}))
