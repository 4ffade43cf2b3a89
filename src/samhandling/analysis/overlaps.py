"""Overlaps: the same people meeting or working twice.

``analysis.md``, "Finding kinds":

* ``forum_overlap`` — two forums at the same ``nivå`` whose standing members
  (``leder``/``fast``/``sekretar``) have Jaccard similarity |A∩B| / |A∪B| ≥ 0.7
  with 3+ shared members and overlapping age ranges: candidates for merging.
  ``details`` give the similarity, the shared members and the meeting hours per
  month each forum costs (per member and in total). ``viktig``.
* ``initiative_overlap`` — two ``satsing`` actors (projects, programmes) with
  overlapping age ranges whose connected actors (the other initiative left out)
  have Jaccard ≥ 0.5: the same people working twice. ``viktig``.
* ``meeting_overload`` — an actor whose standing forums cost more than 20
  meeting hours per month (meetings a month × hours; ``ved_behov`` counts as one
  meeting a quarter). ``info``.

Candidate pairs come from an inverted index (member → forums, actor →
initiatives), so only pairs that share someone are ever compared; for forums
only each forum's rarest members are indexed (prefix filtering), which cannot
miss a pair above the thresholds. The measure is that of
``networkx.bipartite.overlap_weighted_projected_graph(..., jaccard=True)``
restricted to standing members, without building the projection (a test checks
they agree, and that this is 10× faster at county size).
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx

from samhandling.analysis.findings import Finding, Thresholds, actor_name, finding_key, forum_name, names, text
from samhandling.graph import standing_roles
from samhandling.i18n import number, percent
from samhandling.model import CollaborationMap, Forum
from samhandling.vocabulary import MEETINGS_PER_MONTH, STANDING_ROLES

__all__ = [
    "forum_hours_per_month",
    "meeting_hours_per_month",
    "find_forum_overlaps",
    "find_initiative_overlaps",
    "find_meeting_overload",
]


def forum_hours_per_month(forum: Forum) -> float:
    """Meeting hours one member spends in ``forum`` per month (meetings a month × duration).

    >>> forum_hours_per_month(Forum("f", "F", frequency="manedlig", duration_hours=2.0))
    2.0
    """
    return MEETINGS_PER_MONTH.get(forum.frequency, MEETINGS_PER_MONTH["ved_behov"]) * forum.duration_hours


def meeting_hours_per_month(cmap: CollaborationMap) -> dict[str, float]:
    """Return ``{actor id: meeting hours per month}`` over the actor's standing forums."""
    hours = {a.id: 0.0 for a in cmap.actors}
    for forum_id, members in standing_roles(cmap).items():
        forum = cmap.forum_by_id.get(forum_id)
        if forum is None:
            continue
        cost = forum_hours_per_month(forum)
        for actor, role in members.items():
            if role in STANDING_ROLES and actor in hours:
                hours[actor] += cost
    return hours


def _standing_members(cmap: CollaborationMap) -> dict[str, frozenset[str]]:
    return {
        forum_id: frozenset(a for a, role in members.items() if role in STANDING_ROLES)
        for forum_id, members in standing_roles(cmap).items()
    }


def _ages_overlap(a_from: int, a_to: int, b_from: int, b_to: int) -> bool:
    return a_from <= b_to and b_from <= a_to


