"""Where a concern goes on the BTI ladder, and where it stops (issue 13)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from samhandling.analysis import analyze
from samhandling.analysis.dead_ends import pathway_dead_end_findings
from samhandling.analysis.pathway import find_pathway
from samhandling.cli import main
from samhandling.io import load_map
from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership

DATA = Path(__file__).resolve().parents[1] / "data"


@cache
def example(name: str) -> CollaborationMap:
    return load_map(DATA / f"{name}.yaml").map


def ladder(**changes: object) -> CollaborationMap:
    """A kindergarten's local team (nivå 1) -> drøftingsteam (nivå 2) -> ansvarsgruppe (nivå 3)."""
    cmap = CollaborationMap(
        actors=(
            Actor("bh", "Barnehagen", "barnehage", age_from=1, age_to=5),
            Actor("ppt", "PPT", "ppt"),
            Actor("bk", "Barnekoordinator", "barnekoordinator"),
            Actor("vgs", "Videregående", "vgs", age_from=16, age_to=19),
        ),
        forums=(
            Forum("lt", "Lokalt team", leader="bh", has_mandate=True, frequency="manedlig", bti_level="1",
                  age_to=5, forwards_to=("dt",)),
            Forum("dt", "Drøftingsteam", leader="ppt", has_mandate=True, bti_level="2", age_to=17),
            Forum("ag", "Ansvarsgruppe", leader="bk", has_mandate=True, bti_level="3", age_to=17),
        ),
        memberships=(
            Membership("lt", "bh", "leder"), Membership("lt", "ppt"),
            Membership("dt", "ppt", "leder"),
            Membership("ag", "ppt"), Membership("ag", "bk", "leder"),
        ),
    )
    return cmap.with_changes(**changes)


def test_a_concern_follows_videre_til_then_goes_one_level_up_through_a_shared_standing_member():
    path = find_pathway(ladder(), "barnehage", 4)
    # lt names dt in videre_til; dt names nothing, so it goes to a nivå-3 forum where PPT also sits.
    assert [(s.forum, s.level, s.via) for s in path.steps] == [
        ("lt", 1, "start"), ("dt", 2, "videre_til"), ("ag", 3, "level_up")]
    assert path.stops == () and not path.dead_end
    assert path.steps[0].members == (("bh", "leder"), ("ppt", "fast"))
    assert path.steps[0].frequency == "manedlig"


def test_a_service_with_no_forum_on_the_ladder_for_the_age_is_a_dead_end():
    path = find_pathway(ladder(), "vgs", 17)
    assert path.dead_end and path.end.reason == "no_forum" and path.steps == ()
    assert find_pathway(ladder(), "barnehage", 9).end.reason == "no_service"


def test_a_forum_that_sends_nowhere_for_the_age_stops_the_concern():
    cmap = ladder(forums=tuple(f if f.id != "ag" else Forum("ag", "Ansvarsgruppe", bti_level="3", age_to=0)
                               for f in ladder().forums))
    path = find_pathway(cmap, "barnehage", 4)
    assert [s.forum for s in path.steps] == ["lt", "dt"]
    assert path.end.reason == "no_next" and path.end.forum == "dt" and path.dead_end


def test_a_theme_keeps_to_forums_that_work_with_it():
    cmap = ladder(forums=tuple(f if f.id != "dt" else Forum("dt", "Drøftingsteam", bti_level="2",
                                                             topics=("vold",)) for f in ladder().forums))
    assert [s.forum for s in find_pathway(cmap, "barnehage", 4, "Vold").steps] == ["lt", "dt", "ag"]
    assert find_pathway(cmap, "barnehage", 4, "rus").end.reason == "no_next"


def test_weak_points_on_the_way_are_stops_in_path_order():
    cmap = ladder(
        memberships=(Membership("lt", "bh", "ved_behov"), *ladder().memberships[1:]),
        forums=(*ladder().forums[:2], Forum("ag", "Ansvarsgruppe", bti_level="3", age_to=17)),
    )
    path = find_pathway(cmap, "bh", 4)
    assert [(s.reason, s.forum) for s in path.stops] == [("only_ved_behov", "lt"), ("no_mandate", "ag")]
    # the barnekoordinator sits in ag, so there is a coordinator at nivå 3
    assert not path.dead_end


def test_an_unknown_start_is_refused():
    with pytest.raises(ValueError, match="barnehag"):
        find_pathway(ladder(), "barnehag", 4)


def test_siljan_before_a_kindergarten_concern_at_4_reaches_the_tiltaksteam_at_level_3():
    path = find_pathway(example("siljan-for"), "barnehage", 4)
    # The BTI samarbeidsmøter (nivå 2, barnehagen only ved behov) send on to the tiltaksteam.
    assert [(s.forum, s.level) for s in path.steps] == [("bti-samarbeidsmote", 2), ("tiltaksteam", 3)]
    assert not path.dead_end
    assert path.stops[0].reason == "only_ved_behov"
    # The plan names no leader and no koordinator for the tiltaksteam.
    assert path.end.reason == "no_coordinator" and path.end.forum == "tiltaksteam"


