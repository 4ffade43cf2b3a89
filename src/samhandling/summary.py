"""Plain-text Norwegian summaries of an analysis and a comparison (for the CLI).

Pure functions from results to text; all sentences come from ``locales/<lang>/cli.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from samhandling.i18n import t
from samhandling.model import CollaborationMap

__all__ = ["analysis_summary", "comparison_summary", "SEVERITY_ORDER"]

SEVERITY_ORDER = ("kritisk", "viktig", "info")


def _title(cmap: CollaborationMap, source: str) -> str:
    return cmap.info.title or source


def _metric_lines(cmap: CollaborationMap, metrics: dict[str, Any]) -> list[str]:
    lines = [t("cli.summary.metrics_heading")]
    whole = metrics.get("map", {})
    if whole.get("density") is not None:
        lines.append(t("cli.summary.density", value=whole["density"]))
    if whole.get("cross_sector_share") is not None:
        lines.append(t("cli.summary.cross_sector", value=whole["cross_sector_share"]))
    actors = metrics.get("actors", {})
    busiest = sorted(actors.items(), key=lambda kv: -kv[1].get("meeting_hours_per_month", 0))[:3]
    busiest = [(aid, m) for aid, m in busiest if m.get("meeting_hours_per_month", 0) > 0]
    if busiest:
        items = ", ".join(
            f"{m.get('name') or aid} {m['meeting_hours_per_month']:.1f} t".replace(".", ",") for aid, m in busiest
        )
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


def _finding_lines(findings: list[Any]) -> list[str]:
    by_severity: dict[str, list[Any]] = defaultdict(list)
    for finding in findings:
        by_severity[finding.severity].append(finding)
    lines: list[str] = []
    for severity in SEVERITY_ORDER:
        group = by_severity.get(severity, [])
        if not group:
            continue
        lines.append("")
        lines.append(t("cli.summary.severity_heading", label=t(f"cli.severity.{severity}"), count=len(group)))
        for finding in group:
            lines.append(t("cli.summary.finding_line", message=finding.message))
    return lines


def analysis_summary(cmap: CollaborationMap, analysis: Any, source: str = "") -> str:
    """A readable Norwegian summary of ``analysis`` for a municipal leader."""
    lines = [t("cli.summary.title", title=_title(cmap, source)), t("cli.summary.counts", **cmap.counts())]
    findings = list(analysis.findings)
    lines.append("")
    if findings:
        lines.append(t("cli.summary.findings_heading", count=len(findings)))
        lines.extend(_finding_lines(findings))
    else:
        lines.append(t("cli.summary.no_findings"))
    lines.append("")
    lines.extend(_metric_lines(cmap, analysis.metrics))
    return "\n".join(lines)


def _name(cmap: CollaborationMap, node_id: str) -> str:
    node = cmap.actor_by_id.get(node_id) or cmap.forum_by_id.get(node_id)
    return node.name if node is not None else node_id


def _item_name(before: CollaborationMap, after: CollaborationMap, item: Any) -> str:
    if isinstance(item, str):
        return _name(after, item) if item in after.actor_by_id or item in after.forum_by_id else _name(before, item)
    if isinstance(item, dict):
        if "id" in item:
            return _item_name(before, after, item["id"])
        if "forum" in item and "actor" in item:
            return f"{_item_name(before, after, item['actor'])} i {_item_name(before, after, item['forum'])}"
        if "source" in item and "target" in item:
            return f"{_item_name(before, after, item['source'])} – {_item_name(before, after, item['target'])}"
    return str(item)


def comparison_summary(
    before: CollaborationMap, after: CollaborationMap, comparison: Any, before_name: str = "", after_name: str = ""
) -> str:
    """A readable Norwegian summary of what changed between two versions of a map."""
    data = comparison.to_dict()
    lines = [t("cli.compare.title", before=_title(before, before_name), after=_title(after, after_name)), ""]
    for section in ("actors", "forums", "memberships", "relations", "routines"):
        part = data.get(section)
        if not part:
            continue
        changed = part.get("changed")
        suffix = t("cli.compare.changed_suffix", count=len(changed)) if changed else ""
        lines.append(
            t(
                "cli.compare.section",
                label=t(f"cli.compare.labels.{section}"),
                added=len(part.get("added", [])),
                removed=len(part.get("removed", [])),
                changed=suffix,
            )
        )
        for item in part.get("added", []):
            lines.append(t("cli.compare.added_item", name=_item_name(before, after, item)))
        for item in part.get("removed", []):
            lines.append(t("cli.compare.removed_item", name=_item_name(before, after, item)))
        for item in changed or []:
            fields = ", ".join(item.get("fields", {})) if isinstance(item, dict) else ""
            lines.append(t("cli.compare.changed_item", name=_item_name(before, after, item), fields=fields))
    findings = data.get("findings", {})
    lines.append("")
    lines.append(
        t(
            "cli.compare.findings",
            resolved=len(findings.get("resolved", [])),
            new=len(findings.get("new", [])),
            remaining=len(findings.get("remaining", [])),
        )
    )
    for key, heading in (("resolved", "resolved_heading"), ("new", "new_heading")):
        items = findings.get(key, [])
        if items:
            lines.append(t(f"cli.compare.{heading}"))
            for finding in items:
                message = finding.get("message") if isinstance(finding, dict) else str(finding)
                lines.append(t("cli.summary.finding_line", message=message))
    return "\n".join(lines)
