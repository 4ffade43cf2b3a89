"""Findings, thresholds and the small text helpers every finding kind shares.

A :class:`Finding` is one gap or overlap that a workshop or a leader should look
at (``analysis.md``, "Finding kinds"): its ``kind``, a ``severity``
(``kritisk``, ``viktig``, ``info``), the actors and forums involved, one plain
Norwegian ``message`` (from ``locales/nb/findings.yaml``), the broken rule if
any, and ``details`` for the app. Its ``key`` — the kind plus the sorted ids it is
about — is stable across two versions of a map, so a before/after comparison can
match findings.

:class:`Thresholds` holds every number a user may change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any

from samhandling.i18n import language, t
from samhandling.model import Actor, Expectation, Forum
from samhandling.vocabulary import label

__all__ = [
    "Finding",
    "PairFinding",
    "Thresholds",
    "SEVERITIES",
    "KINDS",
    "finding_key",
    "sort_findings",
    "text",
    "actor_name",
    "forum_name",
    "names",
    "side_label",
]

SEVERITIES: tuple[str, ...] = ("kritisk", "viktig", "info")

KINDS: tuple[str, ...] = (
    "missing_expected",
    "informal_only",
    "indirect_only",
    "missing_function",
    "isolated_actor",
    "transition_gap",
    "age_gap",
    "single_point_of_failure",
    "sector_silo",
    "forum_without_mandate",
    "forum_without_leader",
    "routine_missing",
    "routine_overdue",
    "forum_overlap",
    "initiative_overlap",
    "meeting_overload",
    "pathway_dead_end",
    "disagreement",
)


@dataclass(frozen=True)
class Thresholds:
    """The numbers behind the findings; every default is the one in ``analysis.md``.

    Parameters
    ----------
    forum_overlap_jaccard : float
        Minimum Jaccard similarity of two forums' standing members (0.7).
    forum_overlap_min_shared : int
        Minimum number of shared standing members (3).
    initiative_overlap_jaccard : float
        Minimum Jaccard similarity of two initiatives' connected actors (0.5).
    meeting_overload_hours : float
        An actor above this many standing meeting hours per month is overloaded (20).
    betweenness_exact_max_nodes : int
        Betweenness is exact up to this many actors, sampled above it (1,500).
    betweenness_samples : int
        Number of sampled source actors for approximate betweenness (200).
    seed : int
        Seed of the betweenness sample, so results repeat.
    practice_rules : bool
        Also apply rules whose ``grunnlag`` is ``praksis`` (off by default; CLI ``--praksis``).
    today : datetime.date or None
        The date ``routine_overdue`` compares with; ``None`` means the real today.
    """

    forum_overlap_jaccard: float = 0.7
    forum_overlap_min_shared: int = 3
    initiative_overlap_jaccard: float = 0.5
    meeting_overload_hours: float = 20.0
    betweenness_exact_max_nodes: int = 1500
    betweenness_samples: int = 200
    seed: int = 42
    today: date | None = None
    practice_rules: bool = False

    def effective_today(self) -> date:
        """``today`` if set, else the real date."""
        return self.today or date.today()


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap or overlap (``analysis.md``, "Finding kinds").

    ``actors`` and ``forums`` are ids, sorted; ``rule`` is the expectation that was
    broken, or ``None``; ``details`` is a JSON-serialisable dict.
    """

    key: str
    kind: str
    severity: str
    actors: tuple[str, ...]
    forums: tuple[str, ...]
    message: str
    rule: Expectation | None = None
    details: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The finding as in the JSON of ``samhandling analyze --json``."""
        rule = None
        if self.rule is not None:
            rule = {
                "a": self.rule.a,
                "b": self.rule.b,
                "krav": self.rule.requirement,
                "grunnlag": self.rule.effective_basis,
                "kilde": self.rule.source,
                "plikt": self.rule.effective_duty,
            }
        return {
            "key": self.key,
            "kind": self.kind,
            "severity": self.severity,
            "actors": list(self.actors),
            "forums": list(self.forums),
            "message": self.message,
            "rule": rule,
            "details": self.details,
        }


_set = object.__setattr__


class PairFinding(Finding):
    """A :class:`Finding` whose ``message`` is written when it is read.

    A country map has half a million expected-pair findings, and the text of the
    CLI prints ten of them per problem: keeping each one's sentence as a template
    (already in the language of the analysis), the two names and the shared rest of
    the sentence saves building ~150 MB of strings that are never read. What pairs
    share — kind, severity, rule, ``details``, template and rest of the sentence — is
    one tuple for all of them (``shared``), so making one sets eight fields, not eleven
    (``kind`` and ``severity``, read several times per finding, stay plain fields).
    The value of ``message`` is exactly the sentence a plain :class:`Finding` would
    hold; equality, hashing and :meth:`~Finding.to_dict` read it like any field, and
    pickling gives a plain :class:`Finding`.
    """

    __slots__ = ("_a", "_b", "_shared")

    def __init__(self, key: str, actors: tuple[str, ...], forums: tuple[str, ...], a: str, b: str,
                 shared: tuple[str, str, Expectation | None, dict[str, Any], str, str]) -> None:
        _set(self, "key", key)
        _set(self, "kind", shared[0])
        _set(self, "severity", shared[1])
        _set(self, "actors", actors)
        _set(self, "forums", forums)
        _set(self, "_a", a)
        _set(self, "_b", b)
        _set(self, "_shared", shared)

    @staticmethod
    def shared(kind: str, severity: str, rule: Expectation | None, details: dict[str, Any], what: str,
               rest: str) -> tuple[str, str, Expectation | None, dict[str, Any], str, str]:
        """The part of a pair finding that many pairs share, in the order :class:`PairFinding` reads it."""
        return (kind, severity, rule, details, what, rest)

    rule = property(lambda self: self._shared[2], doc="The broken rule.")  # type: ignore[assignment]
    details = property(lambda self: self._shared[3], doc="Read-only: shared by many pairs.")  # type: ignore[assignment]

    @property
    def message(self) -> str:  # type: ignore[override]
        """The template with the two names filled in, then the rest of the sentence."""
        shared = self._shared
        return shared[4].format(a=self._a, b=self._b) + shared[5]

    def __eq__(self, other: object) -> bool:
        # A plain Finding with the same values is equal (its own __eq__ asks for the same class).
        if not isinstance(other, Finding):
            return NotImplemented
        return _compared(self) == _compared(other)

    __hash__ = Finding.__hash__

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Finding, (self.key, self.kind, self.severity, self.actors, self.forums, self.message, self.rule,
                          self.details))


def _compared(f: Finding) -> tuple[Any, ...]:
    return (f.key, f.kind, f.severity, f.actors, f.forums, f.message, f.rule)


def finding_key(kind: str, ids: Iterable[str]) -> str:
    """Return ``kind:id1|id2|...`` with the ids sorted and unique.

    >>> finding_key("missing_expected", ["skole-a", "barnevern"])
    'missing_expected:barnevern|skole-a'
    """
    return f"{kind}:" + "|".join(sorted(set(ids)))


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Sort by severity (kritisk, viktig, info), then kind (in ``KINDS`` order), then key."""
    sev = {s: i for i, s in enumerate(SEVERITIES)}
    kind = {k: i for i, k in enumerate(KINDS)}
    # One pass puts each finding in the bucket of its severity and kind rank, then each
    # bucket is sorted by key: cheaper than a tuple key on half a million findings.
    buckets: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        rank = (sev.get(f.severity, len(SEVERITIES)), kind.get(f.kind, len(KINDS)))
        bucket = buckets.get(rank)
        if bucket is None:
            bucket = buckets[rank] = []
        bucket.append(f)
    by_key = attrgetter("key")
    ordered: list[Finding] = []
    for rank in sorted(buckets):
        ordered += sorted(buckets[rank], key=by_key)
    return tuple(ordered)


