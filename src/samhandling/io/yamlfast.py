"""The fast path for YAML map files: rapidyaml (C++) for the common, well-formed file.

:func:`load_fast` gives exactly what :func:`samhandling.io.yamlfile._load` gives (text,
``None``, lists and dicts; plain ``~``/``null``/empty is ``None``, every other scalar stays
the text as written) — or :data:`DECLINED`, and the caller takes the PyYAML event path,
which also gives every Norwegian error. It declines whatever it cannot vouch for:

- a character PyYAML refuses or reads as a line break (control characters, NEL, U+2028/9,
  a lone CR, a BOM inside the text), a backslash (escapes in double quotes), a tab;
- constructs the two parsers read differently (found by differential fuzzing, see
  :func:`_risky_syntax`): directives, "@x", "?x", "|2", a second document marker, a flow
  collection over several lines or with a comment inside, ...;
- anchors, aliases and tags (never expanded here, so no alias bomb can unfold): a text
  that might hold one is checked node by node, and any one sends the file to the old path;
- a syntax error, a key written twice, more than one document, a root that is not a
  mapping, a key that is not text;
- a file under :data:`MIN_BYTES` (PyYAML is quick there, and rapidyaml is not imported);
- a value whose text rapidyaml's JSON output cannot give back exactly: ``~``/``Null``/
  ``NULL`` (plain or quoted?), ``.inf``/``.nan`` (written for ``inf`` too), and numbers it
  rewrites (``.5`` → ``0.5``, ``1.`` → ``1.0``).

How: rapidyaml parses the bytes into its tree and writes it as JSON, which the ``json``
module reads with numbers kept as their text (``parse_int=str``); ``true``/``false``
become their text again. Differential tests hold it to the old path
(``tests/test_io_yamlfast.py``). Without rapidyaml installed, everything declines.

rapidyaml prints its parse errors on the process's stderr (fd 2) before raising; the
parse runs with fd 2 pointed at ``/dev/null`` (under a lock; the extension holds the GIL
while it parses, so no other Python thread writes meanwhile).
"""

from __future__ import annotations

import json
import os
import re
import threading
from typing import Any, Final

__all__ = ["DECLINED", "MIN_BYTES", "available", "load_fast"]

# Smaller files take the PyYAML path: rapidyaml's import (~40 ms, it pulls in `deprecation`
# and `packaging`) would cost a kommune's map more than it saves; a county map is 2.3 MB.
MIN_BYTES = 200_000

_ryml: Any = None
_imported = False


class _Declined:
    def __repr__(self) -> str:
        return "DECLINED"


DECLINED: Final = _Declined()

# Characters PyYAML (libyaml) refuses, or reads as line breaks where rapidyaml does not
# (NEL, U+2028, U+2029), a BOM inside the text; a backslash (double-quoted escapes). A tab
# is declined too: "a:\thelse" is text to rapidyaml and an error to PyYAML.
# A lone CR and a directive (%YAML, %TAG) are looked for separately.
_RISKY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_LONE_CR = re.compile("\r(?!\n)")
# Characters that may start a construct the two parsers read differently; each one found is
# looked at in its place by _risky_syntax (one pass over the text in C, then a few in Python).
_SPECIAL = re.compile(r"[@`%\]},?|>\[{]")
_MARKER = re.compile(r"^(?:---|\.\.\.)", re.MULTILINE)


