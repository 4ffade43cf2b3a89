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
