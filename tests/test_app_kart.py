"""AppTest checks of the Kart page: it draws the example map and a click opens the panel."""

from __future__ import annotations

from pathlib import Path

from test_app_kart_helpers import component_data, open_page, texts

NET_KEY = "kart.network"


def test_kart_page_draws_the_example_map_without_errors(repo_root: Path) -> None:
    at = open_page("kart")
    assert not at.exception
    assert not at.error
    data = component_data(at, NET_KEY)
    assert len(data["nodes"]) > 5
    assert data["legend"], "the map needs a legend"
    assert all(set(n) <= {"id", "label", "title", "shape", "color", "x", "y", "size", "value",
                          "borderWidth", "opacity", "font", "shapeProperties"} for n in data["nodes"])


def test_clicking_a_node_shows_its_panel(repo_root: Path) -> None:
    at = open_page("kart")
    data = component_data(at, NET_KEY)
    actor = next(n for n in data["nodes"] if n.get("shape") == "dot")
    at.session_state[NET_KEY] = {"selected": actor["id"]}
    at.run()
    assert not at.exception
    assert "Klikk på en aktør" not in texts(at)
    assert any("Fora og roller" in str(m.value) for m in at.markdown)
    assert component_data(at, NET_KEY)["selected"] == actor["id"]


def _big_map():
    """Two municipalities of 200 actors each, every ten in one forum: 440 nodes."""
    from samhandling.model import Actor, CollaborationMap, Forum, Membership

    actors, forums, members = [], [], []
    for kommune in ("Ås", "Bø"):
        for i in range(200):
            name = f"Tjeneste {i} {kommune}"
            actors.append(Actor(f"{kommune}-a{i}", name, sector="helse", municipality=kommune))
        for j in range(20):
            forums.append(Forum(f"{kommune}-f{j}", f"Forum {j} {kommune}"))
            members += [Membership(f"{kommune}-f{j}", f"{kommune}-a{j * 10 + k}") for k in range(10)]
    return CollaborationMap(actors=tuple(actors), forums=tuple(forums), memberships=tuple(members))


def test_a_big_map_is_grouped_and_a_click_on_a_group_opens_it(repo_root: Path) -> None:
    from samhandling.store import Store

    Store().create_map("Stort kart", _big_map())
    at = open_page("kart", map_name="Stort kart")
    assert not at.exception
    nodes = component_data(at, NET_KEY)["nodes"]
    assert sorted(n["id"] for n in nodes) == ["group:Bø", "group:Ås"]

    at.session_state[NET_KEY] = {"selected": "group:Ås"}
    at.run()
    assert not at.exception
    ids = {n["id"] for n in component_data(at, NET_KEY)["nodes"]}
    assert "group:Bø" in ids and "group:Ås" not in ids
    assert "Ås-a0" in ids and "Bø-a0" not in ids


def test_searching_an_actor_focuses_the_map_on_its_neighbourhood_and_selects_it(repo_root: Path) -> None:
    at = open_page("kart")
    all_nodes = component_data(at, NET_KEY)["nodes"]
    at.selectbox(key="kart.focus").set_value("nav").run()
    assert not at.exception
    data = component_data(at, NET_KEY)
    assert 1 < len(data["nodes"]) < len(all_nodes)
    assert data["selected"] == "nav"
    assert any("Fora og roller" in str(m.value) for m in at.markdown)


def test_node_data_from_a_file_cannot_load_images_or_inject_markdown() -> None:
    from samhandling.ui.components.network import clean_edge, clean_legend, clean_node
    from samhandling.ui.components.text import plain

    node = clean_node({"id": "x", "label": "<img src=x>", "shape": "image", "image": "http://evil/x.png",
                       "color": "url(http://evil)", "title": "<b>hei</b>"})
    assert node == {"id": "x", "label": "<img src=x>", "title": "<b>hei</b>"}
    edge = clean_edge({"from": "a", "to": "b", "color": "javascript:alert(1)", "label": "ok"})
    assert "color" not in edge
    assert clean_legend([{"label": "L", "color": "red;background:url(x)", "symbol": "image"}]) == [
        {"label": "L", "color": "#cccccc", "shape": "dot"}
    ]
    assert plain("![x](http://evil/p.png)") == "\\!\\[x\\]\\(http\\:\u2060\\/\\/evil\\/p\\.png\\)"


