"""The interactive maps: a collaboration map -> node/edge data -> one offline HTML page.

Two pictures of the same map:

``view="two_mode"``
    actors (dots, coloured by sector) and forums (grey squares for system level,
    diamonds for individual level), linked by memberships (dashed for
    ``ved_behov``/``observator``) and by relations (dark arrows; solid when
    formalised, dashed when informal).
``view="actors"``
    actors only, linked where they collaborate (a shared standing forum or a
    relation, ``analysis.md`` "Graph model"): solid when the collaboration is
    structured, dashed when not, dotted grey when only weak.

:func:`map_elements` returns plain node/edge/legend data (dicts of built-in types,
built from an allowlist of keys — nothing from the file is forwarded as a drawing
option), with positions computed in Python (:func:`samhandling.maps.layout.compute_layout`)
so the browser runs no physics. :func:`render_map_html` wraps it in one
self-contained page: vis-network inlined, data as escaped JSON, a legend built
with ``textContent`` and a Content-Security-Policy that forbids any network use.
:func:`diff_elements` and :func:`render_diff_html` draw a before/after comparison.

The modules, in the order a picture is made:

* :mod:`~samhandling.maps.view` — :class:`MapFilters`; filter, view, focus and group steps.
* :mod:`~samhandling.maps.measures` — the number behind each node's size.
* :mod:`~samhandling.maps.titles` — hover texts.
* :mod:`~samhandling.maps.style` — colours, shapes, line styles and the legend.
* :mod:`~samhandling.maps.elements` — :class:`MapElements` and :func:`map_elements` (and
  ``packed_elements``, the same picture with most nodes and edges as tuples, for the page).
* :mod:`~samhandling.maps.diff` — :func:`diff_elements`.
* :mod:`~samhandling.maps.page` — the offline HTML page.
* :mod:`~samhandling.maps.text` — memoised texts in the current language.

The page and the app draw with vis-network itself (our build in ``assets/vis/``, from
``vendor/vis-network``); pyvis is never imported (its template is neither offline nor
injection-safe, ``pitfalls.md`` §1–3).
"""

from samhandling.maps.diff import diff_elements
from samhandling.maps.elements import GROUP_ABOVE, MapElements, map_elements
from samhandling.maps.layout import compute_layout
from samhandling.maps.page import render_diff_html, render_elements_html, render_map_html
from samhandling.maps.style import SECTOR_COLOURS
from samhandling.maps.view import MapFilters

__all__ = [
    "GROUP_ABOVE",
    "MapFilters",
    "MapElements",
    "map_elements",
    "diff_elements",
    "render_map_html",
    "render_diff_html",
    "render_elements_html",
    "compute_layout",
    "SECTOR_COLOURS",
]