def _candidate_pairs(
    members: dict[str, frozenset[str]], group: dict[str, str], jaccard: float, min_shared: int
) -> dict[tuple[str, str], int]:
    """Return ``{(f, g): shared members}`` for every pair in the same group that may reach the thresholds.

    Prefix filtering [1]_: order members from rarest to most common; a set of size
    n only needs its first n − α + 1 members indexed, where α = max(⌈t·n⌉,
    min_shared) is the fewest shared members a qualifying pair can have. Two sets
    with Jaccard ≥ t and ≥ min_shared in common always share a member in their
    prefixes, so no pair is missed; candidates are then counted exactly.

    References
    ----------
    .. [1] Bayardo, R. J., Ma, Y. and Srikant, R. (2007). Scaling up all pairs
       similarity search. Proceedings of WWW 2007, 131–140.
    """
    frequency: Counter[str] = Counter()
    for member_set in members.values():
        frequency.update(member_set)
    rank = {a: i for i, a in enumerate(sorted(frequency, key=lambda a: (frequency[a], a)))}
    sizes = {f: len(m) for f, m in members.items()}
    index: dict[tuple[str, str], list[str]] = {}
    shared: dict[tuple[str, str], int] = {}
    # Larger sets first, so a set only meets indexed sets at least as large (the size filter below).
    for forum_id in sorted(members, key=lambda f: (-sizes[f], f)):
        member_set = members[forum_id]
        size = sizes[forum_id]
        need = max(math.ceil(jaccard * size - 1e-9), min_shared, 1)
        if size < need:
            continue
        # The other set is at least as large, and Jaccard ≤ size / its size.
        max_other = size / jaccard + 1e-9 if jaccard > 0 else math.inf
        level = group.get(forum_id, "")
        seen: set[str] = set()
        for actor in sorted(member_set, key=rank.__getitem__)[: size - need + 1]:
            bucket = index.setdefault((actor, level), [])
            for other in bucket:
                if other in seen or sizes[other] > max_other:
                    continue
                seen.add(other)
                pair = (forum_id, other) if forum_id < other else (other, forum_id)
                shared[pair] = len(member_set & members[other])
            bucket.append(forum_id)
    return shared


def find_forum_overlaps(cmap: CollaborationMap, thresholds: Thresholds | None = None) -> list[Finding]:
    """Return a ``forum_overlap`` for each pair of forums that are candidates for merging.

    Parameters
    ----------
    cmap : CollaborationMap
    thresholds : Thresholds, optional
        ``forum_overlap_jaccard`` (default 0.7) and ``forum_overlap_min_shared`` (3).

    Returns
    -------
    list of Finding
        Sorted by key.

    Notes
    -----
    Candidate pairs come from an inverted index member → forums with prefix
    filtering (only the rarest members of each forum are indexed), so the work
    grows with the pairs that can qualify, not with the number of forum pairs.

    Examples
    --------
    >>> from samhandling.model import Actor, Membership
    >>> cmap = CollaborationMap(
    ...     actors=tuple(Actor(x, x.upper()) for x in "abc"),
    ...     forums=(Forum("f", "F"), Forum("g", "G")),
    ...     memberships=tuple(Membership(f, x) for f in "fg" for x in "abc"))
    >>> [f.key for f in find_forum_overlaps(cmap)]
    ['forum_overlap:f|g']
    """
    thresholds = thresholds or Thresholds()
    members = _standing_members(cmap)
    forums = cmap.forum_by_id
    shared = _candidate_pairs(
        {f: m for f, m in members.items() if f in forums},
        {f.id: f.level for f in forums.values()},
        thresholds.forum_overlap_jaccard,
        thresholds.forum_overlap_min_shared,
    )
    out = []
    for (f_id, g_id), count in shared.items():
        if count < max(thresholds.forum_overlap_min_shared, 1):
            continue
        f, g = forums[f_id], forums[g_id]
        if f.level != g.level or not _ages_overlap(f.age_from, f.age_to, g.age_from, g.age_to):
            continue
        union = len(members[f_id]) + len(members[g_id]) - count
        similarity = count / union
        if similarity < thresholds.forum_overlap_jaccard:
            continue
        common = sorted(members[f_id] & members[g_id])
        hours_f, hours_g = forum_hours_per_month(f), forum_hours_per_month(g)
        total = hours_f * len(members[f_id]) + hours_g * len(members[g_id])
        out.append(
            Finding(
                key=finding_key("forum_overlap", (f_id, g_id)),
                kind="forum_overlap",
                severity="viktig",
                actors=tuple(common),
                forums=(f_id, g_id),
                message=text(
                    "forum_overlap.message",
                    a=forum_name(f),
                    b=forum_name(g),
                    shared=count,
                    percent=percent(similarity),
                    names=names([actor_name(cmap.actor_by_id.get(a), a) for a in common]),
                    hours=_hours(total),
                ),
                details={
                    "similarity": round(similarity, 4),
                    "shared_members": common,
                    "hours_per_month": {f_id: round(hours_f, 2), g_id: round(hours_g, 2)},
                    "member_hours_per_month": {
                        f_id: round(hours_f * len(members[f_id]), 2),
                        g_id: round(hours_g * len(members[g_id]), 2),
                    },
                    "total_member_hours_per_month": round(total, 2),
                },
            )
        )
    return sorted(out, key=lambda f: f.key)