def test_a_big_map_finds_its_focus_by_name_and_lists_several_matches_to_pick_from(repo_root: Path) -> None:
    from samhandling.store import Store
    from samhandling.ui.kart import FOCUS_LIST_MAX

    Store().create_map("Stort kart", _big_map())
    at = open_page("kart", map_name="Stort kart")
    assert len(_big_map().actors) + len(_big_map().forums) > FOCUS_LIST_MAX
    assert not [s for s in at.selectbox if s.key == "kart.focus"]  # no list of 440 names
    at.text_input(key="kart.focus.query").input("tjeneste 17 ås").run()  # Enter; any case
    assert not at.exception
    data = component_data(at, NET_KEY)
    assert data["selected"] == "Ås-a17"
    shown = {n["id"] for n in data["nodes"]}
    assert {"Ås-a17", "Ås-f1"} <= shown and len(shown) == 11  # its forum and the forum's members

    at.text_input(key="kart.focus.query").input("Tjeneste 19").run()  # 19 and 190–199 in both
    pick = at.selectbox(key="kart.focus.pick")
    assert len(pick.options) == 22 and pick.label == "Velg blant 22 treff"
    assert pick.options[:2] == ["Tjeneste 19 Bø", "Tjeneste 19 Ås"]
    pick.set_value("Bø-a19").run()
    shown = {n["id"] for n in component_data(at, NET_KEY)["nodes"]}
    assert {"Bø-a19", "Bø-f1"} <= shown and len(shown) == 11

    at.text_input(key="kart.focus.query").input("Tjeneste").run()
    assert at.caption[0].value == "400 treff: skriv mer av navnet."
    at.text_input(key="kart.focus.query").input("").run()  # an empty field: the whole map again
    assert sorted(n["id"] for n in component_data(at, NET_KEY)["nodes"]) == ["group:Bø", "group:Ås"]


def test_the_filters_are_made_when_opened_and_keep_their_values_while_closed(repo_root: Path) -> None:
    from test_app_kart_helpers import open_filters

    at = open_page("kart")
    assert not at.main.multiselect and not at.main.slider  # a closed expander sends no widget
    all_nodes = {n["id"] for n in component_data(at, NET_KEY)["nodes"]}
    at = open_filters(at)
    at.multiselect(key="kart.f_sector").set_value(["helse"]).run()
    at.slider(key="kart.f_ages").set_value((6, 16)).run()
    assert at.main.expander[0].label == "Filtre (2 aktive)"
    filtered = {n["id"] for n in component_data(at, NET_KEY)["nodes"]}
    assert filtered and filtered < all_nodes and "nav" not in filtered

    at.session_state["kart.filters"] = False  # closed: the widgets go, the filters stay
    at.run()
    assert not at.exception and not at.main.multiselect
    assert at.main.expander[0].label == "Filtre (2 aktive)"
    assert {n["id"] for n in component_data(at, NET_KEY)["nodes"]} == filtered

    # Opened again: the widgets show what is on. (AppTest keeps the closed expander's own state
    # over a state set through the API on the first run after it; a browser sends the click.)
    at = open_filters(open_filters(at))
    assert at.multiselect(key="kart.f_sector").value == ["helse"]
    assert at.slider(key="kart.f_ages").value == (6, 16)
    assert {n["id"] for n in component_data(at, NET_KEY)["nodes"]} == filtered


def test_the_page_asks_the_browser_for_the_maps_code_first(repo_root: Path) -> None:
    import streamlit as st

    from samhandling.ui.kart_present import map_code_file

    name = map_code_file()
    assert name is not None and (Path(st.__file__).parent / "static" / "static" / "js" / name).is_file()
    at = open_page("kart")
    first = at.main[0]  # the page's first element: its style and the early fetch
    assert first.type == "html" and f'"{name}"' in first.proto.body
    # ... and of vis-network, from this server's file route for components
    assert '"component/samhandling.ui.components.network.vis/vis-network.min.js"' in first.proto.body
