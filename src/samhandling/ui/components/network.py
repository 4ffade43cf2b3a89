"""An interactive vis-network map as a Streamlit Custom Component (v2).

The component runs in the page itself (no iframe). Its JavaScript is our small
wrapper (``network_map.js``, after ``assets/drawn_box.js``, which the offline page
shares); vis-network (our build of 10.1.5 in ``assets/vis/``,
see ``vendor/vis-network``) is served by the same Streamlit server (its file route for components, see
:func:`vis_network_path`) and imported by the wrapper: no CDN, no outside URL. The
browser fetches and compiles it once per visit, not with every run of the page (it
is 340 KB), and Kart starts fetching it with the page's first element. The
component returns the clicked node id as component *state* (``selected``) and the
positions of dragged nodes as a *trigger* (``dragged``).

Every node and edge passes through an allowlist of keys with built-in types before
it reaches JavaScript, so a spreadsheet cannot smuggle in ``shape: image`` with an
outside URL or any other vis-network option. User text is only ever a label or a
plain-text tooltip (``title`` as a string).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import streamlit as st

from samhandling.i18n import t
from samhandling.maps.page import drawn_box_js, vis_network_file

__all__ = [
    "network_map", "MapEvent", "clean_node", "clean_edge", "clean_legend", "vis_network_path",
]

COMPONENT_NAME = "samhandlingskart.network_map"

_SHAPES = frozenset(
    {"dot", "ellipse", "box", "square", "diamond", "triangle", "triangleDown", "star", "hexagon", "text"}
)
_LEGEND_SHAPES = _SHAPES | {"line", "dashed"}
_COLOR_RE = re.compile(
    r"^(#[0-9a-fA-F]{3,8}|rgba?\(\s*[\d.]+\s*,\s*[\d.]+\s*,\s*[\d.]+\s*(,\s*[\d.]+\s*)?\))$"
)
_MAX_TEXT = 2000
_VIS_ROUTE = "vis"  # served at component/samhandling.ui.components.network.vis/


def vis_network_path() -> str:
    """Where this server serves vis-network, relative to the app's root URL.

    Streamlit serves a registered component folder's files at ``component/<name>/``
    (with a JavaScript content type and ``Cache-Control: public``); the folder
    registered here is ``assets/vis/``, which holds only ``vis-network.min.js``.
    Registration needs a running app; it is done once per server.
    """
    from streamlit.components.v1 import declare_component
    from streamlit.runtime import Runtime

    name = f"{__name__}.{_VIS_ROUTE}"  # declare_component prefixes the caller's module
    if Runtime.exists() and Runtime.instance().component_registry.get_component_path(name) is None:
        declare_component(_VIS_ROUTE, path=vis_network_file().parent)
    return f"component/{name}/{vis_network_file().name}"


@lru_cache(maxsize=1)
def _component() -> Any:
    folder = resources.files("samhandling.ui.components")
    wrapper = (folder / "network_map.js").read_text(encoding="utf-8")
    css = (folder / "network_map.css").read_text(encoding="utf-8")
    js = drawn_box_js() + wrapper.replace("__VIS_PATH__", json.dumps(vis_network_path()))
    return st.components.v2.component(COMPONENT_NAME, js=js, css=css, isolate_styles=True)


# ---------------------------------------------------------------- allowlists


def _text(value: Any) -> str:
    return "" if value is None else str(value)[:_MAX_TEXT]


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _color(value: Any) -> str | dict[str, Any] | None:
    if isinstance(value, str):
        return value if _COLOR_RE.match(value.strip()) else None
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key in ("background", "border", "color"):
            colour = _color(value.get(key))
            if isinstance(colour, str):
                out[key] = colour
        for key in ("highlight", "hover"):
            nested = _color(value.get(key))
            if nested is not None:
                out[key] = nested
        opacity = _number(value.get("opacity"))
        if opacity is not None:
            out["opacity"] = max(0.0, min(1.0, opacity))
        return out or None
    return None


def _font(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    out: dict[str, Any] = {}
    colour = _color(value.get("color"))
    if isinstance(colour, str):
        out["color"] = colour
    size = _number(value.get("size"))
    if size is not None:
        out["size"] = max(6.0, min(60.0, size))
    return out or None


def clean_node(node: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the node keys vis-network needs, as built-in types."""
    out: dict[str, Any] = {"id": str(node["id"]), "label": _text(node.get("label", node["id"]))}
    if node.get("title") is not None:
        out["title"] = _text(node.get("title"))
    shape = node.get("shape")
    if shape in _SHAPES:
        out["shape"] = shape
    for key in ("x", "y", "size", "value", "borderWidth", "opacity"):
        number = _number(node.get(key))
        if number is not None:
            out[key] = number
    colour = _color(node.get("color"))
    if colour is not None:
        out["color"] = colour
    font = _font(node.get("font"))
    if font is not None:
        out["font"] = font
    props = node.get("shapeProperties")
    if isinstance(props, Mapping) and "borderDashes" in props:
        dashes = _dashes(props["borderDashes"])
        if dashes is not None:
            out["shapeProperties"] = {"borderDashes": dashes}
    return out


