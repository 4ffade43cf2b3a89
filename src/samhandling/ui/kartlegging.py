"""Kartlegging: map the current situation live, with the room watching.

Every accepted change is saved at once as a new revision in the store. An edit
the loader refuses, or one the store refuses because someone else saved first,
becomes a *pending edit*: it is kept in a non-widget session key and shown in the
tables, so nothing typed is lost, while the last valid map stays untouched.

Editors always show the map at one *base revision* (or the pending edit on top of
it); the revision is refreshed to the latest only on runs without user input, so a
data_editor's row-index edits are never applied to a different version.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from samhandling.errors import MapFileError, Problem
from samhandling.i18n import t
from samhandling.io import map_from_tables, map_to_tables
from samhandling.model import CollaborationMap
from samhandling.store import StaleRevisionError, Store, StoreError
from samhandling.ui import login, state, veiviser
from samhandling.ui.components import plain, say
from samhandling.ui.editing import (
    EDITABLE,
    describe_change,
    merge_tables,
    records,
    same_rows,
    slug_id,
    taken_ids,
)
from samhandling.ui.kartlegging_forms import quick_forms
from samhandling.ui.kartlegging_tables import column_config, editor_frame, from_editor
from samhandling.ui.kartlegging_versions import versions

__all__ = ["page", "Pending", "commit", "tab_client"]

log = logging.getLogger(__name__)

_PENDING = "kartlegging.pending"
_BASE = "kartlegging.base"
_GEN = "kartlegging.generation"
_FLASH = "kartlegging.flash"
_CLIENT = "kartlegging.client"
NEWER_CHECK_SECONDS = 5
CLIENT_PARAM = "okt"  # query parameter naming this browser tab's drafts, so a reload finds them
# Widgets whose click means "the user acted on what was on screen" (base stays pinned).
ACTION_KEYS = (
    "kartlegging.submit.actor",
    "kartlegging.submit.forum",
    "kartlegging.submit.relation",
    "kartlegging.undo",
    "kartlegging.restore",
    "kartlegging.reapply",
    "kartlegging.submit.snapshot",
    "kartlegging.retry",
)


@dataclass
class Pending:
    """An edit not yet in the store: every table as rows, and why it was refused."""

    name: str
    base: int
    tables: dict[str, list[dict[str, Any]]]
    problems: tuple[Problem, ...] = ()
    stale: int | None = None
    failed: str | None = None  # the store could not save it (disk full, database down): its message


def _editor_key(table: str) -> str:
    return f"kartlegging.editor.{table}.{st.session_state.get(_GEN, 0)}"


def _bump() -> None:
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1


def _user_acted() -> bool:
    if any(st.session_state.get(key) for key in ACTION_KEYS) or veiviser.user_acted():
        return True
    for table in EDITABLE:
        delta = st.session_state.get(_editor_key(table))
        edits = ("edited_rows", "added_rows", "deleted_rows")
        if isinstance(delta, dict) and any(delta.get(k) for k in edits):
            return True
    return False


def _pending(name: str) -> Pending | None:
    pending = st.session_state.get(_PENDING)
    return pending if isinstance(pending, Pending) and pending.name == name else None


def _client() -> str:
    # 128 random bits: whoever may read the map cannot find another tab's unsaved draft by guessing.
    client = st.session_state.get(_CLIENT) or st.query_params.get(CLIENT_PARAM) or secrets.token_urlsafe(16)
    st.session_state[_CLIENT] = client
    if st.query_params.get(CLIENT_PARAM) != client:
        st.query_params[CLIENT_PARAM] = client
    return client


tab_client = _client  # this browser tab's id (?okt=), also used by Hva om for its draft


def _set_pending(store: Store, pending: Pending) -> None:
    """Keep an unsaved edit in the session *and* as a draft in the store (survives a reload)."""
    st.session_state[_PENDING] = pending
    payload = json.dumps({"base": pending.base, "tables": pending.tables}, ensure_ascii=False, default=str)
    try:
        store.save_draft(pending.name, _client(), payload)
    except StoreError:  # the store is failing: the edit stays in this session and on screen
        log.warning("Draft of %s not kept in the store", pending.name, exc_info=True)


def _clear_pending(store: Store, name: str) -> None:
    st.session_state.pop(_PENDING, None)
    try:
        store.delete_draft(name, _client())
    except StoreError:
        log.warning("Draft of %s not deleted", name, exc_info=True)


def _restore_draft(store: Store, name: str) -> Pending | None:
    """The unsaved edit this browser tab left before a reload, if any."""
    payload = store.load_draft(name, _client())
    if payload is None:
        return None
    data = json.loads(payload)
    pending = Pending(name, int(data["base"]), data["tables"])
    try:
        map_from_tables(pending.tables, first_row=1)
    except MapFileError as error:
        pending.problems = error.problems
    latest = store.latest_revision(name)
    if not pending.problems and latest != pending.base:
        pending.stale = latest
    st.session_state[_PENDING] = pending
    _bump()
    return pending


def _base_revision(store: Store, name: str, pending: Pending | None) -> int:
    if pending is not None:
        return pending.base
    seen = st.session_state.get(_BASE)
    if isinstance(seen, tuple) and seen[0] == name and _user_acted():
        return int(seen[1])
    latest = store.latest_revision(name)
    if seen != (name, latest):
        _bump()  # new data under the editors: start them afresh
    st.session_state[_BASE] = (name, latest)
    return latest


def tables_of(cmap: CollaborationMap) -> dict[str, list[dict[str, Any]]]:
    """Every table of the map as plain row dicts."""
    return {name: records(frame) for name, frame in map_to_tables(cmap).items()}


def _fill_ids(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Rows with a name but no id get one made from the name."""
    taken = taken_ids(tables)
    out = {}
    for name, rows in tables.items():
        if name in ("aktører", "fora", "rutiner"):
            rows = [dict(r) for r in rows]
            for row in rows:
                if not str(row.get("id") or "").strip() and str(row.get("navn") or "").strip():
                    row["id"] = slug_id(str(row["navn"]), taken)
                    taken.add(row["id"])
        out[name] = rows
    return out


