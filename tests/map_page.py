"""The data of an offline map page (``samhandling map``) as the page's own script sees it.

The page carries most nodes and membership edges of a big map packed as arrays
(:func:`samhandling.maps.elements.packed_elements`); ``assets/map.html`` turns them back
into node and edge objects. :func:`page_data` does the same in Python, step for step,
so a test can compare a page with :func:`samhandling.maps.map_elements`;
``tests/test_browser_map_page.py`` checks the browser makes the same.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["page_data", "raw_page_data", "unpack"]


def raw_page_data(page: str) -> dict[str, Any]:
    """The page's embedded JSON as written (packed)."""
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds its data as JSON"
    return json.loads(match.group(1))


def unpack(data: dict[str, Any], names: dict[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``data``'s nodes and edges as objects; ``names`` (id -> name) collects packed nodes' names."""
    packed = data.get("packed") or {}
    nodes = []
    for n in data.get("nodes", []):
        if isinstance(n, list):
            style = packed["styles"][n[5]]
            names[n[0]] = n[2]
            n = {"id": n[0], "label": n[1], "title": n[2] + "\n" + packed["blocks"][n[3]] + n[4],
                 "kind": style["kind"], "shape": style["shape"], "size": n[6], "color": dict(style["color"]),
                 "borderWidth": style["borderWidth"], "x": n[7], "y": n[8]}
        nodes.append(n)
    edges = []
    for e in data.get("edges", []):
        if isinstance(e, list):
            role = packed["roles"][e[2]]
            e = {"id": f"m:{e[1]}|{e[0]}", "from": e[0], "to": e[1],
                 "title": f"{names.get(e[0], e[0])} – {names.get(e[1], e[1])}\n{role['line']}", **role["style"]}
        edges.append(e)
    return nodes, edges


def page_data(page: str) -> dict[str, Any]:
    """The page's embedded JSON with its nodes and edges (and its groups' details) unpacked."""
    data = raw_page_data(page)
    names: dict[str, str] = {}
    data["nodes"], data["edges"] = unpack(data, names)
    if "detail" in data:
        data["detail"]["nodes"], data["detail"]["edges"] = unpack(data["detail"], names)
    return data
