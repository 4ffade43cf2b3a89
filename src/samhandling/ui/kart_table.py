"""The map as tables: the text alternative of the Kart picture (WCAG 1.1.1).

Actors, forums, who sits where and the direct relations, limited to what the map
shows with the filters above it, in four tabs under the map. The tables are built
when their expander is opened: a visitor who only looks at the map does not wait for
them (nor for the browser to load Streamlit's table code, 1.3 MB of JavaScript).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = ["map_tables", "TABLES_KEY"]

TABLES_KEY = "kart.tables"  # the expander's key: True while it is open


def _heads(*keys: str) -> list[str]:
    return [t(f"ui_kart.table.columns.{key}") for key in keys]


def _frames(cmap: CollaborationMap, shown: set[str]) -> dict[str, pd.DataFrame]:
    names = {a.id: a.name for a in cmap.actors} | {f.id: f.name for f in cmap.forums}
    actors = [a for a in cmap.actors if a.id in shown]
    forums = [f for f in cmap.forums if f.id in shown]
    members = [m for m in cmap.memberships if m.actor in shown and m.forum in shown]
    relations = [r for r in cmap.relations if r.source in shown and r.target in shown]
    forums_of: dict[str, list[str]] = {}
    for m in members:
        forums_of.setdefault(m.actor, []).append(names[m.forum])
    count = {f.id: sum(1 for m in members if m.forum == f.id) for f in forums}
    yes, no = t("ui_kart.panel.answer_yes"), t("ui_kart.panel.answer_no")
    return {
        "actors": pd.DataFrame(
            [[a.name, label("category", a.category) if a.category else "", label("sector", a.sector),
              a.municipality, t("ui_kart.panel.ages_value", lo=a.age_from, hi=a.age_to),
              ", ".join(forums_of.get(a.id, []))] for a in actors],
            columns=_heads("name", "category", "sector", "municipality", "ages", "forums")),
        "forums": pd.DataFrame(
            [[f.name, label("forum_type", f.type), label("level", f.level), label("frequency", f.frequency),
              str(count[f.id])] for f in forums],
            columns=_heads("name", "type", "level", "frequency", "members")),
        "members": pd.DataFrame(
            [[names[m.forum], names[m.actor], label("role", m.role)] for m in members],
            columns=_heads("forum", "actor", "role")),
        "relations": pd.DataFrame(
            [[names[r.source], names[r.target], label("relation_type", r.type), yes if r.formalised else no]
             for r in relations],
            columns=_heads("source", "target", "type", "formalised")),
    }


def map_tables(cmap: CollaborationMap, shown: Iterable[str]) -> None:
    """Four tabs with the actors, forums, memberships and relations the map shows."""
    box = st.expander(t("ui_kart.table.heading"), key=TABLES_KEY, on_change="rerun")
    if not box.open:
        return
    visible = set(shown)
    groups = [node for node in visible if node.startswith("group:")]
    if groups:  # a grouped map: the tables list everybody in the visible groups' map
        visible |= {a.id for a in cmap.actors} | {f.id for f in cmap.forums}
    frames = _frames(cmap, visible)
    with box:
        st.caption(t("ui_kart.table.help"))
        keys = ("actors", "forums", "members", "relations")
        labels = [f"{t(f'ui_kart.table.{key}')} ({len(frames[key])})" for key in keys]
        for key, tab in zip(keys, st.tabs(labels), strict=True):
            with tab:
                st.dataframe(frames[key], hide_index=True, width="stretch")
