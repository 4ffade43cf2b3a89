"""The "Hva om" page: try changes on a copy of the current map and see their effect."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pandas as pd
import streamlit as st

from samhandling.analysis.scenario import (
    AddMember,
    AddRelation,
    GiveMandate,
    MergeForums,
    RemoveForum,
    RemoveMember,
    apply_changes,
    scenario_effect,
)
from samhandling.errors import SamhandlingError
from samhandling.i18n import number, t
from samhandling.model import CollaborationMap
from samhandling.ui import state
from samhandling.ui.components import bullet_list, say
from samhandling.ui.kartlegging import tab_client
from samhandling.vocabulary import RELATION_TYPES, ROLES, label

__all__ = ["page"]

_KINDS = ("merge", "remove_forum", "add_member", "remove_member", "add_relation", "mandate")


_CHANGE_TYPES = {c.__name__: c for c in (MergeForums, RemoveForum, AddMember, RemoveMember, AddRelation,
                                           GiveMandate)}


def _changes_key(name: str) -> str:
    return f"hvaom_changes::{name}"


def _draft_client() -> str:
    return f"hvaom:{tab_client()}"


def _load_changes(name: str) -> list[Any]:
    """The scenario of this tab: from the session, else from the store (it survives a reload)."""
    key = _changes_key(name)
    if key not in st.session_state:
        payload = state.store().load_draft(name, _draft_client())
        changes = []
        for item in json.loads(payload) if payload else []:
            kind = _CHANGE_TYPES.get(item.pop("kind", None))
            if kind is not None:
                changes.append(kind(**item))
        st.session_state[key] = changes
    return st.session_state[key]


def _keep_changes(name: str, changes: list[Any]) -> None:
    """Store the scenario as this tab's draft (nothing is saved to the map itself)."""
    if changes:
        payload = [{"kind": type(c).__name__, **dataclasses.asdict(c)} for c in changes]
        state.store().save_draft(name, _draft_client(), json.dumps(payload, ensure_ascii=False))
    else:
        state.store().delete_draft(name, _draft_client())


def _pick(prefix: str, options: dict[str, str], text_key: str, index: int = 0) -> str:
    index = min(index, max(len(options) - 1, 0))
    return st.selectbox(t(text_key), list(options), format_func=options.get, key=f"hvaom_{prefix}", index=index,
                        placeholder=t("ui_hvaom.nothing_to_pick"))


def _change_form(cmap: CollaborationMap) -> Any:
    """Ask for one change; return it when the button is pressed, else None."""
    forums = {f.id: f.name for f in cmap.forums}
    actors = {a.id: a.name for a in cmap.actors}
    kind = st.selectbox(t("ui_hvaom.kind"), _KINDS, format_func=lambda k: t(f"ui_hvaom.kinds.{k}"), key="hvaom_kind")
    with st.form("hvaom_form", clear_on_submit=False, border=True):
        if kind == "merge":
            kept = _pick("kept", forums, "ui_hvaom.kept")
            merged = _pick("merged", forums, "ui_hvaom.merged", index=1)  # two different forums from the start
            build = lambda: MergeForums(kept=kept, merged=merged)  # noqa: E731
        elif kind in ("remove_forum", "mandate"):
            forum = _pick("forum", forums, "ui_hvaom.forum")
            build = lambda: RemoveForum(forum) if kind == "remove_forum" else GiveMandate(forum)  # noqa: E731
        elif kind in ("add_member", "remove_member"):
            forum, actor = _pick("mforum", forums, "ui_hvaom.forum"), _pick("mactor", actors, "ui_hvaom.actor")
            if kind == "add_member":
                role = st.selectbox(t("ui_hvaom.role"), ROLES, format_func=lambda r: label("role", r), index=1)
                build = lambda: AddMember(forum, actor, role)  # noqa: E731
            else:
                build = lambda: RemoveMember(forum, actor)  # noqa: E731
        else:
            source, target = _pick("src", actors, "ui_hvaom.source"), _pick("dst", actors, "ui_hvaom.target", index=1)
            rtype = st.selectbox(
                t("ui_hvaom.relation_type"), RELATION_TYPES, format_func=lambda r: label("relation_type", r)
            )
            formal = st.checkbox(t("ui_hvaom.formalised"), value=True)
            build = lambda: AddRelation(source, target, rtype, formal)  # noqa: E731
        submitted = st.form_submit_button(t("ui_hvaom.add_button"), type="primary")
    return build() if submitted else None


