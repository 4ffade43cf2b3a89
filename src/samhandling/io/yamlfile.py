"""YAML map files: one top-level key per table, each a list of rows (mappings).

Reading uses PyYAML's *safe* loader (the C one when available, for speed) with one
change: plain scalars stay strings, except ``~``/``null``/empty which are blank.
YAML 1.1 would otherwise turn the id ``no`` into ``False``, ``007`` into ``7`` and
``1:30`` into ``90``; the cell readers of :mod:`.cells` parse numbers, booleans and
dates the same way for every file type instead. The first item of a list is row 1.

Writing uses the safe dumper with ``allow_unicode`` and ``sort_keys=False``, leaves
out values equal to the default (they come back on reading), writes lists as YAML
lists and multi-line text as ``|`` blocks. ``om`` is written as a one-row list.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

import yaml

from samhandling.io import limits
from samhandling.io.report import fail
from samhandling.io.schema import TABLES
from samhandling.io.tables import model_rows
from samhandling.model import CollaborationMap

__all__ = ["read_yaml", "write_yaml"]

_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _StringLoader(_SafeBase):  # type: ignore[misc]
    """The safe loader, with plain scalars kept as text (null stays null)."""


_StringLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StringLoader.yaml_implicit_resolvers = {k: v for k, v in _StringLoader.yaml_implicit_resolvers.items() if v}


def read_yaml(data: bytes, source: str | None = None) -> list[tuple[str, object]]:
    """The top-level ``(table name, rows)`` pairs of a YAML map; MapFileError if unreadable."""
    limits.check_size(len(data), source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("file.not_text", source, name=source or "YAML") from None
    try:
        document = yaml.load(text, Loader=_StringLoader)  # noqa: S506 - a SafeLoader subclass
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
