"""Files that are wrong or hostile get a Norwegian message naming the place, never "Uventet feil".

Each test is one case of the hostile-input campaign (issue 9): the file is at fault,
so the answer is exit code 2 (or a load with a warning), with a message that says
where and what to do.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

import samhandling.io as samhandling_io
from samhandling.cli import main
from samhandling.errors import MapFileError
from samhandling.io import load_map, load_map_bytes, map_to_bytes
from samhandling.io.exchange import export_bytes
from samhandling.model import Actor, CollaborationMap, Forum, Membership

FIXTURES = Path(__file__).parent / "fixtures"
TWO_ACTORS = "aktører:\n  - id: ppt\n    navn: PPT\n  - id: bv\n    navn: Barnevern\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def messages(data: bytes, name: str) -> list[str]:
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(data, name)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- numbers and text


def test_a_meeting_of_1e308_hours_is_refused_at_load_naming_table_row_and_column(tmp_path, capsys):
    path = tmp_path / "kart.yaml"
    path.write_text(TWO_ACTORS + "fora:\n  - id: f\n    navn: Forum\n    frekvens: ukentlig\n"
                    "    varighet_timer: 1e308\n", encoding="utf-8")
    for command in ("validate", "analyze", "map", "report"):
        extra = {"map": ["-o", str(tmp_path / "k.html")], "report": ["-o", str(tmp_path / "k.docx")]}
        code, _, err = run(capsys, command, str(path), *extra.get(command, []))
        assert code == 2, (command, err)
        assert "Ark «fora», rad 1, kolonne «varighet_timer»: Varigheten 1e+308 timer er for lang" in err


def test_a_text_longer_than_a_cell_may_hold_is_refused_with_its_place():
    data = f"aktører:\n  - id: a\n    navn: {'x' * 20_000}\n".encode()
    assert messages(data, "k.yaml") == [
        "Ark «aktører», rad 1, kolonne «navn»: Teksten har 20000 tegn; høyst 10000 kan leses i én celle. Kort den ned."
    ]


def test_a_cell_of_only_spaces_is_blank_however_long_and_tabs_and_no_break_spaces_inside_a_name_stay():
    data = ('aktører:\n  - id: a\n    navn: "PPT"\n    beskrivelse: "' + " " * 20_000 + '"\n'
            '  - id: b\n    navn: "Barne\tvern\u00a0Vest"\n').encode()
    cmap = load_map_bytes(data, "k.yaml").map
    assert cmap.actors[0].description == ""
    assert cmap.actors[1].name == "Barne\tvern\u00a0Vest"


def test_control_characters_in_a_name_are_dropped_at_load_so_every_export_works():
    data = 'aktører:\n  - id: a\n    navn: "PP\\aT\\0"\n'.encode()
    cmap = load_map_bytes(data, "k.yaml").map
    assert cmap.actors[0].name == "PPT"
    # A map stored before this rule (control characters in it) still exports.
    stored = CollaborationMap(actors=(Actor("a", "Bell\x07\x00 PPT"),), forums=(Forum("f", "F\x1b"),),
                              memberships=(Membership("f", "a"),))
    for fmt in ("graphml", "gexf", "kumu"):
        back = load_map_bytes(export_bytes(stored, fmt), "k." + {"kumu": "json"}.get(fmt, fmt))
        assert back.map.actors[0].name == "Bell PPT"


def test_a_title_over_255_characters_makes_a_word_brief(tmp_path, capsys):
    path = tmp_path / "kart.yaml"
    path.write_text(f"om:\n  - tittel: {'Tittel ' * 60}\n" + TWO_ACTORS, encoding="utf-8")
    code, _, err = run(capsys, "report", str(path), "-o", str(tmp_path / "brev.docx"))
    assert code == 0, err
    title = Document(str(tmp_path / "brev.docx")).core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_meeting_overload_hours_nan_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "kart.yaml"
    path.write_text(TWO_ACTORS, encoding="utf-8")
    code, _, err = run(capsys, "analyze", str(path), "--meeting-overload-hours", "nan")
    assert code == 2 and "«nan» er ikke et tall fra 0 til 10000" in err


# --------------------------------------------------------------------------- Kumu JSON and GraphML


def test_kumu_json_nested_100000_deep_is_refused_in_norwegian():
    assert messages(b"[" * 100_000 + b"]" * 100_000, "k.json") == [
        "Filen kan ikke leses som Kumu-JSON: lister og objekter ligger mer enn 32 nivåer inni hverandre."
    ]


@pytest.mark.parametrize("number", ["9" * 5000, "1e999", "NaN"])
def test_kumu_json_with_a_number_python_cannot_use_is_refused(number):
    data = f'{{"elements": [{{"_id": "a", "label": "A", "x": {number}}}], "connections": []}}'.encode()
    assert messages(data, "k.json") == [
        "Filen kan ikke leses som Kumu-JSON: den har et tall som ikke kan brukes (uendelig, NaN eller over 4300 sifre)."
    ]


def test_kumu_json_in_utf16_is_read_and_other_encodings_get_a_norwegian_message():
    blueprint = {"elements": [{"id": "a", "label": "Barnehagen på Ø", "element": "aktør"}], "connections": []}
    assert load_map_bytes(json.dumps(blueprint).encode("utf-16"), "k.json").map.actors[0].name == "Barnehagen på Ø"
    assert messages(json.dumps(blueprint, ensure_ascii=False).encode("latin-1"), "k.json") == [
        "Filen kan ikke leses som Kumu-JSON: den er ikke tekst i UTF-8 eller UTF-16 (feil ved byte 49). "
        "Lagre den på nytt som UTF-8."
    ]


def test_a_real_kumu_export_keeps_names_and_fields_from_attributes():
    result = load_map(FIXTURES / "kumu-export.json")
    actors = {a.id: (a.name, a.sector, a.category) for a in result.map.actors}
    assert actors == {
        "elem-9hQmZt2W": ("PPT Nordfjord", "oppvekst", "ppt"),
        "elem-Xc81LpQa": ("Barnevernet", "velferd", "barnevern"),
        "elem-r4TnB0ve": ("Helsestasjon og skulehelseteneste", "helse", "helsestasjon"),
        "elem-Pz7wQe1M": ("Frivilligsentralen", "annet", ""),
    }
    assert [(f.name, f.frequency) for f in result.map.forums] == [("Tverrfagleg team 0–6", "manedlig")]
    assert {m.actor for m in result.map.memberships} == {"elem-9hQmZt2W", "elem-r4TnB0ve"}
    assert [(r.source, r.target, r.type) for r in result.map.relations] == [
        ("elem-Xc81LpQa", "elem-9hQmZt2W", "samarbeid")
    ]
    assert result.map.actors[0].description == "Pedagogisk-psykologisk teneste for tre kommunar"
    # Only the element whose type is not ours is guessed.
    assert [str(w) for w in result.warnings] == [
        "Elementet «Frivilligsentralen» har ingen art (aktør/forum); tolket som aktør."
    ]


def test_the_flat_kumu_form_of_our_own_export_still_loads():
    cmap = load_map_bytes(TWO_ACTORS.encode(), "k.yaml").map
    assert load_map_bytes(export_bytes(cmap, "kumu"), "k.json").map == cmap


GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="d0" for="graph" attr.name="tabell_om" attr.type="string"/>
<key id="d1" for="node" attr.name="element" attr.type="string"/>
<graph edgedefault="directed"><data key="d0">{table}</data>
<node id="a"><data key="d1">aktør</data></node></graph></graphml>"""