def _dashes(value: Any) -> bool | list[float] | None:
    """vis-network dash patterns: a bool or a short list of numbers."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)) and 0 < len(value) <= 6:
        numbers = [_number(v) for v in value]
        if all(n is not None and 0 <= n <= 50 for n in numbers):
            return [float(n) for n in numbers if n is not None]
    return None


def _arrows(value: Any) -> str | dict[str, Any] | None:
    if value in ("to", "from", "to, from"):
        return str(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for end in ("to", "from", "middle"):
            spec = value.get(end)
            if isinstance(spec, Mapping):
                arrow: dict[str, Any] = {"enabled": bool(spec.get("enabled", True))}
                factor = _number(spec.get("scaleFactor"))
                if factor is not None:
                    arrow["scaleFactor"] = max(0.1, min(3.0, factor))
                out[end] = arrow
            elif isinstance(spec, bool):
                out[end] = spec
        return out or None
    return None


def clean_edge(edge: Mapping[str, Any], index: int = 0) -> dict[str, Any]:
    """Keep only the edge keys vis-network needs, as built-in types."""
    out: dict[str, Any] = {
        "id": _text(edge.get("id", f"e{index}")),
        "from": str(edge["from"]),
        "to": str(edge["to"]),
    }
    if edge.get("title") is not None:
        out["title"] = _text(edge.get("title"))
    if edge.get("label") is not None:
        out["label"] = _text(edge.get("label"))
    for key in ("width", "value", "opacity"):
        number = _number(edge.get(key))
        if number is not None:
            out[key] = number
    colour = _color(edge.get("color"))
    if colour is not None:
        out["color"] = colour
    dashes = _dashes(edge.get("dashes"))
    if dashes is not None:
        out["dashes"] = dashes
    arrows = _arrows(edge.get("arrows"))
    if arrows is not None:
        out["arrows"] = arrows
    return out


def clean_legend(legend: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Legend rows: a label, a colour, a border colour and a swatch shape.

    Accepts ``samhandling.maps`` legend rows (``symbol``, ``label``, ``color``,
    ``border``, ``dashes``); a dashed line becomes the ``dashed`` swatch.
    """
    out = []
    for item in legend:
        colour = _color(item.get("color"))
        if isinstance(colour, Mapping):
            colour = colour.get("background") or colour.get("color")
        border = _color(item.get("border"))
        shape = item.get("symbol", item.get("shape"))
        if shape == "line" and item.get("dashes"):
            shape = "dashed"
        row = {
            "label": _text(item.get("label")),
            "color": colour if isinstance(colour, str) else "#cccccc",
            "shape": shape if shape in _LEGEND_SHAPES else "dot",
        }
        if isinstance(border, str):
            row["border"] = border
        if item.get("dashes") and row["shape"] != "dashed":
            row["dashed"] = "1"
        out.append(row)
    return out


# ---------------------------------------------------------------- mount


@dataclass(frozen=True)
class MapEvent:
    """What the user did on the map: the selected node and nodes dragged this run."""

    selected: str | None
    dragged: dict[str, tuple[float, float]]


def network_map(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    *,
    key: str,
    legend: Iterable[Mapping[str, Any]] = (),
    height: int = 640,
    view_key: str = "",
    selected: str | None = None,
    fit_nodes: Iterable[str] = (),
    on_select: Any = None,
    on_drag: Any = None,
    report_drawn: bool = False,
) -> MapEvent:
    """Draw the map and return the user's selection and drags.

    ``view_key`` changes when the user switches map, view or filters: the map then
    zooms to fit (to ``fit_nodes`` when given); otherwise pan and zoom stay where
    the user left them. With ``report_drawn`` the browser reruns the page (the map's
    fragment) once the first picture is drawn.
    """
    clean_nodes = [clean_node(n) for n in nodes]
    clean_edges = [clean_edge(e, i) for i, e in enumerate(edges)]
    body = json.dumps([clean_nodes, clean_edges], sort_keys=True, ensure_ascii=False)
    data = {
        "nodes": clean_nodes,
        "edges": clean_edges,
        "legend": clean_legend(legend),
        "height": int(height),
        "view_key": str(view_key),
        "data_key": hashlib.sha1(body.encode("utf-8")).hexdigest(),
        "selected": selected,
        "fit_nodes": sorted(str(n) for n in fit_nodes),
        "aria_label": t("ui_kart.map_aria", nodes=len(clean_nodes), edges=len(clean_edges)),
        "role_description": t("ui_kart.map_role"),
        "report_drawn": bool(report_drawn),
    }
    result = _component()(
        key=key,
        data=data,
        default={"selected": selected},
        height="content",
        on_selected_change=on_select or (lambda: None),
        on_dragged_change=on_drag or (lambda: None),
        on_drawn_change=lambda: None,
    )
    dragged_raw = result.get("dragged") if hasattr(result, "get") else None
    dragged: dict[str, tuple[float, float]] = {}
    if isinstance(dragged_raw, Mapping):
        for node_id, pos in dragged_raw.items():
            if isinstance(pos, (list, tuple)) and len(pos) == 2:
                x, y = _number(pos[0]), _number(pos[1])
                if x is not None and y is not None:
                    dragged[str(node_id)] = (x, y)
    chosen = result.get("selected") if hasattr(result, "get") else None
    return MapEvent(selected=str(chosen) if chosen is not None else None, dragged=dragged)
