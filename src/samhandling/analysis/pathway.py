"""Where a concern goes on the BTI ladder, and where it stops: :func:`find_pathway`.

A concern about a child starts in a service (a ``barnehage``, a ``skole``), goes to a
tverrfaglig team or samarbeidsmøte (BTI nivå 2) and on to coordinated help (nivå 3).
The map tells that ladder through ``fora.videre_til`` and ``fora.bti_nivå``
(``dataformat.md``). The path for a start (an actor id or a kategori), an age and
optionally a theme is built so:

1. **Start.** The actors of the start that serve the age. None: stop ``no_service``.
2. **Entry.** The ladder forums they sit in (any role but ``observator``) that cover
   the age and the theme. A forum is *on the ladder* when it has a ``bti_nivå``, a
   ``videre_til``, or is named in another forum's ``videre_til``. None: stop ``no_forum``.
3. **Up.** From a forum, the next is the first of its ``videre_til`` (lowest nivå, then
   id) that covers the age and theme and is not yet on the path. A forum with no
   ``videre_til`` at all goes on to a forum exactly one nivå up that covers the age and
   theme and shares a standing member (``leder``, ``fast``, ``sekretar``) with it. A
   forum with a ``videre_til`` that fits none goes nowhere. The path ends at nivå 3.
4. **Choice.** Every entry forum gives a path; the one kept reaches coordination (see
   below), then the highest nivå, then starts lowest (a concern starts low), then has the fewest stops, then the
   entry id.

Stops, in path order (:data:`STOP_REASONS`): the path ends with ``no_service``,
``no_forum``, ``no_next`` (below nivå 3) or ``no_coordinator`` (nivå 3 reached but no
actor of kategori ``barnekoordinator``, ``koordinator`` or ``koordinerende_enhet``
among its members); on the way a concern may stop at a forum where the start sits
only ``ved_behov`` (``only_ved_behov``), a forum with no mandate (``no_mandate``) or no
leader (``no_leader``).

A path *reaches coordination* when it gets to nivå 3, or to a forum where a
``barnekoordinator``, ``koordinator`` or ``koordinerende_enhet`` sits as leader or
standing member: they open the door to nivå 3 (ansvarsgruppe, individuell plan) even
where the map shows no standing nivå-3 forum, so the path ends there without
``no_next``. A path that does neither is a *dead end*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from samhandling.model import CollaborationMap, Forum
from samhandling.vocabulary import ROLES, STANDING_ROLES, fold

__all__ = [
    "Step",
    "Stop",
    "Pathway",
    "STOP_REASONS",
    "END_REASONS",
    "COORDINATOR_CATEGORIES",
    "START_CATEGORIES",
    "start_actors",
    "find_pathway",
    "has_ladder",
]

STOP_REASONS: tuple[str, ...] = (
    "no_service",
    "no_forum",
    "only_ved_behov",
    "no_mandate",
    "no_leader",
    "no_next",
    "no_coordinator",
)
END_REASONS: frozenset[str] = frozenset({"no_service", "no_forum", "no_next", "no_coordinator"})
COORDINATOR_CATEGORIES: frozenset[str] = frozenset({"barnekoordinator", "koordinator", "koordinerende_enhet"})
# The services where a concern about a child typically starts, youngest first.
START_CATEGORIES: tuple[str, ...] = (
    "helsestasjon",
    "barnehage",
    "skole",
    "skolehelsetjeneste",
    "vgs",
    "hfu",
    "ot",
    "nav",
    "fastlege",
)
TOP_LEVEL = 3
_ROLE_RANK = {r: i for i, r in enumerate(ROLES)}


@dataclass(frozen=True)
class Step:
    """One forum on the path: who sits there (``(actor, role)``), how often it meets, how it was reached.

    ``via`` is ``start`` (the start sits there), ``videre_til`` or ``level_up``.
    """

    forum: str
    level: int | None
    frequency: str
    members: tuple[tuple[str, str], ...]
    via: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "forum": self.forum,
            "bti_nivå": self.level,
            "frekvens": self.frequency,
            "via": self.via,
            "medlemmer": [{"aktør": a, "rolle": r} for a, r in self.members],
        }


@dataclass(frozen=True)
class Stop:
    """A place where the concern stops or may stop: a reason code and the forum (blank before any)."""

    reason: str
    forum: str = ""


@dataclass(frozen=True)
class Pathway:
    """The path of a concern from ``start`` at ``age`` up the ladder, and its stops."""

    start: str
    age: int
    theme: str
    actors: tuple[str, ...]
    steps: tuple[Step, ...]
    stops: tuple[Stop, ...]
    coordinator: str = ""

    @property
    def top_level(self) -> int | None:
        """The highest BTI nivå the path reaches (``None`` when no step has one)."""
        levels = [s.level for s in self.steps if s.level is not None]
        return max(levels) if levels else None

    @property
    def dead_end(self) -> bool:
        """True when the path reaches neither nivå 3 nor a forum where a coordinator sits."""
        return (self.top_level or -1) < TOP_LEVEL and not self.coordinator

    @property
    def end(self) -> Stop | None:
        """How the path ends (``no_service``, ``no_forum``, ``no_next``, ``no_coordinator``), or None."""
        return next((s for s in self.stops if s.reason in END_REASONS), None)

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``samhandling vei --json`` (``analysis.md``, "Pathways")."""
        end = self.end
        return {
            "fra": self.start,
            "alder": self.age,
            "tema": self.theme,
            "aktører": list(self.actors),
            "steg": [s.to_dict() for s in self.steps],
            "høyeste_nivå": self.top_level,
            "koordinator": self.coordinator or None,
            "blindvei": self.dead_end,
            "slutt": {"grunn": end.reason, "forum": end.forum} if end else None,
            "stopp": [{"grunn": s.reason, "forum": s.forum} for s in self.stops],
        }


