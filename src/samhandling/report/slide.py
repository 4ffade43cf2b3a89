"""The map as shown on the Kart page, as a PNG for a slide (16:9, 1920×1080), drawn offline.

:func:`view_png` draws the nodes, edges and legend of one picture of the map
(:func:`samhandling.maps.map_elements`: the filters, focus, grouping and positions
the room sees) with matplotlib, in the colours and shapes of the map and its legend.
The figure is a 13.33 × 7.5 inch slide at 144 dpi, so labels set at 12 pt or more
are 12 pt or more on the slide. Labels come from uploaded files and are drawn with
math text switched off; a label with no free place next to its node is left out
(the most connected nodes are labelled first), so labels never overlap.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from samhandling.report.figures import _new_figure, _overlap, _plain, _text

__all__ = ["view_png", "SLIDE_PIXELS", "LABEL_POINTS"]

SLIDE_INCHES = (13.333, 7.5)  # a 16:9 slide in PowerPoint, Keynote and Impress
SLIDE_DPI = 144
SLIDE_PIXELS = (1920, 1080)
LABEL_POINTS = 12.5  # node labels; the legend is larger still
_CM_PER_INCH = 2.54
# vis-network shapes -> matplotlib markers
_MARKERS = {"dot": "o", "ellipse": "o", "square": "s", "box": "s", "diamond": "D", "hexagon": "h",
            "triangle": "^", "triangleDown": "v", "star": "*", "text": ""}
_GREY = "#9aa3ad"


def _colour(value: Any, part: str = "background", default: str = _GREY) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, Mapping):
        found = value.get(part) or value.get("color") or value.get("background")
        if isinstance(found, str) and found:
            return found
    return default


def _rgba(colour: str) -> Any:
    """A CSS colour (``#rrggbb``, ``rgb()``, ``rgba()``) as a matplotlib colour."""
    from matplotlib.colors import to_rgba

    text = colour.strip()
    if text.startswith("rgb"):
        parts = [float(p) for p in text[text.index("(") + 1: text.rindex(")")].split(",")]
        alpha = parts[3] if len(parts) > 3 else 1.0
        return (parts[0] / 255, parts[1] / 255, parts[2] / 255, alpha)
    try:
        return to_rgba(text)
    except ValueError:
        return to_rgba(_GREY)


def _linestyle(dashes: Any) -> Any:
    if dashes is True:
        return (0, (4, 3))
    if isinstance(dashes, (list, tuple)) and dashes:
        return (0, tuple(max(float(d) / 2, 0.5) for d in dashes))
    return "solid"


def _one_line(text: Any) -> str:
    return " ".join(str(text or "").split())


def view_png(
    nodes: Iterable[Mapping[str, Any]],
    edges: Iterable[Mapping[str, Any]],
    legend: Iterable[Mapping[str, Any]] = (),
    *,
    title: str = "",
    caption: str = "",
    names: Mapping[str, str] | None = None,
) -> bytes:
    """The picture (nodes with ``x``/``y``, edges, legend rows) as a 1920×1080 PNG.

    ``nodes``, ``edges`` and ``legend`` are those of
    :class:`samhandling.maps.MapElements`: vis-network's coordinates (y down),
    ``size`` (radius in map pixels), ``shape``, ``color``; edges with ``from``,
    ``to``, ``color``, ``dashes``, ``width`` and ``arrows``. ``names`` gives a node's
    whole name where its map label is shortened (a slide has room for three lines).
    """
    import matplotlib

    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": LABEL_POINTS}):
        return _draw(list(nodes), list(edges), list(legend), title, caption, names or {})


def _draw(nodes: list[Mapping[str, Any]], edges: list[Mapping[str, Any]], legend: list[Mapping[str, Any]],
          title: str, caption: str, full_names: Mapping[str, str]) -> bytes:
    from matplotlib.collections import LineCollection

    width, height = SLIDE_INCHES
    fig = _new_figure(width * _CM_PER_INCH, height * _CM_PER_INCH)
    fig.set_size_inches(SLIDE_PIXELS[0] / SLIDE_DPI, SLIDE_PIXELS[1] / SLIDE_DPI)
    fig.set_dpi(SLIDE_DPI)
    top = 0.985
    if title:
        _text(fig, 0.02, top, _one_line(title), ha="left", va="top", fontsize=22, fontweight="bold",
              color="#1f2328", transform=fig.transFigure)
        top -= 0.07
    if caption:
        _text(fig, 0.02, top, _one_line(caption), ha="left", va="top", fontsize=14, color="#444444",
              transform=fig.transFigure)
        top -= 0.05
    bottom = 0.15 if legend else 0.03
    ax = fig.add_axes((0.02, bottom, 0.96, top - bottom - 0.01))
    ax.set_axis_off()
    pos = {str(n["id"]): (float(n.get("x") or 0.0), -float(n.get("y") or 0.0)) for n in nodes}
    if pos:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        pad = max(max(xs) - min(xs), max(ys) - min(ys), 200.0) * 0.06
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        ax.set_aspect("equal", adjustable="box")
        fig.canvas.draw()
    # Map pixels -> points on the slide: node sizes follow the map's zoom to fit.
    per_unit = abs(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])
    to_points = per_unit * 72 / fig.dpi

    plain: list[Any] = []
    for e in edges:
        a, b = str(e.get("from")), str(e.get("to"))
        if a not in pos or b not in pos or a == b:
            continue
        colour = _rgba(_colour(e.get("color"), "color"))
        line_width = max(0.8, float(e.get("width") or 1.0) * 0.9)
        style = _linestyle(e.get("dashes"))
        if e.get("arrows"):
            radius = min(22.0, float(next((n.get("size") or 14 for n in nodes if str(n["id"]) == b), 14)) * to_points)
            ax.annotate("", xy=pos[b], xytext=pos[a], zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": colour, "lw": line_width, "linestyle": style,
                                    "shrinkA": 0, "shrinkB": radius + 1, "mutation_scale": 14})
        else:
            plain.append(((pos[a], pos[b]), colour, line_width, style))
    if plain:
        ax.add_collection(LineCollection([p[0] for p in plain], colors=[p[1] for p in plain],
                                         linewidths=[p[2] for p in plain], linestyles=[p[3] for p in plain],
                                         zorder=0))
    radii: dict[str, float] = {}
    for n in nodes:
        marker = _MARKERS.get(str(n.get("shape") or "dot"), "o")
        if not marker:
            continue
        # As on the fitted map, but within 7-44 pt: a focus on three nodes does not draw balloons.
        diameter = min(44.0, max(7.0, 2 * float(n.get("size") or 14) * to_points))
        radii[str(n["id"])] = diameter / 2
        face = _rgba(_colour(n.get("color"), "background"))
        edge = _rgba(_colour(n.get("color"), "border", "#333333"))
        opacity = n.get("opacity")
        if isinstance(opacity, (int, float)) and 0 <= opacity < 1:
            face, edge = (*face[:3], face[3] * opacity), (*edge[:3], edge[3] * opacity)
        size = diameter * (0.8 if marker == "D" else 1.0)
        ax.scatter([pos[str(n["id"])][0]], [pos[str(n["id"])][1]], s=size ** 2, marker=marker, c=[face],
                   edgecolors=[edge], linewidths=max(0.8, float(n.get("borderWidth") or 1.0)), zorder=3,
                   clip_on=False)
    names = {str(n["id"]): _one_line(full_names.get(str(n["id"])) or n.get("label", n["id"])) for n in nodes}
    degree = dict.fromkeys(pos, 0)
    for e in edges:
        for end in (str(e.get("from")), str(e.get("to"))):
            if end in degree:
                degree[end] += 1
    order = sorted(pos, key=lambda node: (-degree[node], node))
    _place_labels(ax, order, pos, names, radii)
    if legend:
        _legend(fig, legend)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=SLIDE_DPI, facecolor="white")
    return buffer.getvalue()


