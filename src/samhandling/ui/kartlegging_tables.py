"""The editable tables of the Kartlegging page: frames and column settings.

Columns follow the file format (:mod:`samhandling.io.schema`): controlled words
and references to other tables become select boxes, ages and hours numbers,
yes/no columns check boxes, everything else text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from samhandling.i18n import number, t
from samhandling.io import schema
from samhandling.io.cells import CellError, read_float
from samhandling.io.schema import TABLE_BY_NAME, VOCABULARIES
from samhandling.ui.editing import plain
from samhandling.vocabulary import label

__all__ = ["editor_frame", "column_config", "actor_choices", "from_editor", "EMPTY_CHOICE", "current_group",
           "keep_group", "GROUP_KEY", "GROUP_PARAM"]

GROUP_KEY = "kartlegging.group"  # the "Vi er" box
GROUP_PARAM = "gruppe"  # the group in the URL, so a reload keeps it
_GROUP_KEPT = "kartlegging.group_kept"  # the group itself: a widget's key is dropped on other pages

# An empty select cell holds this dash: the editor draws an empty choice as a grey English
# "None". from_editor() turns it back into an empty cell.
EMPTY_CHOICE = "–"
_SELECT_KINDS = (schema.WORD, schema.CATEGORY, schema.REF)


def _columns(table: str) -> tuple[schema.ColumnSpec, ...]:
    return TABLE_BY_NAME[table].columns


def editor_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """``rows`` as a DataFrame the editor can show: file columns, fitting dtypes, rows numbered from 1."""
    specs = _columns(table)
    names = [c.name for c in specs]
    extra = [k for row in rows for k in row if k not in names]
    frame = pd.DataFrame([{k: plain(v) for k, v in row.items()} for row in rows],
                         columns=list(dict.fromkeys([*names, *extra])))
    for column in specs:
        values = frame[column.name]
        if column.kind == schema.BOOL:
            frame[column.name] = values.map(_as_bool).astype("boolean")
        elif column.kind == schema.HOURS:
            frame[column.name] = values.map(_hours_text).astype(object)
        elif column.kind in (schema.AGE, schema.SCORE):
            numbers = pd.to_numeric(values, errors="coerce")
            if numbers.isna().sum() == values.isna().sum():  # nothing typed would be hidden
                frame[column.name] = numbers.astype("Int64")
            else:
                frame[column.name] = values.map(_as_text).astype(object)
        elif column.kind in _SELECT_KINDS:
            frame[column.name] = values.map(lambda v: _as_text(v) or EMPTY_CHOICE).astype(object)
        else:
            frame[column.name] = values.map(_as_text).astype(object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    return frame


def from_editor(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows read back from an editor: the empty-choice dash (or nothing) as an empty cell, hours
    typed with a decimal comma as numbers (text the loader cannot read stays, to be reported)."""
    selects = [c.name for c in _columns(table) if c.kind in _SELECT_KINDS]
    hours = [c.name for c in _columns(table) if c.kind == schema.HOURS]
    out = []
    for row in rows:
        row = {**row, **{name: "" for name in selects if _as_text(row.get(name)) in ("", EMPTY_CHOICE)}}
        for name in hours:
            try:
                row[name] = read_float(row.get(name), None)
            except CellError:
                pass
        out.append(row)
    return out


def _hours_text(value: Any) -> str:
    value = plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return number(float(value), 2)
    return _as_text(value)


def _as_bool(value: Any) -> Any:
    value = plain(value)
    if value is None or isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"ja", "yes", "true", "1", "x", "sann"}


def _as_text(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def actor_choices(tables: dict[str, list[dict[str, Any]]], table: str = "aktører") -> dict[str, str]:
    """Ids of ``table`` -> ``navn (id)`` for select boxes."""
    out: dict[str, str] = {}
    for row in tables.get(table, []):
        ident = _as_text(row.get("id")).strip()
        if ident:
            name = _as_text(row.get("navn")).strip()
            out[ident] = f"{name} ({ident})" if name and name != ident else ident
    return out


def _options(words: list[str], present: list[Any]) -> list[str]:
    """The allowed words, plus whatever is in the column already (so nothing disappears)."""
    extra = [v for v in dict.fromkeys(_as_text(p) for p in present) if v and v not in words]
    return [EMPTY_CHOICE, *words, *extra]


def current_group() -> str:
    """The workshop group this browser tab speaks for ("Gruppe 2"), or ``""``.

    Set once with "Vi er" on the Kartlegging page; read from the URL (``?gruppe=``) after a reload.
    """
    kept = st.session_state.get(_GROUP_KEPT)
    if kept is None:
        kept = st.session_state[_GROUP_KEPT] = str(st.query_params.get(GROUP_PARAM, "")).strip()
    return str(kept)


def keep_group(group: str) -> None:
    """Make ``group`` this tab's group, in the session and in the URL (blank: none)."""
    group = group.strip()
    st.session_state[_GROUP_KEPT] = group
    if group:
        if st.query_params.get(GROUP_PARAM) != group:
            st.query_params[GROUP_PARAM] = group
    elif GROUP_PARAM in st.query_params:
        del st.query_params[GROUP_PARAM]


def column_config(table: str, tables: dict[str, list[dict[str, Any]]], group: str | None = None) -> dict[str, Any]:
    """Column settings of one editor, built from the format's column kinds.

    ``group`` (default: :func:`current_group`) is what a row added in the editor gets in
    ``registrert_av``.
    """
    group = current_group() if group is None else group
    cc = st.column_config
    rows = tables.get(table, [])
    config: dict[str, Any] = {}
    for column in _columns(table):
        title = t("ui_kartlegging.columns").get(column.name, column.name)
        present = [r.get(column.name) for r in rows]
        if column.kind in (schema.WORD, schema.CATEGORY):
            vocab = column.vocabulary
            config[column.name] = cc.SelectboxColumn(
                title, options=_options(list(VOCABULARIES[vocab]), present),
                format_func=lambda w, vocab=vocab: label(vocab, w) if w != EMPTY_CHOICE else EMPTY_CHOICE,
            )
        elif column.kind == schema.REF:
            choices = actor_choices(tables, column.target)
            config[column.name] = cc.SelectboxColumn(
                title, options=_options(list(choices), present),
                format_func=lambda w, choices=choices: choices.get(w, w),
            )
        elif column.kind == schema.BOOL:
            # finnes: a new row says the link exists unless someone unticks it
            config[column.name] = cc.CheckboxColumn(title, default=True if column.field == "exists" else None)
        elif column.kind == schema.SCORE:
            config[column.name] = cc.NumberColumn(title, min_value=0, max_value=schema.INFLUENCE_MAX, step=1,
                                                  format="%d", help=t("ui_kartlegging.influence_help"))
        elif column.field == "recorded_by":
            config[column.name] = cc.TextColumn(title, default=group or None, help=t("ui_kartlegging.group_help"))
        elif column.kind == schema.AGE:
            config[column.name] = cc.NumberColumn(title, min_value=0, max_value=24, step=1, format="%d")
        elif column.kind == schema.HOURS:
            # Text with a decimal comma ("1,5"): a number column writes "1.50" whatever the language.
            config[column.name] = cc.TextColumn(title, help=t("ui_kartlegging.duration_help"))
        elif column.kind == schema.LIST:
            config[column.name] = cc.TextColumn(title, help=t("ui_kartlegging.list_help"))
        elif column.kind == schema.DATE:
            config[column.name] = cc.TextColumn(title, help=t("ui_kartlegging.date_help"))
        else:
            config[column.name] = cc.TextColumn(title)
    return config
