"""missing_expected, informal_only and transition_gap (analysis.md, "Finding kinds")."""

from samhandling.analysis import analyze
from samhandling.model import Actor, CollaborationMap, Expectation, Forum, Membership, Relation, Routine

SCHOOL = Actor("skole-a", "Siljan skole", category="skole", sector="oppvekst")
CHILD_WELFARE = Actor("barnevern", "Barnevernstjenesten i Siljan", category="barnevern", sector="oppvekst")


def test_school_and_child_welfare_without_shared_forum_is_a_critical_gap():
    # The built-in rule skole–barnevern is pakrevd (opplysningsplikt); nothing links them.
    result = analyze(CollaborationMap(actors=(SCHOOL, CHILD_WELFARE)))
    (finding,) = result.by_kind("missing_expected")
    assert finding.key == "missing_expected:barnevern|skole-a"
    assert finding.severity == "kritisk"
    assert finding.actors == ("barnevern", "skole-a")
    assert finding.rule is not None and finding.rule.requirement == "pakrevd"
    assert finding.message == (
        "Siljan skole og Barnevernstjenesten i Siljan har ingen felles møtearena og ingen avtalt kontakt. "
        "Samarbeid mellom grunnskole og barnevernstjenesten er påkrevd "
        "(kilde: opplæringsloven (1998) § 15-3 (opplysningsplikt); Udir-10-2012). "
        "Skolepersonalet har opplysningsplikt til barnevernstjenesten. "
        "Uten fast kontakt er det lett at barn og unge som trenger begge, faller mellom to stoler."
    )
    assert finding.to_dict()["rule"] == {
        "a": "skole",
        "b": "barnevern",
        "krav": "pakrevd",
        "kilde": "opplæringsloven (1998) § 15-3 (opplysningsplikt); Udir-10-2012",
    }


