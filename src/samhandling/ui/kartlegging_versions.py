"""Versions on the Kartlegging page: undo, snapshots and the history of revisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from samhandling.i18n import t
from samhandling.store import NothingToUndoError, StaleRevisionError, Store, StoreError
from samhandling.ui.components import plain, say

__all__ = ["versions", "local_time"]

_OSLO = ZoneInfo("Europe/Oslo")


def local_time(moment: datetime) -> str:
    """``23.11.2026 20:15`` in Norwegian time."""
    return moment.astimezone(_OSLO).strftime("%d.%m.%Y %H:%M")


def _undo(store: Store, name: str, base: int, blocked: bool, flash: Callable[[str], None]) -> None:
    clicked = st.button(t("ui_kartlegging.undo"), key="kartlegging.undo", help=t("ui_kartlegging.undo_help"),
                        disabled=blocked, icon=":material/undo:")
    if blocked:
        st.caption(t("ui_kartlegging.undo_blocked"))
    if not clicked:
        return
    try:
        store.undo(name, base)
    except StaleRevisionError as error:
        st.error(t("ui_kartlegging.undo_stale", revision=error.current_revision))
        return
    except NothingToUndoError as error:
        st.info(plain(error))
        return
    except StoreError as error:  # the database or the disk failed: the store's Norwegian sentence
        st.error(plain(str(error)))
        return
    flash(say("ui_kartlegging.undone", note=store.history(name)[0].note))
    st.rerun()


def _snapshots(store: Store, name: str, base: int) -> None:
    with st.form("kartlegging.form.snapshot", clear_on_submit=True):
        label = st.text_input(t("ui_kartlegging.snapshot_label"), key="kartlegging.snapshot.label",
                              placeholder=t("ui_kartlegging.snapshot_placeholder"))
        submitted = st.form_submit_button(t("ui_kartlegging.snapshot_save"), key="kartlegging.submit.snapshot")
    if submitted:
        if not label.strip():
            st.error(t("ui_kartlegging.snapshot_need_label"))
        else:
            try:
                snap = store.snapshot(name, label, revision=base)
            except StoreError as error:
                st.error(plain(error))
            else:
                st.success(say("ui_kartlegging.snapshot_saved", label=snap.label, revision=snap.revision))
    st.markdown(f"**{t('ui_kartlegging.snapshots')}**")
    snaps = store.list_snapshots(name)
    if not snaps:
        st.caption(t("ui_kartlegging.no_snapshots"))
        return
    heads = t("ui_kartlegging.snapshot_columns")
    st.dataframe(
        pd.DataFrame([
            {heads["label"]: s.label, heads["revision"]: s.revision, heads["created"]: local_time(s.created_at)}
            for s in snaps
        ]),
        hide_index=True,
    )


def _history(store: Store, name: str, base: int, blocked: bool, flash: Callable[[str], None]) -> None:
    revisions = store.history(name)
    with st.expander(f"{t('ui_kartlegging.history')} ({len(revisions)})"):
        heads = t("ui_kartlegging.history_columns")
        st.dataframe(
            pd.DataFrame([
                {heads["revision"]: r.number, heads["saved"]: local_time(r.saved_at), heads["note"]: r.note,
                 heads["author"]: r.author or ""}
                for r in revisions
            ]),
            hide_index=True,
        )
        older = [r.number for r in revisions if r.number != base]
        if not older:
            return
        chosen = st.selectbox(t("ui_kartlegging.restore_pick"), older, key="kartlegging.restore_pick")
        if st.button(t("ui_kartlegging.restore"), key="kartlegging.restore", disabled=blocked):
            try:
                store.restore(name, int(chosen), base)
            except StaleRevisionError as error:
                st.error(t("ui_kartlegging.undo_stale", revision=error.current_revision))
                return
            except StoreError as error:
                st.error(plain(str(error)))
                return
            flash(t("ui_kartlegging.restored", revision=chosen))
            st.rerun()


def versions(store: Store, name: str, base: int, *, blocked: bool, flash: Callable[[str], None]) -> None:
    """Undo, snapshots and history of map ``name`` (the user sees revision ``base``)."""
    st.subheader(t("ui_kartlegging.versions_header"))
    left, right = st.columns(2)
    with left:
        _undo(store, name, base, blocked, flash)
        _history(store, name, base, blocked, flash)
    with right:
        _snapshots(store, name, base)
