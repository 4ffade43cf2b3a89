"""Kumu's JSON blueprint, read safely: text encoding, nesting, numbers and size are checked.

A blueprint is ``{"elements": [...], "connections": [...]}``. Kumu's own export puts
each element's label and fields under ``attributes`` and keys it by ``_id``
(``{"_id": "elem-1", "attributes": {"label": "PPT", "element type": "Tjeneste"}}``);
our export writes them flat (``{"id": "ppt", "label": "PPT", "element": "aktør"}``).
:func:`read_blueprint` accepts both and returns flat dicts.

Every problem is a :class:`~samhandling.errors.MapFileError` with a Norwegian
message: a file in UTF-16 (Windows Notepad) is decoded, other encodings are named;
nesting deeper than :data:`MAX_DEPTH`, numbers that are not finite or have more
digits than Python converts, and more than :data:`~samhandling.io.limits.MAX_ROWS`
elements or connections are refused.
"""

from __future__ import annotations

import codecs
import json
import math
from typing import Any

from samhandling.errors import MapFileError, Problem
from samhandling.i18n import t
from samhandling.io.limits import MAX_DEPTH, MAX_ROWS

__all__ = ["read_blueprint", "decode_text"]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Kumu's own names for what our files call "element" and "relasjonstype".
_ELEMENT_KIND = ("element type", "element_type", "elementtype")
_CONNECTION_KIND = ("connection type", "connection_type", "connectiontype")


def _fail(key: str, **values: Any) -> MapFileError:
    return MapFileError([Problem(t(f"exchange.{key}", **values))])


def decode_text(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail("not_utf8", position=error.start + 1) from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _refuse_constant(text: str) -> Any:
    raise ValueError(text)


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (iterative: no recursion limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, level + 1) for child in item if isinstance(child, (list, dict)))
    return deepest


def _parse(text: str) -> Any:
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_refuse_constant)
    except RecursionError:
        raise _fail("json_too_deep", limit=MAX_DEPTH) from None
    except json.JSONDecodeError as error:
        raise _fail("bad_json", line=error.lineno, column=error.colno) from None
    except ValueError:  # a number too long to convert, or NaN/Infinity/1e999
        raise _fail("json_bad_number") from None


def _flat(item: dict[str, Any], kind_names: tuple[str, ...], kind: str) -> dict[str, Any]:
    """One element or connection as a flat dict: Kumu's ``attributes`` lifted to the top."""
    out = {k: v for k, v in item.items() if k != "attributes"}
    attributes = item.get("attributes")
    if isinstance(attributes, dict):
        for key, value in attributes.items():  # Kumu fields are named by hand: "Sektor" = "sektor"
            out.setdefault(str(key).strip().lower(), value)
    if "description" in out and "beskrivelse" not in out:  # Kumu's built-in field
        out["beskrivelse"] = out["description"]
    if kind not in out:
        found = next((out[name] for name in kind_names if out.get(name) not in (None, "")), None)
        if found is not None:
            out[kind] = found
    return out


def read_blueprint(data: bytes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The elements and connections of a Kumu blueprint, each a flat dict."""
    blueprint = _parse(decode_text(data))
    if not isinstance(blueprint, dict) or not isinstance(blueprint.get("elements"), list):
        raise _fail("not_kumu")
    if _depth(blueprint) > MAX_DEPTH:
        raise _fail("json_too_deep", limit=MAX_DEPTH)
    connections = blueprint.get("connections") or []
    if not isinstance(connections, list):
        raise _fail("not_kumu")
    for name, items in (("elements", blueprint["elements"]), ("connections", connections)):
        if len(items) > MAX_ROWS:
            raise _fail("too_many_items", name=name, count=len(items), limit=MAX_ROWS)
    elements = [_flat(e, _ELEMENT_KIND, "element") for e in blueprint["elements"] if isinstance(e, dict)]
    links = [_flat(c, _CONNECTION_KIND, "type") for c in connections if isinstance(c, dict)]
    return elements, links
