"""How things look: colours, shapes, line styles and the legend; JSON-safe values.

Sector colours come from :mod:`samhandling.maps.palette` (one palette for map, charts
and brief); diff colours are Okabe–Ito.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from samhandling.maps.palette import FORUM_EDGE, FORUM_FACE, SECTOR_COLOURS, UNKNOWN_SECTOR
from samhandling.maps.text import _label, _t
from samhandling.maps.view import _GROUP_PREFIX, _Edge, _Node
from samhandling.vocabulary import SECTORS, WEAK_ROLES

__all__ = ["SECTOR_COLOURS", "_DASHES", "_DIFF", "_FADED_FONT", "_plain", "_fade", "_node_style", "_edge_style",
           "_legend"]

_UNKNOWN_SECTOR = UNKNOWN_SECTOR
_FORUM = (FORUM_FACE, FORUM_EDGE)
_GROUP = ("#F4F4F4", "#777777")
_MEMBERSHIP = "#9E9E9E"
_RELATION = "#2B2B2B"
_LINK_STRUCTURED = "#2B2B2B"
_LINK_UNSTRUCTURED = "#6E6E6E"
_LINK_WEAK = "#BDBDBD"
# Diff colours (Okabe–Ito): bluish green, vermillion, orange; unchanged recedes to grey.
_DIFF = {
    "added": ("#009E73", "#00694D"),
    "removed": ("#F4F4F4", "#D55E00"),
    "changed": ("#E69F00", "#8F6300"),
    "same": ("#DADADA", "#9A9A9A"),
}
_FADED_FONT = "#A0A0A0"
_DASHES = [6, 5]
_DOTS = [2, 4]


def _plain(value: Any) -> Any:
    """Coerce to JSON-safe built-ins: str/int/float/bool/None, lists and str-keyed dicts."""
    kind = type(value)
    if kind is str or kind is bool or kind is int or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else 0.0
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    # Subclasses and foreign types (numpy numbers, pandas NA...): built-ins or their text.
    if isinstance(value, bool | numbers.Integral):
        return int(value) if not isinstance(value, bool) else bool(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else 0.0
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _fade(colour: str, amount: float = 0.72) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"


def _node_style(n: _Node, status: str | None) -> tuple[str, str, str, bool]:
    """(shape, background, border, dashed border) for a node."""
    if n.kind == "group":
        shape, (bg, border) = "hexagon", _GROUP
        if n.name and not status:
            key = n.id.removeprefix(_GROUP_PREFIX)
            if key in SECTOR_COLOURS and n.name == _label("sector", key):
                bg = _fade(SECTOR_COLOURS[key], 0.45)
    elif n.kind == "forum":
        shape = "diamond" if n.obj.level == "individ" else "square"  # type: ignore[union-attr]
        bg, border = _FORUM
    else:
        shape = "dot"
        bg = SECTOR_COLOURS.get(n.obj.sector, _UNKNOWN_SECTOR)  # type: ignore[union-attr]
        border = "#333333"
    if status:
        bg, border = _DIFF[status]
    return shape, bg, border, status == "removed"


def _edge_style(e: _Edge) -> tuple[str, str, float, Any, bool]:
    """(legend key, colour, width, dashes, arrow) for an edge."""
    if e.kind == "membership":
        role = e.data["role"]
        if role in WEAK_ROLES:
            return "membership_weak", _MEMBERSHIP, 1.2, _DOTS, False
        return "membership", _MEMBERSHIP, 2.0 if role == "leder" else 1.2, False, False
    if e.kind == "relation":
        if e.data["relation"].formalised:
            return "relation_formal", _RELATION, 2.2, False, True
        return "relation_informal", _RELATION, 2.2, _DASHES, True
    if e.kind == "group_link":
        # Light: between groups nearly everything links, the groups themselves are the message.
        return "group_link", _LINK_WEAK, round(1 + math.log2(e.data["count"]) / 2, 1), False, False
    if e.data.get("weak"):
        return "link_weak", _LINK_WEAK, 1.0, _DOTS, False
    width = 1.2 + 0.6 * min(4, len(e.data.get("forums", ())) + len(e.data.get("relations", ())) - 1)
    if e.data.get("structured"):
        return "link_structured", _LINK_STRUCTURED, width, False, False
    return "link_unstructured", _LINK_UNSTRUCTURED, width, _DASHES, False


def _legend(
    nodes: list[_Node], styles: Mapping[str, tuple[str, bool]], highlight: bool, diff: bool
) -> list[dict[str, Any]]:
    """Legend rows for what is on the map; ``styles`` maps an edge legend key to (colour, dashed)."""
    items: list[dict[str, Any]] = []

    def add(symbol: str, text: str, colour: str, border: str = "#333333", dashes: bool = False) -> None:
        items.append({"symbol": symbol, "label": text, "color": colour, "border": border, "dashes": dashes})

    if diff:
        for status in ("added", "removed", "changed", "same"):
            bg, border = _DIFF[status]
            add("dot", _t(f"maps.legend.diff_{'unchanged' if status == 'same' else status}"), bg, border,
                status == "removed")
    else:
        sectors = {n.obj.sector for n in nodes if n.kind == "actor"}  # type: ignore[union-attr]
        for sector in [s for s in SECTORS if s in sectors] + sorted(sectors - set(SECTORS)):
            add("dot", _label("sector", sector), SECTOR_COLOURS.get(sector, _UNKNOWN_SECTOR))
    levels = {n.obj.level for n in nodes if n.kind == "forum"}  # type: ignore[union-attr]
    for level, symbol in (("system", "square"), ("individ", "diamond")):
        if level in levels:
            add(symbol, _t(f"maps.legend.forum_{level}"), _FORUM[0], _FORUM[1])
    if any(n.kind == "group" for n in nodes):
        add("hexagon", _t("maps.legend.group"), _GROUP[0], _GROUP[1])
    order = ("membership", "membership_weak", "relation_formal", "relation_informal",
             "link_structured", "link_unstructured", "link_weak", "group_link", "disputed")
    for key in order:
        if key in styles:
            colour, dashes = styles[key]
            add("line", _t(f"maps.legend.{key}"), colour, colour, dashes)
    if highlight:
        add("dot", _t("maps.legend.highlighted"), "#FFFFFF", "#000000")
    return items
