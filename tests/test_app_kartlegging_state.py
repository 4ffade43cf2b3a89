"""The shared page state (``samhandling.ui.state``) that every page relies on."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _probe():
    import streamlit as st

    from samhandling.ui import state

    state.sidebar()
    analysis = state.current_analysis()
    st.write(state.current_name())
    st.write(str(state.current_revision()))
    st.write(str(len(state.current_map().actors)))
    st.write(type(analysis).__name__)
    st.write(" | ".join(state.example_files()))
    st.write(str(state.store().path))


def test_state_api_serves_the_seeded_default_map_and_its_analysis(repo_root, db_path):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    assert not at.exception
    name, revision, actors, analysis, examples, path = (m.value for m in at.markdown)
    assert name.startswith("Siljan kommune – før")
    assert revision == "1" and int(actors) > 5
    assert analysis == "Analysis"
    labels = examples.split(" | ")
    assert labels.index(name) < labels.index(next(x for x in labels if x.startswith("Siljan") and x != name))
    assert path == str(db_path)


def test_examples_are_seeded_once_one_map_per_file(repo_root):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    labels = at.markdown[4].value.split(" | ")
    assert at.sidebar.selectbox[0].options == sorted(labels, key=str.casefold)
    AppTest.from_function(_probe, default_timeout=90).run()  # a second session: no duplicates
    from samhandling.store import Store

    store = Store()
    assert sorted(store.list_maps()) == sorted(labels)
    assert all(len(store.history(n)) == 1 for n in labels)


def test_a_copy_of_the_selected_map_can_start_a_new_one(repo_root):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    original = at.markdown[0].value
    at.sidebar.text_input[0].input("Kopi – Áltá")
    at.sidebar.radio[0].set_value("copy")
    at.sidebar.button[0].click().run()
    assert at.markdown[0].value == "Kopi – Áltá"
    from samhandling.store import Store

    store = Store()
    assert store.load("Kopi – Áltá")[0] == store.load(original)[0]


def test_an_unusable_store_location_gives_a_message_saying_what_to_do(repo_root, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SAMHANDLING_DB", str(blocker / "samhandling.sqlite3"))
    at = AppTest.from_function(_probe, default_timeout=90).run()
    assert not at.exception
    assert "SAMHANDLING_DB" in at.error[0].value and "kan ikke åpnes" in at.error[0].value