def _hours(value: float) -> str:
    """Hours as a Norwegian number: ``12``, ``4,3``."""
    return number(value, 1)


def find_initiative_overlaps(
    cmap: CollaborationMap, G_strong: nx.Graph, thresholds: Thresholds | None = None
) -> list[Finding]:
    """Return an ``initiative_overlap`` for each pair of initiatives working with the same actors.

    Parameters
    ----------
    cmap : CollaborationMap
    G_strong : networkx.Graph
        The collaboration network without weak edges.
    thresholds : Thresholds, optional
        ``initiative_overlap_jaccard`` (default 0.5).
    """
    thresholds = thresholds or Thresholds()
    initiatives = {a.id: a for a in cmap.actors if a.type == "satsing" and a.id in G_strong}
    reach = {i: set(G_strong[i]) - initiatives.keys() for i in initiatives}
    initiatives_of: dict[str, list[str]] = {}
    for i in sorted(initiatives):
        for actor in reach[i]:
            initiatives_of.setdefault(actor, []).append(i)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in initiatives_of.values():
        if len(ids) > 1:
            shared.update(combinations(ids, 2))
    out = []
    for (i_id, j_id), count in shared.items():
        a, b = initiatives[i_id], initiatives[j_id]
        if count < 2:  # one shared partner is a coincidence, not double work
            continue
        if not _ages_overlap(a.age_from, a.age_to, b.age_from, b.age_to):
            continue
        similarity = count / (len(reach[i_id]) + len(reach[j_id]) - count)
        if similarity < thresholds.initiative_overlap_jaccard:
            continue
        common = sorted(reach[i_id] & reach[j_id])
        out.append(
            Finding(
                key=finding_key("initiative_overlap", (i_id, j_id)),
                kind="initiative_overlap",
                severity="viktig",
                actors=(i_id, j_id),
                forums=(),
                message=text(
                    "initiative_overlap.message",
                    a=actor_name(a),
                    b=actor_name(b),
                    percent=percent(similarity),
                    names=names([actor_name(cmap.actor_by_id.get(x), x) for x in common]),
                ),
                details={"similarity": round(similarity, 4), "shared_actors": common},
            )
        )
    return sorted(out, key=lambda f: f.key)


def find_meeting_overload(
    cmap: CollaborationMap, thresholds: Thresholds | None = None, hours: dict[str, float] | None = None
) -> list[Finding]:
    """Return a ``meeting_overload`` for each actor above ``meeting_overload_hours`` a month."""
    thresholds = thresholds or Thresholds()
    hours = hours if hours is not None else meeting_hours_per_month(cmap)
    limit = thresholds.meeting_overload_hours
    out = []
    for actor in cmap.actors:
        value = hours.get(actor.id, 0.0)
        if value <= limit:
            continue
        out.append(
            Finding(
                key=finding_key("meeting_overload", [actor.id]),
                kind="meeting_overload",
                severity="info",
                actors=(actor.id,),
                forums=tuple(sorted({m.forum for m in cmap.forums_of.get(actor.id, ()) if m.role in STANDING_ROLES})),
                message=text(
                    "meeting_overload.message", name=actor_name(actor), hours=_hours(value), limit=_hours(limit)
                ),
                details={"hours_per_month": round(value, 2), "limit": limit},
            )
        )
    return out
