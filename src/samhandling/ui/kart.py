"""The Kart page: the interactive map of the selected collaboration map.

The map panel is one ``@st.fragment``: clicking a node, dragging one or changing
a filter reruns only that panel. Positions are computed in Python and kept per map
and view in session state (with the user's drags), so reruns and small edits do not
make the picture jump. A click selects a node; the panel on the right then shows
its forums with roles, its relations and the findings about it
(:mod:`samhandling.ui.kart_panel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from samhandling import maps
from samhandling.i18n import language, t
from samhandling.model import CollaborationMap, Position
from samhandling.store import StoreError
from samhandling.ui import map_first, state
from samhandling.ui.components import network_map, plain
from samhandling.ui.kart_export import export_buttons
from samhandling.ui.kart_panel import GROUP_PREFIX, details_panel, neighbours
from samhandling.ui.kart_present import MAP_BOX, page_style, presentation_switch, presenting
from samhandling.ui.kart_table import map_tables
from samhandling.vocabulary import FORUM_TYPES, LEVELS, SECTORS, label

__all__ = [
    "page", "map_panel", "warm_up", "NET_KEY", "FILTERS_KEY", "FOCUS_LIST_MAX", "GROUP_ABOVE", "MAP_HEIGHT",
    "PRESENT_HEIGHT",
]

NET_KEY = "kart.network"  # the map component's key; its state holds {"selected": node id}
GROUP_ABOVE = maps.GROUP_ABOVE  # above this many visible nodes the map opens grouped (issue 10)
MAP_HEIGHT = 600
PRESENT_ASPECT = 2.0  # width:height of the Presentasjon frame below title and legend (1280×720, 1440×900)
PRESENT_HEIGHT = 1600  # Presentasjon: as tall as the window lets it (the component fits it to the window)
_POSITIONS = "kart.positions"  # {(map name, view): {node id: (x, y)}}
_EXPANDED = "kart.expanded"  # {map name: [group ids opened by a click]}
_FOCUS = "kart.focus"
FOCUS_LIST_MAX = 300  # above this many actors and forums, the focus is a search field, not a list
_QUERY = "kart.focus.query"  # the search field of a big map
_FOUND = "kart.focus.found"  # ... what it found (the focus)
_PICK = "kart.focus.pick"  # ... the short list of several matches
_PICK_MAX = 50
_REDRAWN = "kart.redrawn"  # the controls a rerun was made for (see map_panel)
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


def page() -> None:
    """Draw the Kart page (the workshop layout, or Presentasjon for a projector)."""
    cmap = state.current_map()
    name = state.current_name()
    title = cmap.info.title.strip() or name
    page_style(presenting())
    with st.container(key="kart-head"):
        head, switch = st.columns([5, 1.1], vertical_alignment="center")
        # How to use the map sits behind the title's "?", so the map starts high on a projector.
        head.title(plain(title) if title else t("ui_kart.title"), help=t("ui_kart.intro"))
    if name is None:
        st.info(t("ui_kart.no_map"))
        return
    if not cmap.actors:
        st.info(t("ui_kart.empty_map"))
        return
    # A browser's first look: the map alone, the rest once it is drawn. Not in Presentasjon,
    # whose map is fitted to the window once: the page must not move under it.
    if not presenting() and map_first.begin():
        map_panel(name)
        return
    map_panel(name)
    with switch:  # drawn after the map (its place is above it): see map_panel
        presentation_switch()


def _node_names(cmap: CollaborationMap) -> dict[str, str]:
    names = {a.id: a.name for a in cmap.actors}
    names.update({f.id: f.name for f in cmap.forums})
    return names


_VIEWS = ("two_mode", "actors")
_SIZES = ("connections", "hours", "betweenness", "influence")
_AGES = (0, 24)


def _chosen(cmap: CollaborationMap) -> Controls:
    """What the controls say, read from the session before they are drawn.

    The map is drawn before its controls (they take their place above it): a browser
    then fetches the map's code first, not after the code of six kinds of widget.
    Every value is the widget's own (a widget keeps its value under its key), or its
    default on the first run, and only what the widget can show.
    """
    get = st.session_state.get
    names = _node_names(cmap)
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


def _controls(cmap: CollaborationMap) -> Controls:
    names = _node_names(cmap)
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

    def chosen(key: str, options: list[str]) -> list[str]:
        return [v for v in kept[key] if v in options]

    with box:
        row = st.columns(3)
        sectors = row[0].multiselect(
            t("ui_kart.filters.sector"), sectors_here, default=chosen("kart.f_sector", sectors_here),
            format_func=lambda s: label("sector", s), placeholder=t("ui_kart.filters.all"), key="kart.f_sector",
        )
        levels = ["", *LEVELS]
        level = row[1].selectbox(
            t("ui_kart.filters.level"), levels, index=levels.index(kept["kart.f_level"] or ""),
            format_func=lambda v: label("level", v) if v else t("ui_kart.filters.all"), key="kart.f_level",
        )
        forum_types = row[2].multiselect(
            t("ui_kart.filters.forum_type"), types_here, default=chosen("kart.f_type", types_here),
            format_func=lambda v: label("forum_type", v), placeholder=t("ui_kart.filters.all"), key="kart.f_type",
        )
        row = st.columns(3)
        picked_municipalities = row[0].multiselect(
            t("ui_kart.filters.municipality"), municipalities, default=chosen("kart.f_municipality", municipalities),
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


def _filters(controls: Controls) -> maps.MapFilters:
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


def _elements(
    cmap: CollaborationMap, analysis: Any, controls: Controls, name: str, highlight: set[str]
) -> maps.MapElements:
    positions = st.session_state.setdefault(_POSITIONS, {}).setdefault(_layout_key(name, controls.view), {})
    expanded = st.session_state.setdefault(_EXPANDED, {}).setdefault(name, [])
    shared = state.shared_key()
    if not positions and not expanded and not highlight and shared is not None:
        # A visitor's first picture of a revision: laid out once for every session.
        practice = bool(st.session_state.get(state.PRACTICE_KEY, False))  # which analysis sized the nodes
        # The picture's texts (tooltips, legend) are in the session's language.
        parts = (controls, practice, language(), "present") if presenting() else (controls, practice, language())
        key = repr(parts)
        elements = _first_picture(*shared, key, _cmap=cmap, _analysis=analysis, _controls=controls)
        positions.update(elements.positions)
        return elements
    elements = maps.map_elements(
        cmap,
        view=controls.view,
        analysis=analysis,
        size_by=controls.size_by,
        highlight=highlight,
        positions=positions,
        filters=_filters(controls),
        group_above=GROUP_ABOVE,
        expand=frozenset(expanded),
        aspect=PRESENT_ASPECT if presenting() else None,
    )
    positions.update(elements.positions)
    return elements


@st.cache_resource(max_entries=state.SHARED_ENTRIES * 2, show_spinner=False)
def _first_picture(
    path: str, name: str, revision: int, saved_at: str, controls_key: str, *, _cmap: CollaborationMap,
    _analysis: Any, _controls: Controls
) -> maps.MapElements:
    """The picture with no positions, highlight or open group yet, shared by every session.

    Keyed by the revision and the controls (their ``repr``); the ``_`` arguments are
    what it is drawn from (not hashed: they follow from the key).
    """
    return maps.map_elements(
        _cmap, view=_controls.view, analysis=_analysis, size_by=_controls.size_by, filters=_filters(_controls),
        group_above=GROUP_ABOVE, aspect=PRESENT_ASPECT if controls_key.endswith("'present')") else None,
    )


def warm_up(shared: tuple[str, str, int, str], cmap: CollaborationMap, analysis: Any) -> None:
    """The first picture of the default view (no control touched), drawn at server start by ``app.py``."""
    controls = Controls("two_mode", "connections", None, 1, (), (), None, (), (0, 24), True)
    _first_picture(*shared, repr((controls, False, language())), _cmap=cmap, _analysis=analysis, _controls=controls)


def _open_group(name: str, selected: object) -> None:
    """A click on a group node opens that group (kept per map until collapsed)."""
    if isinstance(selected, str) and selected.startswith(GROUP_PREFIX):
        expanded = st.session_state.setdefault(_EXPANDED, {}).setdefault(name, [])
        if selected not in expanded:
            expanded.append(selected)


def _collapse_groups(name: str) -> None:
    st.session_state.setdefault(_EXPANDED, {}).pop(name, None)
    st.session_state[NET_KEY] = {"selected": None}


def _save_layout(name: str, cmap: CollaborationMap, placed: dict[str, tuple[float, float]]) -> None:
    """Keep where the room put the nodes as part of the map (a new revision, table ``posisjoner``).

    Every later view, the HTML export, the brief and the GraphML/GEXF export use it.
    """
    known = set(_node_names(cmap))
    layout = dict(cmap.position_by_id)
    layout.update({node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items() if node in known})
    if layout == cmap.position_by_id:
        return
    rows = tuple(Position(node, x, y) for node, (x, y) in sorted(layout.items()))
    try:
        state.store().save(name, cmap.with_changes(positions=rows), state.current_revision(),
                           t("ui_kart.layout_saved"))
    except StoreError as error:  # someone saved first: the drag stays in this session only
        st.toast(str(error))
        return
    st.rerun()  # the whole page: the sidebar shows the new revision (the map keeps its zoom)


def _layout_key(name: str, view: str) -> tuple[str, ...]:
    """Where this session keeps the positions of a view. The Presentasjon frame is wider
    (``PRESENT_ASPECT``), so a fresh layout there is packed for it under its own key;
    dragged positions are saved with the map and shared by both."""
    return (name, view, "present") if presenting() else (name, view)


def _reset_layout(name: str, view: str) -> None:
    st.session_state.setdefault(_POSITIONS, {}).pop((name, view), None)
    st.session_state[_POSITIONS].pop((name, view, "present"), None)
    _collapse_groups(name)
    cmap = state.current_map()
    if cmap.positions:  # "draw again" also forgets the layout saved with the map
        try:
            state.store().save(name, cmap.with_changes(positions=()), state.current_revision(),
                               t("ui_kart.layout_cleared"))
        except StoreError as error:
            st.toast(str(error))


def _picture(cmap: CollaborationMap, analysis: Any, controls: Controls, name: str) -> dict[str, Any]:
    """The ``map_elements`` arguments of what the map shows (without a selection's highlight)."""
    return {
        "view": controls.view,
        "analysis": analysis,
        "size_by": controls.size_by,
        "positions": st.session_state.setdefault(_POSITIONS, {}).setdefault(_layout_key(name, controls.view), {}),
        "filters": _filters(controls),
        "group_above": GROUP_ABOVE,
        "expand": frozenset(st.session_state.setdefault(_EXPANDED, {}).setdefault(name, [])),
    }


@st.fragment
def map_panel(name: str) -> None:
    """The map with its controls and the details panel (reruns on its own).

    In Presentasjon the map comes first, full width; the controls and the panel follow below it.
    In the workshop layout the controls are above the map, but drawn after it: their values
    are read from the session first (:func:`_chosen`), so the map is what the browser
    receives, loads the code of and draws first.
    """
    cmap = state.current_map()
    analysis = state.current_analysis()
    present = presenting()
    controls = _chosen(cmap)  # the widgets are drawn after the map, in the box above it
    if present:  # the map first; the controls, the panel and the rest below it
        map_box = st.container(key=MAP_BOX)
        controls_box = st.container(key="kart-controls")
        below = st.columns([1.25, 2], gap="large")
        panel_box = below[0]
    else:
        controls_box = st.container(key="kart-controls")
        left, panel_box = st.columns([3.3, 1.2], gap="medium")
        map_box = left.container(key=MAP_BOX)
    selected = (st.session_state.get(NET_KEY) or {}).get("selected")
    _open_group(name, selected)
    highlight = neighbours(cmap, selected, controls.view) if selected in _node_names(cmap) else set()
    elements = _elements(cmap, analysis, controls, name, highlight)
    alone = map_first.alone()

    with map_box:
        view_key = repr((name, controls, present))
        event = network_map(
            elements.nodes,
            elements.edges,
            key=NET_KEY,
            legend=elements.legend,
            height=PRESENT_HEIGHT if present else MAP_HEIGHT,
            view_key=view_key,
            selected=selected,
            report_drawn=alone,
        )
        if not alone:  # the map's report that it is drawn (or any later run) brings the rest, once
            map_first.map_drawn()
        if event.dragged:
            positions = st.session_state[_POSITIONS][_layout_key(name, controls.view)]
            positions.update(event.dragged)
            _save_layout(name, cmap, {**elements.positions, **event.dragged})
        if controls.focus and not any(node.get("id") == controls.focus for node in elements.nodes):
            st.warning(t("ui_kart.focus.hidden", name=_node_names(cmap).get(controls.focus, controls.focus)))
        if elements.caption:
            st.caption(plain(elements.caption))
        st.caption(t("ui_kart.counts", nodes=len(elements.nodes), edges=len(elements.edges)))
    if alone:  # the controls' place is held (kart_present: min-height); an empty box is not drawn
        controls_box.markdown("")
        return
    with controls_box:
        drawn = _controls(cmap)
    if drawn != controls and st.session_state.get(_REDRAWN) != repr(drawn):
        # Only if a widget refused a value read before it: draw once more what it shows.
        st.session_state[_REDRAWN] = repr(drawn)
        st.rerun()
    with (below[1] if present else map_box):
        title = cmap.info.title.strip() or name
        export_buttons(cmap, name, title, _picture(cmap, analysis, controls, name))
        st.button(
            t("ui_kart.reset_layout"), key="kart.reset", on_click=_reset_layout, args=(name, controls.view)
        )
        map_tables(cmap, (str(node.get("id")) for node in elements.nodes))
    with panel_box:
        details_panel(cmap, analysis, event.selected, name, _collapse_groups)