def start_actors(cmap: CollaborationMap, start: str) -> tuple[str, ...]:
    """The actor ids a start names: the actor with that id, else every actor of that kategori.

    >>> from samhandling.model import Actor
    >>> cmap = CollaborationMap(actors=(Actor("bh-a", "A", "barnehage"), Actor("bh-b", "B", "barnehage")))
    >>> start_actors(cmap, "barnehage"), start_actors(cmap, "bh-b"), start_actors(cmap, "nav")
    (('bh-a', 'bh-b'), ('bh-b',), ())
    """
    if start in cmap.actor_by_id:
        return (start,)
    return tuple(sorted(a.id for a in cmap.actors if a.category == start))


def has_ladder(cmap: CollaborationMap) -> bool:
    """True when some forum has a ``bti_nivå`` or a ``videre_til``."""
    return any(f.bti_level or f.forwards_to for f in cmap.forums)


def find_pathway(cmap: CollaborationMap, start: str, age: int, theme: str = "") -> Pathway:
    """Return the path of a concern from ``start`` (actor id or kategori) at ``age`` up the BTI ladder.

    Parameters
    ----------
    cmap : CollaborationMap
    start : str
        An actor id, or a kategori word such as ``barnehage``.
    age : int
        The child's age, 0–24.
    theme : str, optional
        Keep to forums whose ``tema`` mentions it (a forum with no ``tema`` takes any).

    Raises
    ------
    ValueError
        When ``start`` names no actor and no kategori of the map.

    Examples
    --------
    A kindergarten sits in a team (nivå 2) that sends cases on to an ansvarsgruppe
    (nivå 3) led by the barnekoordinator; the team has no mandate:

    >>> from samhandling.model import Actor, Forum, Membership
    >>> cmap = CollaborationMap(
    ...     actors=(Actor("bh", "Barnehage", "barnehage", age_to=5),
    ...             Actor("bk", "Barnekoordinator", "barnekoordinator")),
    ...     forums=(Forum("team", "Team", leader="bh", bti_level="2", forwards_to=("ag",)),
    ...             Forum("ag", "Ansvarsgruppe", leader="bk", has_mandate=True, bti_level="3")),
    ...     memberships=(Membership("team", "bh"), Membership("ag", "bk")))
    >>> path = find_pathway(cmap, "barnehage", 4)
    >>> [(s.forum, s.level, s.via) for s in path.steps], path.dead_end
    ([('team', 2, 'start'), ('ag', 3, 'videre_til')], False)
    >>> [(s.reason, s.forum) for s in path.stops]
    [('no_mandate', 'team')]
    >>> find_pathway(cmap, "barnehage", 7).end
    Stop(reason='no_service', forum='')
    """
    named = start_actors(cmap, start)
    if not named:
        raise ValueError(f"start {start!r} is neither an actor id nor a kategori in the map")
    actors = tuple(a for a in named if _serves(cmap.actor_by_id[a].age_from, cmap.actor_by_id[a].age_to, age))
    if not actors:
        return Pathway(start, age, theme, (), (), (Stop("no_service"),))
    ladder = _ladder_forums(cmap)
    roles: dict[str, str] = {}
    for actor in actors:
        for m in cmap.forums_of.get(actor, ()):
            forum = cmap.forum_by_id.get(m.forum)
            if forum is None or m.forum not in ladder or m.role == "observator" or not _fits(forum, age, theme):
                continue
            roles[m.forum] = min(roles.get(m.forum, m.role), m.role, key=_role_rank)
    if not roles:
        return Pathway(start, age, theme, actors, (), (Stop("no_forum"),))
    candidates = [_climb(cmap, entry, roles[entry], age, theme) for entry in sorted(roles)]
    steps, stops = min(candidates, key=lambda c: _preference(cmap, c))
    return Pathway(start, age, theme, actors, steps, stops, _coordinator(cmap, steps))


