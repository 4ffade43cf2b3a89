"""Veiviser: the guided workshop of the Kartlegging page, six steps a facilitator runs on a projector.

1 who works with children and youth here, 2 the forums, 3 who sits where, 4 how
cases move up the BTI ladder, 5 routines and agreements, 6 the problems of the map
as it now is. Each step says what is done and what is left; every change is saved
at once through the Kartlegging page's commit (a new revision per save). The step
lives in the URL (``?steg=3``) so a browser reload comes back to it; the steps
themselves are in :mod:`samhandling.ui.veiviser_steps`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from samhandling.i18n import t
from samhandling.ui import veiviser_steps as steps
from samhandling.ui.components.scroll import scroll_to_top_on_change
from samhandling.ui.veiviser_rows import STEPS, StepStatus, Tables, progress

__all__ = ["switch", "run", "user_acted", "STEP_PARAM"]

STEP_PARAM = "steg"
_MODE = "kartlegging.mode"
_MODES = ("tabeller", "veiviser")
_STYLE = """<style>
.st-key-veiviser p, .st-key-veiviser label p, .st-key-veiviser li { font-size: 1.15rem; }
.st-key-veiviser button p { font-size: 1.1rem; font-weight: 600; }
.st-key-veiviser button { min-height: 3rem; }
.st-key-veiviser-steps button { padding: 0.3rem 0.4rem; }
.st-key-veiviser-steps button p { font-size: 1rem; line-height: 1.2; }
.st-key-veiviser-steps button * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
.st-key-veiviser h2 { font-size: 2rem; }
</style>"""
_RUNNERS: dict[str, Callable[..., None]] = {
    "aktorer": steps.actors_step,
    "fora": steps.forums_step,
    "deltakelse": steps.grid_step,
    "stigen": steps.ladder_step,
    "rutiner": steps.routines_step,
    "problemer": steps.problems_step,
}


def switch() -> bool:
    """The mode switch "Tabeller og skjema" / "Veiviser"; ``True`` when the Veiviser is on.

    A reload finds the Veiviser on when the URL names a step.
    """
    if st.session_state.get(_MODE) not in _MODES:
        st.session_state[_MODE] = "veiviser" if STEP_PARAM in st.query_params else "tabeller"
    mode = st.segmented_control(t("ui_veiviser.mode"), _MODES, key=_MODE, required=True,
                                format_func=lambda m: t(f"ui_veiviser.modes.{m}"))
    if mode == "veiviser" and STEP_PARAM not in st.query_params:
        st.query_params[STEP_PARAM] = "1"
    elif mode != "veiviser" and STEP_PARAM in st.query_params:
        del st.query_params[STEP_PARAM]
    return mode == "veiviser"


def user_acted() -> bool:
    """Did this run start from a Veiviser button or table edit (so the page keeps the map it showed)?"""
    for key, value in st.session_state.items():
        if not str(key).startswith("veiviser."):
            continue
        if str(key).startswith("veiviser.submit.") and value is True:
            return True
        if isinstance(value, dict) and any(value.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
            return True
    return False


def current_step() -> int:
    """The step in the URL, 1–6 (1 when it is missing or not a step)."""
    raw = str(st.query_params.get(STEP_PARAM, "1"))
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= len(STEPS) else 1


def _go(step: int) -> None:
    st.query_params[STEP_PARAM] = str(step)


def _step_title(number: int, status: StepStatus) -> str:
    mark = "✓ " if status.finished else ""
    return f"{mark}{number}. {t(f'ui_veiviser.steps.{status.step}.short')}"


def _step_bar(step: int, statuses: tuple[StepStatus, ...]) -> None:
    with st.container(key="veiviser-steps"):
        columns = st.columns(len(statuses), gap="small")
    for column, (number, status) in zip(columns, enumerate(statuses, 1), strict=True):
        with column:
            st.button(_step_title(number, status), key=f"veiviser.goto.{number}", on_click=_go, args=(number,),
                      type="primary" if number == step else "secondary",
                      help=t(f"ui_veiviser.steps.{status.step}.title"), width="stretch")


def _status_line(status: StepStatus) -> str:
    key = f"ui_veiviser.steps.{status.step}.status"
    left = status.total - status.done
    return t(key, done=status.done, total=status.total, left=left)


def _nav(step: int) -> None:
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button(t("ui_veiviser.previous"), key="veiviser.previous", on_click=_go, args=(step - 1,),
                  disabled=step <= 1, icon=":material/arrow_back:")
        st.button(t("ui_veiviser.next"), key="veiviser.next", on_click=_go, args=(step + 1,),
                  disabled=step >= len(STEPS), type="primary", icon=":material/arrow_forward:")


def run(tables: Tables, save: Callable[[Tables], Any], generation: int) -> None:
    """Draw the current step over ``tables``; ``save`` is the page's commit (validates, stores, reruns)."""
    step = current_step()
    if str(st.query_params.get(STEP_PARAM)) != str(step):
        st.query_params[STEP_PARAM] = str(step)
    statuses = progress(tables)
    st.html(_STYLE)
    scroll_to_top_on_change(str(step), key="veiviser.scroll")
    with st.container(key="veiviser"):
        _step_bar(step, statuses)
        status = statuses[step - 1]
        st.header(t("ui_veiviser.step_heading", n=step, title=t(f"ui_veiviser.steps.{status.step}.title")))
        icon = ":material/check_circle:" if status.finished else ":material/pending:"
        st.markdown(f"{icon} {_status_line(status)}")
        _RUNNERS[status.step](tables, save, generation)
        st.divider()
        _nav(step)
