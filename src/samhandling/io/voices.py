"""Rows from several workshop groups: what every group agrees on, and the voices.

When groups at a workshop each record memberships and relations (column
``registrert_av``), two groups may see the same link differently: a different
role in a forum, a relation one group says does not exist (``finnes`` = nei), a
relation of another type or strength. The loader keeps every row as entered (the
*voices*) and gives the analysis only the reading every group agrees on, so a
disputed link is never counted as a firm channel:

* a membership: none if a group says the actor does not sit there, else the
  weakest role any group gave (``observator`` < ``ved_behov`` < ``sekretar`` <
  ``fast`` < ``leder``);
* a relation (either direction): none if a group says there is no link; the
  first group's rows when every group said the same; else the first group's rows,
  never ``formalisert`` (they agree there is a link, not on what it is).

A link with rows from one group only, all saying it exists, is an ordinary row
and has no voices.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import TypeVar

from samhandling.model import Membership, Relation, membership_key, relation_key

__all__ = ["ROLE_STRENGTH", "settle_memberships", "settle_relations", "relation_view"]

ROLE_STRENGTH: dict[str, int] = {"observator": 0, "ved_behov": 1, "sekretar": 2, "fast": 3, "leder": 4}

Row = TypeVar("Row", Membership, Relation)


def _split(rows: Sequence[Row], key: Callable[[Row], Hashable]) -> tuple[list[Row], dict[Hashable, list[Row]]]:
    """Rows with no voices (in order), and the rows of every voiced link by key (in order)."""
    by_key: dict[Hashable, list[Row]] = {}
    for row in rows:
        by_key.setdefault(key(row), []).append(row)
    voiced = {
        k: group for k, group in by_key.items()
        if len({r.recorded_by for r in group}) > 1 or not all(r.exists for r in group)
    }
    plain = [row for row in rows if key(row) not in voiced]
    return plain, voiced


def settle_memberships(rows: Sequence[Membership]) -> tuple[tuple[Membership, ...], tuple[Membership, ...]]:
    """The memberships every group agrees on, and the voices (rows as entered).

    Expects at most one row per forum, actor and group (the loader merges the rest).

    >>> agreed, voices = settle_memberships([Membership("f", "a", "fast", "Gruppe 1"),
    ...                                      Membership("f", "a", "ved_behov", "Gruppe 2")])
    >>> [(m.role, m.recorded_by) for m in agreed], len(voices)
    ([('ved_behov', '')], 2)
    """
    plain, voiced = _split(rows, membership_key)
    agreed = list(plain)
    for group in voiced.values():
        if not all(m.exists for m in group):
            continue
        roles = {m.role for m in group}
        if len(roles) == 1:
            agreed.append(group[0])
        else:
            weakest = min(roles, key=lambda r: ROLE_STRENGTH.get(r, 0))
            agreed.append(replace(group[0], role=weakest, recorded_by=""))
    voices = tuple(m for m in rows if membership_key(m) in voiced)
    return tuple(agreed), voices


def relation_view(rows: Sequence[Relation]) -> frozenset[tuple[str, bool]] | None:
    """What one group says about a link: its ``(type, formalisert)`` pairs, or ``None`` for "no link"."""
    if not all(r.exists for r in rows):
        return None
    return frozenset((r.type, r.formalised) for r in rows)


def settle_relations(rows: Sequence[Relation]) -> tuple[tuple[Relation, ...], tuple[Relation, ...]]:
    """The relations every group agrees on, and the voices (rows as entered).

    >>> agreed, voices = settle_relations([Relation("a", "b", formalised=True, recorded_by="Gruppe 1"),
    ...                                    Relation("b", "a", recorded_by="Gruppe 2")])
    >>> [(r.source, r.formalised) for r in agreed], len(voices)
    ([('a', False)], 2)
    """
    plain, voiced = _split(rows, relation_key)
    agreed = list(plain)
    for group in voiced.values():
        by_group: dict[str, list[Relation]] = {}
        for r in group:
            by_group.setdefault(r.recorded_by, []).append(r)
        views = {relation_view(g) for g in by_group.values()}
        if None in views:
            continue
        first = next(iter(by_group.values()))
        if len(views) == 1:
            agreed.extend(first)
        else:
            agreed.extend(replace(r, formalised=False, recorded_by="") for r in first)
    voices = tuple(r for r in rows if relation_key(r) in voiced)
    return tuple(agreed), voices
