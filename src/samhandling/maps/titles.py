"""Hover texts: plain text (never HTML) saying what a node or an edge is."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from samhandling.i18n import number
from samhandling.maps.text import _LANGUAGE, _label, _names, _number, _t
from samhandling.maps.view import _Edge, _Node
from samhandling.model import Actor, CollaborationMap, Forum

__all__ = ["_Titles", "_group_title", "_edge_title"]


@lru_cache(maxsize=4096)
def _actor_block(lang: str, kind: str, category: str, sector: str, municipality: str, level: str, ages: tuple) -> str:
    """The lines of an actor's hover text that many actors share (memoised)."""
    lines = [f"{_t('maps.title.actor')} · {_label('actor_type', kind)}"]
    if category:
        lines.append(_t("maps.title.category", value=_label("category", category)))
    lines.append(_t("maps.title.sector", value=_label("sector", sector)))
    if municipality:
        lines.append(_t("maps.title.municipality", value=municipality))
    if level != "kommune":
        lines.append(_t("maps.title.admin_level", value=_label("admin_level", level)))
    lines.append(_t("maps.title.ages", lo=ages[0], hi=ages[1]))
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def _forum_block(lang: str, kind: str, level: str, frequency: str, hours: float, mandate: bool, ages: tuple) -> str:
    """The lines of a forum's hover text that many forums share (memoised)."""
    return "\n".join(
        [
            f"{_t('maps.title.forum')} · {_label('forum_type', kind)}",
            _t("maps.title.level", value=_label("level", level)),
            _t("maps.title.meets", value=_label("frequency", frequency), hours=_number(hours)),
            _t("maps.title.mandate_yes") if mandate else _t("maps.title.mandate_no"),
            _t("maps.title.ages", lo=ages[0], hi=ages[1]),
        ]
    )


class _Titles:
    """The hover texts of one picture; the name lists are gathered once, in one pass.

    ``names`` maps actor and forum ids to their names.
    """

    def __init__(self, cmap: CollaborationMap, names: Mapping[str, str], size_by: str) -> None:
        self.names = names
        self.size_by = size_by
        self.lang = _LANGUAGE[0]
        actor_ids, forum_ids = cmap.actor_by_id, cmap.forum_by_id
        self.forums_of: dict[str, list[str]] = {}
        self.members_of: dict[str, list[str]] = {}
        for m in cmap.memberships:
            if m.actor in actor_ids and m.forum in forum_ids:
                self.forums_of.setdefault(m.actor, []).append(forum_ids[m.forum].name)
                self.members_of.setdefault(m.forum, []).append(actor_ids[m.actor].name)
        # The raw templates, formatted per node below.
        self._forums_line = _t("maps.title.forums")
        self._members_line = _t("maps.title.members")

    def actor(self, a: Actor, measure: float) -> str:
        """Name, what it is, where, ages, forums (and the size measure)."""
        text = a.name + "\n" + _actor_block(self.lang, a.type, a.category, a.sector, a.municipality,
                                             a.admin_level, (a.age_from, a.age_to))
        if a.belongs_to:
            text += "\n" + _t("maps.title.belongs_to", value=self.names.get(a.belongs_to, a.belongs_to))
        if a.description:
            text += "\n" + " ".join(str(a.description).split())
        forums = self.forums_of.get(a.id)
        if forums:
            text += "\n" + self._forums_line.format(count=len(forums), names=_names(forums))
        if self.size_by == "hours":
            text += "\n" + _t("maps.title.hours", value=_number(measure))
        elif self.size_by == "betweenness":
            text += "\n" + _t("maps.title.betweenness", value=number(measure, 2))
        return text

    def edge(self, e: _Edge) -> str:
        """What links the two ends (see :func:`_edge_title`); memberships, most edges, by a short path."""
        if e.kind == "membership":
            names = self.names
            return f"{names.get(e.a, e.a)} – {names.get(e.b, e.b)}\n{_role_line(self.lang, e.data['role'])}"
        return _edge_title(e, self.names)

    def forum(self, fo: Forum) -> str:
        """Name, type, level, how often, leader, mandate, ages, members."""
        text = fo.name + "\n" + _forum_block(self.lang, fo.type, fo.level, fo.frequency, float(fo.duration_hours),
                                              bool(fo.has_mandate), (fo.age_from, fo.age_to))
        if fo.leader:
            text += "\n" + _t("maps.title.leader", value=self.names.get(fo.leader, fo.leader))
        members = self.members_of.get(fo.id)
        if members:
            text += "\n" + self._members_line.format(count=len(members), names=_names(members))
        return text


def _group_title(n: _Node, actor_ids: Mapping[str, Any]) -> str:
    actors = sum(1 for m in n.members if m in actor_ids)
    return "\n".join(
        [
            _t("maps.title.group", name=n.name),
            _t("maps.title.group_counts", actors=actors, forums=len(n.members) - actors),
            _t("maps.title.group_hint"),
        ]
    )


@lru_cache(maxsize=64)
def _role_line(lang: str, role: str) -> str:
    return _t("maps.title.role", value=_label("role", role))


def _edge_title(e: _Edge, names: Mapping[str, str]) -> str:
    a, b = names.get(e.a, e.a), names.get(e.b, e.b)
    if e.kind == "membership":
        return f"{a} – {b}\n{_role_line(_LANGUAGE[0], e.data['role'])}"
    if e.kind == "relation":
        r = e.data["relation"]
        lines = [_t("maps.title.relation", type=_label("relation_type", r.type), source=a, target=b)]
        lines.append(_t("maps.title.formalised") if r.formalised else _t("maps.title.informal"))
        if r.description:
            lines.append(" ".join(str(r.description).split()))
        return "\n".join(lines)
    if e.kind == "group_link":
        return f"{a} – {b}\n" + _t("maps.title.group_link", count=e.data["count"])
    lines = [f"{a} – {b}"]
    forums = [names.get(f, f) for f in e.data.get("forums", ())]
    if forums:
        lines.append(_t("maps.title.shared_forums", names=_names(forums)))
    relations = [_label("relation_type", r.type) for r in e.data.get("relations", ())]
    if relations:
        lines.append(_t("maps.title.relations", names=", ".join(relations)))
    if e.data.get("weak"):
        lines.append(_t("maps.title.weak"))
    lines.append(_t("maps.title.structured") if e.data.get("structured") else _t("maps.title.unstructured"))
    return "\n".join(lines)
