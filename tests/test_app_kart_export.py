"""Kart: the picture as shown exports to a slide PNG and the offline HTML page; Presentasjon.

The downloads are made when clicked (deferred); these tests catch the function each
button registers and assert on the bytes it gives.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable

import pytest
from map_page import page_data
from streamlit.runtime.media_file_manager import MediaFileManager
from test_app_kart_helpers import component_data, open_filters

from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership
from samhandling.store import Store

NET_KEY = "kart.network"
URL_IN_ATTRIBUTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str | None, Callable[[], bytes]]]:
    """``{file name: (mime type, the function its button calls when clicked)}``, filled as the app runs."""
    caught: dict[str, tuple[str | None, Callable[[], bytes]]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        caught[str(file_name)] = (mimetype, data_callable)
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return caught


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def _colours(data: bytes) -> set[str]:
    """The colours of the PNG's pixels as ``#rrggbb``."""
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(data), format="png")
    rgb = (pixels[..., :3] * 255).round().astype("uint8").reshape(-1, 3)
    return {"#{:02X}{:02X}{:02X}".format(*row) for row in {tuple(p) for p in rgb.tolist()}}


def _html_nodes(page: str) -> dict[str, dict]:
    """The nodes the offline page draws (its data block is JSON)."""
    return {n["id"]: n for n in page_data(page)["nodes"]}  # unpacked as the page does (tests/map_page.py)


def _file(downloads: dict, suffix: str) -> tuple[str, bytes]:
    names = [name for name in downloads if name.endswith(suffix)]
    assert len(names) == 1, f"one {suffix} download expected, got {sorted(downloads)}"
    mime, make = downloads[names[0]]
    return names[0], make()


def test_the_filtered_view_downloads_as_a_slide_png_in_the_legend_colours(app, downloads):
    at = open_filters(app())
    at.multiselect(key="kart.f_sector").set_value(["helse"])
    at = at.run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert {"Last ned bilde (PNG)", "Last ned som nettside (HTML)"} <= set(labels)
    name, png = _file(downloads, ".png")
    assert name == "siljan-kommune-før-pilot-i-eget-liv-pil.png"
    assert downloads[name][0] == "image/png"
    width, height = _png_size(png)
    assert width >= 1920 and height >= 1080
    colours = _colours(png)
    assert "#CC6677" in colours  # helse, as in the map's legend
    assert "#88CCEE" not in colours  # oppvekst is filtered out, in the legend too


def test_the_filtered_view_downloads_as_an_offline_html_page_with_its_nodes(app, downloads):
    at = open_filters(app())
    at.multiselect(key="kart.f_sector").set_value(["helse"])
    at = at.run()
    shown = {n["id"] for n in component_data(at, NET_KEY)["nodes"]}
    name, raw = _file(downloads, ".html")
    page = raw.decode("utf-8")
    assert name == "siljan-kommune-før-pilot-i-eget-liv-pil.html"
    assert set(_html_nodes(page)) == shown
    assert "nav" not in shown  # NAV is velferd: not in the filtered view, not in the file
    assert not URL_IN_ATTRIBUTE.search(page)
    assert "connect-src 'none'" in page or "default-src 'none'" in page


def test_export_file_names_keep_the_sami_letters_of_the_map_name(app, downloads):
    cmap = CollaborationMap(
        actors=(Actor("a", "Mánáidgárdi", sector="oppvekst"), Actor("b", "Dearvvašvuođaguovddáš", sector="helse")),
        forums=(Forum("f", "Ovttasbargu"),),
        memberships=(Membership("f", "a"), Membership("f", "b")),
        info=MapInfo(title="Kárášjohka ovttasbargu"),
    )
    Store().create_map("Kárášjohka ŋ-čoahkkin", cmap)
    at = app(kart="Kárášjohka ŋ-čoahkkin")
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "Kárášjohka ŋ-čoahkkin"
    name, png = _file(downloads, ".png")
    assert name == "kárášjohka-ŋ-čoahkkin.png"
    assert _png_size(png) >= (1920, 1080)
    name, page = _file(downloads, ".html")
    assert name == "kárášjohka-ŋ-čoahkkin.html"
    assert "Dearvvašvuođaguovddáš" in page.decode("utf-8")


