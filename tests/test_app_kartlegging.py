"""The Kartlegging page and the shared sidebar, driven through ``app.py`` with AppTest.

Every test has its own empty store (conftest), seeded with the bundled examples on
the first run, exactly like a first ``streamlit run app.py``.
"""

from __future__ import annotations

import pytest
from hostile_text import shown

from samhandling.model import Actor
from samhandling.store import Store


def current(store: Store, at):
    """(name, map, revision) of the map selected in the app."""
    name = at.sidebar.selectbox[0].value
    cmap, revision = store.load(name)
    return name, cmap, revision


def add_actor(at, name: str, **fields):
    at.text_input(key="kartlegging.actor.name").input(name)
    for key, value in fields.items():
        at.selectbox(key=f"kartlegging.actor.{key}").set_value(value)
    at.button(key="kartlegging.submit.actor").click()
    return at.run()


def editor(at, table: str):
    return next(e for e in at.data_editor if e.key.startswith(f"kartlegging.editor.{table}."))


def errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.fixture
def store(db_path) -> Store:
    return Store(db_path)


def test_first_start_opens_on_the_siljan_example_with_every_table_editable(app, store):
    at = app("kartlegging")
    assert not at.exception and errors(at) == []
    name = at.sidebar.selectbox[0].value
    assert "Siljan" in name and "før" in name
    assert shown(at.title[0].value) == f"Kartlegging – {name}"
    assert [tab.label.split(" (")[0] for tab in at.tabs] == [
        "Aktører", "Fora", "Deltakelse", "Relasjoner", "Rutiner", "Forventet samarbeid", "Om kartet"]
    assert all(e.editing_mode == "dynamic" for e in at.data_editor)
    cmap, _ = store.load(name)
    assert list(editor(at, "aktører").value["id"]) == [a.id for a in cmap.actors]
    assert at.query_params["kart"] == [name] or at.query_params["kart"] == name