def text(key: str, **values: Any) -> str:
    """A sentence from ``locales/<lang>/findings.yaml``, formatted with ``values``."""
    template = _template(language(), key)
    return template.format(**values) if values else template


@cache
def _template(lang: str, key: str) -> str:
    # One catalogue walk per key and language: a big map formats a sentence per finding.
    return str(t(f"findings.{key}"))


def actor_name(actor: Actor | None, fallback: str = "") -> str:
    """An actor's display name (its id when the name is blank)."""
    if actor is None:
        return fallback
    return actor.name or actor.id


def forum_name(forum: Forum | None, fallback: str = "") -> str:
    """A forum's display name (its id when the name is blank)."""
    if forum is None:
        return fallback
    return forum.name or forum.id


def names(items: Iterable[str], limit: int = 5) -> str:
    """Join names as Norwegian prose: ``A``, ``A og B``, ``A, B og C``, ``A, B, C og 4 andre``.

    Names that hold a comma themselves are separated by semicolons instead.

    >>> names(["A", "B", "C"])
    'A, B og C'
    >>> names(["A", "B", "C", "D"], limit=2)
    'A, B og 2 andre'
    >>> names(["Koordinator, Hammerfest", "Koordinator, Alta"])
    'Koordinator, Hammerfest og Koordinator, Alta'
    >>> names(["Koordinator, Hammerfest", "Koordinator, Alta", "NAV"])
    'Koordinator, Hammerfest; Koordinator, Alta og NAV'
    """
    items = list(items)
    if not items:
        return ""
    separator = "; " if any("," in item for item in items[:limit]) else ", "
    if len(items) > limit:
        rest = len(items) - limit
        tail = text("and_one_other") if rest == 1 else text("and_others", count=rest)
        return separator.join(items[:limit]) + " " + tail
    if len(items) == 1:
        return items[0]
    return separator.join(items[:-1]) + " " + text("and") + " " + items[-1]


def side_label(side: str, actors_by_id: dict[str, Actor], is_category: bool = True) -> str:
    """How a rule side reads in a sentence: the kategori's label, or an actor's name.

    Labels start lower case inside a sentence unless they are abbreviations
    (``grunnskole``, but ``NAV``, ``PPT``).
    """
    actor = actors_by_id.get(side)
    if actor is not None and not is_category:
        return actor_name(actor)
    word = label("category", side)
    if len(word) > 1 and word[1].islower():
        return word[0].lower() + word[1:]
    return word
