"""The shared page state (``samhandling.ui.state``) that every page relies on."""

from __future__ import annotations

from hostile_text import shown
from streamlit.testing.v1 import AppTest


def _probe():
    import streamlit as st

    from samhandling.ui import sidebar, state

    sidebar.sidebar()
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


def _button(at: AppTest, label: str):
    return next(b for b in at.sidebar.button if b.label == label)


def test_the_selected_map_can_be_renamed_and_keeps_its_versions(repo_root):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    original = at.markdown[0].value
    from samhandling.store import Store

    before = Store().load(original)[0]
    at.sidebar.text_input(key=f"state.rename_name.{original}").input("Guovdageaidnu – nåsituasjon")
    _button(at, "Gi nytt navn").click().run()
    assert not at.exception and not at.error
    assert at.markdown[0].value == "Guovdageaidnu – nåsituasjon"
    assert at.sidebar.selectbox[0].value == "Guovdageaidnu – nåsituasjon"
    store = Store()
    assert original not in store.list_maps()
    assert store.load("Guovdageaidnu – nåsituasjon")[0] == before


def test_renaming_to_a_taken_name_is_refused_with_a_message(repo_root):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    original, other = at.markdown[0].value, next(o for o in at.sidebar.selectbox[0].options
                                                 if o != at.markdown[0].value)
    at.sidebar.text_input(key=f"state.rename_name.{original}").input(other)
    _button(at, "Gi nytt navn").click().run()
    assert shown(at.sidebar.error[0].value) == f"Det finnes allerede et kart som heter «{other}». Velg et annet navn."
    assert at.markdown[0].value == original


def test_a_map_is_deleted_only_after_the_confirmation_is_ticked(repo_root):
    at = AppTest.from_function(_probe, default_timeout=90).run()
    doomed = at.markdown[0].value
    assert _button(at, "Slett kartet").disabled
    at.sidebar.checkbox(key=f"state.delete_confirm.{doomed}").check().run()
    _button(at, "Slett kartet").click().run()
    assert not at.exception
    from samhandling.store import Store

    assert doomed not in Store().list_maps()
    assert at.markdown[0].value != doomed and at.markdown[0].value in Store().list_maps()
