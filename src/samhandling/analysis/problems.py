"""Findings grouped into problems: what a workshop or a leadership meeting reads (``analysis.md``).

Every finding lands in exactly one :class:`Problem`. The grouping, in order:

1. a ``transition_gap`` takes the pair findings of its transition (between the same
   two kategorier, among the same actors): the same gap is never counted twice;
2. ``missing_function`` findings: one checklist problem (``missing_function:*``);
3. ``pathway_dead_end`` findings: one problem per start kategori (``pathway_dead_end:<kategori>|*``);
   ``meeting_overload``, ``routine_missing``, ``routine_overdue``,
   ``forum_without_mandate``, ``forum_without_leader``, ``isolated_actor``: one problem
   per kind (``<kind>:*``);
4. pair findings (``missing_expected``, ``informal_only``, ``indirect_only``) of one kind
   and one severity: between two kategorier where both sides have several actors, in
   one kommune (``<kind>:<severity>:kategori:<a>|<b>[:<kommune>]``), else around the actor with the most of
   them (``<kind>:<severity>:<actor>|*``; a regional actor with no ``kommune`` gets one
   problem per kategori on the other side, ``…|*:<kategori>``), so a ``kritisk``
   problem never carries ``info`` pairs along;
5. every other finding is a problem of its own (its key is the finding's key).

Keys depend only on ids, kategorier and severities, never on row order. Problems
are ordered ``kritisk``, ``viktig``, ``info``, then by how many actors they touch.
The work is linear in the number of findings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from samhandling.analysis.dead_ends import ranges_text
from samhandling.analysis.findings import SEVERITIES, Finding, actor_name, forum_name, names, side_label, text
from samhandling.i18n import t, tn
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = ["Problem", "group_problems", "PAIR_KINDS", "PER_KIND"]

PAIR_KINDS: tuple[str, ...] = ("missing_expected", "informal_only", "indirect_only")
PER_KIND: tuple[str, ...] = (
    "meeting_overload",
    "routine_missing",
    "routine_overdue",
    "forum_without_mandate",
    "forum_without_leader",
    "isolated_actor",
)
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_KEY = attrgetter("key")
_ACTORS = attrgetter("actors")
_FORUMS = attrgetter("forums")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: findings of one kind of gap, grouped (``analysis.md``, "Problems")."""

    key: str
    severity: str
    title: str
    message: str
    findings: tuple[str, ...]
    actors: tuple[str, ...]
    forums: tuple[str, ...]
    items: tuple[Finding, ...] = field(default=(), repr=False, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        """The problem as in the JSON of ``samhandling analyze --json``."""
        return {
            "key": self.key,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "findings": list(self.findings),
            "actors": list(self.actors),
            "forums": list(self.forums),
        }


def group_problems(cmap: CollaborationMap, findings: Sequence[Finding]) -> tuple[Problem, ...]:
    """Group ``findings`` into problems; every finding is in exactly one.

    Examples
    --------
    >>> from samhandling.model import Actor
    >>> cmap = CollaborationMap(actors=(Actor("a", "A"), Actor("b", "B")))
    >>> f = [Finding("isolated_actor:a", "isolated_actor", "viktig", ("a",), (), "A ..."),
    ...      Finding("isolated_actor:b", "isolated_actor", "viktig", ("b",), (), "B ...")]
    >>> [(p.key, p.findings) for p in group_problems(cmap, f)]
    [('isolated_actor:*', ('isolated_actor:a', 'isolated_actor:b'))]
    """
    builder = _Builder(cmap)
    # One pass sorts the findings (by key) into their kinds; each step below reads only its own.
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=_KEY):
        by_kind[f.kind].append(f)
    builder.transitions(by_kind)
    pairs: dict[tuple[str, str], list[Finding]] = {}
    for kind in PAIR_KINDS:
        for f in by_kind.pop(kind, ()):
            group = pairs.get((kind, f.severity))
            if group is None:
                group = pairs[(kind, f.severity)] = []
            group.append(f)
    per_kind: dict[str, list[Finding]] = {kind: by_kind.pop(kind) for kind in PER_KIND if kind in by_kind}
    functions: list[Finding] = by_kind.pop("missing_function", [])
    dead_ends: dict[str, list[Finding]] = defaultdict(list)
    for f in by_kind.pop("pathway_dead_end", ()):
        dead_ends[f.details.get("start", "")].append(f)
    for items in by_kind.values():
        for f in items:
            builder.single(f)
    if functions:
        builder.add(
            "missing_function:*",
            functions,
            text("problems.title.missing_function"),
            tn(
                "findings.problems.checklist",
                len(functions),
                names=names([f.details.get("name", f.key) for f in functions], limit=10),
            ),
        )
    for kind, items in per_kind.items():
        builder.per_kind(kind, items)
    for start, items in dead_ends.items():
        ages = ranges_text({a for f in items for a in range(f.details["age_from"], f.details["age_to"] + 1)})
        side = side_label(start, {})
        builder.add(f"pathway_dead_end:{start}|*", items, text("problems.title.pathway_dead_end", start_lc=side),
                    text("problems.pathway_dead_end", start_lc=side, ages=ages))
    for (kind, severity), items in pairs.items():
        builder.pairs(kind, severity, items)
    return builder.result()


