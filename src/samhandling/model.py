"""The collaboration map as small frozen dataclasses, with no I/O.

Vocabulary (Norwegian file name -> class): aktør -> :class:`Actor`, forum ->
:class:`Forum`, deltakelse -> :class:`Membership`, relasjon -> :class:`Relation`,
rutine -> :class:`Routine`, forventning -> :class:`Expectation`, and the whole map
-> :class:`CollaborationMap`. Values are the canonical words of
:mod:`samhandling.vocabulary`; defaults are those of ``dataformat.md``.

Voices in the room: every row may name the workshop group that put it in
(``recorded_by``, column ``registrert_av``). Memberships and relations that two
groups see differently, or that a group says do not exist (``finnes`` = nei), are
kept as entered in ``membership_voices``/``relation_voices``; ``memberships`` and
``relations`` hold only what every group agrees on (see :func:`membership_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

__all__ = [
    "Actor",
    "Forum",
    "Membership",
    "Relation",
    "Routine",
    "Expectation",
    "MapInfo",
    "CollaborationMap",
    "Position",
    "membership_key",
    "relation_key",
]


@dataclass(frozen=True)
class Actor:
    """A service, team, outside partner, coordinator role or initiative (``aktører``)."""

    id: str
    name: str
    category: str = ""
    type: str = "tjeneste"
    sector: str = "annet"
    admin_level: str = "kommune"
    age_from: int = 0
    age_to: int = 24
    belongs_to: str = ""
    municipality: str = ""
    description: str = ""
    influence: int | None = None  # innflytelse 0–5 (Net-Map), blank when not asked
    recorded_by: str = ""  # registrert_av: the workshop group or table, never a person


@dataclass(frozen=True)
class Forum:
    """A meeting forum where actors meet (``fora``).

    ``forwards_to`` (videre_til) names the forums its unsolved cases go on to;
    ``bti_level`` (bti_nivå) is ``"0"``–``"3"`` or blank.
    """

    id: str
    name: str
    type: str = "annet"
    level: str = "system"
    frequency: str = "ved_behov"
    duration_hours: float = 1.5
    leader: str = ""
    has_mandate: bool = False
    age_from: int = 0
    age_to: int = 24
    topics: tuple[str, ...] = ()
    forwards_to: tuple[str, ...] = ()
    bti_level: str = ""
    recorded_by: str = ""


@dataclass(frozen=True)
class Membership:
    """An actor sitting in a forum with a role (``deltakelse``)."""

    forum: str
    actor: str
    role: str = "fast"
    recorded_by: str = ""
    exists: bool = True  # finnes = nei: the group says this actor does not sit there


@dataclass(frozen=True)
class Relation:
    """A direct link from one actor to another (``relasjoner``)."""

    source: str
    target: str
    type: str = "samarbeid"
    formalised: bool = False
    level: str = "system"
    routine: str = ""
    description: str = ""
    recorded_by: str = ""
    exists: bool = True  # finnes = nei: the group says there is no such link


@dataclass(frozen=True)
class Routine:
    """A written routine, agreement, guide, plan or mandate (``rutiner``)."""

    id: str
    name: str
    type: str = "rutine"
    parties: tuple[str, ...] = ()
    status: str = "utkast"
    responsible: str = ""
    review_date: date | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class Expectation:
    """A pair that should collaborate (``forventninger``); each side a kategori or an actor id."""

    a: str
    b: str
    requirement: str = "anbefalt"
    source: str = ""
    reason: str = ""
    basis: str = ""
    duty: str = ""

    @property
    def effective_basis(self) -> str:
        """``grunnlag`` as given, else ``lov`` for a ``pakrevd`` rule and ``veileder`` for others."""
        return self.basis or ("lov" if self.requirement == "pakrevd" else "veileder")

    @property
    def effective_duty(self) -> str:
        """``plikt`` as given, else ``samarbeid``."""
        return self.duty or "samarbeid"


@dataclass(frozen=True)
class MapInfo:
    """What the map is about (optional table ``om``): title, municipality, date, description, scope.

    ``scope`` (omfang) is ``hele`` (the whole 0–24 field of the kommune) or ``utsnitt``
    (a part); ``age_from``/``age_to`` bound the ages the map is about.
    """

    title: str = ""
    municipality: str = ""
    date: date | None = None
    description: str = ""
    scope: str = "hele"
    age_from: int = 0
    age_to: int = 24


@dataclass(frozen=True)
class Position:
    """Where a node was put on the map (optional table ``posisjoner``): actor or forum id, x, y."""

    id: str
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class CollaborationMap:
    """One municipality's (or project's) collaboration map."""

    actors: tuple[Actor, ...] = ()
    forums: tuple[Forum, ...] = ()
    memberships: tuple[Membership, ...] = ()
    relations: tuple[Relation, ...] = ()
    routines: tuple[Routine, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    info: MapInfo = field(default_factory=MapInfo)
    positions: tuple[Position, ...] = ()  # the layout saved with the map (dragged in a workshop)
    # Rows as entered for links the groups see differently (or say do not exist);
    # ``memberships``/``relations`` then hold the reading every group agrees on.
    membership_voices: tuple[Membership, ...] = ()
    relation_voices: tuple[Relation, ...] = ()

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        """Actors keyed by id."""
        return {a.id: a for a in self.actors}

    @cached_property
    def forum_by_id(self) -> dict[str, Forum]:
        """Forums keyed by id."""
        return {f.id: f for f in self.forums}

    @cached_property
    def position_by_id(self) -> dict[str, tuple[float, float]]:
        """Saved node positions keyed by actor or forum id."""
        return {p.id: (p.x, p.y) for p in self.positions}

    @cached_property
    def routine_by_id(self) -> dict[str, Routine]:
        """Routines keyed by id."""
        return {r.id: r for r in self.routines}

    @cached_property
    def members_of(self) -> dict[str, tuple[Membership, ...]]:
        """Memberships keyed by forum id (every forum present, possibly empty)."""
        out: dict[str, list[Membership]] = {f.id: [] for f in self.forums}
        for m in self.memberships:
            out.setdefault(m.forum, []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def forums_of(self) -> dict[str, tuple[Membership, ...]]:
        """Memberships keyed by actor id (every actor present, possibly empty)."""
        out: dict[str, list[Membership]] = {a.id: [] for a in self.actors}
        for m in self.memberships:
            out.setdefault(m.actor, []).append(m)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def entered_memberships(self) -> tuple[Membership, ...]:
        """Memberships as the groups entered them: the agreed rows, then every voice.

        A membership in ``memberships`` whose pair has voices was derived from them
        and is left out, so writing these rows and reading them back gives the map again.
        """
        voiced = {membership_key(m) for m in self.membership_voices}
        return tuple(m for m in self.memberships if membership_key(m) not in voiced) + self.membership_voices

    @cached_property
    def entered_relations(self) -> tuple[Relation, ...]:
        """Relations as the groups entered them (see :attr:`entered_memberships`)."""
        voiced = {relation_key(r) for r in self.relation_voices}
        return tuple(r for r in self.relations if relation_key(r) not in voiced) + self.relation_voices

    def counts(self) -> dict[str, int]:
        """How many rows each table has, keyed by the English table name."""
        return {
            "actors": len(self.actors),
            "forums": len(self.forums),
            "memberships": len(self.memberships),
            "relations": len(self.relations),
            "routines": len(self.routines),
            "expectations": len(self.expectations),
        }

    def with_changes(self, **tables: object) -> CollaborationMap:
        """Return a copy with some tables replaced (the map itself never changes)."""
        return replace(self, **tables)  # type: ignore[arg-type]


def membership_key(m: Membership) -> tuple[str, str]:
    """What two rows must share to be about the same membership: ``(forum, actor)``."""
    return (m.forum, m.actor)


def relation_key(r: Relation) -> tuple[str, str]:
    """What two rows must share to be about the same link: the two actors, in either direction."""
    return (r.source, r.target) if r.source <= r.target else (r.target, r.source)
