"""One call that runs every finding kind and the metrics: :func:`analyze`.

The result, :class:`Analysis`, holds the findings sorted by severity (kritisk,
viktig, info), kind and key, and the metrics of :mod:`samhandling.analysis.metrics`;
:meth:`Analysis.to_dict` is the JSON of ``samhandling analyze --json``
(``analysis.md``, "Command line").
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from samhandling.analysis.ages import age_gap_findings, coordinated_by_age
from samhandling.analysis.channels import Channels
from samhandling.analysis.dead_ends import pathway_dead_end_findings
from samhandling.analysis.disagreements import disagreement_findings
from samhandling.analysis.expected import expected_pair_findings, transition_gap_findings
from samhandling.analysis.findings import Finding, Thresholds, sort_findings
from samhandling.analysis.functions import missing_function_findings
from samhandling.analysis.housekeeping import (
    forum_without_leader_findings,
    forum_without_mandate_findings,
    routine_missing_findings,
    routine_overdue_findings,
)
from samhandling.analysis.metrics import compute_metrics
from samhandling.analysis.overlaps import (
    find_forum_overlaps,
    find_initiative_overlaps,
    find_meeting_overload,
    meeting_hours_per_month,
)
from samhandling.analysis.problems import Problem, group_problems
from samhandling.analysis.rules import effective_rules
from samhandling.analysis.sidework import SideWork, fork_pays
from samhandling.analysis.structure import (
    isolated_actor_findings,
    sector_silo_findings,
    single_point_of_failure_findings,
)
from samhandling.graph import collaboration_network
from samhandling.i18n import language, language_held
from samhandling.model import CollaborationMap

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """The findings, the problems they group into, and the metrics of one map."""

    findings: tuple[Finding, ...]
    metrics: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    problems: tuple[Problem, ...] = field(default=(), hash=False, compare=False)

    def by_kind(self, kind: str) -> tuple[Finding, ...]:
        """The findings of one kind, in order."""
        return tuple(f for f in self.findings if f.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """``{"map": {...counts...}, "problems": [...], "findings": [...], "metrics": {...}}``."""
        return {
            "map": dict(self.metrics.get("map", {})),
            "problems": [p.to_dict() for p in self.problems],
            "findings": [f.to_dict() for f in self.findings],
            "metrics": self.metrics,
        }


def analyze(cmap: CollaborationMap, thresholds: Thresholds | None = None) -> Analysis:
    """Find every gap and overlap in a map and measure it.

    Parameters
    ----------
    cmap : CollaborationMap
    thresholds : Thresholds, optional
        Defaults are those of ``analysis.md``.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> from samhandling.model import Actor
    >>> result = analyze(CollaborationMap(actors=(Actor("ppt", "PPT"),)))
    >>> [f.key for f in result.findings if f.kind == "isolated_actor"]
    ['isolated_actor:ppt']
    """
    thresholds = thresholds or Thresholds()
    # The result depends on the map, the thresholds, (for routine_overdue) the day, and
    # the language its texts are written in.
    key = (replace(thresholds, today=thresholds.effective_today()), language())
    last = _LAST.get("analysis")
    if last is not None and last[0]() is cmap and last[1] == key:
        return last[2]
    with _collection_paused(), language_held():
        result = _analyze(cmap, key[0])
    _LAST["analysis"] = (weakref.ref(cmap), key, result)
    return result


# The most recent analysis, reused when the same map object is analysed again with the
# same thresholds on the same day: the app and ``compare`` often analyse the current map
# twice, which on a country-size map costs seconds and hundreds of megabytes.
_LAST: dict[str, tuple[weakref.ref, tuple[Thresholds, str], Analysis]] = {}


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the analysis builds its many small objects.

    The analysis makes no reference cycles of its own, and on a country-size map
    the collector's repeated passes over hundreds of thousands of new dicts and
    tuples doubled the run time. Memory is still freed by reference counting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyze(cmap: CollaborationMap, thresholds: Thresholds) -> Analysis:
    # Weak connections count as none for every finding, so the analysis needs only the strong graph.
    G_strong = collaboration_network(cmap, include_weak=False)
    # The structure, housekeeping, overlaps and metrics need nothing from the expected
    # pairs: on a big map they run in a forked child meanwhile (analysis.sidework).
    aside = SideWork(lambda: _structure_and_metrics(cmap, G_strong, thresholds),
                     fork=fork_pays(len(cmap.actors)))
    channels = Channels(cmap, G_strong)
    findings: list[Finding] = []
    findings += expected_pair_findings(cmap, channels, effective_rules(cmap, practice=thresholds.practice_rules))
    findings += missing_function_findings(cmap, channels)
    findings += transition_gap_findings(cmap, channels)
    others, metrics = aside.result()
    # The order of the parts does not matter: findings are sorted by severity, kind and key,
    # and each kind comes from one part.
    findings += others
    ordered = sort_findings(findings)
    return Analysis(findings=ordered, metrics=metrics, problems=group_problems(cmap, ordered))


def _structure_and_metrics(
    cmap: CollaborationMap, G_strong: Any, thresholds: Thresholds
) -> tuple[list[Finding], dict[str, Any]]:
    """Every finding that does not need the expected pairs' channels, and the metrics."""
    hours = meeting_hours_per_month(cmap)
    coverage = coordinated_by_age(cmap)
    findings: list[Finding] = []
    findings += isolated_actor_findings(cmap)
    findings += age_gap_findings(cmap, coverage)
    findings += single_point_of_failure_findings(cmap, G_strong)
    findings += sector_silo_findings(cmap, G_strong)
    findings += forum_without_mandate_findings(cmap)
    findings += forum_without_leader_findings(cmap)
    findings += routine_missing_findings(cmap)
    findings += routine_overdue_findings(cmap, thresholds.effective_today())
    findings += find_forum_overlaps(cmap, thresholds)
    findings += find_initiative_overlaps(cmap, G_strong, thresholds)
    findings += find_meeting_overload(cmap, thresholds, hours)
    findings += pathway_dead_end_findings(cmap)
    findings += disagreement_findings(cmap)
    return findings, compute_metrics(cmap, G_strong, hours, coverage, thresholds)
