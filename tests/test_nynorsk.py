"""Nynorsk is a complete second language: every bokmål key has a nynorsk text, and the app uses it."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

LOCALES = Path(__file__).resolve().parents[1] / "src" / "samhandling" / "locales"


def _keys(node: object, prefix: str = "") -> dict[str, object]:
    if isinstance(node, dict):
        out: dict[str, object] = {}
        for key, value in node.items():
            out |= _keys(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    return {prefix: node}


def _catalogue(lang: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in sorted((LOCALES / lang).glob("*.yaml")):
        out |= _keys(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path.stem)
    return out


def _fields(text: object) -> set[str]:
    if not isinstance(text, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_bokmal_key_has_a_nynorsk_text():
    bokmal, nynorsk = _catalogue("nb"), _catalogue("nn")
    missing = sorted(set(bokmal) - set(nynorsk))
    assert not missing, (
        f"{len(missing)} text keys are in locales/nb but not in locales/nn; add them in nynorsk:\n  "
        + "\n  ".join(missing)
    )


def test_nynorsk_texts_take_the_same_placeholders_as_bokmal():
    bokmal, nynorsk = _catalogue("nb"), _catalogue("nn")
    wrong = [key for key in sorted(set(bokmal) & set(nynorsk)) if _fields(bokmal[key]) != _fields(nynorsk[key])]
    assert wrong == [], "placeholders differ from bokmål in: " + ", ".join(wrong)


@pytest.mark.parametrize("word", ["ikke", "hvordan", "hvilke", "hva ", "tjeneste", "fra "])
def test_nynorsk_has_no_common_bokmal_words(word):
    # io.template.help quotes the file format's own words (tjeneste, ved_behov), which stay as they are.
    found = [key for key, text in _catalogue("nn").items()
             if isinstance(text, str) and f" {word}" in f" {text.lower()}" and not key.startswith("io.template.help")]
    assert found == [], f"«{word.strip()}» is bokmål; nynorsk keys: {found}"


def test_the_app_speaks_nynorsk_with_samhandling_lang_nn(app, monkeypatch):
    monkeypatch.setenv("SAMHANDLING_LANG", "nn")
    at = app()
    assert not at.exception
    assert at.radio(key="ui.language").value == "nn"
    assert at.main.expander[0].label == "Filter"
    assert "Kartet som tabellar" in [e.label for e in at.main.expander]
    at.session_state["kart.tables"] = True  # the tables are built when their expander is opened
    at = at.run()
    assert at.main.tabs[0].label.startswith("Aktørar (")


def test_the_sidebar_switch_changes_the_language_of_this_session_only(app):
    at = app("funn")
    assert at.title[0].value == "Funn" and at.radio(key="ui.language").value == "nb"
    at.radio(key="ui.language").set_value("nn")
    at = at.run()
    assert not at.exception
    assert at.query_params["sprak"] in ("nn", ["nn"])
    texts = " ".join(str(m.value) for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "ikkje" in texts or "Problem i samhandlinga" in texts
    other = app("funn")  # another tab keeps bokmål
    assert other.radio(key="ui.language").value == "nb"
