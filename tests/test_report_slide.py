"""The map as shown, drawn as a 1920×1080 slide (report/slide.py)."""

from __future__ import annotations

import io
import struct

from samhandling.maps import map_elements
from samhandling.model import Actor, CollaborationMap, Forum, Membership
from samhandling.report.slide import LABEL_POINTS, SLIDE_PIXELS, view_png


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def _colours(png: bytes) -> set[str]:
    from matplotlib.image import imread

    pixels = (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype("uint8").reshape(-1, 3)
    return {"#{:02X}{:02X}{:02X}".format(*p) for p in {tuple(row) for row in pixels.tolist()}}


def _sami_map() -> CollaborationMap:
    return CollaborationMap(
        actors=(Actor("a", "Mánáidgárdi $x$ – čđŋšŧž", sector="oppvekst"), Actor("b", "Dearvvašvuođaguovddáš",
                                                                                   sector="helse")),
        forums=(Forum("f", "Ovttasbargu", level="individ"),),
        memberships=(Membership("f", "a"), Membership("f", "b", "ved_behov")),
    )


def test_a_slide_is_1920_by_1080_with_labels_of_at_least_12_points_in_the_legend_colours():
    elements = map_elements(_sami_map())
    png = view_png(elements.nodes, elements.edges, elements.legend, title="Kárášjohka", caption="Alle")
    assert _size(png) == SLIDE_PIXELS == (1920, 1080)
    assert LABEL_POINTS >= 12
    colours = _colours(png)
    assert {"#88CCEE", "#CC6677"} <= colours  # oppvekst and helse, as in the map's legend


def test_an_empty_picture_is_still_a_slide():
    assert _size(view_png([], [], [], title="Tomt kart")) == (1920, 1080)


def test_a_grouped_map_is_drawn_with_its_group_nodes():
    actors = tuple(Actor(f"a{i}", f"Tjeneste {i}", sector="helse", municipality=("Ås", "Bø")[i % 2])
                   for i in range(40))
    cmap = CollaborationMap(actors=actors, forums=(Forum("f", "Forum"),),
                            memberships=tuple(Membership("f", a.id) for a in actors))
    elements = map_elements(cmap, group_above=10)
    assert any(n["id"].startswith("group:") for n in elements.nodes)
    assert _size(view_png(elements.nodes, elements.edges, elements.legend)) == (1920, 1080)
