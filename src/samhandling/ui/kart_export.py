"""Export the Kart picture as shown: a PNG for a slide and the offline HTML page.

Both are made when the button is clicked (deferred downloads), from the same
picture the page shows: the map's view, filters, focus, open groups and the
positions on screen (with the layout saved with the map). The PNG is drawn on the
server with matplotlib (:func:`samhandling.report.slide.view_png`); the HTML page
is :func:`samhandling.maps.render_map_html`, the page ``samhandling map`` writes.
File names carry the map's name (letters of every language kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from samhandling import maps
from samhandling.i18n import t
from samhandling.model import CollaborationMap
from samhandling.ui.editing import slug_id
from samhandling.ui.later import later

__all__ = ["export_buttons", "png_bytes", "html_bytes", "file_stem"]


def file_stem(name: str) -> str:
    """The start of an export's file name: the map's name as an id (``Kárášjohka`` -> ``kárášjohka``)."""
    return slug_id(name)


def png_bytes(cmap: CollaborationMap, title: str, picture: Mapping[str, Any]) -> bytes:
    """The picture (``map_elements`` arguments) as a 1920×1080 PNG."""
    from samhandling.report.slide import view_png

    elements = maps.map_elements(cmap, **picture)
    names = {a.id: a.name for a in cmap.actors} | {f.id: f.name for f in cmap.forums}
    return view_png(elements.nodes, elements.edges, elements.legend, title=title, caption=elements.caption,
                    names=names)


def html_bytes(cmap: CollaborationMap, title: str, picture: Mapping[str, Any]) -> bytes:
    """The picture (``map_elements`` arguments) as the offline HTML page, UTF-8."""
    return maps.render_map_html(cmap, title=title, **picture).encode("utf-8")


def export_buttons(cmap: CollaborationMap, name: str, title: str, picture: Mapping[str, Any]) -> None:
    """Two download buttons: the picture as PNG and as the offline HTML page.

    ``picture`` holds the :func:`samhandling.maps.map_elements` arguments of what
    the page shows (view, size, filters, positions, open groups), without the
    highlight of a selected node.
    """
    frozen = dict(picture)
    if isinstance(frozen.get("positions"), Mapping):
        frozen["positions"] = dict(frozen["positions"])  # as on screen now, not after later drags
    stem = file_stem(name)
    left, right = st.columns(2)
    left.download_button(
        t("ui_kart.export.png"), data=later(png_bytes, cmap, title, frozen), file_name=f"{stem}.png",
        mime="image/png", key="kart.export.png", on_click="ignore", icon=":material/image:",
        help=t("ui_kart.export.png_help"), width="stretch",
    )
    right.download_button(
        t("ui_kart.export.html"), data=later(html_bytes, cmap, title, frozen), file_name=f"{stem}.html",
        mime="text/html", key="kart.export.html", on_click="ignore", icon=":material/download:",
        help=t("ui_kart.export.html_help"), width="stretch",
    )
