"""A small municipality for the map tests: ~22 actors and ~11 forums, one hostile name."""

from __future__ import annotations

from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership, Relation, Routine

HOSTILE_NAMES = (
    "<script>window.__pwned = 1</script>",
    '</script><img src=x onerror="window.__pwned=2">',
    '<a href="http://evil.example/x">klikk</a>',
)


def example_map() -> CollaborationMap:
    """Return a made-up municipality ("Fjordvik") with every kind of row in it."""
    A = Actor
    actors = (
        A("barnehage", "Fjordvik barnehager", "barnehage", sector="oppvekst", age_from=1, age_to=5,
          municipality="Fjordvik"),
        A("skole", "Fjordvik skole", "skole", sector="oppvekst", age_from=6, age_to=15, municipality="Fjordvik"),
        A("vgs", "Fjordvik vgs", "vgs", admin_level="fylkeskommune", sector="oppvekst", age_from=16, age_to=19),
        A("ot", "Oppfølgingstjenesten", "ot", sector="oppvekst", age_from=16, age_to=21, admin_level="fylkeskommune"),
        A("ppt", "PPT", "ppt", sector="oppvekst", age_from=0, age_to=19, municipality="Fjordvik"),
        A("helsestasjon", "Helsestasjonen", "helsestasjon", sector="helse", age_from=0, age_to=5,
          municipality="Fjordvik"),
        A("skolehelse", "Skolehelsetjenesten", "skolehelsetjeneste", sector="helse", age_from=6, age_to=19,
          municipality="Fjordvik"),
        A("psyk", "Psykisk helse og rus", "psykisk_helse_rus", sector="helse", age_from=12, age_to=24,
          municipality="Fjordvik"),
        A("fastlege", "Fastlegene", "fastlege", sector="helse", municipality="Fjordvik"),
        A("bup", "BUP Nordfjord", "bup", sector="helse", admin_level="region", age_from=0, age_to=17),
        A("barnevern", "Barnevernstjenesten", "barnevern", sector="velferd", age_from=0, age_to=23,
          municipality="Fjordvik"),
        A("familieteam", "Familieteamet", "familieteam", type="team", belongs_to="barnevern", sector="velferd",
          municipality="Fjordvik"),
        A("nav", "NAV Fjordvik", "nav", sector="velferd", age_from=16, age_to=24, municipality="Fjordvik"),
        A("flyktning", "Flyktningtjenesten", "flyktningtjeneste", sector="velferd", municipality="Fjordvik"),
        A("politi", "Politiet", "politi", sector="justis", admin_level="stat", age_from=10, age_to=24),
        A("slt", "SLT-koordinator", "slt", type="rolle", sector="justis", age_from=10, age_to=24,
          municipality="Fjordvik"),
        A("kulturskole", "Kulturskolen", "kulturskole", sector="kultur", age_from=6, age_to=19,
          municipality="Fjordvik"),
        A("ungdomsklubb", "Ungdomsklubben", "fritid", sector="kultur", age_from=13, age_to=18, municipality="Fjordvik"),
        A("statsforvalter", "Statsforvalteren", "statsforvalter", type="partner", sector="stat", admin_level="stat"),
        A("frivillig", "Røde Kors", "frivillig", type="partner", sector="frivillig", municipality="Fjordvik"),
        A("ungdomsrad", "Ungdomsrådet", "bruker", type="partner", sector="bruker", age_from=13, age_to=19,
          municipality="Fjordvik"),
        A("hostile", HOSTILE_NAMES[0], "koordinator", type="satsing", sector="annet", municipality="Fjordvik",
          description=HOSTILE_NAMES[1]),
    )
    F = Forum
    forums = (
        F("bti", "BTI-koordineringsgruppe", "styringsgruppe", "system", "manedlig", 2, "barnevern", True, 0, 24),
        F("tverrfaglig", "Tverrfaglig team skole", "tverrfaglig_team", "individ", "annenhver_uke", 1.5, "skole",
          False, 6, 15),
        F("ansvarsgruppe", "Ansvarsgruppe (mal)", "ansvarsgruppe", "individ", "ved_behov", 1, "", False, 0, 24),
        F("overgang", "Overgang barnehage–skole", "samarbeidsmote", "system", "halvarlig", 2, "skole", False, 5, 7),
        F("ungdomsteam", "Ungdomsteamet", "tverrfaglig_team", "individ", "ukentlig", 1.5, "nav", True, 16, 24),
        F("slt-gruppe", "SLT-styringsgruppe", "styringsgruppe", "system", "kvartalsvis", 2, "slt", True, 10, 24),
        F("helse-oppvekst", "Helse og oppvekst møte", "samarbeidsmote", "system", "manedlig", 1.5, "", False),
        F("rus-nettverk", "Rusnettverket", "nettverk", "system", "halvarlig", 3, "psyk", False, 12, 24),
        F("fagdag", "Fagdag psykisk helse", "fagdag", "system", "arlig", 6, "", False),
        F("oppvekstforum", "Oppvekstforum", "samarbeidsmote", "system", "manedlig", 1.5, "", False),
        F("hostile-forum", HOSTILE_NAMES[2], "annet", "system", "ved_behov", 1, "", False),
    )
    M = Membership
    members = {
        "bti": ["barnevern:leder", "skole", "barnehage", "helsestasjon", "ppt", "nav", "psyk", "skolehelse"],
        "tverrfaglig": ["skole:leder", "ppt", "skolehelse", "barnevern", "bup:ved_behov"],
        "ansvarsgruppe": ["barnevern", "ppt", "fastlege:ved_behov", "bup:observator", "skole"],
        "overgang": ["skole:leder", "barnehage", "ppt", "helsestasjon"],
        "ungdomsteam": ["nav:leder", "ot", "psyk", "vgs", "flyktning:ved_behov"],
        "slt-gruppe": ["slt:leder", "politi", "barnevern", "ungdomsklubb", "skole", "hostile"],
        "helse-oppvekst": ["skole", "ppt", "skolehelse", "helsestasjon", "barnehage"],
        "rus-nettverk": ["psyk:leder", "nav", "politi", "frivillig", "ungdomsrad:observator"],
        "fagdag": ["psyk", "bup", "skolehelse", "statsforvalter:observator"],
        "oppvekstforum": ["skole", "ppt", "skolehelse", "helsestasjon", "barnehage:sekretar"],
        "hostile-forum": ["hostile", "kulturskole", "ungdomsklubb"],
    }
    memberships = tuple(
        M(forum, *entry.split(":")) for forum, entries in members.items() for entry in entries
    )
    relations = (
        Relation("barnevern", "bup", "henvisning", True),
        Relation("skole", "ppt", "henvisning", True),
        Relation("vgs", "ot", "informasjon", False),
        Relation("familieteam", "barnevern", "rapportering", True),
        Relation("statsforvalter", "barnevern", "veiledning", False),
        Relation("hostile", "kulturskole", "samarbeid", False, description=HOSTILE_NAMES[2]),
    )
    routines = (Routine("r1", "Samarbeidsavtale skole–PPT", "samarbeidsavtale", ("skole", "ppt"), "vedtatt"),)
    return CollaborationMap(actors, forums, memberships, relations, routines, info=MapInfo(title="Fjordvik"))