def test_a_graphml_table_that_is_not_json_is_skipped_with_a_warning():
    result = load_map_bytes(GRAPHML.format(table="ikke json {").encode(), "k.graphml")
    assert [a.id for a in result.map.actors] == ["a"]
    assert [str(w) for w in result.warnings] == [
        "Ark «om»: Tabellen «om» i GraphML-filen (grafattributtet «tabell_om») er ikke gyldig JSON; den er hoppet over."
    ]


def test_a_graphml_table_that_is_a_number_is_an_error_naming_the_table():
    assert messages(GRAPHML.format(table="42").encode(), "k.graphml") == [
        "Ark «om»: Tabellen må være en liste av rader, fikk «42»."
    ]


# --------------------------------------------------------------------------- silent data loss


def test_a_yaml_table_written_twice_is_an_error_with_both_lines():
    data = (TWO_ACTORS + "aktører:\n  - id: c\n    navn: C\n").encode()
    assert messages(data, "k.yaml") == [
        "«aktører» står to ganger (linje 1 og 6); bare den siste ville blitt lest. Slå dem sammen til én."
    ]


def test_a_key_repeated_in_a_yaml_row_is_an_error_naming_table_row_and_column():
    data = b"akt\xc3\xb8rer:\n  - id: a\n    navn: A\n  - id: b\n    navn: B\n    navn: C\n"
    assert messages(data, "k.yaml") == [
        "Ark «aktører», rad 2, kolonne «navn»: «navn» står to ganger (linje 5 og 6); bare den siste ville blitt "
        "lest. Slå dem sammen til én."
    ]


