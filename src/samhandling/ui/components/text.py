"""Show user text in Markdown-rendering Streamlit elements as plain text.

``st.markdown``, ``st.subheader``, ``st.caption``, ``st.expander`` labels and alert
boxes all render Markdown: a name from an uploaded sheet could otherwise become a
link, an outside image (``![](http://...)`` — a request leaving the machine), a
coloured ``:red[...]`` directive or LaTeX. :func:`plain` backslash-escapes every
ASCII punctuation character, which CommonMark always treats as a literal.
"""

from __future__ import annotations

import re

__all__ = ["plain"]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACES = re.compile(r"\s+")


def plain(text: object) -> str:
    """Return ``text`` escaped so Markdown shows it exactly as typed (on one line).

    >>> print(plain("![logo](x.png)"))
    \\!\\[logo\\]\\(x\\.png\\)
    """
    return _PUNCTUATION.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())
