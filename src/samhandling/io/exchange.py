"""Exchange formats: GraphML, GEXF (Gephi, Cytoscape, yEd) and Kumu's JSON blueprint.

Export turns a :class:`CollaborationMap` into a directed multigraph whose nodes are
actors and forums and whose edges are memberships (actor → forum) and relations
(fra → til). Attribute names are the Norwegian column names of ``dataformat.md``
(``navn``, ``kategori``, ``sektor``, ``rolle`` …), plus ``element`` saying what a
node or edge is (``aktør``/``forum``, ``deltakelse``/``relasjon``). The relation type
is called ``relasjonstype`` because ``type`` is reserved on GEXF edges.

Import goes the other way and ends in :func:`samhandling.io.map_from_tables`, so a
file from another tool is checked by exactly the same rules as a workbook. Values
outside our vocabulary are mapped to the default with a warning (never silently);
ids with characters we do not allow are rewritten with a warning.

What each format carries: all four formats keep actors, forums, memberships and
relations with their attributes. GraphML also keeps routines, expectations and the
``om`` table (as graph attributes holding JSON); GEXF and Kumu carry the network only,
so on import a relation's link to a routine the file does not hold is dropped with a
warning.
XML is parsed with defusedxml first, which refuses DTDs and entities.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import fields
from datetime import date
from typing import Any

import networkx as nx

from samhandling.errors import MapFileError, Problem
from samhandling.i18n import t
from samhandling.io.cells import strip_control
from samhandling.model import Actor, CollaborationMap, Forum, Membership, Relation
from samhandling.vocabulary import (
    ACTOR_TYPES,
    ADMIN_LEVELS,
    FORUM_TYPES,
    FREQUENCIES,
    LEVELS,
    RELATION_TYPES,
    ROLES,
    SECTORS,
    is_valid_id,
    match_word,
)

__all__ = ["FORMATS", "export_bytes", "import_bytes", "to_multigraph", "tables_from_multigraph"]

FORMATS = ("graphml", "gexf", "kumu")
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "kumu"}

ACTOR = "aktør"
FORUM = "forum"
MEMBERSHIP = "deltakelse"
RELATION = "relasjon"

_ACTOR_COLUMNS = {
    "name": "navn", "category": "kategori", "type": "type", "sector": "sektor",
    "admin_level": "forvaltningsnivå", "age_from": "alder_fra", "age_to": "alder_til",
    "belongs_to": "tilhører", "municipality": "kommune", "description": "beskrivelse",
    "influence": "innflytelse", "recorded_by": "registrert_av",
}
_FORUM_COLUMNS = {
    "name": "navn", "type": "type", "level": "nivå", "frequency": "frekvens",
    "duration_hours": "varighet_timer", "leader": "leder", "has_mandate": "mandat",
    "age_from": "alder_fra", "age_to": "alder_til", "topics": "tema", "forwards_to": "videre_til",
    "bti_level": "bti_nivå", "recorded_by": "registrert_av",
}
_RELATION_COLUMNS = {
    "type": "relasjonstype", "formalised": "formalisert", "level": "nivå",
    "routine": "rutine", "description": "beskrivelse", "recorded_by": "registrert_av", "exists": "finnes",
}
_MEMBERSHIP_COLUMNS = {"role": "rolle", "recorded_by": "registrert_av", "exists": "finnes"}
# Controlled columns per table: (column in the exchange file, column in the map file, words).
_CONTROLLED = {
    "aktører": [("type", ACTOR_TYPES), ("sektor", SECTORS), ("forvaltningsnivå", ADMIN_LEVELS)],
    "fora": [("type", FORUM_TYPES), ("nivå", LEVELS), ("frekvens", FREQUENCIES)],
    "deltakelse": [("rolle", ROLES)],
    "relasjoner": [("type", RELATION_TYPES), ("nivå", LEVELS)],
}


def _plain(value: Any) -> Any:
    """A value every exchange format can hold: str, int, float or bool (no control characters)."""
    if isinstance(value, tuple):
        value = ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return strip_control(value)
    return value


def _attrs(row: Any, columns: dict[str, str]) -> dict[str, Any]:
    out = {}
    for name, column in columns.items():
        value = _plain(getattr(row, name))
        if value not in ("", None) and not (name == "exists" and value is True):  # finnes only when "nei"
            out[column] = value
    return out


def to_multigraph(cmap: CollaborationMap) -> nx.MultiDiGraph:
    """The map as a directed multigraph with Norwegian attribute names (see module docs)."""
    graph = nx.MultiDiGraph()
    for actor in cmap.actors:
        graph.add_node(actor.id, label=_plain(actor.name), element=ACTOR, **_attrs(actor, _ACTOR_COLUMNS))
    for forum in cmap.forums:
        graph.add_node(forum.id, label=_plain(forum.name), element=FORUM, **_attrs(forum, _FORUM_COLUMNS))
    for m in cmap.entered_memberships:  # as each workshop group entered them
        graph.add_edge(m.actor, m.forum, element=MEMBERSHIP, **_attrs(m, _MEMBERSHIP_COLUMNS))
    for r in cmap.entered_relations:
        graph.add_edge(r.source, r.target, element=RELATION, **_attrs(r, _RELATION_COLUMNS))
    return graph


def _graph_tables(cmap: CollaborationMap) -> dict[str, str]:
    """Routines, expectations and ``om`` as JSON strings (GraphML graph attributes)."""
    from samhandling.io import map_to_tables

    tables = map_to_tables(cmap)
    out = {}
    for name in ("rutiner", "forventninger", "om"):
        frame = tables.get(name)
        if frame is not None and len(frame):
            records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
            out[f"tabell_{name}"] = strip_control(json.dumps(records, ensure_ascii=False, default=str))
    return out


def _layout(cmap: CollaborationMap) -> dict[str, tuple[float, float]]:
    """Node positions: the layout saved with the map, the rest laid out around it."""
    from samhandling.maps.layout import compute_layout

    nodes = [a.id for a in cmap.actors] + [f.id for f in cmap.forums]
    edges = [(m.actor, m.forum) for m in cmap.memberships] + [(r.source, r.target) for r in cmap.relations]
    placed = compute_layout(nodes, edges, seed=7, previous=cmap.position_by_id or None)
    return {str(k): (float(x), float(y)) for k, (x, y) in placed.items()}


def _rgb(cmap: CollaborationMap, node: str) -> tuple[int, int, int]:
    """The node's colour as on the app's map: actors by sector, forums grey."""
    from samhandling.maps.palette import FORUM_FACE, SECTOR_COLOURS, UNKNOWN_SECTOR

    actor = cmap.actor_by_id.get(node)
    colour = FORUM_FACE if actor is None else SECTOR_COLOURS.get(actor.sector, UNKNOWN_SECTOR)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _add_drawing(graph: nx.MultiDiGraph, cmap: CollaborationMap, fmt: str) -> None:
    """Positions and colours Gephi reads: GEXF ``viz``, GraphML ``x``/``y``/``r``/``g``/``b``.

    The y axis is flipped (Gephi draws y upwards; the app's map downwards).
    """
    for node, (x, y) in _layout(cmap).items():
        r, g, b = _rgb(cmap, node)
        if fmt == "gexf":
            graph.nodes[node]["viz"] = {"position": {"x": x, "y": -y, "z": 0.0},
                                        "color": {"r": r, "g": g, "b": b, "a": 1.0}}
        else:
            graph.nodes[node].update(x=x, y=-y, r=r, g=g, b=b)


def export_bytes(cmap: CollaborationMap, fmt: str) -> bytes:
    """The map in exchange format ``fmt`` (``graphml``, ``gexf`` or ``kumu``).

    GraphML and GEXF carry each node's position (the layout saved with the map) and
    colour, so Gephi opens the picture the room made.
    """
    if fmt == "kumu":
        return json.dumps(_to_kumu(cmap), ensure_ascii=False, indent=2).encode("utf-8")
    graph = to_multigraph(cmap)
    buffer = io.BytesIO()
    if fmt == "graphml":
        graph.graph.update(_graph_tables(cmap))
        _add_drawing(graph, cmap, fmt)
        nx.write_graphml(graph, buffer, encoding="utf-8")
    elif fmt == "gexf":
        _add_drawing(graph, cmap, fmt)
        nx.write_gexf(graph, buffer, encoding="utf-8")
    else:
        raise MapFileError([Problem(t("exchange.unknown_format", fmt=fmt))])
    return buffer.getvalue()


def _to_kumu(cmap: CollaborationMap) -> dict[str, Any]:
    graph = to_multigraph(cmap)
    elements = []
    for node, data in graph.nodes(data=True):
        element = {"id": node, "label": data["label"]}
        element.update({k: v for k, v in data.items() if k != "label"})
        elements.append(element)
    connections = []
    for number, (source, target, data) in enumerate(graph.edges(data=True), start=1):
        connection = {"id": f"kobling-{number}", "from": source, "to": target}
        connection["direction"] = "directed"
        connection["type"] = data.get("relasjonstype", MEMBERSHIP) if data["element"] == RELATION else MEMBERSHIP
        connection.update(data)
        connections.append(connection)
    return {"elements": elements, "connections": connections}


# ---------------------------------------------------------------- import


def _safe_xml(data: bytes, fmt: str) -> None:
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException

    try:
        safe_tree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise MapFileError([Problem(t("exchange.unsafe_xml"))]) from None
    except Exception as error:  # ParseError and friends: say what the parser said
        raise MapFileError([Problem(t("exchange.bad_xml", fmt=fmt.upper(), reason=error))]) from None


def _read_graph(data: bytes, fmt: str) -> nx.MultiDiGraph:
    from samhandling.io.limits import MAX_ROWS

    if data.count(b"<node") > MAX_ROWS or data.count(b"<edge") > MAX_ROWS:  # before a parser sees it
        raise MapFileError([Problem(t("exchange.too_many_xml_items", limit=MAX_ROWS))])
    _safe_xml(data, fmt)
    try:
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        graph = reader(io.BytesIO(data))
    except Exception as error:  # networkx raises several kinds for bad files
        raise MapFileError([Problem(t("exchange.bad_xml", fmt=fmt.upper(), reason=error))]) from None
    return nx.MultiDiGraph(graph)


def _from_kumu(data: bytes) -> nx.MultiDiGraph:
    from samhandling.io.kumu import read_blueprint

    elements, connections = read_blueprint(data)
    graph = nx.MultiDiGraph()
    by_label: dict[str, str] = {}
    for element in elements:
        attrs = {k: v for k, v in element.items() if k not in ("id", "_id")}
        node = str(element.get("id") or element.get("_id") or element.get("label") or "")
        if not node:
            continue
        graph.add_node(node, **attrs)
        by_label.setdefault(str(element.get("label", node)), node)
    for connection in connections:
        ends = [str(connection.get(end, "")) for end in ("from", "to")]
        ends = [end if end in graph else by_label.get(end, end) for end in ends]
        attrs = {k: v for k, v in connection.items() if k not in ("id", "_id", "from", "to", "direction")}
        if attrs.get("element") != MEMBERSHIP and "relasjonstype" not in attrs and "type" in attrs:
            attrs["relasjonstype"] = attrs["type"]
        attrs.pop("type", None)
        graph.add_edge(ends[0], ends[1], **attrs)
    return graph


def _slug(value: str) -> str:
    slug = re.sub(r"[^\w.\-]+", "-", value.strip(), flags=re.UNICODE).strip("-")
    return slug or "uten-navn"


def _position(data: dict[str, Any]) -> tuple[float, float] | None:
    """A node's position in the file (GEXF ``viz``, GraphML ``x``/``y``), y flipped back."""
    where = (data.get("viz") or {}).get("position") or data
    try:
        return float(where["x"]), -float(where["y"])
    except (KeyError, TypeError, ValueError):
        return None


def _kind(data: dict[str, Any]) -> str | None:
    element = str(data.get("element", "")).strip().lower()
    if element in (ACTOR, "aktor", "actor"):
        return ACTOR
    if element == FORUM:
        return FORUM
    return None


def tables_from_multigraph(graph: nx.MultiDiGraph) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Raw map tables (Norwegian columns) from an exchange graph, with the warnings of the mapping."""
    warnings: list[Problem] = []
    ids: dict[str, str] = {}
    for node in graph.nodes:
        new = str(node).strip()
        if not is_valid_id(new):
            new = _slug(new)
            warnings.append(Problem(t("exchange.id_changed", value=node, new=new), column="id", value=str(node)))
        ids[node] = new
    tables: dict[str, list[dict[str, Any]]] = {"aktører": [], "fora": [], "deltakelse": [], "relasjoner": [],
                                               "posisjoner": []}
    kinds: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        kind = _kind(data)
        if kind is None:
            kind = ACTOR
            warnings.append(Problem(t("exchange.kind_guessed", value=data.get("label", node)), value=str(node)))
        kinds[node] = kind
        columns = _ACTOR_COLUMNS if kind == ACTOR else _FORUM_COLUMNS
        row = {"id": ids[node], "navn": data.get("navn") or data.get("label") or str(node)}
        row.update({c: data[c] for c in columns.values() if c in data and c != "navn"})
        tables["aktører" if kind == ACTOR else "fora"].append(row)
        position = _position(data)
        if position is not None:
            tables["posisjoner"].append({"id": ids[node], "x": position[0], "y": position[1]})
    for source, target, data in graph.edges(data=True):
        if source not in kinds or target not in kinds:
            missing = source if source not in kinds else target
            warnings.append(Problem(t("exchange.missing_endpoint", value=missing), value=str(missing)))
            continue
        ends = {kinds[source], kinds[target]}
        if ends == {FORUM}:
            warnings.append(Problem(t("exchange.forum_forum_edge", source=source, target=target)))
        elif FORUM in ends:
            actor, forum = (source, target) if kinds[target] == FORUM else (target, source)
            row = {"forum": ids[forum], "aktør": ids[actor]}
            row.update({c: data[c] for c in ("rolle", "registrert_av", "finnes") if data.get(c) not in (None, "")})
            tables["deltakelse"].append(row)
        else:
            row = {"fra": ids[source], "til": ids[target]}
            if data.get("relasjonstype") not in (None, ""):
                row["type"] = data["relasjonstype"]
            row.update({c: data[c] for c in ("formalisert", "nivå", "rutine", "beskrivelse", "registrert_av", "finnes")
                        if c in data})
            tables["relasjoner"].append(row)
    for name in ("rutiner", "forventninger", "om"):
        raw = graph.graph.get(f"tabell_{name}")
        if raw:
            try:
                tables[name] = json.loads(str(raw))
            except (ValueError, RecursionError):  # not JSON (a hand-edited or foreign file)
                warnings.append(Problem(t("exchange.bad_table", table=name), name))
    warnings.extend(_drop_missing_routines(tables))
    warnings.extend(_map_vocabulary(tables))
    return tables, warnings


def _drop_missing_routines(tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Unlink relations from routines the file does not carry (GEXF and Kumu have no routines)."""
    known = {str(row.get("id", "")).strip() for row in tables.get("rutiner", []) if isinstance(row, dict)}
    warnings = []
    for number, row in enumerate(tables["relasjoner"], start=1):
        routine = row.get("rutine")
        if routine in (None, "") or str(routine).strip() in known:
            continue
        del row["rutine"]
        warnings.append(Problem(t("exchange.routine_missing", source=row["fra"], target=row["til"], value=routine),
                                "relasjoner", number, "rutine", str(routine)))
    return warnings


def _map_vocabulary(tables: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """Replace words outside our vocabulary by the default (drop them), with a warning each."""
    warnings = []
    for table, controlled in _CONTROLLED.items():
        for number, row in enumerate(tables.get(table, []), start=1):
            for column, words in controlled:
                value = row.get(column)
                if value in (None, "") or match_word(value, words):
                    continue
                del row[column]
                warnings.append(
                    Problem(t("exchange.value_mapped", value=value, column=column), table, number, column, str(value))
                )
    return warnings


def import_bytes(data: bytes, fmt: str) -> Any:
    """Read an exchange file into a checked map: a :class:`samhandling.io.LoadResult`."""
    from samhandling.io import LoadResult, map_from_tables

    if fmt not in FORMATS:
        raise MapFileError([Problem(t("exchange.unknown_format", fmt=fmt))])
    graph = _from_kumu(data) if fmt == "kumu" else _read_graph(data, fmt)
    tables, warnings = tables_from_multigraph(graph)
    result = map_from_tables(tables, first_row=1)
    return LoadResult(result.map, tuple(warnings) + tuple(result.warnings))


# Keep the dataclass field lists and the column maps in step (a test imports this).
MODEL_FIELDS = {
    "actor": [f.name for f in fields(Actor) if f.name != "id"],
    "forum": [f.name for f in fields(Forum) if f.name != "id"],
    "membership": [f.name for f in fields(Membership)],
    "relation": [f.name for f in fields(Relation) if f.name not in ("source", "target")],
}