def _findings_list(findings: tuple[Any, ...]) -> None:
    if not findings:
        st.caption(t("ui_hvaom.none"))
    else:
        st.markdown(bullet_list([f.message for f in findings]))


def _effect(base: CollaborationMap, changed: CollaborationMap) -> None:
    effect = scenario_effect(base, changed)
    st.subheader(t("ui_hvaom.effect_heading"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('ui_hvaom.resolved', count=len(effect.resolved))}**")
        _findings_list(effect.resolved)
    with right:
        st.markdown(f"**{t('ui_hvaom.new', count=len(effect.new))}**")
        _findings_list(effect.new)
    names = {a.id: a.name for a in base.actors}
    st.markdown(f"**{t('ui_hvaom.hours_heading')}**")
    if effect.hours:
        rows = [
            {t("ui_hvaom.hours_actor"): names.get(aid, aid), t("ui_hvaom.hours_before"): number(b),
             t("ui_hvaom.hours_after"): number(a)}
            for aid, (b, a) in effect.hours.items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(t("ui_hvaom.hours_unchanged"))
    st.markdown(f"**{t('ui_hvaom.spof_heading')}**")
    for key, ids in (("spof_before", effect.spof_before), ("spof_after", effect.spof_after)):
        listed = ", ".join(names.get(i, i) for i in ids) or t("ui_hvaom.nobody")
        st.text(t(f"ui_hvaom.{key}", names=listed))


def _save(name: str, changed: CollaborationMap) -> None:
    st.subheader(t("ui_hvaom.save_heading"))
    with st.form("hvaom_save"):
        new_name = st.text_input(t("ui_hvaom.save_name"), value=t("ui_hvaom.save_default", name=name))
        if st.form_submit_button(t("ui_hvaom.save_button")):
            try:
                state.store().create_map(new_name.strip(), changed)
            except SamhandlingError as error:
                st.error(say("ui_hvaom.save_failed", reason=error))
            else:
                st.success(say("ui_hvaom.saved", name=new_name.strip()))


def page() -> None:
    """Render the "Hva om" page."""
    st.title(t("ui_hvaom.title"))
    st.caption(t("ui_hvaom.intro"))
    name = state.current_name()
    if not name:
        st.info(t("ui_hvaom.no_map"))
        st.stop()
    base = state.current_map()
    changes: list[Any] = _load_changes(name)

    st.subheader(t("ui_hvaom.add_heading"))
    change = _change_form(base)
    if change is not None:
        try:
            apply_changes(base, [*changes, change])
        except SamhandlingError as error:
            st.error(say("ui_hvaom.refused", reason=error))
        else:
            changes.append(change)
            _keep_changes(name, changes)

    st.subheader(t("ui_hvaom.changes_heading"))
    if not changes:
        st.info(t("ui_hvaom.no_changes"))
        return
    for position, item in enumerate(list(changes)):
        text_col, button_col = st.columns([6, 1])
        text_col.text(f"{position + 1}. {item.describe(base)}")
        if button_col.button(t("ui_hvaom.remove_change"), key=f"hvaom_rm_{position}"):
            changes.pop(position)
            _keep_changes(name, changes)
            st.rerun()
    if st.button(t("ui_hvaom.clear")):
        changes.clear()
        _keep_changes(name, changes)
        st.rerun()
    try:
        changed = apply_changes(base, changes)
    except SamhandlingError as error:  # the map changed underneath (an edit in Kartlegging)
        st.error(say("ui_hvaom.refused", reason=error))
        return
    _effect(base, changed)
    _save(name, changed)
