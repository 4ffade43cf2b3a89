"""One self-contained, offline HTML page per picture.

The page is ``assets/map.html`` (package data) with its placeholders filled:
vis-network inlined, the data as escaped JSON, and a Content-Security-Policy that
forbids any network use. vis-network is our own build of it in ``assets/vis/``
(``vendor/vis-network/``: its modern build with its peers, no polyfills); pyvis is
never imported (its template is neither offline nor injection-safe, ``pitfalls.md`` §1–3).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from samhandling.gcpause import without_gc
from samhandling.i18n import language
from samhandling.maps.diff import diff_elements
from samhandling.maps.elements import MapElements, packed_elements
from samhandling.maps.expandable import group_details
from samhandling.maps.text import _LANGUAGE, _t
from samhandling.model import CollaborationMap

__all__ = ["render_elements_html", "render_map_html", "render_diff_html", "vis_network_file", "drawn_box_js"]

_PLACEHOLDER = re.compile(r"%%([A-Z_]+)%%")


def vis_network_file() -> Path:
    """vis-network's minified JS (``assets/vis/vis-network.min.js``, built by ``vendor/vis-network``).

    The app serves this file to the browser (``ui/components/network.py``); the offline
    page inlines it. It sets ``globalThis.vis`` (``Network``, ``DataSet``, ``DataView``).
    """
    return Path(str(resources.files("samhandling") / "assets" / "vis" / "vis-network.min.js"))


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    return vis_network_file().read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def drawn_box_js() -> str:
    """``drawnBox(network, id)``: a node's box with its label, for a fit (``assets/drawn_box.js``).

    The offline page and the app's map component (``ui/components/network.py``) both fit to it.
    """
    return (resources.files("samhandling") / "assets" / "drawn_box.js").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> str:
    return (resources.files("samhandling") / "assets" / "map.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template_parts() -> tuple[str, ...]:
    """The template split at its placeholders: text, name, text, name, ..., text."""
    return tuple(_PLACEHOLDER.split(_template()))


# Characters that must not appear raw inside <script>. (U+2028/2029 need no escape: the data
# is read with JSON.parse, never run as JavaScript.)
_SCRIPT_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


def _script_json(data: Any) -> bytes:
    """UTF-8 JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    Raises ``TypeError`` for anything that is not plain JSON data (NaN is written as ``null``).
    """
    try:
        raw = orjson.dumps(data)
    except orjson.JSONEncodeError as err:
        raise TypeError(f"map data is not plain JSON: {err}") from None
    for char, escape in _SCRIPT_ESCAPES:
        raw = raw.replace(char, escape)
    return raw


def render_elements_html(elements: MapElements, *, title: str = "", detail: dict[str, Any] | None = None) -> str:
    """Return one self-contained, offline HTML page that draws ``elements``.

    vis-network is inlined; the data sits in a ``<script type="application/json">``
    with ``<``, ``>`` and ``&`` escaped; the legend is built with ``textContent``;
    a Content-Security-Policy allows only the page's own two scripts (by nonce),
    inline styles and ``data:`` images, so nothing can be fetched or sent.
    ``detail`` (from :func:`~samhandling.maps.expandable.group_details`) lets a
    click open a group.
    """
    _LANGUAGE[0] = language()
    title = title or _t("maps.page.default_title")
    data = _script_json(
        {
            "nodes": elements.nodes,
            "edges": elements.edges,
            "legend": elements.legend,
            "caption": elements.caption,
            "legendHeading": _t("maps.page.legend_heading"),
            "big": len(elements.nodes) > 500,
            # The tables packed nodes and edges refer to (packed_elements).
            **({"packed": elements.packed} if elements.packed else {}),
            **({"detail": detail} if detail else {}),
        }
    )
    # Derived from the content: stable output, and no label can predict it (it hashes itself).
    nonce = base64.b64encode(hashlib.sha256(data).digest()[:18]).decode("ascii")
    values = {
        "NONCE": nonce,
        "TITLE": html.escape(title),
        "NOSCRIPT": html.escape(_t("maps.page.noscript")),
        "DATA": data.decode("utf-8"),
        "VIS_JS": _vis_network_js(),
        "DRAWN_BOX_JS": drawn_box_js(),
    }
    parts = _template_parts()
    # Odd parts are placeholder names; one join is faster than re.sub on a 3 MB page.
    return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))


@without_gc  # the picture is freed before the collector runs again: it has nothing left to walk
def render_map_html(cmap: CollaborationMap, *, title: str | None = None, expandable: bool = True,
                    **kwargs: Any) -> str:
    """Return the map as one self-contained offline HTML page (see :func:`map_elements`).

    A grouped page carries what it needs to open a clicked group by itself
    (:func:`~samhandling.maps.expandable.group_details`), unless ``expandable`` is false.
    """
    elements = packed_elements(cmap, **kwargs)
    detail = group_details(cmap, elements, **kwargs) if expandable else None
    return render_elements_html(elements, title=title or cmap.info.title or _t("maps.page.default_title"),
                                detail=detail)


def render_diff_html(
    before: CollaborationMap, after: CollaborationMap, *, title: str | None = None, **kwargs: Any
) -> str:
    """Return the before/after picture of :func:`diff_elements` as one offline HTML page."""
    elements = diff_elements(before, after, **kwargs)
    name = title or after.info.title or before.info.title or _t("maps.page.default_title")
    return render_elements_html(elements, title=_t("maps.page.diff_title", title=name))
