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


def forum_without_mandate_findings(cmap: CollaborationMap) -> list[Finding]:
    """Return a ``forum_without_mandate`` for each system-level forum with no written mandate."""
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
        if f.level == "system" and not f.has_mandate
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
                name=r.name or r.id,
                type=label("routine_type", r.type),
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
