"""The one severity table of analysis.md (version 2): every cell, on a made-up kommune.

Two services X and Y are expected to collaborate by the map's own rule (with a
chosen krav, grunnlag and plikt); the channel between them is set up as the
table's column says. Nothing but the table decides the finding and its severity.
"""

import pytest

from samhandling.analysis import Thresholds, analyze
from samhandling.model import Actor, CollaborationMap, Expectation, Forum, Membership, Routine

PAIR_KINDS = ("missing_expected", "informal_only", "indirect_only")
X, Y, M = Actor("x", "Tjeneste X"), Actor("y", "Tjeneste Y"), Actor("m", "Helsestasjonen")


def _channel(kind: str) -> dict:
    """Forums and memberships that give X and Y the named channel."""
    if kind == "none":
        return {}
    if kind == "weak":  # Y is only invited when needed
        return {
            "forums": (Forum("f", "Team", has_mandate=True),),
            "memberships": (Membership("f", "x", "leder"), Membership("f", "y", "ved_behov")),
        }
    if kind == "indirect":  # M sits in both mandated forums: the bindeledd
        return {
            "forums": (
                Forum("lokalt", "Lokalt team", has_mandate=True),
                Forum("drofting", "Drøftingsteamet", has_mandate=True),
            ),
            "memberships": (
                Membership("lokalt", "x", "leder"),
                Membership("lokalt", "m"),
                Membership("drofting", "m"),
                Membership("drofting", "y", "leder"),
            ),
        }
    mandate = kind == "structured"
    return {
        "forums": (Forum("f", "Samarbeidsmøte", has_mandate=mandate),),
        "memberships": (Membership("f", "x", "leder"), Membership("f", "y")),
    }


def _pair_findings(rule: Expectation, channel: str, *, routine: bool = False, practice: bool = False):
    extra = _channel(channel)
    routines = (
        (Routine("mr", "Meldingsrutine", type="meldingsrutine", parties=("x",), status="vedtatt"),) if routine else ()
    )
    cmap = CollaborationMap(actors=(X, Y, M), expectations=(rule,), routines=routines, **extra)
    result = analyze(cmap, Thresholds(practice_rules=practice))
    return [(f.kind, f.severity) for f in result.findings if f.kind in PAIR_KINDS]


TABLE = [
    # (krav, grunnlag, plikt) -> {channel: expected}
    (
        ("pakrevd", "lov", "samarbeid"),
        {
            "none": ("missing_expected", "kritisk"),
            "weak": ("missing_expected", "kritisk"),
            "indirect": ("indirect_only", "info"),
            "connection": ("informal_only", "viktig"),
            "structured": None,
        },
    ),
    (
        ("pakrevd", "forskrift", "samordning"),
        {
            "none": ("missing_expected", "kritisk"),
            "indirect": ("indirect_only", "info"),
            "connection": ("informal_only", "viktig"),
            "structured": None,
        },
    ),
    (
        ("pakrevd", "lov", "avtale"),
        {
            "none": ("missing_expected", "kritisk"),
            "indirect": ("indirect_only", "info"),
            "connection": ("informal_only", "viktig"),
            "structured": None,
        },
    ),
    (
        ("pakrevd", "lov", "overgang"),
        {
            "none": ("missing_expected", "viktig"),
            "weak": ("missing_expected", "viktig"),
            "indirect": ("indirect_only", "viktig"),
            "connection": ("informal_only", "info"),
            "structured": None,
        },
    ),
    (
        ("pakrevd", "lov", "opplysning"),
        {
            "none": ("missing_expected", "viktig"),
            "indirect": ("indirect_only", "info"),
            "connection": None,
            "structured": None,
        },
    ),
    (
        ("anbefalt", "veileder", "samarbeid"),
        {
            "none": ("missing_expected", "info"),
            "indirect": None,
            "connection": ("informal_only", "info"),
            "structured": None,
        },
    ),
    (
        ("anbefalt", "retningslinje", "overgang"),
        {
            "none": ("missing_expected", "info"),
            "indirect": None,
            "connection": ("informal_only", "info"),
            "structured": None,
        },
    ),
    # A required rule that rests on guidance only is on the anbefalt row.
    (
        ("pakrevd", "veileder", "samarbeid"),
        {"none": ("missing_expected", "info"), "connection": ("informal_only", "info")},
    ),
]
CELLS = [(rule, channel, expected) for rule, row in TABLE for channel, expected in row.items()]


@pytest.mark.parametrize(("rule", "channel", "expected"), CELLS, ids=[f"{r[0]}-{r[1]}-{r[2]}-{c}" for r, c, _ in CELLS])
def test_each_cell_of_the_severity_table(rule, channel, expected):
    krav, grunnlag, plikt = rule
    found = _pair_findings(Expectation("x", "y", krav, "kilde", basis=grunnlag, duty=plikt), channel)
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize("channel", ["none", "indirect", "connection"])
def test_a_known_reporting_routine_meets_the_duty_to_report(channel):
    rule = Expectation("x", "y", "pakrevd", "opplæringslova § 24-3", basis="lov", duty="opplysning")
    assert _pair_findings(rule, channel, routine=True) == []


@pytest.mark.parametrize(("channel", "expected"), [("none", [("missing_expected", "info")]), ("connection", [])])
def test_practice_rules_count_only_when_switched_on_and_then_only_as_info(channel, expected):
    rule = Expectation("x", "y", "anbefalt", "SLT-modellen", basis="praksis", duty="samordning")
    assert _pair_findings(rule, channel) == []
    assert _pair_findings(rule, channel, practice=True) == expected


def test_kritisk_means_the_law_requires_it_and_no_channel_exists():
    # A whole kommune's built-in rules: barnevern and NAV (pakrevd samarbeid) with no channel.
    cmap = CollaborationMap(actors=(Actor("bv", "Barnevernstjenesten", "barnevern"), Actor("nav", "NAV", "nav")))
    result = analyze(cmap)
    kritisk = [f for f in result.findings if f.severity == "kritisk"]
    assert [f.key for f in kritisk] == ["missing_expected:bv|nav"]
    assert kritisk[0].rule.effective_basis == "lov"
    assert "Loven krever at de samarbeider" in kritisk[0].message