def ring_map(n_actors: int, municipalities: int = 4) -> CollaborationMap:
    """``n_actors`` actors in a few kommuner, each pair of neighbours sharing a small forum."""
    actors = tuple(
        Actor(f"a{i}", f"Aktør {i}", sector=("oppvekst", "helse", "velferd")[i % 3],
              municipality=f"Kommune {i % municipalities}")
        for i in range(n_actors)
    )
    forums = tuple(Forum(f"f{i}", f"Forum {i}") for i in range(0, n_actors, 2))
    memberships = tuple(
        m
        for i in range(0, n_actors, 2)
        for m in (Membership(f"f{i}", f"a{i}"), Membership(f"f{i}", f"a{(i + 1) % n_actors}"),
                  Membership(f"f{i}", f"a{(i + 2) % n_actors}"))
    )
    return CollaborationMap(actors, forums, memberships)


# --------------------------------------------------------------------------- tests

import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from map_page import page_data  # noqa: E402

from samhandling.maps import (  # noqa: E402
    SECTOR_COLOURS,
    MapFilters,
    compute_layout,
    diff_elements,
    map_elements,
    render_diff_html,
    render_map_html,
)
from samhandling.vocabulary import SECTORS, label  # noqa: E402

NODE_KEYS = {"id", "label", "title", "kind", "shape", "size", "color", "borderWidth", "font", "x", "y",
             "shapeProperties"}
