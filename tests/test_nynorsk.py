"""Nynorsk is a complete second language: every bokmål key has a nynorsk text, and the app uses it."""

from __future__ import annotations

import re
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


def test_a_nynorsk_visitor_after_a_bokmal_one_reads_the_findings_and_map_in_nynorsk(app, repo_root):
    """The analysis and the first picture are shared between sessions: never across languages."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash
    from test_app_kart_helpers import component_data

    from samhandling.ui.kart import NET_KEY

    def funn_in_nynorsk() -> AppTest:
        # Straight to Funn: AppTest calls a selectbox's format_func in the test's own
        # (bokmål) context, so a nynorsk Kart page cannot be run twice here.
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=90)
        at.query_params["sprak"] = "nn"
        at._page_hash = calc_hash("funn")  # noqa: SLF001
        return at.run()

    bokmal = app("funn")
    bokmal_kart = app()
    nynorsk = funn_in_nynorsk()
    nynorsk_kart = app(sprak="nn")

    from samhandling.analysis import analyze
    from samhandling.i18n import use_language
    from samhandling.io import load_map

    def problem_titles(at) -> list[str]:
        bold = [str(m.value).strip("*") for m in at.main.markdown if str(m.value).startswith("**")]
        return [re.sub(r"\\(.)", r"\1", text) for text in bold]  # the page escapes Markdown

    def titles_in(lang: str) -> list[str]:
        cmap = load_map(repo_root / "data" / "siljan-for.yaml").map  # the map a new session opens
        use_language(lang)
        try:
            return [p.title for p in analyze(cmap).problems]
        finally:
            use_language(None)

    assert not nynorsk.exception and nynorsk.radio(key="ui.language").value == "nn"
    assert titles_in("nn") != titles_in("nb")
    shown_nb, shown_nn = problem_titles(bokmal), problem_titles(nynorsk)
    assert shown_nb and set(shown_nb) <= set(titles_in("nb")), shown_nb
    only_bokmal = set(titles_in("nb")) - set(titles_in("nn"))
    assert set(shown_nn) <= set(titles_in("nn")) and set(shown_nn).isdisjoint(only_bokmal), shown_nn
    bokmal_nodes = component_data(bokmal_kart, NET_KEY)["nodes"]
    nynorsk_nodes = component_data(nynorsk_kart, NET_KEY)["nodes"]
    assert [n["id"] for n in nynorsk_nodes] == [n["id"] for n in bokmal_nodes]
    assert [n.get("title") for n in nynorsk_nodes] != [n.get("title") for n in bokmal_nodes]
