"""Pure helpers of the Kartlegging page: ids from names, table rows, notes, merging.

Nothing here imports streamlit, so it is tested directly. The page edits the map
as the loader's tables (:func:`samhandling.io.map_to_tables`), one row dict per
row, and turns them back into a map with :func:`samhandling.io.map_from_tables`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from samhandling.i18n import t
from samhandling.model import CollaborationMap

__all__ = [
    "EDITABLE",
    "KEY_COLUMNS",
    "slug_id",
    "taken_ids",
    "plain",
    "records",
    "same_rows",
    "merge_tables",
    "describe_change",
]

# The tables edited on the Kartlegging page, in the order shown.
EDITABLE: tuple[str, ...] = ("aktører", "fora", "deltakelse", "relasjoner", "rutiner", "forventninger", "om")

# What identifies a row of each table (used to merge one person's edit onto another's).
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "aktører": ("id",),
    "fora": ("id",),
    "deltakelse": ("forum", "aktør"),
    "relasjoner": ("fra", "til", "type"),
    "rutiner": ("id",),
    "forventninger": ("a", "b"),
    "om": (),
}

_NOT_ID = re.compile(r"[^\w.]+", re.UNICODE)


def slug_id(name: str, taken: Iterable[str] = ()) -> str:
    """A readable, unique id made from ``name``: ``"PPT Siljan"`` -> ``ppt-siljan``.

    Letters stay as they are (æøå and Sámi letters á č đ ŋ š ŧ ž included), other
    characters become ``-``; ``-2``, ``-3`` ... is added when the id is taken.

    >>> slug_id("Čoahkkin Guovdageainnus")
    'čoahkkin-guovdageainnus'
    >>> slug_id("PPT", taken={"ppt"})
    'ppt-2'
    """
    text = unicodedata.normalize("NFC", str(name)).strip().lower()
    slug = _NOT_ID.sub("-", text.replace("_", "-")).strip("-.") or "id"
    used = {str(x) for x in taken}
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def taken_ids(tables: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """Ids in use in the tables that hold ids (actors and forums share one id space)."""
    return {
        str(row.get("id")).strip()
        for name in ("aktører", "fora", "rutiner")
        for row in tables.get(name, [])
        if row.get("id") not in (None, "")
    }


def plain(value: Any) -> Any:
    """A cell as a plain Python value: numpy scalars unwrapped, NaN/NA -> ``None``."""
    if value is None:
        return None
    if type(value).__module__.startswith(("numpy", "pandas")):
        if hasattr(value, "item"):
            try:
                value = value.item()
            except (ValueError, TypeError):
                pass
        if type(value).__module__.startswith("pandas"):  # NA, NaT
            return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime().date()
    return value


def records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame (or a list of row dicts) as a list of plain row dicts."""
    if isinstance(frame, list):
        return [{k: plain(v) for k, v in row.items()} for row in frame]
    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _norm(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _row_norm(row: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, _norm(v)) for k, v in row.items() if _norm(v) != ""))


def same_rows(a: Iterable[Mapping[str, Any]], b: Iterable[Mapping[str, Any]]) -> bool:
    """Whether two tables hold the same rows in the same order (blank cells = missing)."""
    return [_row_norm(r) for r in a] == [_row_norm(r) for r in b]


def _key(table: str, row: Mapping[str, Any], position: int) -> tuple[str, ...]:
    columns = KEY_COLUMNS.get(table, ())
    if not columns:
        return ("#whole",)  # a one-row table such as ``om``
    key = tuple(_norm(row.get(c)) for c in columns)
    if any(part == "" for part in key):
        return ("#row", str(position))  # an unfinished row: always the user's own
    return key


def merge_tables(
    base: Mapping[str, list[dict[str, Any]]],
    mine: Mapping[str, list[dict[str, Any]]],
    theirs: Mapping[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """Apply my edit (``base`` -> ``mine``) onto someone else's newer tables ``theirs``.

    Rows are matched by :data:`KEY_COLUMNS`. Rows I added or changed are set (mine
    win where we both changed the same row), rows I deleted are deleted, and every
    other row of ``theirs`` is kept, so their change survives next to mine.
    """
    merged: dict[str, list[dict[str, Any]]] = {}
    for table in {*base, *mine, *theirs}:
        before = {_key(table, r, i): r for i, r in enumerate(base.get(table, []))}
        after = {_key(table, r, i): r for i, r in enumerate(mine.get(table, []))}
        result = {_key(table, r, i): dict(r) for i, r in enumerate(theirs.get(table, []))}
        for key in before.keys() - after.keys():
            result.pop(key, None)
        for key, row in after.items():
            if key not in before or _row_norm(before[key]) != _row_norm(row):
                if key[0] == "#row":
                    key = ("#mine", key[1])
                result[key] = dict(row)
        merged[table] = list(result.values())
    return merged


def _keyed(cmap: CollaborationMap) -> dict[str, dict[tuple[str, ...], Any]]:
    return {
        "actor": {(a.id,): a for a in cmap.actors},
        "forum": {(f.id,): f for f in cmap.forums},
        # As entered, per workshop group: a second group's view of a link is a change of its own.
        "membership": {(m.forum, m.actor, m.recorded_by): m for m in cmap.entered_memberships},
        "relation": {(r.source, r.target, r.type, r.recorded_by): r for r in cmap.entered_relations},
        "routine": {(r.id,): r for r in cmap.routines},
        "expectation": {(e.a, e.b): e for e in cmap.expectations},
    }


def _what(kind: str, key: tuple[str, ...], item: Any, cmap: CollaborationMap) -> str:
    names = {**{a.id: a.name for a in cmap.actors}, **{f.id: f.name for f in cmap.forums}}
    if kind in ("actor", "forum", "routine"):
        return t(f"ui_kartlegging.note_kinds.{kind}", name=item.name)
    if kind == "membership":
        return t("ui_kartlegging.note_kinds.membership", actor=names.get(key[1], key[1]),
                 forum=names.get(key[0], key[0]))
    if kind == "relation":
        return t("ui_kartlegging.note_kinds.relation", source=names.get(key[0], key[0]),
                 target=names.get(key[1], key[1]))
    return t("ui_kartlegging.note_kinds.expectation", a=key[0], b=key[1])


def describe_change(before: CollaborationMap, after: CollaborationMap) -> str:
    """A short Norwegian note for the history: ``La til aktør «PPT»``, or a count."""
    parts: list[str] = []
    old, new = _keyed(before), _keyed(after)
    for kind in old:
        for key in new[kind].keys() - old[kind].keys():
            parts.append(t("ui_kartlegging.note_added", what=_what(kind, key, new[kind][key], after)))
        for key in old[kind].keys() - new[kind].keys():
            parts.append(t("ui_kartlegging.note_deleted", what=_what(kind, key, old[kind][key], before)))
        for key in old[kind].keys() & new[kind].keys():
            if old[kind][key] != new[kind][key]:
                parts.append(t("ui_kartlegging.note_changed", what=_what(kind, key, new[kind][key], after)))
    if before.info != after.info:
        parts.append(t("ui_kartlegging.note_info"))
    if not parts:
        return t("ui_kartlegging.note_order")
    parts.sort()
    if len(parts) <= 3:
        return "; ".join(parts)
    return t("ui_kartlegging.note_many", count=len(parts), first="; ".join(parts[:2]))
