"""Static PNG figures for the leader brief, drawn with matplotlib.

* :func:`network_png` — the map: actors (circles coloured by sector) and forums
  (squares for system level, diamonds for individual level), memberships as
  thin grey lines (dashed when ``ved_behov``/``observator``), relations as dark
  lines, and critical gaps as red dashed lines; with a legend.
* :func:`network_compare_png` — the map before and after a project, in the same
  positions, with what is new after the project outlined.
* :func:`sector_matrix_png`, :func:`hours_png`, :func:`ages_png` — charts of the
  sector × sector connections, the ten actors with most meeting hours, and the
  coordinated services for each age 0–24.

Positions come from :func:`samhandling.maps.layout.compute_layout` (seeded, so the
same map always gives the same picture). Labels come from uploaded files and
are drawn with math text switched off, so a ``$`` in a name is just a dollar.
matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from typing import Any

from samhandling.i18n import t
from samhandling.maps.palette import FORUM_EDGE, FORUM_FACE, SECTOR_COLOURS, UNKNOWN_SECTOR
from samhandling.model import CollaborationMap
from samhandling.vocabulary import SECTORS, WEAK_ROLES, label

__all__ = [
    "draw_figure",
    "gap_lines",
    "network_png",
    "network_compare_png",
    "sector_matrix_png",
    "hours_png",
    "ages_png",
    "SECTOR_COLOURS",
]

_UNKNOWN = UNKNOWN_SECTOR
_FORUM_FACE, _FORUM_EDGE = FORUM_FACE, FORUM_EDGE
_GAP = "#C0392B"
_GAP_IMPORTANT = "#E08E0B"
_BAR, _BAR_HIGH = "#4477AA", "#AA3377"
_CM = 1 / 2.54
_WIDTH_CM = 16.0
_DPI = 200
# Above this many nodes, actors and forums with no line are not drawn.
_DRAW_ISOLATED_MAX = 60
# At most this many missing pairs are drawn on the map (see gap_lines).
MAX_GAP_LINES = 25
# At most this many labels; the most connected nodes are labelled first.
_LABEL_MAX = 80


def _new_figure(width_cm: float, height_cm: float) -> Any:
    """A matplotlib Figure on its own Agg canvas: no pyplot, no global backend, safe in a web app's threads."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_cm * _CM, height_cm * _CM))
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, bbox_inches="tight", pad_inches=0.08, facecolor="white")
    return buffer.getvalue()


def _plain(text: object, width: int = 22) -> str:
    """A label wrapped to about ``width`` characters, at most 3 lines (long words are shortened, not split)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text))
    lines = textwrap.wrap(text.replace("/", "/ "), width=width, break_long_words=False) or [""]
    lines = [line.replace("/ ", "/") for line in lines]
    lines = [line if len(line) <= width + 6 else line[: width + 5] + "…" for line in lines]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


def _text(ax: Any, x: float, y: float, s: str, **kwargs: Any) -> Any:
    return ax.text(x, y, s, parse_math=False, **kwargs)


# --- the map -------------------------------------------------------------------------------


def _two_mode(cmap: CollaborationMap) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Nodes (actor ids, then ``forum:``-prefixed forum ids) and edges ``(a, b, kind)``."""
    nodes = [a.id for a in cmap.actors] + [f"forum:{f.id}" for f in cmap.forums]
    known = set(nodes)
    edges: list[tuple[str, str, str]] = []
    for m in cmap.memberships:
        a, f = m.actor, f"forum:{m.forum}"
        if a in known and f in known:
            edges.append((a, f, "weak" if m.role in WEAK_ROLES else "member"))
    for r in cmap.relations:
        if r.source in known and r.target in known and r.source != r.target:
            edges.append((r.source, r.target, "relation"))
    return nodes, edges


