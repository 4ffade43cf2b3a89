"""Coordinated services by age, and the ``age_gap`` finding.

A service or team (actor ``type`` ``tjeneste``/``team``) is **coordinated at age
x** when it is a standing member (``leder``/``fast``/``sekretar``) of a forum
that covers age x, together with at least one other such standing member that
also serves age x (``analysis.md``, ``age_gap``). :func:`coordinated_by_age`
counts them for each age 0–24: the ``age_coverage`` metric.

``age_gap`` is a maximal run of ages, inside the map's age scope (``om.alder_fra``–
``alder_til``), where that count is zero — no forum
covering the age has two such members: the "few coordinated services for
16–24" situation. One finding per run, ``details.ages`` lists the ages,
severity ``viktig``. Its key is ``age_gap:<first>-<last>`` (a run has no ids).
"""

from __future__ import annotations

from samhandling.analysis.findings import Finding, text
from samhandling.graph import standing_roles
from samhandling.model import CollaborationMap
from samhandling.vocabulary import STANDING_ROLES

__all__ = ["AGES", "SERVICE_TYPES", "coordinated_by_age", "age_gap_findings"]

AGES: range = range(0, 25)
SERVICE_TYPES: frozenset[str] = frozenset({"tjeneste", "team"})


def coordinated_by_age(cmap: CollaborationMap) -> dict[int, frozenset[str]]:
    """Return ``{age: ids of coordinated services/teams}`` for every age 0–24.

    Examples
    --------
    >>> from samhandling.model import Actor, Forum, Membership
    >>> cmap = CollaborationMap(
    ...     actors=(Actor("a", "A", age_to=5), Actor("b", "B")),
    ...     forums=(Forum("f", "F"),),
    ...     memberships=(Membership("f", "a"), Membership("f", "b")))
    >>> sorted(coordinated_by_age(cmap)[3]), sorted(coordinated_by_age(cmap)[6])
    (['a', 'b'], [])
    """
    covered: dict[int, set[str]] = {age: set() for age in AGES}
    actors = cmap.actor_by_id
    for forum_id, members in standing_roles(cmap).items():
        forum = cmap.forum_by_id.get(forum_id)
        if forum is None:
            continue
        services = [
            actors[a]
            for a, role in members.items()
            if role in STANDING_ROLES and a in actors and actors[a].type in SERVICE_TYPES
        ]
        if len(services) < 2:
            continue
        for age in range(max(forum.age_from, 0), min(forum.age_to, 24) + 1):
            serving = [s.id for s in services if s.age_from <= age <= s.age_to]
            if len(serving) >= 2:
                covered[age].update(serving)
    return {age: frozenset(ids) for age, ids in covered.items()}


def _runs(ages: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for age in ages:
        if runs and runs[-1][-1] == age - 1:
            runs[-1].append(age)
        else:
            runs.append([age])
    return runs


def age_gap_findings(cmap: CollaborationMap, coverage: dict[int, frozenset[str]] | None = None) -> list[Finding]:
    """Return one ``age_gap`` per maximal run of ages with no coordinated services.

    Parameters
    ----------
    cmap : CollaborationMap
    coverage : dict, optional
        The result of :func:`coordinated_by_age`, when already computed.
    """
    if not cmap.actors:
        return []
    coverage = coverage if coverage is not None else coordinated_by_age(cmap)
    out = []
    scope = range(max(cmap.info.age_from, 0), min(cmap.info.age_to, 24) + 1)
    for run in _runs([age for age in scope if not coverage[age]]):
        first, last = run[0], run[-1]
        ages = text("age_gap.one_age", age=first) if first == last else text("age_gap.ages", first=first, last=last)
        # Ages 13+ are "unge" (18+ never "barn og unge"), under 13 "barn".
        who = text("age_gap.who_young") if first >= 13 else (
            text("age_gap.who_children") if last >= 13 else text("age_gap.who_children_only"))
        out.append(
            Finding(
                key=f"age_gap:{first}-{last}",
                kind="age_gap",
                severity="viktig",
                actors=(),
                forums=(),
                message=text("age_gap.message", ages=ages, who=who),
                details={"ages": run},
            )
        )
    return out
