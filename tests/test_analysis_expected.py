"""missing_expected, informal_only and transition_gap (analysis.md, "Finding kinds")."""

from samhandling.analysis import analyze
from samhandling.model import Actor, CollaborationMap, Expectation, Forum, Membership, Relation, Routine

SCHOOL = Actor("skole-a", "Siljan skole", category="skole", sector="oppvekst")
CHILD_WELFARE = Actor("barnevern", "Barnevernstjenesten i Siljan", category="barnevern", sector="oppvekst")
NAV = Actor("nav", "NAV Siljan", category="nav", sector="velferd")


def test_nav_and_child_welfare_without_any_channel_is_a_critical_gap():
    # NAV–barnevern is pakrevd samarbeid in law (sotjl. § 13, NAV-loven § 15 a, bvl. § 15-8); nothing links them.
    result = analyze(CollaborationMap(actors=(NAV, CHILD_WELFARE)))
    (finding,) = result.by_kind("missing_expected")
    assert finding.key == "missing_expected:barnevern|nav"
    assert finding.severity == "kritisk"
    assert finding.details["channel"] == "none"
    assert finding.message.startswith(
        "NAV Siljan og Barnevernstjenesten i Siljan har ingen felles møtearena, ingen avtalt kontakt og ingen vei "
        "for saker gjennom fora med mandat. Samarbeid mellom NAV og barnevernstjenesten er påkrevd "
        "(lov: sosialtjenesteloven § 13; NAV-loven § 15 a; barnevernsloven §§ 15-8, 3-6 og 8-5)."
    )
    assert finding.message.count("sosialtjenesteloven § 13") == 1  # the source once per finding
    assert finding.to_dict()["rule"] == {
        "a": "nav",
        "b": "barnevern",
        "krav": "pakrevd",
        "grunnlag": "lov",
        "kilde": "sosialtjenesteloven § 13; NAV-loven § 15 a; barnevernsloven §§ 15-8, 3-6 og 8-5",
        "plikt": "samarbeid",
    }


def test_school_and_child_welfare_is_a_duty_to_report_met_by_a_reporting_routine():
    # opplæringslova § 24-3: met by a known meldingsrutine, not by meetings.
    without = analyze(CollaborationMap(actors=(SCHOOL, CHILD_WELFARE)))
    (finding,) = without.by_kind("missing_expected")
    assert finding.severity == "viktig"
    assert finding.message.startswith(
        "Kartet viser verken en meldingsrutine for Siljan skole eller noen kontakt mellom Siljan skole og "
        "Barnevernstjenesten i Siljan. Opplysningsplikten fra grunnskole til barnevernstjenesten følger av lov "
        "(opplæringslova § 24-3"
    )
    routine = Routine("melding", "Meldingsrutine skole", type="meldingsrutine", parties=("skole-a",), status="vedtatt")
    with_routine = analyze(CollaborationMap(actors=(SCHOOL, CHILD_WELFARE), routines=(routine,)))
    assert with_routine.by_kind("missing_expected") == ()


