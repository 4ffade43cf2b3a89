"""Gaps and overlaps in collaboration, and the numbers that describe a map.

The contract is ``analysis.md``: eighteen finding kinds (version 2), grouped into problems, each with a stable key,
a severity and one Norwegian sentence; metrics as plain JSON; a before/after
comparison. One module per concern:

* :mod:`~samhandling.analysis.rules` — built-in and map-given expected collaboration;
* :mod:`~samhandling.analysis.expected` — ``missing_expected``, ``informal_only``, ``transition_gap``;
* :mod:`~samhandling.analysis.structure` — ``isolated_actor``, ``single_point_of_failure``, ``sector_silo``;
* :mod:`~samhandling.analysis.ages` — ``age_gap`` and age coverage;
* :mod:`~samhandling.analysis.housekeeping` — forums without mandate/leader, routines missing/overdue;
* :mod:`~samhandling.analysis.overlaps` — ``forum_overlap``, ``initiative_overlap``, ``meeting_overload``;
* :mod:`~samhandling.analysis.metrics` — density, sectors, betweenness, age coverage;
* :mod:`~samhandling.analysis.report` — :func:`analyze` runs them all;
* :mod:`~samhandling.analysis.compare` — :func:`compare` of two maps;
* :mod:`~samhandling.analysis.channels` — the channel between two actors;
* :mod:`~samhandling.analysis.problems` — findings grouped into problems;
* :mod:`~samhandling.analysis.functions` — ``missing_function`` (``plikter.csv``);
* :mod:`~samhandling.analysis.disagreements` — ``disagreement``: points the workshop groups see differently;
* :mod:`~samhandling.analysis.summary` — the CLI's Norwegian text of an analysis or a comparison.
"""

from samhandling.analysis.compare import Comparison, compare
from samhandling.analysis.findings import KINDS, SEVERITIES, Finding, Thresholds
from samhandling.analysis.report import Analysis, analyze
from samhandling.analysis.rules import default_rules, effective_rules

__all__ = [
    "analyze",
    "compare",
    "default_rules",
    "effective_rules",
    "Analysis",
    "Comparison",
    "Finding",
    "Thresholds",
    "KINDS",
    "SEVERITIES",
]
