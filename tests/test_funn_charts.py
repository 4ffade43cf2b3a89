"""The tables behind the Funn charts, built from the analysis of the Siljan example."""

from __future__ import annotations

from pathlib import Path

from samhandling.analysis import analyze
from samhandling.io import load_map
from samhandling.ui.funn_charts import ages_frame, hours_frame, sector_matrix_frame

REPO = Path(__file__).resolve().parents[1]


def _siljan_before():
    cmap = load_map(REPO / "data" / "siljan-for.yaml").map
    return cmap, analyze(cmap)


def test_the_sector_matrix_marks_the_missing_ot_nav_pair_in_both_directions():
    cmap, analysis = _siljan_before()
    frame = sector_matrix_frame(cmap, analysis.metrics["sector_matrix"], analysis.findings)
    sectors = sorted({a.sector for a in cmap.actors} | set(analysis.metrics["sector_matrix"]))
    assert len(frame) == len(sectors) ** 2
    cell = frame.set_index(["a", "b"])
    # OT (oppvekst) and NAV (velferd) are an expected pair with no contact in Siljan before PIL.
    assert cell.loc[("Oppvekst", "Velferd"), "missing"] >= 1
    assert cell.loc[("Oppvekst", "Velferd"), "missing"] == cell.loc[("Velferd", "Oppvekst"), "missing"]
    matrix = analysis.metrics["sector_matrix"]
    assert cell.loc[("Oppvekst", "Helse"), "connections"] == matrix["oppvekst"]["helse"]


def test_meeting_hours_list_actors_with_standing_meetings_most_first():
    cmap, analysis = _siljan_before()
    frame = hours_frame(analysis.metrics["actors"])
    assert list(frame["hours"]) == sorted(frame["hours"], reverse=True)
    assert (frame["hours"] > 0).all()
    top = max(analysis.metrics["actors"].values(), key=lambda m: m["meeting_hours_per_month"])
    assert frame.iloc[0]["hours"] == round(top["meeting_hours_per_month"], 1)


def test_ages_without_coordinated_services_are_marked_and_still_visible():
    frame = ages_frame({age: (2 if age < 16 else 0) for age in range(25)})
    assert list(frame["age"]) == list(range(25))
    uncovered = frame[frame["services"] == 0]
    assert list(uncovered["age"]) == list(range(16, 25))
    assert set(uncovered["status"]) == {"Uten samordning"}
    assert set(frame[frame["services"] > 0]["status"]) == {"Har samordning"}
    assert (uncovered["shown"] > 0).all()  # a stub bar, so the gap is seen
