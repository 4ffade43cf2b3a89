"""The Funn page: the findings of the selected map, a map that shows who a finding is
about, an Excel download, and three charts (in :mod:`samhandling.ui.funn_charts`).

Links the workshop groups see differently (``disagreement``) are not problems to
fix but points to discuss: they get their own section, "Punkter å drøfte", naming
each group and what it said (:mod:`samhandling.ui.funn_discuss`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from io import BytesIO
from typing import Any

import streamlit as st

from samhandling import maps
from samhandling.analysis.rules import readable_source
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.ui import state
from samhandling.ui.components import network_map, plain, say
from samhandling.ui.funn_charts import charts
from samhandling.ui.funn_discuss import DISCUSS, node_names, points_to_discuss
from samhandling.ui.later import later
from samhandling.vocabulary import label

__all__ = ["page", "findings_workbook", "neutralise", "SEVERITIES", "MAX_CARDS"]

SEVERITIES = ("kritisk", "viktig", "info")
_SELECTED = "funn.selected"  # key of the finding shown on the map
_BOX = {"kritisk": st.error, "viktig": st.warning, "info": st.info}
_ICON = {
    "kritisk": ":red[:material/error:]",
    "viktig": ":orange[:material/warning:]",
    "info": ":blue[:material/info:]",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Cards drawn at most: a county map can have thousands of findings, and every card is
# several Streamlit elements. The Excel download always has the whole filtered list.
MAX_CARDS = 150


def page() -> None:
    """Draw the Funn page."""
    st.title(t("ui_funn.title"))
    name = state.current_name()
    if name is None:
        st.info(t("ui_funn.no_map"))
        return
    cmap = state.current_map()
    st.caption(t("ui_funn.intro"))
    st.toggle(t("ui_funn.practice"), key=state.PRACTICE_KEY, help=t("ui_funn.practice_help"))
    analysis = state.current_analysis()
    findings = list(analysis.findings)
    tab_list, tab_charts = st.tabs([t("ui_funn.tabs.list"), t("ui_funn.tabs.charts")])
    with tab_list:
        if not findings:
            st.success(t("ui_funn.no_findings"))
        else:
            _problems_tab(cmap, analysis, name)
    with tab_charts:
        charts(cmap, analysis, findings)


def _kind_label(kind: str) -> str:
    try:
        return str(t(f"ui_funn.kind.{kind}"))
    except KeyError:
        return kind


def _filter(cmap: CollaborationMap, problems: list[Any]) -> list[Any]:
    kinds = list(dict.fromkeys(f.kind for p in problems for f in p.items))
    involved = sorted(
        {a for p in problems for a in p.actors if a in cmap.actor_by_id},
        key=lambda a: cmap.actor_by_id[a].name.casefold(),
    )
    counts = {s: sum(1 for p in problems if p.severity == s) for s in SEVERITIES}
    severities = st.multiselect(
        t("ui_funn.filters.severity"), list(SEVERITIES), default=list(SEVERITIES),
        format_func=lambda s: t(
            "ui_funn.severity_heading", label=t(f"ui_funn.severity.{s}"), count=counts[s]
        ),
        key="funn.f_severity",
    )
    row = st.columns(2)
    chosen_kinds = row[0].multiselect(
        t("ui_funn.filters.kind"), kinds, format_func=_kind_label,
        placeholder=t("ui_funn.filters.all"), key="funn.f_kind",
    )
    actor = row[1].selectbox(
        t("ui_funn.filters.actor"), involved, index=None, format_func=lambda a: cmap.actor_by_id[a].name,
        placeholder=t("ui_funn.filters.actor_placeholder"), key="funn.f_actor",
    )
    return [
        p
        for p in problems
        if p.severity in severities
        and (not chosen_kinds or any(f.kind in chosen_kinds for f in p.items))
        and (actor is None or actor in p.actors)
    ]


def _problems_tab(cmap: CollaborationMap, analysis: Any, name: str) -> None:
    everything = list(analysis.problems)
    points = [p for p in everything if p.items and all(f.kind == DISCUSS for f in p.items)]
    problems = [p for p in everything if p not in points]
    left, right = st.columns([1.05, 1], gap="medium")
    with left:
        if points:
            points_to_discuss(cmap, points, st.session_state.get(_SELECTED), _select_finding)
        shown = _filter(cmap, problems)
        row = st.columns([1, 1], vertical_alignment="center")
        row[0].caption(t("ui_funn.count_line", shown=len(shown), total=len(problems),
                         findings=len(analysis.findings)))
        row[1].download_button(
            t("ui_funn.download"),
            data=later(findings_workbook, cmap, [f for p in shown for f in p.items], _titles(shown)),
            file_name=t("ui_funn.download_name"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            key="funn.download",
            on_click="ignore",
        )
        with st.container(height=640, border=False):
            if not shown:
                st.info(t("ui_funn.none_match"))
            elif len(shown) > MAX_CARDS:
                st.info(t("ui_funn.capped", count=MAX_CARDS, total=len(shown)))
            _problem_list(cmap, shown[:MAX_CARDS], Counter(p.severity for p in shown))
    with right:
        _finding_map(cmap, analysis, everything, name)


def _titles(problems: Iterable[Any]) -> dict[str, str]:
    return {key: p.title for p in problems for key in p.findings}


def _problem_list(cmap: CollaborationMap, problems: list[Any], totals: Counter[str]) -> None:
    """Problem cards grouped by severity; ``totals`` counts every problem per severity (cards may be capped)."""
    selected = st.session_state.get(_SELECTED)
    for severity in SEVERITIES:
        group = [p for p in problems if p.severity == severity]
        if not group:
            continue
        heading = t("ui_funn.severity_heading", label=t(f"ui_funn.severity.{severity}"), count=totals[severity])
        st.subheader(f"{_ICON[severity]} {heading}")
        for problem in group:
            _problem_card(cmap, problem, problem.key == selected)


def _problem_card(cmap: CollaborationMap, problem: Any, is_selected: bool) -> None:
    with st.container(border=True):
        st.markdown(f"**{plain(problem.title)}**")
        st.markdown(plain(problem.message))
        if len(problem.items) == 1:
            _rule_note(problem.items[0])
        else:
            with st.expander(t("ui_funn.findings_in_problem", count=len(problem.items))):
                for finding in problem.items:
                    st.markdown(plain(finding.message))
                    _rule_note(finding)
        if problem.actors or problem.forums:
            st.button(
                t("ui_funn.shown") if is_selected else t("ui_funn.show"),
                key=f"funn.show.{problem.key}",
                on_click=_select_finding,
                args=(problem.key,),
                type="primary" if is_selected else "secondary",
                icon=":material/my_location:",
            )


def _rule_note(finding: Any) -> None:
    """The rule's requirement and basis; its source only when the message does not cite it already."""
    rule = finding.rule
    if rule is None:
        return
    notes = [say("ui_funn.requirement", value=label("requirement", rule.requirement),
                 basis=label("basis", rule.effective_basis).lower())]
    source = readable_source(rule.source)
    if source and source not in finding.message:
        notes.append(say("ui_funn.source", source=source))
    st.caption(" · ".join(notes))


