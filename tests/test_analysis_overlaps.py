"""forum_overlap, initiative_overlap and meeting_overload (analysis.md, "Finding kinds")."""

import random

import networkx as nx
from networkx.algorithms import bipartite

from samhandling.analysis import Thresholds, analyze
from samhandling.analysis.overlaps import find_forum_overlaps, forum_hours_per_month, meeting_hours_per_month
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation


def _members(forum: str, ids: str, role: str = "fast") -> tuple[Membership, ...]:
    return tuple(Membership(forum, i, role) for i in ids)


def _forum_map(team_a: str, team_b: str, **forum_b) -> CollaborationMap:
    return CollaborationMap(
        actors=tuple(Actor(i, f"Tjeneste {i.upper()}") for i in sorted(set(team_a + team_b))),
        forums=(
            Forum("drøfting", "Drøftingsteam", frequency="annenhver_uke", duration_hours=2.0),
            Forum("familieteam", "Familieteam", frequency="manedlig", duration_hours=1.5, **forum_b),
        ),
        memberships=(*_members("drøfting", team_a), *_members("familieteam", team_b)),
    )


def test_two_forums_with_the_same_standing_members_are_an_overlap():
    # 7 shared of 10 members in all: Jaccard 0.7 and 7 ≥ 3 shared, same level and ages.
    cmap = _forum_map("abcdefgh", "abcdefgij")
    (finding,) = analyze(cmap).by_kind("forum_overlap")
    assert finding.key == "forum_overlap:drøfting|familieteam"
    assert finding.severity == "viktig"
    assert finding.forums == ("drøfting", "familieteam")
    assert finding.actors == tuple("abcdefg")
    assert finding.details["similarity"] == 0.7
    assert finding.details["shared_members"] == list("abcdefg")
    # Drøftingsteam: 26/12 meetings × 2 h × 8 members; Familieteam: 1 × 1.5 h × 9 members.
    assert finding.details["hours_per_month"] == {"drøfting": 4.33, "familieteam": 1.5}
    assert finding.details["total_member_hours_per_month"] == round(26 / 12 * 2 * 8 + 1.5 * 9, 2)
    assert finding.message == (
        "«Drøftingsteam» og «Familieteam» har stort sett de samme faste deltakerne (7 felles, 70 % overlapp: "
        "Tjeneste A, Tjeneste B, Tjeneste C, Tjeneste D, Tjeneste E og 2 andre) og arbeider med de samme "
        "aldersgruppene. Til sammen koster de to foraene deltakerne om lag 48,2 møtetimer i måneden. "
        "Vurder om de kan slås sammen."
    )


def test_overlap_just_below_the_threshold_is_not_flagged():
    # 9 shared of 13 in all: Jaccard 0.69 < 0.7.
    cmap = _forum_map("abcdefghijk", "abcdefghilm")
    assert len(set("abcdefghijk") | set("abcdefghilm")) == 13
    assert analyze(cmap).by_kind("forum_overlap") == ()
    # Lowering the threshold from Python finds it.
    assert len(analyze(cmap, Thresholds(forum_overlap_jaccard=0.69)).by_kind("forum_overlap")) == 1


def test_identical_forums_with_only_two_members_are_not_an_overlap():
    # Jaccard 1.0 but only 2 shared members (< 3).
    assert analyze(_forum_map("ab", "ab")).by_kind("forum_overlap") == ()


def test_forums_at_different_levels_or_for_different_ages_do_not_overlap():
    assert analyze(_forum_map("abcd", "abcd", level="individ")).by_kind("forum_overlap") == ()
    young = _forum_map("abcd", "abcd", age_from=16, age_to=24)
    young = young.with_changes(forums=(Forum("drøfting", "Drøftingsteam", age_to=15), young.forums[1]))
    assert analyze(young).by_kind("forum_overlap") == ()


def test_members_invited_when_needed_do_not_count_towards_overlap():
    # Both forums have a, b, c; d, e, f only ved_behov in Familieteam: standing sets are equal.
    cmap = _forum_map("abc", "abc")
    cmap = cmap.with_changes(
        actors=(*cmap.actors, *(Actor(i, i) for i in "def")),
        memberships=(*cmap.memberships, *_members("familieteam", "def", "ved_behov")),
    )
    (finding,) = analyze(cmap).by_kind("forum_overlap")
    assert finding.details["similarity"] == 1.0


def _standing_bipartite(cmap: CollaborationMap) -> nx.Graph:
    B = nx.Graph()
    B.add_nodes_from((f.id for f in cmap.forums), bipartite=0)
    B.add_nodes_from((a.id for a in cmap.actors), bipartite=1)
    B.add_edges_from((m.forum, m.actor) for m in cmap.memberships if m.role in ("leder", "fast", "sekretar"))
    return B


def _county(seed: int = 7) -> CollaborationMap:
    # ~5,000 actors, 3,000 forums of 3–12 members drawn from 60 small neighbourhoods, so overlaps exist.
    rnd = random.Random(seed)
    actors = tuple(Actor(f"a{i}", f"A{i}") for i in range(5000))
    forums, members = [], []
    for j in range(3000):
        forums.append(Forum(f"f{j}", f"F{j}", level=rnd.choice(["individ", "system"])))
        hood = rnd.randrange(60)
        pool = [f"a{hood * 80 + k}" for k in range(14)]
        for actor in rnd.sample(pool, rnd.randint(3, 12)):
            members.append(Membership(f"f{j}", actor, rnd.choice(["fast", "fast", "leder", "ved_behov"])))
    return CollaborationMap(actors=actors, forums=tuple(forums), memberships=tuple(members))


