"""How one finding reads in a brief: who it is about, where the rule comes from, what to do.

The analysis gives each finding a sentence (``Finding.message``) that says what is
wrong and why. A leader also needs a short name for it (:func:`finding_title`),
the legal or guideline source when a rule was broken (:func:`finding_source`)
and a recommendation in plain words (:func:`recommendation`). All sentences come
from ``locales/<lang>/report.yaml``; names come from the map the finding belongs to.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from samhandling.analysis import Finding
from samhandling.analysis.rules import UNSURE, readable_source
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.vocabulary import fold, label

__all__ = [
    "severity_label",
    "kind_label",
    "finding_title",
    "problem_recommendation",
    "finding_source",
    "recommendation",
    "join_names",
    "hours_text",
    "date_text",
]


def severity_label(severity: str) -> str:
    """``Kritisk``, ``Viktig`` or ``Til info``."""
    labels = t("findings.severity")
    return str(labels.get(severity, severity)) if isinstance(labels, dict) else severity


def kind_label(kind: str) -> str:
    """The Norwegian name of a finding kind (``Forventet samarbeid mangler``...)."""
    labels = t("findings.kind")
    return str(labels.get(kind, kind)) if isinstance(labels, dict) else kind


def join_names(items: list[str], limit: int = 6) -> str:
    """``A``, ``A og B``, ``A, B og C``; beyond ``limit``: ``A, B, … og 4 andre``."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) > limit:
        return ", ".join(items[:limit]) + " " + str(t("report.labels.and_more", count=len(items) - limit))
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " " + str(t("findings.and")) + " " + items[-1]


def hours_text(value: float) -> str:
    """Hours as a Norwegian number: ``12``, ``4,3``."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")


def date_text(value: date | None) -> str:
    """``23. november 2026``; the words for no date when ``value`` is ``None``."""
    if value is None:
        return str(t("report.no_date"))
    months = t("report.months")
    return f"{value.day}. {months[value.month - 1]} {value.year}"


def _actor(cmap: CollaborationMap, actor_id: str) -> str:
    actor = cmap.actor_by_id.get(actor_id)
    return (actor.name or actor.id) if actor is not None else actor_id


def _forum(cmap: CollaborationMap, forum_id: str) -> str:
    forum = cmap.forum_by_id.get(forum_id)
    return (forum.name or forum.id) if forum is not None else forum_id


def _category(word: str) -> str:
    text = label("category", word)
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _ids_of(finding: Finding) -> list[str]:
    """The ids in a finding's key (``kind:id1|id2``)."""
    _, _, ids = finding.key.partition(":")
    return [i for i in ids.split("|") if i]


def _ages(details: dict[str, Any]) -> str:
    ages = [int(a) for a in details.get("ages", [])]
    if not ages:
        return ""
    if len(ages) == 1:
        return str(t("report.labels.ages_one", age=ages[0]))
    return str(t("report.labels.ages_run", first=ages[0], last=ages[-1]))


def _names(finding: Finding, cmap: CollaborationMap) -> dict[str, str]:
    """The values the title and recommendation of ``finding`` are written with."""
    kind, d = finding.kind, finding.details or {}
    actors = [_actor(cmap, a) for a in finding.actors]
    forums = [_forum(cmap, f) for f in finding.forums]
    if kind in ("missing_expected", "informal_only", "indirect_only", "initiative_overlap"):
        a, b = (actors + ["", ""])[:2]
        if finding.rule is not None and len(finding.actors) == 2 and _on_side_b(cmap, finding.actors[0], finding.rule):
            # In the rule's order: who reports to whom, who hands over to whom.
            a, b = b, a
        return {"a": a, "b": b, "title": join_names(actors)}
    if kind == "missing_function":
        name = str(d.get("name", ""))
        return {"name": name, "title": name}
    if kind == "forum_overlap":
        a, b = (forums + ["", ""])[:2]
        return {"a": a, "b": b, "title": join_names(forums)}
    if kind == "transition_gap":
        before, after = (list(d.get("transition", [])) + ["", ""])[:2]
        values = {"before": _category(before), "after": _category(after)}
        return {**values, "title": str(t("report.labels.transition", **values))}
    if kind == "age_gap":
        ages = _ages(d)
        return {"ages": ages[0].lower() + ages[1:] if ages else "", "title": ages}
    if kind == "pathway_dead_end":
        start, ages = _category(str(d.get("start", ""))), f"{d.get('age_from')}–{d.get('age_to')}"
        return {"start": start, "ages": ages, "title": f"{start}, {ages} år"}
    if kind == "sector_silo":
        sector = label("sector", str(d.get("sector") or (_ids_of(finding) or [""])[0]))
        return {"sector": sector.lower(), "title": sector}
    if kind in ("forum_without_mandate", "forum_without_leader"):
        name = forums[0] if forums else ""
        return {"name": name, "title": name}
    if kind in ("routine_missing", "routine_overdue"):
        ids = _ids_of(finding)
        routine = cmap.routine_by_id.get(ids[0]) if ids else None
        name = (routine.name or routine.id) if routine is not None else (ids[0] if ids else "")
        return {"name": name, "title": name}
    name = actors[0] if actors else ""
    return {"name": name, "title": name or kind_label(kind)}


def _on_side_b(cmap: CollaborationMap, actor_id: str, rule: Any) -> bool:
    """True when ``actor_id`` is what the rule's side ``b`` means (and not side ``a``)."""
    actor = cmap.actor_by_id.get(actor_id)
    if actor is None:
        return False

    def matches(side: str) -> bool:
        return actor.id == side.strip() or (bool(actor.category) and fold(actor.category) == fold(side))

    return matches(rule.b) and not matches(rule.a)


def finding_title(finding: Finding, cmap: CollaborationMap) -> str:
    """A short name for a finding: the pair, forum, actor, transition or ages it is about."""
    return _names(finding, cmap)["title"] or kind_label(finding.kind)


def finding_source(finding: Finding) -> str:
    """The legal or guideline source of the broken rule (``""`` when no rule was broken)."""
    rule = finding.rule
    if rule is None:
        return ""
    source = readable_source(rule.source.strip())
    if not source:
        return str(t("report.labels.no_source"))
    if UNSURE in rule.source:
        return f"{source} {t('report.labels.unsure_source')}"
    return source


def recommendation(finding: Finding, cmap: CollaborationMap) -> str:
    """What a leader can do about ``finding``, in one plain sentence."""
    values = _names(finding, cmap)
    key = finding.kind
    duty = finding.rule.effective_duty if finding.rule is not None else ""
    if finding.kind == "missing_expected" and duty in ("opplysning", "overgang"):
        key = f"missing_expected_{duty}"
    try:
        return str(t(f"report.recommendation.{key}", **values))
    except (KeyError, IndexError):
        return str(t("report.recommendation.generic"))


def problem_recommendation(problem: Any, cmap: CollaborationMap) -> str:
    """What a leader can do about a whole problem: the finding's own advice when it has one
    finding, else one sentence for the group."""
    items = problem.items
    if len(items) == 1:
        return recommendation(items[0], cmap)
    kind = items[0].kind if items else ""
    actors = join_names([_actor(cmap, a) for a in problem.actors], limit=8)
    try:
        return str(t(f"report.problem_recommendation.{kind}", names=actors, count=len(items)))
    except (KeyError, IndexError):
        return recommendation(items[0], cmap) if items else str(t("report.recommendation.generic"))
