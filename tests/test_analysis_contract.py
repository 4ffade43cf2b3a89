"""The analysis as the outside sees it: JSON shape, order, keys, thresholds, imports, doctests."""

import dataclasses
import doctest
import importlib
import json
import subprocess
import sys
from datetime import date

import pytest

from samhandling.analysis import KINDS, SEVERITIES, Finding, Thresholds, analyze
from samhandling.analysis.findings import finding_key, sort_findings
from samhandling.model import Actor, CollaborationMap, Expectation, Forum, Membership, Relation, Routine


def _every_kind() -> CollaborationMap:
    """One small map that shows every finding kind.

    NAV–barnevern unconnected (missing_expected); C sits in Forum 3 with psykisk helse
    og rus and in Forum 4 with barnevern (indirect_only); no koordinerende enhet or
    barnekoordinator (missing_function); skole–barnehage only by an informal
    relation (informal_only); jordmor and OT alone (isolated_actor); OT–NAV across a
    transition (transition_gap); nothing coordinates ages 16–24 (age_gap); skole-a
    alone links {a, b, c} with {bhg, fysio} (single_point_of_failure); NAV and the
    refugee service only meet each other (sector_silo); Forum 1 is a system forum with
    no mandate and no leader; Rutine 1 is missing and Rutine 2 overdue; both forums have
    a, b, c as standing members, 3 of 4 (forum_overlap); both initiatives work with a
    and b (initiative_overlap); a, b and c meet 26 h a month in Forum 1 (meeting_overload); the only
    ladder forum is Forum 5 for ages 0–5, where OT does not sit (pathway_dead_end);
    Gruppe 1 entered a PPT–NAV link that Gruppe 2 says does not exist (disagreement).
    """
    team = "abc"  # three standing members shared by two identical forums
    return CollaborationMap(
        actors=(
            Actor("skole-a", "Siljan skole", category="skole", sector="oppvekst", age_from=6, age_to=15),
            Actor("barnevern", "Barnevernstjenesten", category="barnevern", sector="oppvekst"),
            Actor("bhg", "Bøle barnehage", category="barnehage", sector="oppvekst", age_to=5),
            Actor("ppt", "PPT", category="ppt", sector="oppvekst"),
            Actor("nav", "NAV", category="nav", sector="velferd"),
            Actor("flykt", "Flyktningtjenesten", sector="velferd"),
            Actor("fysio", "Fysio", sector="helse"),
            Actor("jordmor", "Jordmortjenesten", sector="helse"),
            Actor("ot", "Oppfølgingstjenesten", category="ot", sector="oppvekst"),
            Actor("s1", "Satsing 1", type="satsing"),
            Actor("s2", "Satsing 2", type="satsing"),
            Actor("phr", "Psykisk helse og rus", category="psykisk_helse_rus", sector="helse"),
            *(Actor(x, x.upper(), sector="oppvekst", age_from=6, age_to=15) for x in team),
        ),
        forums=(
            Forum("f1", "Forum 1", frequency="ukentlig", duration_hours=6),
            Forum("f2", "Forum 2", has_mandate=True, leader="a"),
            Forum("f3", "Forum 3", has_mandate=True, leader="c", level="individ"),
            Forum("f4", "Forum 4", has_mandate=True, leader="c", level="individ"),
            Forum("f5", "Forum 5", has_mandate=True, leader="c", level="individ", age_to=5, bti_level="3"),
        ),
        memberships=(
            *(Membership("f1", x) for x in team),
            *(Membership("f2", x) for x in team),
            Membership("f1", "ppt", "ved_behov"),
            Membership("f2", "skole-a"),
            Membership("f3", "phr"),
            Membership("f3", "c", "leder"),
            Membership("f4", "barnevern"),
            Membership("f4", "c", "leder"),
        ),
        relations=(
            Relation("skole-a", "bhg"),
            Relation("bhg", "fysio"),
            Relation("nav", "flykt"),
            Relation("s1", "a"),
            Relation("s1", "b"),
            Relation("s2", "a"),
            Relation("s2", "b"),
        ),
        relation_voices=(
            Relation("ppt", "nav", recorded_by="Gruppe 1"),
            Relation("nav", "ppt", recorded_by="Gruppe 2", exists=False),
        ),
        routines=(
            Routine("r1", "Rutine 1", status="mangler"),
            Routine("r2", "Rutine 2", status="vedtatt", review_date=date(2020, 1, 1)),
        ),
    )


def test_one_small_map_shows_every_finding_kind():
    result = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1)))
    assert {f.kind for f in result.findings} == set(KINDS)