def flash(text: str, warnings: tuple[Problem, ...] = ()) -> None:
    """Show ``text`` as a toast (and loader warnings) on the next run."""
    st.session_state[_FLASH] = (text, warnings)


def commit(store: Store, name: str, base: int, tables: dict[str, list[dict[str, Any]]]) -> bool:
    """Validate and save ``tables`` as a new revision based on ``base``; rerun on any outcome.

    Returns ``False`` only when there was nothing to do (the tables equal the base).
    """
    tables = _fill_ids(tables)
    before, _ = store.load(name, base)
    try:
        result = map_from_tables(tables, first_row=1)
    except MapFileError as error:
        _set_pending(store, Pending(name, base, tables, problems=error.problems))
        _bump()
        st.rerun()
    if result.map == before:  # e.g. a refused edit typed back to what was saved
        if _pending(name) is not None:
            _clear_pending(store, name)
            _bump()
            st.rerun()
        return False
    note = describe_change(before, result.map)
    try:
        revision = store.save(name, result.map, base, note)
    except StaleRevisionError as error:
        _set_pending(store, Pending(name, base, tables, stale=error.current_revision))
        _bump()
        st.rerun()
    except StoreError as error:  # disk full, read-only, database gone: keep what was typed
        _set_pending(store, Pending(name, base, tables, failed=str(error)))
        _bump()
        st.rerun()
    _clear_pending(store, name)
    st.session_state[_BASE] = (name, revision)
    flash(say("ui_kartlegging.saved", note=note), result.warnings)
    _bump()
    st.rerun()


def _show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if not message:
        return
    text, warnings = message
    st.toast(text, icon=":material/check_circle:")
    if warnings:
        st.warning(t("ui_kartlegging.warnings_intro") + "\n\n" + "\n".join(f"- {plain(w)}" for w in warnings))


