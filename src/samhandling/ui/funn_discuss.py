"""The "Punkter å drøfte" section of the Funn page: links the workshop groups see differently.

A ``disagreement`` finding is not a problem to fix but a question for the room: each
card names the link, then one line per group with what it said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.ui.components import plain
from samhandling.vocabulary import label

__all__ = ["DISCUSS", "points_to_discuss"]

DISCUSS = "disagreement"  # the finding kind shown under "Punkter å drøfte", not as a problem


def node_names(cmap: CollaborationMap, ids: Iterable[str]) -> list[str]:
    """The names of actors and forums by id (an unknown id as itself)."""
    out = []
    for node_id in ids:
        node = cmap.actor_by_id.get(node_id) or cmap.forum_by_id.get(node_id)
        out.append(node.name if node is not None else node_id)
    return out


def points_to_discuss(cmap: CollaborationMap, points: list[Any], selected: str | None,
                      select: Callable[[str], None]) -> None:
    """"Punkter å drøfte": each disputed link, with every group and what it said.

    ``points`` are problems of ``disagreement`` findings; ``selected`` is the key shown on
    the map and ``select`` what "Vis i kartet" calls with a key.
    """
    st.subheader(f":violet[:material/forum:] {t('ui_funn.discuss.heading', count=len(points))}")
    st.caption(t("ui_funn.discuss.intro"))
    for problem in points:
        finding = problem.items[0]
        with st.container(border=True):
            st.markdown(f"**{plain(' – '.join(node_names(cmap, [*finding.actors, *finding.forums])))}**")
            voices = finding.details.get("voices", [])
            st.markdown("\n".join(f"- {plain(line)}" for line in _voice_lines(cmap, voices)))
            st.button(
                t("ui_funn.shown") if problem.key == selected else t("ui_funn.show"),
                key=f"funn.show.{problem.key}", on_click=select, args=(problem.key,),
                type="primary" if problem.key == selected else "secondary", icon=":material/my_location:",
            )


def _voice_lines(cmap: CollaborationMap, voices: list[dict[str, Any]]) -> list[str]:
    """One line per group: "Gruppe 1: fast medlem", "Gruppe 2: ingen kobling"."""
    out = []
    for voice in voices:
        group = voice.get("gruppe") or t("findings.disagreement.no_group")
        if not voice.get("finnes", True):
            said = t("findings.disagreement.not_member" if "rolle" in voice else "findings.disagreement.no_link")
        elif "rolle" in voice:
            said = label("role", voice["rolle"]).lower()
        else:
            said = ", ".join(
                t("findings.disagreement.formalised", type=label("relation_type", link["type"]).lower())
                if link.get("formalisert") else label("relation_type", link["type"]).lower()
                for link in voice.get("relasjoner", [])
            )
        out.append(t("ui_funn.discuss.voice", group=group, said=said))
    return out
