"""Findings grouped into problems (analysis.md, "Problems: what people read")."""

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from samhandling.analysis import analyze
from samhandling.io import load_map
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation

DATA = Path(__file__).resolve().parents[1] / "data"
CATEGORIES = ["barnehage", "skole", "barnevern", "nav", "helsestasjon", "ppt", "psykisk_helse_rus", "bup", ""]


@st.composite
def maps(draw):
    n = draw(st.integers(2, 14))
    actors = tuple(
        Actor(
            f"a{i}",
            f"Aktør {i}",
            category=draw(st.sampled_from(CATEGORIES)),
            municipality=draw(st.sampled_from(["", "Alta", "Hasvik"])),
        )
        for i in range(n)
    )
    forums = tuple(
        Forum(f"f{j}", f"Forum {j}", has_mandate=draw(st.booleans())) for j in range(draw(st.integers(0, 3)))
    )
    memberships = tuple(
        {
            (f.id, a.id): Membership(f.id, a.id, draw(st.sampled_from(["fast", "leder", "ved_behov"])))
            for f in forums
            for a in actors
            if draw(st.booleans())
        }.values()
    )
    relations = tuple(
        Relation(a.id, b.id) for a in actors for b in actors if a.id < b.id and draw(st.integers(0, 5)) == 0
    )
    return CollaborationMap(actors=actors, forums=forums, memberships=memberships, relations=relations)


@settings(max_examples=40, deadline=None)
@given(maps(), st.randoms(use_true_random=False))
def test_every_finding_is_in_exactly_one_problem_and_keys_do_not_depend_on_row_order(cmap, rnd):
    result = analyze(cmap)
    placed = [key for p in result.problems for key in p.findings]
    assert sorted(placed) == sorted(f.key for f in result.findings)
    assert len(placed) == len(set(placed))
    shuffled = replace(
        cmap,
        actors=tuple(rnd.sample(cmap.actors, len(cmap.actors))),
        memberships=tuple(rnd.sample(cmap.memberships, len(cmap.memberships))),
        relations=tuple(rnd.sample(cmap.relations, len(cmap.relations))),
    )
    again = analyze(shuffled)
    assert {p.key: p.findings for p in again.problems} == {p.key: p.findings for p in result.problems}


def test_a_kritisk_problem_groups_the_pairs_around_one_actor_and_carries_no_info_pairs():
    bv = Actor("bv", "Barnevernstjenesten", "barnevern")
    others = (
        Actor("nav", "NAV", "nav"),
        Actor("phr", "Psykisk helse og rus", "psykisk_helse_rus"),
        Actor("politi", "Politiet", "politi"),
        Actor("frivillig", "Frivilligsentralen", "frivillig"),
    )
    result = analyze(CollaborationMap(actors=(bv, *others)))
    problem = next(p for p in result.problems if p.key == "missing_expected:kritisk:bv|*")
    assert problem.severity == "kritisk"
    assert set(problem.findings) == {"missing_expected:bv|nav", "missing_expected:bv|phr", "missing_expected:bv|politi"}
    assert problem.message == (
        "Barnevernstjenesten har ingen fast kanal til 3 tjenester den skal samarbeide med: "
        "NAV, Psykisk helse og rus og Politiet."
    )
    # barnevern–frivillig is only «bør» (anbefalt): an info problem of its own.
    info = next(p for p in result.problems if "missing_expected:bv|frivillig" in p.findings)
    assert info.severity == "info"


def test_pairs_between_two_categories_with_several_actors_on_each_side_are_one_problem():
    kindergartens = tuple(Actor(f"bhg{i}", f"Barnehage {i}", "barnehage", age_to=5) for i in range(4))
    schools = tuple(Actor(f"sk{i}", f"Skole {i}", "skole", age_from=6, age_to=15) for i in range(4))
    # one barnehage meets one school: no transition gap, but 15 pairs have no channel
    forum = Forum("overgang", "Overgangsmøte")
    cmap = CollaborationMap(
        actors=kindergartens + schools,
        forums=(forum,),
        memberships=(Membership("overgang", "bhg0"), Membership("overgang", "sk0")),
    )
    result = analyze(cmap)
    problem = next(p for p in result.problems if p.key == "missing_expected:viktig:kategori:barnehage|skole")
    assert len(problem.findings) == 15
    assert problem.message.startswith("15 par av 16 mellom de 4 barnehagene (Barnehage 0, Barnehage 1, ")


def test_a_transition_gap_and_its_pairs_are_one_problem():
    cmap = CollaborationMap(
        actors=(
            Actor("bhg1", "Bøle barnehage", "barnehage", age_to=5),
            Actor("bhg2", "Fjell barnehage", "barnehage", age_to=5),
            Actor("sk", "Siljan skole", "skole", age_from=6, age_to=15),
        )
    )
    result = analyze(cmap)
    problem = next(p for p in result.problems if p.key == "transition_gap:barnehage|skole")
    assert problem.findings == ("transition_gap:bhg1|bhg2|sk", "missing_expected:bhg1|sk", "missing_expected:bhg2|sk")
    assert problem.title == "Overgangen fra barnehage til grunnskole"


def test_a_regional_actor_gets_one_problem_per_category_not_one_per_kommune():
    bup = Actor("bup", "BUP Finnmark", "bup", admin_level="region")
    kommuner = ["Alta", "Hammerfest", "Vadsø"]
    actors = [bup]
    for k in kommuner:
        actors += [
            Actor(f"bv-{k}", f"Barnevern {k}", "barnevern", municipality=k),
            Actor(f"phr-{k}", f"Psykisk helse {k}", "psykisk_helse_rus", municipality=k),
        ]
    result = analyze(CollaborationMap(actors=tuple(actors)))
    bup_problems = sorted(p.key for p in result.problems if p.key.startswith("missing_expected:kritisk:bup|*"))
    # Six pairs in three kommuner: one problem per category on the other side, not one per kommune.
    assert bup_problems == [
        "missing_expected:kritisk:bup|*:barnevern",
        "missing_expected:kritisk:bup|*:psykisk_helse_rus",
    ]
    assert all(len(p.findings) == 3 for p in result.problems if p.key in bup_problems)


def test_forums_without_mandate_are_one_problem_and_the_example_maps_stay_short():
    for name in ("siljan-for", "siljan-etter", "nordre-land-for", "nordre-land-etter", "finnmark-0-24"):
        result = analyze(load_map(DATA / f"{name}.yaml").map)
        assert len(result.problems) <= 21, name  # nordre-land-for: 19 + 2 dead ends on the BTI ladder
        assert len([p for p in result.problems if p.key.startswith("forum_without_mandate")]) <= 1
        assert [p.key for p in result.problems] == sorted(
            (p.key for p in result.problems),
            key=lambda k: next(
                (["kritisk", "viktig", "info"].index(p.severity), -len(p.actors), p.key)
                for p in result.problems
                if p.key == k
            ),
        )


def test_two_fora_that_overlap_are_named_by_the_fora_not_by_the_members_they_share():
    result = analyze(load_map(DATA / "finnmark-0-24.yaml").map)
    overlap = next(p for p in result.problems if p.key.startswith("forum_overlap:"))
    assert overlap.title == ("Fora som overlapper: Nettverk for 0–24-koordinatorene i modellkommunene og "
                             "KS-læringsnettverket – samlinger (del 1–3)")
