"""The side panel of the Kart page: what the selected actor, forum or group is, its
forums with roles, its relations and the findings about it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from samhandling.analysis.rules import readable_source
from samhandling.i18n import number, t
from samhandling.model import CollaborationMap
from samhandling.ui.components import plain, say
from samhandling.vocabulary import label

__all__ = ["details_panel", "neighbours", "GROUP_PREFIX"]

GROUP_PREFIX = "group:"
_SEVERITY_BOX = {"kritisk": st.error, "viktig": st.warning, "info": st.info}


def details_panel(
    cmap: CollaborationMap, analysis: Any, selected: str | None, name: str, on_collapse: Callable[[str], None]
) -> None:
    """The side panel for the selected node (actor, forum or group); ``on_collapse(name)`` closes groups."""
    st.subheader(t("ui_kart.panel.heading"))
    if not selected:
        st.info(t("ui_kart.panel.hint"))
        return
    if selected in cmap.actor_by_id:
        _actor_panel(cmap, analysis, selected)
    elif selected in cmap.forum_by_id:
        _forum_panel(cmap, analysis, selected)
    elif selected.startswith(GROUP_PREFIX):
        st.markdown(f"**{t('ui_kart.panel.group')}**")
        st.info(t("ui_kart.panel.group_expanded"))
        st.button(
            t("ui_kart.panel.collapse_groups"), key="kart.collapse", on_click=on_collapse, args=(name,)
        )
    else:
        st.info(t("ui_kart.panel.unknown"))


def _facts(rows: list[tuple[str, str]]) -> None:
    """Label/value lines (values may be user text, so they are escaped)."""
    st.markdown("  \n".join(f"{name}: **{plain(value)}**" for name, value in rows))


def _bullets(lines: list[str], empty: str) -> None:
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(empty)


def _name_of(cmap: CollaborationMap, node_id: str) -> str:
    node = cmap.actor_by_id.get(node_id) or cmap.forum_by_id.get(node_id)
    return node.name if node is not None else node_id


def neighbours(cmap: CollaborationMap, node_id: str, view: str) -> set[str]:
    """The node and what it is directly linked to in ``view`` (for the highlight)."""
    out = {node_id}
    if node_id in cmap.forum_by_id:
        return out | {m.actor for m in cmap.members_of.get(node_id, ())}
    forums = {m.forum for m in cmap.forums_of.get(node_id, ())}
    if view == "actors":
        out |= {m.actor for f in forums for m in cmap.members_of.get(f, ())}
    else:
        out |= forums
    for rel in cmap.relations:
        if node_id in (rel.source, rel.target):
            out |= {rel.source, rel.target}
    return out


def _actor_panel(cmap: CollaborationMap, analysis: Any, actor_id: str) -> None:
    actor = cmap.actor_by_id[actor_id]
    metrics = (analysis.metrics.get("actors") or {}).get(actor_id, {}) if analysis else {}
    st.markdown(f"#### {plain(actor.name)}")
    st.caption(f"{t('ui_kart.panel.actor')} · {label('actor_type', actor.type)}")
    rows = [
        (t("ui_kart.panel.sector"), label("sector", actor.sector)),
        (t("ui_kart.panel.ages"), t("ui_kart.panel.ages_value", lo=actor.age_from, hi=actor.age_to)),
    ]
    if actor.category:
        rows.append((t("ui_kart.panel.category"), label("category", actor.category)))
    if actor.municipality:
        rows.append((t("ui_kart.panel.municipality"), actor.municipality))
    if "connections" in metrics:
        rows.append((t("ui_kart.panel.connections"), str(metrics["connections"])))
    if "meeting_hours_per_month" in metrics:
        rows.append((t("ui_kart.panel.hours"), _number(metrics["meeting_hours_per_month"])))
    _facts(rows)

    st.markdown(f"**{t('ui_kart.panel.forums')}**")
    lines = []
    for m in cmap.forums_of.get(actor_id, ()):
        forum = cmap.forum_by_id.get(m.forum)
        level = f", {label('level', forum.level).lower()}" if forum is not None else ""
        lines.append(f"{plain(_name_of(cmap, m.forum))} — {label('role', m.role).lower()}{level}")
    _bullets(lines, t("ui_kart.panel.no_forums"))

    st.markdown(f"**{t('ui_kart.panel.relations')}**")
    lines = []
    for rel in cmap.relations:
        if actor_id not in (rel.source, rel.target):
            continue
        outgoing = rel.source == actor_id
        other = rel.target if outgoing else rel.source
        arrow = "→" if outgoing else "←"
        kind = label("relation_type", rel.type)
        formal = t(f"ui_kart.panel.{'formalised' if rel.formalised else 'informal'}")
        lines.append(f"{arrow} {plain(_name_of(cmap, other))} — {kind.lower()}, {formal}")
    _bullets(lines, t("ui_kart.panel.no_relations"))
    _findings_about(analysis, actor_id)


def _forum_panel(cmap: CollaborationMap, analysis: Any, forum_id: str) -> None:
    forum = cmap.forum_by_id[forum_id]
    st.markdown(f"#### {plain(forum.name)}")
    st.caption(f"{t('ui_kart.panel.forum')} · {label('forum_type', forum.type)}")
    rows = [
        (t("ui_kart.panel.level"), label("level", forum.level)),
        (t("ui_kart.panel.frequency"), label("frequency", forum.frequency)),
        (t("ui_kart.panel.duration"), t("ui_kart.panel.duration_value", hours=_number(forum.duration_hours))),
        (t("ui_kart.panel.ages"), t("ui_kart.panel.ages_value", lo=forum.age_from, hi=forum.age_to)),
        (t("ui_kart.panel.mandate"), t(f"ui_kart.panel.answer_{'yes' if forum.has_mandate else 'no'}")),
    ]
    if forum.leader:
        rows.append((t("ui_kart.panel.leader"), _name_of(cmap, forum.leader)))
    _facts(rows)
    st.markdown(f"**{t('ui_kart.panel.members')}**")
    lines = [
        f"{plain(_name_of(cmap, m.actor))} — {label('role', m.role).lower()}"
        for m in cmap.members_of.get(forum_id, ())
    ]
    _bullets(lines, t("ui_kart.panel.no_members"))
    _findings_about(analysis, forum_id)


def _findings_about(analysis: Any, node_id: str) -> None:
    """The problems that touch the node; its own findings in each one click away."""
    st.markdown(f"**{t('ui_kart.panel.findings')}**")
    everything = analysis.problems if analysis else ()
    problems = [p for p in everything if node_id in p.actors or node_id in p.forums]
    if not problems:
        st.caption(t("ui_kart.panel.no_findings"))
        return
    for problem in problems:
        mine = [f for f in problem.items if node_id in f.actors or node_id in f.forums]
        text = f"**{t(f'ui_kart.severity.{problem.severity}')}: {plain(problem.title)}**  \n{plain(problem.message)}"
        _SEVERITY_BOX.get(problem.severity, st.info)(text)
        if len(problem.items) > 1 and mine:
            with st.expander(t("ui_kart.panel.own_findings", count=len(mine))):
                for finding in mine:
                    st.markdown(plain(finding.message))
                    source = readable_source(finding.rule.source) if finding.rule is not None else ""
                    if source and source not in finding.message:
                        st.caption(say("ui_kart.panel.source", source=source))


def _number(value: Any) -> str:
    """A number the Norwegian way: one decimal, decimal comma."""
    try:
        return number(float(value), 1)
    except (TypeError, ValueError):
        return str(value)
