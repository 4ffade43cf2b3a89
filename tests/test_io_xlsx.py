"""Excel workbooks: hand-typed files, broken files, formulas, the template, hostile files."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from samhandling.errors import MapFileError
from samhandling.io import limits, load_map, load_map_bytes, map_to_bytes, template_bytes, write_template
from samhandling.model import Actor, CollaborationMap, Forum, Membership

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def error_lines(data: bytes, name: str = "kart.xlsx") -> list[str]:
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(data, name)
    return [str(p) for p in caught.value.problems]


def test_workbook_typed_by_hand_with_messy_headers_loads():
    data = workbook_bytes(
        {
            "AKTØRER": [
                [],
                ["ID", " Navn ", "Alder fra", "ALDER_TIL", "Forvaltningsniva", "Sektor ", "Kategori"],
                ["ppt ", "PPT  ", 3, "16", "Interkommunalt", "Oppvekst ", "PPT"],
                [None, None, None],
                ["nav-ung", "NAV ung", None, None, None, "Velferd", "nav"],
            ],
            "Forum": [["Id", "Navn", "Frekvens", "Mandat", "Varighet timer"],
                      ["tt", "Tverrfaglig team ", "Ved behov", "Ja", 2]],
            "Deltakelse": [["Forum", "Aktør", "Rolle"], ["tt", "ppt", "Ved behov"], ["tt", "nav-ung", "LEDER"]],
            "Ark1": [],
        }
    )

    result = load_map_bytes(data, "kart.xlsx")

    assert result.map.actors == (
        Actor("ppt", "PPT", category="ppt", sector="oppvekst", admin_level="interkommunalt", age_from=3,
              age_to=16),
        Actor("nav-ung", "NAV ung", category="nav", sector="velferd"),
    )
    assert result.map.forums == (Forum("tt", "Tverrfaglig team", frequency="ved_behov", has_mandate=True,
                                       duration_hours=2.0),)
    assert result.map.memberships == (Membership("tt", "ppt", "ved_behov"), Membership("tt", "nav-ung", "leder"))
    assert [str(w) for w in result.warnings] == [
        "Arket «Ark1» er ukjent og ble hoppet over. Kjente ark: aktører, fora, deltakelse, relasjoner, rutiner, "
        "forventninger, om, posisjoner."
    ]


def test_a_workbook_saved_by_libreoffice_calc_with_messy_headers_loads():
    # tests/fixtures/README.md: typed with messy headers, then saved by LibreOffice Calc 7.
    result = load_map(FIXTURES / "libreoffice-messy.xlsx")
    cmap = result.map
    assert [a.name for a in cmap.actors] == ["PPT Kárášjohka", "Mánáidsuodjalus (barnevern)", "Kárášjoga skuvla"]
    assert [(a.category, a.sector, a.age_from, a.age_to) for a in cmap.actors] == [
        ("ppt", "oppvekst", 0, 19), ("barnevern", "velferd", 0, 23), ("skole", "oppvekst", 6, 15)]
    forum = cmap.forums[0]
    assert (forum.name, forum.type, forum.frequency, forum.duration_hours, forum.leader, forum.has_mandate) == (
        "Tverrfaglig team – čđŋšŧž", "tverrfaglig_team", "manedlig", 1.5, "bv", True)
    assert [(m.actor, m.role) for m in cmap.memberships] == [("bv", "leder"), ("ppt", "fast"), ("skole", "ved_behov")]


def test_a_libreoffice_ods_file_is_refused_with_how_to_save_it_as_xlsx():
    assert error_lines((FIXTURES / "libreoffice-messy.ods").read_bytes(), "kart.ods") == [
        "Regneark fra LibreOffice (.ods) kan ikke leses direkte. Åpne filen i LibreOffice, velg Fil → Lagre som, "
        "og velg filtypen «Excel 2007-365 (.xlsx)»."
    ]


def test_broken_workbook_lists_every_problem_with_its_place():
    data = workbook_bytes(
        {
            "aktører": [["id", "navn", "sektor", "alder_til"], ["ppt", "PPT", "helsa", 30], ["", "Uten id"]],
            "fora": [["id", "navn", "frekvens"], ["f", "F", "hver dag"]],
            "deltakelse": [["forum", "aktør"], ["f", "bup"]],
        }
    )

    assert error_lines(data) == [
        "Ark «aktører», rad 2, kolonne «sektor»: «helsa» er ikke en gyldig sektor. Gyldige verdier: oppvekst, "
        "helse, velferd, justis, kultur, stat, frivillig, bruker, annet.",
        "Ark «aktører», rad 2, kolonne «alder_til»: Alderen 30 er utenfor 0–24. Skriv et helt tall fra 0 til 24.",
        "Ark «aktører», rad 3, kolonne «id»: Id mangler. Hver rad må ha en id.",
        "Ark «fora», rad 2, kolonne «frekvens»: «hver dag» er ikke en gyldig frekvens. Gyldige verdier: ukentlig, "
        "annenhver_uke, manedlig, kvartalsvis, halvarlig, arlig, ved_behov.",
        "Ark «deltakelse», rad 2, kolonne «aktør»: «bup» finnes ikke i arket «aktører».",
    ]


def test_excel_dates_become_dates():
    data = workbook_bytes({"aktører": [["id", "navn"], ["a", "A"]],
                           "rutiner": [["id", "navn", "revideres"], ["r", "R", datetime(2025, 6, 1)]]})

    assert load_map_bytes(data, "k.xlsx").map.routines[0].review_date.isoformat() == "2025-06-01"


def test_text_that_looks_like_a_formula_is_never_written_as_a_formula():
    cmap = CollaborationMap(actors=(Actor("a", "=HYPERLINK(\"http://x\")", description="+1", municipality="@x",
                                          category="-2"),))

    data = map_to_bytes(cmap, "xlsx")

    ws = openpyxl.load_workbook(io.BytesIO(data))["aktører"]
    for cell in (ws["B2"], ws["C2"], ws["J2"], ws["K2"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    assert ws["B2"].value == "=HYPERLINK(\"http://x\")"
    assert load_map_bytes(data, "k.xlsx").map == cmap


def test_exported_workbook_has_dropdowns_for_every_controlled_column():
    cmap = CollaborationMap(actors=(Actor("a", "A"),))
    wb = openpyxl.load_workbook(io.BytesIO(map_to_bytes(cmap, "xlsx")))

    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["fora"].data_validations.dataValidation}
    assert set(validations) == {"C2", "D2", "E2", "H2", "M2"}  # type, nivå, frekvens, mandat, bti_nivå
    assert wb["lister"].sheet_state == "hidden"
    # The dropdowns show the Norwegian labels the loader also reads, not internal codes.
    assert [c.value for c in wb["lister"]["B"] if c.value][:3] == ["sector", "Oppvekst", "Helse"]
    listed = {c.value for column in wb["lister"].iter_cols(values_only=False) for c in column if c.value}
    assert {"Månedlig", "Påkrevd", "Sekretær"} <= listed
    assert not {"manedlig", "pakrevd", "sekretar"} & listed


def test_template_has_readme_bold_required_headers_comments_and_dropdowns():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))

    assert wb.sheetnames == ["Les meg", "aktører", "fora", "deltakelse", "relasjoner", "rutiner", "forventninger",
                             "om", "lister"]
    assert wb["Les meg"]["A1"].value == "Slik fyller du ut samhandlingskartet"
    header = wb["aktører"][1]
    assert [c.value for c in header] == ["id", "navn", "kategori", "type", "sektor", "forvaltningsnivå",
                                        "alder_fra", "alder_til", "tilhører", "kommune", "beskrivelse", "innflytelse",
                                            "registrert_av"]
    assert [c.font.b for c in header[:3]] == [True, True, False]
    assert header[0].comment.text == "Kort, unik id for aktøren, for eksempel ppt eller nav-ung. Må fylles ut."
    assert header[4].comment.text == "Sektoren aktøren hører til. Standard: Annet."
    sector = next(dv for dv in wb["aktører"].data_validations.dataValidation if "E2" in str(dv.sqref))
    assert str(sector.sqref) == "E2:E501"
    assert sector.formula1 == "=lister!$B$2:$B$10"


def test_empty_template_loads_and_says_there_are_no_actors(tmp_path):
    path = tmp_path / "mal.xlsx"
    write_template(path)

    result = load_map(path)

    assert result.map.actors == ()
    assert [str(p) for p in result.warnings] == [
        "Ark «aktører»: Kartet har ingen aktører. Fyll inn minst én aktør (id og navn) i arket «aktører»."
    ]


def test_filled_in_template_loads(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    wb["aktører"].append(["ppt", "PPT", "ppt", "tjeneste", "oppvekst"])
    path = tmp_path / "utfylt.xlsx"
    wb.save(path)

    assert load_map(path).map.actors == (Actor("ppt", "PPT", category="ppt", sector="oppvekst"),)


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    assert name in source.namelist()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return buffer.getvalue()


_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>navn</t></is></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t>%s</t></is></c></row>'
    b"</sheetData></worksheet>"
)
_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
    )
    + b"]>\n" + _SHEET % b"&lol9;"
)
_EXTERNAL = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n' + _SHEET % b"&ext;"
)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("payload", [_BOMB, _EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_workbook_with_xml_entities_is_refused_without_parsing(payload):
    data = _replace_member(workbook_bytes({"aktører": [["id", "navn"], ["a", "A"]]}), "xl/worksheets/sheet1.xml",
                           payload)

    started = time.monotonic()
    lines = error_lines(data)

    assert time.monotonic() - started < 5
    assert lines == ["Filen inneholder XML-definisjoner (DOCTYPE/ENTITY) som ikke er tillatt i en "
                     "Excel-arbeidsbok. Filen leses ikke av sikkerhetsgrunner."]


def test_zip_bomb_is_refused_by_unpacked_size(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1024 * 1024)
    data = _replace_member(workbook_bytes({"aktører": [["id", "navn"], ["a", "A"]]}), "docProps/app.xml",
                           b" " * (2 * 1024 * 1024))

    assert error_lines(data) == ["Filen blir for stor når den pakkes ut (2,1 MB). Høyst 1 MB er tillatt."]


def test_workbook_with_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(limits.MAX_MEMBERS + 1):
            archive.writestr(f"x/{index}.xml", b"")

    assert error_lines(buffer.getvalue()) == ["Filen inneholder for mange deler (1001). Høyst 1000 er tillatt."]


@pytest.mark.parametrize("data", [b"", b"id;navn\nppt;PPT\n", b"PK\x03\x04garbage", bytes(range(256)) * 10])
def test_something_that_is_not_a_workbook_gives_a_clear_error(data):
    assert error_lines(data) == [
        "Filen er ikke en gyldig Excel-arbeidsbok (.xlsx). Er den skadet, eller har den feil filendelse? "
        "Lagre den på nytt fra Excel som .xlsx."
    ]


def test_a_zip_that_is_not_a_workbook_gives_a_clear_error():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", b"hei")

    assert error_lines(buffer.getvalue())[0].startswith("Filen er ikke en gyldig Excel-arbeidsbok (.xlsx).")


def test_helper_sheets_of_our_own_workbooks_give_no_warnings():
    cmap = CollaborationMap(actors=(Actor("ppt", "PPT", category="ppt"),))

    result = load_map_bytes(map_to_bytes(cmap, "xlsx"), "k.xlsx")

    assert result.map == cmap
    assert result.warnings == ()
    assert openpyxl.load_workbook(io.BytesIO(map_to_bytes(cmap, "xlsx"))).sheetnames[-2:] == ["Les meg", "lister"]


def test_reading_a_workbook_with_calamine_does_not_import_openpyxl(tmp_path):
    # openpyxl costs ~0.3 s to import: it is for writing, and for reading without calamine.
    import subprocess
    import sys

    path = tmp_path / "kart.xlsx"
    path.write_bytes(map_to_bytes(CollaborationMap(actors=(Actor("ppt", "PPT"),)), "xlsx"))
    code = ("import sys; from samhandling.io import load_map; "
            f"m = load_map({str(path)!r}).map; print(m.actors[0].name, 'openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["PPT", "False"]