def _risky_syntax(text: str) -> bool:
    """Whether ``text`` holds a construct PyYAML refuses (or reads otherwise) and rapidyaml takes.

    At the start of a scalar: "@x", "`x", "%x", "?" (an explicit key), a block scalar header
    other than | |- |+ > >- >+ alone on its line ("|2", "> # note"); after a space or at a
    line start: a stray "]", "}" or ","; a document marker after the first line; and in a
    file with flow collections, what :func:`_risky_flow` finds.
    """
    flow = False
    for match in _SPECIAL.finditer(text):
        at = match.start()
        char = text[at]
        previous = text[at - 1] if at else "\n"
        if char in "]}":
            if previous in " \n\r":
                return True
            continue
        if char == ",":
            if previous in " \n\r[{":
                return True
            continue
        back = at - 1
        while back >= 0 and text[back] == " ":
            back -= 1
        before = text[back] if back >= 0 else "\n"
        if before in "\n\r[{,":
            start = True
        elif before in ":-?":
            start = back < at - 1 and (before == ":" or back == 0 or text[back - 1] in " \n\r")
        else:
            start = False
        if not start:
            continue
        if char in "[{":
            flow = True
        elif char in "@`%":
            return True
        elif char == "?":  # "? key", and in a flow collection "?x" is a key too (to PyYAML)
            return True
        else:  # | or >
            end = text.find("\n", at)
            if text[at + 1:end if end >= 0 else len(text)].rstrip("\r") not in ("", "+", "-"):
                return True
    if ("\n---" in text or "\n..." in text or text.startswith("...")) and any(
            m.start() > 0 for m in _MARKER.finditer(text)):
        return True
    return flow and _risky_flow(text)


# In a flow collection ("{a: b}", "[a, b]") PyYAML refuses a ":" not followed by a space.
_TIGHT_COLON = re.compile(r":[^\s]")


def _risky_flow(text: str) -> bool:
    """Whether a flow collection in ``text`` holds what PyYAML and rapidyaml read differently.

    A ":" not followed by a space; a collection that does not close on its own line (a
    comment inside it hides the rest of the line from PyYAML); a comment on a line with a
    collection and quotes (a "#" in the quotes is no comment).
    """
    if _TIGHT_COLON.search(text):
        return True
    for line in text.splitlines():
        if "{" not in line and "[" not in line and "}" not in line and "]" not in line:
            continue
        cut = line.find(" #")
        before = line if cut < 0 else line[:cut]
        if before.count("{") + before.count("[") != before.count("}") + before.count("]"):
            return True
        if cut >= 0 and ("'" in before or '"' in before):
            return True
    return False


# Where a node property could start: an anchor (&a), an alias (*a) or a tag (!, !!str, !x)
# after a line start, a space or a flow indicator. "Barn & unge" and "Hei!" do not match.
_PROPERTY = re.compile(r"(?:^|[\s,\[\]{}:?-])(?:[&*]\S|!)")
# Values and keys whose text the JSON output does not give back exactly.
_AMBIGUOUS_VALUES = frozenset({"~", "Null", "NULL", ".inf", "-.inf", ".nan"})
_AMBIGUOUS_KEYS = frozenset({"", "~", "null", "Null", "NULL", ".inf", "-.inf", ".nan"})
_BOOL_TEXT = {True: "true", False: "false"}
_TEXT_TYPES = frozenset({str, type(None)})

_lock = threading.Lock()


class _Decline(Exception):
    pass


def _rapidyaml() -> Any:
    """The ``ryml`` module, imported on first use; None if it is not installed."""
    global _ryml, _imported
    if not _imported:
        try:
            import ryml
        except ImportError:  # pragma: no cover - a dependency; kept for platforms without a wheel
            ryml = None
        _ryml, _imported = ryml, True
    return _ryml


def available() -> bool:
    """True if rapidyaml is installed (the fast path can be taken)."""
    return _rapidyaml() is not None


def _rewritten(text: str, floats: set[str]) -> bool:
    """Whether a number among ``floats`` (as rapidyaml wrote them) may have been written differently.

    rapidyaml writes ``.5`` as 0.5, ``-.5`` as -0.5 and ``1.`` as 1.0. The other form is
    looked for in the text as a whole word; "Møtes 2. hver uke" is a false alarm (declined).
    """
    for number in floats:
        candidates = []
        if number.endswith(".0"):
            candidates.append(number[:-1])
        if number.startswith("0."):
            candidates.append(number[1:])
        elif number.startswith("-0."):
            candidates.append("-" + number[2:])
        for candidate in candidates:
            for match in re.finditer(re.escape(candidate) + r"(?![\w.])", text):
                start = match.start()
                if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "._"):
                    return True
    return False


