"""The six steps of the Veiviser (:mod:`samhandling.ui.veiviser`), one function each.

Each step gets the map's tables, the page's ``save`` (validate, store a new
revision, rerun) and the editors' generation (bumped on every save, so widgets
start afresh from what was saved). Names from the map reach the screen through
:func:`~samhandling.ui.components.plain` or as widget values, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from samhandling import catalogue
from samhandling import vocabulary as v
from samhandling.analysis.dead_ends import starts_present
from samhandling.analysis.pathway import find_pathway
from samhandling.analysis.pathway_text import start_label, step_line, stop_text
from samhandling.i18n import language, t
from samhandling.ui import state
from samhandling.ui.components import plain
from samhandling.ui.editing import records, same_rows
from samhandling.ui.kartlegging_tables import EMPTY_CHOICE, column_config, editor_frame, from_editor
from samhandling.ui.veiviser_rows import (
    Tables,
    add_actors,
    add_custom_actors,
    add_custom_forums,
    add_forums,
    add_routines,
    grid_rows,
    memberships_from_grid,
    present_categories,
    present_names,
    set_ladder,
)
from samhandling.vocabulary import fold, label

__all__ = ["actors_step", "forums_step", "grid_step", "ladder_step", "routines_step", "problems_step"]

Save = Callable[[Tables], Any]
_SEVERITY_ICON = {"kritisk": ":red[:material/error:]", "viktig": ":orange[:material/warning:]",
                  "info": ":blue[:material/info:]"}


def _table_editor(tables: Tables, table: str, columns: list[str], key: str, save: Save,
                  disabled: tuple[str, ...] = ()) -> None:
    """An editor of some columns of ``table``; an edit is merged into the full rows and saved."""
    rows = tables.get(table, [])
    if not rows:
        return
    config = column_config(table, tables)
    edited = st.data_editor(
        editor_frame(table, rows)[columns], key=key, num_rows="fixed", hide_index=True, width="stretch",
        column_config={c: config[c] for c in columns if c in config}, disabled=list(disabled),
    )
    changed = from_editor(table, [{**old, **new} for old, new in zip(rows, records(edited), strict=True)])
    if not same_rows(changed, rows):
        save({**tables, table: changed})


# --------------------------------------------------------------------------- 1 actors


def actors_step(tables: Tables, save: Save, gen: int) -> None:
    """Pick the services from the catalogue, grouped by sector; add your own; rename."""
    lang = language()
    st.caption(t("ui_veiviser.actors.intro"))
    present = present_categories(tables)
    sectors = list(dict.fromkeys(a.sector for a in catalogue.actors()))
    picked: list[str] = []
    form = st.form(f"veiviser.form.actors.{gen}", border=False)
    columns = form.columns(2, gap="large")
    for index, sector in enumerate(sectors):
        entries = [a for a in catalogue.actors() if a.sector == sector and a.category not in present]
        names = {a.category: a.shown_name(lang) for a in entries}
        with columns[index % 2]:
            picked += st.multiselect(
                label("sector", sector), list(names), format_func=names.__getitem__,
                key=f"veiviser.pick.{sector}.{gen}", placeholder=t("ui_veiviser.actors.pick_placeholder"),
                disabled=not names,
            )
    custom = form.text_area(t("ui_veiviser.actors.custom"), key=f"veiviser.custom.actors.{gen}",
                            placeholder=t("ui_veiviser.actors.custom_placeholder"), height=90)
    if form.form_submit_button(t("ui_veiviser.actors.add"), key="veiviser.submit.actors", type="primary",
                               icon=":material/group_add:"):
        added = add_custom_actors(add_actors(tables, picked, lang), custom, lang)
        if len(added["aktører"]) == len(tables.get("aktører", [])):
            st.warning(t("ui_veiviser.nothing_chosen"))
        else:
            save(added)
    if tables.get("aktører"):
        st.subheader(t("ui_veiviser.actors.in_map", count=len(tables["aktører"])))
        st.caption(t("ui_veiviser.actors.rename_help"))
        _table_editor(tables, "aktører", ["navn", "kategori", "sektor", "alder_fra", "alder_til"],
                      f"veiviser.editor.actors.{gen}", save, disabled=("kategori",))


# --------------------------------------------------------------------------- 2 forums


def _forum_facts(entry: catalogue.CatalogueForum) -> str:
    parts = [label("forum_type", entry.type), label("frequency", entry.frequency).lower()]
    if entry.bti_level:
        parts.append(t("ui_veiviser.forums.bti", level=entry.bti_level))
    return " · ".join(parts)


def forums_step(tables: Tables, save: Save, gen: int) -> None:
    """Tick the typical forums that meet here; add your own; adjust name, frequency, mandate."""
    lang = language()
    st.caption(t("ui_veiviser.forums.intro"))
    present = present_names(tables, "fora")
    picked = []
    form = st.form(f"veiviser.form.forums.{gen}", border=False)
    columns = form.columns(2, gap="large")
    for index, entry in enumerate(catalogue.forums()):
        there = fold(entry.shown_name(lang)) in present
        with columns[index % 2], st.container(border=True):
            if st.checkbox(plain(entry.shown_name(lang)), value=there, disabled=there,
                           key=f"veiviser.pick.forum.{entry.key}.{gen}") and not there:
                picked.append(entry.key)
            st.caption(plain(_forum_facts(entry)) + "  \n" + plain(entry.hint(lang)))
    custom = form.text_area(t("ui_veiviser.forums.custom"), key=f"veiviser.custom.forums.{gen}",
                            placeholder=t("ui_veiviser.forums.custom_placeholder"), height=90)
    if form.form_submit_button(t("ui_veiviser.forums.add"), key="veiviser.submit.forums", type="primary",
                               icon=":material/add_circle:"):
        added = add_custom_forums(add_forums(tables, picked, lang), custom)
        if len(added["fora"]) == len(tables.get("fora", [])):
            st.warning(t("ui_veiviser.nothing_chosen"))
        else:
            save(added)
    if tables.get("fora"):
        st.subheader(t("ui_veiviser.forums.in_map", count=len(tables["fora"])))
        _table_editor(tables, "fora", ["navn", "type", "nivå", "frekvens", "mandat", "alder_fra", "alder_til"],
                      f"veiviser.editor.forums.{gen}", save)


# --------------------------------------------------------------------------- 3 who sits where


def grid_step(tables: Tables, save: Save, gen: int) -> None:
    """One grid, actors × forums, the role in each cell; saving the grid writes the memberships."""
    actors, forums = tables.get("aktører", []), tables.get("fora", [])
    if not actors or not forums:
        st.info(t("ui_veiviser.grid.need_both"))
        return
    st.caption(t("ui_veiviser.grid.intro"))
    rows = grid_rows(tables)
    names = {str(a.get("id")): str(a.get("navn") or a.get("id")) for a in actors}
    frame = pd.DataFrame([{"navn": names[r["aktør"]], **{k: v_ or EMPTY_CHOICE for k, v_ in r.items()}}
                          for r in rows])
    options = [EMPTY_CHOICE, *v.ROLES]
    config: dict[str, Any] = {
        "navn": st.column_config.TextColumn(t("ui_veiviser.grid.actor"), disabled=True, pinned=True),
        "aktør": None,
    }
    for forum in forums:
        ident = str(forum.get("id"))
        config[ident] = st.column_config.SelectboxColumn(
            str(forum.get("navn") or ident), options=options,
            format_func=lambda w: label("role", w) if w != EMPTY_CHOICE else EMPTY_CHOICE,
        )
    edited = st.data_editor(frame, key=f"veiviser.editor.grid.{gen}", hide_index=True, num_rows="fixed",
                            column_config=config, width="stretch", height=min(38 + 35 * len(rows), 700))
    grid = [{k: ("" if val == EMPTY_CHOICE else val) for k, val in row.items()} for row in records(edited)]
    changed = memberships_from_grid(tables, grid)
    if not same_rows(changed["deltakelse"], tables.get("deltakelse", [])) or changed["fora"] != forums:
        save(changed)
    st.caption(t("ui_veiviser.grid.roles_help"))


# --------------------------------------------------------------------------- 4 the ladder


def _ladder_figure(tables: Tables) -> None:
    forums = tables.get("fora", [])
    names = {str(f.get("id")): str(f.get("navn") or f.get("id")) for f in forums}
    with st.container(border=True):
        st.markdown(f"**{t('ui_veiviser.ladder.figure')}**")
        for level in reversed(v.BTI_LEVELS):
            here = [f for f in forums if str(f.get("bti_nivå") or "") == level]
            shown = ", ".join(plain(names[str(f.get("id"))]) for f in here) or t("ui_veiviser.ladder.empty_level")
            st.markdown(f"**{plain(label('bti_level', level))}**  \n{shown}")
        moves = [f"- {plain(names[str(f.get('id'))])} → {plain(names.get(target, target))}"
                 for f in forums for target in str(f.get("videre_til") or "").split(";") if target.strip()]
        st.markdown(f"**{t('ui_veiviser.ladder.moves')}**")
        st.markdown("\n".join(moves) if moves else t("ui_veiviser.ladder.no_moves"))


def ladder_step(tables: Tables, save: Save, gen: int) -> None:
    """Per forum: its BTI level and where cases it cannot solve go next (``videre_til``)."""
    forums = tables.get("fora", [])
    if not forums:
        st.info(t("ui_veiviser.ladder.need_forums"))
        return
    st.caption(t("ui_veiviser.ladder.intro"))
    names = {str(f.get("id")): str(f.get("navn") or f.get("id")) for f in forums}
    left, right = st.columns([3, 2], gap="large")
    with left:
        for forum in forums:
            ident = str(forum.get("id"))
            level_now = str(forum.get("bti_nivå") or "")
            targets_now = [x.strip() for x in str(forum.get("videre_til") or "").split(";") if x.strip() in names]
            with st.container(border=True):
                st.markdown(f"**{plain(names[ident])}**")
                a, b = st.columns([1, 1])
                level = a.selectbox(
                    t("ui_veiviser.ladder.level"), ["", *v.BTI_LEVELS], index=["", *v.BTI_LEVELS].index(level_now)
                    if level_now in v.BTI_LEVELS else 0, key=f"veiviser.level.{ident}.{gen}",
                    format_func=lambda w: label("bti_level", w) if w else t("ui_veiviser.ladder.no_level"),
                )
                targets = b.multiselect(
                    t("ui_veiviser.ladder.next"), [f for f in names if f != ident], default=targets_now,
                    format_func=names.__getitem__, key=f"veiviser.next.{ident}.{gen}",
                    placeholder=t("ui_veiviser.ladder.next_placeholder"),
                )
            if level != level_now or targets != targets_now:
                save(set_ladder(tables, ident, level, targets))
    with right:
        _ladder_figure(tables)


# --------------------------------------------------------------------------- 5 routines


def routines_step(tables: Tables, save: Save, gen: int) -> None:
    """Pick the written routines and agreements there are (or should be); set status and parties."""
    lang = language()
    st.caption(t("ui_veiviser.routines.intro"))
    present = present_names(tables, "rutiner")
    entries = {r.key: r.shown_name(lang) for r in catalogue.routines() if fold(r.shown_name(lang)) not in present}
    form = st.form(f"veiviser.form.routines.{gen}", border=False)
    left, right = form.columns([3, 1])
    picked = left.multiselect(t("ui_veiviser.routines.pick"), list(entries), format_func=entries.__getitem__,
                              key=f"veiviser.pick.routines.{gen}",
                              placeholder=t("ui_veiviser.routines.pick_placeholder"))
    status = right.selectbox(t("ui_veiviser.routines.status"), v.ROUTINE_STATUSES,
                             index=v.ROUTINE_STATUSES.index("vedtatt"), key=f"veiviser.routine_status.{gen}",
                             format_func=lambda w: label("routine_status", w))
    custom = form.text_area(t("ui_veiviser.routines.custom"), key=f"veiviser.custom.routines.{gen}", height=90,
                            placeholder=t("ui_veiviser.routines.custom_placeholder"))
    if form.form_submit_button(t("ui_veiviser.routines.add"), key="veiviser.submit.routines", type="primary",
                               icon=":material/note_add:"):
        added = add_routines(tables, picked, custom, status, lang)
        if len(added["rutiner"]) == len(tables.get("rutiner", [])):
            st.warning(t("ui_veiviser.nothing_chosen"))
        else:
            save(added)
    if tables.get("rutiner"):
        st.subheader(t("ui_veiviser.routines.in_map", count=len(tables["rutiner"])))
        st.caption(t("ui_veiviser.routines.table_help"))
        _table_editor(tables, "rutiner", ["navn", "type", "status", "parter", "ansvarlig", "revideres"],
                      f"veiviser.editor.routines.{gen}", save)


# --------------------------------------------------------------------------- 6 problems


def _pathway(gen: int) -> None:
    cmap = state.current_map()
    starts = list(starts_present(cmap))
    st.subheader(t("ui_veiviser.problems.path_heading"))
    if not starts:
        st.info(t("ui_veiviser.problems.no_start"))
        return
    left, right = st.columns([2, 1])
    start = left.selectbox(t("ui_veiviser.problems.start"), starts, key="veiviser.path.start",
                           index=starts.index("barnehage") if "barnehage" in starts else 0,
                           format_func=lambda c: label("category", c))
    age = right.slider(t("ui_veiviser.problems.age"), 0, 24, 4, key="veiviser.path.age")
    path = find_pathway(cmap, start, int(age))
    with st.container(border=True):
        start_text = start_label(cmap, start)
        st.markdown(f"**{plain(start_text[:1].upper() + start_text[1:])}, {age}**")
        lines = [plain(step_line(cmap, n, s)) for n, s in enumerate(path.steps, 1)]
        st.markdown("\n".join(f"- {line}" for line in lines) if lines else t("ui_veiviser.problems.no_steps"))
        if path.dead_end:
            st.warning(t("ui_veiviser.problems.dead_end"))
        else:
            st.success(t("ui_veiviser.problems.reached"))
        for stop in path.stops:
            st.markdown("- " + plain(stop_text(cmap, path, stop)))


def problems_step(tables: Tables, save: Save, gen: int) -> None:
    """The map as it now is: where a concern goes, and the problems the analysis finds (as on Funn)."""
    st.caption(t("ui_veiviser.problems.intro"))
    _pathway(gen)
    problems = list(state.current_analysis().problems)
    st.subheader(t("ui_veiviser.problems.list_heading", count=len(problems)))
    if not problems:
        st.success(t("ui_veiviser.problems.none"))
    for severity in ("kritisk", "viktig", "info"):
        group = [p for p in problems if p.severity == severity]
        if not group:
            continue
        st.markdown(f"#### {_SEVERITY_ICON[severity]} {t(f'ui_funn.severity.{severity}')} ({len(group)})")
        for problem in group:
            with st.container(border=True):
                st.markdown(f"**{plain(problem.title)}**  \n{plain(problem.message)}")
