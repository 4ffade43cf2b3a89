""""Hva om" — try changes on a copy of a map and see their effect before saving anything.

A scenario is a list of small changes (:class:`MergeForums`, :class:`RemoveForum`,
:class:`AddMember`, :class:`RemoveMember`, :class:`AddRelation`, :class:`GiveMandate`),
each a frozen dataclass that returns a *new* map; the original is never touched.
:func:`scenario_effect` compares the base map and the changed one with the ordinary
analysis, so the facilitator sees which gaps close or open, how each actor's meeting
hours change, and which single points of failure appear or go away.

>>> from samhandling.model import CollaborationMap, Forum
>>> base = CollaborationMap(forums=(Forum("a", "A"), Forum("b", "B")))
>>> apply_changes(base, [RemoveForum("b")]).forum_by_id.keys()
dict_keys(['a'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from samhandling.errors import SamhandlingError
from samhandling.i18n import t
from samhandling.model import CollaborationMap, Membership, Relation
from samhandling.vocabulary import label

__all__ = [
    "Change",
    "MergeForums",
    "RemoveForum",
    "AddMember",
    "RemoveMember",
    "AddRelation",
    "GiveMandate",
    "ScenarioError",
    "apply_changes",
    "scenario_effect",
    "ScenarioEffect",
]

# When two forums merge, an actor keeps its strongest role of the two.
_ROLE_STRENGTH = {"leder": 4, "sekretar": 3, "fast": 2, "ved_behov": 1, "observator": 0}


class ScenarioError(SamhandlingError):
    """A change that cannot be made on this map (unknown id, duplicate member …)."""


class Change(Protocol):
    def apply(self, cmap: CollaborationMap) -> CollaborationMap: ...

    def describe(self, cmap: CollaborationMap) -> str: ...


def _forum(cmap: CollaborationMap, forum_id: str) -> Any:
    if forum_id not in cmap.forum_by_id:
        raise ScenarioError(t("scenario.unknown_forum", id=forum_id))
    return cmap.forum_by_id[forum_id]


def _actor(cmap: CollaborationMap, actor_id: str) -> Any:
    if actor_id not in cmap.actor_by_id:
        raise ScenarioError(t("scenario.unknown_actor", id=actor_id))
    return cmap.actor_by_id[actor_id]


def _name(cmap: CollaborationMap, node_id: str) -> str:
    node = cmap.actor_by_id.get(node_id) or cmap.forum_by_id.get(node_id)
    return node.name if node else node_id


@dataclass(frozen=True)
class MergeForums:
    """Merge forum ``merged`` into forum ``kept``: members join, ``merged`` goes away."""

    kept: str
    merged: str

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        kept, merged = _forum(cmap, self.kept), _forum(cmap, self.merged)
        if kept.id == merged.id:
            raise ScenarioError(t("scenario.same_forum"))
        roles: dict[str, str] = {}
        for m in cmap.members_of[kept.id] + cmap.members_of[merged.id]:
            old = roles.get(m.actor)
            if old is None or _ROLE_STRENGTH[m.role] > _ROLE_STRENGTH[old]:
                roles[m.actor] = m.role
        others = tuple(m for m in cmap.memberships if m.forum not in (kept.id, merged.id))
        joined = tuple(Membership(kept.id, actor, role) for actor, role in roles.items())
        new_kept = replace(
            kept,
            has_mandate=kept.has_mandate or merged.has_mandate,
            leader=kept.leader or merged.leader,
            age_from=min(kept.age_from, merged.age_from),
            age_to=max(kept.age_to, merged.age_to),
            topics=tuple(dict.fromkeys(kept.topics + merged.topics)),
        )
        forums = tuple(new_kept if f.id == kept.id else f for f in cmap.forums if f.id != merged.id)
        return cmap.with_changes(forums=forums, memberships=others + joined)

    def describe(self, cmap: CollaborationMap) -> str:
        return t("scenario.merge_forums", merged=_name(cmap, self.merged), kept=_name(cmap, self.kept))


@dataclass(frozen=True)
class RemoveForum:
    """Close a forum: it and its memberships go away."""

    forum: str

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        _forum(cmap, self.forum)
        return cmap.with_changes(
            forums=tuple(f for f in cmap.forums if f.id != self.forum),
            memberships=tuple(m for m in cmap.memberships if m.forum != self.forum),
        )

    def describe(self, cmap: CollaborationMap) -> str:
        return t("scenario.remove_forum", forum=_name(cmap, self.forum))


@dataclass(frozen=True)
class AddMember:
    """Let an actor sit in a forum with a role."""

    forum: str
    actor: str
    role: str = "fast"

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        _forum(cmap, self.forum)
        _actor(cmap, self.actor)
        if any(m.actor == self.actor for m in cmap.members_of[self.forum]):
            raise ScenarioError(
                t("scenario.already_member", actor=_name(cmap, self.actor), forum=_name(cmap, self.forum))
            )
        return cmap.with_changes(memberships=cmap.memberships + (Membership(self.forum, self.actor, self.role),))

    def describe(self, cmap: CollaborationMap) -> str:
        return t(
            "scenario.add_member",
            actor=_name(cmap, self.actor),
            forum=_name(cmap, self.forum),
            role=label("role", self.role).lower(),
        )


@dataclass(frozen=True)
class RemoveMember:
    """Take an actor out of a forum."""

    forum: str
    actor: str

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        _forum(cmap, self.forum)
        _actor(cmap, self.actor)
        kept = tuple(m for m in cmap.memberships if not (m.forum == self.forum and m.actor == self.actor))
        if len(kept) == len(cmap.memberships):
            raise ScenarioError(t("scenario.not_member", actor=_name(cmap, self.actor), forum=_name(cmap, self.forum)))
        return cmap.with_changes(memberships=kept)

    def describe(self, cmap: CollaborationMap) -> str:
        return t("scenario.remove_member", actor=_name(cmap, self.actor), forum=_name(cmap, self.forum))


@dataclass(frozen=True)
class AddRelation:
    """A direct link between two actors (``formalised`` = backed by an agreed routine)."""

    source: str
    target: str
    type: str = "samarbeid"
    formalised: bool = False

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        _actor(cmap, self.source)
        _actor(cmap, self.target)
        if self.source == self.target:
            raise ScenarioError(t("scenario.self_relation"))
        relation = Relation(self.source, self.target, self.type, self.formalised)
        return cmap.with_changes(relations=cmap.relations + (relation,))

    def describe(self, cmap: CollaborationMap) -> str:
        return t(
            "scenario.add_relation",
            source=_name(cmap, self.source),
            target=_name(cmap, self.target),
            type=label("relation_type", self.type).lower(),
            formal=t("scenario.formal_suffix") if self.formalised else "",
        )


@dataclass(frozen=True)
class GiveMandate:
    """Give a forum a written mandate."""

    forum: str

    def apply(self, cmap: CollaborationMap) -> CollaborationMap:
        forum = _forum(cmap, self.forum)
        updated = replace(forum, has_mandate=True)
        return cmap.with_changes(forums=tuple(updated if f.id == forum.id else f for f in cmap.forums))

    def describe(self, cmap: CollaborationMap) -> str:
        return t("scenario.give_mandate", forum=_name(cmap, self.forum))


def apply_changes(base: CollaborationMap, changes: Iterable[Change]) -> CollaborationMap:
    """Apply ``changes`` in order to a copy of ``base``; raises :class:`ScenarioError`."""
    cmap = base
    for change in changes:
        cmap = change.apply(cmap)
    return cmap


@dataclass(frozen=True)
class ScenarioEffect:
    """What a scenario does: findings closed/opened, meeting hours and single points of failure."""

    resolved: tuple[Any, ...]
    new: tuple[Any, ...]
    remaining: tuple[Any, ...]
    hours: dict[str, tuple[float, float]]  # actor id -> (before, after), only those that change
    spof_before: tuple[str, ...]
    spof_after: tuple[str, ...]


def _spofs(analysis: Any) -> tuple[str, ...]:
    return tuple(sorted(a for f in analysis.findings if f.kind == "single_point_of_failure" for a in f.actors))


def _hours(analysis: Any) -> dict[str, float]:
    return {aid: float(m.get("meeting_hours_per_month", 0.0)) for aid, m in analysis.metrics["actors"].items()}


def scenario_effect(base: CollaborationMap, changed: CollaborationMap, thresholds: Any = None) -> ScenarioEffect:
    """Analyse both maps and say what the change does."""
    from samhandling.analysis import analyze

    before, after = analyze(base, thresholds), analyze(changed, thresholds)
    keys_before = {f.key: f for f in before.findings}
    keys_after = {f.key: f for f in after.findings}
    hours_before, hours_after = _hours(before), _hours(after)
    hours = {
        aid: (hours_before.get(aid, 0.0), hours_after.get(aid, 0.0))
        for aid in sorted(set(hours_before) | set(hours_after))
        if abs(hours_before.get(aid, 0.0) - hours_after.get(aid, 0.0)) > 1e-9
    }
    return ScenarioEffect(
        resolved=tuple(f for k, f in keys_before.items() if k not in keys_after),
        new=tuple(f for k, f in keys_after.items() if k not in keys_before),
        remaining=tuple(f for k, f in keys_after.items() if k in keys_before),
        hours=hours,
        spof_before=_spofs(before),
        spof_after=_spofs(after),
    )
