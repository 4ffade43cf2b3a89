"""isolated_actor, single_point_of_failure, sector_silo and age_gap (analysis.md, "Finding kinds")."""

from samhandling.analysis import analyze
from samhandling.analysis.ages import coordinated_by_age
from samhandling.analysis.structure import split_sizes
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation


def _no_rules(**tables) -> CollaborationMap:
    # Actors without kategori: no built-in rule applies, so only structural findings appear.
    return CollaborationMap(**tables)


def test_actor_with_no_membership_and_no_relation_is_isolated():
    cmap = _no_rules(actors=(Actor("fysio", "Ergo- og fysioterapitjenesten"),))
    (finding,) = analyze(cmap).by_kind("isolated_actor")
    assert finding.key == "isolated_actor:fysio"
    assert finding.severity == "viktig"
    assert finding.message == (
        "Ergo- og fysioterapitjenesten deltar ikke i noe forum og har ingen registrert kontakt med andre. "
        "Enten mangler det samarbeid, eller så mangler kartet opplysninger om det."
    )


def test_an_initiative_or_an_actor_invited_when_needed_is_not_isolated():
    # A satsing is never isolated; any membership (even ved_behov) means the actor is not isolated.
    cmap = _no_rules(
        actors=(Actor("prosjekt", "Prosjekt 0–24", type="satsing"), Actor("fysio", "Fysio"), Actor("hs", "HS")),
        forums=(Forum("f", "Team"),),
        memberships=(Membership("f", "fysio", "ved_behov"), Membership("f", "hs")),
    )
    assert analyze(cmap).by_kind("isolated_actor") == ()


def test_coordinator_linking_two_groups_is_a_single_point_of_failure():
    # Two teams of two meet only through the barnekoordinator: removing it leaves {a1, a2} and {b1, b2}.
    cmap = _no_rules(
        actors=(
            Actor("bk", "Barnekoordinator"),
            Actor("a1", "A1"),
            Actor("a2", "A2"),
            Actor("b1", "B1"),
            Actor("b2", "B2"),
        ),
        forums=(Forum("f1", "Team 1"), Forum("f2", "Team 2")),
        memberships=(
            Membership("f1", "bk", "leder"),
            Membership("f1", "a1"),
            Membership("f1", "a2"),
            Membership("f2", "bk", "leder"),
            Membership("f2", "b1"),
            Membership("f2", "b2"),
        ),
    )
    (finding,) = analyze(cmap).by_kind("single_point_of_failure")
    assert finding.key == "single_point_of_failure:bk"
    assert finding.details["parts"] == [2, 2]
    assert finding.message == (
        "Barnekoordinator er eneste bindeledd mellom 2 grupper som ellers ikke har kontakt med hverandre "
        "(A1 og A2; B1 og B2). Faller denne forbindelsen bort, mister gruppene kanalen seg imellom; "
        "vurder om de trenger en egen kanal."
    )


def test_in_a_very_big_network_the_groups_are_given_by_size(monkeypatch):
    # Naming the groups costs a pass per cut vertex, so big networks get sizes instead.
    import samhandling.analysis.structure as structure

    monkeypatch.setattr(structure, "_NAME_GROUPS_UP_TO", 3)
    cmap = _no_rules(
        actors=tuple(Actor(i, i.upper()) for i in ("bk", "a1", "a2", "b1", "b2")),
        relations=(Relation("bk", "a1"), Relation("a1", "a2"), Relation("bk", "b1"), Relation("b1", "b2")),
    )
    (finding,) = analyze(cmap).by_kind("single_point_of_failure")
    assert "(gruppene har 2 og 2 aktører)" in finding.message


def test_hub_whose_removal_leaves_only_single_actors_is_not_a_single_point_of_failure():
    # A star: removing the hub leaves three parts of one actor each, which are ignored;
    # and a–hub–(b–c) leaves one part of 1 and one of 2: still not two real parts.
    star = _no_rules(
        actors=tuple(Actor(i, i) for i in ("hub", "x", "y", "z")),
        relations=(Relation("hub", "x"), Relation("hub", "y"), Relation("hub", "z")),
    )
    assert analyze(star).by_kind("single_point_of_failure") == ()
    lopsided = _no_rules(
        actors=tuple(Actor(i, i) for i in ("hub", "a", "b", "c")),
        relations=(Relation("hub", "a"), Relation("hub", "b"), Relation("b", "c")),
    )
    assert analyze(lopsided).by_kind("single_point_of_failure") == ()