def test_forum_overlaps_agree_with_networkx_jaccard_projection():
    # Same measure as bipartite.overlap_weighted_projected_graph(jaccard=True) on standing members.
    cmap = _county()
    P = bipartite.overlap_weighted_projected_graph(_standing_bipartite(cmap), [f.id for f in cmap.forums], jaccard=True)
    B = _standing_bipartite(cmap)
    forums = cmap.forum_by_id
    expected = sorted(
        f"forum_overlap:{min(u, v)}|{max(u, v)}"
        for u, v, d in P.edges(data=True)
        if d["weight"] >= 0.7
        and len(set(B[u]) & set(B[v])) >= 3
        and forums[u].level == forums[v].level
    )
    assert expected, "the fixture should contain overlaps"
    assert [f.key for f in find_forum_overlaps(cmap, Thresholds())] == expected


def test_two_initiatives_working_with_the_same_actors_overlap():
    # Both initiatives relate to skole, ppt and hs; one also to nav: Jaccard 3/4 = 0.75 ≥ 0.5.
    cmap = CollaborationMap(
        actors=(
            Actor("los", "Ungdomslos", type="satsing", age_from=13, age_to=24),
            Actor("link", "Link 13–19", type="satsing", age_from=13, age_to=19),
            *(
                Actor(i, n)
                for i, n in (("skole", "Skolen"), ("ppt", "PPT"), ("hs", "Skolehelsetjenesten"), ("nav", "NAV"))
            ),
        ),
        relations=(
            *(Relation("los", x) for x in ("skole", "ppt", "hs", "nav")),
            *(Relation("link", x) for x in ("skole", "ppt", "hs")),
            Relation("los", "link"),
        ),
    )
    (finding,) = analyze(cmap).by_kind("initiative_overlap")
    assert finding.key == "initiative_overlap:link|los"
    assert finding.details == {"similarity": 0.75, "shared_actors": ["hs", "ppt", "skole"]}
    assert finding.message == (
        "Satsingene «Link 13–19» og «Ungdomslos» arbeider i stor grad med de samme aktørene (75 % overlapp: "
        "Skolehelsetjenesten, PPT og Skolen) og de samme aldersgruppene. Det kan bety at det jobbes dobbelt; "
        "vurder å samordne dem."
    )


def test_initiatives_for_different_ages_or_with_little_in_common_do_not_overlap():
    def initiative_map(age_from_b: int, b_partners: str) -> CollaborationMap:
        return CollaborationMap(
            actors=(
                Actor("s1", "S1", type="satsing", age_from=0, age_to=5),
                Actor("s2", "S2", type="satsing", age_from=age_from_b, age_to=24),
                *(Actor(i, i) for i in "abcd"),
            ),
            relations=(*(Relation("s1", x) for x in "abc"), *(Relation("s2", x) for x in b_partners)),
        )

    # Same partners but ages 0–5 and 6–24 do not overlap.
    assert analyze(initiative_map(6, "abc")).by_kind("initiative_overlap") == ()
    # Ages overlap, but only a is shared of a, b, c, d: Jaccard 0.25.
    assert analyze(initiative_map(0, "ad")).by_kind("initiative_overlap") == ()


def test_actor_with_more_than_twenty_meeting_hours_a_month_is_overloaded():
    # Weekly 3 h (52/12 × 3 = 13 h) + biweekly 2 h (26/12 × 2 = 4.33 h) + ved_behov 10 h (1/3 × 10 = 3.33 h)
    # = 20.67 h > 20.
    cmap = CollaborationMap(
        actors=(Actor("ppt", "PPT Siljan"),),
        forums=(
            Forum("a", "A", frequency="ukentlig", duration_hours=3),
            Forum("b", "B", frequency="annenhver_uke", duration_hours=2),
            Forum("c", "C", frequency="ved_behov", duration_hours=10),
            Forum("d", "D", frequency="ukentlig", duration_hours=9),
        ),
        memberships=(
            Membership("a", "ppt", "leder"),
            Membership("b", "ppt"),
            Membership("c", "ppt", "sekretar"),
            Membership("d", "ppt", "observator"),  # not standing: does not count
        ),
    )
    assert round(meeting_hours_per_month(cmap)["ppt"], 2) == 20.67
    (finding,) = analyze(cmap).by_kind("meeting_overload")
    assert finding.key == "meeting_overload:ppt"
    assert finding.severity == "info"
    assert finding.forums == ("a", "b", "c")
    assert finding.message == (
        "PPT Siljan bruker om lag 20,7 timer i måneden på faste møter (grensen er 20). Mye møtetid går ut over "
        "tiden til barna og familiene; se om noen fora kan slås sammen eller møtes sjeldnere."
    )
    # Raising the limit from Python removes it.
    assert analyze(cmap, Thresholds(meeting_overload_hours=21)).by_kind("meeting_overload") == ()


def test_exactly_twenty_hours_is_not_overload():
    # Monthly 20 h = 20 h, not more than 20.
    cmap = CollaborationMap(
        actors=(Actor("x", "X"),),
        forums=(Forum("f", "F", frequency="manedlig", duration_hours=20),),
        memberships=(Membership("f", "x"),),
    )
    assert forum_hours_per_month(cmap.forums[0]) == 20
    assert analyze(cmap).by_kind("meeting_overload") == ()
