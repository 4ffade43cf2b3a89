"""User-facing text, kept in one place per language.

Every sentence a user reads (loader errors, finding messages, CLI output, UI labels)
lives in ``samhandling/locales/<lang>/<namespace>.yaml``; code asks for it by key:

>>> t("cli.file_loads")  # doctest: +SKIP
'Filen kan leses.'

The language is ``nb`` (bokmål) unless ``SAMHANDLING_LANG`` names another folder
(``nn``, ``se``); a key missing there falls back to bokmål, so a new language can be
added one file at a time without touching logic.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["t", "language", "DEFAULT_LANGUAGE"]

DEFAULT_LANGUAGE = "nb"
# The C version of PyYAML's safe loader where it is built (it is on PyPI's wheels).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def language() -> str:
    """The active language code."""
    return os.environ.get("SAMHANDLING_LANG", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


@cache
def _catalogue(lang: str) -> dict[str, Any]:
    root = resources.files("samhandling") / "locales" / lang
    texts: dict[str, Any] = {}
    if not root.is_dir():
        return texts
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            namespace = entry.name[: -len(".yaml")]
            texts[namespace] = yaml.load(entry.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    return texts


def _lookup(catalogue: dict[str, Any], key: str) -> Any:
    node: Any = catalogue
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def t(key: str, /, **values: Any) -> Any:
    """Return the text for ``key`` (``namespace.name[.sub]``), formatted with ``values``.

    Strings are formatted with :meth:`str.format`; other nodes (lists, mappings) are
    returned as they are. A key found in no language raises ``KeyError``, so a typo
    fails in tests rather than showing a user a key.
    """
    text = _lookup(_catalogue(language()), key)
    if text is None and language() != DEFAULT_LANGUAGE:
        text = _lookup(_catalogue(DEFAULT_LANGUAGE), key)
    if text is None:
        raise KeyError(f"Text key {key!r} is not in locales/{DEFAULT_LANGUAGE}")
    if isinstance(text, str) and values:
        return text.format(**values)
    return text
