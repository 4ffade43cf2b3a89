"""The Sammenlign page: two versions of a map side by side — what changed, which
findings were resolved or are new, and the key numbers before and after.

Either version can be a bundled example, a map in the store, a saved snapshot of
a store map, or an uploaded file. The default is the Siljan før/etter example pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from samhandling import maps
from samhandling.i18n import language, t
from samhandling.io import EXPLAINED_SUFFIXES, READABLE_SUFFIXES
from samhandling.model import CollaborationMap
from samhandling.ui import state
from samhandling.ui.components import bullet_list, network_map, plain
from samhandling.ui.data import MAX_UPLOAD_MB
from samhandling.vocabulary import fold

__all__ = ["page", "Version", "default_examples"]

SOURCES = ("example", "store", "snapshot", "upload")
_SECTIONS = ("actors", "forums", "memberships", "relations", "routines")


@dataclass(frozen=True)
class Version:
    """One side of the comparison: a map and where it came from."""

    map: CollaborationMap
    label: str
    identity: str  # same identity = same version


def default_examples(examples: dict[str, Path]) -> tuple[str | None, str | None]:
    """The (before, after) example labels to start with: Siljan før/etter when present.

    Pairs are found by file name (``<name>-for.yaml`` and ``<name>-etter.yaml``),
    so the titles inside the files may say anything.
    """
    by_stem = {fold(Path(path).stem): lb for lb, path in examples.items()}
    pairs = [
        (stem.removesuffix("for"), lb, by_stem[stem.removesuffix("for") + "etter"])
        for stem, lb in by_stem.items()
        if stem.endswith("for") and stem.removesuffix("for") + "etter" in by_stem
    ]
    pairs.sort(key=lambda p: ("siljan" not in p[0], p[0]))
    if pairs:
        return pairs[0][1], pairs[0][2]
    labels = list(examples)
    return (labels[0] if labels else None), (labels[1] if len(labels) > 1 else None)


@st.cache_data(show_spinner=False, max_entries=16)
def _load_example(path: str, mtime: float) -> CollaborationMap:
    from samhandling.io import load_map

    return load_map(path).map


@st.cache_data(show_spinner=False, max_entries=16)
def _load_upload(data: bytes, filename: str) -> CollaborationMap:
    from samhandling.io import load_map_bytes

    return load_map_bytes(data, filename).map


def _pick(side: str, default_example: str | None) -> Version | None:
    """The controls of one side ("before"/"after"); returns the chosen version."""
    st.markdown(f"**{t(f'ui_sammenlign.{side}')}**")
    source = st.segmented_control(
        t("ui_sammenlign.source.label"), list(SOURCES), default="example",
        format_func=lambda s: t(f"ui_sammenlign.source.{s}"), key=f"sammenlign.{side}.source",
    ) or "example"
    if source == "example":
        examples = state.example_files()
        if not examples:
            st.info(t("ui_sammenlign.no_examples"))
            return None
        labels = list(examples)
        index = labels.index(default_example) if default_example in labels else 0
        chosen = st.selectbox(
            t("ui_sammenlign.example"), labels, index=index, key=f"sammenlign.{side}.example"
        )
        path = Path(examples[chosen])
        return Version(_load_example(str(path), path.stat().st_mtime), chosen, f"example:{path}")
    if source in ("store", "snapshot"):
        names = state.store().list_maps()
        if not names:
            st.info(t("ui_sammenlign.no_stored"))
            return None
        current = state.current_name()
        name = st.selectbox(
            t("ui_sammenlign.stored_map"), names, index=names.index(current) if current in names else 0,
            key=f"sammenlign.{side}.{source}.map",
        )
        if source == "store":
            cmap, revision = state.store().load(name)
            return Version(cmap, name, f"store:{name}:{revision}")
        snapshots = state.store().list_snapshots(name)
        if not snapshots:
            st.info(t("ui_sammenlign.no_snapshots"))
            return None
        snap = st.selectbox(
            t("ui_sammenlign.snapshot"), snapshots,
            format_func=lambda s: t("ui_sammenlign.snapshot_label", label=s.label, revision=s.revision),
            key=f"sammenlign.{side}.snapshot",
        )
        return Version(state.store().load_snapshot(name, snap.label), f"{name}: {snap.label}",
                       f"store:{name}:{snap.revision}")
    upload = st.file_uploader(
        t("ui_sammenlign.upload"), type=[*READABLE_SUFFIXES, *EXPLAINED_SUFFIXES], key=f"sammenlign.{side}.upload",
        max_upload_size=MAX_UPLOAD_MB,
    )
    if upload is None:
        st.caption(t("ui_sammenlign.upload_hint"))
        return None
    from samhandling.errors import MapFileError

    data = upload.getvalue()
    try:
        cmap = _load_upload(data, upload.name)
    except MapFileError as exc:
        st.error(t("ui_sammenlign.file_error", name=plain(upload.name)))
        for problem in list(getattr(exc, "problems", ()))[:20]:
            st.caption(plain(getattr(problem, "message", problem)))
        return None
    return Version(cmap, upload.name, f"upload:{upload.file_id}")


def page() -> None:
    """Draw the Sammenlign page."""
    st.title(t("ui_sammenlign.title"))
    st.caption(t("ui_sammenlign.intro"))
    before_default, after_default = default_examples(state.example_files())
    left, right = st.columns(2, gap="large")
    with left:
        before = _pick("before", before_default)
    with right:
        after = _pick("after", after_default)
    if before is None or after is None:
        st.info(t("ui_sammenlign.choose_both"))
        return
    if before.identity == after.identity:
        st.warning(t("ui_sammenlign.same_version"))

    from samhandling.analysis import compare

    comparison = compare(before.map, after.map)
    data = comparison.to_dict()
    st.divider()
    _metrics(data["metrics"], comparison)
    _findings(comparison)
    st.divider()
    _diff_map(before, after)
    _summary(before.map, after.map, data)
    st.divider()
    _brief(before, after)


@st.cache_data(show_spinner=False, max_entries=4)
def _brief_bytes(_before: CollaborationMap, _after: CollaborationMap, key: tuple[str, ...], fmt: str) -> bytes:
    from samhandling.report import report_bytes

    return report_bytes(_before, fmt, compare_to=_after)


def _brief(before: Version, after: Version) -> None:
    """The before/after leader brief for the styringsgruppe (made on request: it draws figures)."""
    st.subheader(t("ui_sammenlign.brief_heading"))
    st.caption(t("ui_sammenlign.brief_help"))
    key = (before.identity, after.identity, language())  # the brief is written in the language
    wanted = f"sammenlign.brief.{key}"
    if not st.session_state.get(wanted):
        if st.button(t("ui_sammenlign.make_brief"), key="sammenlign.make_brief"):
            st.session_state[wanted] = True
            st.rerun()
        return
    left, right = st.columns(2)
    for column, fmt, mime in (
        (left, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (right, "html", "text/html"),
    ):
        column.download_button(
            t(f"ui_sammenlign.download_brief_{fmt}"), data=_brief_bytes(before.map, after.map, key, fmt),
            file_name=f"lederbrev-for-etter.{fmt}", mime=mime, key=f"sammenlign.brief.{fmt}", on_click="ignore",
        )


def _metric_values(metrics: dict[str, Any], findings: tuple[Any, ...]) -> dict[str, float]:
    whole = metrics.get("map", {})
    coverage = metrics.get("age_coverage", {})
    actors = metrics.get("actors", {})
    return {
        "actors": whole.get("actors", 0),
        "forums": whole.get("forums", 0),
        "connections": whole.get("connections", 0),
        "cross_sector": round(100 * float(whole.get("cross_sector_share", 0.0))),
        "findings": len(findings),
        "kritisk": sum(1 for f in findings if f.severity == "kritisk"),
        "uncovered_ages": sum(1 for n in coverage.values() if not n),
        "hours": round(sum(float(m.get("meeting_hours_per_month") or 0) for m in actors.values())),
    }


# Fewer findings, fewer uncovered ages and fewer meeting hours are improvements.
_LOWER_IS_BETTER = {"findings", "kritisk", "uncovered_ages", "hours"}


def _metrics(metrics: dict[str, Any], comparison: Any) -> None:
    st.subheader(t("ui_sammenlign.metrics_heading"))
    before = _metric_values(metrics["before"], comparison.before.findings)
    after = _metric_values(metrics["after"], comparison.after.findings)
    keys = list(before)
    for row in (keys[:4], keys[4:]):
        columns = st.columns(len(row))
        for column, key in zip(columns, row, strict=True):
            suffix = " %" if key == "cross_sector" else ""
            delta = after[key] - before[key]
            column.metric(
                t(f"ui_sammenlign.metrics.{key}"),
                f"{after[key]}{suffix}",
                delta=f"{delta:+}{suffix}" if delta else None,
                delta_color="inverse" if key in _LOWER_IS_BETTER else "normal",
                help=t("ui_sammenlign.metrics.before_value", value=f"{before[key]}{suffix}"),
                border=True,
            )


def _findings(comparison: Any) -> None:
    st.subheader(t("ui_sammenlign.findings_heading"))
    st.caption(t("ui_sammenlign.findings.counts", resolved=len(comparison.resolved), new=len(comparison.new),
                 remaining=len(comparison.remaining)))
    columns = st.columns(3)
    remaining = [
        t("ui_sammenlign.findings.partly", title=p.title, count=len(gone)) if gone else p.title
        for p, gone in comparison.problems_remaining
    ]
    groups = (
        ("resolved", [f"{p.title}: {p.message}" for p in comparison.problems_resolved], st.success),
        ("new", [f"{p.title}: {p.message}" for p in comparison.problems_new], st.warning),
        ("remaining", remaining, st.info),
    )
    for column, (key, lines, box) in zip(columns, groups, strict=True):
        with column:
            box(t(f"ui_sammenlign.findings.{key}", count=len(lines)))
            title = t(f"ui_sammenlign.findings.{key}", count=len(lines))
            with st.expander(title, expanded=key != "remaining"):
                if not lines:
                    st.caption(t("ui_sammenlign.findings.none"))
                else:
                    st.markdown(bullet_list(lines))


def _diff_map(before: Version, after: Version) -> None:
    st.subheader(t("ui_sammenlign.map_heading"))
    st.caption(t("ui_sammenlign.map_help"))
    pair = (before.identity, after.identity)
    store = st.session_state.setdefault("sammenlign.positions", {})
    positions = store.setdefault(pair, {})
    elements = maps.diff_elements(before.map, after.map, positions=positions)
    positions.update(elements.positions)
    if elements.caption:
        st.caption(plain(elements.caption))
    network_map(
        elements.nodes, elements.edges, key="sammenlign.network", legend=elements.legend, height=600,
        view_key=repr(pair),
    )


def _name(before: CollaborationMap, after: CollaborationMap, node_id: str) -> str:
    node = (after.actor_by_id.get(node_id) or after.forum_by_id.get(node_id)
            or before.actor_by_id.get(node_id) or before.forum_by_id.get(node_id))
    return node.name if node is not None else node_id


def _item(before: CollaborationMap, after: CollaborationMap, section: str, item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    if section == "memberships":
        return t("ui_sammenlign.membership_item", actor=_name(before, after, item.get("actor", "")),
                 forum=_name(before, after, item.get("forum", "")))
    if section == "relations":
        return t("ui_sammenlign.relation_item", source=_name(before, after, item.get("source", "")),
                 target=_name(before, after, item.get("target", "")))
    if section == "routines":
        return str(item.get("name") or item.get("id", ""))
    return _name(before, after, str(item.get("id", ""))) if "id" in item else str(item.get("name", item))


def _summary(before: CollaborationMap, after: CollaborationMap, data: dict[str, Any]) -> None:
    st.subheader(t("ui_sammenlign.summary_heading"))
    rows = []
    for section in _SECTIONS:
        part = data.get(section) or {}
        rows.append({
            t("ui_sammenlign.summary.table"): t(f"ui_sammenlign.summary.{section}"),
            t("ui_sammenlign.summary.added"): len(part.get("added", [])),
            t("ui_sammenlign.summary.removed"): len(part.get("removed", [])),
            t("ui_sammenlign.summary.changed"): len(part.get("changed", [])),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with st.expander(t("ui_sammenlign.details")):
        for section in _SECTIONS:
            part = data.get(section) or {}
            lines = [
                t("ui_sammenlign.detail_added", name=_item(before, after, section, i))
                for i in part.get("added", [])
            ]
            lines += [t("ui_sammenlign.detail_removed", name=_item(before, after, section, i))
                      for i in part.get("removed", [])]
            lines += [
                t("ui_sammenlign.detail_changed", name=_item(before, after, section, i),
                  fields=", ".join(i.get("fields", {})) if isinstance(i, dict) else "")
                for i in part.get("changed", [])
            ]
            if lines:
                st.markdown(f"**{t(f'ui_sammenlign.summary.{section}')}**")
                st.markdown("\n".join(f"- {plain(line)}" for line in lines))