def _wrapped(text: str, width: int = 24) -> str:
    """A label on at most three lines; only a longer one is shortened (with "…")."""
    lines = textwrap.wrap(text.replace("/", "/ "), width=width, break_long_words=False) or [""]
    lines = [line.replace("/ ", "/") for line in lines]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


def _place_labels(ax: Any, order: list[str], pos: Mapping[str, tuple[float, float]], names: Mapping[str, str],
                  radii: Mapping[str, float]) -> None:
    """Write each label next to its node where it overlaps no other label and no node.

    Eight places around the node are tried, near then a little further; a label with
    no free place is left out (the most connected nodes are placed first).
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    scale = fig.dpi / 72
    centres = {n: ax.transData.transform(pos[n]) for n in order}
    discs = {n: (x - radii.get(n, 4) * scale, y - radii.get(n, 4) * scale, x + radii.get(n, 4) * scale,
                 y + radii.get(n, 4) * scale) for n, (x, y) in centres.items()}
    frame = ax.get_window_extent(renderer)
    placed: list[tuple[float, ...]] = []
    to_data = ax.transData.inverted()
    for n in order:
        x, y = centres[n]
        text = _text(ax, *pos[n], _wrapped(names.get(n, n)), ha="center", va="center", fontsize=LABEL_POINTS,
                     zorder=4, color="#111111", linespacing=1.05)
        extent = text.get_window_extent(renderer)
        w, h = extent.width + 4, extent.height + 2
        gap = radii.get(n, 4) * scale + 3
        for far in (0.0, 0.6 * h):
            d, e = gap + far, gap * 0.7 + far  # straight out, and diagonally
            spots = ((0, -d, "center", "top"), (0, d, "center", "bottom"), (d, 0, "left", "center"),
                     (-d, 0, "right", "center"), (e, -e, "left", "top"), (-e, -e, "right", "top"),
                     (e, e, "left", "bottom"), (-e, e, "right", "bottom"))
            for dx, dy, ha, va in spots:
                ax_, ay = x + dx, y + dy
                x0 = {"center": ax_ - w / 2, "left": ax_, "right": ax_ - w}[ha]
                y0 = {"center": ay - h / 2, "bottom": ay, "top": ay - h}[va]
                box = (x0, y0, x0 + w, y0 + h)
                if x0 < 0 or box[2] > fig.bbox.x1 or y0 < frame.y0 - 10 or box[3] > frame.y1 + 10:
                    continue
                if any(_overlap(box, b) for b in placed) or any(_overlap(box, d) for d in discs.values()):
                    continue
                text.set_position(to_data.transform((ax_, ay)))
                text.set_horizontalalignment(ha)
                text.set_verticalalignment(va)
                placed.append(box)
                break
            else:
                continue
            break
        else:
            text.remove()


def _legend(fig: Any, rows: list[Mapping[str, Any]]) -> None:
    from matplotlib.lines import Line2D

    handles = []
    for row in rows:
        text = _plain(_one_line(row.get("label")), 40).replace("\n", " ")
        colour = _rgba(_colour(row.get("color"), "background"))
        border = _rgba(_colour(row.get("border"), "border", "#333333"))
        symbol = str(row.get("symbol") or row.get("shape") or "dot")
        if symbol == "line":
            handles.append(Line2D([], [], color=colour, lw=2.2, ls=_linestyle(bool(row.get("dashes"))),
                                  label=text))
        else:
            handles.append(Line2D([], [], marker=_MARKERS.get(symbol, "o") or "o", ls="", markersize=13,
                                  markerfacecolor=colour, markeredgecolor=border, label=text))
    columns = min(len(handles), 5)
    legend = fig.legend(handles=handles, loc="lower center", ncol=columns, frameon=False, fontsize=14,
                        bbox_to_anchor=(0.5, 0.005), columnspacing=1.6, handlelength=2.2)
    for text in legend.get_texts():
        text.set_parse_math(False)