def _select_finding(key: str) -> None:
    st.session_state[_SELECTED] = key


def _clear_finding() -> None:
    st.session_state.pop(_SELECTED, None)


def _finding_map(cmap: CollaborationMap, analysis: Any, problems: list[Any], name: str) -> None:
    st.subheader(t("ui_funn.map_heading"))
    chosen = next((p for p in problems if p.key == st.session_state.get(_SELECTED)), None)
    highlight = set(chosen.actors) | set(chosen.forums) if chosen else set()
    if chosen is None:
        st.caption(t("ui_funn.map_hint"))
    else:
        _BOX.get(chosen.severity, st.info)(say("ui_funn.map_selected", message=chosen.title))
        st.button(t("ui_funn.map_clear"), key="funn.clear", on_click=_clear_finding)
    # The same picture as on the Kart page: share its positions.
    positions = st.session_state.setdefault("kart.positions", {}).setdefault((name, "two_mode"), {})
    elements = maps.map_elements(
        cmap, view="two_mode", analysis=analysis, highlight=highlight, positions=positions,
        group_above=300, expand=_groups_of(cmap, highlight),
    )
    positions.update(elements.positions)
    network_map(
        elements.nodes,
        elements.edges,
        key="funn.network",
        legend=elements.legend,
        height=620,
        view_key=repr((name, chosen.key if chosen else None)),
        fit_nodes=highlight,
    )


def _groups_of(cmap: CollaborationMap, ids: set[str]) -> set[str]:
    """Group keys to open on a big (grouped) map so the finding's actors show."""
    by_municipality = any(a.municipality for a in cmap.actors)
    actors = [cmap.actor_by_id[i] for i in ids if i in cmap.actor_by_id]
    return {a.municipality if by_municipality else a.sector for a in actors}


# ---------------------------------------------------------------- Excel


def neutralise(value: Any) -> Any:
    """Make a text cell that starts like a formula (``= + - @``) plain text.

    >>> neutralise("=1+1")
    "'=1+1"
    >>> neutralise(3)
    3
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def findings_workbook(cmap: CollaborationMap, findings: Iterable[Any], problems: dict[str, str] | None = None) -> bytes:
    """The findings as an .xlsx workbook (one sheet, one row per finding, with its problem's title)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    columns = ["severity", "problem", "kind", "message", "actors", "forums", "requirement", "source", "key"]
    problems = problems or {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(t("ui_funn.excel.sheet"))
    sheet.append([t(f"ui_funn.excel.{c}") for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for f in findings:
        rule = f.rule
        row = [
            t(f"ui_funn.severity.{f.severity}"),
            problems.get(f.key, ""),
            _kind_label(f.kind),
            f.message,
            "; ".join(node_names(cmap, f.actors)),
            "; ".join(node_names(cmap, f.forums)),
            label("requirement", rule.requirement) if rule is not None else "",
            readable_source(rule.source) if rule is not None else "",
            f.key,
        ]
        sheet.append([neutralise(v) for v in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHI", (12, 40, 30, 80, 40, 40, 12, 30, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
