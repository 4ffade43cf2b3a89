"""Kart's controls: view, size, focus and the filters, and what they say before they are drawn.

The map is drawn before its controls (they take their place above it, see
:func:`samhandling.ui.kart.map_panel`): :func:`chosen` reads the controls' values from the
session, :func:`draw_controls` makes the widgets. The filters' widgets exist only while their
expander is open; their values are kept in the session meanwhile. A map of more than
``FOCUS_LIST_MAX`` actors and forums gets a search field for its focus instead of a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from samhandling import maps
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.vocabulary import FORUM_TYPES, LEVELS, SECTORS, label

__all__ = [
    "Controls", "chosen", "draw_controls", "map_filters", "node_names", "NET_KEY", "FILTERS_KEY", "FOCUS_LIST_MAX",
]

NET_KEY = "kart.network"  # the map component's key; its state holds {"selected": node id}
_FOCUS = "kart.focus"
FOCUS_LIST_MAX = 300  # above this many actors and forums, the focus is a search field, not a list
_QUERY = "kart.focus.query"  # the search field of a big map
_FOUND = "kart.focus.found"  # ... what it found (the focus)
_PICK = "kart.focus.pick"  # ... the short list of several matches
_PICK_MAX = 50
FILTERS_KEY = "kart.filters"  # the filters' expander: True while it is open
_KEPT = "kart.filters.kept"  # the filters' values, kept while their widgets are not made
_FILTERS_OPEN = "kart.filters.open"  # whether the filters' expander was open in the last run
_FILTER_DEFAULTS: dict[str, Any] = {
    "kart.f_sector": [], "kart.f_level": "", "kart.f_type": [], "kart.f_municipality": [],
    "kart.f_ages": (0, 24), "kart.f_weak": True,
}


@dataclass(frozen=True)
class Controls:
    """What the user chose above the map."""

    view: str
    size_by: str
    focus: str | None
    radius: int
    sectors: tuple[str, ...]
    municipalities: tuple[str, ...]
    level: str | None
    forum_types: tuple[str, ...]
    ages: tuple[int, int]
    show_weak: bool

    def active_filters(self) -> int:
        chosen = (self.sectors, self.municipalities, self.level, self.forum_types)
        return sum(bool(c) for c in chosen) + (self.ages != (0, 24)) + (not self.show_weak)


def node_names(cmap: CollaborationMap) -> dict[str, str]:
    names = {a.id: a.name for a in cmap.actors}
    names.update({f.id: f.name for f in cmap.forums})
    return names


_VIEWS = ("two_mode", "actors")
_SIZES = ("connections", "hours", "betweenness", "influence")
_AGES = (0, 24)


def chosen(cmap: CollaborationMap) -> Controls:
    """What the controls say, read from the session before they are drawn.

    The map is drawn before its controls (they take their place above it): a browser
    then fetches the map's code first, not after the code of six kinds of widget.
    Every value is the widget's own (a widget keeps its value under its key), or its
    default on the first run, and only what the widget can show.
    """
    get = st.session_state.get
    names = node_names(cmap)
    if get(_FOCUS) not in names:
        st.session_state.pop(_FOCUS, None)
    if get(_FOUND) not in names:
        st.session_state.pop(_FOUND, None)
    view = get("kart.view") or "two_mode"
    size_by = get("kart.size_by") or "connections"
    radius = get("kart.radius") or 1
    current = {key: _filter_value(key) for key in _FILTER_DEFAULTS}
    return Controls(
        view=view if view in _VIEWS else "two_mode",
        size_by=size_by if size_by in _SIZES else "connections",
        focus=get(_FOCUS) if len(names) <= FOCUS_LIST_MAX else get(_FOUND),
        radius=int(radius) if isinstance(radius, int) and 1 <= radius <= 4 else 1,
        **_filters_kept(cmap, current),
    )


def draw_controls(cmap: CollaborationMap) -> Controls:
    names = node_names(cmap)
    top = st.columns([1.45, 1.2, 1.65, 0.95])
    view = top[0].segmented_control(
        t("ui_kart.view.label"),
        list(_VIEWS),
        default="two_mode",
        format_func=lambda v: t(f"ui_kart.view.{v}"),
        key="kart.view",
    ) or "two_mode"
    size_by = top[1].selectbox(
        t("ui_kart.size_by.label"),
        list(_SIZES),
        format_func=lambda v: t(f"ui_kart.size_by.{v}"),
        key="kart.size_by",
    )
    with top[2]:
        focus = _focus_list(names) if len(names) <= FOCUS_LIST_MAX else _focus_search(names)
    radius = top[3].number_input(
        t("ui_kart.focus.radius"), 1, 4, 1, key="kart.radius", disabled=focus is None
    )

    filters = _filter_widgets(cmap)
    return Controls(view=view, size_by=size_by, focus=focus, radius=int(radius), **filters)


def _filter_value(key: str) -> Any:
    """A filter's value: its widget's while the filters are open, else the one kept for it."""
    if key in st.session_state:
        return st.session_state[key]
    return st.session_state.get(_KEPT, {}).get(key, _FILTER_DEFAULTS[key])


def _filter_widgets(cmap: CollaborationMap) -> dict[str, Any]:
    """The filters, in an expander whose widgets are made only while it is open.

    A closed expander costs a browser nothing (no multiselect, slider or toggle code to
    fetch before the map). The values are kept in the session while it is closed, and
    its heading says how many filters are on.
    """
    active = _active_filters()
    heading = t("ui_kart.filters.active", count=active) if active else t("ui_kart.filters.heading")
    # The heading is part of the expander's identity: when the count changes it is a new
    # expander, opened as the last one was.
    was_open = bool(st.session_state.get(_FILTERS_OPEN, False))
    box = st.expander(heading, expanded=was_open, key=FILTERS_KEY, on_change="rerun")
    st.session_state[_FILTERS_OPEN] = bool(box.open)
    kept = st.session_state.setdefault(_KEPT, dict(_FILTER_DEFAULTS))
    if not box.open:
        return _filters_kept(cmap, kept)
    municipalities = sorted({a.municipality for a in cmap.actors if a.municipality})
    sectors_here = [s for s in SECTORS if any(a.sector == s for a in cmap.actors)]
    types_here = [ft for ft in FORUM_TYPES if any(f.type == ft for f in cmap.forums)]

    def kept_in(key: str, options: list[str]) -> list[str]:
        return [v for v in kept[key] if v in options]

    with box:
        row = st.columns(3)
        sectors = row[0].multiselect(
            t("ui_kart.filters.sector"), sectors_here, default=kept_in("kart.f_sector", sectors_here),
            format_func=lambda s: label("sector", s), placeholder=t("ui_kart.filters.all"), key="kart.f_sector",
        )
        levels = ["", *LEVELS]
        level = row[1].selectbox(
            t("ui_kart.filters.level"), levels, index=levels.index(kept["kart.f_level"] or ""),
            format_func=lambda v: label("level", v) if v else t("ui_kart.filters.all"), key="kart.f_level",
        )
        forum_types = row[2].multiselect(
            t("ui_kart.filters.forum_type"), types_here, default=kept_in("kart.f_type", types_here),
            format_func=lambda v: label("forum_type", v), placeholder=t("ui_kart.filters.all"), key="kart.f_type",
        )
        row = st.columns(3)
        picked_municipalities = row[0].multiselect(
            t("ui_kart.filters.municipality"), municipalities, default=kept_in("kart.f_municipality", municipalities),
            placeholder=t("ui_kart.filters.all"), key="kart.f_municipality", disabled=not municipalities,
        )
        ages = row[1].slider(t("ui_kart.filters.ages"), 0, 24, tuple(kept["kart.f_ages"]), key="kart.f_ages")
        show_weak = row[2].toggle(t("ui_kart.filters.show_weak"), value=kept["kart.f_weak"], key="kart.f_weak")
    kept.update({
        "kart.f_sector": list(sectors), "kart.f_level": level or "", "kart.f_type": list(forum_types),
        "kart.f_municipality": list(picked_municipalities), "kart.f_ages": (int(ages[0]), int(ages[1])),
        "kart.f_weak": bool(show_weak),
    })
    return _filters_kept(cmap, kept)


def _filters_kept(cmap: CollaborationMap, kept: dict[str, Any]) -> dict[str, Any]:
    municipalities = {a.municipality for a in cmap.actors if a.municipality}
    ages = tuple(kept["kart.f_ages"])
    return {
        "sectors": tuple(s for s in kept["kart.f_sector"] if s in SECTORS),
        "municipalities": tuple(m for m in kept["kart.f_municipality"] if m in municipalities),
        "level": kept["kart.f_level"] if kept["kart.f_level"] in LEVELS else None,
        "forum_types": tuple(f for f in kept["kart.f_type"] if f in FORUM_TYPES),
        "ages": (int(ages[0]), int(ages[1])) if len(ages) == 2 else _AGES,
        "show_weak": kept["kart.f_weak"] is not False,
    }


def _active_filters() -> int:
    """How many filters are on, read before the (collapsed) expander is drawn."""
    get = _filter_value
    chosen = (get("kart.f_sector"), get("kart.f_municipality"), get("kart.f_level"), get("kart.f_type"))
    ages = tuple(get("kart.f_ages") or _AGES)
    return sum(bool(c) for c in chosen) + (ages != _AGES) + (get("kart.f_weak") is False)


def _focus_list(names: dict[str, str]) -> str | None:
    """A list of every actor and forum to search in and pick from (a map of up to FOCUS_LIST_MAX)."""
    options = sorted(names, key=lambda i: (names[i].casefold(), i))
    if st.session_state.get(_FOCUS) not in names:
        st.session_state.pop(_FOCUS, None)
    return st.selectbox(
        t("ui_kart.focus.label"),
        options,
        index=None,
        format_func=lambda i: names.get(i, i),
        placeholder=t("ui_kart.focus.placeholder"),
        key=_FOCUS,
        on_change=_select_focus,
    )


def _matches(names: dict[str, str], query: str) -> list[str]:
    """The ids whose name holds ``query`` (any case): exact names first, then by name."""
    wanted = query.strip().casefold()
    if not wanted:
        return []
    found = [i for i, name in names.items() if wanted in name.casefold()]
    return sorted(found, key=lambda i: (names[i].casefold() != wanted, names[i].casefold(), i))


def _focus_search(names: dict[str, str]) -> str | None:
    """A search field for a big map: a list of thousands of names costs every visitor its load.

    Enter finds the actor or forum whose name is typed (or the one name that holds the
    text); several matches are offered in a short list to pick from.
    """
    if st.session_state.get(_FOUND) not in names:
        st.session_state.pop(_FOUND, None)
    query = st.text_input(
        t("ui_kart.focus.label"), key=_QUERY, placeholder=t("ui_kart.focus.search_placeholder"),
        on_change=_search_focus, args=(names,),
    )
    found = st.session_state.get(_FOUND)
    matches = _matches(names, query or "")
    if query and found is None:
        if not matches:
            st.caption(t("ui_kart.focus.no_match"))
        elif len(matches) > _PICK_MAX:
            st.caption(t("ui_kart.focus.too_many", count=len(matches)))
        else:
            st.selectbox(
                t("ui_kart.focus.pick", count=len(matches)), matches, index=None,
                format_func=lambda i: names.get(i, i), placeholder=t("ui_kart.focus.placeholder"),
                key=_PICK, on_change=_pick_focus,
            )
    return found


def _search_focus(names: dict[str, str]) -> None:
    """Enter in the search field: an exact name or a single match is focused (and selected)."""
    matches = _matches(names, st.session_state.get(_QUERY) or "")
    wanted = (st.session_state.get(_QUERY) or "").strip().casefold()
    exact = [i for i in matches if names[i].casefold() == wanted]
    found = exact[0] if exact else matches[0] if len(matches) == 1 else None
    st.session_state[_FOUND] = found
    st.session_state.pop(_PICK, None)
    if found:
        st.session_state[NET_KEY] = {"selected": found}


def _pick_focus() -> None:
    """A name picked among several matches is focused (and selected)."""
    found = st.session_state.get(_PICK)
    if found:
        st.session_state[_FOUND] = found
        st.session_state[NET_KEY] = {"selected": found}


def _select_focus() -> None:
    """Searching for a node also selects it, so its details show at once."""
    focus = st.session_state.get(_FOCUS)
    if focus:
        st.session_state[NET_KEY] = {"selected": focus}


def map_filters(controls: Controls) -> maps.MapFilters:
    return maps.MapFilters(
        sectors=frozenset(controls.sectors),
        municipalities=frozenset(controls.municipalities),
        level=controls.level,
        forum_types=frozenset(controls.forum_types),
        ages=None if controls.ages == (0, 24) else controls.ages,
        show_on_demand_members=controls.show_weak,
        focus=controls.focus,
        radius=controls.radius,
    )