def test_a_weak_only_connection_still_counts_as_missing():
    # NAV sits in barnevern's team only "ved behov": weak connections are not a channel.
    cmap = CollaborationMap(
        actors=(NAV, CHILD_WELFARE),
        forums=(Forum("ressursteam", "Ressursteam", leader="barnevern", has_mandate=True),),
        memberships=(
            Membership("ressursteam", "barnevern", "leder"),
            Membership("ressursteam", "nav", "ved_behov"),
        ),
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.severity == "kritisk"
    assert finding.forums == ("ressursteam",)
    assert finding.details["weak_forums"] == ["ressursteam"]
    assert finding.message.startswith(
        "NAV Siljan og Barnevernstjenesten i Siljan møtes bare når en av dem er invitert ved behov "
        "eller sitter som observatør (Ressursteam); de har ingen fast kanal."
    )


def test_an_indirect_channel_through_a_shared_standing_member_names_the_path():
    # Helsestasjonen sits in the local team with the school and in the drøftingsteam with barnevern.
    cmap = CollaborationMap(
        actors=(NAV, CHILD_WELFARE, Actor("hs", "Helsestasjonen", "helsestasjon")),
        forums=(
            Forum("lokalt", "Lokalt team", has_mandate=True),
            Forum("drofting", "Drøftingsteamet", has_mandate=True),
        ),
        memberships=(Membership("lokalt", "nav", "leder"), Membership("lokalt", "hs"),
                     Membership("drofting", "hs"), Membership("drofting", "barnevern", "leder")),
    )
    (finding,) = analyze(cmap).by_kind("indirect_only")
    assert finding.severity == "info"
    assert finding.details["via"] == {"how": "bindeledd", "forums": ["lokalt", "drofting"], "actors": ["hs"]}
    assert finding.message.startswith(
        "NAV Siljan og Barnevernstjenesten i Siljan har ingen direkte kontakt, men saker kan nå Barnevernstjenesten "
        "i Siljan via «Drøftingsteamet» (Helsestasjonen sitter både i «Lokalt team» og i «Drøftingsteamet»)."
    )


def test_an_indirect_channel_along_videre_til_names_the_forums_in_order():
    cmap = CollaborationMap(
        actors=(NAV, CHILD_WELFARE),
        forums=(Forum("lokalt", "Lokalt team", has_mandate=True, forwards_to=("drofting",)),
                Forum("drofting", "Drøftingsteamet", has_mandate=True)),
        memberships=(Membership("lokalt", "nav", "leder"), Membership("drofting", "barnevern", "leder")),
    )
    (finding,) = analyze(cmap).by_kind("indirect_only")
    assert finding.details["via"]["how"] == "videre_til"
    assert finding.details["via"]["forums"] == ["lokalt", "drofting"]
    assert "via «Lokalt team» → «Drøftingsteamet» (videre_til)" in finding.message


def test_recommended_rule_missing_is_only_info():
    # ppt–statped is anbefalt (a condition set by Statped, not a duty of the kommune).
    cmap = CollaborationMap(actors=(Actor("ppt", "PPT Midt-Telemark", "ppt"), Actor("statped", "Statped", "statped")))
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.severity == "info"
    assert "er anbefalt, ikke lovpålagt (veileder: Statped: vilkår for å søke tjenester" in finding.message


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
        actors=(NAV, CHILD_WELFARE),
        forums=(Forum("tt", "Tverrfaglig team"),),
        memberships=(Membership("tt", "nav"), Membership("tt", "barnevern")),
        routines=(Routine("r", "Samarbeidsrutine", parties=("nav", "barnevern"), status="utkast"),),
    )
    result = analyze(cmap)
    assert result.by_kind("missing_expected") == ()
    (finding,) = result.by_kind("informal_only")
    assert finding.key == "informal_only:barnevern|nav"
    assert finding.severity == "viktig"
    assert finding.message.startswith(
        "NAV Siljan og Barnevernstjenesten i Siljan har direkte kontakt (møtes i Tverrfaglig team), "
        "men uten skriftlig rutine, avtale eller mandat. Samarbeid mellom NAV og barnevernstjenesten er påkrevd"
    )
    assert finding.message.endswith("Lag en skriftlig samarbeidsrutine.")


def test_a_routine_in_force_makes_the_same_connection_structured():
    # Same as above, but the routine is vedtatt: no finding about this pair.
    cmap = CollaborationMap(
        actors=(NAV, CHILD_WELFARE),
        forums=(Forum("tt", "Tverrfaglig team"),),
        memberships=(Membership("tt", "nav"), Membership("tt", "barnevern")),
        routines=(Routine("r", "Samarbeidsrutine", parties=("nav", "barnevern"), status="vedtatt"),),
    )
    result = analyze(cmap)
    assert result.by_kind("informal_only") == ()
    assert result.by_kind("missing_expected") == ()


def test_informal_relation_is_named_in_the_message():
    cmap = CollaborationMap(actors=(NAV, CHILD_WELFARE), relations=(Relation("nav", "barnevern", "informasjon"),))
    (finding,) = analyze(cmap).by_kind("informal_only")
    assert finding.message.startswith(
        "NAV Siljan og Barnevernstjenesten i Siljan har direkte kontakt (informasjonsutveksling),")