def _positions(nodes: list[str], edges: list[tuple[str, str, str]],
               saved: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions. In a big map, nodes with no line at all are left out:
    scattered around the rest, they squeeze the network into a blob. ``saved`` is the layout
    saved with the map (y down, as on screen): those nodes stay where the room put them."""
    from samhandling.maps.layout import compute_layout

    if len(nodes) > _DRAW_ISOLATED_MAX:
        linked = {a for a, _, _ in edges} | {b for _, b, _ in edges}
        if linked:
            nodes = [n for n in nodes if n in linked]
    previous = {k: (x, -y) for k, (x, y) in (saved or {}).items()}  # matplotlib draws y upwards
    placed = compute_layout(nodes, [(a, b) for a, b, _ in edges], seed=7, previous=previous or None)
    return {str(k): v for k, v in placed.items()}


def _label_order(nodes: list[str], edges: list[tuple[str, str, str]]) -> list[str]:
    """Nodes in the order their labels are placed: most connected first (ties by id)."""
    degree = dict.fromkeys(nodes, 0)
    for a, b, _ in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    return sorted(nodes, key=lambda n: (-degree[n], n))


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_labels(ax: Any, order: list[str], pos: dict[str, tuple[float, float]], names: dict[str, str],
                  marker_points: float, fontsize: float) -> None:
    """Write labels next to nodes where they overlap neither another label nor another node.

    Each label tries below, above, right and left of its node; a label with no free
    place is left out (the most connected nodes are placed first), so the picture
    stays readable however many nodes there are.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    radius = marker_points / 2 * fig.dpi / 72 + 1.5
    centres = {n: ax.transData.transform(pos[n]) for n in order}
    nodes = {n: (x - radius, y - radius, x + radius, y + radius) for n, (x, y) in centres.items()}
    placed: list[Any] = []
    gap = radius + 1
    to_data = ax.transData.inverted()
    frame = fig.bbox
    for n in order[:_LABEL_MAX]:
        x, y = centres[n]
        forum = n.startswith("forum:")
        text = _text(ax, *pos[n], _plain(names.get(n, n), 20), ha="center", va="center", fontsize=fontsize,
                     zorder=4, color="#444444" if forum else "#111111", style="italic" if forum else "normal")
        # Measure once; the four candidate places are the same box moved.
        extent = text.get_window_extent(renderer)
        w, h = extent.width * 1.04, extent.height * 1.08
        for dx, dy, ha, va in ((0, -gap, "center", "top"), (0, gap, "center", "bottom"),
                               (gap, 0, "left", "center"), (-gap, 0, "right", "center")):
            ax_, ay = x + dx, y + dy
            x0 = {"center": ax_ - w / 2, "left": ax_, "right": ax_ - w}[ha]
            y0 = {"center": ay - h / 2, "bottom": ay, "top": ay - h}[va]
            box = (x0, y0, x0 + w, y0 + h)
            if x0 < frame.x0 or y0 < frame.y0 or box[2] > frame.x1 or box[3] > frame.y1:
                continue
            if any(_overlap(box, b) for b in placed) or any(_overlap(box, b) for o, b in nodes.items() if o != n):
                continue
            text.set_position(to_data.transform((ax_, ay)))
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            placed.append(box)
            break
        else:
            text.remove()


def _draw_map(ax: Any, cmap: CollaborationMap, pos: dict[str, tuple[float, float]],
              gaps: Iterable[tuple[str, str, str]] = (), outlined: frozenset[str] = frozenset()) -> set[str]:
    """Draw one map on ``ax`` (only the nodes that have a position); return the sectors drawn."""
    nodes, edges = _two_mode(cmap)
    nodes = [n for n in nodes if n in pos]
    edges = [e for e in edges if e[0] in pos and e[1] in pos]
    cmap = cmap.with_changes(actors=tuple(a for a in cmap.actors if a.id in pos),
                             forums=tuple(f for f in cmap.forums if f"forum:{f.id}" in pos))
    many = len(nodes) > 120
    # Markers and lines shrink with the number of nodes, so a big map is a texture, not a blob.
    size = 90.0 if not many else max(3.0, 90.0 * 120 / len(nodes))
    thin = 0.6 if not many else max(0.12, 0.6 * 120 / len(nodes))
    from matplotlib.collections import LineCollection

    # One collection per line style: thousands of edges draw in one call.
    styles = {
        "relation": {"colors": "#333333", "linewidths": thin * 1.5, "zorder": 1},
        "member": {"colors": "#9A9A9A", "linewidths": thin, "zorder": 0},
        "weak": {"colors": "#9A9A9A", "linewidths": thin, "zorder": 0, "linestyles": (0, (2, 2))},
    }
    for kind, style in styles.items():
        segments = [(pos[a], pos[b]) for a, b, k in edges if k == kind]
        if segments:
            ax.add_collection(LineCollection(segments, **style))
    for severity, colour in (("kritisk", _GAP), ("viktig", _GAP_IMPORTANT)):
        segments = [(pos[a], pos[b]) for a, b, sev in gaps if sev == severity and a in pos and b in pos]
        if segments:
            ax.add_collection(LineCollection(segments, colors=colour, linewidths=1.3, linestyles=(0, (4, 2)), zorder=2))
    sectors = {a.sector for a in cmap.actors}
    outline = 0.6 if not many else max(0.1, 0.6 * 120 / len(nodes))
    if cmap.actors:
        ax.scatter([pos[a.id][0] for a in cmap.actors], [pos[a.id][1] for a in cmap.actors], s=size,
                   c=[SECTOR_COLOURS.get(a.sector, _UNKNOWN) for a in cmap.actors],
                   edgecolors=["#000000" if a.id in outlined else "#333333" for a in cmap.actors],
                   linewidths=[2.2 if a.id in outlined else outline for a in cmap.actors], zorder=3)
    for level, marker in (("system", "s"), ("individ", "D")):
        forums = [f"forum:{f.id}" for f in cmap.forums if (f.level == "individ") == (level == "individ")]
        if forums:
            ax.scatter([pos[n][0] for n in forums], [pos[n][1] for n in forums], s=size * 0.9, marker=marker,
                       c=_FORUM_FACE, edgecolors=["#000000" if n in outlined else _FORUM_EDGE for n in forums],
                       linewidths=[2.2 if n in outlined else outline * 1.3 for n in forums], zorder=3)
    ax.set_axis_off()
    if pos:
        # The same frame for every panel drawn from the same positions; room for labels below.
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        span = max(max(ys) - min(ys), 1.0)
        pad_x = (max(xs) - min(xs)) * 0.07 + 1
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - span * 0.08, max(ys) + span * 0.05)
    names = {a.id: a.name or a.id for a in cmap.actors}
    names.update({f"forum:{f.id}": f.name or f.id for f in cmap.forums})
    order = _label_order(nodes, edges)[: _LABEL_MAX if len(nodes) <= 400 else 20]
    _place_labels(ax, order, pos, names, marker_points=size ** 0.5, fontsize=5.5 if many else 6)
    return sectors


