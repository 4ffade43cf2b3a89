"""Data: upload a map file, check it, save it; download the map and the template.

An upload is checked completely before anything is saved: every error is shown
with its sheet, row and column. A checked map is saved as a new map or as a new
revision of the selected map (its history stays).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from samhandling.errors import MapFileError, Problem
from samhandling.i18n import counted, language, t
from samhandling.io import (
    EXPLAINED_SUFFIXES,
    MAX_FILE_BYTES,
    READABLE_SUFFIXES,
    LoadResult,
    load_map_bytes,
    map_to_bytes,
    template_bytes,
)
from samhandling.model import CollaborationMap
from samhandling.store import StoreError
from samhandling.ui import state
from samhandling.ui.components import plain, say
from samhandling.ui.editing import slug_id
from samhandling.ui.later import later

__all__ = ["page", "check_upload", "MAX_UPLOAD_MB", "UPLOAD_RESULT"]

log = logging.getLogger(__name__)

MAX_UPLOAD_MB = MAX_FILE_BYTES // (1024 * 1024)  # the loader refuses bigger files anyway
UPLOAD_RESULT = "data.upload_result"  # (file name, LoadResult | MapFileError) of the last upload
_HANDLED = "data.upload_handled"  # file_id of an upload already saved (the uploader still holds it)
_TYPES = [*READABLE_SUFFIXES, *EXPLAINED_SUFFIXES]
_MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml",
    "graphml": "application/xml",
    "gexf": "application/xml",
    "kumu": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
_EXCHANGE_SUFFIX = {"graphml": "graphml", "gexf": "gexf", "kumu": "json"}
EAGER_EXPORT_MAX = 600  # actors + forums up to which the map's own files are made with the page


def check_upload(data: bytes, filename: str) -> LoadResult | MapFileError:
    """Load an uploaded file: the map and its warnings, or the error with every problem."""
    try:
        return load_map_bytes(data, filename)
    except MapFileError as error:
        return error
    except Exception as error:  # a loader bug must not cost the room its session
        log.exception("Upload of %s failed", filename)
        return MapFileError([Problem(t("ui_data.unreadable", error=type(error).__name__))], filename)


def _problems(problems: tuple[Problem, ...], kind: str) -> None:
    frame = state.problem_frame(problems)
    if kind == "error":
        st.error(t("ui_data.errors", count=len(problems)))
    else:
        st.warning(t("ui_data.warnings", count=len(problems)))
    st.dataframe(frame, hide_index=True, width="stretch")


def _save_actions(filename: str, result: LoadResult) -> None:
    target = state.store()
    cmap = result.map
    counts = counted(cmap.counts())
    st.success(say("ui_data.ok", file=filename, actors=counts["actors"], forums=counts["forums"],
                   memberships=counts["memberships"], relations=counts["relations"]))
    left, right = st.columns(2)
    with left, st.form("data.save_new"):
        default = cmap.info.title.strip() or Path(filename).stem
        name = st.text_input(t("ui_data.new_name"), value=default, key="data.new_name")
        if st.form_submit_button(t("ui_data.save_new"), type="primary"):
            try:
                target.create_map(name, cmap, note=t("ui_data.imported_note", file=filename))
            except StoreError as error:
                st.error(plain(error))
            else:
                _done(name.strip(), say("ui_data.saved_new", name=name.strip()))
    current = state.current_name()
    with right:
        if current is not None:
            st.caption(say("ui_data.replace_help", name=current))
            if st.button(say("ui_data.replace", name=current), key="data.replace"):
                try:
                    target.save(current, cmap, target.latest_revision(current),
                                t("ui_data.replaced_note", file=filename))
                except StoreError as error:
                    st.error(plain(error))
                else:
                    _done(current, say("ui_data.replaced", name=current))


def _done(name: str, message: str) -> None:
    state.set_current(name)
    shown = st.session_state.pop(UPLOAD_RESULT, None)
    if shown is not None:  # the uploader still holds the file: do not offer it again
        st.session_state[_HANDLED] = shown[2]
    st.session_state["data.message"] = message
    st.rerun()


def _upload() -> None:
    st.subheader(t("ui_data.upload_header"))
    st.caption(t("ui_data.upload_help", mb=MAX_UPLOAD_MB))
    uploaded = st.file_uploader(t("ui_data.upload_label"), type=_TYPES, key="data.upload",
                                max_upload_size=MAX_UPLOAD_MB)
    if uploaded is not None and uploaded.file_id != st.session_state.get(_HANDLED):
        previous = st.session_state.get(UPLOAD_RESULT)
        if previous is None or previous[0] != uploaded.name or previous[2] != uploaded.file_id:
            result = check_upload(uploaded.getvalue(), uploaded.name)
            st.session_state[UPLOAD_RESULT] = (uploaded.name, result, uploaded.file_id)
    shown = st.session_state.get(UPLOAD_RESULT)
    if shown is None:
        return
    filename, result = shown[0], shown[1]
    if isinstance(result, MapFileError):
        _problems(result.problems, "error")
        st.info(t("ui_data.fix_and_retry"))
        return
    if result.warnings:
        _problems(result.warnings, "warning")
    _save_actions(filename, result)


@st.cache_data(show_spinner=False, max_entries=16)
def _export(_cmap: CollaborationMap, key: tuple[Any, ...], fmt: str) -> bytes:
    return map_to_bytes(_cmap, fmt)


@st.cache_data(show_spinner=False, max_entries=16)
def _exchange(_cmap: CollaborationMap, key: tuple[Any, ...], fmt: str) -> bytes:
    from samhandling.io.exchange import export_bytes

    return export_bytes(_cmap, fmt)


@st.cache_data(show_spinner=False, max_entries=8)
def _brief(_cmap: CollaborationMap, key: tuple[Any, ...], fmt: str) -> bytes:
    from samhandling.report import report_bytes

    return report_bytes(_cmap, fmt)


def _other_downloads(cmap: CollaborationMap, key: tuple[Any, ...], stem: str) -> None:
    """The leader brief (made on request: it draws figures) and the exchange formats."""
    st.markdown(f"**{t('ui_data.brief_header')}**")
    st.caption(t("ui_data.brief_help"))
    left, right = st.columns(2)
    for column, fmt in ((left, "docx"), (right, "html")):
        wanted = f"data.brief.{fmt}.{key}"
        if st.session_state.get(wanted):
            column.download_button(
                t(f"ui_data.download_brief_{fmt}"), data=_brief(cmap, key, fmt),
                file_name=f"{stem}-lederbrev.{fmt}", mime=_MIME[fmt], key=f"data.download.brief.{fmt}",
                on_click="ignore",
            )
        elif column.button(t(f"ui_data.make_brief_{fmt}"), key=f"data.make.brief.{fmt}"):
            st.session_state[wanted] = True
            st.rerun()
    st.markdown(f"**{t('ui_data.exchange_header')}**")
    st.caption(t("ui_data.exchange_help"))
    for column, fmt in zip(st.columns(3), ("graphml", "gexf", "kumu"), strict=True):
        column.download_button(
            # Built when clicked, not on every rerun (a county map takes seconds per format).
            t(f"ui_data.download_{fmt}"), data=later(_exchange, cmap, key, fmt),
            file_name=f"{stem}.{_EXCHANGE_SUFFIX[fmt]}", mime=_MIME[fmt], key=f"data.download.{fmt}",
            on_click="ignore",
        )


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    return template_bytes()


def _downloads() -> None:
    st.subheader(t("ui_data.download_header"))
    name = state.current_name()
    columns = st.columns(3)
    if name is not None:
        cmap, revision = state.current_map(), state.current_revision()
        stem = slug_id(name)
        key = (state.store().where, name, revision, language())  # texts in the files are in the language
        # The room's work is saved from here: a kommune's map is made ready with the page (a
        # tenth of a second, once per revision), so the click is a plain download. Only a map
        # too big for that is made when clicked (Streamlit's deferred download).
        ready_now = len(cmap.actors) + len(cmap.forums) <= EAGER_EXPORT_MAX
        for column, fmt in zip(columns[:2], ("xlsx", "yaml"), strict=True):
            column.download_button(
                t(f"ui_data.download_{fmt}"),
                data=_export(cmap, key, fmt) if ready_now else later(_export, cmap, key, fmt),
                file_name=f"{stem}.{fmt}", mime=_MIME[fmt], key=f"data.download.{fmt}", on_click="ignore",
            )
        st.caption(say("ui_data.download_help", name=name, revision=revision))
    columns[2].download_button(
        t("ui_data.download_template"), data=_template(), file_name=t("ui_data.template_file"),
        mime=_MIME["xlsx"], key="data.download.template", on_click="ignore",
    )
    if name is not None:
        _other_downloads(cmap, key, stem)


def page() -> None:
    """The Data page."""
    st.title(t("ui.pages.data"))
    message = st.session_state.pop("data.message", None)
    if message:
        st.success(message)
    _upload()
    st.divider()
    _downloads()
