"""Pure helpers of the Veiviser: catalogue picks, the membership grid and progress as table rows.

The Veiviser edits the map as the Kartlegging page does, as the loader's tables
(one row dict per row, :func:`samhandling.io.map_to_tables` columns); each helper
takes the tables and returns new ones, which the page saves through its commit.
Nothing here imports streamlit, so it is tested directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from samhandling import catalogue
from samhandling.ui.editing import slug_id, taken_ids
from samhandling.vocabulary import ROLES, fold

__all__ = [
    "Tables",
    "StepStatus",
    "STEPS",
    "add_actors",
    "add_custom_actors",
    "add_forums",
    "add_custom_forums",
    "add_routines",
    "present_categories",
    "present_names",
    "grid_rows",
    "memberships_from_grid",
    "set_ladder",
    "progress",
]

Tables = dict[str, list[dict[str, Any]]]
STEPS: tuple[str, ...] = ("aktorer", "fora", "deltakelse", "stigen", "rutiner", "problemer")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _append(tables: Mapping[str, list[dict[str, Any]]], table: str, rows: Iterable[dict[str, Any]]) -> Tables:
    """``tables`` with ``rows`` added to ``table``, each given an id made from its name."""
    taken = taken_ids(tables)
    added = []
    for row in rows:
        ident = slug_id(_text(row["navn"]), taken)
        taken.add(ident)
        added.append({"id": ident, **row})
    return {**tables, table: [*tables.get(table, []), *added]}


def present_names(tables: Mapping[str, list[dict[str, Any]]], table: str) -> set[str]:
    """The folded names of ``table``'s rows (to tell what is there already)."""
    return {fold(r.get("navn") or "") for r in tables.get(table, [])}