def test_a_weak_only_connection_still_counts_as_missing():
    # Child welfare sits in the school's team only "ved behov": weak connections do not count.
    cmap = CollaborationMap(
        actors=(SCHOOL, CHILD_WELFARE),
        forums=(Forum("ressursteam", "Ressursteam Siljan skole", leader="skole-a"),),
        memberships=(
            Membership("ressursteam", "skole-a", "leder"),
            Membership("ressursteam", "barnevern", "ved_behov"),
        ),
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.forums == ("ressursteam",)
    assert finding.details["weak_forums"] == ["ressursteam"]
    assert finding.message.startswith(
        "Siljan skole og Barnevernstjenesten i Siljan møtes bare når en av dem er invitert ved behov "
        "eller sitter som observatør (Ressursteam Siljan skole); de har ingen fast møtearena og ingen avtalt kontakt."
    )


def test_recommended_rule_missing_is_important_not_critical():
    # skole–ppt is anbefalt in the built-in rules.
    cmap = CollaborationMap(actors=(SCHOOL, Actor("ppt", "PPT Midt-Telemark", category="ppt")))
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.severity == "viktig"
    assert "Samarbeid mellom grunnskole og PPT er anbefalt" in finding.message


def test_actors_in_different_kommuner_are_not_expected_to_collaborate():
    # Both have a kommune and they differ, so the rule does not pair them.
    other = Actor("barnevern-b", "Barnevernet i Bø", category="barnevern", municipality="Bø")
    school = Actor("skole-a", "Siljan skole", category="skole", municipality="Siljan")
    assert analyze(CollaborationMap(actors=(school, other))).by_kind("missing_expected") == ()


def test_an_actor_without_kommune_is_expected_to_meet_actors_in_every_kommune():
    # An interkommunal child welfare service with no kommune serves both schools.
    school_a = Actor("skole-a", "Siljan skole", category="skole", municipality="Siljan")
    school_b = Actor("skole-b", "Bø skole", category="skole", municipality="Bø")
    shared = Actor("bv", "Midt-Telemark barnevern", category="barnevern")
    keys = [f.key for f in analyze(CollaborationMap(actors=(school_a, school_b, shared))).by_kind("missing_expected")]
    assert keys == ["missing_expected:bv|skole-a", "missing_expected:bv|skole-b"]


def test_connected_expected_pair_without_routine_is_informal_only():
    # They are standing members of a forum without mandate, and no routine in force names them.
    cmap = CollaborationMap(
        actors=(SCHOOL, CHILD_WELFARE),
        forums=(Forum("tt", "Tverrfaglig team"),),
        memberships=(Membership("tt", "skole-a"), Membership("tt", "barnevern")),
        routines=(Routine("r", "Samarbeidsrutine", parties=("skole-a", "barnevern"), status="utkast"),),
    )
    result = analyze(cmap)
    assert result.by_kind("missing_expected") == ()
    (finding,) = result.by_kind("informal_only")
    assert finding.key == "informal_only:barnevern|skole-a"
    assert finding.severity == "viktig"
    assert finding.message.startswith(
        "Siljan skole og Barnevernstjenesten i Siljan samarbeider (i Tverrfaglig team), "
        "men uten skriftlig rutine, avtale eller mandat. Samarbeid mellom grunnskole og barnevernstjenesten er påkrevd"
    )
    assert finding.message.endswith("Lag en skriftlig samarbeidsrutine.")


def test_a_routine_in_force_makes_the_same_connection_structured():
    # Same as above, but the routine is vedtatt: no finding about this pair.
    cmap = CollaborationMap(
        actors=(SCHOOL, CHILD_WELFARE),
        forums=(Forum("tt", "Tverrfaglig team"),),
        memberships=(Membership("tt", "skole-a"), Membership("tt", "barnevern")),
        routines=(Routine("r", "Samarbeidsrutine", parties=("skole-a", "barnevern"), status="vedtatt"),),
    )
    result = analyze(cmap)
    assert result.by_kind("informal_only") == ()
    assert result.by_kind("missing_expected") == ()


def test_informal_relation_is_named_in_the_message():
    cmap = CollaborationMap(actors=(SCHOOL, CHILD_WELFARE), relations=(Relation("skole-a", "barnevern", "henvisning"),))
    (finding,) = analyze(cmap).by_kind("informal_only")
    assert finding.message.startswith("Siljan skole og Barnevernstjenesten i Siljan samarbeider (gjennom henvisning),")


def test_a_map_rule_between_two_actor_ids_is_checked_and_names_them():
    rule = Expectation("ung", "nav", "anbefalt", "Ungdomsplan 2024", "Ungdom 16–24 trenger én dør inn")
    cmap = CollaborationMap(
        actors=(Actor("ung", "Ungdomslos"), Actor("nav", "NAV Siljan", category="nav")),
        expectations=(rule,),
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.rule == rule
    assert (
        "Samarbeid mellom Ungdomslos og NAV er anbefalt (kilde: Ungdomsplan 2024). Ungdom 16–24 trenger én dør inn."
        in (finding.message)
    )


def test_the_strictest_rule_wins_when_two_rules_give_the_same_pair():
    # The map adds an anbefalt rule for skole–barnevern; the built-in pakrevd one is reported.
    cmap = CollaborationMap(
        actors=(SCHOOL, CHILD_WELFARE), expectations=(Expectation("barnevern", "skole", "anbefalt", "lokal"),)
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.severity == "kritisk"


def test_kindergarten_and_school_with_no_contact_is_a_transition_gap():
    # barnehage→skole is a transition; the two kindergartens and the school share nothing.
    cmap = CollaborationMap(
        actors=(
            Actor("bhg-1", "Bøle barnehage", category="barnehage", municipality="Siljan"),
            Actor("bhg-2", "Fjell barnehage", category="barnehage", municipality="Siljan"),
            Actor("skole-a", "Siljan skole", category="skole", municipality="Siljan"),
        )
    )
    (finding,) = analyze(cmap).by_kind("transition_gap")
    assert finding.key == "transition_gap:bhg-1|bhg-2|skole-a"
    assert finding.severity == "viktig"
    assert finding.details["transition"] == ["barnehage", "skole"]
    assert finding.message == (
        "Ingen fast kontakt over overgangen fra barnehage til grunnskole i Siljan: "
        "Bøle barnehage og Fjell barnehage har ingen møtearena eller avtalt kontakt med Siljan skole. "
        "Overganger er sårbare – uten samarbeid kan barn og unge miste oppfølgingen de hadde."
    )


def test_one_connected_pair_across_a_transition_closes_the_transition_gap():
    # One of the kindergartens meets the school in a standing forum: the transition is covered.
    cmap = CollaborationMap(
        actors=(
            Actor("bhg-1", "Bøle barnehage", category="barnehage"),
            Actor("bhg-2", "Fjell barnehage", category="barnehage"),
            Actor("skole-a", "Siljan skole", category="skole"),
        ),
        forums=(Forum("overgang", "Overgangsmøte"),),
        memberships=(Membership("overgang", "bhg-1"), Membership("overgang", "skole-a")),
    )
    assert analyze(cmap).by_kind("transition_gap") == ()


def test_transition_to_nav_with_only_weak_contact_is_still_a_gap():
    # OT attends NAV's forum only as observator: weak, so ot→nav is not covered.
    cmap = CollaborationMap(
        actors=(Actor("ot", "Oppfølgingstjenesten", category="ot"), Actor("nav", "NAV Siljan", category="nav")),
        forums=(Forum("ungteam", "Ungdomsteam"),),
        memberships=(Membership("ungteam", "nav", "leder"), Membership("ungteam", "ot", "observator")),
    )
    (finding,) = analyze(cmap).by_kind("transition_gap")
    assert finding.key == "transition_gap:nav|ot"
    assert finding.message.startswith("Ingen fast kontakt over overgangen fra oppfølgingstjenesten til NAV:")
