"""CPU time of each step of one analysis (``report._analyze``), largest first.

Usage::

    .venv/bin/python bench/phases.py /tmp/bench/country.yaml
    PYTHONPATH=/tmp/base/src .venv/bin/python bench/phases.py /tmp/bench/country.yaml   # another version

The steps are called as ``_analyze`` calls them, with the cycle collector paused and the
language held as ``analyze`` does; the findings are the same. All run in this process: the
"aside" steps are those a big analysis runs in a forked child (``analysis.sidework``), and
"rest" is the part the parent waits for. For comparing two versions
of the code, run both one after the other (the machine's speed drifts).
"""

from __future__ import annotations

import contextlib
import gc
import sys
import time

from samhandling.analysis import report as R
from samhandling.analysis.findings import Thresholds
from samhandling.io import load_map

try:
    from samhandling.i18n import language_held
except ImportError:  # versions before language_held
    language_held = contextlib.nullcontext


def main(path: str) -> None:
    cmap = load_map(path).map
    thresholds = Thresholds()
    spent: dict[str, float] = {}

    def timed(name, fn, *args):
        start = time.process_time()
        value = fn(*args)
        spent[name] = time.process_time() - start
        return value

    gc.disable()
    with language_held():
        G = timed("collaboration_network", lambda: R.collaboration_network(cmap, include_weak=False))
        hours = timed("meeting_hours", R.meeting_hours_per_month, cmap)
        coverage = timed("age_coverage", R.coordinated_by_age, cmap)
        channels = timed("channels", R.Channels, cmap, G)
        rules = timed("rules", lambda: R.effective_rules(cmap, practice=False))
        findings = []
        findings += timed("expected_pairs", R.expected_pair_findings, cmap, channels, rules)
        findings += timed("missing_function", R.missing_function_findings, cmap, channels)
        findings += timed("isolated_actor", R.isolated_actor_findings, cmap)
        findings += timed("transition_gap", R.transition_gap_findings, cmap, channels)
        findings += timed("age_gap", R.age_gap_findings, cmap, coverage)
        findings += timed("single_point_of_failure", R.single_point_of_failure_findings, cmap, G)
        findings += timed("sector_silo", R.sector_silo_findings, cmap, G)
        findings += timed("housekeeping", lambda: (
            R.forum_without_mandate_findings(cmap) + R.forum_without_leader_findings(cmap)
            + R.routine_missing_findings(cmap) + R.routine_overdue_findings(cmap, thresholds.effective_today())))
        findings += timed("forum_overlap", R.find_forum_overlaps, cmap, thresholds)
        findings += timed("initiative_overlap", R.find_initiative_overlaps, cmap, G, thresholds)
        findings += timed("meeting_overload", R.find_meeting_overload, cmap, thresholds, hours)
        findings += timed("pathway_dead_end", R.pathway_dead_end_findings, cmap)
        timed("metrics", R.compute_metrics, cmap, G, hours, coverage, thresholds)
        ordered = timed("sort_findings", R.sort_findings, findings)
        problems = timed("group_problems", R.group_problems, cmap, ordered)
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:24s} {seconds:7.2f} s{'  (aside)' if name in ASIDE else ''}")
    print(f"{'total':24s} {sum(spent.values()):7.2f} s  ({len(findings)} findings, {len(problems)} problems)")
    aside = sum(v for k, v in spent.items() if k in ASIDE)
    print(f"{'aside':24s} {aside:7.2f} s  (run in a forked child on big maps: analysis.sidework)")
    print(f"{'rest':24s} {sum(spent.values()) - aside:7.2f} s")


# The steps report._structure_and_metrics runs (next to the rest, in a child, on big maps).
ASIDE = frozenset({"meeting_hours", "age_coverage", "isolated_actor", "age_gap", "single_point_of_failure",
                   "sector_silo", "housekeeping", "forum_overlap", "initiative_overlap", "meeting_overload",
                   "pathway_dead_end", "metrics"})


if __name__ == "__main__":
    main(sys.argv[1])
