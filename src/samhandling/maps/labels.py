"""Node labels a room can read: short, on at most two lines, and how much room they take.

A label is the node's name without what it says in brackets ("Barnehage, Nesseby
(Unjárga gielda)" is drawn "Barnehage, Nesseby"; the whole name is in the hover text
and the side panel), broken on two lines of about equal width, or three when even
two would be wider than :data:`LINE_EM`. Nothing is cut with "…". The pages draw labels at
:data:`FONT` (:data:`GROUP_FONT` for groups) in Arial, whose widths :func:`text_width`
knows, so the layout can give each label its room (``maps/layout.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

__all__ = ["FONT", "GROUP_FONT", "LINE_HEIGHT", "label_lines", "label_box", "text_width", "short_names"]

# Font size of a label on the canvas (units of the map before zoom). Both pages use these
# (ui/components/network_map.js, assets/map.html): at the fitted zoom a label is drawn at
# FONT × scale pixels, so a big font keeps nodes and lines small next to the text.
FONT = 22
GROUP_FONT = 26
LINE_HEIGHT = 1.0  # vis-network puts multi-line labels one font size apart
# Above this many em a label goes on two lines, above twice as many on three.
ONE_LINE_EM = 8.0
LINE_EM = 10.0
# Room around a label's text (its white outline) and between label and node, in canvas units.
_PAD = 6.0
_BELOW_NODE = 6.0

_BRACKETS = re.compile(r"\s*\([^()]*\)")

# Advance widths of Arial / Liberation Sans in em (measured with canvas measureText).
_WIDTH = dict.fromkeys("0123456789abdeghnopquáåđŋ–«»", 0.56)
_WIDTH |= dict.fromkeys("ckvxyzsčšž", 0.5) | dict.fromkeys("fjt ŧ.,;:/", 0.28) | dict.fromkeys("il", 0.22)
_WIDTH |= dict.fromkeys("r-()", 0.34) | dict.fromkeys("ABEKPSVXY", 0.67) | dict.fromkeys("CDHNRU", 0.72)
_WIDTH |= {"m": 0.84, "w": 0.73, "æ": 0.89, "ø": 0.61, "'": 0.19, "%": 0.89, "&": 0.67, "+": 0.58, "I": 0.28,
           "J": 0.5, "L": 0.56, "F": 0.61, "T": 0.61, "Z": 0.61, "M": 0.84, "W": 0.94, "Æ": 1.0, "G": 0.78,
           "O": 0.78, "Q": 0.78, "Ø": 0.78, "Å": 0.67}


def text_width(text: str) -> float:
    """Width of ``text`` in em (unknown characters counted wide, to be safe)."""
    get = _WIDTH.get
    return sum(get(c, 0.72 if c.isupper() else 0.6) for c in text)


@lru_cache(maxsize=16384)
def _short(name: str) -> str:
    short = " ".join(_BRACKETS.sub("", name).split())
    return short if len(short) >= 2 else " ".join(name.split())


def short_names(names: dict[str, str]) -> dict[str, str]:
    """``{id: text to draw}``: the name without brackets, unless two nodes would then read alike."""
    short = dict(zip(names, map(_short, map(str, names.values())), strict=True))
    if len(set(short.values())) == len(short):  # the common case: every short name is different
        return short
    seen = Counter(short.values())
    return {node: text if seen[text] == 1 else " ".join(str(names[node]).split()) for node, text in short.items()}


@lru_cache(maxsize=16384)
def label_lines(text: str) -> str:
    """``text`` broken into lines (``\\n``) of about equal width: one, two, or three when long."""
    words = text.split()
    if len(words) < 2 or text_width(text) <= ONE_LINE_EM:
        return " ".join(words)
    widths = [text_width(w) for w in words]
    space = _WIDTH[" "]
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def span(a: int, b: int) -> float:  # width of words[a:b] with their spaces
        return prefix[b] - prefix[a] + space * (b - a - 1)

    n = len(words)
    best = min((max(span(0, i), span(i, n)), (i,)) for i in range(1, n))
    if best[0] > LINE_EM and n >= 3:
        best = min(best, min((max(span(0, i), span(i, j), span(j, n)), (i, j))
                             for i in range(1, n - 1) for j in range(i + 1, n)))
    cuts = (0, *best[1], n)
    return "\n".join(" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False))


def label_box(label: str, size: float, font: float = FONT) -> tuple[float, float, float]:
    """(width, height, node centre below the top) on the canvas of a node of radius ``size``
    with ``label`` under it."""
    lines = label.split("\n") if label else []
    text_w = max((text_width(line) for line in lines), default=0.0) * font + _PAD
    text_h = len(lines) * font * LINE_HEIGHT + _PAD
    return max(2 * size, text_w), 2 * size + _BELOW_NODE + text_h, size
