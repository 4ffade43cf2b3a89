"""YAML map files: one top-level key per table, each a list of rows (mappings).

Reading is stricter than ``yaml.safe_load``: PyYAML's safe (C) parser composes the
node graph, and :func:`_to_python` turns it into text, ``None``, lists and dicts
only — no tag ever constructs anything else. Plain scalars stay text (``~``,
``null`` and empty are blank): YAML 1.1 would otherwise turn the id ``no`` into
``False``, ``007`` into ``7`` and ``1:30`` into ``90``; the cell readers of
:mod:`.cells` parse numbers, booleans and dates the same way for every file type.
It is also several times faster on big maps. The first item of a list is row 1.

Writing uses the safe dumper with ``allow_unicode`` and ``sort_keys=False``, leaves
out values equal to the default (they come back on reading), writes lists as YAML
lists and multi-line text as ``|`` blocks. ``om`` is written as a one-row list.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

import yaml

from samhandling.errors import MapFileError, Problem
from samhandling.io import limits
from samhandling.io.report import Report, fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_yaml", "write_yaml", "duplicate_keys"]

_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:null"


class _Composer(_SafeBase):  # type: ignore[misc]
    """PyYAML's safe (C) parser, used only to compose the node graph.

    ``resolve`` is cut down to "null or text": it runs once per scalar, and the
    general one (a regex scan per scalar) was most of the load time of a big map.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _NULL if implicit[0] and value in _NULLS else _STR
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


def _to_python(root: yaml.Node) -> object:
    """Nodes -> str/None/list/dict only. Tags are ignored, so nothing else is ever built.

    An alias gives the same object again (no copies: an alias bomb stays small); an
    alias to its own ancestor is refused.
    """
    done: dict[int, object] = {}
    building: set[int] = set()

    def convert(node: yaml.Node) -> object:
        key = id(node)
        if key in done:
            return done[key]
        if key in building:
            raise ValueError("recursive alias")
        if isinstance(node, yaml.ScalarNode):
            result: object = None if node.tag == _NULL else node.value
        elif isinstance(node, yaml.SequenceNode):
            building.add(key)
            result = [convert(item) for item in node.value]
        else:
            building.add(key)
            mapping: dict[object, object] = {}
            for key_node, value_node in node.value:
                name = convert(key_node)
                mapping[name if isinstance(name, str) else str(name)] = convert(value_node)
            result = mapping
        building.discard(key)
        done[key] = result
        return result

    return convert(root)


def duplicate_keys(root: yaml.Node) -> list[Problem]:
    """A problem for every key written twice in one mapping (a mapping keeps only the last).

    ``aktører:`` twice at the top, or ``navn:`` twice in one row, would otherwise lose
    data without a word. Each mapping node is visited once (aliases are not followed
    again), without recursion.
    """
    problems: list[Problem] = []
    seen_nodes: set[int] = set()
    # (node, table, row): table is the top-level key above, row the 1-based list position.
    stack: list[tuple[yaml.Node, str | None, int | None, int]] = [(root, None, None, 0)]
    while stack:
        node, table, row, depth = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, table, number, depth + 1) for number, item in enumerate(node.value, start=1))
        elif isinstance(node, yaml.MappingNode):
            lines: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
                line = key_node.start_mark.line + 1
                if key and key in lines:
                    where = (None, None, None) if depth == 0 else (table, row, key)
                    problems.append(Report.problem("file.yaml_duplicate_key", *where, name=key,
                                                   first=lines[key], second=line))
                lines.setdefault(key, line)
                child_table = key if depth == 0 else table
                stack.append((value_node, child_table, row, depth + 1))
    return sorted(problems, key=lambda p: (p.table or "", p.row or 0, p.message))


def _load(text: str, source: str | None = None) -> object:
    loader = _Composer(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return None
    duplicates = duplicate_keys(node)
    if duplicates:
        raise MapFileError(duplicates, source=source)
    return _to_python(node)


def read_yaml(data: bytes, source: str | None = None) -> list[tuple[str, object]]:
    """The top-level ``(table name, rows)`` pairs of a YAML map; MapFileError if unreadable."""
    limits.check_size(len(data), source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("file.yaml_not_utf8", source, name=source or "YAML") from None
    try:
        document = _load(text, source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else ("?", "?")
        raise fail("file.yaml_syntax", source, line=line, col=col) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        raise fail("file.yaml_syntax", source, line="?", col="?") from None
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise fail("file.yaml_not_mapping", source)
    return [(key if isinstance(key, str) else str(key), value) for key, value in document.items()]


class _Dumper(_DumperBase):  # type: ignore[misc]
    """Safe dumper that writes multi-line text as literal blocks."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _plain_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def write_yaml(cmap: CollaborationMap) -> bytes:
    """The map as readable YAML text (UTF-8), defaults left out."""
    rows = model_rows(cmap)
    document: dict[str, list[dict[str, Any]]] = {}
    for spec in TABLES:
        defaults = {f.name: f.default for f in fields(spec.model) if f.default is not MISSING}
        out = []
        for record in rows[spec.name]:
            item: dict[str, Any] = {}
            for column, value in zip(spec.columns, record, strict=True):
                default = defaults.get(column.field, MISSING)
                if not column.required and (value == default or value in ("", (), None)):
                    continue
                item[column.name] = _plain_value(value)
            out.append(item)
        if out or spec.name == "aktører":
            document[spec.name] = out
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)
    return text.encode("utf-8")
