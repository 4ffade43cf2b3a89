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

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["t", "tn", "counted", "language", "use_language", "language_held", "number", "percent",
           "DEFAULT_LANGUAGE", "LANGUAGES", "texts_everywhere"]

DEFAULT_LANGUAGE = "nb"
# The Babel locale behind each language folder: plural rules and number formats.
_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "se": "se_NO"}
# The C version of PyYAML's safe loader where it is built (it is on PyPI's wheels).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A language chosen for one app session (the sidebar switch); set in the session's own
# thread, so two browser tabs can read two languages. None: $SAMHANDLING_LANG decides.
_CHOSEN: ContextVar[str | None] = ContextVar("samhandling_language", default=None)
LANGUAGES = ("nb", "nn")  # the complete user-interface languages


def language() -> str:
    """The active language code: the session's choice, else ``$SAMHANDLING_LANG``, else bokmål."""
    return _CHOSEN.get() or os.environ.get("SAMHANDLING_LANG", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def use_language(lang: str | None) -> None:
    """Make ``lang`` the language of the current thread's context (``None``: back to the default)."""
    _CHOSEN.set(lang or None)


@contextmanager
def language_held() -> Iterator[str]:
    """Hold the active language fixed in a block of work that asks for many texts.

    :func:`language` reads the environment on every call when no session chose a
    language; the analysis of a country map asks a quarter of a million times. Inside
    the block the answer is the same, from the context variable.
    """
    token = _CHOSEN.set(language())
    try:
        yield _CHOSEN.get() or DEFAULT_LANGUAGE
    finally:
        _CHOSEN.reset(token)


@cache
def _namespace(lang: str, namespace: str) -> dict[str, Any] | None:
    """One file of a language's texts, read when first asked for (a CLI run needs a few of 17)."""
    entry = resources.files("samhandling") / "locales" / lang / f"{namespace}.yaml"
    if not entry.is_file():
        return None
    return yaml.load(entry.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}


def _lookup(lang: str, key: str) -> Any:
    namespace, _, rest = key.partition(".")
    node: Any = _namespace(lang, namespace)
    if node is None or not rest:
        return node
    for part in rest.split("."):
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
    text = _lookup(language(), key)
    if text is None and language() != DEFAULT_LANGUAGE:
        text = _lookup(DEFAULT_LANGUAGE, key)
    if text is None:
        raise KeyError(f"Text key {key!r} is not in locales/{DEFAULT_LANGUAGE}")
    if isinstance(text, str) and values:
        return text.format(**values)
    return text


def texts_everywhere(key: str) -> list[Any]:
    """The node of ``key`` in every language folder that has it (bokmål first)."""
    root = resources.files("samhandling") / "locales"
    languages = sorted((entry.name for entry in root.iterdir() if entry.is_dir()),
                       key=lambda name: (name != DEFAULT_LANGUAGE, name))
    return [node for node in (_lookup(lang, key) for lang in languages) if node is not None]


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
    if language() in _ONE_OR_OTHER and type(value) in (int, float) and math.isfinite(value):
        return _norwegian_number(value, decimals)
    from babel.numbers import format_decimal  # imported on first use: the CLI starts without it

    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    text = format_decimal(value, format=pattern, locale=_babel_locale())
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _norwegian_number(value: float, decimals: int) -> str:
    """``number`` for nb/nn without importing Babel (~50 ms of a CLI run), rounded as Babel rounds.

    Babel rounds ``Decimal(str(value))`` half to even; ``tests/test_i18n_plural.py`` checks
    both give the same text.
    """
    from decimal import ROUND_HALF_EVEN, Decimal

    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_EVEN)
    whole, _, fraction = f"{rounded:,f}".partition(".")
    fraction = fraction.rstrip("0")
    text = whole.replace(",", " ") + ("," + fraction if fraction else "")
    return text


def percent(share: float) -> str:
    """A share (0–1) as a whole percentage with a space before the sign: ``'37 %'``.

    >>> percent(0.374)
    '37 %'
    """
    return f"{number(round(share * 100), 0)} %"


def _babel_locale() -> str:
    return _BABEL_LOCALES.get(language(), _BABEL_LOCALES[DEFAULT_LANGUAGE])


# Languages whose CLDR cardinal rule for whole numbers is "one" for 1, else "other":
# answered without importing Babel (~50 ms of a CLI run; tests/test_i18n_plural.py checks they agree).
_ONE_OR_OTHER = frozenset({"nb", "nn"})


@cache
def _plural_category(lang: str, count: int) -> str:
    if lang in _ONE_OR_OTHER and isinstance(count, int):
        return "one" if count == 1 else "other"
    from babel import Locale

    return str(Locale.parse(_BABEL_LOCALES.get(lang, _BABEL_LOCALES[DEFAULT_LANGUAGE])).plural_form(count))


def counted(counts: dict[str, int]) -> dict[str, str]:
    """Each count with its noun in the right form: ``{"forums": 1}`` -> ``{"forums": "1 forum"}``.

    The nouns are ``vocabulary.count.<name>`` (``actors``, ``forums``, ``memberships``,
    ``relations``, ``routines``, ``expectations``, ``connections``).
    """
    return {name: tn(f"vocabulary.count.{name}", n) for name, n in counts.items()}
