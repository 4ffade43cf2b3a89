"""A path up the BTI ladder as Norwegian lines and sentences (CLI, app and leader brief).

The words are ``findings.pathway.*`` in ``locales/nb/findings.yaml``; the path is
:func:`samhandling.analysis.pathway.find_pathway`'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from samhandling.analysis.findings import actor_name, forum_name, names, side_label
from samhandling.analysis.pathway import Pathway, Step, Stop
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = ["start_label", "level_text", "step_line", "member_names", "stop_text", "pathway_lines"]


def start_label(cmap: CollaborationMap, start: str) -> str:
    """An actor's name, or the kategori's label in lower case (``barnehage``, ``NAV``)."""
    actor = cmap.actor_by_id.get(start)
    return actor_name(actor) if actor is not None else side_label(start, {})


def level_text(level: int | None) -> str:
    """``nivå 2 – tverrfaglig drøfting`` or ``uten BTI-nivå``."""
    if level is None:
        return t("findings.pathway.no_level")
    return t("findings.pathway.level", level=label("bti_level", str(level)))


def member_names(cmap: CollaborationMap, step: Step) -> str:
    """Who sits in the step's forum, with their roles, as prose."""
    return names(
        [t("findings.pathway.member", name=actor_name(cmap.actor_by_id.get(a), a), role=label("role", r).lower())
         for a, r in step.members],
        limit=12,
    )


def step_line(cmap: CollaborationMap, number: int, step: Step) -> str:
    """``2. videre til Tiltaksteam – nivå 3 – koordinert innsats, møtes ved behov``."""
    return t(
        "findings.pathway.step",
        n=number,
        arrow=t(f"findings.pathway.arrow_{step.via}"),
        forum=forum_name(cmap.forum_by_id.get(step.forum), step.forum),
        level=level_text(step.level),
        frequency=label("frequency", step.frequency).lower(),
    )


def stop_text(cmap: CollaborationMap, path: Pathway, stop: Stop, ages: str = "") -> str:
    """One sentence on why the concern stops (or may stop) at ``stop`` (``ages`` instead of the path's age)."""
    start = start_label(cmap, path.start)
    if stop.reason == "no_forum":
        start = start[:1].upper() + start[1:]
    return t(
        f"findings.pathway.reason.{stop.reason}",
        start=start,
        age=ages or path.age,
        forum=forum_name(cmap.forum_by_id.get(stop.forum), stop.forum),
    )


def pathway_lines(cmap: CollaborationMap, path: Pathway) -> Iterator[str]:
    """The text of ``samhandling vei``: the path step by step, then where and why it stops."""
    theme = t("findings.pathway.theme", theme=path.theme) if path.theme else ""
    yield t("findings.pathway.title", start=start_label(cmap, path.start), age=path.age) + theme
    if path.actors:
        yield t("findings.pathway.start", names=names([actor_name(cmap.actor_by_id.get(a), a) for a in path.actors]))
    for number, step in enumerate(path.steps, 1):
        yield step_line(cmap, number, step)
        yield t("findings.pathway.members", names=member_names(cmap, step)) if step.members else t(
            "findings.pathway.nobody"
        )
    yield t("findings.pathway.not_reached" if path.dead_end else "findings.pathway.reached")
    if path.stops:
        yield t("findings.pathway.stops_heading")
        for stop in path.stops:
            yield t("findings.pathway.stop_line", text=stop_text(cmap, path, stop))
