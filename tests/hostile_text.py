"""Hostile names for the app tests, and a check that none of them renders as markup (no tests here).

Streamlit renders Markdown (links, images, ``:red[...]``, LaTeX, bare web addresses)
in text elements, alert boxes, toasts and widget labels. Every name below carries a
different kind of markup; :func:`rendered_markup` says which of them a Markdown
source string would render.
"""

from __future__ import annotations

import re
from typing import Any

# One payload per kind of markup; ``REQUEST`` is an image the browser would fetch.
REQUEST = "![p](https://example.invalid/x.png)"
NAMES = (
    f"PPT {REQUEST}",
    "Barnevern :red[rød] **fet**",
    "Helsestasjon $x^2$ [lenke](https://example.invalid/a)",
    "Skole <img src=https://example.invalid/i.png> www.example.invalid",
    "NAV post@example.invalid https://example.invalid/bar",
)

_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
# Markup CommonMark, GFM and Streamlit render when it is not escaped.
# (The app's own headings use colour directives: only those with a payload's words count.)
_MARKUP = re.compile(r"!\[|\]\(|:[a-z-]+\[(?:rød|grønn)|\$|<[a-z/]|\*\*")
# GFM autolink literals (checked on the text as Markdown shows it: escapes removed).
_AUTOLINK = re.compile(r"(?i)https?://|www\.|[\w.+-]+@[\w-]+\.[a-z]")
# Proto fields of Streamlit elements that are rendered as Markdown.
_FIELDS = ("body", "label", "help", "placeholder", "caption")


def rendered_markup(source: str) -> list[str]:
    """The pieces of hostile markup that the Markdown ``source`` would render."""
    bare = _ESCAPED.sub("", source)
    shown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source)
    found = [m.group(0) for m in _MARKUP.finditer(bare) if m.group(0) != "**"]
    found += [m.group(0) for m in _AUTOLINK.finditer(shown)]
    return found


def markdown_sources(at: Any) -> list[str]:
    """Every string of the app's elements that Streamlit renders as Markdown (text, labels, help)."""
    sources: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and type(proto).__name__ == "Html":
            proto = None  # st.html is the app's own static style and script (ui/chrome.py), not Markdown
        if proto is not None and hasattr(proto, "ListFields"):
            for field, value in proto.ListFields():
                if field.name in _FIELDS and isinstance(value, str):
                    sources.append(value)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)  # noqa: SLF001 - the whole element tree, sidebar and toasts included
    return sources


def assert_no_markup(at: Any) -> None:
    """Fail with the offending strings if any element would render markup from data."""
    offending = {source: rendered_markup(source) for source in markdown_sources(at)}
    offending = {source: found for source, found in offending.items() if found}
    assert not offending, offending


def shown(text: str) -> str:
    """``text`` as Streamlit's Markdown shows it: backslash escapes and word joiners gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u2060", "")