def _workbook(build) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "aktører"
    build(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_merged_cells_in_a_sheet_are_a_warning_naming_the_cells():
    def build(sheet):
        for row in (["id", "navn", "sektor"], ["a", "A", "helse"], ["b", "B", None], ["c", "C", None]):
            sheet.append(row)
        sheet.merge_cells("C2:C4")

    result = load_map_bytes(_workbook(build), "k.xlsx")
    assert [a.sector for a in result.map.actors] == ["helse", "annet", "annet"]
    assert [str(w) for w in result.warnings] == [
        "Ark «aktører»: Cellene C2:C4 er slått sammen. Bare den første cellen har en verdi; de andre radene og "
        "kolonnene i sammenslåingen leses som tomme (og får standardverdien). Del opp sammenslåingen og fyll inn "
        "verdien i hver celle."
    ]


def test_a_formula_without_a_cached_value_gets_its_own_message():
    def build(sheet):
        for row in (["id", "navn"], ["a", "A"], ["b", '=A3&" team"']):  # openpyxl saves no cached value
            sheet.append(row)

    assert messages(_workbook(build), "k.xlsx")[0] == (
        "Ark «aktører», rad 3: Celle B3 har en formel uten utregnet verdi (filen er lagret av et program som ikke "
        "regner ut formler), så cellen leses som tom. Åpne filen i Excel eller LibreOffice og lagre den på nytt, "
        "eller skriv inn verdien."
    )


# --------------------------------------------------------------------------- misleading messages


def test_a_password_protected_workbook_is_called_passordbeskyttet():
    # What Excel writes: an OLE compound file with an EncryptionInfo stream instead of a zip.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + "EncryptionInfo".encode("utf-16-le") + bytes(100)
    [message] = messages(data, "k.xlsx")
    assert "passordbeskyttet" in message


def test_a_utf16_csv_is_decoded_and_one_without_a_bom_is_refused_clearly():
    def zipped(data: bytes) -> bytes:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("aktorer.csv", data)
        return buffer.getvalue()

    text = "id;navn\nppt;PPT Ås\n"
    assert load_map_bytes(zipped(text.encode("utf-16")), "k.zip").map.actors[0].name == "PPT Ås"
    assert messages(zipped(text.encode("utf-16-le")), "k.zip") == [
        "Filen «aktorer.csv» ser ut som UTF-16-tekst uten byte-rekkefølgemerke (BOM), eller er ikke tekst. "
        "Lagre den på nytt som «CSV UTF-8»."
    ]


def test_a_latin1_yaml_is_told_it_is_not_utf8():
    assert messages("aktører:\n  - id: a\n    navn: Bjørn\n".encode("latin-1"), "k.yaml") == [
        "YAML-filen «k.yaml» er ikke tekst i UTF-8. Lagre den på nytt med tegnsettet UTF-8 "
        "(i Notisblokk: Lagre som → Koding: UTF-8)."
    ]


def test_map_to_a_folder_that_does_not_exist_is_refused_and_no_folder_is_made(tmp_path, capsys):
    path = tmp_path / "kart.yaml"
    path.write_text(TWO_ACTORS, encoding="utf-8")
    target = tmp_path / "finnes" / "ikke" / "x.html"
    for command, extra in (("map", []), ("export", ["--to", "gexf"]), ("report", [])):
        out = target.with_suffix(".docx") if command == "report" else target
        code, _, err = run(capsys, command, str(path), "-o", str(out), *extra)
        assert code == 2 and "mappen" in err and "finnes ikke" in err
    assert not (tmp_path / "finnes").exists()


@pytest.mark.parametrize("fmt, suffix", [("xlsx", "xlsx"), ("yaml", "yaml"), ("zip", "zip"),
                                         ("graphml", "graphml"), ("gexf", "gexf"), ("kumu", "json")])
def test_a_map_with_no_actors_exports_and_imports_again(fmt, suffix):
    empty = CollaborationMap()
    data = map_to_bytes(empty, fmt) if fmt in ("xlsx", "yaml", "zip") else export_bytes(empty, fmt)
    assert load_map_bytes(data, f"tom.{suffix}").map == empty


def test_a_map_too_big_for_an_excel_sheet_says_so_in_norwegian(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(samhandling_io, "EXCEL_MAX_ROWS", 3)  # instead of building 1,048,576 actors
    path = tmp_path / "kart.yaml"
    path.write_text(TWO_ACTORS + "  - id: nav\n    navn: NAV\n", encoding="utf-8")
    code, _, err = run(capsys, "export", str(path), "--to", "xlsx", "-o", str(tmp_path / "k.xlsx"))
    assert code == 2
    assert "Kartet har 3 rader i tabellen «aktører», men et Excel-ark rommer høyst 2." in err
