"""YAML map files: one top-level key per table, each a list of rows (mappings).

Reading is stricter than ``yaml.safe_load``: :func:`_load` builds text, ``None``,
lists and dicts straight from the events of PyYAML's safe (C) parser — no tag ever
constructs anything else, and aliases may unfold to at most a million values. Plain scalars stay text (``~``,
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
from samhandling.io import limits, yamlfast
from samhandling.io.report import Report, fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_yaml", "write_yaml", "duplicate_keys"]

_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _is_null(event: yaml.ScalarEvent) -> bool:
    """``~``, ``null`` or nothing, written plain and without a tag (as PyYAML resolves them)."""
    return event.tag in (None, "!") and event.implicit[0] and event.value in _NULLS


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
    """The document as str/None/list/dict only, built straight from the parser's events.

    PyYAML's safe (C) parser gives the events; no tag ever constructs anything, and
    no node graph is composed in between (that was two thirds of the load time).
    An alias gives the same object again (no copies), an alias to its own ancestor is
    an undefined alias, and a second document is refused, as PyYAML's composer does.
    Aliases may add at most :data:`MAX_ALIAS_EXPANSION` values when unfolded
    (:class:`AliasBomb` otherwise): a key or a cell is turned into text, and a tiny file
    of nested aliases unfolds to billions of values.
    """
    loader = _SafeBase(text)
    try:
        return _build(loader)
    except _DuplicateKey:
        pass
    finally:
        loader.dispose()
    # Rare: a key written twice in one mapping. Compose the node graph (aliases are not
    # unfolded) to name every duplicate with its lines, and refuse the file.
    composer = _SafeBase(text)
    try:
        node = composer.get_single_node()
    finally:
        composer.dispose()
    raise MapFileError(duplicate_keys(node) if node is not None else [], source=source)


class _DuplicateKey(Exception):
    """A mapping has the same key twice (the fast builder stops; :func:`duplicate_keys` says where)."""


class AliasBomb(Exception):
    """Aliases unfold to more than :data:`MAX_ALIAS_EXPANSION` values; ``line`` is the alias that tipped it."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


MAX_ALIAS_EXPANSION = 1_000_000


def _build(loader: Any) -> object:
    get_event = loader.get_event
    scalar_event, no_key = yaml.ScalarEvent, _NO_KEY
    anchors: dict[str, tuple[object, int]] = {}
    # Each open container: [object, key waiting for its value or _NO_KEY, anchor, unfolded size].
    stack: list[list[Any]] = []
    root: object = None
    documents = 0
    extra = 0  # values added by unfolding aliases
    while True:
        event = get_event()
        kind = type(event)
        if kind is scalar_event:
            value: object = event.value
            if value in _NULLS and _is_null(event):
                value = None
            if event.anchor is None and stack:  # most values: straight into their row (as _attach does)
                top = stack[-1]
                top[3] += 1
                container = top[0]
                if type(container) is list:
                    container.append(value)
                elif top[1] is no_key:
                    key = value if value is not None else "None"
                    if key in container:
                        raise _DuplicateKey
                    top[1] = key
                else:
                    container[top[1]] = value
                    top[1] = no_key
                continue
            weight = 1
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            container: Any = {} if kind is yaml.MappingStartEvent else []
            if event.anchor is not None and event.anchor in anchors:
                raise yaml.composer.ComposerError("found duplicate anchor", None, None, event.start_mark)
            stack.append([container, _NO_KEY, event.anchor, 1])
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, _, anchor, weight = stack.pop()
            if anchor is not None:
                anchors[anchor] = (value, weight)
            _attach(stack, value, weight)
            if not stack:
                root = value
            continue
        elif kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}",
                                                  event.start_mark)
            value, weight = anchors[event.anchor]
            extra += weight - 1
            if extra > MAX_ALIAS_EXPANSION:
                raise AliasBomb(event.start_mark.line + 1)
            _attach(stack, value, weight)
            if not stack:
                root = value
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError("expected a single document in the stream", None,
                                                  "but found another document", event.start_mark)
            continue
        elif kind is yaml.StreamEndEvent:
            return root
        else:
            continue  # stream start, document end
        if event.anchor is not None:
            if event.anchor in anchors:
                raise yaml.composer.ComposerError("found duplicate anchor", None, None, event.start_mark)
            anchors[event.anchor] = (value, weight)
        _attach(stack, value, weight)
        if not stack:
            root = value


_NO_KEY = object()


def _attach(stack: list[list[Any]], value: object, weight: int) -> None:
    """Put a finished value into the open container: a list item, a key, or a key's value."""
    if not stack:
        return
    top = stack[-1]
    top[3] += weight
    container = top[0]
    if type(container) is list:
        container.append(value)
    elif top[1] is _NO_KEY:
        key = value if type(value) is str else str(value)  # bounded: aliases are limited above
        if key in container:
            raise _DuplicateKey
        top[1] = key
    else:
        container[top[1]] = value
        top[1] = _NO_KEY


def read_yaml(data: bytes, source: str | None = None) -> list[tuple[str, object]]:
    """The top-level ``(table name, rows)`` pairs of a YAML map; MapFileError if unreadable."""
    limits.check_size(len(data), source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("file.yaml_not_utf8", source, name=source or "YAML") from None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    document = yamlfast.load_fast(body, text)
    try:
        if document is yamlfast.DECLINED:
            document = _load(text, source)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else ("?", "?")
        raise fail("file.yaml_syntax", source, line=line, col=col) from None
    except AliasBomb as bomb:
        raise fail("file.yaml_alias_bomb", source, line=bomb.line, limit=f"{MAX_ALIAS_EXPANSION:,}".replace(",", " ")
                   ) from None
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
