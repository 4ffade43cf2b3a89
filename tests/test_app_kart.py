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