def _show_pending(store: Store, pending: Pending) -> None:
    if pending.failed is not None:
        st.error(say("ui_kartlegging.save_failed", error=pending.failed))
        right = st.container()
        if st.button(t("ui_kartlegging.retry"), key="kartlegging.retry", type="primary"):
            commit(store, pending.name, pending.base, pending.tables)
    elif pending.stale is not None:
        st.error(t("ui_kartlegging.stale_intro"))
        newer = [r for r in store.history(pending.name) if r.number > pending.base]
        st.info(
            t("ui_kartlegging.stale_changes", base=pending.base)
            + "\n\n"
            + "\n".join(say("ui_kartlegging.stale_change", revision=r.number, note=r.note) for r in newer)
        )
        latest, revision = store.load(pending.name)
        with st.expander(t("ui_kartlegging.stale_show_latest", revision=revision)):
            for table, rows in tables_of(latest).items():
                if table in EDITABLE:
                    st.caption(t(f"ui_kartlegging.table_labels.{table}"))
                    st.dataframe(pd.DataFrame(rows), hide_index=True)
        left, right = st.columns(2)
        if left.button(t("ui_kartlegging.reapply"), key="kartlegging.reapply", type="primary"):
            base_tables = tables_of(store.load(pending.name, pending.base)[0])
            merged = merge_tables(base_tables, pending.tables, tables_of(latest))
            commit(store, pending.name, revision, merged)
    else:
        st.error(t("ui_kartlegging.invalid_intro", revision=pending.base))
        st.dataframe(state.problem_frame(pending.problems), hide_index=True)
        right = st.container()
    if right.button(t("ui_kartlegging.discard"), key="kartlegging.discard"):
        _clear_pending(store, pending.name)
        flash(t("ui_kartlegging.discarded"))
        _bump()
        st.rerun()


@st.fragment(run_every=NEWER_CHECK_SECONDS)
def _newer_notice(store: Store, name: str, base: int) -> None:
    """Every few seconds: tell the room when another laptop has saved a newer version."""
    latest = store.latest_revision(name)
    if latest <= base:
        return
    newer = [r for r in store.history(name) if r.number > base]
    st.info(say("ui_kartlegging.newer_available", revision=latest, note=newer[0].note if newer else ""))
    if st.button(t("ui_kartlegging.show_newer"), key="kartlegging.show_newer"):
        st.rerun(scope="app")


def _editors(store: Store, name: str, base: int, working: dict[str, list[dict[str, Any]]],
             pending: Pending | None) -> None:
    st.subheader(t("ui_kartlegging.tables_header"))
    st.caption(t("ui_kartlegging.tables_help"))
    labels = [f"{t(f'ui_kartlegging.table_labels.{n}')} ({len(working.get(n, []))})" for n in EDITABLE]
    changed: dict[str, list[dict[str, Any]]] = {}
    for table, tab in zip(EDITABLE, st.tabs(labels), strict=True):
        with tab:
            problems = [p for p in (pending.problems if pending else ()) if p.table == table]
            if problems:
                st.error(t("ui_kartlegging.table_problems", table=t(f"ui_kartlegging.table_labels.{table}"))
                         + "\n\n" + "\n".join(f"- {plain(p)}" for p in problems))
            edited = st.data_editor(
                editor_frame(table, working.get(table, [])),
                key=_editor_key(table),
                num_rows="dynamic",
                hide_index=False,
                column_config=column_config(table, working),
                width="stretch",
            )
            rows = from_editor(table, records(edited))
            if not same_rows(rows, working.get(table, [])):
                changed[table] = rows
    if changed:
        commit(store, name, base, {**working, **changed})


def page() -> None:
    """The Kartlegging page."""
    name = state.current_name()
    if name is None:
        st.title(t("ui.pages.kartlegging"))
        st.info(t("ui_kartlegging.no_map"))
        return
    st.title(say("ui_kartlegging.title", name=name))
    st.caption(t("ui_kartlegging.intro"))
    _show_flash()
    store = state.store()
    if login.read_only_notice(store, name):
        for table, rows in tables_of(store.load(name)[0]).items():
            if table in EDITABLE:
                st.caption(t(f"ui_kartlegging.table_labels.{table}"))
                st.dataframe(pd.DataFrame(rows), hide_index=True)
        return
    guided = veiviser.switch()
    pending = _pending(name) or _restore_draft(store, name)
    base = _base_revision(store, name, pending)
    base_map, _ = store.load(name, base)
    working = pending.tables if pending else tables_of(base_map)
    if pending is not None:
        _show_pending(store, pending)
    else:
        _newer_notice(store, name, base)
    if guided:
        veiviser.run(working, lambda tables: commit(store, name, base, tables), st.session_state.get(_GEN, 0))
    else:
        quick_forms(working, lambda tables: commit(store, name, base, tables))
        _editors(store, name, base, working, pending)
    versions(store, name, base, blocked=pending is not None, flash=flash)
