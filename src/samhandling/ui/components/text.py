"""Show user text in Markdown-rendering Streamlit elements as plain text.

``st.markdown``, ``st.title``, ``st.caption``, alert boxes, toasts and every widget
label (buttons, tabs, expanders) render Markdown: a name from an uploaded sheet, a
map title or an upload's file name could otherwise become a link, an outside image
(``![](http://...)`` — a request leaving the machine), a coloured ``:red[...]``
directive, LaTeX or HTML. This module is the one place that escapes such text:

- :func:`plain` shows one value exactly as typed (on one line);
- :func:`say` is :func:`samhandling.i18n.t` for the app: the sentence's own
  Markdown stays, every value put into it is shown through :func:`plain`.

:func:`plain` backslash-escapes every ASCII punctuation character (CommonMark always
treats an escaped one as a literal), and puts an invisible word joiner (U+2060)
into ``http://``, ``www.`` and ``@`` so GitHub-flavoured Markdown does not turn a
bare web or e-mail address into a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from samhandling.i18n import t

__all__ = ["plain", "say", "bullet_list"]

# Lines of one bullet list at most: beyond this a long list becomes slow to draw and to read.
MAX_BULLETS = 200

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACES = re.compile(r"\s+")
# What GFM's autolink literals start with: a scheme before "//", "www." and the "@" of an address.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9+.-]:)(?=//)|(?<=www)(?=\.)|(?<=@)")
_JOINER = "\u2060"
# Control characters (not tab/newline, already spaces here) have no business in a label.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(text: object) -> str:
    """Return ``text`` escaped so Markdown shows it exactly as typed (on one line).

    >>> print(plain("![logo](x.png)"))
    \\!\\[logo\\]\\(x\\.png\\)
    """
    text = _CONTROL.sub("", _SPACES.sub(" ", str(text)).strip())
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(_JOINER, text))


def say(key: str, /, **values: Any) -> str:
    """The text for ``key`` with every value shown as plain text (numbers as they are).

    Use it for every sentence that carries a name, a title, a file name or an error
    into a Markdown-rendering element.

    >>> say("ui_data.saved_new", name="*Fjord*")  # doctest: +SKIP
    'Kartet «\\\\*Fjord\\\\*» er lagret.'
    """
    shown = {k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else plain(v) for k, v in values.items()}
    return t(key, **shown)


def bullet_list(texts: Sequence[object], limit: int = MAX_BULLETS) -> str:
    """One Markdown bullet list of ``texts`` shown as plain text, at most ``limit`` lines.

    A longer list ends with a line saying how many more there are. One Markdown
    element instead of one per line keeps a list of thousands fast to draw.
    """
    lines = [f"- {plain(text)}" for text in texts[:limit]]
    if len(texts) > limit:
        lines.append(f"- {plain(t('ui.more_items', count=len(texts) - limit))}")
    return "\n".join(lines)
