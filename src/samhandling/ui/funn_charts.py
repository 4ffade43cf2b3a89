"""The three charts of the Funn page (Altair): sector x sector connections with the
expected pairs that are missing, meeting hours per actor, coordinated services per age.

The ``*_frame`` functions turn analysis metrics into tables (tested on their own);
the ``_*_chart`` functions draw them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from samhandling.i18n import t
from samhandling.maps.palette import SECTOR_COLOURS
from samhandling.model import CollaborationMap
from samhandling.vocabulary import label

__all__ = ["charts", "sector_matrix_frame", "hours_frame", "ages_frame"]


def charts(cmap: CollaborationMap, analysis: Any, findings: list[Any]) -> None:
    """The three charts, each under its heading and help text."""
    metrics = analysis.metrics
    _section("matrix", sector_matrix_frame(cmap, metrics.get("sector_matrix") or {}, findings), _matrix_chart)
    _section("hours", hours_frame(metrics.get("actors") or {}), _hours_chart)
    _section("ages", ages_frame(metrics.get("age_coverage") or {}), _ages_chart)


def _section(key: str, frame: pd.DataFrame, draw: Callable[[pd.DataFrame], Any]) -> None:
    st.subheader(t(f"ui_funn.charts.{key}_heading"))
    st.caption(t(f"ui_funn.charts.{key}_help"))
    if frame.empty:
        st.info(t(f"ui_funn.charts.{key}_empty"))
    else:
        st.altair_chart(draw(frame), width="stretch")


def sector_matrix_frame(
    cmap: CollaborationMap, matrix: dict[str, dict[str, int]], findings: Iterable[Any]
) -> pd.DataFrame:
    """One row per sector pair: connections and how many expected pairs are missing."""
    sectors = sorted({a.sector for a in cmap.actors} | set(matrix))
    missing: dict[tuple[str, str], int] = {}
    for f in findings:
        if f.kind != "missing_expected":
            continue
        found = [cmap.actor_by_id[a].sector for a in f.actors if a in cmap.actor_by_id]
        if len(found) >= 2:
            a, b = found[0], found[1]
            missing[(a, b)] = missing.get((a, b), 0) + 1
            if a != b:
                missing[(b, a)] = missing.get((b, a), 0) + 1
    rows = []
    for a in sectors:
        for b in sectors:
            rows.append(
                {
                    "a": label("sector", a),
                    "b": label("sector", b),
                    "connections": int((matrix.get(a) or {}).get(b, 0)),
                    "missing": missing.get((a, b), 0),
                }
            )
    return pd.DataFrame(rows, columns=["a", "b", "connections", "missing"])


def _matrix_chart(frame: pd.DataFrame) -> alt.Chart:
    order = list(dict.fromkeys(frame["a"]))
    x = alt.X("b:N", title=None, sort=order, axis=alt.Axis(labelAngle=-30, labelFontSize=13, orient="top"))
    y = alt.Y("a:N", title=None, sort=order, axis=alt.Axis(labelFontSize=13))
    tooltip = [
        alt.Tooltip("a:N", title=t("ui_funn.charts.sector_a")),
        alt.Tooltip("b:N", title=t("ui_funn.charts.sector_b")),
        alt.Tooltip("connections:Q", title=t("ui_funn.charts.connections")),
        alt.Tooltip("missing:Q", title=t("ui_funn.charts.missing_count")),
    ]
    base = alt.Chart(frame).encode(x=x, y=y)
    heat = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "connections:Q", title=t("ui_funn.charts.connections"), scale=alt.Scale(scheme="blues")
        ),
        tooltip=tooltip,
    )
    numbers = base.mark_text(fontSize=14).encode(
        text=alt.Text("connections:Q"),
        color=alt.condition("datum.connections > 4", alt.value("white"), alt.value("#1f2328")),
        tooltip=tooltip,
    )
    missing = (
        alt.Chart(frame[frame["missing"] > 0])
        .mark_rect(fill=None, stroke="#d62728", strokeWidth=3)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    cross = (
        alt.Chart(frame[frame["missing"] > 0])
        .mark_text(text="✕", color="#d62728", fontSize=12, dx=14, dy=-10, fontWeight="bold")
        .encode(x=x, y=y)
    )
    side = max(260, 48 * len(order))
    return (heat + numbers + missing + cross).properties(height=side)


def hours_frame(actors: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Actors with standing meeting hours, most first."""
    rows = [
        {
            "actor": str(m.get("name") or aid),
            "sector": label("sector", str(m.get("sector", "annet"))),
            "hours": round(float(m.get("meeting_hours_per_month") or 0.0), 1),
        }
        for aid, m in actors.items()
    ]
    frame = pd.DataFrame(rows, columns=["actor", "sector", "hours"])
    return frame[frame["hours"] > 0].sort_values("hours", ascending=False).head(40).reset_index(drop=True)


