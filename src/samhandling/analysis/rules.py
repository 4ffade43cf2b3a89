"""Expected collaboration: the built-in rules, a map's own rules, and who each side means.

A rule (:class:`~samhandling.model.Expectation`) says that side ``a`` and side ``b``
should collaborate, how strongly (``pakrevd`` by law or regulation, ``anbefalt``
by guidance) and on what source (``kilde``). Each side is a ``kategori`` word or an
actor id (``dataformat.md``, table ``forventninger``).

The built-in rules are shipped as ``samhandling/rules/default-rules.csv`` (from
``domain.md``); sources marked UNSURE there stay visible, shown to people as "ikke
bekreftet" (:func:`readable_source`) with a note that they should be checked. A map's own
rows are added to them, and a row with ``krav`` = ``ingen`` switches the built-in
rule for that unordered pair off (``analysis.md``, ``missing_expected``).
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources

from samhandling.i18n import t
from samhandling.model import Actor, CollaborationMap, Expectation
from samhandling.vocabulary import CATEGORIES, LEGAL_BASES, fold

__all__ = [
    "default_rules",
    "effective_rules",
    "rule_strength",
    "rule_pair",
    "side_actors",
    "is_category_side",
    "REQUIREMENT_RANK",
    "UNSURE",
    "readable_source",
]

# The research notes' marker for a source that was not verified (kept in the rules file).
UNSURE = "UNSURE"

_CATALOGUE = frozenset(fold(c) for c in CATEGORIES)

# Strongest requirement first.
REQUIREMENT_RANK = {"pakrevd": 0, "anbefalt": 1, "praksis": 2, "ingen": 3}


@lru_cache(maxsize=1)
def default_rules() -> tuple[Expectation, ...]:
    """Return the built-in expected-collaboration rules, in file order.

    Returns
    -------
    tuple of Expectation
        One per row of ``default-rules.csv``, with ``source`` (kilde) and
        ``reason`` (begrunnelse) exactly as written there.

    Examples
    --------
    >>> rules = default_rules()
    >>> (rules[0].a, rules[0].b, rules[0].requirement)
    ('barnehage', 'skole', 'pakrevd')
    """
    text = (resources.files("samhandling") / "rules" / "default-rules.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return tuple(
        Expectation(
            a=row["a"].strip(),
            b=row["b"].strip(),
            requirement=row["krav"].strip() or "anbefalt",
            source=(row.get("kilde") or "").strip(),
            reason=(row.get("begrunnelse") or "").strip(),
            basis=(row.get("grunnlag") or "").strip(),
            duty=(row.get("plikt") or "").strip(),
        )
        for row in rows
        if (row.get("a") or "").strip() and (row.get("b") or "").strip()
    )


def rule_pair(rule: Expectation) -> frozenset[str]:
    """The unordered, folded pair of sides a rule is about (``{"barnevern", "skole"}``)."""
    return frozenset((fold(rule.a), fold(rule.b)))


def effective_rules(cmap: CollaborationMap, *, practice: bool = False) -> tuple[Expectation, ...]:
    """Return the rules that apply to a map: built-in ones not replaced or switched off, then the map's own.

    A map's own row **replaces** every built-in rule for the same unordered pair of
    sides; one with ``krav`` = ``ingen`` only switches them off. Rules whose
    ``grunnlag`` is ``praksis`` (another municipality's model, a report) apply only
    when ``practice`` is true (``--praksis``).

    Examples
    --------
    >>> off = CollaborationMap(expectations=(Expectation("skole", "barnehage", "ingen"),))
    >>> any(rule_pair(r) == {"barnehage", "skole"} for r in effective_rules(off))
    False
    >>> own = CollaborationMap(expectations=(Expectation("barnevern", "skole", "anbefalt", "lokal avtale"),))
    >>> [r.source for r in effective_rules(own) if rule_pair(r) == {"barnevern", "skole"}]
    ['lokal avtale']
    """
    replaced = {rule_pair(e) for e in cmap.expectations}
    builtin = [r for r in default_rules() if rule_pair(r) not in replaced]
    own = [e for e in cmap.expectations if e.requirement != "ingen"]
    return tuple(r for r in builtin + own if practice or r.effective_basis != "praksis")


def rule_strength(rule: Expectation) -> str:
    """Which row of the severity table a rule is on: ``pakrevd``, ``anbefalt`` or ``praksis``.

    A ``pakrevd`` rule must rest on ``lov`` or ``forskrift``; one that does not
    counts as ``anbefalt``.

    >>> rule_strength(Expectation("a", "b", "pakrevd", basis="veileder"))
    'anbefalt'
    >>> rule_strength(Expectation("a", "b", "anbefalt", basis="praksis"))
    'praksis'
    """
    basis = rule.effective_basis
    if basis == "praksis":
        return "praksis"
    if rule.requirement == "pakrevd" and basis in LEGAL_BASES:
        return "pakrevd"
    return "anbefalt"


def side_actors(cmap: CollaborationMap, side: str) -> tuple[Actor, ...]:
    """Return the actors a rule side means: those of that kategori, and the actor with that id.

    Ids are often the kategori word itself (``barnevern``, ``nav``), so a side
    matches both ways; each actor comes once, in map order.

    Examples
    --------
    >>> cmap = CollaborationMap(actors=(Actor("bv", "Barnevernet", category="barnevern"),))
    >>> [a.id for a in side_actors(cmap, "barnevern")], [a.id for a in side_actors(cmap, "bv")]
    (['bv'], ['bv'])
    """
    by_category = _by_category(cmap).get(fold(side), ())
    actor = cmap.actor_by_id.get(side.strip())
    if actor is None or actor in by_category:
        return by_category
    return (actor, *by_category)


def is_category_side(cmap: CollaborationMap, side: str) -> bool:
    """True when a rule side is a kategori word (in the catalogue or used by an actor)."""
    return fold(side) in _CATALOGUE or fold(side) in _by_category(cmap)


def _by_category(cmap: CollaborationMap) -> dict[str, tuple[Actor, ...]]:
    # Cached on the map object itself would need a change to model.py; a dict per call
    # is linear and the callers build it once per analysis through this helper.
    key = id(cmap)
    cached = _CATEGORY_CACHE.get(key)
    if cached is not None and cached[0] is cmap:
        return cached[1]
    out: dict[str, list[Actor]] = {}
    for a in cmap.actors:
        if a.category:
            out.setdefault(fold(a.category), []).append(a)
    index = {k: tuple(v) for k, v in out.items()}
    _CATEGORY_CACHE.clear()
    _CATEGORY_CACHE[key] = (cmap, index)
    return index


_CATEGORY_CACHE: dict[int, tuple[CollaborationMap, dict[str, tuple[Actor, ...]]]] = {}


def readable_source(source: str) -> str:
    """A rule's ``kilde`` as people read it: the marker UNSURE in words of the user's language.

    >>> readable_source("barnehageloven (gjeldende § UNSURE)")
    'barnehageloven (gjeldende § ikke bekreftet)'
    """
    return source.replace(UNSURE, t("findings.rule.unsure_marker"))
