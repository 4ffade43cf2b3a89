"""Gaps against expected collaboration: ``missing_expected``, ``informal_only``, ``transition_gap``.

``analysis.md``, "Finding kinds":

* ``missing_expected`` — a rule expects side A and side B to collaborate, an actor
  of each side is in the map (in the same ``kommune`` when both have one), and the
  two are not connected at all. Weak connections (only ``ved_behov``/``observator``
  in shared forums) do not count. ``kritisk`` for a ``pakrevd`` rule, ``viktig``
  for ``anbefalt``.
* ``informal_only`` — an expected pair that is connected, but no connection
  between them is structured (no formalised relation, no shared forum with a
  mandate, no routine in force naming both): the collaboration hangs on people,
  not on an agreed routine. ``viktig``.
* ``transition_gap`` — a transition between life stages (barnehage→skole,
  skole→vgs, vgs→nav, vgs→ot, ot→nav; kategori words) where both sides exist but
  no actor of one side is connected to any actor of the other. ``viktig``. One
  finding per transition and kommune; it is about all actors of both sides.

When several rules give the same pair of actors, the strictest rule (``pakrevd``
before ``anbefalt``, then the first in order) is the one reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from samhandling.analysis.findings import (
    Finding,
    actor_name,
    finding_key,
    forum_name,
    names,
    side_label,
    text,
)
from samhandling.analysis.rules import REQUIREMENT_RANK, UNSURE, is_category_side, readable_source, side_actors
from samhandling.model import Actor, CollaborationMap, Expectation
from samhandling.vocabulary import label

__all__ = ["expected_pair_findings", "transition_gap_findings", "TRANSITIONS"]

TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("barnehage", "skole"),
    ("skole", "vgs"),
    ("vgs", "nav"),
    ("vgs", "ot"),
    ("ot", "nav"),
)


def _expected_pairs(
    cmap: CollaborationMap, rules: Sequence[Expectation]
) -> dict[tuple[str, str], tuple[Expectation, str]]:
    """Map each expected actor pair (sorted ids) to the strictest rule expecting it and its side-a actor.

    Two actors pair up when they are in the same kommune, or when either has none.
    """
    ordered = sorted(enumerate(rules), key=lambda ir: (REQUIREMENT_RANK.get(ir[1].requirement, 9), ir[0]))
    pairs: dict[tuple[str, str], tuple[Expectation, str]] = {}
    for _, rule in ordered:
        if rule.requirement not in ("pakrevd", "anbefalt"):
            continue
        side_a, side_b = side_actors(cmap, rule.a), side_actors(cmap, rule.b)
        if not side_a or not side_b:
            continue
        ids_b = [b.id for b in side_b]
        by_municipality: dict[str, list[str]] = {}
        for b in side_b:
            by_municipality.setdefault(b.municipality, []).append(b.id)
        no_municipality = by_municipality.get("", [])
        partners = {m: ids + no_municipality for m, ids in by_municipality.items() if m}
        entry: tuple[Expectation, str]
        for a in side_a:
            u = a.id
            entry = (rule, u)
            for v in partners.get(a.municipality, no_municipality) if a.municipality else ids_b:
                pair = (u, v) if u < v else (v, u)
                if u != v and pair not in pairs:
                    pairs[pair] = entry
    return pairs


def _rule_sentence(cmap: CollaborationMap, rule: Expectation) -> str:
    actors_by_id = cmap.actor_by_id
    parts = [
        text(
            f"rule.{rule.requirement}",
            a=side_label(rule.a, actors_by_id, is_category_side(cmap, rule.a)),
            b=side_label(rule.b, actors_by_id, is_category_side(cmap, rule.b)),
            source=readable_source(rule.source) or text("rule.no_source"),
        )
    ]
    reason = rule.reason.lstrip("→").strip().rstrip(".")
    if reason:
        parts.append(reason + ".")
    if UNSURE in rule.source:
        parts.append(text("rule.unsure"))
    return " ".join(parts)


def expected_pair_findings(cmap: CollaborationMap, G: nx.Graph, rules: Sequence[Expectation]) -> list[Finding]:
    """Return the ``missing_expected`` and ``informal_only`` findings of a map.

    Parameters
    ----------
    cmap : CollaborationMap
    G : networkx.Graph
        The map's :func:`~samhandling.graph.collaboration_network`; weak edges
        may be left out (they count as no connection).
    rules : sequence of Expectation
        The rules that apply (:func:`~samhandling.analysis.rules.effective_rules`).
    """
    sentences: dict[int, str] = {}
    # Most missing pairs share nothing at all: one details dict per requirement serves them all
    # (hundreds of thousands of findings on a country-size map). Treat details as read-only.
    plain_details = {r: {"weak_forums": [], "requirement": r} for r in ("pakrevd", "anbefalt")}
    # Templates fetched once: a county map can have tens of thousands of expected pairs.
    not_connected, missing_why = text("missing_expected.not_connected"), text("missing_expected.why")
    out: list[Finding] = []
    forum_sets: dict[str, set[str]] = {}

    def forums_of(actor_id: str) -> set[str]:
        if actor_id not in forum_sets:
            forum_sets[actor_id] = {m.forum for m in cmap.forums_of.get(actor_id, ())}
        return forum_sets[actor_id]

    display = {a.id: actor_name(a) for a in cmap.actors}
    # The plain dict-of-dicts behind G.adj: the public view costs a wrapper object per lookup,
    # which adds up over hundreds of thousands of expected pairs.
    adjacency = G._adj
    # analyze() sorts all findings at the end; pairs come in rule order here.
    for (u, v), (rule, side_a) in _expected_pairs(cmap, rules).items():
        # Name the pair in the rule's order, so the sentence follows the rule.
        names_ = {"a": display[u], "b": display[v]} if u == side_a else {"a": display[v], "b": display[u]}
        why = sentences.get(id(rule))
        if why is None:
            why = sentences[id(rule)] = _rule_sentence(cmap, rule)
        edge = adjacency[u].get(v)
        if edge is None or edge["weak"]:
            # Any forum they share now has one of them only as ved_behov/observator.
            weak_forums = tuple(sorted(forums_of(u) & forums_of(v)))
            if weak_forums:
                what = text(
                    "missing_expected.weak_only",
                    forums=names([forum_name(cmap.forum_by_id.get(f), f) for f in weak_forums]),
                    **names_,
                )
            else:
                what = not_connected.format(**names_)
            out.append(
                Finding(
                    key=f"missing_expected:{u}|{v}",
                    kind="missing_expected",
                    severity="kritisk" if rule.requirement == "pakrevd" else "viktig",
                    actors=(u, v),
                    forums=weak_forums,
                    message=f"{what} {why} {missing_why}",
                    rule=rule,
                    details=(
                        {"weak_forums": list(weak_forums), "requirement": rule.requirement}
                        if weak_forums
                        else plain_details[rule.requirement]
                    ),
                )
            )
        elif not edge["structured"]:
            forums = tuple(edge["forums"])
            how = []
            if forums:
                how.append(
                    text(
                        "informal_only.via_forums",
                        forums=names([forum_name(cmap.forum_by_id.get(f), f) for f in forums]),
                    )
                )
            if edge["relations"]:
                kinds = sorted({label("relation_type", r.type).lower() for r in edge["relations"]})
                how.append(text("informal_only.via_relations", types=names(kinds)))
            out.append(
                Finding(
                    key=f"informal_only:{u}|{v}",
                    kind="informal_only",
                    severity="viktig",
                    actors=(u, v),
                    forums=forums,
                    message=" ".join(
                        [
                            text("informal_only.message", how=names(how, limit=2), **names_),
                            why,
                            text("informal_only.why"),
                        ]
                    ),
                    rule=rule,
                    details={"requirement": rule.requirement, "relations": len(edge["relations"])},
                )
            )
    return out


def _by_municipality(actors: Sequence[Actor]) -> dict[str, list[Actor]]:
    out: dict[str, list[Actor]] = {}
    for a in actors:
        out.setdefault(a.municipality, []).append(a)
    return out


def transition_gap_findings(cmap: CollaborationMap, G_strong: nx.Graph) -> list[Finding]:
    """Return one ``transition_gap`` per life-stage transition and kommune with no connection across it.

    Parameters
    ----------
    cmap : CollaborationMap
    G_strong : networkx.Graph
        The collaboration network without weak edges
        (:func:`~samhandling.graph.strong_network`).
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
            if not xs or not ys:
                continue
            y_ids = {a.id for a in ys}
            adjacency = G_strong._adj  # plain dicts: regional actors join every kommune's check
            if any(not y_ids.isdisjoint(adjacency[x.id]) for x in xs):
                continue
            ids = sorted({a.id for a in (*xs, *ys)})
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
                        before_names=names([actor_name(a) for a in xs]),
                        after_names=names([actor_name(a) for a in ys]),
                        place=place,
                    ),
                    details={
                        "transition": [before, after],
                        "from": [a.id for a in xs],
                        "to": [a.id for a in ys],
                        "municipality": municipality,
                    },
                )
            )
    return out