class _Builder:
    def __init__(self, cmap: CollaborationMap) -> None:
        self.cmap = cmap
        self.actors = cmap.actor_by_id
        # Plain dicts: asked once or twice per finding on maps with hundreds of thousands.
        self.categories = {a.id: a.category for a in cmap.actors}
        self.places = {a.id: a.municipality for a in cmap.actors}
        self.problems: list[Problem] = []

    # -- helpers -------------------------------------------------------------------------

    def name(self, actor_id: str) -> str:
        return actor_name(self.actors.get(actor_id), actor_id)

    def category(self, actor_id: str) -> str:
        return self.categories.get(actor_id, "")

    def add(self, key: str, items: Sequence[Finding], title: str, message: str) -> None:
        severity = min({f.severity for f in items}, key=lambda s: _SEVERITY_RANK.get(s, 9))
        self.problems.append(
            Problem(
                key=key,
                severity=severity,
                title=title,
                message=message,
                findings=tuple(map(_KEY, items)),
                actors=tuple(sorted(set().union(*map(_ACTORS, items)))),
                forums=tuple(sorted(set().union(*map(_FORUMS, items)))),
                items=tuple(items),
            )
        )

    def single(self, f: Finding) -> None:
        forums = names([forum_name(self.cmap.forum_by_id.get(x), x) for x in f.forums], limit=3)
        # Two fora that overlap are named by the fora (their actors are the members they share).
        who = forums if f.kind == "forum_overlap" else names([self.name(a) for a in f.actors], limit=3) or forums
        title = text(f"kind.{f.kind}") + (f": {who}" if who else "")
        if f.kind == "age_gap":
            ages = f.details.get("ages", [])
            title = text("problems.title.age_gap", first=ages[0], last=ages[-1]) if ages else title
        self.add(f.key, [f], title, f.message)

    def result(self) -> tuple[Problem, ...]:
        return tuple(sorted(self.problems, key=lambda p: (_SEVERITY_RANK.get(p.severity, 9), -len(p.actors), p.key)))

    # -- 1. transitions -----------------------------------------------------------------

    def transitions(self, by_kind: dict[str, list[Finding]]) -> None:
        """Make the transition problems; their pair findings leave ``by_kind``."""
        gaps = by_kind.pop("transition_gap", [])
        if not gaps:
            return
        taken: set[int] = set()  # id() of the findings a gap took
        # A pair of actors has at most one pair finding: each gap looks up the pairs among
        # its own actors instead of scanning every finding of its two kategorier.
        by_actors = {f.actors: f for kind in PAIR_KINDS for f in by_kind.get(kind, ())}
        categories = self.categories
        for gap in gaps:
            before, after = gap.details.get("transition", ["", ""])
            wanted = {before, after}
            mine = []
            for i, u in enumerate(gap.actors):  # sorted ids, as in a pair finding's actors
                for v in gap.actors[i + 1:]:
                    f = by_actors.get((u, v))
                    if f is None or id(f) in taken:
                        continue
                    if {categories.get(u, ""), categories.get(v, "")} == wanted:
                        mine.append(f)
            mine.sort(key=_KEY)
            joined = [gap, *mine]
            taken.update(map(id, joined))
            municipality = gap.details.get("municipality", "")
            key = f"transition_gap:{before}|{after}" + (f":{municipality}" if municipality else "")
            title = text(
                "problems.title.transition",
                before=side_label(before, self.actors),
                after=side_label(after, self.actors),
            )
            if municipality:
                title += f" ({municipality})"
            self.add(key, joined, title, gap.message)
        for kind in PAIR_KINDS:
            if kind in by_kind:
                by_kind[kind] = [f for f in by_kind[kind] if id(f) not in taken]

    # -- 3. one problem per kind ----------------------------------------------------------

    def per_kind(self, kind: str, items: Sequence[Finding]) -> None:
        if kind in ("forum_without_mandate", "forum_without_leader"):
            labels = [forum_name(self.cmap.forum_by_id.get(f.forums[0]), f.forums[0]) for f in items if f.forums]
        elif kind in ("routine_missing", "routine_overdue"):
            routines = self.cmap.routine_by_id
            labels = [(routines[r].name if r in routines else r) for r in (f.details.get("routine", "") for f in items)]
        else:
            labels = [self.name(f.actors[0]) for f in items if f.actors]
        message = tn(f"findings.problems.per_kind.{kind}", len(items), names=names(labels, limit=8))
        if len(items) == 1:
            message = items[0].message
        self.add(f"{kind}:*", items, f"{text(f'kind.{kind}')} ({len(items)})", message)

    # -- 4. pairs ---------------------------------------------------------------------------

    def pairs(self, kind: str, severity: str, items: Sequence[Finding]) -> None:
        category, place_of = self.categories.get, self.places.get
        by_categories: dict[tuple[str, str, str], list[Finding]] = {}
        sides: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
        for f in items:
            u, v = f.actors
            cu, cv = category(u, ""), category(v, "")
            if not cu or not cv or cu == cv:
                continue
            pu = place_of(u, "")
            place = pu if pu and pu == place_of(v, "") else ""
            if cu > cv:
                u, v, cu, cv = v, u, cv, cu
            group_key = (cu, cv, place)
            group = by_categories.get(group_key)
            if group is None:
                group = by_categories[group_key] = []
                side = sides[group_key] = (set(), set())
            else:
                side = sides[group_key]
            group.append(f)
            side[0].add(u)
            side[1].add(v)
        taken: set[int] = set()  # id() of the findings in a kategori problem
        for group_key, group in sorted(by_categories.items()):
            side_a, side_b = sides[group_key]
            if len(side_a) >= 2 and len(side_b) >= 2:
                ca, cb, municipality = group_key
                self._category_problem(kind, severity, ca, cb, municipality, group, side_a, side_b)
                taken.update(map(id, group))
        rest = [f for f in items if id(f) not in taken] if taken else list(items)
        self._hubs(kind, severity, rest)

    def municipality(self, f: Finding) -> str:
        """The kommune a pair is in ("" when either actor has none: a regional actor)."""
        first, second = self.places.get(f.actors[0], ""), self.places.get(f.actors[1], "")
        return first if first and first == second else ""

    def _category_problem(
        self,
        kind: str,
        severity: str,
        ca: str,
        cb: str,
        municipality: str,
        group: Sequence[Finding],
        side_a: set[str],
        side_b: set[str],
    ) -> None:
        na, nb = len(side_a), len(side_b)
        values = {
            "a": _plural(ca, na),
            "b": _plural(cb, nb),
            "names_a": names(sorted(self.name(x) for x in side_a)),
            "names_b": names(sorted(self.name(x) for x in side_b)),
        }
        if len(group) == na * nb:
            message = text(f"problems.category_all.{kind}", **values)
        else:
            message = text(
                f"problems.category_some.{kind}",
                pairs=tn("findings.problems.pairs", len(group)),
                total=na * nb,
                **values,
            )
        title = text(
            "problems.title.pairs", kind=text(f"kind.{kind}"), a=label("category", ca), b=label("category", cb)
        )
        key = f"{kind}:{severity}:kategori:{ca}|{cb}" + (f":{municipality}" if municipality else "")
        if municipality:
            title += f" ({municipality})"
        self.add(key, group, title, message)

    def _hubs(self, kind: str, severity: str, items: Sequence[Finding]) -> None:
        by_actor: dict[str, list[Finding]] = defaultdict(list)
        for f in items:
            for a in f.actors:
                by_actor[a].append(f)
        taken: set[int] = set()  # id() of the findings already in a hub problem
        for hub in sorted(by_actor, key=lambda a: (-len(by_actor[a]), a)):
            mine = [f for f in by_actor[hub] if id(f) not in taken]
            if len(mine) < 2:
                continue
            actor = self.actors.get(hub)
            if actor is not None and not actor.municipality and self._spans_municipalities(hub, mine):
                groups: dict[str, list[Finding]] = defaultdict(list)
                for f in mine:
                    other = f.actors[1] if f.actors[0] == hub else f.actors[0]
                    groups[self.category(other) or "-"].append(f)
                for category, group in sorted(groups.items()):
                    self._hub_problem(kind, severity, hub, group, f"{kind}:{severity}:{hub}|*:{category}")
            else:
                self._hub_problem(kind, severity, hub, mine, f"{kind}:{severity}:{hub}|*")
            taken.update(map(id, mine))
        for f in items:
            if id(f) not in taken:
                self.single(f)

    def _spans_municipalities(self, hub: str, items: Iterable[Finding]) -> bool:
        seen = set()
        for f in items:
            for a in f.actors:
                if a != hub and a in self.actors:
                    seen.add(self.actors[a].municipality)
        return len(seen - {""}) >= 2

    def _hub_problem(self, kind: str, severity: str, hub: str, items: Sequence[Finding], key: str) -> None:
        others = [f.actors[1] if f.actors[0] == hub else f.actors[0] for f in items]
        message = text(
            f"problems.hub.{kind}",
            actor=self.name(hub),
            count=tn("findings.problems.services", len(others)),
            names=names([self.name(o) for o in others], limit=8),
        )
        title = text("problems.title.hub", kind=text(f"kind.{kind}"), actor=self.name(hub), count=len(others))
        self.add(key, items, title, message)


def _plural(category: str, count: int) -> str:
    """``de 4 barnehagene``; a kategori with no plural form: ``de 4 aktørene i kategorien …``."""
    plural = t("findings.category_plural")
    word = plural.get(category) if isinstance(plural, dict) else None
    if word is None:
        return text("problems.many_generic", count=count, label=label("category", category).lower())
    return text("problems.many", count=count, word=word)
