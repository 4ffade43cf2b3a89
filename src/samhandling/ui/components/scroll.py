"""Scroll the page back to its top when a value changes (the Veiviser's step), so a new step starts at its title.

A Custom Components v2 module (it runs in the page, no iframe, draws nothing):
Streamlit keeps the scroll position across reruns, so without it "Neste steg" at the
bottom of a long step would open the next step at its bottom. The first value seen
after a page load does not scroll: a reload keeps the browser's own position.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import streamlit as st

__all__ = ["scroll_to_top_on_change"]

_JS = """
let last = null;
export default function (component) {
  const value = String((component.data && component.data.value) || "");
  const changed = last !== null && last !== value;
  last = value;
  if (!changed) return undefined;
  const doc = component.parentElement.ownerDocument || document;
  const boxes = [doc.querySelector('[data-testid="stMain"]'), doc.querySelector('[data-testid="stAppViewContainer"]'),
                 doc.scrollingElement];
  for (const box of boxes) { if (box && box.scrollTo) box.scrollTo({ top: 0 }); }
  return undefined;
}
"""


@lru_cache(maxsize=1)
def _component() -> Any:
    return st.components.v2.component("samhandlingskart.scroll_top", js=_JS, isolate_styles=True)


def scroll_to_top_on_change(value: str, *, key: str) -> None:
    """Scroll the page to its top whenever ``value`` differs from the last run's."""
    _component()(key=key, data={"value": str(value)}, height=0)
