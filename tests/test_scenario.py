"""'Hva om': changes on a copy of a map, and what they do to the findings."""

from __future__ import annotations

import pytest

from samhandling.analysis.scenario import (
    AddMember,
    AddRelation,
    GiveMandate,
    MergeForums,
    RemoveForum,
    RemoveMember,
    ScenarioError,
    apply_changes,
    scenario_effect,
)
from samhandling.model import Actor, CollaborationMap, Forum, Membership


def two_teams() -> CollaborationMap:
    """Two monthly teams with the same four services: a textbook merge candidate."""
    actors = tuple(
        Actor(aid, name, category=aid, sector="oppvekst")
        for aid, name in [
            ("skole", "Skolen"),
            ("ppt", "PPT"),
            ("barnevern", "Barnevernet"),
            ("barnehage", "Barnehagen"),
        ]
    ) + (Actor("hs", "Helsestasjonen", category="helsestasjon", sector="helse"),)
    forums = (
        Forum("team-a", "Tverrfaglig team", type="tverrfaglig_team", frequency="manedlig", duration_hours=2,
              leader="skole"),
        Forum("team-b", "Ressursteam", type="tverrfaglig_team", frequency="manedlig", duration_hours=2,
              has_mandate=True, leader="ppt"),
    )
    members = [("team-a", a, "fast") for a in ("skole", "ppt", "barnevern", "barnehage")]
    members += [("team-b", a, "fast") for a in ("skole", "ppt", "barnevern", "barnehage")]
    members += [("team-b", "hs", "ved_behov")]
    return CollaborationMap(actors=actors, forums=forums, memberships=tuple(Membership(*m) for m in members))


def test_merging_two_forums_keeps_every_member_once_and_the_mandate():
    merged = apply_changes(two_teams(), [MergeForums(kept="team-a", merged="team-b")])
    assert [f.id for f in merged.forums] == ["team-a"]
    assert merged.forum_by_id["team-a"].has_mandate  # team-b had one
    roles = {m.actor: m.role for m in merged.memberships}
    assert roles == {"skole": "fast", "ppt": "fast", "barnevern": "fast", "barnehage": "fast", "hs": "ved_behov"}


def test_the_original_map_is_never_changed():
    base = two_teams()
    apply_changes(base, [RemoveForum("team-b"), GiveMandate("team-a")])
    assert len(base.forums) == 2 and not base.forum_by_id["team-a"].has_mandate


def test_member_and_relation_changes():
    changed = apply_changes(
        two_teams(),
        [
            AddMember("team-a", "hs", "fast"),
            RemoveMember("team-b", "hs"),
            AddRelation("hs", "barnevern", formalised=True),
        ],
    )
    assert ("team-a", "hs", "fast") in {(m.forum, m.actor, m.role) for m in changed.memberships}
    assert "hs" not in {m.actor for m in changed.memberships if m.forum == "team-b"}
    assert changed.relations[-1].formalised


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (RemoveForum("finnes-ikke"), "Forumet «finnes-ikke» finnes ikke i kartet."),
        (AddMember("team-a", "skole"), "«Skolen» sitter allerede i «Tverrfaglig team»."),
        (RemoveMember("team-a", "hs"), "«Helsestasjonen» sitter ikke i «Tverrfaglig team»."),
        (MergeForums("team-a", "team-a"), "Et forum kan ikke slås sammen med seg selv."),
        (AddRelation("skole", "skole"), "En relasjon må gå mellom to forskjellige aktører."),
    ],
)
def test_impossible_changes_are_refused_in_norwegian(change, message):
    with pytest.raises(ScenarioError) as error:
        apply_changes(two_teams(), [change])
    assert str(error.value) == message


def test_a_change_describes_itself_with_names():
    assert MergeForums("team-a", "team-b").describe(two_teams()) == "Slå sammen «Ressursteam» inn i «Tverrfaglig team»"


def test_merging_overlapping_forums_resolves_the_overlap_and_lowers_meeting_hours():
    base = two_teams()
    effect = scenario_effect(base, apply_changes(base, [MergeForums("team-a", "team-b")]))
    assert "forum_overlap:team-a|team-b" in {f.key for f in effect.resolved}
    before, after = effect.hours["skole"]
    assert after == pytest.approx(before - 2.0)  # one monthly 2-hour meeting less
