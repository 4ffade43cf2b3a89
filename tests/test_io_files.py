"""load_map / save_map: every file form round-trips; unreadable files give one clear error."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from samhandling.errors import MapFileError
from samhandling.io import MAX_FILE_BYTES, load_map, load_map_bytes, map_to_bytes, save_map
from samhandling.model import (
    Actor,
    CollaborationMap,
    Expectation,
    Forum,
    MapInfo,
    Membership,
    Relation,
    Routine,
)

SAMPLE = CollaborationMap(
    actors=(
        Actor("ppt", "PPT", category="ppt", sector="oppvekst", age_from=3, age_to=20),
        Actor("Guovdageainnu-suohkan", "Guovdageainnu suohkan", category="kommuneledelse", type="satsing",
              admin_level="interkommunalt", municipality="Guovdageaidnu", description="Linje én\nLinje to"),
        Actor("unjárga", "Unjárga gielda – ŋ š ŧ ž č đ á", belongs_to="Guovdageainnu-suohkan",
              category="egen kategori"),
        Actor("bv.øst", "Barnevern, Øst og Vest", category="barnevern", sector="velferd", municipality="Tromsø"),
    ),
    forums=(
        Forum("f1", "Ansvarsgruppe", type="ansvarsgruppe", level="individ", frequency="manedlig",
              duration_hours=0.1 + 0.2, leader="ppt", has_mandate=True, age_from=6, age_to=18,
              topics=("rus, psykisk helse",)),
        Forum("f2", "Nettverk for æøå", topics=("skole", "fritid og kultur")),
    ),
    memberships=(Membership("f1", "ppt", "leder"), Membership("f1", "bv.øst", "ved_behov"),
                 Membership("f2", "unjárga")),
    relations=(Relation("ppt", "bv.øst", "henvisning", True, "individ", "r1", "-minus først"),
               Relation("unjárga", "ppt")),
    routines=(Routine("r1", "Samarbeidsavtale", "samarbeidsavtale", ("ppt", "bv.øst"), "vedtatt", "ppt",
                      date(2025, 6, 1)),
              Routine("r2", "Utkast")),
    expectations=(Expectation("skole", "ppt", "pakrevd", "opplæringsloven § 15-8", "=fordi"),),
    info=MapInfo("Kart over Guovdageaidnu", "Guovdageaidnu", date(2025, 1, 2), "@beskrivelse"),
)


@pytest.mark.parametrize("name", ["kart.xlsx", "kart.yaml", "kart.yml", "kart.zip", "kartmappe"])
def test_saving_then_loading_gives_an_equal_map(tmp_path, name):
    path = tmp_path / name

    save_map(SAMPLE, path)

    assert load_map(path).map == SAMPLE


@pytest.mark.parametrize("fmt", ["xlsx", "yaml", "zip"])
def test_bytes_round_trip_for_uploads(fmt):
    assert load_map_bytes(map_to_bytes(SAMPLE, fmt), f"opplastet.{fmt}").map == SAMPLE


def test_csv_folder_has_one_file_per_table_and_neutralised_formulas(tmp_path):
    save_map(SAMPLE, tmp_path / "kart")

    assert sorted(os.listdir(tmp_path / "kart")) == ["aktorer.csv", "deltakelse.csv", "fora.csv",
                                                      "forventninger.csv", "om.csv", "relasjoner.csv",
                                                      "rutiner.csv"]
    text = (tmp_path / "kart" / "forventninger.csv").read_text("utf-8-sig")
    assert text.splitlines() == [
        "a,b,krav,kilde,begrunnelse,grunnlag,plikt",
        "skole,ppt,pakrevd,opplæringsloven § 15-8,'=fordi,,",
    ]


def test_csv_escape_keeps_a_leading_quote_that_was_there(tmp_path):
    cmap = CollaborationMap(actors=(Actor("a", "'=sitat", description="'vanlig"),))
    save_map(cmap, tmp_path / "k")

    assert load_map(tmp_path / "k").map == cmap


def test_yaml_is_readable_and_leaves_out_defaults():
    text = map_to_bytes(CollaborationMap(actors=(Actor("ppt", "PPT", sector="oppvekst"),)), "yaml").decode()

    assert text == "aktører:\n- id: ppt\n  navn: PPT\n  sektor: oppvekst\n"


def test_yaml_keeps_ids_that_yaml_would_turn_into_booleans_or_numbers():
    data = "aktører:\n- id: no\n  navn: Norge\n- id: 007\n  navn: Agent\n- id: on\n  navn: 1.50\n".encode()

    result = load_map_bytes(data, "k.yaml")

    assert [(a.id, a.name) for a in result.map.actors] == [("no", "Norge"), ("007", "Agent"), ("on", "1.50")]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(MapFileError) as caught:
        load_map_bytes("aktører:\n- id: a\n  navn: [uten slutt\n".encode(), "k.yaml")

    (problem,) = caught.value.problems
    assert str(problem) == (
        "YAML-filen har en skrivefeil på linje 4, kolonne 1. Sjekk innrykk, kolon og anførselstegn rundt der."
    )


def test_yaml_that_is_not_a_mapping_of_tables_is_refused():
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(b"- bare\n- en liste\n", "k.yaml")

    assert str(caught.value.problems[0]) == (
        "YAML-filen må ha én nøkkel per tabell på øverste nivå (for eksempel «aktører:» med en liste av rader "
        "under)."
    )


def test_csv_from_norwegian_excel_with_semicolons_and_windows_encoding_loads(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "Aktører.csv").write_bytes("Id;Navn;Sektor\r\nppt;PPT Øst;Oppvekst\r\n".encode("cp1252"))
    (folder / "notater.txt").write_text("ikke en tabell")

    result = load_map(folder)

    assert result.map.actors == (Actor("ppt", "PPT Øst", sector="oppvekst"),)
    assert result.warnings == ()


def test_zip_of_csv_files_in_a_subfolder_loads_and_other_files_are_warned_about():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("kart/aktorer.csv", "id,navn\nppt,PPT\n")
        archive.writestr("kart/bilde.png", b"\x89PNG")
        archive.writestr("__MACOSX/kart/._aktorer.csv", b"junk")

    result = load_map_bytes(buffer.getvalue(), "kart.zip")

    assert result.map.actors == (Actor("ppt", "PPT"),)
    assert [str(w) for w in result.warnings] == ["Filen «kart/bilde.png» er ikke en .csv-fil og ble hoppet over."]


def test_csv_errors_name_the_row_as_seen_in_the_file(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "aktorer.csv").write_text("id,navn,alder_fra\nppt,PPT,fem\n", encoding="utf-8")

    with pytest.raises(MapFileError) as caught:
        load_map(folder)

    assert [str(p) for p in caught.value.problems] == [
        "Ark «aktører», rad 2, kolonne «alder_fra»: «fem» er ikke et helt tall. Skriv for eksempel 6 eller 16."
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kart.pdf", "Filtypen «.pdf» kan ikke leses. Godtatte filtyper: .xlsx (Excel), .yaml eller .yml, .zip med "
                     ".csv-filer, en mappe med .csv-filer, eller nettverksfiler fra andre verktøy (.graphml, .gexf, "
                     "Kumu-.json)."),
        ("kart.xls", "Gamle Excel-filer (.xls) kan ikke leses. Åpne filen i Excel og lagre den som .xlsx "
                     "(«Excel-arbeidsbok»)."),
        ("aktorer.csv", "En enkelt CSV-fil holder ikke: kartet består av flere tabeller. Velg mappen med "
                        ".csv-filene, eller pakk dem i en .zip-fil."),
    ],
)
def test_unknown_file_types_say_which_types_are_accepted(tmp_path, name, expected):
    path = tmp_path / name
    path.write_bytes(b"x")

    with pytest.raises(MapFileError) as caught:
        load_map(path)

    assert [str(p) for p in caught.value.problems] == [expected]


def test_missing_file_is_a_map_file_error(tmp_path):
    with pytest.raises(MapFileError) as caught:
        load_map(tmp_path / "finnes-ikke.yaml")

    assert str(caught.value.problems[0]) == (
        f"Finner ikke filen «{tmp_path / 'finnes-ikke.yaml'}». Sjekk navnet og mappen."
    )


def test_too_big_upload_is_refused_before_reading():
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(b"a" * (MAX_FILE_BYTES + 1), "stor.yaml")

    assert str(caught.value.problems[0]) == "Filen er for stor (20,1 MB). Største tillatte størrelse er 20 MB."


def test_bad_zip_gives_a_clear_error():
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(b"not a zip", "kart.zip")

    assert (
        str(caught.value.problems[0])
        == "Filen er ikke en gyldig .zip-fil. Er den skadet, eller har den feil filendelse?"
    )


def test_saving_is_atomic_and_leaves_no_temporary_files(tmp_path, monkeypatch):
    path = tmp_path / "kart.yaml"
    save_map(SAMPLE, path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(MapFileError) as caught:
        save_map(CollaborationMap(actors=(Actor("x", "X"),)), path)

    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["kart.yaml"]
    assert str(caught.value.problems[0]) == f"Kunne ikke lagre «{path}»: No space left on device"


def test_saving_with_an_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(MapFileError) as caught:
        save_map(SAMPLE, tmp_path / "kart.docx")

    assert str(caught.value.problems[0]) == (
        "Kan ikke lagre som «.docx». Bruk .xlsx, .yaml, .yml, .zip eller en mappe (for .csv-filer)."
    )


def test_yaml_rows_that_are_not_mappings_are_reported_with_their_place():
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(b"AKTORER:\n- x\n- id: a\n  navn: A\nfora: 5\n", "k.yaml")

    assert [str(p) for p in caught.value.problems] == [
        "Ark «aktører», rad 1: Raden må ha kolonnenavn og verdier (for eksempel «id: ppt»), fikk «x».",
        "Ark «fora»: Tabellen må være en liste av rader, fikk «5».",
    ]


EXAMPLES = sorted((Path(__file__).parents[1] / "data").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
@pytest.mark.parametrize("fmt", ["xlsx", "yaml", "zip"])
def test_example_maps_round_trip_through_every_form(example, fmt):
    cmap = load_map(example).map

    assert load_map_bytes(map_to_bytes(cmap, fmt), f"kart.{fmt}").map == cmap
