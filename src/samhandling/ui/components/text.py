"""Show user text in Markdown-rendering Streamlit elements as plain text.

``st.markdown``, ``st.subheader``, ``st.caption``, ``st.expander`` labels and alert
boxes all render Markdown: a name from an uploaded sheet could otherwise become a
link, an outside image (``![](http://...)`` — a request leaving the machine), a
coloured ``:red[...]`` directive or LaTeX. :func:`plain` backslash-escapes every
ASCII punctuation character, which CommonMark always treats as a literal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from samhandling.i18n import t

__all__ = ["plain", "bullet_list"]

# Lines of one bullet list at most: beyond this a long list becomes slow to draw and to read.
MAX_BULLETS = 200

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACES = re.compile(r"\s+")


def plain(text: object) -> str:
    """Return ``text`` escaped so Markdown shows it exactly as typed (on one line).

    >>> print(plain("![logo](x.png)"))
    \\!\\[logo\\]\\(x\\.png\\)
    """
    return _PUNCTUATION.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())


def bullet_list(texts: Sequence[object], limit: int = MAX_BULLETS) -> str:
    """One Markdown bullet list of ``texts`` shown as plain text, at most ``limit`` lines.

    A longer list ends with a line saying how many more there are. One Markdown
    element instead of one per line keeps a list of thousands fast to draw.
    """
    lines = [f"- {plain(text)}" for text in texts[:limit]]
    if len(texts) > limit:
        lines.append(f"- {plain(t('ui.more_items', count=len(texts) - limit))}")
    return "\n".join(lines)