def present_categories(tables: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """The kategori words the map's actors have."""
    return {_text(r.get("kategori")) for r in tables.get("aktører", []) if _text(r.get("kategori"))}


def _add_entries(tables: Tables, table: str, entries: Mapping[str, Any], keys: Iterable[str], lang: str) -> Tables:
    """Add the catalogue ``entries`` named by ``keys`` to ``table`` (names in ``lang``), skipping names taken."""
    seen = present_names(tables, table)
    rows = []
    for key in dict.fromkeys(keys):
        entry = entries.get(key)
        if entry is not None and fold(entry.shown_name(lang)) not in seen:
            rows.append(entry.row(lang))
            seen.add(fold(entry.shown_name(lang)))
    return _append(tables, table, rows)


def add_actors(tables: Tables, categories: Iterable[str], lang: str) -> Tables:
    """Add one actor per catalogue kategori in ``categories`` (names in ``lang``), skipping names taken."""
    return _add_entries(tables, "aktører", {a.category: a for a in catalogue.actors()}, categories, lang)


def _lines(text: str) -> list[str]:
    return list(dict.fromkeys(line.strip() for line in text.replace(";", "\n").splitlines() if line.strip()))


def add_custom_actors(tables: Tables, text: str, lang: str) -> Tables:
    """Add the actors named in ``text``, one a line; a name that is a catalogue name or kategori gets its values.

    >>> [r.get("kategori", "") for r in add_custom_actors({}, "PPT\\nMOT-coach", "nb")["aktører"]]
    ['ppt', '']
    """
    known = {}
    for entry in catalogue.actors():
        for word in (entry.category, entry.name, entry.name_nn):
            known.setdefault(fold(word), entry)
    seen = present_names(tables, "aktører")
    rows = []
    for name in _lines(text):
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        entry = known.get(fold(name))
        rows.append({**entry.row(lang), "navn": name} if entry else {"navn": name, "type": "tjeneste"})
    return _append(tables, "aktører", rows)


def add_forums(tables: Tables, keys: Iterable[str], lang: str) -> Tables:
    """Add one forum per catalogue key in ``keys`` (names in ``lang``), skipping names taken."""
    return _add_entries(tables, "fora", {f.key: f for f in catalogue.forums()}, keys, lang)


def add_custom_forums(tables: Tables, text: str) -> Tables:
    """Add the forums named in ``text``, one a line (the format's defaults for the rest)."""
    seen = present_names(tables, "fora")
    return _append(tables, "fora", [{"navn": n} for n in _lines(text) if fold(n) not in seen])


def add_routines(tables: Tables, keys: Iterable[str], custom: str, status: str, lang: str) -> Tables:
    """Add catalogue routines (``keys``) and routines named in ``custom``, all with ``status``."""
    by_key = {r.key: r for r in catalogue.routines()}
    seen = present_names(tables, "rutiner")
    rows = []
    wanted = [(by_key[k].shown_name(lang), by_key[k].type) for k in dict.fromkeys(keys) if k in by_key]
    for name, kind in [*wanted, *((n, "rutine") for n in _lines(custom))]:
        if fold(name) not in seen:
            seen.add(fold(name))
            rows.append({"navn": name, "type": kind, "status": status})
    return _append(tables, "rutiner", rows)


def grid_rows(tables: Mapping[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    """One row per actor: ``{"aktør": id, <forum id>: role or ""}`` from ``deltakelse``."""
    roles = {(_text(m.get("forum")), _text(m.get("aktør"))): _text(m.get("rolle")) or "fast"
             for m in tables.get("deltakelse", [])}
    forums = [_text(f.get("id")) for f in tables.get("fora", [])]
    return [
        {"aktør": _text(a.get("id")), **{f: roles.get((f, _text(a.get("id"))), "") for f in forums}}
        for a in tables.get("aktører", [])
    ]


def memberships_from_grid(tables: Tables, grid: Iterable[Mapping[str, Any]]) -> Tables:
    """``tables`` with ``deltakelse`` as the grid says (a role per actor and forum; empty: not a member).

    Other columns of a membership that stays (who entered it, say) are kept, and a
    forum without a ``leder`` gets the first actor the grid makes its leader.
    """
    forums = [_text(f.get("id")) for f in tables.get("fora", [])]
    old = {(_text(m.get("forum")), _text(m.get("aktør"))): m for m in tables.get("deltakelse", [])}
    chosen: dict[tuple[str, str], str] = {}
    for row in grid:
        actor = _text(row.get("aktør"))
        for forum in forums:
            role = _text(row.get(forum))
            if actor and role in ROLES:
                chosen[(forum, actor)] = role
    rows = [{**old.get(key, {}), "forum": key[0], "aktør": key[1], "rolle": role}
            for key, role in sorted(chosen.items(), key=lambda kv: (forums.index(kv[0][0]), kv[0][1]))]
    leaders = {}
    for (forum, actor), role in chosen.items():
        if role == "leder":
            leaders.setdefault(forum, actor)
    fora = [{**f, "leder": leaders[_text(f.get("id"))]}
            if not _text(f.get("leder")) and _text(f.get("id")) in leaders else f
            for f in tables.get("fora", [])]
    return {**tables, "deltakelse": rows, "fora": fora}


def set_ladder(tables: Tables, forum_id: str, bti_level: str, forwards_to: Iterable[str]) -> Tables:
    """``tables`` with forum ``forum_id``'s ``bti_nivå`` and ``videre_til`` (ids, ``;``-joined) set."""
    targets = ";".join(f for f in dict.fromkeys(forwards_to) if f and f != forum_id)
    fora = [{**f, "bti_nivå": bti_level, "videre_til": targets} if _text(f.get("id")) == forum_id else f
            for f in tables.get("fora", [])]
    return {**tables, "fora": fora}


@dataclass(frozen=True)
class StepStatus:
    """How far one step is: ``done`` of ``total`` things, and whether the step counts as finished."""

    step: str
    done: int
    total: int
    finished: bool


def progress(tables: Mapping[str, list[dict[str, Any]]], problems: int = 0) -> tuple[StepStatus, ...]:
    """The state of every step: actors, forums, forums with members, forums on the ladder, routines, problems."""
    actors = tables.get("aktører", [])
    forums = tables.get("fora", [])
    with_members = {_text(m.get("forum")) for m in tables.get("deltakelse", [])}
    seated = sum(1 for f in forums if _text(f.get("id")) in with_members)
    laddered = sum(1 for f in forums if _text(f.get("bti_nivå")))
    routines = tables.get("rutiner", [])
    return (
        StepStatus("aktorer", len(actors), len(actors), bool(actors)),
        StepStatus("fora", len(forums), len(forums), bool(forums)),
        StepStatus("deltakelse", seated, len(forums), bool(forums) and seated == len(forums)),
        StepStatus("stigen", laddered, len(forums), bool(forums) and laddered == len(forums)),
        StepStatus("rutiner", len(routines), len(routines), bool(routines)),
        StepStatus("problemer", problems, problems, bool(actors) and bool(forums)),
    )