def test_quick_form_saves_a_sami_actor_with_an_id_made_from_the_name(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at = add_actor(at, "Čoahkkin Áššu", sector="helse", category="bup")
    assert not at.exception and errors(at) == []
    cmap, new_revision = store.load(name)
    added = cmap.actor_by_id["čoahkkin-áššu"]
    assert (added.name, added.sector, added.category) == ("Čoahkkin Áššu", "helse", "bup")
    assert new_revision == revision + 1
    assert store.history(name)[0].note == "La til aktør «Čoahkkin Áššu»"
    assert [toast.value for toast in at.toast] == ["Lagret: La til aktør «Čoahkkin Áššu»"]
    assert "čoahkkin-áššu" in list(editor(at, "aktører").value["id"])


def test_an_added_actor_is_still_there_after_a_browser_reload(app):
    at = app("kartlegging")
    name = at.sidebar.selectbox[0].value
    add_actor(at, "Ungdomskontakt Ørsta")
    fresh = app("kartlegging", kart=name)  # a new session: all session state is gone
    assert fresh.sidebar.selectbox[0].value == name
    assert "Ungdomskontakt Ørsta" in list(editor(fresh, "aktører").value["navn"])


def test_a_reload_returns_to_the_map_named_in_the_url(app, store):
    at = app("kartlegging")
    store.create_map("Kárášjohka ŋ", store.load(at.sidebar.selectbox[0].value)[0])
    fresh = app("kartlegging", kart="Kárášjohka ŋ")
    assert fresh.sidebar.selectbox[0].value == "Kárášjohka ŋ"
    assert fresh.title[0].value == "Kartlegging – Kárášjohka ŋ"


def test_new_forum_form_adds_the_forum_and_its_members_with_roles(app, store):
    at = app("kartlegging")
    name, before, _ = current(store, at)
    a, b, c = (x.id for x in before.actors[:3])
    at.text_input(key="kartlegging.forum.name").input("Nettverk for unge 16–24")
    at.selectbox(key="kartlegging.forum.leader").set_value(a)
    at.multiselect(key="kartlegging.forum.fast").set_value([b])
    at.multiselect(key="kartlegging.forum.need").set_value([c])
    at.selectbox(key="kartlegging.forum.frequency").set_value("manedlig")
    at.button(key="kartlegging.submit.forum").click().run()
    assert not at.exception and errors(at) == []
    cmap, _ = store.load(name)
    forum = cmap.forum_by_id["nettverk-for-unge-16-24"]
    assert (forum.leader, forum.frequency) == (a, "manedlig")
    assert {(m.actor, m.role) for m in cmap.members_of[forum.id]} == {(a, "leder"), (b, "fast"), (c, "ved_behov")}


def test_new_relation_form_adds_a_relation(app, store):
    at = app("kartlegging")
    name, before, _ = current(store, at)
    a, b = before.actors[0].id, before.actors[-1].id
    at.selectbox(key="kartlegging.relation.source").set_value(a)
    at.selectbox(key="kartlegging.relation.target").set_value(b)
    at.selectbox(key="kartlegging.relation.type").set_value("veiledning")
    at.checkbox(key="kartlegging.relation.formalised").check()
    at.button(key="kartlegging.submit.relation").click().run()
    assert errors(at) == []
    cmap, _ = store.load(name)
    assert any(r.source == a and r.target == b and r.type == "veiledning" and r.formalised for r in cmap.relations)


def test_an_invalid_table_edit_is_refused_at_its_row_and_kept_until_fixed(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at.session_state[editor(at, "aktører").key] = {
        "edited_rows": {0: {"alder_fra": 20, "alder_til": 3}},
        "added_rows": [{"navn": "Ny tjeneste ŧ"}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    text = shown("\n".join(errors(at)))
    assert "ikke lagret" in text
    assert "rad 1" in text and "alder_fra" in text
    problems = at.dataframe[0].value
    assert list(problems.iloc[0][["Ark/tabell", "Rad", "Kolonne"]]) == ["aktører", "1", "alder_fra"]
    # the last valid map is untouched ...
    assert store.load(name) == (before, revision)
    # ... and what the user typed is still on screen, with an id made from the name
    table = editor(at, "aktører").value
    assert list(table.iloc[0][["alder_fra", "alder_til"]]) == [20, 3]
    assert table.iloc[-1]["navn"] == "Ny tjeneste ŧ" and table.iloc[-1]["id"] == "ny-tjeneste-ŧ"

    # fixing the cell saves everything at once
    at.session_state[editor(at, "aktører").key] = {
        "edited_rows": {0: {"alder_til": 22}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert errors(at) == []
    cmap, new_revision = store.load(name)
    assert new_revision == revision + 1
    first = cmap.actors[0]
    assert (first.age_from, first.age_to) == (20, 22)
    assert cmap.actor_by_id["ny-tjeneste-ŧ"].name == "Ny tjeneste ŧ"


def test_the_ladder_and_the_scope_of_the_map_are_edited_in_the_tables(app, store):
    # Version 2 columns: fora.videre_til and bti_nivå, om.omfang, forventninger.grunnlag and plikt.
    at = app("kartlegging")
    name, before, revision = current(store, at)
    forums = list(editor(at, "fora").value["id"])
    first, second = forums[0], forums[1]
    at.session_state[editor(at, "fora").key] = {
        "edited_rows": {0: {"videre_til": second, "bti_nivå": "2"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert errors(at) == []
    at.session_state[editor(at, "om").key] = {
        "edited_rows": {0: {"omfang": "utsnitt", "alder_fra": 6}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.session_state[editor(at, "forventninger").key] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"a": "nav", "b": "barnevern", "krav": "anbefalt", "grunnlag": "veileder",
                        "plikt": "samordning"}]}
    at.run()
    assert not at.exception and errors(at) == []
    cmap, new_revision = store.load(name)
    assert new_revision == revision + 3
    forum = cmap.forum_by_id[first]
    assert (forum.forwards_to, forum.bti_level) == ((second,), "2")
    assert (cmap.info.scope, cmap.info.age_from) == ("utsnitt", 6)
    (rule,) = cmap.expectations
    assert (rule.basis, rule.duty) == ("veileder", "samordning")


def test_a_stale_save_is_refused_and_the_other_persons_change_survives(app, store, db_path):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    other_laptop = Store(db_path)
    theirs = before.with_changes(actors=(*before.actors, Actor("bup-telemark", "BUP Telemark")))
    other_laptop.save(name, theirs, revision, "La til aktør «BUP Telemark»")

    at = add_actor(at, "Helsesykepleier ungdom")
    assert not at.exception
    assert any("Noen andre har lagret en nyere versjon" in e for e in errors(at))
    assert any("La til aktør «BUP Telemark»" in i.value for i in at.info)
    assert store.load(name) == (theirs, revision + 1)  # nothing overwritten, nothing saved
    assert "Helsesykepleier ungdom" in list(editor(at, "aktører").value["navn"])  # my edit kept

    at.button(key="kartlegging.reapply").click().run()
    assert errors(at) == []
    cmap, latest = store.load(name)
    assert latest == revision + 2
    assert {"bup-telemark", "helsesykepleier-ungdom"} <= set(cmap.actor_by_id)


def test_undo_restores_the_previous_version_as_a_new_revision(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at = add_actor(at, "Familieteam Siljan")
    assert "familieteam-siljan" in store.load(name)[0].actor_by_id
    at.button(key="kartlegging.undo").click().run()
    assert not at.exception and errors(at) == []
    assert store.load(name) == (before, revision + 2)
    assert store.history(name)[0].note == "Angret: La til aktør «Familieteam Siljan»"
    assert "familieteam-siljan" not in list(editor(at, "aktører").value["id"])
    assert at.sidebar.caption[0].value == f"Versjon {revision + 2} – lagret"


def test_undo_of_someone_elses_newer_change_is_refused(app, store, db_path):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    Store(db_path).save(name, before.with_changes(actors=before.actors[:-1]), revision, "Slettet")
    at.button(key="kartlegging.undo").click().run()
    assert any("Noen andre har lagret en nyere versjon" in e for e in errors(at))
    assert store.load(name)[1] == revision + 1


def test_a_named_snapshot_is_listed_and_stored(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at.text_input(key="kartlegging.snapshot.label").input("Nåsituasjon 2025")
    at.button[[b.label for b in at.button].index("Lagre øyeblikksbilde")].click().run()
    assert [s.value for s in at.success] == [f"Øyeblikksbildet «Nåsituasjon 2025» er lagret (versjon {revision})."]
    assert [(s.label, s.revision) for s in store.list_snapshots(name)] == [("Nåsituasjon 2025", revision)]
    assert "Nåsituasjon 2025" in list(at.dataframe[-1].value["Navn"]) or any(
        "Nåsituasjon 2025" in list(df.value.iloc[:, 0]) for df in at.dataframe
    )


def test_history_lists_the_notes_of_every_revision(app, store):
    at = app("kartlegging")
    add_actor(at, "PPT Midt-Telemark")
    history = next(df.value for df in at.dataframe if "Endring" in df.value.columns)
    assert list(history["Endring"])[:2] == ["La til aktør «PPT Midt-Telemark»", "Eksempel fra siljan-for.yaml"]


def test_nytt_kart_creates_and_selects_an_empty_map(app, store):
    at = app("kartlegging")
    at.sidebar.text_input[0].input("Guovdageaidnu 2025")
    at.sidebar.button[0].click().run()
    assert not at.exception and errors(at) == []
    assert at.sidebar.selectbox[0].value == "Guovdageaidnu 2025"
    assert "Guovdageaidnu 2025" in store.list_maps()
    assert len(editor(at, "aktører").value) == 0


def test_an_unsaved_invalid_edit_survives_a_browser_reload(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at.session_state[editor(at, "aktører").key] = {
        "edited_rows": {}, "added_rows": [{"navn": "Ungdomslos", "alder_fra": 23, "alder_til": 16}],
        "deleted_rows": []}
    at.run()
    assert any("ikke lagret" in e for e in errors(at))
    client = at.query_params["okt"]
    client = client[0] if isinstance(client, list) else client
    assert len(client) >= 22  # 128 random bits: another tab's draft cannot be found by guessing

    fresh = app("kartlegging", kart=name, okt=client)
    assert any("ikke lagret" in e for e in errors(fresh))
    assert "Ungdomslos" in list(editor(fresh, "aktører").value["navn"])
    assert store.load(name) == (before, revision)

    fresh.button(key="kartlegging.discard").click().run()
    assert errors(fresh) == []
    assert "Ungdomslos" not in list(editor(fresh, "aktører").value["navn"])
    assert store.load_draft(name, client) is None


def test_an_undone_change_can_be_brought_back_from_the_history(app, store):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    at = add_actor(at, "Losen")
    with_losen = store.load(name)[0]
    at.button(key="kartlegging.undo").click().run()
    assert [shown(toast.value) for toast in at.toast] == ["Angret: La til aktør «Losen»"]
    at.selectbox(key="kartlegging.restore_pick").set_value(revision + 1)
    at.button(key="kartlegging.restore").click().run()
    assert errors(at) == []
    assert store.load(name) == (with_losen, revision + 3)
    assert store.history(name)[0].note == f"Hentet tilbake versjon {revision + 1}"


def test_another_laptops_change_shows_on_the_next_rerun_when_nothing_is_being_saved(app, store, db_path):
    at = app("kartlegging")
    name, before, revision = current(store, at)
    Store(db_path).save(name, before.with_changes(actors=(*before.actors, Actor("nav", "NAV Siljan"))),
                        revision, "La til aktør «NAV Siljan»")
    at.run()
    assert errors(at) == []
    assert "NAV Siljan" in list(editor(at, "aktører").value["navn"])


def _notice_probe():
    from samhandling.store import Store as _Store
    from samhandling.ui import kartlegging

    store = _Store()
    kartlegging._newer_notice(store, store.list_maps()[0], 1)


def test_the_newer_version_notice_names_the_other_change(db_path):
    from streamlit.testing.v1 import AppTest

    from samhandling.model import CollaborationMap

    store = Store(db_path)
    store.create_map("Bø", CollaborationMap())
    at = AppTest.from_function(_notice_probe).run()
    assert list(at.info) == []
    store.save("Bø", CollaborationMap(actors=(Actor("nav", "NAV Bø"),)), 1, "La til aktør «NAV Bø»")
    at.run()
    assert "versjon 2: La til aktør «NAV Bø»" in at.info[0].value
    assert at.button(key="kartlegging.show_newer").label == "Vis den nyeste versjonen"
