"""What the leader brief says: a collaboration map (and optionally its "after") -> a :class:`Brief`.

Written for a leader with ten minutes: first a short summary and the few things
to do, then what was mapped, then the findings grouped the way a styringsgruppe
talks about them — critical gaps with their legal source, transitions and ages
nobody owns, vulnerable hubs, collaboration without routines, overlapping forums
and who carries too many meetings — each with a recommendation. All findings
are listed in an appendix.

With ``compare_to`` (the map after a project; ``cmap`` is "before") the brief
starts with what the project changed and which gaps closed, remain or are new,
and the findings sections describe the map *after* the project: that is the
situation the leader must act on now.

Pure: no files, no drawing. The figures are named here and drawn by
:mod:`samhandling.report.figures` from :attr:`Brief.figure_data`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from samhandling.analysis import Analysis, Comparison, Finding, Thresholds, analyze, compare
from samhandling.analysis.rules import readable_source
from samhandling.i18n import counted, percent, t
from samhandling.model import CollaborationMap
from samhandling.report.blocks import (
    Block,
    Brief,
    Bullets,
    Figure,
    FindingItem,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from samhandling.report.figures import gap_lines
from samhandling.report.ladder import ladder_section
from samhandling.report.wording import (
    date_text,
    finding_source,
    finding_title,
    hours_text,
    join_names,
    kind_label,
    problem_recommendation,
    recommendation,
    severity_label,
)

__all__ = ["build_brief", "MAX_ACTIONS", "MAX_ITEMS", "MAX_TABLE_ROWS"]

# A section shows this many findings in full; the rest are in the appendix.
MAX_ITEMS = 6
# "Det viktigste å gjøre" lists at most this many problems (a leadership meeting digests 7–15).
MAX_ACTIONS = 7
# A table in the body shows this many rows; the appendix shows up to MAX_APPENDIX_ROWS.
MAX_TABLE_ROWS = 12
MAX_APPENDIX_ROWS = 300


def _txt(key: str, **values: Any) -> str:
    return str(t(f"report.{key}", **values))


def _header(key: str) -> tuple[str, ...]:
    return tuple(str(h) for h in t(f"report.{key}"))


def _place(cmap: CollaborationMap) -> str:
    return _txt("summary.in_place", municipality=cmap.info.municipality) if cmap.info.municipality else ""


def _item(f: Finding, cmap: CollaborationMap) -> FindingItem:
    source = finding_source(f)
    return FindingItem(
        title=finding_title(f, cmap),
        severity=f.severity,
        severity_label=severity_label(f.severity),
        text=f.message,
        recommendation=recommendation(f, cmap),
        # The analysis sentence usually cites the source already; say it once.
        source="" if f.rule is not None and f.rule.source.strip()
        and readable_source(f.rule.source.strip()) in f.message else source,
    )


def _items(findings: list[Finding], cmap: CollaborationMap) -> list[Block]:
    blocks: list[Block] = [_item(f, cmap) for f in findings[:MAX_ITEMS]]
    if len(findings) > MAX_ITEMS:
        blocks.append(Paragraph(_txt("change.more", count=len(findings) - MAX_ITEMS), "note"))
    return blocks


def _of(analysis: Analysis, *kinds: str, severity: str | None = None) -> list[Finding]:
    return [f for f in analysis.findings if f.kind in kinds and (severity is None or f.severity == severity)]


# --- sections ---------------------------------------------------------------------------


def _summary(cmap: CollaborationMap, analysis: Analysis, comparison: Comparison | None,
             before: CollaborationMap | None, th: Thresholds) -> Section:
    counts = analysis.metrics.get("map", {})
    bullets = []
    if before is not None:
        now = counted({"actors": len(cmap.actors), "forums": len(cmap.forums)})
        old = counted({"actors": len(before.actors), "forums": len(before.forums)})
        bullets.append(_txt("summary.mapped_compare", **now, place=_place(cmap), actors_before=old["actors"],
                            forums_before=old["forums"]))
    else:
        bullets.append(_txt("summary.mapped", place=_place(cmap), **counted(
            {"actors": len(cmap.actors), "forums": len(cmap.forums), "connections": counts.get("connections", 0)})))
    if comparison is not None:
        bullets.append(_txt("summary.project", resolved=len(comparison.resolved),
                            remaining=len(comparison.remaining), new=len(comparison.new)))
    critical = [p for p in analysis.problems if p.severity == "kritisk"]
    if len(critical) == 1:
        bullets.append(_txt("summary.critical_one"))
    elif critical:
        bullets.append(_txt("summary.critical", count=len(critical)))
    else:
        bullets.append(_txt("summary.no_critical"))
    important = [
        p for p in analysis.problems
        if p.severity == "viktig" and not all(f.kind in ("forum_overlap", "initiative_overlap") for f in p.items)
    ]
    if len(important) == 1:
        bullets.append(_txt("summary.important_one"))
    elif important:
        bullets.append(_txt("summary.important", count=len(important)))
    overlaps = _of(analysis, "forum_overlap")
    if overlaps:
        hours = sum(float(f.details.get("total_member_hours_per_month", 0)) for f in overlaps)
        key = "summary.overlap_one" if len(overlaps) == 1 else "summary.overlap"
        bullets.append(_txt(key, count=len(overlaps), hours=hours_text(hours)))
    overload = _of(analysis, "meeting_overload")
    limit = hours_text(th.meeting_overload_hours)
    if len(overload) == 1:
        bullets.append(_txt("summary.overload_one", limit=limit))
    elif overload:
        bullets.append(_txt("summary.overload", count=len(overload), limit=limit))
    for f in _of(analysis, "age_gap"):
        bullets.append(_txt("summary.ages", ages=finding_title(f, cmap).lower()))
    # The few things to do: at most seven problems, most severe first, each once.
    actions: list[str] = []
    for problem in analysis.problems[:MAX_ACTIONS]:
        actions.append(_txt("summary.action", title=problem.title,
                            recommendation=problem_recommendation(problem, cmap)))
    blocks: list[Block] = [Bullets(tuple(bullets))]
    if actions:
        blocks += [Subheading(_txt("summary.actions_heading")), Bullets(tuple(actions), numbered=True),
                   Paragraph(_txt("summary.more_actions"), "note")]
    return Section(_txt("summary.heading"), tuple(blocks), "summary")


def _problem_rows(problems: tuple[Any, ...], limit: int) -> Table:
    rows = tuple((severity_label(p.severity), p.title, _shorten(p.message)) for p in problems[:limit])
    return Table(_header("change.table_header"), rows, (1.2, 3.0, 3.8), tuple(p.severity for p in problems[:limit]))


def _shorten(text: str, limit: int = 220) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _change(before: CollaborationMap, after: CollaborationMap, comparison: Comparison) -> Section:
    names = lambda rows: join_names([str(r.get("name") or r.get("id")) for r in rows], limit=8)  # noqa: E731
    bullets = []
    for table, kinds in (("actors", ("added", "removed")), ("forums", ("added", "removed")), ("routines", ("added",))):
        diff = getattr(comparison, table)
        for kind in kinds:
            if diff.get(kind):
                bullets.append(_txt(f"change.{table}_{kind}", names=names(diff[kind])))
    if not bullets:
        bullets.append(_txt("change.nothing"))
    for table in ("memberships", "relations"):
        diff = getattr(comparison, table)
        if diff.get("added") or diff.get("removed"):
            bullets.append(
                _txt(f"change.{table}", added=len(diff.get("added", [])), removed=len(diff.get("removed", [])))
            )
    blocks: list[Block] = [Paragraph(_txt("change.intro")), Bullets(tuple(bullets))]
    remaining = tuple(p for p, _ in comparison.problems_remaining)
    for key, problems in (("resolved", comparison.problems_resolved), ("remaining", remaining),
                          ("new", comparison.problems_new)):
        blocks.append(Subheading(_txt(f"change.{key}_heading")))
        if not problems:
            blocks.append(Paragraph(_txt(f"change.{key}_none")))
            continue
        blocks.append(_problem_rows(problems, MAX_TABLE_ROWS))
        if len(problems) > MAX_TABLE_ROWS:
            more = "change.more" if key != "resolved" else "change.more_plain"
            blocks.append(Paragraph(_txt(more, count=len(problems) - MAX_TABLE_ROWS), "note"))
    blocks.append(Figure("map_compare", _txt("mapped.map_caption_compare")))
    return Section(_txt("change.heading"), tuple(blocks), "change")


def _mapped(cmap: CollaborationMap, analysis: Analysis, before: CollaborationMap | None,
            before_analysis: Analysis | None) -> Section:
    def row_values(m: CollaborationMap, a: Analysis) -> dict[str, int]:
        return {**m.counts(), "connections": int(a.metrics.get("map", {}).get("connections", 0)),
                "sectors": len({x.sector for x in m.actors})}

    keys = ("actors", "forums", "memberships", "relations", "routines", "connections", "sectors")
    now = row_values(cmap, analysis)
    blocks: list[Block] = [Paragraph(_txt("mapped.intro", place=_place(cmap)))]
    if cmap.info.description:
        blocks.append(Paragraph(_txt("about.description", text=cmap.info.description.strip())))
    if before is not None and before_analysis is not None:
        old = row_values(before, before_analysis)
        rows = tuple((_txt(f"mapped.rows.{k}"), str(old[k]), str(now[k])) for k in keys)
        blocks.append(Table(_header("mapped.counts_header_compare"), rows, (4.0, 1.0, 1.0)))
    else:
        rows = tuple((_txt(f"mapped.rows.{k}"), str(now[k])) for k in keys)
        blocks.append(Table(_header("mapped.counts_header"), rows, (4.0, 1.0)))
        caption = _txt("mapped.map_caption")
        severities = {g[2] for g in gap_lines(analysis.findings)}
        if severities:
            caption += " " + _txt(
                "mapped.map_caption_gaps" if "viktig" in severities else "mapped.map_caption_critical"
            )
        blocks.append(Figure("map", caption))
    blocks.append(Figure("sector_matrix", _txt("mapped.sector_caption"), wide=False))
    heading = _txt("mapped.heading_compare") if before is not None else _txt("mapped.heading")
    return Section(heading, tuple(blocks), "mapped")


def _critical(cmap: CollaborationMap, analysis: Analysis) -> Section:
    findings = [p for p in analysis.problems if p.severity == "kritisk"]
    if not findings:
        return Section(_txt("critical.heading"), (Paragraph(_txt("critical.none")),), "critical")
    rows, severities = [], []
    for problem in findings[:MAX_TABLE_ROWS]:
        first = next((f for f in problem.items if f.severity == "kritisk"), problem.items[0])
        rule = first.rule
        why = (rule.reason.lstrip("→").strip().rstrip(".") + ". ") if rule is not None and rule.reason.strip() else ""
        source = finding_source(first)
        if len(problem.items) > 1:
            why = problem.message + " " + why
        rows.append((problem.title, why + (f"{_txt('labels.source')}: {source}" if source else ""),
                     problem_recommendation(problem, cmap)))
        severities.append(problem.severity)
    blocks: list[Block] = [Paragraph(_txt("critical.intro")),
                           Table(_header("critical.table_header"), tuple(rows), (2.0, 3.2, 2.8), tuple(severities))]
    if len(findings) > MAX_TABLE_ROWS:
        blocks.append(Paragraph(_txt("change.more", count=len(findings) - MAX_TABLE_ROWS), "note"))
    return Section(_txt("critical.heading"), tuple(blocks), "critical")


def _group(key: str, findings: list[Finding], cmap: CollaborationMap, extra: list[Block] | None = None,
           none: str | None = None) -> Section | None:
    if not findings and not extra:
        return None
    blocks: list[Block] = [Paragraph(_txt(f"{key}.intro") if findings or none is None else none)]
    blocks += _items(findings, cmap)
    blocks += extra or []
    return Section(_txt(f"{key}.heading"), tuple(blocks), key)


def _overlaps(cmap: CollaborationMap, analysis: Analysis) -> Section | None:
    forums = _of(analysis, "forum_overlap")
    initiatives = _of(analysis, "initiative_overlap")
    if not forums and not initiatives:
        return None
    blocks: list[Block] = []
    if forums:
        total = sum(float(f.details.get("total_member_hours_per_month", 0)) for f in forums)
        blocks.append(Paragraph(_txt("overlaps.intro", hours=hours_text(total))))
        rows = []
        for f in forums[:MAX_TABLE_ROWS]:
            shared = [
                cmap.actor_by_id[a].name if a in cmap.actor_by_id else a
                for a in f.details.get("shared_members", f.actors)
            ]
            rows.append((finding_title(f, cmap), join_names(shared, limit=5),
                         hours_text(float(f.details.get("total_member_hours_per_month", 0))), recommendation(f, cmap)))
        blocks.append(Table(_header("overlaps.table_header"), tuple(rows), (2.4, 2.6, 1.2, 2.6)))
    if initiatives:
        blocks.append(Paragraph(_txt("overlaps.intro_initiatives")))
        blocks += _items(initiatives, cmap)
    return Section(_txt("overlaps.heading"), tuple(blocks), "overlaps")


def _load(cmap: CollaborationMap, analysis: Analysis, th: Thresholds) -> Section | None:
    hours = [m.get("meeting_hours_per_month", 0) for m in analysis.metrics.get("actors", {}).values()]
    if not any(hours):
        return None
    limit = hours_text(th.meeting_overload_hours)
    findings = _of(analysis, "meeting_overload")
    blocks: list[Block] = [Paragraph(_txt("load.intro", limit=limit)),
                           Figure("hours", _txt("load.hours_caption", limit=limit), wide=False)]
    blocks += _items(findings, cmap) if findings else [Paragraph(_txt("load.none", limit=limit))]
    return Section(_txt("load.heading"), tuple(blocks), "load")


def _housekeeping(cmap: CollaborationMap, analysis: Analysis) -> Section | None:
    kinds = ("forum_without_mandate", "forum_without_leader", "routine_missing", "routine_overdue")
    findings = _of(analysis, *kinds)
    if not findings:
        return None
    rows = tuple((f"{kind_label(f.kind)}: {finding_title(f, cmap)}", recommendation(f, cmap))
                 for f in findings[:MAX_TABLE_ROWS])
    blocks: list[Block] = [Paragraph(_txt("housekeeping.intro")),
                           Table(_header("housekeeping.table_header"), rows, (3.5, 4.5))]
    if len(findings) > MAX_TABLE_ROWS:
        blocks.append(Paragraph(_txt("change.more", count=len(findings) - MAX_TABLE_ROWS), "note"))
    return Section(_txt("housekeeping.heading"), tuple(blocks), "housekeeping")


def _about(cmap: CollaborationMap, compared: bool, th: Thresholds) -> Section:
    blocks: list[Block] = [Paragraph(_txt("about.text"))]
    if compared:
        blocks.append(Paragraph(_txt("about.compare")))
    blocks.append(Paragraph(_txt("about.thresholds", shared=th.forum_overlap_min_shared,
                                 percent=percent(th.forum_overlap_jaccard),
                                 hours=hours_text(th.meeting_overload_hours)), "note"))
    return Section(_txt("about.heading"), tuple(blocks), "about")


def _appendix(cmap: CollaborationMap, analysis: Analysis) -> Section:
    findings = analysis.findings
    if not findings:
        return Section(_txt("appendix.heading"), (Paragraph(_txt("appendix.none")),), "appendix")
    rows = tuple(
        (severity_label(f.severity), f"{kind_label(f.kind)}: {finding_title(f, cmap)}", recommendation(f, cmap))
        for f in findings[:MAX_APPENDIX_ROWS]
    )
    blocks: list[Block] = [Paragraph(_txt("appendix.intro")),
                           Table(_header("appendix.table_header"), rows, (1.1, 3.4, 3.5),
                                 tuple(f.severity for f in findings[:MAX_APPENDIX_ROWS]))]
    if len(findings) > MAX_APPENDIX_ROWS:
        blocks.append(Paragraph(_txt("change.more", count=len(findings) - MAX_APPENDIX_ROWS), "note"))
    return Section(_txt("appendix.heading"), tuple(blocks), "appendix")


# --- the brief ----------------------------------------------------------------------------


def build_brief(
    cmap: CollaborationMap,
    *,
    compare_to: CollaborationMap | None = None,
    thresholds: Thresholds | None = None,
    today: date | None = None,
) -> Brief:
    """Return what the leader brief of ``cmap`` says, section by section.

    Parameters
    ----------
    cmap : CollaborationMap
        The map; with ``compare_to``, the map *before* a project.
    compare_to : CollaborationMap, optional
        The map after the project.
    thresholds : Thresholds, optional
        Passed to the analysis.
    today : date, optional
        The date printed as the brief's date (defaults to today).
    """
    th = thresholds or Thresholds()
    comparison: Comparison | None = None
    if compare_to is not None:
        comparison = compare(cmap, compare_to, th)
        before, before_analysis = cmap, comparison.before
        current, analysis = compare_to, comparison.after
    else:
        before, before_analysis = None, None
        current, analysis = cmap, analyze(cmap, th)

    info = current.info if (current.info.title or current.info.municipality) else cmap.info
    municipality = info.municipality or cmap.info.municipality
    title = _txt("document_title_municipality", municipality=municipality) if municipality else _txt("document_title")
    if info.title and before is None:
        title = info.title
    if before is not None:
        kind = _txt("document_kind_compare")
        if before.info.date is None and current.info.date is None:
            dateline = _txt("mapped_on_compare_unknown")
        else:
            dateline = _txt("mapped_on_compare", before=date_text(before.info.date),
                            after=date_text(current.info.date))
    else:
        kind = _txt("document_kind")
        dateline = (
            _txt("mapped_on", date=date_text(current.info.date)) if current.info.date else _txt("mapped_on_unknown")
        )
    dateline += " · " + _txt("made_with", date=date_text(today or date.today()))

    sections: list[Section | None] = [_summary(current, analysis, comparison, before, th)]
    if comparison is not None and before is not None:
        sections.append(_change(before, current, comparison))
    sections += [
        _mapped(current, analysis, before, before_analysis),
        _critical(current, analysis),
        _group("transitions", _of(analysis, "transition_gap", "age_gap"), current,
               extra=[Figure("ages", _txt("transitions.age_caption"), wide=False)], none=_txt("transitions.none")),
        ladder_section(current),
        _group("vulnerable", _of(analysis, "single_point_of_failure", "isolated_actor", "sector_silo"), current),
        _group("recommended", _of(analysis, "missing_expected", severity="viktig"), current),
        _group("informal", _of(analysis, "informal_only"), current),
        _group("indirect", _of(analysis, "indirect_only"), current),
        _group("functions", _of(analysis, "missing_function"), current),
        _overlaps(current, analysis),
        _load(current, analysis, th),
        _housekeeping(current, analysis),
        _about(current, comparison is not None, th),
        _appendix(current, analysis),
    ]
    figure_data: dict[str, dict[str, Any]] = {
        "map": {"cmap": current, "findings": analysis.findings},
        "sector_matrix": {"matrix": analysis.metrics.get("sector_matrix", {})},
        "hours": {"actors": analysis.metrics.get("actors", {}), "limit": th.meeting_overload_hours},
        "ages": {"coverage": analysis.metrics.get("age_coverage", {})},
    }
    if before is not None:
        figure_data["map_compare"] = {"before": before, "after": current}
    return Brief(title, kind, dateline, tuple(s for s in sections if s is not None), figure_data)
