"""forum_without_mandate, forum_without_leader, routine_missing, routine_overdue (all ``info``)."""

from datetime import date

from samhandling.analysis import Thresholds, analyze
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Routine

ACTORS = (Actor("bv", "Barnevernstjenesten"), Actor("skole", "Siljan skole"))


def test_system_forum_without_written_mandate_is_reported():
    # A system-level forum needs a mandate; an individual-level one (ansvarsgruppe) is not checked.
    cmap = CollaborationMap(
        actors=ACTORS,
        forums=(
            Forum("sg", "Styringsgruppe 0–24", level="system", leader="bv"),
            Forum("ag", "Ansvarsgruppe", level="individ", leader="bv"),
            Forum("ok", "Koordineringsgruppe", level="system", has_mandate=True, leader="bv"),
        ),
    )
    (finding,) = analyze(cmap).by_kind("forum_without_mandate")
    assert finding.key == "forum_without_mandate:sg"
    assert finding.severity == "info"
    assert finding.forums == ("sg",)
    assert finding.message == (
        "«Styringsgruppe 0–24» er et forum på systemnivå uten skriftlig mandat. Et mandat gjør det klart hva "
        "forumet skal oppnå, hvem som skal delta og hva det kan bestemme."
    )


def test_forum_has_a_leader_by_column_or_by_membership_role():
    # "kolonne" names a leader, "rolle" has a leder member, "ingen" has neither.
    cmap = CollaborationMap(
        actors=ACTORS,
        forums=(
            Forum("kolonne", "A", leader="bv", has_mandate=True),
            Forum("rolle", "B", has_mandate=True),
            Forum("ingen", "Tverrfaglig team", has_mandate=True),
        ),
        memberships=(Membership("rolle", "skole", "leder"), Membership("ingen", "skole", "fast")),
    )
    (finding,) = analyze(cmap).by_kind("forum_without_leader")
    assert finding.key == "forum_without_leader:ingen"
    assert finding.message == (
        "«Tverrfaglig team» har ingen leder. Uten en som kaller inn og følger opp, er det uklart hvem som har "
        "ansvaret for at forumet fungerer."
    )


def test_missing_and_planned_routines_are_reported_but_drafts_are_not():
    cmap = CollaborationMap(
        actors=ACTORS,
        routines=(
            Routine("r1", "Rutine for bekymringsmelding", parties=("skole", "bv"), status="mangler"),
            Routine(
                "r2", "Samarbeidsavtale skole–barnevern", type="samarbeidsavtale", parties=("bv",), status="planlagt"
            ),
            Routine("r3", "Utkast", status="utkast"),
        ),
    )
    missing = analyze(cmap).by_kind("routine_missing")
    assert [f.key for f in missing] == ["routine_missing:r1", "routine_missing:r2"]
    assert missing[0].actors == ("bv", "skole")
    assert missing[0].message == (
        "«Rutine for bekymringsmelding» mangler (parter: Siljan skole og Barnevernstjenesten). "
        "Uten en skriftlig rutine avhenger samarbeidet av enkeltpersoner."
    )
    assert missing[1].message.startswith(
        "«Samarbeidsavtale skole–barnevern» er planlagt, men ikke laget ennå "
        "(parter: Barnevernstjenesten)."
    )


def test_routine_past_its_review_date_is_overdue_on_the_given_day():
    # today is fixed; due yesterday is overdue, due today is not yet.
    cmap = CollaborationMap(
        actors=ACTORS,
        routines=(
            Routine(
                "old", "Handlingsveileder BTI", parties=("skole",), status="vedtatt", review_date=date(2025, 5, 31)
            ),
            Routine("now", "Rutine", parties=("bv",), status="vedtatt", review_date=date(2025, 6, 1)),
        ),
    )
    (finding,) = analyze(cmap, Thresholds(today=date(2025, 6, 1))).by_kind("routine_overdue")
    assert finding.key == "routine_overdue:old"
    assert finding.details["review_date"] == "2025-05-31"
    assert finding.message == (
        "«Handlingsveileder BTI» skulle vært revidert 31.5.2025 (parter: Siljan skole). En rutine som ikke holdes "
        "oppdatert, kan beskrive et samarbeid som ikke lenger finnes."
    )