def _overload_hours() -> float:
    try:
        from samhandling.analysis import Thresholds

        return float(Thresholds().meeting_overload_hours)
    except (ImportError, AttributeError):
        return 20.0


def _hours_chart(frame: pd.DataFrame) -> alt.LayerChart:
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("hours:Q", title=t("ui_funn.charts.hours")),
            y=alt.Y("actor:N", sort="-x", title=None,
                    axis=alt.Axis(labelFontSize=13, labelLimit=300, labelOverlap=False)),
            color=alt.Color("sector:N", title=t("ui_funn.charts.sector"), scale=_sector_scale(frame)),
            tooltip=[
                alt.Tooltip("actor:N", title=t("ui_funn.charts.actor")),
                alt.Tooltip("sector:N", title=t("ui_funn.charts.sector")),
                alt.Tooltip("hours:Q", title=t("ui_funn.charts.hours"), format=".1f"),
            ],
        )
    )
    limit = pd.DataFrame({"limit": [_overload_hours()]})
    rule = alt.Chart(limit).mark_rule(color="#d62728", strokeWidth=2).encode(
        x="limit:Q"
    )
    return (bars + rule).properties(height=max(160, 28 * len(frame)))


def _sector_scale(frame: pd.DataFrame) -> alt.Scale:
    """The sector colours of the map, so a sector looks the same everywhere."""
    by_label = {label("sector", s): c for s, c in SECTOR_COLOURS.items()}
    domain = sorted(set(frame["sector"]))
    return alt.Scale(domain=domain, range=[by_label.get(d, "#999999") for d in domain])


def ages_frame(coverage: dict[Any, int]) -> pd.DataFrame:
    """One row per age 0–24 with the number of coordinated services."""
    counts = {int(age): int(n) for age, n in coverage.items()}
    rows = []
    for age in range(25):
        n = counts.get(age, 0)
        rows.append(
            {
                "age": age,
                "services": n,
                "shown": n if n else 0.25,  # a visible stub where nothing is coordinated
                "status": t("ui_funn.charts.covered") if n else t("ui_funn.charts.uncovered"),
            }
        )
    return pd.DataFrame(rows)


def _ages_chart(frame: pd.DataFrame) -> alt.Chart:
    covered, uncovered = t("ui_funn.charts.covered"), t("ui_funn.charts.uncovered")
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("age:O", title=t("ui_funn.charts.age"), axis=alt.Axis(labelAngle=0, labelFontSize=13)),
            y=alt.Y("shown:Q", title=t("ui_funn.charts.services")),
            color=alt.Color(
                "status:N",
                title=t("ui_funn.charts.coverage_status"),
                scale=alt.Scale(domain=[covered, uncovered], range=["#4c78a8", "#d62728"]),
            ),
            tooltip=[
                alt.Tooltip("age:O", title=t("ui_funn.charts.age")),
                alt.Tooltip("services:Q", title=t("ui_funn.charts.services")),
            ],
        )
        .properties(height=280)
    )