def test_siljan_before_16_to_24_has_no_way_up_the_ladder():
    keys = {f.key: f.details["reason"] for f in analyze(example("siljan-for")).by_kind("pathway_dead_end")}
    assert keys == {
        "pathway_dead_end:nav|16-24": "no_forum",
        "pathway_dead_end:ot|16-21": "no_forum",
        "pathway_dead_end:vgs|16-19": "no_forum",
    }
    problems = {p.key: p for p in analyze(example("siljan-for")).problems}
    assert problems["pathway_dead_end:nav|*"].severity == "viktig"
    assert problems["pathway_dead_end:nav|*"].findings == ("pathway_dead_end:nav|16-24",)


def test_siljan_after_nav_reaches_the_naervaersteam_but_no_level_3_for_16_to_24():
    # The nærværsteam takes 16–24 and sends on to the tiltaksteam, which the plan gives 0–15.
    findings = analyze(example("siljan-etter")).by_kind("pathway_dead_end")
    nav = next(f for f in findings if f.details["start"] == "nav")
    assert (nav.details["reason"], nav.details["path"]) == ("no_next", ["naervaersteam"])
    assert "«Nærværsteam»" in nav.message


def test_a_partial_map_or_a_map_without_a_ladder_has_no_dead_ends():
    assert pathway_dead_end_findings(ladder(info=MapInfo(scope="utsnitt"))) == []
    assert pathway_dead_end_findings(example("finnmark-0-24")) == []
    assert [f.key for f in pathway_dead_end_findings(ladder())] == ["pathway_dead_end:vgs|16-19"]


def test_cli_vei_prints_the_path_and_where_it_stops(capsys):
    code = main(["vei", str(DATA / "siljan-for.yaml"), "--fra", "vgs", "--alder", "17"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[-1] == (
        "  – Videregående skoler (Vestfold og Telemark fylkeskommune) sitter ikke i noe forum på BTI-stigen "
        "som tar barn og unge på 17 år.")
    assert "Bekymringen når ikke koordinert innsats (BTI nivå 3)." in out


def test_cli_vei_json_has_the_documented_shape(capsys):
    code = main(["vei", str(DATA / "siljan-for.yaml"), "--fra", "barnehage", "--alder", "4", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [s["forum"] for s in data["steg"]] == ["bti-samarbeidsmote", "tiltaksteam"]
    assert (data["høyeste_nivå"], data["blindvei"]) == (3, False)
    assert data["slutt"] == {"grunn": "no_coordinator", "forum": "tiltaksteam"}
    assert data["steg"][0]["medlemmer"][0] == {"aktør": "stafettholder", "rolle": "leder"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fra", "barnehag", "--alder", "4"],
         "«barnehag» er verken en aktør-id eller en kategori i kartet siljan-for.yaml. Skriv en aktør-id "
         "(som i arket aktører) eller en kategori som barnehage, skole eller helsestasjon."),
        (["--fra", "barnehage", "--alder", "25"],
         "«25» er ikke en gyldig alder. Skriv et helt tall fra 0 til 24, for eksempel --alder 4."),
        (["--fra", "barnehage", "--alder", "fire"],
         "«fire» er ikke en gyldig alder. Skriv et helt tall fra 0 til 24, for eksempel --alder 4."),
    ],
)
def test_cli_vei_refuses_an_unknown_start_or_a_bad_age(capsys, argv, message):
    code = main(["vei", str(DATA / "siljan-for.yaml"), *argv])
    assert code == 2
    assert capsys.readouterr().err == message + "\n"


def test_the_leader_brief_says_where_a_concern_stops_by_start_and_age_band():
    from samhandling.report.content import build_brief

    brief = build_brief(example("siljan-for"))
    section = next(s for s in brief.sections if s.key == "ladder")
    assert section.heading == "Hvor stopper en bekymring?"
    table = section.blocks[1]
    rows = {(r[0], r[1]): r for r in table.rows}
    kindergarten = rows[("Barnehagene (Loppedåpan og Sagaenga)", "1–5")]
    assert kindergarten[2] == "Samarbeidsmøter etter BTI (nivå 2–3, med stafettlogg) (2) → Tiltaksteam barn og unge (3)"
    assert kindergarten[3].startswith("Når koordinert innsats.")
    vgs = rows[("Videregående skoler (Vestfold og Telemark fylkeskommune)", "16–18")]
    assert vgs[2:] == ("Ingen vei videre", "Videregående skoler (Vestfold og Telemark fylkeskommune) sitter ikke i "
                       "noe forum på BTI-stigen som tar barn og unge på 16–18 år.")
    # NAV 16–24 stops in both bands after 15: Siljan before has no coordinated help for 16–24.
    assert table.severities[list(table.rows).index(rows[("NAV Siljan", "16–18")])] == "viktig"
    assert rows[("NAV Siljan", "19–24")][2] == "Ingen vei videre"