def _legend(fig: Any, ax: Any, sectors: set[str], *, gaps: Iterable[str] = (), new: bool = False) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="", markersize=7, markerfacecolor=SECTOR_COLOURS.get(s, _UNKNOWN),
               markeredgecolor="#333333", label=_plain(label("sector", s), 40))
        for s in sorted(sectors, key=lambda s: (SECTORS.index(s) if s in SECTORS else 99, s))
    ]
    handles.append(Line2D([], [], marker="s", ls="", markersize=7, markerfacecolor=_FORUM_FACE,
                          markeredgecolor=_FORUM_EDGE, label=t("report.labels.forum_legend")))
    if "kritisk" in gaps:
        handles.append(Line2D([], [], color=_GAP, lw=1.3, ls=(0, (4, 2)), label=t("report.labels.gap_legend")))
    if "viktig" in gaps:
        handles.append(Line2D([], [], color=_GAP_IMPORTANT, lw=1.3, ls=(0, (4, 2)),
                              label=t("report.labels.gap_legend_important")))
    if new:
        handles.append(Line2D([], [], marker="o", ls="", markersize=7, markerfacecolor="white",
                              markeredgecolor="#000000", markeredgewidth=2.2, label=t("report.labels.new_legend")))
    legend = fig.legend(
        handles=handles,
        loc="lower center",
        ncol=len(handles) if len(handles) <= 7 else 5,
        frameon=False,
        fontsize=7,
        bbox_to_anchor=(0.5, -0.01),
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def gap_lines(findings: Iterable[Any]) -> list[tuple[str, str, str]]:
    """The missing expected pairs drawn on the map as ``(actor, actor, severity)``.

    All of them when there are at most :data:`MAX_GAP_LINES`; otherwise only the
    critical ones if they are few enough; otherwise none (hundreds of lines hide the map).
    """
    pairs = [(f.actors[0], f.actors[1], f.severity) for f in findings
             if getattr(f, "kind", "") == "missing_expected" and len(f.actors) >= 2]
    if len(pairs) > MAX_GAP_LINES:
        pairs = [p for p in pairs if p[2] == "kritisk"]
    return pairs if len(pairs) <= MAX_GAP_LINES else []


def saved_layout(cmap: CollaborationMap) -> dict[str, tuple[float, float]]:
    """The layout saved with the map, keyed as the brief's figures key their nodes.

    Forums are ``forum:``-prefixed here (an actor and a forum may share an id), while the
    table ``posisjoner`` keys every node by its own id: without this the brief would lay
    out the forums afresh instead of where the room put them.
    """
    saved = cmap.position_by_id
    out = {a.id: saved[a.id] for a in cmap.actors if a.id in saved}
    out.update({f"forum:{f.id}": saved[f.id] for f in cmap.forums if f.id in saved})
    return out


def brief_positions(cmap: CollaborationMap) -> dict[str, tuple[float, float]]:
    """Where :func:`network_png` draws each node (y up): the saved layout, the rest laid out around it."""
    nodes, edges = _two_mode(cmap)
    return _positions(nodes, edges, saved_layout(cmap))


def network_png(cmap: CollaborationMap, findings: Iterable[Any] = ()) -> bytes:
    """The map as a picture with a legend; critical gaps between actors drawn in red."""
    nodes, edges = _two_mode(cmap)
    pos = _positions(nodes, edges, saved_layout(cmap))
    gaps = gap_lines(findings)
    fig = _new_figure(_WIDTH_CM, 13)
    ax = fig.subplots()
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.1)
    sectors = _draw_map(ax, cmap, pos, gaps)
    _legend(fig, ax, sectors, gaps={g[2] for g in gaps})
    return _png(fig)


