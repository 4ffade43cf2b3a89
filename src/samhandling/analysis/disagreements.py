"""Points to discuss: links two workshop groups see differently (``disagreement``).

``analysis.md``, "Finding kinds": a ``disagreement`` is a membership or a
relation that two groups (column ``registrert_av``) entered differently — a
different role in a forum; a link one group entered and another marked as not
existing (``finnes`` = nei); the same relation with another type or strength
(``formalisert``). It is ``info``: not a gap, a question for the room. The
loader keeps every group's rows (``CollaborationMap.membership_voices``,
``relation_voices``); the other findings see only what every group agrees on
(:mod:`samhandling.io.voices`).

Details (JSON): ``link`` (``deltakelse`` or ``relasjon``) and ``voices``, one per
group in the order first entered: ``gruppe`` (blank when the row named no group),
``finnes`` and what the group said — ``rolle`` for a membership, ``relasjoner``
(``fra``, ``til``, ``type``, ``formalisert``) for a relation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from samhandling.analysis.findings import Finding, actor_name, finding_key, forum_name, text
from samhandling.model import CollaborationMap, Membership, Relation, membership_key, relation_key
from samhandling.vocabulary import label

__all__ = ["disagreement_findings", "disputed_links", "Dispute", "group_label"]

Row = TypeVar("Row", Membership, Relation)


def group_label(group: str) -> str:
    """A group as named in a sentence: its name, or "uten gruppe" when the row named none."""
    return group or text("disagreement.no_group")


def _by_group(rows: Iterable[Row], key: Callable[[Row], Hashable]) -> dict[Hashable, dict[str, list[Row]]]:
    """Rows by link, then by group (both in the order first entered)."""
    out: dict[Hashable, dict[str, list[Row]]] = {}
    for row in rows:
        out.setdefault(key(row), {}).setdefault(row.recorded_by, []).append(row)
    return out


def _lower(word: str) -> str:
    return word[0].lower() + word[1:] if len(word) > 1 and word[1].islower() else word


def _membership_voice(group: str, rows: Sequence[Membership]) -> dict[str, Any]:
    row = rows[0]
    return {"gruppe": group, "finnes": row.exists, "rolle": row.role if row.exists else ""}


def _membership_says(voice: dict[str, Any]) -> str:
    return _lower(label("role", voice["rolle"])) if voice["finnes"] else text("disagreement.not_member")


def _relation_voice(group: str, rows: Sequence[Relation]) -> dict[str, Any]:
    exists = all(r.exists for r in rows)
    links = [{"fra": r.source, "til": r.target, "type": r.type, "formalisert": r.formalised}
             for r in rows if exists]
    return {"gruppe": group, "finnes": exists, "relasjoner": links}


def _relation_view(voice: dict[str, Any]) -> object:
    if not voice["finnes"]:
        return None
    return frozenset((link["type"], link["formalisert"]) for link in voice["relasjoner"])


def _relation_says(voice: dict[str, Any]) -> str:
    if not voice["finnes"]:
        return text("disagreement.no_link")
    words = []
    for kind, formal in sorted(_relation_view(voice)):  # type: ignore[call-overload]
        word = _lower(label("relation_type", kind))
        words.append(text("disagreement.formalised", type=word) if formal else word)
    return ", ".join(words)


@dataclass(frozen=True)
class Dispute:
    """One link the groups see differently.

    ``link`` is ``deltakelse`` (``ids`` = forum, actor) or ``relasjon`` (``ids`` = the
    two actors, sorted); ``voices`` as in the finding's details; ``says`` one line per
    group ("Gruppe 1: fast medlem").
    """

    link: str
    ids: tuple[str, str]
    voices: tuple[dict[str, Any], ...]
    says: tuple[str, ...]


def disputed_links(cmap: CollaborationMap) -> list[Dispute]:
    """Every membership and relation two groups entered differently, memberships first.

    Links whose actor or forum is no longer in the map (a "Hva om" scenario closed the
    forum) are left out.
    """
    out: list[Dispute] = []
    actors, forums = cmap.actor_by_id, cmap.forum_by_id
    for key, groups in _by_group(cmap.membership_voices, membership_key).items():
        if key[0] not in forums or key[1] not in actors:  # type: ignore[index]
            continue
        voices = [_membership_voice(g, rows) for g, rows in groups.items()]
        if len({(v["finnes"], v["rolle"]) for v in voices}) > 1:
            says = tuple(f"{group_label(v['gruppe'])}: {_membership_says(v)}" for v in voices)
            out.append(Dispute("deltakelse", key, tuple(voices), says))  # type: ignore[arg-type]
    for key, groups in _by_group(cmap.relation_voices, relation_key).items():
        if key[0] not in actors or key[1] not in actors:  # type: ignore[index]
            continue
        voices = [_relation_voice(g, rows) for g, rows in groups.items()]
        if len({_relation_view(v) for v in voices}) > 1:
            says = tuple(f"{group_label(v['gruppe'])}: {_relation_says(v)}" for v in voices)
            out.append(Dispute("relasjon", key, tuple(voices), says))  # type: ignore[arg-type]
    return out


def disagreement_findings(cmap: CollaborationMap) -> list[Finding]:
    """One ``info`` finding per membership or relation that two groups entered differently.

    Examples
    --------
    >>> from samhandling.model import Actor, Forum
    >>> cmap = CollaborationMap(actors=(Actor("ppt", "PPT"),), forums=(Forum("tt", "Tverrfaglig team"),),
    ...     membership_voices=(Membership("tt", "ppt", "fast", "Gruppe 1"),
    ...                        Membership("tt", "ppt", "fast", "Gruppe 2", exists=False)))
    >>> [(f.key, f.severity) for f in disagreement_findings(cmap)]
    [('disagreement:ppt|tt', 'info')]
    """
    out: list[Finding] = []
    for d in disputed_links(cmap):
        voices = "; ".join(d.says)
        details = {"link": d.link, "voices": [dict(v) for v in d.voices]}
        if d.link == "deltakelse":
            forum, actor = d.ids
            message = text("disagreement.membership", actor=actor_name(cmap.actor_by_id.get(actor), actor),
                           forum=forum_name(cmap.forum_by_id.get(forum), forum), voices=voices)
            actors, forums = (actor,), (forum,)
        else:
            a, b = d.ids
            message = text("disagreement.relation", a=actor_name(cmap.actor_by_id.get(a), a),
                           b=actor_name(cmap.actor_by_id.get(b), b), voices=voices)
            actors, forums = (a, b), ()
        out.append(Finding(finding_key("disagreement", d.ids), "disagreement", "info", actors, forums,
                           message, details=details))
    return out