def _parse(data: bytes) -> Any:
    """rapidyaml's tree of ``data`` (its error message kept off stderr), or raise _Decline."""
    assert _ryml is not None
    with _lock:
        saved = os.dup(2)
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 2)
            finally:
                os.close(null)
            try:
                return _ryml.parse_in_arena(data)
            except Exception:  # ExceptionParse/Basic: not well formed for rapidyaml
                raise _Decline from None
        finally:
            os.dup2(saved, 2)
            os.close(saved)


_BAD_BITS = 0


def _bad_bits() -> int:
    global _BAD_BITS
    if not _BAD_BITS and _ryml is not None:
        r = _ryml
        _BAD_BITS = r.KEYANCH | r.VALANCH | r.KEYREF | r.VALREF | r.KEYTAG | r.VALTAG
    return _BAD_BITS


def _has_properties(tree: Any) -> bool:
    """Whether any node has an anchor, is an alias or has a tag (one call per node)."""
    bad = _bad_bits()
    node_type = tree.type
    return any(node_type(node) & bad for node in range(tree.size()))


def _plain(document: Any) -> int:
    """Turn ``true``/``false`` back into text in place and count the nodes; _Decline if ambiguous.

    A container of text and ``None`` only (most rows) is checked in C.
    """
    nodes = 1
    stack = [document]
    pop, push = stack.pop, stack.append
    ambiguous, bad_keys, as_text, text_types = _AMBIGUOUS_VALUES, _AMBIGUOUS_KEYS, _BOOL_TEXT, _TEXT_TYPES
    while stack:
        container = pop()
        nodes += len(container)
        if type(container) is dict:
            if not bad_keys.isdisjoint(container):
                raise _Decline
            values = container.values()
        else:
            values = container
        if text_types.issuperset(map(type, values)):
            if not ambiguous.isdisjoint(values):
                raise _Decline
            continue
        for key, value in (container.items() if type(container) is dict else enumerate(container)):
            kind = type(value)
            if kind is str:
                if value in ambiguous:
                    raise _Decline
            elif value is None:
                pass
            elif kind is bool:
                container[key] = as_text[value]
            else:
                push(value)
    return nodes


def load_fast(data: bytes, text: str) -> Any:
    """The document of ``text`` (``data`` without a BOM, as UTF-8) like the event path gives it, or DECLINED."""
    if (len(data) < MIN_BYTES or _rapidyaml() is None
            or "\\" in text or "\t" in text or _RISKY.search(text) or ("\r" in text and _LONE_CR.search(text))
            or _risky_syntax(text)
            # a block scalar on the last line: rapidyaml ends it with a line break that is not there
            or (not text.endswith("\n") and ("|" in text or ">" in text))):
        return DECLINED
    try:
        tree = _parse(data)
        root = tree.root_id()
        extra = 0
        if tree.is_stream(root):  # "---" at the top: one document only
            if tree.num_children(root) != 1:
                return DECLINED
            root = tree.first_child(root)
            extra = 1
        if not tree.is_map(root):
            return DECLINED
        if ("&" in text or "*" in text or "!" in text) and _PROPERTY.search(text) and _has_properties(tree):
            return DECLINED
        emitted = _ryml.emit_json(tree, root)
        size = tree.size()
        del tree
        floats: set[str] = set()

        def float_text(number: str) -> str:
            if number.endswith(".0") or number.startswith(("0.", "-0.")):
                floats.add(number)
            return number

        document = json.loads(emitted, parse_int=str, parse_float=float_text)
        if type(document) is not dict:
            return DECLINED
        if _plain(document) + extra != size:  # a key written twice (the JSON kept the last)
            return DECLINED
        if floats and _rewritten(text, floats):
            return DECLINED
    except (_Decline, ValueError, RecursionError, MemoryError, OSError):  # OSError: no fd 2 to point away
        return DECLINED
    return document
