"""Built-in and map-given expected collaboration (dataformat.md, ``forventninger``)."""

from samhandling.analysis import analyze, default_rules, effective_rules
from samhandling.analysis.rules import rule_pair, side_actors
from samhandling.model import Actor, CollaborationMap, Expectation


def test_default_rules_are_loaded_from_the_packaged_csv_with_source_and_reason():
    rules = default_rules()
    assert len(rules) == 50
    first = rules[0]
    assert (first.a, first.b, first.requirement) == ("barnehage", "skole", "pakrevd")
    assert first.source.startswith("barnehageloven § 2 a")
    assert first.reason == "Barnehage og skole skal samarbeide om trygg overgang barnehage–skole"


def test_an_unsure_source_stays_in_the_rule_and_is_shown_to_people_as_not_confirmed():
    # domain.md: UNSURE items must be shown to users as such - in their language.
    rule = next(r for r in default_rules() if rule_pair(r) == {"barnehage", "barnevern"})
    assert "UNSURE" in rule.source
    cmap = CollaborationMap(actors=(Actor("bhg", "Barnehagene", "barnehage"), Actor("bv", "Barnevernet", "barnevern")))
    finding = next(f for f in analyze(cmap).findings if f.kind == "missing_expected")
    assert "gjeldende § ikke bekreftet" in finding.message
    assert "Merk: kildehenvisningen er ikke bekreftet og bør sjekkes." in finding.message
    assert "UNSURE" not in finding.message
    assert "UNSURE" in finding.to_dict()["rule"]["kilde"]  # the JSON keeps the rule as written


def test_a_map_row_with_krav_ingen_switches_the_built_in_rule_off_in_either_order():
    cmap = CollaborationMap(expectations=(Expectation("skole", "barnevern", "ingen"),))
    pairs = {rule_pair(r) for r in effective_rules(cmap)}
    assert {"skole", "barnevern"} not in pairs
    assert {"barnehage", "skole"} in pairs
    assert len(effective_rules(cmap)) == len(default_rules()) - 1


def test_built_in_rule_switched_off_gives_no_missing_expected():
    # The school and child welfare are not connected, but the map switched that rule off.
    actors = (
        Actor("skole-a", "Siljan skole", category="skole"),
        Actor("bv", "Barnevernstjenesten", category="barnevern"),
    )
    on = analyze(CollaborationMap(actors=actors))
    off = analyze(CollaborationMap(actors=actors, expectations=(Expectation("barnevern", "skole", "ingen"),)))
    assert [f.key for f in on.by_kind("missing_expected")] == ["missing_expected:bv|skole-a"]
    assert off.by_kind("missing_expected") == ()


def test_a_map_rule_is_added_to_the_built_in_ones():
    own = Expectation("ppt", "nav", "anbefalt", "lokal plan", "Ungdom 16–24")
    rules = effective_rules(CollaborationMap(expectations=(own,)))
    assert rules[-1] == own
    assert len(rules) == len(default_rules()) + 1


def test_a_rule_side_can_be_a_kategori_word_or_an_actor_id():
    cmap = CollaborationMap(
        actors=(
            Actor("bv-a", "Barnevern A", category="barnevern"),
            Actor("bv-b", "Barnevern B", category="barnevern"),
            Actor("ung", "Ungdomslos"),
        )
    )
    assert [a.id for a in side_actors(cmap, "barnevern")] == ["bv-a", "bv-b"]
    assert [a.id for a in side_actors(cmap, "ung")] == ["ung"]
    assert side_actors(cmap, "politi") == ()
