"""Built-in and map-given expected collaboration (dataformat.md, ``forventninger``)."""

from samhandling.analysis import analyze, default_rules, effective_rules
from samhandling.analysis.rules import readable_source, rule_pair, rule_strength, side_actors
from samhandling.model import Actor, CollaborationMap, Expectation


def test_default_rules_are_the_version_2_csv_with_basis_and_duty():
    rules = default_rules()
    assert len(rules) == 66
    first = rules[0]
    assert (first.a, first.b, first.requirement, first.basis, first.duty) == (
        "barnehage", "skole", "pakrevd", "lov", "overgang")
    assert first.source == "barnehageloven § 2 a; opplæringslova § 4-7"
    assert first.reason.startswith("Barnehagen skal samarbeide med skolen om overgangen")


def test_no_required_rule_rests_on_anything_but_law_or_regulation():
    for rule in default_rules():
        if rule.requirement == "pakrevd":
            assert rule.basis in ("lov", "forskrift"), rule


def test_no_built_in_rule_cites_a_repealed_source():
    # opplæringsloven 1998 and Udir-10-2012 were replaced on 1 August 2024; "barnehageloven § 22" is wrong.
    for rule in default_rules():
        for repealed in ("opplæringsloven (1998)", "§ 15-3", "Udir-10-2012", "barnehageloven § 22", "UNSURE"):
            assert repealed not in rule.source, (rule.a, rule.b, rule.source)


def test_an_unconfirmed_source_is_shown_to_people_as_not_confirmed():
    # The kommunelege rule says in its own kilde that one part is "ikke bekreftet".
    rule = next(r for r in default_rules() if rule_pair(r) == {"skolehelsetjeneste", "kommunelege"})
    assert "ikke bekreftet" in rule.source
    assert readable_source("barnehageloven (gjeldende § UNSURE)") == "barnehageloven (gjeldende § ikke bekreftet)"


def test_practice_rules_are_off_by_default_and_on_with_the_practice_switch():
    practice = [r for r in default_rules() if r.basis == "praksis"]
    assert len(practice) == 10
    off = effective_rules(CollaborationMap())
    on = effective_rules(CollaborationMap(), practice=True)
    assert not any(r.basis == "praksis" for r in off)
    assert len(on) == len(off) + len(practice)


def test_a_map_row_with_krav_ingen_switches_the_built_in_rule_off_in_either_order():
    cmap = CollaborationMap(expectations=(Expectation("skole", "barnevern", "ingen"),))
    pairs = {rule_pair(r) for r in effective_rules(cmap)}
    assert {"skole", "barnevern"} not in pairs
    assert {"barnehage", "skole"} in pairs
    assert len(effective_rules(cmap)) == len(effective_rules(CollaborationMap())) - 1


def test_a_map_rule_replaces_the_built_in_rule_for_the_same_pair_in_either_order():
    own = Expectation("barnevern", "nav", "anbefalt", "lokal samarbeidsavtale")
    rules = effective_rules(CollaborationMap(expectations=(own,)))
    same_pair = [r for r in rules if rule_pair(r) == {"nav", "barnevern"}]
    assert same_pair == [own]
    assert len(rules) == len(effective_rules(CollaborationMap()))


def test_a_map_rule_for_a_new_pair_is_added_to_the_built_in_ones():
    own = Expectation("ppt", "nav", "anbefalt", "lokal plan", "Ungdom 16–24")
    rules = effective_rules(CollaborationMap(expectations=(own,)))
    assert rules[-1] == own
    assert len(rules) == len(effective_rules(CollaborationMap())) + 1


def test_a_required_map_rule_without_legal_basis_counts_as_recommended():
    assert rule_strength(Expectation("a", "b", "pakrevd")) == "pakrevd"  # no grunnlag: lov
    assert rule_strength(Expectation("a", "b", "pakrevd", basis="veileder")) == "anbefalt"
    assert Expectation("a", "b", "anbefalt").effective_basis == "veileder"
    assert Expectation("a", "b").effective_duty == "samarbeid"


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