def test_a_map_rule_between_two_actor_ids_is_checked_and_names_them():
    rule = Expectation("ung", "nav", "anbefalt", "Ungdomsplan 2024", "Ungdom 16–24 trenger én dør inn")
    cmap = CollaborationMap(
        actors=(Actor("ung", "Ungdomslos"), Actor("nav", "NAV Siljan", category="nav")),
        expectations=(rule,),
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.rule == rule
    assert (
        "Samarbeid mellom Ungdomslos og NAV er anbefalt, ikke lovpålagt (veileder: Ungdomsplan 2024). "
        "Ungdom 16–24 trenger én dør inn."
        in (finding.message)
    )


def test_a_map_rule_replaces_the_built_in_one_for_the_same_pair():
    # The map says NAV–barnevern is only anbefalt locally: its own rule replaces the built-in one.
    cmap = CollaborationMap(
        actors=(NAV, CHILD_WELFARE), expectations=(Expectation("barnevern", "nav", "anbefalt", "lokal"),)
    )
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert finding.severity == "info"
    assert finding.rule.source == "lokal"


def test_a_barneskole_is_not_on_the_transition_to_upper_secondary():
    # skole→vgs is a transition at 16: a barneskole for 6–13 is not on it, an ungdomsskole for 13–16 is.
    vgs = Actor("vgs", "Videregående skole", "vgs", age_from=16, age_to=19)
    barneskole = Actor("bs", "Barneskolen", "skole", age_from=6, age_to=13)
    ungdomsskole = Actor("us", "Ungdomsskolen", "skole", age_from=13, age_to=16)
    result = analyze(CollaborationMap(actors=(vgs, barneskole, ungdomsskole)))
    assert [f.key for f in result.by_kind("transition_gap")] == ["transition_gap:us|vgs"]
    overgang = [f.key for f in result.findings if f.rule is not None and f.rule.effective_duty == "overgang"]
    assert overgang == ["missing_expected:us|vgs"]


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
        "Ingen kanal over overgangen fra barnehage til grunnskole i Siljan: "
        "Bøle barnehage og Fjell barnehage har ingen møtearena, avtalt kontakt eller vei gjennom fora "
        "med Siljan skole. "
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
    assert finding.message.startswith("Ingen kanal over overgangen fra oppfølgingstjenesten til NAV:")


def test_pair_sentences_written_on_reading_are_those_of_the_analysis_language(monkeypatch):
    # Pair findings keep their sentence as parts and write it when read (a country map has half a
    # million): it must still be the text of the language the map was analysed in, braces and all.
    import pickle

    from samhandling.analysis.findings import Finding

    odd = Actor("nav", "NAV {Siljan}", category="nav", sector="velferd")
    monkeypatch.setenv("SAMHANDLING_LANG", "nn")
    (finding,) = analyze(CollaborationMap(actors=(odd, CHILD_WELFARE))).by_kind("missing_expected")
    monkeypatch.setenv("SAMHANDLING_LANG", "nb")
    assert finding.message.startswith(
        "NAV {Siljan} og Barnevernstjenesten i Siljan har ingen felles møtearena, ingen avtalt kontakt og ingen veg "
        "for saker gjennom forum med mandat."
    )
    plain = Finding(finding.key, finding.kind, finding.severity, finding.actors, finding.forums, finding.message,
                    finding.rule, finding.details)
    assert finding == plain and plain == finding and hash(finding) == hash(plain)
    assert finding.to_dict() == plain.to_dict()
    again = pickle.loads(pickle.dumps(finding))
    assert type(again) is Finding and again == plain and again.message == finding.message


def test_an_indirect_route_with_braces_in_names_reads_as_written():
    # indirect_only writes its route once per route and fills the two names in when read.
    cmap = CollaborationMap(
        actors=(Actor("bhg", "Barnehage {A}", category="barnehage", sector="oppvekst"),
                Actor("hs", "Helse}stasjon", category="helsestasjon", sector="helse"),
                Actor("bv", "Barne{vern", category="barnevern", sector="oppvekst")),
        forums=(Forum("lokalt", "Lokalt {team}", has_mandate=True), Forum("drofting", "Drøfting", has_mandate=True)),
        memberships=(Membership("lokalt", "bhg"), Membership("lokalt", "hs"),
                     Membership("drofting", "hs"), Membership("drofting", "bv")),
    )
    (finding,) = [f for f in analyze(cmap).by_kind("indirect_only") if f.actors == ("bhg", "bv")]
    assert finding.message.startswith(
        "Barnehage {A} og Barne{vern har ingen direkte kontakt, men saker kan nå Barne{vern via "
        "«Drøfting» (Helse}stasjon sitter både i «Lokalt {team}» og i «Drøfting»)."
    )
