"""Matching typed words to the controlled vocabularies, fast and forgivingly.

A cell matches a canonical word when it folds (:func:`samhandling.vocabulary.fold`)
to the word or to the word's Norwegian label, so ``Ved behov``, ``ved_behov``,
``Sekretær`` and ``sekretar`` all give ``sekretar``/``ved_behov``. Results are
cached per typed value: a big map repeats the same few words many times.
"""

from __future__ import annotations

from samhandling.i18n import t, texts_everywhere
from samhandling.io import cells
from samhandling.io.schema import VOCABULARIES
from samhandling.vocabulary import fold

__all__ = ["WordMatcher", "word_lookup"]


def word_lookup(vocabulary: str) -> dict[str, str]:
    """Folded spelling (word or label) -> canonical word of ``vocabulary``."""
    words = VOCABULARIES[vocabulary]
    lookup: dict[str, str] = {}
    for word in words:
        lookup.setdefault(fold(word), word)
    # The active language's labels, and the other languages' too: a bokmål workbook loads
    # in a nynorsk app ("Månedlig" and "Kvar månad" are both manedlig).
    for labels in (t(f"vocabulary.{vocabulary}"), *texts_everywhere(f"vocabulary.{vocabulary}")):
        if isinstance(labels, dict):
            for word in words:
                if word in labels:
                    lookup.setdefault(fold(labels[word]), word)
    return lookup


class WordMatcher:
    """Reads ``word`` and ``kategori`` cells, caching each typed spelling."""

    def __init__(self) -> None:
        self._lookups: dict[str, dict[str, str]] = {}
        self._cache: dict[tuple[str, str], str | None] = {}

    def _match(self, vocabulary: str, text: str) -> str | None:
        key = (vocabulary, text)
        if key not in self._cache:
            lookup = self._lookups.get(vocabulary)
            if lookup is None:
                lookup = self._lookups[vocabulary] = word_lookup(vocabulary)
            self._cache[key] = lookup.get(fold(text))
        return self._cache[key]

    def word(self, vocabulary: str, column: str, cell: object) -> str:
        """The canonical word of ``cell``; :class:`cells.CellError` listing the valid words."""
        text = cells.read_text(cell)
        found = self._match(vocabulary, text)
        if found is None:
            raise cells.CellError(
                t(
                    "io.cell.not_in_vocabulary",
                    value=cells.show(text),
                    what=t(f"io.vocabulary_nouns.{vocabulary}"),
                    valid=", ".join(VOCABULARIES[vocabulary]),
                )
            )
        return found

    def is_category(self, text: str) -> str | None:
        """The catalogue word ``text`` folds to, or ``None``."""
        return self._match("category", text)

    def category(self, cell: object) -> str:
        """A kategori word: canonical when known, kept as typed otherwise (checks warn)."""
        text = cells.read_text(cell)
        return self.is_category(text) or text
