"""Quick forms of the Kartlegging page: "Ny aktør", "Nytt forum", "Ny relasjon".

Each form adds rows to the working tables and hands them to ``save`` (the page's
commit), which validates and stores them. Ids are made from names, so nobody in
the room has to invent one. Above them, "Vi er" names the workshop group this
screen speaks for; every row added here (and in the tables) is stamped with it
(``registrert_av``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from samhandling import vocabulary as v
from samhandling.i18n import number, t
from samhandling.io.cells import CellError, read_float
from samhandling.ui.components import say
from samhandling.ui.editing import slug_id, taken_ids
from samhandling.ui.kartlegging_tables import GROUP_KEY, actor_choices, current_group, keep_group
from samhandling.vocabulary import fold, label

__all__ = ["quick_forms", "group_picker", "stamp"]

Tables = dict[str, list[dict[str, Any]]]


def _has_name(tables: Tables, table: str, name: str) -> bool:
    return any(fold(r.get("navn") or "") == fold(name) for r in tables.get(table, []))


def stamp(rows: list[dict[str, Any]], group: str | None = None) -> list[dict[str, Any]]:
    """``rows`` with ``registrert_av`` set to the group (``current_group()``), when one is set."""
    group = current_group() if group is None else group
    return [{**row, "registrert_av": group} for row in rows] if group else rows


def _with(tables: Tables, **added: list[dict[str, Any]]) -> Tables:
    return {**tables, **{k: [*tables.get(k, []), *stamp(rows)] for k, rows in added.items()}}


def _keep_group() -> None:
    keep_group(str(st.session_state.get(GROUP_KEY) or ""))


def group_picker() -> str:
    """"Vi er: Gruppe 2": which workshop group or table this screen speaks for (kept in the URL)."""
    group = current_group()  # from ?gruppe= after a reload
    if GROUP_KEY not in st.session_state:
        st.session_state[GROUP_KEY] = group
    keep_group(group)  # back in the URL after a visit to another page
    st.text_input(t("ui_kartlegging.group"), key=GROUP_KEY, on_change=_keep_group, max_chars=60,
                  placeholder=t("ui_kartlegging.group_placeholder"), help=t("ui_kartlegging.group_help"))
    return current_group()


def _word_box(text_key: str, vocab: str, words: tuple[str, ...], default: str, key: str) -> str:
    return st.selectbox(t(text_key), words, index=words.index(default),
                        format_func=lambda w: label(vocab, w), key=key)


def _actor_form(tables: Tables, save: Callable[[Tables], Any]) -> None:
    with st.form("kartlegging.form.actor", clear_on_submit=True):
        st.markdown(f"**{t('ui_kartlegging.actor_form')}**")
        name = st.text_input(t("ui_kartlegging.name"), key="kartlegging.actor.name",
                             placeholder=t("ui_kartlegging.name_placeholder_actor"))
        category = st.selectbox(
            t("ui_kartlegging.category"), ["", *v.CATEGORIES], key="kartlegging.actor.category",
            format_func=lambda w: label("category", w) if w else t("ui_kartlegging.category_none"),
        )
        kind = _word_box("ui_kartlegging.actor_type", "actor_type", v.ACTOR_TYPES, "tjeneste",
                         "kartlegging.actor.type")
        sector = _word_box("ui_kartlegging.sector", "sector", v.SECTORS, "annet", "kartlegging.actor.sector")
        ages = st.slider(t("ui_kartlegging.ages"), 0, 24, (0, 24), key="kartlegging.actor.ages")
        influence = st.selectbox(
            t("ui_kartlegging.influence"), [None, *range(6)], key="kartlegging.actor.influence",
            format_func=lambda n: t("ui_kartlegging.influence_none") if n is None else str(n),
            help=t("ui_kartlegging.influence_help"),
            # Streamlit shows a None value as the placeholder, "Choose an option" unless set.
            placeholder=t("ui_kartlegging.influence_none"),
        )
        submitted = st.form_submit_button(t("ui_kartlegging.add_actor"), key="kartlegging.submit.actor",
                                          type="primary")
    if not submitted:
        return
    name = name.strip()
    if not name:
        st.error(t("ui_kartlegging.need_name"))
    elif _has_name(tables, "aktører", name):
        st.warning(say("ui_kartlegging.actor_exists", name=name))
    else:
        row = {"id": slug_id(name, taken_ids(tables)), "navn": name, "kategori": category, "type": kind,
               "sektor": sector, "alder_fra": ages[0], "alder_til": ages[1]}
        if influence is not None:
            row["innflytelse"] = influence
        save(_with(tables, aktører=[row]))


def _forum_form(tables: Tables, save: Callable[[Tables], Any]) -> None:
    choices = actor_choices(tables)
    ids = list(choices)
    with st.form("kartlegging.form.forum", clear_on_submit=True):
        st.markdown(f"**{t('ui_kartlegging.forum_form')}**")
        name = st.text_input(t("ui_kartlegging.name"), key="kartlegging.forum.name",
                             placeholder=t("ui_kartlegging.name_placeholder_forum"))
        kind = _word_box("ui_kartlegging.forum_type", "forum_type", v.FORUM_TYPES, "annet",
                         "kartlegging.forum.type")
        level = _word_box("ui_kartlegging.level", "level", v.LEVELS, "system", "kartlegging.forum.level")
        frequency = _word_box("ui_kartlegging.frequency", "frequency", v.FREQUENCIES, "ved_behov",
                              "kartlegging.forum.frequency")
        # A text box, so the room types "1,5" with a decimal comma (a number input writes "1.50").
        hours_text = st.text_input(t("ui_kartlegging.duration"), value=number(1.5), key="kartlegging.forum.hours",
                                   help=t("ui_kartlegging.duration_help"))
        leader = st.selectbox(t("ui_kartlegging.leader"), ["", *ids], key="kartlegging.forum.leader",
                              format_func=lambda i: choices.get(i, t("ui_kartlegging.leader_none")))
        # One row of chips at a fixed height (wrap=False): a list that grew while open and
        # shrank on blur moved "Legg til forum" under the pointer, and the click was lost.
        fast = st.multiselect(t("ui_kartlegging.members_fast"), ids, format_func=choices.get,
                              key="kartlegging.forum.fast", placeholder=t("ui_kartlegging.choose_actors"),
                              wrap=False, select_all=False)
        need = st.multiselect(t("ui_kartlegging.members_need"), ids, format_func=choices.get,
                              key="kartlegging.forum.need", placeholder=t("ui_kartlegging.choose_actors"),
                              wrap=False, select_all=False)
        submitted = st.form_submit_button(t("ui_kartlegging.add_forum"), key="kartlegging.submit.forum",
                                          type="primary")
    if not submitted:
        return
    name = name.strip()
    if not name:
        st.error(t("ui_kartlegging.need_name"))
        return
    if _has_name(tables, "fora", name):
        st.warning(say("ui_kartlegging.forum_exists", name=name))
        return
    try:
        hours = read_float(hours_text, 0.0)
    except CellError:
        hours = -1.0
    if not 0 <= hours <= 24:
        st.error(say("ui_kartlegging.bad_duration", value=hours_text))
        return
    forum_id = slug_id(name, taken_ids(tables))
    roles: dict[str, str] = {a: "ved_behov" for a in need}
    roles.update({a: "fast" for a in fast})
    if leader:
        roles[leader] = "leder"
    forum = {"id": forum_id, "navn": name, "type": kind, "nivå": level, "frekvens": frequency,
             "varighet_timer": hours, "leder": leader}
    members = [{"forum": forum_id, "aktør": a, "rolle": r} for a, r in roles.items()]
    save(_with(tables, fora=[forum], deltakelse=members))


def _relation_form(tables: Tables, save: Callable[[Tables], Any]) -> None:
    choices = actor_choices(tables)
    ids = list(choices)
    # A selectbox keeps its value when its options change (key-based identity): after the
    # first actors are added to an empty map it would still hold "no actor". Point it at
    # real actors before it is drawn.
    for key, position in (("kartlegging.relation.source", 0), ("kartlegging.relation.target", 1)):
        if len(ids) > position and st.session_state.get(key) not in ids:
            st.session_state[key] = ids[position]
    with st.form("kartlegging.form.relation", clear_on_submit=True):
        st.markdown(f"**{t('ui_kartlegging.relation_form')}**")
        source = st.selectbox(t("ui_kartlegging.source"), ids, format_func=choices.get,
                              key="kartlegging.relation.source", placeholder=t("ui_kartlegging.no_actors_yet"))
        target = st.selectbox(t("ui_kartlegging.target"), ids, format_func=choices.get,
                              key="kartlegging.relation.target",
                              placeholder=t("ui_kartlegging.no_actors_yet"))
        kind = _word_box("ui_kartlegging.relation_type", "relation_type", v.RELATION_TYPES, "samarbeid",
                         "kartlegging.relation.type")
        level = _word_box("ui_kartlegging.level", "level", v.LEVELS, "system", "kartlegging.relation.level")
        formalised = st.checkbox(t("ui_kartlegging.formalised"), key="kartlegging.relation.formalised")
        submitted = st.form_submit_button(t("ui_kartlegging.add_relation"), key="kartlegging.submit.relation",
                                          type="primary")
    if not submitted:
        return
    if len(ids) < 2 or not source or not target:
        st.error(t("ui_kartlegging.need_actors"))
    elif source == target:
        st.error(t("ui_kartlegging.self_relation"))
    else:
        row = {"fra": source, "til": target, "type": kind, "formalisert": formalised, "nivå": level}
        save(_with(tables, relasjoner=[row]))


def quick_forms(tables: Tables, save: Callable[[Tables], Any]) -> None:
    """The three quick forms side by side."""
    st.subheader(t("ui_kartlegging.forms_header"))
    group = group_picker()
    if group:
        st.caption(say("ui_kartlegging.group_active", group=group))
    left, middle, right = st.columns(3)
    with left:
        _actor_form(tables, save)
    with middle:
        _forum_form(tables, save)
    with right:
        _relation_form(tables, save)
