"""The Data page: uploads are checked before anything is saved; downloads work."""

from __future__ import annotations

import pytest

from samhandling.errors import MapFileError
from samhandling.io import LoadResult, load_map_bytes, map_to_bytes
from samhandling.model import Actor, CollaborationMap, MapInfo
from samhandling.store import Store
from samhandling.ui.data import UPLOAD_RESULT, check_upload

BROKEN = """\
aktører:
  - id: ppt
    navn: PPT
    sektor: romfart
  - id: bv
    navn: Barnevernet
    alder_fra: 30
""".encode()

GOOD = """\
om:
  - tittel: Kautokeino – Guovdageaidnu
aktører:
  - id: ppt
    navn: PPT Guovdageaidnu
    sektor: oppvekst
  - id: bv
    navn: Mánáidsuodjalus
    sektor: velferd
    kategori: ukjent-ord
relasjoner:
  - fra: ppt
    til: bv
""".encode()


@pytest.fixture
def store(db_path) -> Store:
    return Store(db_path)


def upload(at, name: str, data: bytes):
    at.file_uploader(key="data.upload").set_value((name, data, "application/octet-stream"))
    return at.run()


def test_data_page_shows_the_upload_and_the_downloads_without_errors(app):
    at = app("data")
    assert not at.exception and [e.value for e in at.error] == []
    assert at.title[0].value == "Data"
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Last ned kartet (Excel)", "Last ned kartet (YAML)", "Last ned tom mal (Excel)",
                      "Last ned GraphML", "Last ned GEXF", "Last ned Kumu-JSON"]


def test_check_upload_returns_every_problem_with_row_and_column():
    result = check_upload(BROKEN, "kart.yaml")
    assert isinstance(result, MapFileError)
    assert {(p.table, p.row, p.column) for p in result.problems} == {
        ("aktører", 1, "sektor"),
        ("aktører", 2, "alder_fra"),
    }


def test_a_broken_upload_shows_each_error_with_its_place_and_saves_nothing(app, store):
    at = app("data")
    maps_before = {name: store.load(name) for name in store.list_maps()}
    at = upload(at, "kart.yaml", BROKEN)
    assert not at.exception
    assert "Filen har 2 feil og er ikke lagret" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["Ark/tabell"]) == ["aktører", "aktører"]
    assert list(problems["Rad"]) == ["1", "2"]
    assert list(problems["Kolonne"]) == ["sektor", "alder_fra"]
    assert "romfart" in problems.iloc[0]["Hva må rettes"]
    assert {name: store.load(name) for name in store.list_maps()} == maps_before
    assert not any(b.label == "Lagre som nytt kart" for b in at.button)


def test_an_ods_upload_says_how_to_save_it_as_xlsx(app):
    from pathlib import Path

    ods = (Path(__file__).resolve().parent / "fixtures" / "libreoffice-messy.ods").read_bytes()
    at = upload(app("data"), "kart.ods", ods)
    assert not at.exception
    shown = [e.value for e in at.error] + [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
    assert any("velg Fil → Lagre som, og velg filtypen «Excel 2007-365 (.xlsx)»" in text for text in shown), shown


def test_the_problem_table_renders_from_an_injected_result(app):
    """The rendering does not depend on the uploader: a stored result is shown as is."""
    at = app("data")
    at.session_state[UPLOAD_RESULT] = ("arbeidsbok.xlsx", check_upload(BROKEN, "kart.yaml"), "id")
    at.run()
    assert list(at.dataframe[0].value["Rad"]) == ["1", "2"]


def test_a_good_upload_shows_warnings_and_is_saved_as_a_new_map(app, store):
    at = app("data")
    at = upload(at, "guovdageaidnu.yaml", GOOD)
    assert [e.value for e in at.error] == []
    assert "ukjent-ord" in " ".join(at.dataframe[0].value.astype(str).stack())  # the warning table
    assert "er i orden: 2 aktører" in at.success[0].value
    assert at.text_input(key="data.new_name").value == "Kautokeino – Guovdageaidnu"
    at.button[[b.label for b in at.button].index("Lagre som nytt kart")].click().run()
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "Kautokeino – Guovdageaidnu"
    cmap, revision = store.load("Kautokeino – Guovdageaidnu")
    assert revision == 1 and cmap == load_map_bytes(GOOD, "g.yaml").map
    assert store.history("Kautokeino – Guovdageaidnu")[0].note == "Lastet opp fra guovdageaidnu.yaml"


def test_replacing_the_current_map_adds_a_revision_and_keeps_the_history(app, store):
    at = app("data")
    name = at.sidebar.selectbox[0].value
    before, revision = store.load(name)
    at = upload(at, "ny.yaml", GOOD)
    at.button(key="data.replace").click().run()
    assert not at.exception
    cmap, new_revision = store.load(name)
    assert new_revision == revision + 1 and cmap.actor_by_id["bv"].name == "Mánáidsuodjalus"
    assert store.load(name, revision)[0] == before
    assert store.history(name)[0].note == "Erstattet med ny.yaml"


def test_an_uploaded_xlsx_round_trips_through_the_page(app, store):
    cmap = CollaborationMap(actors=(Actor("ppt", "PPT Ørsta"),), info=MapInfo(title="Ørsta"))
    at = app("data")
    at = upload(at, "orsta.xlsx", map_to_bytes(cmap, "xlsx"))
    assert [e.value for e in at.error] == []
    at.button[[b.label for b in at.button].index("Lagre som nytt kart")].click().run()
    assert store.load("Ørsta")[0] == cmap


def test_the_yaml_download_of_the_current_map_loads_back_equal(app, store):
    at = app("data")
    name = at.sidebar.selectbox[0].value
    buttons = {b.label: b for b in at.get("download_button")}
    assert set(buttons) >= {"Last ned kartet (YAML)"}
    cmap, _ = store.load(name)
    result = load_map_bytes(map_to_bytes(cmap, "yaml"), "x.yaml")
    assert isinstance(result, LoadResult) and result.map == cmap


def test_an_unexpected_loader_failure_becomes_a_message(monkeypatch):
    import samhandling.ui.data as page

    def broken(data, filename):
        raise RuntimeError("boom")

    monkeypatch.setattr(page, "load_map_bytes", broken)
    result = check_upload(b"x", "kart.yaml")
    assert isinstance(result, MapFileError)
    assert result.problems[0].message.startswith("Filen kunne ikke leses (RuntimeError)")


def test_the_leader_brief_and_exchange_formats_can_be_downloaded(app):
    at = app("data")
    assert not at.exception
    labels = [b.label for b in at.button]
    at.button[labels.index("Lag lederbrev (Word)")].click().run()
    assert not at.exception and [e.value for e in at.error] == []
    downloads = [d.label for d in at.get("download_button")]
    assert "Last ned lederbrev (Word)" in downloads
    assert {"Last ned GraphML", "Last ned GEXF", "Last ned Kumu-JSON"} <= set(downloads)
