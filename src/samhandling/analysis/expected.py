"""Gaps against expected collaboration: ``missing_expected``, ``informal_only``, ``indirect_only``,
``transition_gap`` (``analysis.md``, version 2).

An expected pair is two actors that a rule names (one of each side), in the same
``kommune`` when both have one; for a rule with plikt ``overgang`` their ages must
also meet at the transition. Each pair's strongest channel
(:mod:`~samhandling.analysis.channels`) and its rule give the finding, from the one
severity table of ``analysis.md`` (:func:`pair_outcome`); nothing else decides it.

``transition_gap`` — a life-stage transition (barnehage→skole, skole→vgs, vgs→nav,
vgs→ot, ot→nav; kategori words) whose sides exist, in one kommune, with no channel
across; actors whose ages do not reach the transition do not count. ``viktig``.

When several rules give the same pair of actors, the strongest (``pakrevd`` before
``anbefalt`` before ``praksis``, then the first in order) is the one used.
"""

from __future__ import annotations

from collections.abc import Sequence

from samhandling.analysis.channels import CONNECTION, INDIRECT, NONE, STRUCTURED, WEAK, Channels
from samhandling.analysis.findings import (
    Finding,
    PairFinding,
    actor_name,
    finding_key,
    forum_name,
    names,
    side_label,
    text,
)
from samhandling.analysis.rules import (
    REQUIREMENT_RANK,
    UNSURE,
    is_category_side,
    readable_source,
    rule_strength,
    side_actors,
)
from samhandling.model import Actor, CollaborationMap, Expectation
from samhandling.vocabulary import label

__all__ = ["expected_pair_findings", "transition_gap_findings", "pair_outcome", "ages_meet", "TRANSITIONS"]

TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("barnehage", "skole"),
    ("skole", "vgs"),
    ("vgs", "nav"),
    ("vgs", "ot"),
    ("ot", "nav"),
)

_COOPERATION_DUTIES = frozenset({"samarbeid", "samordning", "avtale", "annet"})


def pair_outcome(strength: str, duty: str, channel: str, reporting_routine: bool = False) -> tuple[str, str] | None:
    """The finding ``(kind, severity)`` for an expected pair, or ``None`` (the table in ``analysis.md``).

    ``strength`` is :func:`~samhandling.analysis.rules.rule_strength`; a weak channel
    counts as none; ``annet`` is read as ``samarbeid``.

    >>> pair_outcome("pakrevd", "samarbeid", "none")
    ('missing_expected', 'kritisk')
    >>> pair_outcome("pakrevd", "samarbeid", "indirect")
    ('indirect_only', 'info')
    >>> pair_outcome("pakrevd", "opplysning", "none", reporting_routine=True) is None
    True
    """
    if channel == WEAK:
        channel = NONE
    if channel == STRUCTURED:
        return None
    if strength == "praksis":
        return ("missing_expected", "info") if channel == NONE else None
    if strength == "anbefalt":
        return {NONE: ("missing_expected", "info"), CONNECTION: ("informal_only", "info")}.get(channel)
    if duty == "overgang":
        return {
            NONE: ("missing_expected", "viktig"),
            INDIRECT: ("indirect_only", "viktig"),
            CONNECTION: ("informal_only", "info"),
        }[channel]
    if duty == "opplysning":
        if reporting_routine:
            return None
        return {NONE: ("missing_expected", "viktig"), INDIRECT: ("indirect_only", "info")}.get(channel)
    return {
        NONE: ("missing_expected", "kritisk"),
        INDIRECT: ("indirect_only", "info"),
        CONNECTION: ("informal_only", "viktig"),
    }[channel]


def ages_meet(earlier: Actor, later: Actor) -> bool:
    """True when two actors' ages meet at a transition from ``earlier`` to ``later``.

    The earlier one must reach within one year of the age where the later one starts,
    and either start no later or end no later than it: a barneskole (6–13) is not on
    the skole→vgs transition, an ungdomsskole (13–16) is; OT (16–21) is on the ot→nav
    transition with a NAV office serving all ages.

    >>> ages_meet(Actor("b", "B", age_from=6, age_to=13), Actor("v", "V", age_from=16, age_to=19))
    False
    >>> ages_meet(Actor("u", "U", age_from=13, age_to=16), Actor("v", "V", age_from=16, age_to=19))
    True
    >>> ages_meet(Actor("ot", "OT", age_from=16, age_to=21), Actor("nav", "NAV"))
    True
    """
    reaches = earlier.age_to >= later.age_from - 1
    return reaches and (earlier.age_from <= later.age_from or earlier.age_to <= later.age_to)


def _strength_rank(rule: Expectation) -> int:
    return REQUIREMENT_RANK.get(rule_strength(rule), 9)


