"""map_from_tables: forgiving names and values, every error with its place, warnings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from samhandling.errors import MapFileError
from samhandling.io import map_from_tables, map_to_tables
from samhandling.model import Actor, Expectation, Forum, MapInfo, Membership, Relation, Routine


def actors(*rows: dict) -> list[dict]:
    return [{"id": "ppt", "navn": "PPT"}, {"id": "bv", "navn": "Barnevern"}, *rows]


def load_error(tables: dict, **kwargs) -> MapFileError:
    with pytest.raises(MapFileError) as caught:
        map_from_tables(tables, **kwargs)
    return caught.value


def messages(error: MapFileError) -> list[str]:
    return [str(p) for p in error.problems]


def test_minimal_map_gets_the_defaults_of_the_format():
    result = map_from_tables({"aktører": [{"id": "ppt", "navn": "PPT"}]})

    assert result.map.actors == (Actor("ppt", "PPT"),)
    assert result.map.actors[0].sector == "annet" and result.map.actors[0].age_to == 24
    assert result.warnings == ()


def test_unknown_sector_is_reported_with_row_and_column():
    error = load_error({"aktører": actors({"id": "hs", "navn": "Helsestasjon", "sektor": "helsa"})})

    (problem,) = error.problems
    assert (problem.table, problem.row, problem.column, problem.value) == ("aktører", 4, "sektor", "helsa")
    assert str(problem) == (
        "Ark «aktører», rad 4, kolonne «sektor»: «helsa» er ikke en gyldig sektor. Gyldige verdier: "
        "oppvekst, helse, velferd, justis, kultur, stat, frivillig, bruker, annet."
    )


def test_yaml_rows_are_counted_from_one():
    error = load_error({"aktører": [{"id": "a", "navn": "A"}, {"id": "b", "navn": ""}]}, first_row=1)

    assert messages(error) == ["Ark «aktører», rad 2, kolonne «navn»: Navn mangler for «b». Hver rad må ha et navn."]


def test_sheet_and_column_names_fold_and_values_are_trimmed():
    result = map_from_tables(
        {
            "AKTØRER": [{" Id ": " ppt ", "Navn ": " PPT ", "Forvaltningsniva": "Interkommunalt",
                         "Alder fra": "3", "ALDER_TIL": 16.0, "Tilhører": "", "Sektor": " Oppvekst "}],
            "Forum": [{"ID": "f", "NAVN": "Team", "Nivå": "Individ", "Frekvens": "Ved behov",
                       "Varighet timer": "1,5", "Mandat": "Ja", "Tema": "skole; rus"}],
            "Deltakelse": [{"Forum": "f", "AKTOR": "ppt", "Rolle": "Fast medlem"}],
        }
    )

    assert result.map.actors == (
        Actor("ppt", "PPT", sector="oppvekst", admin_level="interkommunalt", age_from=3, age_to=16),
    )
    assert result.map.forums == (
        Forum("f", "Team", level="individ", frequency="ved_behov", duration_hours=1.5, has_mandate=True,
              topics=("skole", "rus")),
    )
    assert result.map.memberships == (Membership("f", "ppt", "fast"),)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ja", True), ("Ja", True), ("yes", True), ("TRUE", True), ("1", True), ("x", True), (1, True),
     (True, True), ("nei", False), ("no", False), ("false", False), ("0", False), ("", False), (None, False)],
)
def test_booleans_accept_the_usual_words(typed, expected):
    result = map_from_tables({"aktører": actors(), "fora": [{"id": "f", "navn": "F", "mandat": typed}]})

    assert result.map.forums[0].has_mandate is expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2025-06-01", date(2025, 6, 1)), ("1.6.2025", date(2025, 6, 1)), ("01.06.2025", date(2025, 6, 1)),
     (pd.Timestamp("2025-06-01"), date(2025, 6, 1)), ("2025-06-01 00:00:00", date(2025, 6, 1)), ("", None)],
)
def test_dates_accept_iso_norwegian_and_spreadsheet_dates(typed, expected):
    result = map_from_tables({"aktører": actors(), "rutiner": [{"id": "r", "navn": "R", "revideres": typed}]})

    assert result.map.routines[0].review_date == expected


def test_lists_split_on_semicolon_or_comma():
    result = map_from_tables(
        {"aktører": actors(), "rutiner": [{"id": "r1", "navn": "R", "parter": "ppt, bv"},
                                          {"id": "r2", "navn": "R", "parter": "ppt;bv;"}]}
    )

    assert [r.parties for r in result.map.routines] == [("ppt", "bv"), ("ppt", "bv")]


def test_blank_rows_are_skipped_but_keep_the_row_numbers():
    frame = pd.DataFrame({"id": ["ppt", None, "  ", "x y"], "navn": ["PPT", None, "", "X"]})

    error = load_error({"aktører": frame})

    assert [(p.row, p.column) for p in error.problems] == [(5, "id")]
    assert messages(error)[0].startswith("Ark «aktører», rad 5, kolonne «id»: «x y» er ikke en gyldig id.")


def test_broken_tables_report_every_problem_at_once():
    error = load_error(
        {
            "aktører": actors(
                {"id": "ppt", "navn": "Kopi"},
                {"id": "a", "navn": "A", "alder_fra": "30", "tilhører": "b"},
                {"id": "b", "navn": "B", "alder_fra": 10, "alder_til": 5, "tilhører": "a"},
                {"id": "c", "navn": "C", "tilhører": "finnes-ikke", "type": "kontor"},
            ),
            "fora": [{"id": "bv", "navn": "Kolliderer"}, {"id": "f", "navn": "F", "leder": "ukjent",
                                                         "varighet_timer": "-2"}],
            "deltakelse": [{"forum": "f", "aktør": "pp"}, {"forum": "ppt", "aktør": "f"}],
            "relasjoner": [{"fra": "ppt", "til": "bv", "rutine": "r9"}],
            "rutiner": [{"id": "r", "navn": "R", "parter": "ppt; nav", "ansvarlig": "nav"}],
        }
    )

    assert messages(error) == [
        "Ark «aktører», rad 4, kolonne «id»: Id-en «ppt» er brukt før (ark «aktører», rad 2). "
        "Aktører og fora må ha hver sin id.",
        "Ark «aktører», rad 5, kolonne «alder_fra»: Alderen 30 er utenfor 0–24. Skriv et helt tall fra 0 til 24.",
        "Ark «aktører», rad 5, kolonne «tilhører»: «tilhører» går i ring: «a» → «b» → «a». "
        "En aktør kan ikke (indirekte) tilhøre seg selv.",
        "Ark «aktører», rad 6, kolonne «alder_fra»: «alder_fra» (10) er større enn «alder_til» (5).",
        "Ark «aktører», rad 7, kolonne «type»: «kontor» er ikke en gyldig type. "
        "Gyldige verdier: tjeneste, team, partner, rolle, satsing.",
        "Ark «aktører», rad 7, kolonne «tilhører»: «finnes-ikke» finnes ikke i arket «aktører».",
        "Ark «fora», rad 2, kolonne «id»: Id-en «bv» er brukt før (ark «aktører», rad 3). "
        "Aktører og fora må ha hver sin id.",
        "Ark «fora», rad 3, kolonne «leder»: «ukjent» finnes ikke i arket «aktører».",
        "Ark «fora», rad 3, kolonne «varighet_timer»: Varigheten -2 er negativ. "
        "Skriv antall timer, for eksempel 1,5.",
        "Ark «deltakelse», rad 2, kolonne «aktør»: «pp» finnes ikke i arket «aktører». Mente du «ppt»?",
        "Ark «deltakelse», rad 3, kolonne «forum»: «ppt» er en aktør, ikke et forum. "
        "Skriv id-en til et forum fra arket «fora».",
        "Ark «deltakelse», rad 3, kolonne «aktør»: «f» er et forum, ikke en aktør. "
        "Skriv id-en til en aktør fra arket «aktører».",
        "Ark «relasjoner», rad 2, kolonne «rutine»: «r9» finnes ikke i arket «rutiner».",
        "Ark «rutiner», rad 2, kolonne «ansvarlig»: «nav» finnes ikke i arket «aktører».",
        "Ark «rutiner», rad 2, kolonne «parter»: «nav» finnes ikke i arket «aktører».",
    ]


def test_missing_actor_table_and_missing_required_column_are_errors():
    assert messages(load_error({"fora": [{"id": "f", "navn": "F"}]})) == [
        "Kartet mangler arket «aktører». Legg til et ark «aktører» med kolonnene id og navn."
    ]
    assert messages(load_error({"aktører": pd.DataFrame({"id": ["a"], "name": ["A"]})})) == [
        "Ark «aktører», kolonne «navn»: Kolonnen «navn» mangler. Den må være med.",
    ]


def test_an_empty_actor_table_loads_with_a_warning_so_an_empty_map_can_be_imported_again():
    result = map_from_tables({"aktører": pd.DataFrame({"id": [], "navn": []})})
    assert result.map.actors == ()
    assert [str(w) for w in result.warnings] == [
        "Ark «aktører»: Kartet har ingen aktører. Fyll inn minst én aktør (id og navn) i arket «aktører»."
    ]


def test_warnings_are_returned_not_raised():
    result = map_from_tables(
        {
            "aktører": actors({"id": "x", "navn": "X", "kategori": "Skolen vår", "farge": "blå"}),
            "fora": [{"id": "f", "navn": "F"}],
            "deltakelse": [{"forum": "f", "aktør": "ppt"}, {"forum": "f", "aktør": "ppt", "rolle": "leder"}],
            "relasjoner": [{"fra": "ppt", "til": "ppt"}],
            "notater": [{"tekst": "hei"}],
            "Les meg": [{"A": "ignored without a word"}],
        }
    )

    assert [str(w) for w in result.warnings] == [
        "Arket «notater» er ukjent og ble hoppet over. Kjente ark: aktører, fora, deltakelse, relasjoner, "
        "rutiner, forventninger, om, posisjoner.",
        "Ark «aktører»: Kolonnen «farge» er ukjent og ble hoppet over. Kjente kolonner: id, navn, kategori, "
        "type, sektor, forvaltningsnivå, alder_fra, alder_til, tilhører, kommune, beskrivelse, innflytelse, "
            "registrert_av.",
        "Ark «aktører», rad 4, kolonne «kategori»: «Skolen vår» er ikke en kategori i katalogen. Aktøren tas "
        "med, men regler for forventet samhandling bruker bare kjente kategorier.",
        "Ark «deltakelse», rad 3, kolonne «aktør»: «ppt» er ført opp i forumet «f» to ganger (også rad 2); "
        "bare den første raden brukes.",
        "Ark «relasjoner», rad 2, kolonne «til»: En relasjon fra «ppt» til seg selv er hoppet over.",
    ]
    assert result.map.memberships == (Membership("f", "ppt", "fast"),)
    assert result.map.relations == ()


def test_expectation_sides_take_catalogue_words_or_actor_ids():
    result = map_from_tables(
        {"aktører": actors(), "forventninger": [{"a": "Barnevern", "b": "ppt", "krav": "Påkrevd"},
                                                {"a": "skole", "b": "bup", "krav": "ingen"}]}
    )

    assert result.map.expectations == (Expectation("barnevern", "ppt", "pakrevd"),
                                       Expectation("skole", "bup", "ingen"))


def test_the_om_table_becomes_map_info():
    result = map_from_tables({"aktører": actors(), "Om": [{"Tittel": "Kart", "kommune": "Kárášjohka",
                                                          "dato": "1.2.2025"}]})

    assert result.map.info == MapInfo("Kart", "Kárášjohka", date(2025, 2, 1))


def test_sami_ids_and_names_work():
    result = map_from_tables(
        {"aktører": [{"id": "Guovdageainnu-suohkan", "navn": "Guovdageainnu suohkan"},
                     {"id": "unjárga", "navn": "Unjárga gielda", "tilhører": "Guovdageainnu-suohkan"}],
         "relasjoner": [{"fra": "unjárga", "til": "Guovdageainnu-suohkan"}]}
    )

    assert result.map.actors[1] == Actor("unjárga", "Unjárga gielda", belongs_to="Guovdageainnu-suohkan")
    assert result.map.relations == (Relation("unjárga", "Guovdageainnu-suohkan"),)


def test_numbers_accept_decimal_comma_and_whole_floats():
    result = map_from_tables({"aktører": [{"id": "a", "navn": "A", "alder_fra": 5.0, "alder_til": "18,0"}],
                              "fora": [{"id": "f", "navn": "F", "varighet_timer": "2,25"}]})

    assert (result.map.actors[0].age_from, result.map.actors[0].age_to) == (5, 18)
    assert result.map.forums[0].duration_hours == 2.25


def test_a_non_whole_age_and_a_bad_boolean_say_what_is_valid():
    error = load_error({"aktører": [{"id": "a", "navn": "A", "alder_fra": "2,5"}],
                        "fora": [{"id": "f", "navn": "F", "mandat": "kanskje"}]})

    assert messages(error) == [
        "Ark «aktører», rad 2, kolonne «alder_fra»: «2,5» er ikke et helt tall. Skriv for eksempel 6 eller 16.",
        "Ark «fora», rad 2, kolonne «mandat»: «kanskje» er ikke ja eller nei. "
        "Gyldige verdier: ja, nei (også yes/no, true/false, 1/0, x eller tom).",
    ]


def test_map_to_tables_has_canonical_columns_and_round_trips():
    cmap = map_from_tables(
        {"aktører": actors({"id": "x", "navn": "X", "sektor": "helse"}),
         "fora": [{"id": "f", "navn": "F", "tema": "a;b", "mandat": "ja"}],
         "deltakelse": [{"forum": "f", "aktør": "x"}],
         "rutiner": [{"id": "r", "navn": "R", "parter": "ppt;bv", "revideres": "2025-01-01"}],
         "relasjoner": [{"fra": "ppt", "til": "bv", "rutine": "r"}],
         "forventninger": [{"a": "skole", "b": "ppt"}],
         "om": [{"tittel": "T"}]}
    ).map

    tables = map_to_tables(cmap)

    assert list(tables) == ["aktører", "fora", "deltakelse", "relasjoner", "rutiner", "forventninger", "om",
                           "posisjoner"]
    assert list(tables["fora"].columns) == ["id", "navn", "type", "nivå", "frekvens", "varighet_timer", "leder",
                                            "mandat", "alder_fra", "alder_til", "tema", "videre_til", "bti_nivå",
                                            "registrert_av"]
    assert tables["fora"].loc[0, "tema"] == "a; b"
    assert map_from_tables(tables).map == cmap
    assert Routine("r", "R", parties=("ppt", "bv"), review_date=date(2025, 1, 1)) in cmap.routines


def test_map_to_tables_gives_typed_columns_even_for_empty_tables():
    from samhandling.model import CollaborationMap

    fora = map_to_tables(CollaborationMap())["fora"]

    assert len(fora) == 0
    assert {name: str(dtype) for name, dtype in fora.dtypes.items()} == {
        "id": "str", "navn": "str", "type": "str", "nivå": "str", "frekvens": "str", "varighet_timer": "float64",
        "leder": "str", "mandat": "bool", "alder_fra": "int64", "alder_til": "int64", "tema": "str",
        "videre_til": "str", "bti_nivå": "str", "registrert_av": "str",
    }


def test_a_row_refused_for_its_id_still_has_its_other_problems_reported():
    from samhandling.errors import MapFileError
    from samhandling.io import map_from_tables

    tables = {
        "aktører": [
            {"id": "bv", "navn": "Barnevern"},
            {"id": "bv", "navn": "Dobbel", "alder_fra": 5, "alder_til": 2, "tilhører": "finnes-ikke"},
            {"id": "Unjárga skuvla", "navn": ""},
        ]
    }
    with pytest.raises(MapFileError) as caught:
        map_from_tables(tables)
    messages = [str(p) for p in caught.value.problems]
    assert "Ark «aktører», rad 3, kolonne «alder_fra»: «alder_fra» (5) er større enn «alder_til» (2)." in messages
    assert "Ark «aktører», rad 3, kolonne «tilhører»: «finnes-ikke» finnes ikke i arket «aktører»." in messages
    assert "Ark «aktører», rad 4, kolonne «navn»: Navn mangler. Hver rad må ha et navn." in messages
    assert not any("failed" in m for m in messages)
