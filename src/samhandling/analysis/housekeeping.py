"""Gaps in the paperwork of collaboration: forums and routines (all ``info``).

``analysis.md``, "Finding kinds":

* ``forum_without_mandate`` — a ``system`` forum with no written mandate.
* ``forum_without_leader`` — a forum with no ``leder``, neither in the
  ``leder`` column nor as a membership role.
* ``routine_missing`` — a routine with status ``mangler`` or ``planlagt``.
* ``routine_overdue`` — a routine whose ``revideres`` date has passed (before
  ``Thresholds.today``).
"""

from __future__ import annotations

from datetime import date

from samhandling.analysis.findings import Finding, actor_name, finding_key, forum_name, names, text
from samhandling.model import CollaborationMap, Routine
from samhandling.vocabulary import label

__all__ = [
    "forum_without_mandate_findings",
    "forum_without_leader_findings",
    "routine_missing_findings",
    "routine_overdue_findings",
]


_OWN_LEVELS = frozenset({"kommune", "interkommunalt"})


def _led_by_own_actors(cmap: CollaborationMap, forum_id: str, leader: str) -> bool:
    """True when the map's own actors (kommunal or interkommunal) lead the forum.

    The leader is the ``leder`` column or a member with role ``leder``; a forum with
    no leader at all is counted as the map's own (it has no one else to fix it).
    """
    leaders = {leader} if leader else set()
    leaders |= {m.actor for m in cmap.members_of.get(forum_id, ()) if m.role == "leder"}
    if not leaders:
        return True
    actors = cmap.actor_by_id
    return any(a in actors and actors[a].admin_level in _OWN_LEVELS for a in leaders)


def _named(kind: str, name: str) -> str:
    """``Handlingsveileder «Plan for …»``, but not ``Handlingsveileder «Handlingsveileder …»``."""
    return f"«{name}»" if name.lower().startswith(kind.lower()) else f"{kind} «{name}»"


def forum_without_mandate_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return a ``forum_without_mandate`` for each system-level forum with no written mandate
    that the map's own actors lead (a regional forum led from outside is not theirs to fix)."""
    return [
        Finding(
            key=finding_key("forum_without_mandate", [f.id]),
            kind="forum_without_mandate",
            severity="info",
            actors=(),
            forums=(f.id,),
            message=text("forum_without_mandate.message", name=forum_name(f)),
            details={},
        )
        for f in cmap.forums
        if f.level == "system" and not f.has_mandate and _led_by_own_actors(cmap, f.id, f.leader)
    ]


def forum_without_leader_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return a ``forum_without_leader`` for each forum with no leader in the column or by role."""
    led = {m.forum for m in cmap.memberships if m.role == "leder"}
    return [
        Finding(
            key=finding_key("forum_without_leader", [f.id]),
            kind="forum_without_leader",
            severity="info",
            actors=(),
            forums=(f.id,),
            message=text("forum_without_leader.message", name=forum_name(f)),
            details={},
        )
        for f in cmap.forums
        if not f.leader and f.id not in led
    ]


def _parties(cmap: CollaborationMap, routine: Routine) -> str:
    return names([actor_name(cmap.actor_by_id.get(p), p) for p in routine.parties]) or text("routine.no_parties")


def routine_missing_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return a ``routine_missing`` for each routine with status ``mangler`` or ``planlagt``."""
    return [
        Finding(
            key=finding_key("routine_missing", [r.id]),
            kind="routine_missing",
            severity="info",
            actors=tuple(sorted(set(r.parties))),
            forums=(),
            message=text(
                f"routine_missing.{r.status}",
                named=_named(label("routine_type", r.type), r.name or r.id),
                parties=_parties(cmap, r),
            ),
            details={"routine": r.id, "status": r.status},
        )
        for r in cmap.routines
        if r.status in ("mangler", "planlagt")
    ]


def routine_overdue_findings(cmap: CollaborationMap, today: date) -> list[Finding]:
    """Return a ``routine_overdue`` for each routine whose review date is before ``today``."""
    return [
        Finding(
            key=finding_key("routine_overdue", [r.id]),
            kind="routine_overdue",
            severity="info",
            actors=tuple(sorted(set(r.parties))),
            forums=(),
            message=text(
                "routine_overdue.message",
                name=r.name or r.id,
                date=f"{r.review_date.day}.{r.review_date.month}.{r.review_date.year}",
                parties=_parties(cmap, r),
            ),
            details={"routine": r.id, "review_date": r.review_date.isoformat(), "today": today.isoformat()},
        )
        for r in cmap.routines
        if r.review_date is not None and r.review_date < today
    ]
