"""Hover texts: plain text (never HTML) saying what a node or an edge is."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from samhandling.maps.text import _LANGUAGE, _label, _names, _number, _t
from samhandling.maps.view import _Edge, _Node
from samhandling.model import Actor, CollaborationMap, Forum

__all__ = ["_actor_title", "_forum_title", "_group_title", "_edge_title"]


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


def _actor_title(a: Actor, cmap: CollaborationMap, measure: float, size_by: str) -> str:
    """Plain-text hover: name, what it is, where, ages, forums (and the size measure)."""
    lines = [a.name, _actor_block(_LANGUAGE[0], a.type, a.category, a.sector, a.municipality, a.admin_level,
                                  (a.age_from, a.age_to))]
    if a.belongs_to:
        owner = cmap.actor_by_id.get(a.belongs_to)
        lines.append(_t("maps.title.belongs_to", value=owner.name if owner else a.belongs_to))
    if a.description:
        lines.append(" ".join(str(a.description).split()))
    forum_by_id = cmap.forum_by_id
    forums = [forum_by_id[m.forum].name for m in cmap.forums_of.get(a.id, ()) if m.forum in forum_by_id]
    if forums:
        lines.append(_t("maps.title.forums", count=len(forums), names=_names(forums)))
    if size_by == "hours":
        lines.append(_t("maps.title.hours", value=_number(measure)))
    elif size_by == "betweenness":
        lines.append(_t("maps.title.betweenness", value=f"{measure:.2f}".replace(".", ",")))
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


def _forum_title(fo: Forum, cmap: CollaborationMap) -> str:
    """Plain-text hover: name, type, level, how often, leader, mandate, ages, members."""
    actor_by_id = cmap.actor_by_id
    lines = [fo.name, _forum_block(_LANGUAGE[0], fo.type, fo.level, fo.frequency, float(fo.duration_hours),
                                   bool(fo.has_mandate), (fo.age_from, fo.age_to))]
    if fo.leader:
        leader = actor_by_id.get(fo.leader)
        lines.append(_t("maps.title.leader", value=leader.name if leader else fo.leader))
    names = [actor_by_id[m.actor].name for m in cmap.members_of.get(fo.id, ()) if m.actor in actor_by_id]
    if names:
        lines.append(_t("maps.title.members", count=len(names), names=_names(names)))
    return "\n".join(lines)


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
