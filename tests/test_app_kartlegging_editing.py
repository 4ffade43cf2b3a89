"""Pure helpers of the Kartlegging page: ids from names, merging, history notes."""

from __future__ import annotations

import pytest

from samhandling.model import Actor, CollaborationMap, Forum, Membership
from samhandling.ui.editing import describe_change, merge_tables, same_rows, slug_id


@pytest.mark.parametrize(
    ("name", "taken", "expected"),
    [
        ("PPT", (), "ppt"),
        ("Barnevernet i Ørsta/Volda", (), "barnevernet-i-ørsta-volda"),
        ("Mánáidsuodjalus Guovdageaidnu", (), "mánáidsuodjalus-guovdageaidnu"),
        ("čđŋšŧž  áá", (), "čđŋšŧž-áá"),
        ("PPT", ("ppt", "ppt-2"), "ppt-3"),
        ("  ", (), "id"),
        ("«Nærværsteam» (16–24)", (), "nærværsteam-16-24"),
    ],
)
def test_ids_are_made_from_names_keeping_norwegian_and_sami_letters(name, taken, expected):
    assert slug_id(name, taken) == expected


def test_merge_keeps_their_new_row_and_applies_my_add_change_and_delete():
    base = {"aktører": [{"id": "a", "navn": "A"}, {"id": "b", "navn": "B"}, {"id": "c", "navn": "C"}]}
    mine = {"aktører": [{"id": "a", "navn": "A2"}, {"id": "c", "navn": "C"}, {"id": "m", "navn": "Mine"}]}
    theirs = {"aktører": [*base["aktører"], {"id": "t", "navn": "Theirs"}]}
    merged = merge_tables(base, mine, theirs)
    assert [(r["id"], r["navn"]) for r in merged["aktører"]] == [
        ("a", "A2"),
        ("c", "C"),
        ("t", "Theirs"),
        ("m", "Mine"),
    ]


def test_merge_keeps_my_unfinished_rows_without_a_key():
    base = {"deltakelse": []}
    mine = {"deltakelse": [{"forum": "f", "aktør": None}]}
    theirs = {"deltakelse": [{"forum": "f", "aktør": "a"}]}
    assert len(merge_tables(base, mine, theirs)["deltakelse"]) == 2


def test_same_rows_ignores_blank_cells_and_number_types():
    assert same_rows([{"id": "a", "alder_fra": 3.0, "x": None}], [{"id": "a", "alder_fra": 3, "x": ""}])
    assert not same_rows([{"id": "a"}], [{"id": "b"}])


def test_describe_change_names_what_was_added_changed_and_deleted():
    before = CollaborationMap(actors=(Actor("a", "PPT"),), forums=(Forum("f", "Tverrfaglig team"),))
    after = before.with_changes(
        actors=(Actor("a", "PPT Siljan"), Actor("b", "Áššu")), memberships=(Membership("f", "b"),)
    )
    assert describe_change(before, after) == (
        "Endret aktør «PPT Siljan»; La til aktør «Áššu»; La til «Áššu» i «Tverrfaglig team»"
    )
    assert "Slettet aktør «Áššu»" in describe_change(after, before)