def test_findings_are_sorted_by_severity_then_kind_then_key():
    findings = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1))).findings
    order = [(SEVERITIES.index(f.severity), KINDS.index(f.kind), f.key) for f in findings]
    assert order == sorted(order)
    assert findings[0].severity == "kritisk"
    assert sort_findings(reversed(findings)) == findings


def test_analysis_json_has_the_contract_shape():
    data = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1))).to_dict()
    assert list(data) == ["map", "problems", "findings", "metrics"]
    assert data["map"]["actors"] == 15
    keys = {f["key"] for f in data["findings"]}
    for problem in data["problems"]:
        assert list(problem) == ["key", "severity", "title", "message", "findings", "actors", "forums"]
        assert set(problem["findings"]) <= keys
    for item in data["findings"]:
        assert list(item) == ["key", "kind", "severity", "actors", "forums", "message", "rule", "details"]
        assert item["severity"] in SEVERITIES
        assert item["rule"] is None or list(item["rule"]) == ["a", "b", "krav", "grunnlag", "kilde", "plikt"]
        assert item["message"]
    assert set(data["metrics"]) == {"map", "actors", "sector_matrix", "age_coverage"}
    assert json.loads(json.dumps(data)) == data


def test_finding_key_is_the_kind_and_the_sorted_ids():
    assert finding_key("forum_overlap", ["f2", "f1"]) == "forum_overlap:f1|f2"
    result = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1)))
    for f in result.findings:
        if f.kind not in ("age_gap", "sector_silo", "transition_gap", "missing_function", "pathway_dead_end"):
            ids = f.key.split(":", 1)[1].split("|")
            assert ids == sorted(ids)


def test_the_same_map_twice_gives_the_same_findings():
    first = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1)))
    second = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1)))
    assert first.to_dict() == second.to_dict()


def test_findings_and_thresholds_are_frozen():
    finding = analyze(_every_kind()).findings[0]
    assert isinstance(finding, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Thresholds().forum_overlap_jaccard = 0.1  # type: ignore[misc]


def test_threshold_defaults_are_those_of_the_contract():
    defaults = Thresholds()
    assert defaults.forum_overlap_jaccard == 0.7
    assert defaults.forum_overlap_min_shared == 3
    assert defaults.initiative_overlap_jaccard == 0.5
    assert defaults.meeting_overload_hours == 20.0
    assert defaults.today is None


def test_every_message_names_things_by_name_not_by_id():
    # Actor and forum ids never show up in messages; names do.
    cmap = CollaborationMap(
        actors=(Actor("sk-17", "Siljan skole", category="skole"), Actor("bv-3", "Barnevernet", category="barnevern")),
        forums=(Forum("fx-9", "Ressursteam"),),
        memberships=(Membership("fx-9", "sk-17"),),
        expectations=(Expectation("sk-17", "bv-3", "pakrevd", "lokal plan"),),
    )
    for f in analyze(cmap).findings:
        for ident in ("sk-17", "bv-3", "fx-9"):
            assert ident not in f.message, f.message


def test_importing_the_analysis_does_not_import_streamlit_or_pyvis():
    code = (
        "import sys, samhandling.analysis, samhandling.graph; "
        "bad = [m for m in ('streamlit', 'pyvis') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    "module",
    [
        "samhandling.graph",
        "samhandling.analysis.rules",
        "samhandling.analysis.findings",
        "samhandling.analysis.expected",
        "samhandling.analysis.structure",
        "samhandling.analysis.ages",
        "samhandling.analysis.housekeeping",
        "samhandling.analysis.overlaps",
        "samhandling.analysis.metrics",
        "samhandling.analysis.report",
        "sys.modules:samhandling.analysis.compare",
    ],
)
def test_docstring_examples_run(module):
    if module.startswith("sys.modules:"):
        importlib.import_module("samhandling.analysis")
        mod = sys.modules[module.split(":", 1)[1]]
    else:
        mod = importlib.import_module(module)
    result = doctest.testmod(mod)
    assert result.failed == 0


def test_an_analysis_survives_pickling_for_the_apps_cache():
    # st.cache_data pickles what it caches.
    import pickle

    result = analyze(_every_kind(), Thresholds(today=date(2025, 1, 1)))
    again = pickle.loads(pickle.dumps(result))
    assert again.to_dict() == result.to_dict()


def test_analysing_the_same_map_again_reuses_the_last_result():
    # Same map object and thresholds on the same day: the result is reused; anything else is recomputed.
    cmap = _every_kind()
    first = analyze(cmap, Thresholds(today=date(2025, 1, 1)))
    assert analyze(cmap, Thresholds(today=date(2025, 1, 1))) is first
    assert analyze(cmap, Thresholds(today=date(2026, 1, 1))) is not first
    copy = dataclasses.replace(cmap)
    assert analyze(copy, Thresholds(today=date(2025, 1, 1))).to_dict() == first.to_dict()
