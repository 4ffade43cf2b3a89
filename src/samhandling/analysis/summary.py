"""Plain-text Norwegian summaries of an analysis and a comparison (for the CLI).

Pure functions from results to text; all sentences come from ``locales/<lang>/cli.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from samhandling.i18n import counted, number, percent, t
from samhandling.model import CollaborationMap

__all__ = ["analysis_lines", "analysis_summary", "comparison_lines", "comparison_summary", "SEVERITY_ORDER"]

SEVERITY_ORDER = ("kritisk", "viktig", "info")


def _title(cmap: CollaborationMap, source: str) -> str:
    return cmap.info.title or source


def _metric_lines(cmap: CollaborationMap, metrics: dict[str, Any]) -> list[str]:
    lines = [t("cli.summary.metrics_heading")]
    whole = metrics.get("map", {})
    if whole.get("density") is not None:
        lines.append(t("cli.summary.density", value=percent(whole["density"])))
    if whole.get("cross_sector_share") is not None:
        lines.append(t("cli.summary.cross_sector", value=percent(whole["cross_sector_share"])))
    actors = metrics.get("actors", {})
    busiest = sorted(actors.items(), key=lambda kv: -kv[1].get("meeting_hours_per_month", 0))[:3]
    busiest = [(aid, m) for aid, m in busiest if m.get("meeting_hours_per_month", 0) > 0]
    if busiest:
        items = ", ".join(f"{m.get('name') or aid} {number(m['meeting_hours_per_month'])} t" for aid, m in busiest)
        lines.append(t("cli.summary.top_hours", items=items))
    coverage = metrics.get("age_coverage", {})
    uncovered = [int(age) for age, n in coverage.items() if not n]
    if uncovered:
        lines.append(t("cli.summary.uncovered_ages", ages=_ranges(sorted(uncovered))))
    return lines


def _ranges(ages: list[int]) -> str:
    """``[0, 1, 2, 5, 16, 17, 18]`` → ``0–2, 5, 16–18``."""
    runs: list[list[int]] = []
    for age in ages:
        if runs and age == runs[-1][-1] + 1:
            runs[-1].append(age)
        else:
            runs.append([age])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


_FINDINGS_PER_PROBLEM = 10


def _problem_lines(problems: Sequence[Any]) -> Iterator[str]:
    by_severity: dict[str, list[Any]] = defaultdict(list)
    for problem in problems:
        by_severity[problem.severity].append(problem)
    for severity in SEVERITY_ORDER:
        group = by_severity.get(severity, [])
        if not group:
            continue
        yield ""
        yield t("cli.summary.severity_heading", label=t(f"cli.severity.{severity}"), count=len(group))
        for problem in group:
            yield t("cli.summary.problem_line", title=problem.title, message=problem.message)
            items = problem.items if len(problem.items) > 1 else ()
            for finding in items[:_FINDINGS_PER_PROBLEM]:
                yield t("cli.summary.finding_line", message=finding.message)
            if len(items) > _FINDINGS_PER_PROBLEM:
                yield t("cli.summary.more_findings", count=len(items) - _FINDINGS_PER_PROBLEM)


def analysis_lines(cmap: CollaborationMap, analysis: Any, source: str = "") -> Iterator[str]:
    """A readable Norwegian summary of ``analysis`` for a municipal leader, line by line.

    Problems first (the pairs inside a problem one indent away, at most ten each),
    then key figures. Lines are made as they are printed, so a country-size map
    never holds the whole text in memory.
    """
    yield t("cli.summary.title", title=_title(cmap, source))
    yield t("cli.summary.counts", **counted(cmap.counts()))
    yield ""
    if analysis.problems:
        yield t("cli.summary.problems_heading", problems=len(analysis.problems), findings=len(analysis.findings))
        yield from _problem_lines(analysis.problems)
    else:
        yield t("cli.summary.no_findings")
    yield ""
    yield from _metric_lines(cmap, analysis.metrics)


def analysis_summary(cmap: CollaborationMap, analysis: Any, source: str = "") -> str:
    """:func:`analysis_lines` as one text."""
    return "\n".join(analysis_lines(cmap, analysis, source))


def _name(cmap: CollaborationMap, node_id: str) -> str:
    node = cmap.actor_by_id.get(node_id) or cmap.forum_by_id.get(node_id) or cmap.routine_by_id.get(node_id)
    return node.name if node is not None else node_id


def _known(cmap: CollaborationMap, node_id: str) -> bool:
    return node_id in cmap.actor_by_id or node_id in cmap.forum_by_id or node_id in cmap.routine_by_id


def _item_name(before: CollaborationMap, after: CollaborationMap, item: Any) -> str:
    if isinstance(item, str):
        return _name(after, item) if _known(after, item) else _name(before, item)
    if isinstance(item, dict):
        if "id" in item:
            return _item_name(before, after, item["id"])
        if "forum" in item and "actor" in item:
            role = t(f"vocabulary.role.{item.get('role', 'fast')}")
            return t("cli.compare.membership", actor=_item_name(before, after, item["actor"]),
                     forum=_item_name(before, after, item["forum"]), role=str(role).lower())
        if "source" in item and "target" in item:
            kind = t(f"vocabulary.relation_type.{item.get('type', 'samarbeid')}")
            return t("cli.compare.relation", source=_item_name(before, after, item["source"]),
                     target=_item_name(before, after, item["target"]), type=str(kind).lower())
    return str(item)


def comparison_lines(
    before: CollaborationMap, after: CollaborationMap, comparison: Any, before_name: str = "", after_name: str = ""
) -> Iterator[str]:
    """A readable Norwegian summary of what changed between two versions of a map, line by line.

    Only the problems are written out; of the findings the text needs their numbers,
    so they are not turned into dicts (a country map has half a million).
    """
    data = _comparison_parts(comparison)
    yield t("cli.compare.title", before=_title(before, before_name), after=_title(after, after_name))
    yield ""
    for section in ("actors", "forums", "memberships", "relations", "routines"):
        part = data.get(section)
        if not part:
            continue
        changed = part.get("changed")
        suffix = t("cli.compare.changed_suffix", count=len(changed)) if changed else ""
        yield t("cli.compare.section", label=t(f"cli.compare.labels.{section}"), added=len(part.get("added", [])),
                removed=len(part.get("removed", [])), changed=suffix)
        for item in part.get("added", []):
            yield t("cli.compare.added_item", name=_item_name(before, after, item))
        for item in part.get("removed", []):
            yield t("cli.compare.removed_item", name=_item_name(before, after, item))
        for item in changed or []:
            fields = ", ".join(item.get("fields", {})) if isinstance(item, dict) else ""
            yield t("cli.compare.changed_item", name=_item_name(before, after, item), fields=fields)
    problems = data.get("problems", {})
    yield ""
    yield t("cli.compare.problems", resolved=len(problems.get("resolved", [])), new=len(problems.get("new", [])),
            remaining=len(problems.get("remaining", [])))
    findings = data.get("findings", {})
    yield t("cli.compare.findings", resolved=len(findings.get("resolved", ())), new=len(findings.get("new", ())),
            remaining=len(findings.get("remaining", ())))
    for key, heading in (("resolved", "resolved_heading"), ("new", "new_heading")):
        items = problems.get(key, [])
        if items:
            yield t(f"cli.compare.{heading}")
            for problem in items:
                yield t("cli.summary.problem_line", title=problem["title"], message=problem["message"])
    partly = [p for p in problems.get("remaining", []) if p.get("resolved_findings")]
    if partly:
        yield t("cli.compare.partly_heading")
        for problem in partly:
            yield t("cli.compare.partly_line", title=problem["title"], count=len(problem["resolved_findings"]))


def _comparison_parts(comparison: Any) -> dict[str, Any]:
    """The comparison's parts with the findings left as they are (the text counts them)."""
    return comparison.parts() if hasattr(comparison, "parts") else comparison.to_dict()


def comparison_summary(
    before: CollaborationMap, after: CollaborationMap, comparison: Any, before_name: str = "", after_name: str = ""
) -> str:
    """:func:`comparison_lines` as one text."""
    return "\n".join(comparison_lines(before, after, comparison, before_name, after_name))