def test_a_dragged_node_is_where_it_was_put_in_the_exported_html_and_png(app, downloads, db_path):
    at = app()
    at.session_state[NET_KEY] = {"selected": None, "dragged": {"nav": [812.0, -433.0]}}
    at = at.run()
    assert not at.exception
    assert any(str(c.value).startswith("Versjon 2") for c in at.sidebar.caption)  # saved, and the sidebar says so
    fresh = app(kart=at.sidebar.selectbox[0].value)  # a reload
    on_screen = {n["id"]: (n["x"], n["y"]) for n in component_data(fresh, NET_KEY)["nodes"]}
    downloads.clear()
    fresh.run()
    _, raw = _file(downloads, ".html")
    in_file = {i: (n["x"], n["y"]) for i, n in _html_nodes(raw.decode("utf-8")).items()}
    assert in_file == on_screen
    assert on_screen["nav"] == (812.0, -433.0)


def test_presentasjon_opens_from_the_url_and_the_switch_goes_back(app):
    at = app(vis="presentasjon")
    assert not at.exception
    assert at.toggle(key="kart.present").value is True
    assert component_data(at, NET_KEY)["height"] > 1000  # as tall as the window lets it
    styles = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '[data-testid="stSidebar"]' in styles and "display: none" in styles

    at.toggle(key="kart.present").set_value(False)
    at = at.run()
    assert not at.exception
    assert "vis" not in at.query_params
    assert component_data(at, NET_KEY)["height"] == 600
    styles = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert '[data-testid="stSidebar"]' not in styles


def test_switching_presentasjon_on_keeps_it_in_the_url(app):
    at = app()
    assert at.toggle(key="kart.present").value is False
    at.toggle(key="kart.present").set_value(True)
    at = at.run()
    assert not at.exception
    assert at.query_params["vis"] == ["presentasjon"] or at.query_params["vis"] == "presentasjon"
    assert component_data(at, NET_KEY)["height"] > 1000


def test_a_dragged_node_is_where_it_was_put_in_gephi_files_and_in_the_brief(app, db_path):
    import xml.etree.ElementTree as ET

    from samhandling.io.exchange import export_bytes
    from samhandling.report.figures import brief_positions

    at = app()
    name = at.sidebar.selectbox[0].value
    forum = next(n["id"] for n in component_data(at, NET_KEY)["nodes"] if n.get("shape") in ("square", "diamond"))
    at.session_state[NET_KEY] = {"selected": None, "dragged": {"nav": [812.0, -433.0], forum: [-640.0, 250.0]}}
    at = at.run()
    assert not at.exception
    cmap, _ = Store(db_path).load(name)

    gexf = ET.fromstring(export_bytes(cmap, "gexf"))
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    nav = next(n for n in gexf.iterfind(".//g:node", ns) if n.get("id") == "nav")
    position, colour = nav.find("viz:position", ns), nav.find("viz:color", ns)
    assert (float(position.get("x")), float(position.get("y"))) == (812.0, 433.0)  # Gephi's y points up
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == ("221", "204", "119")  # velferd, as on the map

    graphml = ET.fromstring(export_bytes(cmap, "graphml"))
    gns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in graphml.iterfind("g:key", gns)}
    node = next(n for n in graphml.iterfind(".//g:node", gns) if n.get("id") == "nav")
    values = {keys[d.get("key")]: d.text for d in node.iterfind("g:data", gns)}
    assert (float(values["x"]), float(values["y"])) == (812.0, 433.0)

    drawn = brief_positions(cmap)  # the leader brief's map (matplotlib: y up)
    assert drawn["nav"] == (812.0, 433.0)
    assert drawn[f"forum:{forum}"] == (-640.0, -250.0)  # forums too, not laid out afresh
