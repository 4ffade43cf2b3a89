"""The words on a map: memoised texts and labels in the current language.

A big map asks for the same few texts tens of thousands of times, so
:func:`samhandling.i18n.t` and :func:`samhandling.vocabulary.label` are memoised
here per language. The language is read once per public call (it is process-wide:
``$SAMHANDLING_LANG``): each entry point sets ``_LANGUAGE[0] = language()`` first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from samhandling.i18n import language, number, t
from samhandling.vocabulary import label

__all__ = ["_LANGUAGE", "_t", "_label", "_number", "_names"]

_TITLE_NAMES = 8


@lru_cache(maxsize=1024)
def _raw_text(lang: str, key: str) -> Any:
    return t(key)


# The language is read once per public call (it is process-wide: $SAMHANDLING_LANG).
_LANGUAGE = [language()]


def _t(key: str, /, **values: Any) -> str:
    """:func:`samhandling.i18n.t`, memoised: a big map asks for the same few texts 50,000 times."""
    text = _raw_text(_LANGUAGE[0], key)
    return text.format(**values) if values else text


@lru_cache(maxsize=8192)
def _raw_label(lang: str, vocabulary: str, word: str) -> str:
    return label(vocabulary, word)


def _label(vocabulary: str, word: str) -> str:
    return _raw_label(_LANGUAGE[0], vocabulary, word)


def _number(value: float) -> str:
    """A Norwegian decimal with one digit, without a trailing ``,0``."""
    return _number_in(round(float(value), 1), _LANGUAGE[0])


@lru_cache(maxsize=4096)
def _number_in(value: float, lang: str) -> str:  # lang: the cache key of the active language
    return number(value)


def _names(items: list[str]) -> str:
    """The first few names, comma-separated, then how many more there are."""
    shown = ", ".join(items[:_TITLE_NAMES])
    if len(items) > _TITLE_NAMES:
        shown += " " + _t("maps.title.more", count=len(items) - _TITLE_NAMES)
    return shown