def _expected_pairs(
    cmap: CollaborationMap, rules: Sequence[Expectation]
) -> dict[tuple[str, str], tuple[Expectation, str]]:
    """Map each expected actor pair (sorted ids) to the strongest rule expecting it and its side-a actor."""
    ordered = sorted(enumerate(rules), key=lambda ir: (_strength_rank(ir[1]), ir[0]))
    pairs: dict[tuple[str, str], tuple[Expectation, str]] = {}
    for _, rule in ordered:
        if rule.requirement not in ("pakrevd", "anbefalt"):
            continue
        side_a, side_b = side_actors(cmap, rule.a), side_actors(cmap, rule.b)
        if not side_a or not side_b:
            continue
        transition = rule.effective_duty == "overgang"
        by_municipality: dict[str, list[Actor]] = {}
        for b in side_b:
            by_municipality.setdefault(b.municipality, []).append(b)
        no_municipality = by_municipality.get("", [])
        partners = {m: bs + no_municipality for m, bs in by_municipality.items() if m}
        for a in side_a:
            u = a.id
            entry = (rule, u)
            for b in partners.get(a.municipality, no_municipality) if a.municipality else side_b:
                v = b.id
                if u == v or (transition and not ages_meet(a, b)):
                    continue
                pair = (u, v) if u < v else (v, u)
                if pair not in pairs:
                    pairs[pair] = entry
    return pairs


def _reporters(cmap: CollaborationMap) -> tuple[set[str], set[str]]:
    """Actors covered by a known ``meldingsrutine``, and kommuner with one that names no parties."""
    covered: set[str] = set()
    municipalities: set[str] = set()
    for r in cmap.routines:
        if r.type != "meldingsrutine" or r.status in ("mangler", "planlagt"):
            continue
        if not r.parties:
            owner = cmap.actor_by_id.get(r.responsible)
            municipalities.add(owner.municipality if owner else "")
        covered.update(r.parties)
        if r.responsible:
            covered.add(r.responsible)
    return covered, municipalities


def _rule_sentence(cmap: CollaborationMap, rule: Expectation) -> str:
    actors_by_id = cmap.actor_by_id
    strength = rule_strength(rule)
    duty = rule.effective_duty
    key = f"rule.{strength}.{duty}" if strength == "pakrevd" and duty in ("overgang", "opplysning") else \
        f"rule.{strength}.general"
    parts = [
        text(
            key,
            a=side_label(rule.a, actors_by_id, is_category_side(cmap, rule.a)),
            b=side_label(rule.b, actors_by_id, is_category_side(cmap, rule.b)),
            basis=label("basis", rule.effective_basis).lower(),
            source=readable_source(rule.source) or text("rule.no_source"),
        )
    ]
    reason = rule.reason.lstrip("→").strip().rstrip(".")
    if reason:
        parts.append(reason + ".")
    if UNSURE in rule.source:
        parts.append(text("rule.unsure"))
    return " ".join(parts)


def _relation_words(relations: Sequence) -> str:
    return names(sorted({text(f"relation_noun.{r.type}") for r in relations}))