def network_compare_png(before: CollaborationMap, after: CollaborationMap) -> bytes:
    """Before above, after below, in the same positions; what is new after is outlined."""
    nodes_b, edges_b = _two_mode(before)
    nodes_a, edges_a = _two_mode(after)
    pos = _positions(list(dict.fromkeys(nodes_b + nodes_a)), edges_b + edges_a, saved_layout(after))
    new = frozenset(nodes_a) - frozenset(nodes_b)
    fig = _new_figure(_WIDTH_CM, 21)
    top, bottom = fig.subplots(2, 1)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.97, bottom=0.07, hspace=0.08)
    sectors = _draw_map(top, before, pos) | _draw_map(bottom, after, pos, outlined=new)
    for ax, key in ((top, "before"), (bottom, "after")):
        ax.set_title(t(f"report.labels.{key}"), fontsize=10, fontweight="bold", loc="left")
    _legend(fig, bottom, sectors, new=bool(new))
    return _png(fig)


# --- charts --------------------------------------------------------------------------------


def sector_matrix_png(matrix: dict[str, dict[str, int]]) -> bytes:
    """A heat map of connections between (and within) sectors, with the counts written in."""
    sectors = sorted(set(matrix) | {s for row in matrix.values() for s in row},
                     key=lambda s: (SECTORS.index(s) if s in SECTORS else 99, s))
    n = max(len(sectors), 1)
    values = [[int(matrix.get(r, {}).get(c, 0)) for c in sectors] for r in sectors]
    size = min(_WIDTH_CM, 4 + 1.3 * n)
    fig = _new_figure(size, 2.5 + 1.1 * n)
    ax = fig.subplots()
    if sectors:
        ax.imshow(values, cmap="Blues", vmin=0, vmax=max(max(r) for r in values) or 1)
        top = max(max(r) for r in values) or 1
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                _text(ax, j, i, str(v), ha="center", va="center", fontsize=8,
                      color="white" if v > top * 0.6 else "#111111")
    names = [_plain(label("sector", s), 14) for s in sectors]
    ax.set_xticks(range(len(sectors)), names, rotation=35, ha="right")
    ax.set_yticks(range(len(sectors)), names)
    for tick in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        tick.set_parse_math(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _png(fig)


def hours_png(actors: dict[str, dict[str, Any]], limit: float = 20.0, top: int = 10) -> bytes:
    """Meeting hours per month of the ``top`` actors with most, with the overload limit."""
    ranked = sorted(actors.items(), key=lambda kv: (-float(kv[1].get("meeting_hours_per_month", 0)), kv[0]))
    ranked = [(k, m) for k, m in ranked if float(m.get("meeting_hours_per_month", 0)) > 0][:top]
    names = [_plain(m.get("name") or k, 34).replace("\n", " ") for k, m in ranked][::-1]
    hours = [float(m.get("meeting_hours_per_month", 0)) for _, m in ranked][::-1]
    fig = _new_figure(_WIDTH_CM, 2.2 + 0.62 * max(len(ranked), 1))
    ax = fig.subplots()
    ax.barh(range(len(hours)), hours, color=[_BAR_HIGH if h > limit else _BAR for h in hours], height=0.65)
    for i, h in enumerate(hours):
        _text(ax, h, i, " " + str(t("report.labels.hours", hours=_comma(h))), va="center", fontsize=7)
    ax.set_yticks(range(len(names)), names)
    for tick in ax.get_yticklabels():
        tick.set_parse_math(False)
    ax.axvline(limit, color=_GAP, ls=(0, (4, 2)), lw=1)
    ax.set_xlim(0, max([*hours, limit]) * 1.15)
    ax.set_xlabel(t("report.labels.hours_axis"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def ages_png(coverage: dict[Any, int]) -> bytes:
    """Coordinated services for each age 0–24; ages with none shaded red."""
    ages = list(range(25))
    counts = [int(coverage.get(str(a), coverage.get(a, 0)) or 0) for a in ages]  # type: ignore[call-overload]
    fig = _new_figure(_WIDTH_CM, 5.5)
    ax = fig.subplots()
    for a, n in zip(ages, counts, strict=True):
        if n == 0:
            ax.axvspan(a - 0.5, a + 0.5, color=_GAP, alpha=0.18, lw=0)
    ax.bar(ages, counts, color=_BAR, width=0.75)
    ax.set_xticks(ages)
    ax.set_xlim(-0.6, 24.6)
    ax.set_ylim(0, max([*counts, 1]) * 1.15)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(t("report.labels.age_axis"))
    ax.set_ylabel(t("report.labels.services_axis"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _comma(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")


_STYLE = {"font.family": "DejaVu Sans", "font.size": 8}


def draw_figure(name: str, data: dict[str, Any]) -> bytes:
    """Draw the brief's figure ``name`` (``map``, ``map_compare``, ``sector_matrix``, ``hours``, ``ages``)."""
    import matplotlib

    with matplotlib.rc_context(_STYLE):
        return _draw(name, data)


def _draw(name: str, data: dict[str, Any]) -> bytes:
    if name == "map":
        return network_png(data["cmap"], data.get("findings", ()))
    if name == "map_compare":
        return network_compare_png(data["before"], data["after"])
    if name == "sector_matrix":
        return sector_matrix_png(data["matrix"])
    if name == "hours":
        return hours_png(data["actors"], data.get("limit", 20.0))
    if name == "ages":
        return ages_png(data["coverage"])
    raise KeyError(f"Figure {name!r} is not one of map, map_compare, sector_matrix, hours, ages")
