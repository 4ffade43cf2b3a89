"""Voices in the room: who put each row in (``registrert_av``), where two groups disagree
(``finnes`` and the ``disagreement`` finding), and influence 0–5 (``innflytelse``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from samhandling import maps
from samhandling.analysis import analyze
from samhandling.analysis.disagreements import disagreement_findings
from samhandling.errors import MapFileError
from samhandling.io import load_map, load_map_bytes, map_from_tables, map_to_bytes
from samhandling.io.exchange import export_bytes, import_bytes
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation
from samhandling.store.serialise import map_from_json, map_to_json

FIXTURE = Path(__file__).parent / "fixtures" / "to-grupper-uenige.yaml"


def two_groups() -> CollaborationMap:
    return load_map(FIXTURE).map


def _tables(memberships=(), relations=()) -> dict[str, list[dict]]:
    return {
        "aktører": [
            {"id": "skole", "navn": "Skole", "kategori": "skole"},
            {"id": "barnevern", "navn": "Barnevern", "kategori": "barnevern"},
        ],
        "fora": [{"id": "tt", "navn": "Tverrfaglig team", "mandat": "ja"}],
        "deltakelse": list(memberships),
        "relasjoner": list(relations),
    }


# -- the loader --------------------------------------------------------------------


def test_every_table_reads_who_put_the_row_in_also_under_an_alias():
    tables = _tables(
        memberships=[{"forum": "tt", "aktør": "skole", "Gruppe": "Bord 2"}],
        relations=[{"fra": "skole", "til": "barnevern", "Kilde gruppe": "Gruppe 1"}],
    )
    tables["aktører"][0]["registrert_av"] = "Gruppe 1"
    tables["fora"][0]["kilde_gruppe"] = "Gruppe 3"
    tables["rutiner"] = [{"id": "r", "navn": "Rutine", "Registrert av": "Bord 1"}]
    cmap = map_from_tables(tables).map
    assert cmap.actor_by_id["skole"].recorded_by == "Gruppe 1"
    assert cmap.actor_by_id["barnevern"].recorded_by == ""
    assert cmap.forum_by_id["tt"].recorded_by == "Gruppe 3"
    assert cmap.memberships[0].recorded_by == "Bord 2"
    assert cmap.relations[0].recorded_by == "Gruppe 1"
    assert cmap.routine_by_id["r"].recorded_by == "Bord 1"


def test_influence_is_read_as_a_whole_number_and_blank_stays_unknown():
    tables = _tables()
    tables["aktører"][0]["innflytelse"] = "4"
    cmap = map_from_tables(tables).map
    assert cmap.actor_by_id["skole"].influence == 4
    assert cmap.actor_by_id["barnevern"].influence is None


def test_influence_outside_0_to_5_or_not_whole_is_an_error_naming_sheet_row_and_column():
    tables = _tables()
    tables["aktører"][0]["innflytelse"] = 6
    tables["aktører"][1]["innflytelse"] = "2,5"
    with pytest.raises(MapFileError) as caught:
        map_from_tables(tables)
    assert [str(p) for p in caught.value.problems] == [
        "Ark «aktører», rad 2, kolonne «innflytelse»: Innflytelsen 6 er utenfor 0–5. Skriv et helt tall fra 0 "
        "(ingen innflytelse) til 5 (svært stor), eller la cellen stå tom.",
        "Ark «aktører», rad 3, kolonne «innflytelse»: «2,5» er ikke et helt tall. Skriv for eksempel 6 eller 16.",
    ]


def test_the_same_membership_from_two_groups_is_kept_and_counts_at_its_weakest_role():
    result = map_from_tables(_tables(memberships=[
        {"forum": "tt", "aktør": "barnevern", "rolle": "fast", "registrert_av": "Gruppe 1"},
        {"forum": "tt", "aktør": "barnevern", "rolle": "ved_behov", "registrert_av": "Gruppe 2"},
    ]))
    assert result.warnings == ()  # not a duplicate: two voices
    assert [(m.role, m.recorded_by) for m in result.map.membership_voices] == [
        ("fast", "Gruppe 1"), ("ved_behov", "Gruppe 2")]
    assert [(m.actor, m.role) for m in result.map.memberships] == [("barnevern", "ved_behov")]


def test_the_same_membership_twice_from_one_group_is_merged_with_a_warning_as_before():
    result = map_from_tables(_tables(memberships=[
        {"forum": "tt", "aktør": "skole", "rolle": "fast", "registrert_av": "Gruppe 1"},
        {"forum": "tt", "aktør": "skole", "rolle": "leder", "registrert_av": "Gruppe 1"},
    ]))
    assert [str(w) for w in result.warnings] == [
        "Ark «deltakelse», rad 3, kolonne «aktør»: «skole» er ført opp i forumet «tt» to ganger (også rad 2); "
        "bare den første raden brukes."]
    assert [(m.role, m.recorded_by) for m in result.map.memberships] == [("fast", "Gruppe 1")]
    assert result.map.membership_voices == ()


def test_a_link_one_group_says_does_not_exist_is_kept_but_is_not_a_relation():
    cmap = map_from_tables(_tables(relations=[
        {"fra": "skole", "til": "barnevern", "formalisert": "ja", "registrert_av": "Gruppe 1"},
        {"fra": "barnevern", "til": "skole", "finnes": "nei", "registrert_av": "Gruppe 2"},
    ])).map
    assert cmap.relations == ()
    assert [(r.source, r.exists, r.recorded_by) for r in cmap.relation_voices] == [
        ("skole", True, "Gruppe 1"), ("barnevern", False, "Gruppe 2")]


def test_groups_that_agree_give_one_firm_row():
    cmap = map_from_tables(_tables(memberships=[
        {"forum": "tt", "aktør": "skole", "rolle": "fast", "registrert_av": "Gruppe 1"},
        {"forum": "tt", "aktør": "skole", "rolle": "fast", "registrert_av": "Gruppe 2"},
    ])).map
    assert [(m.actor, m.role) for m in cmap.memberships] == [("skole", "fast")]
    assert disagreement_findings(cmap) == []


# -- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("xlsx", "kart.xlsx"), ("zip", "kart.zip"), ("yaml", "kart.yaml")])
def test_file_formats_keep_groups_voices_and_influence(fmt, name):
    cmap = two_groups()
    back = load_map_bytes(map_to_bytes(cmap, fmt), name).map
    assert back == cmap
    assert back.actor_by_id["barnevern"].influence == 5
    assert len(back.relation_voices) == 4


def test_the_stores_json_keeps_groups_voices_and_influence():
    cmap = two_groups()
    assert map_from_json(map_to_json(cmap)) == cmap


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "kumu"])
def test_exchange_formats_keep_groups_voices_and_influence(fmt):
    cmap = two_groups()
    back = import_bytes(export_bytes(cmap, fmt), fmt).map
    assert {a.id: (a.influence, a.recorded_by) for a in back.actors} == {
        a.id: (a.influence, a.recorded_by) for a in cmap.actors}
    assert set(back.membership_voices) == set(cmap.membership_voices)
    assert set(back.relation_voices) == set(cmap.relation_voices)
    assert set(back.memberships) == set(cmap.memberships)


# -- the finding -----------------------------------------------------------------------


def test_each_disagreement_of_the_two_groups_is_an_info_point_naming_both():
    findings = analyze(two_groups()).by_kind("disagreement")
    assert [(f.key, f.severity) for f in findings] == [
        ("disagreement:barnevern|skole", "info"),
        ("disagreement:barnevern|tt", "info"),
        ("disagreement:ppt|skole", "info"),
    ]
    by_key = {f.key: f for f in findings}
    membership = by_key["disagreement:barnevern|tt"]
    assert (membership.actors, membership.forums) == (("barnevern",), ("tt",))
    assert membership.details == {"link": "deltakelse", "voices": [
        {"gruppe": "Gruppe 1", "finnes": True, "rolle": "fast"},
        {"gruppe": "Gruppe 2", "finnes": True, "rolle": "ved_behov"}]}
    assert membership.message == (
        "Gruppene ser ulikt på om Barnevernstjenesten sitter i Tverrfaglig team, og med hvilken rolle – "
        "Gruppe 1: fast medlem; Gruppe 2: ved behov. Drøft hva som stemmer, og rett kartet.")
    assert by_key["disagreement:barnevern|skole"].details["voices"][1] == {
        "gruppe": "Gruppe 2", "finnes": False, "relasjoner": []}
    assert "Gruppe 1: veiledning (formalisert); Gruppe 2: samarbeid" in by_key["disagreement:ppt|skole"].message


def test_a_row_without_a_group_is_a_voice_of_its_own():
    cmap = CollaborationMap(
        actors=(Actor("a", "A"), Actor("b", "B")),
        relation_voices=(Relation("a", "b"), Relation("a", "b", recorded_by="Gruppe 2", exists=False)),
    )
    assert "uten gruppe: samarbeid; Gruppe 2: ingen kobling" in disagreement_findings(cmap)[0].message


def test_a_disputed_membership_is_not_counted_as_a_firm_channel():
    # PPT and barnevernet meet only in the team. Both groups agree PPT sits there; they
    # disagree whether barnevernet is a standing member: the weaker reading counts.
    def analysed(second_role: str):
        cmap = map_from_tables({
            "aktører": [{"id": "ppt", "navn": "PPT", "kategori": "ppt"},
                        {"id": "bv", "navn": "Barnevern", "kategori": "barnevern"}],
            "fora": [{"id": "tt", "navn": "Team", "mandat": "ja"}],
            "deltakelse": [
                {"forum": "tt", "aktør": "ppt", "rolle": "fast"},
                {"forum": "tt", "aktør": "bv", "rolle": "fast", "registrert_av": "Gruppe 1"},
                {"forum": "tt", "aktør": "bv", "rolle": second_role, "registrert_av": "Gruppe 2"},
            ],
        }).map
        return {f.key for f in analyze(cmap).findings}

    agreed, disputed = analysed("fast"), analysed("ved_behov")
    assert "disagreement:bv|tt" in disputed and "disagreement:bv|tt" not in agreed
    assert "missing_expected:bv|ppt" in disputed
    assert "missing_expected:bv|ppt" not in agreed


# -- the map ---------------------------------------------------------------------------


def test_disputed_links_are_dashed_with_the_groups_in_the_hover_and_agreed_ones_are_not():
    edges = {e["id"]: e for e in maps.map_elements(two_groups()).edges}
    member = edges["m:tt|barnevern"]
    assert member["dashes"] == [10, 6]
    assert member["title"].endswith("Uenighet – punkt å drøfte:\n– Gruppe 1: fast medlem\n– Gruppe 2: ved behov")
    # Gruppe 2 says the link does not exist: it is still drawn, as disputed.
    gone = edges["r:skole|barnevern|samarbeid#disputed"]
    assert gone["dashes"] == [10, 6] and "Gruppe 2: ingen kobling" in gone["title"]
    assert "dashes" not in edges["m:tt|helsestasjon"]  # both groups agree
    assert "Uenighet" not in edges["m:tt|helsestasjon"]["title"]


def test_sizing_by_influence_follows_the_0_to_5_scale():
    cmap = CollaborationMap(actors=(
        Actor("a", "A", influence=5), Actor("b", "B", influence=0), Actor("c", "C"), Actor("d", "D", influence=2),
    ), forums=(Forum("f", "F"),), memberships=(Membership("f", "a"),))
    sizes = {n["id"]: n["size"] for n in maps.map_elements(cmap, size_by="influence").nodes}
    assert (sizes["a"], sizes["b"], sizes["c"]) == (26.0, 9.0, 9.0)  # the actor radii of the other measures
    assert sizes["b"] < sizes["d"] < sizes["a"]
    titles = {n["id"]: n["title"] for n in maps.map_elements(cmap, size_by="influence").nodes}
    assert "Innflytelse: 5 av 5" in titles["a"] and "Innflytelse" not in titles["c"]


def test_a_scenario_that_closes_the_forum_also_closes_its_disagreement():
    from samhandling.analysis.scenario import RemoveForum

    cmap = RemoveForum("tt").apply(two_groups())
    assert [f.key for f in disagreement_findings(cmap)] == ["disagreement:barnevern|skole",
                                                            "disagreement:ppt|skole"]


def test_the_template_asks_for_a_whole_number_0_to_5_in_the_influence_column():
    from io import BytesIO

    from openpyxl import load_workbook

    from samhandling.io import template_bytes

    sheet = load_workbook(BytesIO(template_bytes()))["aktører"]
    header = [c.value for c in sheet[1]]
    letter = "ABCDEFGHIJKLMNOP"[header.index("innflytelse")]
    (rule,) = [v for v in sheet.data_validations.dataValidation if v.type == "whole"]
    assert (rule.formula1, rule.formula2) == ("0", "5")
    assert str(rule.sqref).startswith(f"{letter}2:")
    assert "registrert_av" in header


def test_a_comparison_names_a_changed_influence_and_reads_as_before_without_groups():
    from samhandling.analysis import compare

    before = CollaborationMap(actors=(Actor("a", "A"), Actor("b", "B")), forums=(Forum("f", "F"),))
    after = before.with_changes(actors=(Actor("a", "A", influence=3), Actor("b", "B")),
                                memberships=(Membership("f", "b"),))
    result = compare(before, after)
    assert result.actors["changed"] == [{"id": "a", "name": "A",
                                        "fields": {"innflytelse": {"before": None, "after": 3}}}]
    assert result.memberships["added"] == [{"forum": "f", "actor": "b", "role": "fast"}]
    # and two maps with groups compare without error
    assert compare(two_groups(), load_map(Path(__file__).parents[1] / "data" / "siljan-for.yaml").map)
