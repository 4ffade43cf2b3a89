"""Hover texts: plain text (never HTML) saying what a node or an edge is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
        actor_name = {a.id: a.name for a in cmap.actors}
        forum_name = {f.id: f.name for f in cmap.forums}
        forums_of: dict[str, list[str]] = {a: [] for a in actor_name}
        members_of: dict[str, list[str]] = {f: [] for f in forum_name}
        name_of_actor, name_of_forum = actor_name.get, forum_name.get
        for m in cmap.memberships:
            actor, forum = name_of_actor(m.actor), name_of_forum(m.forum)
            if actor is not None and forum is not None:
                forums_of[m.actor].append(forum)
                members_of[m.forum].append(actor)
        self.forums_of, self.members_of = forums_of, members_of
        # The templates of the name-list lines, formatted once per node below.
        self._forums_line = _count_and_names(_t("maps.title.forums"))
        self._members_line = _count_and_names(_t("maps.title.members"))

    def actor(self, a: Actor, measure: float) -> str:
        """Name, what it is, where, ages, forums (and the size measure)."""
        block, tail = self.actor_parts(a, measure)
        return a.name + "\n" + block + tail

    def actor_parts(self, a: Actor, measure: float) -> tuple[str, str]:
        """An actor's hover text is ``name + "\\n" + block + tail``: ``block`` (what it is, where,
        ages) is shared by many actors, ``tail`` (its own lines, each after a newline) is not."""
        block = _actor_block(self.lang, a.type, a.category, a.sector, a.municipality, a.admin_level,
                             (a.age_from, a.age_to))
        tail = ""
        if a.belongs_to:
            tail += "\n" + _t("maps.title.belongs_to", value=self.names.get(a.belongs_to, a.belongs_to))
        if a.description:
            tail += "\n" + " ".join(str(a.description).split())
        forums = self.forums_of.get(a.id)
        if forums:
            tail += "\n" + self._forums_line(len(forums), _names(forums))
        if self.size_by == "hours":
            tail += "\n" + _t("maps.title.hours", value=_number(measure))
        elif self.size_by == "betweenness":
            tail += "\n" + _t("maps.title.betweenness", value=number(measure, 2))
        return block, tail

    def edge(self, e: _Edge) -> str:
        """What links the two ends (see :func:`_edge_title`); memberships, most edges, by a short path."""
        if e.kind == "membership":
            names = self.names
            return f"{names.get(e.a, e.a)} – {names.get(e.b, e.b)}\n{_role_line(self.lang, e.data['role'])}"
        return _edge_title(e, self.names)

    def forum(self, fo: Forum) -> str:
        """Name, type, level, how often, leader, mandate, ages, members."""
        block, tail = self.forum_parts(fo)
        return fo.name + "\n" + block + tail

    def forum_parts(self, fo: Forum) -> tuple[str, str]:
        """A forum's hover text is ``name + "\\n" + block + tail`` (see :meth:`actor_parts`)."""
        block = _forum_block(self.lang, fo.type, fo.level, fo.frequency, float(fo.duration_hours),
                             bool(fo.has_mandate), (fo.age_from, fo.age_to))
        tail = ""
        if fo.leader:
            tail += "\n" + _t("maps.title.leader", value=self.names.get(fo.leader, fo.leader))
        members = self.members_of.get(fo.id)
        if members:
            tail += "\n" + self._members_line(len(members), _names(members))
        return block, tail


def _count_and_names(template: str) -> Callable[[int, str], str]:
    """``template.format(count=..., names=...)`` as a function of (count, names), a few times faster
    (a big map formats one such line per node): the template cut at its two fields once."""
    count_first = template.find("{count}") < template.find("{names}")
    first, second = ("{count}", "{names}") if count_first else ("{names}", "{count}")
    head, _, rest = template.partition(first)
    middle, found, tail = rest.partition(second)
    if "{count}" not in template or "{names}" not in template or not found or "{" in head + middle + tail:
        return lambda count, names: template.format(count=count, names=names)  # anything unusual: as written
    if count_first:
        return lambda count, names: f"{head}{count}{middle}{names}{tail}"
    return lambda count, names: f"{head}{names}{middle}{count}{tail}"


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