def expected_pair_findings(cmap: CollaborationMap, channels: Channels, rules: Sequence[Expectation]) -> list[Finding]:
    """Return the ``missing_expected``, ``informal_only`` and ``indirect_only`` findings of a map.

    Parameters
    ----------
    cmap : CollaborationMap
    channels : Channels
        The map's channels (:class:`~samhandling.analysis.channels.Channels`).
    rules : sequence of Expectation
        The rules that apply (:func:`~samhandling.analysis.rules.effective_rules`).

    A country map has half a million expected pairs, so the loop works per pair with
    plain dicts: every sentence part, outcome and ``details`` dict that pairs share is
    made once, and the sentence of a ``missing_expected`` or ``indirect_only`` pair is
    written only when read (:class:`~samhandling.analysis.findings.PairFinding`).
    """
    sentences: dict[int, str] = {}
    tails: dict[tuple[str, bool, bool], str] = {}
    templates: dict[str, str] = {}

    def tpl(key: str) -> str:
        # A country map has hundreds of thousands of pairs: each template is looked up once.
        found = templates.get(key)
        if found is None:
            found = templates[key] = text(key)
        return found

    covered, covered_municipalities = _reporters(cmap)
    anyone_covered = "" in covered_municipalities
    display = {a.id: actor_name(a) for a in cmap.actors}
    adult = {a.id for a in cmap.actors if a.age_from >= 18}
    place = {a.id: a.municipality for a in cmap.actors}
    forum_names = {f.id: forum_name(f) for f in cmap.forums}
    out: list[Finding] = []
    append = out.append
    kinds: dict[int, tuple[str, str]] = {}  # rule -> (strength, duty), worked out once per rule
    shared: dict[tuple[str, str, str, str], dict] = {}
    outcomes: dict[tuple[str, str, str, bool], tuple[str, str] | None] = {}
    rests: dict[tuple[int, str, bool, bool], str] = {}
    routes: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}
    # What every pair of one rule and one side-a actor shares, worked out once for it:
    # by channel, the outcome and the shared details; by "both adults", the shared
    # part of a plain missing_expected pair (PairFinding.shared).
    entries: dict[int, tuple[dict[str, tuple[str, str] | None], dict[str, dict], dict[bool, tuple]]] = {}

    def details_of(rule: Expectation, strength: str, duty: str, channel: str) -> dict:
        # Most pairs share their details exactly: one dict per kind of pair serves them all
        # (hundreds of thousands on a country map). Treat details as read-only.
        shared_key = (rule.requirement, strength, duty, channel)
        details = shared.get(shared_key)
        if details is None:
            details = shared[shared_key] = {"requirement": rule.requirement, "strength": strength, "duty": duty,
                                            "channel": channel}
        return details

    def entry_of(rule: Expectation, a_id: str) -> tuple:
        rule_id = id(rule)
        known = kinds.get(rule_id)
        if known is None:
            known = kinds[rule_id] = (rule_strength(rule), rule.effective_duty)
        strength, duty = known
        reporting = duty == "opplysning" and (a_id in covered or anyone_covered
                                              or place[a_id] in covered_municipalities)
        by_channel: dict[str, tuple[str, str] | None] = {}
        for channel in (STRUCTURED, CONNECTION, INDIRECT, WEAK, NONE):
            outcome_key = (strength, duty, channel, reporting)
            outcome = outcomes.get(outcome_key, False)
            if outcome is False:
                outcome = outcomes[outcome_key] = pair_outcome(strength, duty, channel, reporting)
            by_channel[channel] = outcome
        return by_channel, {}, {}

    def rest_of(rule: Expectation, severity: str, duty: str, adults: bool) -> str:
        rule_id = id(rule)
        rest_key = (rule_id, severity, duty == "opplysning", adults)
        rest = rests.get(rest_key)
        if rest is None:
            tail_key = rest_key[1:]
            tail = tails.get(tail_key)
            if tail is None:
                tail = tails[tail_key] = text(
                    f"missing_expected.why_{severity}" if duty != "opplysning" else "missing_expected.why_report",
                    who=text("who.young" if adults else "who.children"),
                )
            rest = rests[rest_key] = f" {why_of(rule)} {tail}"
        return rest

    def why_of(rule: Expectation) -> str:
        why = sentences.get(id(rule))
        if why is None:
            why = sentences[id(rule)] = _rule_sentence(cmap, rule)
        return why

    classify = channels.classifier()
    no_forums: tuple[str, ...] = ()
    for (u, v), entry in _expected_pairs(cmap, rules).items():
        found = entries.get(id(entry))
        if found is None:
            found = entries[id(entry)] = entry_of(*entry)
        channel, weak = classify(u, v)
        outcome = found[0][channel]
        if outcome is None:
            continue
        rule, a_id = entry
        b_id = v if u == a_id else u
        kind, severity = outcome
        if kind == "missing_expected" and not weak:
            # The common case (most of a country map's half a million pairs): all but the
            # two names and ids is shared by the pairs of this rule and side-a actor.
            adults = u in adult and v in adult
            common = found[2].get(adults)
            if common is None:
                strength, duty = kinds[id(rule)]
                what = tpl("missing_expected.no_reporting" if duty == "opplysning" else
                           "missing_expected.not_connected")
                common = found[2][adults] = PairFinding.shared(
                    kind, severity, rule, details_of(rule, strength, duty, channel), what,
                    rest_of(rule, severity, duty, adults))
            append(PairFinding(f"missing_expected:{u}|{v}", (u, v), no_forums, display[a_id], display[b_id], common))
            continue
        strength, duty = kinds[id(rule)]
        why = why_of(rule)
        details = details_of(rule, strength, duty, channel)
        if kind == "missing_expected":  # with weak forums only
            rest = rest_of(rule, severity, duty, u in adult and v in adult)
            details = {**details, "weak_forums": list(weak)}
            if duty == "opplysning":
                append(PairFinding(f"{kind}:{u}|{v}", (u, v), weak, display[a_id], display[b_id], PairFinding.shared(
                    kind, severity, rule, details, tpl("missing_expected.no_reporting"), rest)))
            else:
                what = text("missing_expected.weak_only", forums=names([forum_names[f] for f in weak]),
                            a=display[a_id], b=display[b_id])
                append(Finding(key=f"{kind}:{u}|{v}", kind=kind, severity=severity, actors=(u, v), forums=weak,
                               message=what + rest, rule=rule, details=details))
        elif kind == "indirect_only":
            path = channels.path(a_id, b_id) or {"how": "bindeledd", "forums": [], "actors": []}
            forums = tuple(path["forums"])
            route_key = (path["how"], forums, tuple(path["actors"]))
            what = routes.get(route_key)
            if what is None:
                # The route is written once; braces in names are kept out of the later format.
                route = _route_text(path, forum_names, display).replace("{", "{{").replace("}", "}}")
                what = routes[route_key] = text("indirect_only.message", route=route, a="{a}", b="{b}")
            rest_key = (id(rule), kind, duty in ("overgang", "opplysning"), duty == "opplysning")
            rest = rests.get(rest_key)
            if rest is None:
                why_key = f"indirect_only.why_{duty}" if duty in ("overgang", "opplysning") else "indirect_only.why"
                rest = rests[rest_key] = f" {why} {text(why_key)}"
            details = {**details, "via": {"how": path["how"], "forums": path["forums"], "actors": path["actors"]}}
            append(PairFinding(f"{kind}:{u}|{v}", (u, v), forums, display[a_id], display[b_id],
                               PairFinding.shared(kind, severity, rule, details, what, rest)))
        else:
            pair_names = {"a": display[a_id], "b": display[b_id]}
            edge = channels.edge(u, v) or {"forums": (), "relations": ()}
            forums = tuple(edge["forums"])
            how = []
            if forums:
                how.append(text("informal_only.via_forums", forums=names([forum_names[f] for f in forums])))
            if edge["relations"]:
                how.append(_relation_words(edge["relations"]))
            details = {**details, "relations": len(edge["relations"])}
            message = " ".join([text("informal_only.message", how=names(how, limit=2), **pair_names), why,
                                text("informal_only.why")])
            append(Finding(key=f"{kind}:{u}|{v}", kind=kind, severity=severity, actors=(u, v), forums=forums,
                           message=message, rule=rule, details=details))
    return out