EDGE_KEYS = {"id", "from", "to", "kind", "title", "color", "width", "dashes", "arrows"}
URL_IN_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def embedded_data(page: str) -> dict:
    """The page's data as its script sees it (packed nodes and edges unpacked, tests/map_page.py)."""
    return page_data(page)


def by_id(elements) -> dict:
    return {n["id"]: n for n in elements.nodes}


def builtin_only(value) -> bool:
    if isinstance(value, dict):
        return all(type(k) is str and builtin_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(builtin_only(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_the_page_has_no_web_url_in_any_src_or_href():
    page = render_map_html(example_map())
    assert not URL_IN_ATTRIBUTE.search(page)
    assert "cdn" not in page.lower().split("<script nonce")[0]


def test_the_page_forbids_every_network_request_with_a_csp():
    page = render_map_html(example_map())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "img-src data:" in csp
    nonce = re.search(r"script-src 'nonce-([^']+)'", csp).group(1)
    assert page.count(f'<script nonce="{nonce}">') == 2


@pytest.mark.parametrize("payload", HOSTILE_NAMES)
def test_hostile_text_appears_in_the_page_only_escaped(payload):
    page = render_map_html(example_map(), title=payload)
    assert payload not in page
    # Outside vis-network's own code there is exactly one real closing script tag per script.
    assert page.count("</script>") == 3
    data = embedded_data(page)
    assert any(payload in n.get("label", "") or payload in n["title"] for n in data["nodes"] + data["edges"])
    assert "\\u003cscript\\u003e" in page
    assert re.search(r"<title>[^<]*&lt;", page)


def test_titles_are_plain_text_strings():
    for item in map_elements(example_map()).nodes + map_elements(example_map()).edges:
        assert isinstance(item["title"], str)


def test_hover_texts_say_what_an_actor_and_a_forum_are_with_their_forums_and_members():
    nodes = by_id(map_elements(example_map(), size_by="hours"))
    familieteam = nodes["familieteam"]["title"].split("\n")
    assert familieteam[0] == "Familieteamet"
    assert "Tilhører: Barnevernstjenesten" in familieteam
    assert familieteam[-1] == "Møtetimer per måned: 0"
    assert any(line.startswith("Fora (") and "BTI-koordineringsgruppe" in line
               for line in nodes["ppt"]["title"].split("\n"))
    forum = next(n["title"] for n in nodes.values() if n["title"].startswith("BTI-koordineringsgruppe\n"))
    assert "Leder: Barnevernstjenesten" in forum.split("\n")
    assert "Deltakere (8): Barnevernstjenesten, Fjordvik skole," in forum


@pytest.mark.parametrize("options", [
    {}, {"view": "actors"}, {"size_by": "hours"}, {"size_by": "influence"}, {"highlight": {"ppt"}},
    {"filters": MapFilters(focus="ppt")}, {"filters": MapFilters(show_on_demand_members=False)},
    {"group_above": 10}, {"group_above": 10, "expand": ("Fjordvik",)},
], ids=repr)
def test_the_page_gives_its_script_the_nodes_and_edges_map_elements_gives(options):
    """Packed or not (tests/map_page.py unpacks as the page does), the page draws the same picture."""
    expected = map_elements(example_map(), **options)
    data = embedded_data(render_map_html(example_map(), **options))
    assert data["nodes"] == expected.nodes
    assert data["edges"] == expected.edges
    assert data["legend"] == expected.legend


def test_a_grouped_pages_details_unpack_to_the_ungrouped_picture():
    from test_map_groups import three_kommuner

    cmap = three_kommuner(per_kommune=30)
    detail = embedded_data(render_map_html(cmap))["detail"]
    flat = map_elements(cmap, group_above=10**9)
    assert detail["edges"] == flat.edges
    shown = {n["id"]: n for n in flat.nodes}
    assert len(detail["nodes"]) == len(shown)
    for node in detail["nodes"]:  # the same node; placed around its group's centre instead
        assert {k: v for k, v in node.items() if k not in "xy"} == {
            k: v for k, v in shown[node["id"]].items() if k not in "xy"}


def test_a_big_page_carries_its_nodes_and_memberships_packed_in_fewer_bytes():
    from map_page import raw_page_data
    from test_map_groups import three_kommuner

    cmap = three_kommuner()
    page = render_map_html(cmap, group_above=10**9)
    raw = raw_page_data(page)
    assert all(isinstance(n, list) for n in raw["nodes"]) and all(isinstance(e, list) for e in raw["edges"])
    assert len(raw["packed"]["styles"]) <= 4 and len(raw["packed"]["roles"]) == 1
    elements = map_elements(cmap, group_above=10**9)
    packed = json.dumps({"nodes": raw["nodes"], "edges": raw["edges"], "packed": raw["packed"]}, ensure_ascii=False)
    unpacked = json.dumps({"nodes": elements.nodes, "edges": elements.edges}, ensure_ascii=False)
    assert len(packed) < len(unpacked) / 2  # 0.29 on 2026-12-04


def test_sami_letters_in_names_reach_the_page_data_unchanged():
    name = "Guovdageainnu mánáidgárdi ŋ š ŧ ž č đ á"
    cmap = example_map()
    cmap = cmap.with_changes(actors=tuple(
        a.__class__(**{**a.__dict__, "name": name}) if a.id == "barnehage" else a for a in cmap.actors))
    data = embedded_data(render_map_html(cmap))
    node = next(n for n in data["nodes"] if n["id"] == "barnehage")
    assert node["title"].startswith(name + "\n")
    assert node["label"].replace("\n", " ") == name  # wrapped on lines, never cut


def test_node_and_edge_dicts_hold_only_allowlisted_keys_of_builtin_types():
    for view in ("two_mode", "actors"):
        elements = map_elements(example_map(), view=view, highlight={"ppt"})
        for node in elements.nodes:
            assert set(node) <= NODE_KEYS and builtin_only(node)
        for edge in elements.edges:
            assert set(edge) <= EDGE_KEYS and builtin_only(edge)
        assert builtin_only(elements.legend)


def test_forums_are_drawn_with_a_different_shape_than_actors():
    nodes = by_id(map_elements(example_map()))
    actor_shapes = {n["shape"] for n in nodes.values() if n["kind"] == "actor"}
    forum_shapes = {n["shape"] for n in nodes.values() if n["kind"] == "forum"}
    assert actor_shapes == {"dot"}
    assert forum_shapes == {"square", "diamond"}
    assert nodes["tverrfaglig"]["shape"] == "diamond"  # individ level
    assert nodes["bti"]["shape"] == "square"  # system level


def test_every_sector_has_its_own_colour_and_the_legend_names_it():
    assert len(set(SECTOR_COLOURS.values())) == len(SECTORS) == len(SECTOR_COLOURS)
    elements = map_elements(example_map())
    nodes = by_id(elements)
    assert nodes["ppt"]["color"]["background"] != nodes["bup"]["color"]["background"]
    legend = {item["label"]: item["color"] for item in elements.legend}
    for sector in SECTORS:  # the example map has an actor in every sector
        assert legend[label("sector", sector)] == SECTOR_COLOURS[sector]
    assert "Forum på systemnivå" in legend and "Relasjon, formalisert" in legend


def test_weak_memberships_and_informal_relations_are_dashed_formal_ones_solid():
    edges = {e["id"]: e for e in map_elements(example_map()).edges}
    assert edges["m:tverrfaglig|bup"]["dashes"]
    assert not edges["m:tverrfaglig|ppt"].get("dashes")
    assert not edges["r:skole|ppt|henvisning"].get("dashes")
    assert edges["r:vgs|ot|informasjon"]["dashes"]
    assert edges["r:skole|ppt|henvisning"]["color"] != edges["m:tverrfaglig|ppt"]["color"]


def test_the_actor_view_links_actors_who_share_a_standing_forum_or_a_relation():
    edges = {e["id"]: e for e in map_elements(example_map(), view="actors").edges}
    assert all(e["kind"] == "link" for e in edges.values())
    assert "l:ppt|skole" in edges and not edges["l:ppt|skole"].get("dashes")  # agreement in force
    assert edges["l:bup|skole"]["dashes"]  # bup is only ved_behov in tverrfaglig: weak
    assert "Felles fora" in edges["l:ppt|skole"]["title"] and "Tverrfaglig team skole" in edges["l:ppt|skole"]["title"]


def test_sector_filter_hides_other_sectors_and_forums_left_without_members():
    elements = map_elements(example_map(), filters=MapFilters(sectors={"kultur"}))
    ids = set(by_id(elements))
    assert ids == {"kulturskole", "ungdomsklubb", "hostile-forum", "slt-gruppe"}


def test_municipality_level_type_and_age_filters_keep_only_what_matches():
    cmap = example_map()
    in_fjordvik = set(by_id(map_elements(cmap, filters=MapFilters(municipalities={"Fjordvik"}))))
    assert "vgs" not in in_fjordvik and "bup" not in in_fjordvik and "ppt" in in_fjordvik
    individ = by_id(map_elements(cmap, filters=MapFilters(level="individ")))
    assert {n for n, v in individ.items() if v["kind"] == "forum"} == {"tverrfaglig", "ansvarsgruppe", "ungdomsteam"}
    assert "kulturskole" not in individ  # no link left at individual level
    networks = by_id(map_elements(cmap, filters=MapFilters(forum_types={"nettverk"})))
    assert {n for n, v in networks.items() if v["kind"] == "forum"} == {"rus-nettverk"}
    small = by_id(map_elements(cmap, filters=MapFilters(ages=(0, 4))))
    assert "barnehage" in small and "nav" not in small and "ungdomsteam" not in small


def test_on_demand_members_can_be_hidden():
    shown = {e["id"] for e in map_elements(example_map()).edges}
    hidden = {e["id"] for e in map_elements(example_map(), filters=MapFilters(show_on_demand_members=False)).edges}
    assert "m:tverrfaglig|bup" in shown and "m:tverrfaglig|bup" not in hidden
    assert "m:tverrfaglig|ppt" in hidden


def test_focus_shows_the_neighbourhood_of_one_actor():
    one_step = set(by_id(map_elements(example_map(), filters=MapFilters(focus="politi", radius=1))))
    # Politiet sits in SLT and the rus network; one step = those forums and their members.
    assert one_step == {"politi", "slt-gruppe", "rus-nettverk", "slt", "barnevern", "ungdomsklubb", "skole",
                        "hostile", "psyk", "nav", "frivillig", "ungdomsrad"}
    two_steps = set(by_id(map_elements(example_map(), filters=MapFilters(focus="politi", radius=2))))
    assert one_step < two_steps
    assert map_elements(example_map(), filters=MapFilters(focus="finnes-ikke")).nodes == []


def test_highlighted_nodes_get_a_thick_border_and_the_rest_fade():
    nodes = by_id(map_elements(example_map(), highlight={"ppt", "skole"}))
    assert nodes["ppt"]["borderWidth"] > nodes["nav"]["borderWidth"]
    assert nodes["nav"]["color"]["background"] != SECTOR_COLOURS["velferd"]
    assert nodes["ppt"]["color"]["background"] == SECTOR_COLOURS["oppvekst"]


def test_size_follows_the_chosen_measure():
    by_hours = by_id(map_elements(example_map(), size_by="hours"))
    # NAV leads the weekly youth team; Fastlegene sits in no standing forum.
    assert by_hours["nav"]["size"] > by_hours["fastlege"]["size"]
    by_links = by_id(map_elements(example_map(), size_by="connections"))
    assert by_links["skole"]["size"] > by_links["fastlege"]["size"]
    by_id(map_elements(example_map(), size_by="betweenness"))
    with pytest.raises(ValueError, match="size_by"):
        map_elements(example_map(), size_by="colour")


def test_the_layout_is_the_same_for_the_same_input():
    first = map_elements(example_map()).positions
    assert map_elements(example_map()).positions == first
    assert compute_layout(["a", "b", "c"], [("a", "b")], seed=3) == compute_layout(
        ["a", "b", "c"], [("a", "b")], seed=3
    )


@pytest.mark.parametrize("view", ["two_mode", "actors"])
@pytest.mark.parametrize("example", ["siljan-for", "siljan-etter", "nordre-land-for", "nordre-land-etter",
                                     "finnmark-0-24"])
def test_the_example_maps_keep_labels_apart_and_fit_the_apps_frame_with_labels_of_12_px(example, view):
    from samhandling.io import load_map
    from samhandling.maps.labels import FONT, label_box

    nodes = map_elements(load_map(Path(__file__).resolve().parents[1] / "data" / f"{example}.yaml").map,
                         view=view).nodes
    boxes = []
    for n in nodes:
        w, h, top = label_box(n["label"], n["size"])
        boxes.append((n["x"] - w / 2, n["y"] - top, n["x"] + w / 2, n["y"] - top + h))
    clashes = [(nodes[i]["label"], nodes[j]["label"])
               for i, a in enumerate(boxes) for j, b in enumerate(boxes)
               if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert clashes == []
    # The app's map at 1280×720 is 565 px wide (it grows taller as needed): fitted to that
    # width, a label of FONT is drawn at 12 px or more.
    width = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    assert (565 - 12) / width * FONT >= 12


def test_a_long_name_is_drawn_on_lines_without_its_brackets_and_never_cut():
    from samhandling.maps.labels import label_lines, short_names

    names = {"a": "Helsestasjon og skolehelsetjeneste, Kautokeino (Guovdageainnu suohkan)",
             "b": "Barnehage (Loppedåpan)", "c": "Barnehage (Sagaenga)", "d": "PPT"}
    short = short_names(names)
    assert short == {"a": "Helsestasjon og skolehelsetjeneste, Kautokeino",
                     "b": "Barnehage (Loppedåpan)", "c": "Barnehage (Sagaenga)", "d": "PPT"}
    assert label_lines(short["a"]) == "Helsestasjon og\nskolehelsetjeneste,\nKautokeino"
    assert label_lines("PPT") == "PPT"
    assert "…" not in "".join(label_lines(name) for name in names.values())


def test_saved_positions_keep_the_workshops_arrangement():
    cmap = example_map()
    placed = {a.id: (float(i * 300), float((i % 3) * 200)) for i, a in enumerate(cmap.actors)}
    placed |= {f.id: (float(i * 300), 900.0) for i, f in enumerate(cmap.forums)}
    drawn = map_elements(cmap, positions=placed)
    assert {n["id"]: (n["x"], n["y"]) for n in drawn.nodes} == placed


def test_adding_one_node_does_not_move_the_others_and_places_it_near_its_neighbours():
    cmap = example_map()
    before = map_elements(cmap)
    from samhandling.model import Actor, Membership

    grown = cmap.with_changes(actors=cmap.actors + (Actor("tannhelse", "Tannhelsetjenesten", sector="helse"),),
                              memberships=cmap.memberships + (Membership("oppvekstforum", "tannhelse"),))
    after = map_elements(grown, positions=before.positions)
    moved = max(math.dist(before.positions[k], after.positions[k]) for k in before.positions)
    assert moved < 1.0
    new = after.positions["tannhelse"]
    distances = sorted(math.dist(new, p) for k, p in before.positions.items())
    assert math.dist(new, before.positions["oppvekstforum"]) <= distances[len(distances) // 3]


def test_big_maps_are_grouped_per_kommune_and_a_group_can_be_opened():
    cmap = ring_map(400, municipalities=4)
    elements = map_elements(cmap, group_above=300)
    assert elements.groups == ("Kommune 0", "Kommune 1", "Kommune 2", "Kommune 3")
    groups = [n for n in elements.nodes if n["kind"] == "group"]
    assert len(elements.nodes) == 4 and all(re.search(r"\(\d+\)$", n["label"]) for n in groups)
    assert sum(int(re.search(r"\((\d+)\)$", n["label"]).group(1)) for n in groups) == 600
    assert "gruppert per kommune" in elements.caption
    opened = map_elements(cmap, group_above=300, expand={"group:Kommune 1"})
    kinds = [n["kind"] for n in opened.nodes]
    assert kinds.count("group") == 3 and kinds.count("actor") == 100
    assert not map_elements(ring_map(40)).groups


def test_without_kommune_groups_follow_the_sector():
    cmap = ring_map(60)
    cmap = cmap.with_changes(actors=tuple(a.__class__(a.id, a.name, sector=a.sector) for a in cmap.actors))
    groups = {n["label"].split(" (")[0] for n in map_elements(cmap, group_above=10).nodes}
    assert groups == {"Oppvekst", "Helse", "Velferd"}


def test_the_diff_colours_added_removed_and_changed_and_keeps_removed_in_place():
    from samhandling.model import Actor, Membership

    before = example_map()
    after = before.with_changes(
        actors=tuple(a for a in before.actors if a.id != "fastlege")
        + (Actor("tannhelse", "Tannhelsetjenesten", sector="helse"),),
        memberships=tuple(m for m in before.memberships if m.actor != "fastlege")
        + (Membership("oppvekstforum", "tannhelse"),),
    )
    after = after.with_changes(actors=tuple(
        a if a.id != "ppt" else a.__class__(**{**a.__dict__, "name": "PP-tjenesten"}) for a in after.actors))
    elements = diff_elements(before, after)
    nodes, edges = by_id(elements), {e["id"]: e for e in elements.edges}
    assert nodes["tannhelse"]["color"]["background"] == "#009E73"
    assert nodes["fastlege"]["shapeProperties"]["borderDashes"]
    assert nodes["ppt"]["color"]["background"] == "#E69F00"
    assert nodes["skole"]["color"]["background"] == "#DADADA"
    assert edges["m:ansvarsgruppe|fastlege"]["dashes"]
    assert {item["label"] for item in elements.legend} >= {"Ny", "Fjernet", "Endret", "Uendret"}
    page = render_diff_html(before, after)
    assert not URL_IN_ATTRIBUTE.search(page) and "Før og etter" in page


def test_rendering_does_not_import_pyvis():
    code = ("import sys; sys.path.insert(0, 'tests'); from test_maps import example_map; "
            "from samhandling.maps import render_map_html; render_map_html(example_map()); "
            "assert 'pyvis' not in sys.modules and 'streamlit' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_the_map_draws_offline_in_a_real_browser_and_hostile_labels_do_not_run(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("needs /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "kart.html"
    page_file.write_text(render_map_html(example_map(), title=HOSTILE_NAMES[1]), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    left: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})

            def route(r):
                url = r.request.url
                if url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    left.append(url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_function("window.__mapDrawn === true", timeout=15000)
            size = page.evaluate("(() => { const c = document.querySelector('#map canvas');"
                                 " return c ? [c.width, c.height] : [0, 0]; })()")
            # Hover the actor with the hostile name: its tooltip must show the text, not run it.
            x, y = page.evaluate(
                "(() => { const n = window.samhandlingMap.network;"
                " const k = window.samhandlingMap.key('hostile');"
                " const p = n.canvasToDOM(n.getPositions([k])[k]);"
                " const r = document.getElementById('map').getBoundingClientRect();"
                " return [p.x + r.left, p.y + r.top]; })()")
            page.mouse.move(x, y)
            page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
            tooltip = page.inner_text("div.vis-tooltip")
            page.screenshot(path=str(ARTIFACTS / "map_example.png"))
            pwned = page.evaluate("window.__pwned")
            legend = page.inner_text("#legend")
            title = page.inner_text("h1")
        finally:
            browser.close()
    assert left == [], f"requests left the page: {left}"
    assert errors == []
    assert size[0] > 0 and size[1] > 0
    assert pwned is None
    assert "Oppvekst" in legend and "Forum på systemnivå" in legend
    assert title == HOSTILE_NAMES[1]
    assert tooltip.startswith(HOSTILE_NAMES[0]) and HOSTILE_NAMES[1] in tooltip


def test_a_relation_whose_type_changed_is_drawn_once_as_changed_not_as_new_and_removed():
    from dataclasses import replace

    before = example_map()
    first = before.relations[0]
    after = before.with_changes(relations=(replace(first, type="henvisning" if first.type != "henvisning"
                                                   else "samarbeid"), *before.relations[1:]))
    edges = {e["id"]: e for e in diff_elements(before, after).edges}
    pair = f"r:{first.source}|{first.target}|"
    assert [key for key in edges if key.startswith(pair)] == [pair + after.relations[0].type]
    assert edges[pair + after.relations[0].type]["color"] == "#8F6300"  # changed (amber line)


def test_a_wider_frame_gets_a_wider_layout_of_the_same_map():
    from samhandling.io import load_map

    cmap = load_map(Path(__file__).resolve().parents[1] / "data" / "finnmark-0-24.yaml").map

    def width_to_height(**kwargs):
        xs, ys = zip(*map_elements(cmap, **kwargs).positions.values(), strict=True)
        return (max(xs) - min(xs)) / (max(ys) - min(ys))

    assert width_to_height(aspect=2.0) > 1.5 * width_to_height()


def test_the_page_inlines_our_vis_network_build_the_version_the_lock_file_pins():
    # vendor/vis-network builds assets/vis/vis-network.min.js from the pinned packages: the
    # modern build with its peers and no polyfills (a third smaller than pyvis' 9.1.2 file,
    # and it starts in a quarter of the time).
    from samhandling.maps.page import vis_network_file

    root = Path(__file__).resolve().parent.parent
    lock = json.loads((root / "vendor" / "vis-network" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/vis-network"]["version"]
    code = vis_network_file().read_text(encoding="utf-8")
    assert re.findall(r"vis-network/esnext/esm/vis-network\.mjs:\s*\(\*\*\s*\* vis-network.*?@version (\S+)", code,
                      re.S) == [pinned]
    assert "core-js" not in code and code.rstrip().endswith("globalThis.vis=vis;")
    assert len(code) < 400_000
    assert code in render_map_html(example_map())