def test_weak_links_do_not_save_a_single_point_of_failure():
    # a1 also sits in Team 2 ved_behov; weak links do not count, so bk still splits the network.
    cmap = _no_rules(
        actors=tuple(Actor(i, i) for i in ("bk", "a1", "a2", "b1", "b2")),
        forums=(Forum("f1", "Team 1"), Forum("f2", "Team 2")),
        memberships=(
            Membership("f1", "bk"),
            Membership("f1", "a1"),
            Membership("f1", "a2"),
            Membership("f2", "bk"),
            Membership("f2", "b1"),
            Membership("f2", "b2"),
            Membership("f2", "a1", "ved_behov"),
        ),
    )
    assert [f.key for f in analyze(cmap).by_kind("single_point_of_failure")] == ["single_point_of_failure:bk"]


def test_split_sizes_counts_the_actors_on_each_side_of_a_cut_vertex():
    import networkx as nx

    # Two triangles joined at c: removing c leaves {a, b} and {d, e}.
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("c", "e")])
    assert split_sizes(G) == {"c": [2, 2]}


def test_sector_whose_actors_only_meet_each_other_is_a_silo():
    # Oppvekst reaches helse; the two velferd actors only meet each other.
    cmap = _no_rules(
        actors=(
            Actor("skole", "Skolen", sector="oppvekst"),
            Actor("ppt", "PPT", sector="oppvekst"),
            Actor("hs", "Helsestasjonen", sector="helse"),
            Actor("nav", "NAV Siljan", sector="velferd"),
            Actor("flykt", "Flyktningtjenesten", sector="velferd"),
        ),
        relations=(Relation("skole", "ppt"), Relation("ppt", "hs"), Relation("nav", "flykt")),
    )
    (finding,) = analyze(cmap).by_kind("sector_silo")
    assert finding.key == "sector_silo:velferd"
    assert finding.actors == ("flykt", "nav")
    assert finding.message == (
        "Ingen av de 2 aktørene i sektoren velferd (NAV Siljan og Flyktningtjenesten) har fast kontakt med aktører "
        "i andre sektorer. Barn og unge trenger ofte hjelp fra flere sektorer samtidig; en sektor som bare "
        "samarbeider internt, ser ikke helheten."
    )


def test_a_map_with_one_sector_or_one_actor_per_sector_has_no_silo():
    one_sector = _no_rules(actors=(Actor("a", "A", sector="helse"), Actor("b", "B", sector="helse")))
    assert analyze(one_sector).by_kind("sector_silo") == ()
    lone = _no_rules(actors=(Actor("a", "A", sector="helse"), Actor("b", "B", sector="velferd")))
    assert analyze(lone).by_kind("sector_silo") == ()


def _ages_map(extra_members=()) -> CollaborationMap:
    # 0–5: helsestasjon and barnehage meet in Småbarnsteam; 6–15: skole and PPT in Skoleteam.
    # Nothing coordinates 16–24.
    return _no_rules(
        actors=(
            Actor("hs", "Helsestasjonen", age_from=0, age_to=5),
            Actor("bhg", "Barnehagen", age_from=0, age_to=5),
            Actor("skole", "Skolen", age_from=6, age_to=15),
            Actor("ppt", "PPT", age_from=0, age_to=24, type="team"),
            Actor("frivillig", "Frivilligsentralen", age_from=16, age_to=24, type="partner"),
        ),
        forums=(Forum("små", "Småbarnsteam", age_from=0, age_to=5), Forum("skole", "Skoleteam", age_from=6, age_to=24)),
        memberships=(
            Membership("små", "hs"),
            Membership("små", "bhg"),
            Membership("skole", "skole"),
            Membership("skole", "ppt"),
            *extra_members,
        ),
    )


def test_ages_without_two_coordinated_services_form_one_age_gap():
    # In Skoleteam only PPT serves 16–24 (the partner does not count: not a service or team).
    cmap = _ages_map(extra_members=(Membership("skole", "frivillig"),))
    (finding,) = analyze(cmap).by_kind("age_gap")
    assert finding.key == "age_gap:16-24"
    assert finding.details["ages"] == list(range(16, 25))
    assert finding.message == (
        "For alderen 16–24 år er det ingen forum der to eller flere tjenester som arbeider med denne "
        "aldersgruppen, møtes fast. Unge i denne alderen som trenger hjelp fra flere, får lett "
        "tjenester som ikke er samordnet."
    )
    coverage = analyze(cmap).metrics["age_coverage"]
    assert coverage["3"] == 2 and coverage["10"] == 2 and coverage["16"] == 0