def _route_text(path: dict, forum_names: dict[str, str], display: dict[str, str]) -> str:
    """«Lokalt team» → «Drøftingsteamet», or «Drøftingsteamet» (helsestasjon og PPT sitter i begge)."""
    forums = [f"«{forum_names.get(f, f)}»" for f in path["forums"]]
    if not forums:
        return text("indirect_only.unknown_route")
    if path["how"] == "videre_til":
        return text("indirect_only.route_forwarding", route=" → ".join(forums))
    return text("indirect_only.route_link", forum=forums[-1], first=forums[0],
                actors=names([display.get(a, a) for a in path["actors"]]))


def _by_municipality(actors: Sequence[Actor]) -> dict[str, list[Actor]]:
    out: dict[str, list[Actor]] = {}
    for a in actors:
        out.setdefault(a.municipality, []).append(a)
    return out


def transition_gap_findings(cmap: CollaborationMap, channels: Channels) -> list[Finding]:
    """Return one ``transition_gap`` per life-stage transition and kommune with no channel across it.

    Only actors whose ages meet an actor on the other side (:func:`ages_meet`) count.
    """
    actors_by_id = cmap.actor_by_id
    out: list[Finding] = []
    for before, after in TRANSITIONS:
        side_x, side_y = side_actors(cmap, before), side_actors(cmap, after)
        if not side_x or not side_y:
            continue
        x_by, y_by = _by_municipality(side_x), _by_municipality(side_y)
        municipalities = sorted((x_by.keys() | y_by.keys()) - {""})
        for municipality in municipalities or [""]:
            xs = x_by.get(municipality, []) + (x_by.get("", []) if municipality else [])
            ys = y_by.get(municipality, []) + (y_by.get("", []) if municipality else [])
            xs_on = [x for x in xs if any(ages_meet(x, y) for y in ys)]
            ys_on = [y for y in ys if any(ages_meet(x, y) for x in xs_on)]
            if not xs_on or not ys_on:
                continue
            if any(channels.channel(x.id, y.id) in (STRUCTURED, CONNECTION, INDIRECT) for x in xs_on for y in ys_on):
                continue
            ids = sorted({a.id for a in (*xs_on, *ys_on)})
            place = text("transition_gap.in_municipality", municipality=municipality) if municipality else ""
            out.append(
                Finding(
                    key=finding_key("transition_gap", ids),
                    kind="transition_gap",
                    severity="viktig",
                    actors=tuple(ids),
                    forums=(),
                    message=text(
                        "transition_gap.message",
                        before=side_label(before, actors_by_id),
                        after=side_label(after, actors_by_id),
                        before_names=names([actor_name(a) for a in xs_on]),
                        after_names=names([actor_name(a) for a in ys_on]),
                        place=place,
                    ),
                    details={
                        "transition": [before, after],
                        "from": [a.id for a in xs_on],
                        "to": [a.id for a in ys_on],
                        "municipality": municipality,
                    },
                )
            )
    return out
