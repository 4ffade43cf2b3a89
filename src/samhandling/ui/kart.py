"""The Kart page: the interactive map of the selected collaboration map.

The map panel is one ``@st.fragment``: clicking a node, dragging one or changing
a filter reruns only that panel. Positions are computed in Python and kept per map
and view in session state (with the user's drags), so reruns and small edits do not
make the picture jump. A click selects a node; the panel on the right then shows
its forums with roles, its relations and the findings about it
(:mod:`samhandling.ui.kart_panel`).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from samhandling import maps
from samhandling.i18n import language, t
from samhandling.model import CollaborationMap, Position
from samhandling.store import StoreError
from samhandling.ui import map_first, state
from samhandling.ui.components import network_map, plain
from samhandling.ui.kart_controls import (
    FILTERS_KEY,
    FOCUS_LIST_MAX,
    NET_KEY,
    Controls,
    chosen,
    draw_controls,
    map_filters,
    node_names,
)
from samhandling.ui.kart_export import export_buttons
from samhandling.ui.kart_panel import GROUP_PREFIX, details_panel, neighbours
from samhandling.ui.kart_present import MAP_BOX, page_style, presentation_switch, presenting
from samhandling.ui.kart_table import map_tables

__all__ = [
    "page", "map_panel", "warm_up", "NET_KEY", "FILTERS_KEY", "FOCUS_LIST_MAX", "GROUP_ABOVE", "MAP_HEIGHT",
    "PRESENT_HEIGHT",
]

GROUP_ABOVE = maps.GROUP_ABOVE  # above this many visible nodes the map opens grouped (issue 10)
MAP_HEIGHT = 600
PRESENT_ASPECT = 2.0  # width:height of the Presentasjon frame below title and legend (1280×720, 1440×900)
PRESENT_HEIGHT = 1600  # Presentasjon: as tall as the window lets it (the component fits it to the window)
_POSITIONS = "kart.positions"  # {(map name, view): {node id: (x, y)}}
_EXPANDED = "kart.expanded"  # {map name: [group ids opened by a click]}
_REDRAWN = "kart.redrawn"  # the controls a rerun was made for (see map_panel)


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
    alone = not presenting() and map_first.begin()
    map_panel(name)
    if not alone:
        with switch:  # drawn after the map (its place is above it): see map_panel
            presentation_switch()



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
        filters=map_filters(controls),
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
        _cmap, view=_controls.view, analysis=_analysis, size_by=_controls.size_by, filters=map_filters(_controls),
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
    known = set(node_names(cmap))
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
        "filters": map_filters(controls),
        "group_above": GROUP_ABOVE,
        "expand": frozenset(st.session_state.setdefault(_EXPANDED, {}).setdefault(name, [])),
    }


@st.fragment
def map_panel(name: str) -> None:
    """The map with its controls and the details panel (reruns on its own).

    In Presentasjon the map comes first, full width; the controls and the panel follow below it.
    In the workshop layout the controls are above the map, but drawn after it: their values
    are read from the session first (:func:`chosen`), so the map is what the browser
    receives, loads the code of and draws first. A rerun of the panel alone (a click) reads
    the store once, as a run of the whole page does (:func:`state.reading`).
    """
    with state.reading():
        _map_panel(name)


def _map_panel(name: str) -> None:
    alone = map_first.alone()
    if not alone:
        # The map's report that it is drawn (or any rerun of this part before it) brings the
        # whole page, once: before anything here is sent again, so the map is not sent twice.
        map_first.map_drawn()
    cmap = state.current_map()
    analysis = state.current_analysis()
    present = presenting()
    controls = chosen(cmap)  # the widgets are drawn after the map, in the box above it
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
    highlight = neighbours(cmap, selected, controls.view) if selected in node_names(cmap) else set()
    elements = _elements(cmap, analysis, controls, name, highlight)

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
        if event.dragged:
            positions = st.session_state[_POSITIONS][_layout_key(name, controls.view)]
            positions.update(event.dragged)
            _save_layout(name, cmap, {**elements.positions, **event.dragged})
        if controls.focus and not any(node.get("id") == controls.focus for node in elements.nodes):
            st.warning(t("ui_kart.focus.hidden", name=node_names(cmap).get(controls.focus, controls.focus)))
        if elements.caption:
            st.caption(plain(elements.caption))
        st.caption(t("ui_kart.counts", nodes=len(elements.nodes), edges=len(elements.edges)))
    if alone:  # the controls' place is held (kart_present: min-height); an empty box is not drawn
        controls_box.markdown("")
        return
    with controls_box:
        drawn = draw_controls(cmap)
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
