"""A whole :class:`~samhandling.model.CollaborationMap` as JSON text and back (the stored revision content)."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date
from functools import cache
from typing import Any

import orjson

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
    "membership_voices": Membership,  # rows of links the workshop groups see differently
    "relation_voices": Relation,
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@cache
def _float_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if "float" in str(f.type))


def _all_finite(cmap: CollaborationMap) -> bool:
    """Whether every float in the map is finite (orjson would write NaN and infinity as ``null``)."""
    for name, cls in _ROW_CLASSES.items():
        for field_name in _float_fields(cls):
            for row in getattr(cmap, name):
                value = getattr(row, field_name)
                if isinstance(value, float) and not math.isfinite(value):
                    return False
    return True


def _release_json(cmap: CollaborationMap) -> str:
    """The text every release up to 2026-12 stored (stdlib ``json``, sorted keys, ``", "`` separators)."""
    data = {name: _jsonable(dataclasses.asdict(cmap)[name]) for name in _ROW_CLASSES}
    data["info"] = _jsonable(dataclasses.asdict(cmap.info))
    return json.dumps({"format": _FORMAT, "map": data}, ensure_ascii=False, sort_keys=True)


def map_to_json(cmap: CollaborationMap) -> str:
    """The whole map as JSON text (dataclass fields, dates as ISO ``YYYY-MM-DD``).

    Every workshop save serialises the whole map, so it is written by orjson straight
    from the dataclasses (6 ms for a county map, against 1.5 s when
    ``dataclasses.asdict`` copied the map once per table; ``bench/store_save.py``).
    The JSON is the same as the releases before wrote — same keys, values and
    layout — only the whitespace differs (compact) and a row's keys come in field
    order; :func:`map_from_json` reads both, so old revisions need no migration. A
    map orjson cannot write exactly (a NaN or infinite number, text with a lone
    surrogate, an integer beyond 64 bits) is written the old way.
    """
    if _all_finite(cmap):
        tables: dict[str, Any] = {name: getattr(cmap, name) for name in _ROW_CLASSES}
        tables["info"] = cmap.info
        try:
            return orjson.dumps({"format": _FORMAT, "map": tables}, option=orjson.OPT_SORT_KEYS).decode()
        except orjson.JSONEncodeError:
            pass
    return _release_json(cmap)


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
    try:
        payload = orjson.loads(text)
    except orjson.JSONDecodeError:  # NaN or Infinity, as the stdlib wrote them
        payload = json.loads(text)
    data = payload.get("map", payload)
    tables = {
        name: tuple(_from_dict(cls, row) for row in data.get(name, ()))
        for name, cls in _ROW_CLASSES.items()
    }
    return CollaborationMap(**tables, info=_from_dict(MapInfo, data.get("info") or {}))