def test_a_second_service_for_the_oldest_closes_the_age_gap_but_one_invited_when_needed_does_not():
    nav = Actor("nav", "NAV", age_from=16, age_to=24)
    base = _ages_map()
    weak = base.with_changes(
        actors=(*base.actors, nav), memberships=(*base.memberships, Membership("skole", "nav", "ved_behov"))
    )
    assert [f.key for f in analyze(weak).by_kind("age_gap")] == ["age_gap:16-24"]
    standing = base.with_changes(
        actors=(*base.actors, nav), memberships=(*base.memberships, Membership("skole", "nav"))
    )
    assert analyze(standing).by_kind("age_gap") == ()
    assert sorted(coordinated_by_age(standing)[20]) == ["nav", "ppt"]


def test_two_separate_runs_give_two_age_gaps():
    # Only ages 6–15 are coordinated: 0–5 and 16–24 are two runs.
    cmap = _no_rules(
        actors=(Actor("a", "A", age_from=6, age_to=15), Actor("b", "B", age_from=6, age_to=15)),
        forums=(Forum("f", "F"),),
        memberships=(Membership("f", "a"), Membership("f", "b")),
    )
    gaps = analyze(cmap).by_kind("age_gap")
    assert [f.key for f in gaps] == ["age_gap:0-5", "age_gap:16-24"]
    assert gaps[0].message.startswith("For alderen 0–5 år er det ingen forum")


def test_split_sizes_agree_with_removing_each_cut_vertex_by_hand():
    import networkx as nx

    # Sparse random graphs have many cut vertices; compare with deleting each one and counting.
    for seed in range(20):
        G = nx.gnm_random_graph(40, 45, seed=seed)
        sizes = split_sizes(G)
        assert set(sizes) == set(nx.articulation_points(G))
        for v, parts in sizes.items():
            rest = G.subgraph(nx.node_connected_component(G, v) - {v})
            assert parts == sorted((len(c) for c in nx.connected_components(rest)), reverse=True)


def test_an_age_gap_is_looked_for_only_inside_the_maps_age_scope():
    # The same map declared as a map of ages 0–15: the 16–24 run is outside it.
    from dataclasses import replace

    cmap = _ages_map(extra_members=(Membership("skole", "frivillig"),))
    scoped = replace(cmap, info=replace(cmap.info, age_to=15))
    assert analyze(scoped).by_kind("age_gap") == ()


def test_a_volunteer_sector_on_its_own_is_only_info():
    cmap = CollaborationMap(
        actors=(Actor("lag", "Idrettslaget", sector="frivillig"), Actor("kor", "Barnekoret", sector="frivillig"),
                Actor("skole", "Skolen", sector="oppvekst"), Actor("ppt", "PPT", sector="oppvekst")),
        relations=(Relation("lag", "kor"), Relation("skole", "ppt")),
    )
    silos = {f.key: f.severity for f in analyze(cmap).by_kind("sector_silo")}
    assert silos == {"sector_silo:frivillig": "info", "sector_silo:oppvekst": "viktig"}


def test_blocks_from_igraph_on_big_networks_give_the_same_parts_as_networkx(monkeypatch):
    # Above a size the blocks come from igraph (C); the parts each cut vertex leaves are the same.
    import random

    import networkx as nx

    import samhandling.analysis.structure as structure

    rng = random.Random(3)
    G = nx.Graph()
    for cluster in range(30):  # small dense clusters chained by single actors: many cut vertices
        members = [f"c{cluster}-{i}" for i in range(rng.randint(2, 7))]
        G.add_edges_from((u, v) for i, u in enumerate(members) for v in members[i + 1:] if rng.random() < 0.7)
        G.add_edges_from(zip(members, members[1:], strict=False))
        if cluster:
            G.add_edge(members[0], f"c{cluster - 1}-0")
    G.add_node("alone")
    monkeypatch.setattr(structure, "_IGRAPH_WORK", 0)
    fast = split_sizes(G)
    monkeypatch.setattr(structure, "_IGRAPH_WORK", 10**12)
    assert len(fast) > 10
    assert fast == split_sizes(G)
