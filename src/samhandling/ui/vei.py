"""The Veien videre page: where a concern about a child goes on the BTI ladder, and where it stops.

The path is :func:`samhandling.analysis.pathway.find_pathway`'s; the sentences are
:mod:`samhandling.analysis.pathway_text`'s; every name from the map is shown as plain text.
"""

from __future__ import annotations

import streamlit as st

from samhandling import maps
from samhandling.analysis.dead_ends import starts_present
from samhandling.analysis.findings import actor_name, forum_name
from samhandling.analysis.pathway import Pathway, find_pathway, has_ladder
from samhandling.analysis.pathway_text import level_text, member_names, stop_text
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.ui import state
from samhandling.ui.components import network_map, plain
from samhandling.vocabulary import label

__all__ = ["page", "start_options"]

_KIND = "kategori:"
_ACTOR = "aktør:"


def start_options(cmap: CollaborationMap) -> list[str]:
    """The starts to pick from: the typical kinds of service in the map, then every actor by name."""
    kinds = [_KIND + k for k in starts_present(cmap)]
    actors = sorted(cmap.actors, key=lambda a: (a.name or a.id).casefold())
    return kinds + [_ACTOR + a.id for a in actors]


def _option_label(cmap: CollaborationMap, option: str) -> str:
    if option.startswith(_KIND):
        return t("ui_vei.kind_option", label=label("category", option[len(_KIND):]))
    actor_id = option[len(_ACTOR):]
    return actor_name(cmap.actor_by_id.get(actor_id), actor_id)


def page() -> None:
    """Draw the Veien videre page."""
    st.title(t("ui_vei.title"))
    name = state.current_name()
    if name is None:
        st.info(t("ui_vei.no_map"))
        return
    cmap = state.current_map()
    st.caption(t("ui_vei.intro"))
    if not has_ladder(cmap):
        st.info(t("ui_vei.no_ladder"))
    options = start_options(cmap)
    if not options:
        st.info(t("ui_vei.no_actors"))
        return
    left, middle, right = st.columns([2, 2, 1])
    choice = left.selectbox(t("ui_vei.start"), options, key="vei.start", help=t("ui_vei.start_help"),
                            format_func=lambda o: _option_label(cmap, o))
    age = middle.slider(t("ui_vei.age"), 0, 24, 4, key="vei.age")
    theme = right.text_input(t("ui_vei.theme"), key="vei.theme", help=t("ui_vei.theme_help")).strip()
    start = choice.split(":", 1)[1]
    path = find_pathway(cmap, start, int(age), theme)

    st.subheader(t("ui_vei.path_heading"))
    for number, step in enumerate(path.steps, 1):
        forum = forum_name(cmap.forum_by_id.get(step.forum), step.forum)
        arrow = str(t(f"findings.pathway.arrow_{step.via}")).strip().capitalize()
        st.markdown(t(
            "ui_vei.step", n=number, arrow=plain(arrow) + " " if arrow else "", forum=plain(forum),
            level=plain(level_text(step.level)), frequency=plain(label("frequency", step.frequency).lower()),
        ))
        members = member_names(cmap, step)
        st.caption(t("ui_vei.members", names=plain(members)) if members else t("ui_vei.nobody"))
    if not path.dead_end and (path.top_level or 0) >= 3:
        st.success(t("ui_vei.reached"))
    elif not path.dead_end:
        coordinator = actor_name(cmap.actor_by_id.get(path.coordinator), path.coordinator)
        st.success(t("ui_vei.coordinator", name=plain(coordinator)))
    else:
        st.warning(t("ui_vei.dead_end"))
    st.subheader(t("ui_vei.stops_heading"))
    if path.stops:
        st.markdown("\n".join("- " + plain(stop_text(cmap, path, stop)) for stop in path.stops))
    else:
        st.caption(t("ui_vei.no_stops"))
    _path_map(cmap, name, path)


def _path_map(cmap: CollaborationMap, name: str, path: Pathway) -> None:
    st.subheader(t("ui_vei.map_heading"))
    st.caption(t("ui_vei.map_caption"))
    highlight = set(path.actors) | {s.forum for s in path.steps}
    # The same picture as on the Kart and Funn pages: share their positions.
    positions = st.session_state.setdefault("kart.positions", {}).setdefault((name, "two_mode"), {})
    elements = maps.map_elements(
        cmap, view="two_mode", analysis=state.current_analysis(), highlight=highlight, positions=positions,
        group_above=300,
    )
    positions.update(elements.positions)
    network_map(
        elements.nodes,
        elements.edges,
        key="vei.network",
        legend=elements.legend,
        height=560,
        view_key=repr((name, path.start, path.age, path.theme)),
        fit_nodes=highlight,
    )
