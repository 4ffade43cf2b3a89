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

__all__ = ["t", "tn", "counted", "language", "number", "percent", "DEFAULT_LANGUAGE"]

DEFAULT_LANGUAGE = "nb"
# The Babel locale behind each language folder: plural rules and number formats.
_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "se": "se_NO"}
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


def tn(key: str, count: int, /, **values: Any) -> str:
    """Return the text for ``key`` in the plural form ``count`` takes in the active language.

    The catalogue node is a mapping of CLDR plural categories (``one``, ``two``,
    ``other`` …) to templates; ``other`` is the fallback. ``{n}`` in a template is
    ``count`` written as :func:`number` writes it.

    >>> tn("findings.count.relations", 1)  # doctest: +SKIP
    '1 relasjon'
    """
    node = t(key)
    if isinstance(node, str):
        forms: dict[str, str] = {"other": node}
    else:
        forms = node
    category = _plural_category(language(), count)
    template = forms.get(category) or forms["other"]
    return template.format(n=number(count), **values)


def number(value: float, decimals: int = 1) -> str:
    """A number as the active language writes it: decimal comma, space between thousands.

    At most ``decimals`` decimals, with trailing zeros dropped.

    >>> number(1.5), number(2.0), number(1234567), number(0.25, 2)
    ('1,5', '2', '1 234 567', '0,25')
    """
    from babel.numbers import format_decimal  # imported on first use: the CLI starts without it

    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    text = format_decimal(value, format=pattern, locale=_babel_locale())
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def percent(share: float) -> str:
    """A share (0–1) as a whole percentage with a space before the sign: ``'37 %'``.

    >>> percent(0.374)
    '37 %'
    """
    return f"{number(round(share * 100), 0)} %"


def _babel_locale() -> str:
    return _BABEL_LOCALES.get(language(), _BABEL_LOCALES[DEFAULT_LANGUAGE])


@cache
def _plural_category(lang: str, count: int) -> str:
    from babel import Locale

    return str(Locale.parse(_BABEL_LOCALES.get(lang, _BABEL_LOCALES[DEFAULT_LANGUAGE])).plural_form(count))


def counted(counts: dict[str, int]) -> dict[str, str]:
    """Each count with its noun in the right form: ``{"forums": 1}`` -> ``{"forums": "1 forum"}``.

    The nouns are ``vocabulary.count.<name>`` (``actors``, ``forums``, ``memberships``,
    ``relations``, ``routines``, ``expectations``, ``connections``).
    """
    return {name: tn(f"vocabulary.count.{name}", n) for name, n in counts.items()}