def _serves(age_from: int, age_to: int, age: int) -> bool:
    return age_from <= age <= age_to


def _fits(forum: Forum, age: int, theme: str) -> bool:
    if not _serves(forum.age_from, forum.age_to, age):
        return False
    return not theme or not forum.topics or any(fold(theme) in fold(topic) for topic in forum.topics)


def _level(forum: Forum) -> int | None:
    return int(forum.bti_level) if forum.bti_level.isdigit() else None


def _role_rank(role: str) -> int:
    # Standing roles first (leder, fast, sekretar), then ved_behov.
    return (0 if role in STANDING_ROLES else 1) * 10 + _ROLE_RANK.get(role, 9)


def _ladder_forums(cmap: CollaborationMap) -> frozenset[str]:
    named = {target for f in cmap.forums for target in f.forwards_to}
    return frozenset(f.id for f in cmap.forums if f.bti_level or f.forwards_to or f.id in named)


def _standing(cmap: CollaborationMap, forum_id: str) -> set[str]:
    return {m.actor for m in cmap.members_of.get(forum_id, ()) if m.role in STANDING_ROLES}


def _step(cmap: CollaborationMap, forum: Forum, via: str) -> Step:
    members = sorted(cmap.members_of.get(forum.id, ()), key=lambda m: (_role_rank(m.role), m.actor))
    return Step(forum.id, _level(forum), forum.frequency, tuple((m.actor, m.role) for m in members), via)


def _weak_points(cmap: CollaborationMap, forum: Forum) -> list[Stop]:
    stops = []
    if not forum.has_mandate:
        stops.append(Stop("no_mandate", forum.id))
    if not forum.leader and not any(m.role == "leder" for m in cmap.members_of.get(forum.id, ())):
        stops.append(Stop("no_leader", forum.id))
    return stops


def _next(cmap: CollaborationMap, forum: Forum, seen: set[str], age: int, theme: str) -> tuple[Forum, str] | None:
    def usable(candidates: Iterable[Forum]) -> list[Forum]:
        return [f for f in candidates if f.id not in seen and _fits(f, age, theme)]

    if forum.forwards_to:
        targets = usable(cmap.forum_by_id[x] for x in forum.forwards_to if x in cmap.forum_by_id)
        targets.sort(key=lambda f: (_level(f) if _level(f) is not None else 9, f.id))
        return (targets[0], "videre_til") if targets else None
    level = _level(forum)
    if level is None:
        return None
    standing = _standing(cmap, forum.id)
    ups = usable(f for f in cmap.forums if _level(f) == level + 1 and standing & _standing(cmap, f.id))
    return (min(ups, key=lambda f: f.id), "level_up") if ups else None


def _climb(
    cmap: CollaborationMap, entry: str, role: str, age: int, theme: str
) -> tuple[tuple[Step, ...], tuple[Stop, ...]]:
    forum = cmap.forum_by_id[entry]
    steps = [_step(cmap, forum, "start")]
    stops = [Stop("only_ved_behov", entry)] if role not in STANDING_ROLES else []
    seen = {entry}
    while True:
        stops += _weak_points(cmap, forum)
        level = _level(forum)
        if level is not None and level >= TOP_LEVEL:
            members = (cmap.actor_by_id.get(a) for a, _ in steps[-1].members)
            if not any(a is not None and a.category in COORDINATOR_CATEGORIES for a in members):
                stops.append(Stop("no_coordinator", forum.id))
            break
        found = _next(cmap, forum, seen, age, theme)
        if found is None:
            if not _coordinator(cmap, steps):
                stops.append(Stop("no_next", forum.id))
            break
        forum, via = found
        seen.add(forum.id)
        steps.append(_step(cmap, forum, via))
    return tuple(steps), tuple(stops)


def _coordinator(cmap: CollaborationMap, steps: Iterable[Step]) -> str:
    """The first coordinator sitting (as leader or standing member) in a step, or ``""``."""
    for step in steps:
        for actor_id, role in step.members:
            actor = cmap.actor_by_id.get(actor_id)
            if role in STANDING_ROLES and actor is not None and actor.category in COORDINATOR_CATEGORIES:
                return actor_id
    return ""


def _preference(cmap: CollaborationMap, candidate: tuple[tuple[Step, ...], tuple[Stop, ...]]) -> tuple:
    """Sort key of a candidate path: reaches coordination, highest nivå, starts lowest, fewest stops, id."""
    steps, stops = candidate
    top = max((s.level for s in steps if s.level is not None), default=-1)
    reached = top >= TOP_LEVEL or bool(_coordinator(cmap, steps))
    first = steps[0].level if steps[0].level is not None else -1
    return (not reached, -top, first, len(stops), steps[0].forum)
