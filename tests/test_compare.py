"""Before/after comparison (analysis.md, "Command line": compare)."""

import json
from datetime import date

from samhandling.analysis import Thresholds, compare
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation, Routine

SCHOOL = Actor("skole-a", "Siljan skole", category="skole", sector="oppvekst")
CHILD_WELFARE = Actor("barnevern", "Barnevernstjenesten", category="barnevern", sector="oppvekst")


def _before() -> CollaborationMap:
    # School and child welfare not connected (critical gap); a forum without leader; a missing routine.
    return CollaborationMap(
        actors=(SCHOOL, CHILD_WELFARE, Actor("fysio", "Fysioterapi")),
        forums=(Forum("tt", "Tverrfaglig team", has_mandate=True),),
        memberships=(Membership("tt", "skole-a"),),
        routines=(Routine("r1", "Samarbeidsrutine", parties=("skole-a", "barnevern"), status="mangler"),),
    )


def _after() -> CollaborationMap:
    # The workshop adds child welfare to the team with a leader role, renames the school,
    # drops fysio, adds NAV and adopts the routine.
    return CollaborationMap(
        actors=(
            Actor("skole-a", "Siljan barneskole", category="skole", sector="oppvekst"),
            CHILD_WELFARE,
            Actor("nav", "NAV Siljan", category="nav", sector="velferd"),
        ),
        forums=(Forum("tt", "Tverrfaglig team", has_mandate=True),),
        memberships=(Membership("tt", "skole-a"), Membership("tt", "barnevern", "leder")),
        relations=(Relation("nav", "barnevern", formalised=True),),
        routines=(Routine("r1", "Samarbeidsrutine", parties=("skole-a", "barnevern"), status="vedtatt"),),
    )


def test_compare_lists_added_removed_and_changed_actors_by_id():
    result = compare(_before(), _after())
    assert [a["id"] for a in result.actors["added"]] == ["nav"]
    assert [a["id"] for a in result.actors["removed"]] == ["fysio"]
    assert result.actors["changed"] == [
        {
            "id": "skole-a",
            "name": "Siljan barneskole",
            "fields": {"navn": {"before": "Siljan skole", "after": "Siljan barneskole"}},
        }
    ]
    assert result.forums == {"added": [], "removed": [], "changed": []}


def test_compare_lists_memberships_relations_and_routines():
    result = compare(_before(), _after())
    assert result.memberships == {"added": [{"forum": "tt", "actor": "barnevern", "role": "leder"}], "removed": []}
    assert [(r["source"], r["target"]) for r in result.relations["added"]] == [("nav", "barnevern")]
    assert result.relations["removed"] == []
    assert result.routines["changed"] == [
        {"id": "r1", "name": "Samarbeidsrutine", "fields": {"status": {"before": "mangler", "after": "vedtatt"}}}
    ]


def test_the_workshop_resolves_the_critical_gap_and_findings_are_matched_by_key():
    # barnevern now sits in the mandated team with the school: the pakrevd gap is resolved,
    # the forum now has a leader, the routine no longer is missing; fysio was isolated and is gone.
    result = compare(_before(), _after())
    resolved = {f.key for f in result.resolved}
    assert {
        "missing_expected:barnevern|skole-a",
        "forum_without_leader:tt",
        "routine_missing:r1",
        "isolated_actor:fysio",
    } <= resolved
    assert not any(f.key.startswith("missing_expected:barnevern|nav") for f in result.new)
    assert all(f.key not in resolved for f in result.remaining)
    remaining_keys = [f.key for f in result.remaining]
    assert remaining_keys == sorted(set(remaining_keys), key=remaining_keys.index)


def test_comparison_json_has_exactly_the_contract_keys():
    data = compare(_before(), _after(), Thresholds(today=date(2025, 1, 1))).to_dict()
    assert list(data) == ["actors", "forums", "memberships", "relations", "routines", "problems", "findings", "metrics"]
    assert set(data["problems"]) == {"resolved", "new", "remaining"}
    assert set(data["actors"]) == {"added", "removed", "changed"}
    assert set(data["forums"]) == {"added", "removed", "changed"}
    assert set(data["memberships"]) == {"added", "removed"}
    assert set(data["relations"]) == {"added", "removed"}
    assert set(data["findings"]) == {"resolved", "new", "remaining"}
    assert set(data["metrics"]) == {"before", "after"}
    assert data["metrics"]["before"]["map"]["actors"] == 3
    assert json.loads(json.dumps(data)) == data


def test_comparing_a_map_with_itself_changes_nothing():
    result = compare(_before(), _before())
    assert result.actors == {"added": [], "removed": [], "changed": []}
    assert result.memberships == {"added": [], "removed": []}
    assert result.resolved == () and result.new == ()
    assert len(result.remaining) == len(result.before.findings)


def test_a_changed_review_date_is_shown_as_iso_text():
    before = CollaborationMap(routines=(Routine("r", "R", review_date=date(2024, 1, 1)),))
    after = CollaborationMap(routines=(Routine("r", "R", review_date=date(2026, 1, 1)),))
    (changed,) = compare(before, after).routines["changed"]
    assert changed["fields"] == {"revideres": {"before": "2024-01-01", "after": "2026-01-01"}}


def test_compare_reports_problems_gone_new_and_remaining_with_the_findings_that_went():

    bv = Actor("bv", "Barnevernstjenesten", "barnevern")
    others = (
        Actor("nav", "NAV", "nav"),
        Actor("phr", "Psykisk helse og rus", "psykisk_helse_rus"),
        Actor("politi", "Politiet", "politi"),
    )
    before = CollaborationMap(actors=(bv, *others))
    # After: NAV and barnevern meet in a mandated team; psykisk helse and politiet still have no channel.
    after = before.with_changes(
        forums=(Forum("team", "Ungdomsteam", has_mandate=True, leader="bv"),),
        memberships=(Membership("team", "bv", "leder"), Membership("team", "nav")),
    )
    data = compare(before, after).to_dict()
    remaining = {p["key"]: p for p in data["problems"]["remaining"]}
    hub = remaining["missing_expected:kritisk:bv|*"]
    assert hub["resolved_findings"] == ["missing_expected:bv|nav"]
    assert set(hub["findings"]) == {"missing_expected:bv|phr", "missing_expected:bv|politi"}
    assert "isolated_actor:*" in remaining  # phr and politi are still alone
    assert all(set(p) >= {"key", "severity", "title", "message", "findings"} for p in data["problems"]["new"])


def test_the_text_of_a_comparison_counts_findings_without_writing_each_out(monkeypatch):
    # A country map has half a million findings: the CLI text of a comparison counts them
    # and writes only problems, so no finding is turned into a dict (memory stays under 1 GB).
    from samhandling.analysis.findings import Finding
    from samhandling.analysis.summary import comparison_lines

    before, after = _before(), _after()
    result = compare(before, after, Thresholds(today=date(2025, 1, 1)))
    expected = list(comparison_lines(before, after, result))
    assert any(str(len(result.resolved)) in line for line in expected)

    def refuse(self):
        raise AssertionError("a finding was turned into a dict for the text")

    monkeypatch.setattr(Finding, "to_dict", refuse)
    assert list(comparison_lines(before, after, result)) == expected
