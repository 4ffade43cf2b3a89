"""Streamlit's own English, in Norwegian: the uploader, toasts, menus and labels for screen readers.

Streamlit writes a few words of its own ("Upload", "20MB per file", "25.5KB",
"view more", "Remove <file>", "Open"). They cannot be set from Python, so one small
static script (no user data in it) swaps them for the active language's words
(``ui.chrome`` in the locale files) as they appear, in text and in ``aria-label``
and ``title`` attributes; a few lines of CSS hide the upload limits line, which the
page's own Norwegian help text already gives.
"""

from __future__ import annotations

import json

import streamlit as st

from samhandling.i18n import DEFAULT_LANGUAGE, LANGUAGES, language, t, use_language

__all__ = ["norwegian_chrome", "choose_language", "language_switch", "LANGUAGE_PARAM"]

LANGUAGE_PARAM = "sprak"  # ?sprak=nn keeps the choice across a reload
_LANGUAGE_KEY = "ui.language"

_CSS = """
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stToastText"] { -webkit-line-clamp: unset !important; max-height: none !important; }
[data-testid="stToastViewButton"] { display: none; }
/* Captions and help text dark enough to read on a projector (WCAG AA contrast 4.5:1). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #5f5e5c !important; opacity: 1 !important;
}
"""

_SCRIPT = """
(() => {
  const words = __WORDS__;
  const sizes = /^(\\d+)\\.(\\d+)\\s?(KB|MB|GB|B)$/;
  const own = (text) => {
    const trimmed = (text || "").trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(words.exact, trimmed)) return words.exact[trimmed];
    const size = trimmed.match(sizes);
    if (size) return `${size[1]}${words.decimal}${size[2]} ${size[3] === "KB" ? "kB" : size[3]}`;
    for (const [english, norwegian] of Object.entries(words.prefix)) {
      if (trimmed.startsWith(english + " ")) return norwegian + trimmed.slice(english.length);
    }
    return null;
  };
  const fix = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("[data-testid='stMarkdownContainer'] p, textarea, input, .stCode")
          && !parent.closest("[data-testid='stFileUploaderDropzone'], [data-testid='stToast']")) continue;
      const swapped = own(node.nodeValue);
      if (swapped !== null && swapped !== node.nodeValue.trim()) node.nodeValue = swapped;
    }
    const labelled = root.querySelectorAll ? root.querySelectorAll("[aria-label], [title]") : [];
    for (const element of labelled) {
      for (const name of ["aria-label", "title"]) {
        const value = element.getAttribute(name);
        if (!value) continue;
        let swapped = own(value);
        if (swapped === null && value.includes(", ")) {  // "kart.yaml, 11.3KB"
          const [head, tail] = [value.slice(0, value.lastIndexOf(", ")), value.slice(value.lastIndexOf(", ") + 2)];
          const size = own(tail);
          if (size !== null) swapped = `${head}, ${size}`;
        }
        if (swapped !== null && swapped !== value) element.setAttribute(name, swapped);
      }
    }
  };
  window.__skChromeWords = words;
  if (window.__skChrome) { window.__skChrome(document.body); return; }
  window.__skChrome = fix;
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(document.body); });
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ["aria-label", "title"]});
  fix(document.body);
})();
"""


def norwegian_chrome() -> None:
    """Put Streamlit's own words into the active language (``app.py`` calls this on every run)."""
    words = t("ui.chrome")
    script = _SCRIPT.replace("__WORDS__", json.dumps(words, ensure_ascii=False))
    st.html(f"<style>{_CSS}</style><script>{script}</script>", unsafe_allow_javascript=True)


def choose_language() -> None:
    """Set this session's language before any text is read: the switch, ``?sprak=``, else the default.

    ``app.py`` calls this first on every run; the default is ``$SAMHANDLING_LANG`` (bokmål
    when unset).
    """
    use_language(None)
    default = language()
    chosen = st.session_state.get(_LANGUAGE_KEY) or st.query_params.get(LANGUAGE_PARAM) or default
    chosen = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    st.session_state[_LANGUAGE_KEY] = chosen
    use_language(chosen)


def _remember() -> None:
    chosen = st.session_state.get(_LANGUAGE_KEY)
    if chosen:
        st.query_params[LANGUAGE_PARAM] = chosen


def language_switch() -> None:
    """Bokmål or nynorsk, in the sidebar."""
    st.sidebar.radio(t("ui.language.label"), LANGUAGES, key=_LANGUAGE_KEY, horizontal=True,
                     format_func=lambda code: t(f"ui.language.{code}"), on_change=_remember)
