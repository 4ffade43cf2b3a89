"""Property tests: random maps round-trip; random and malformed input only ever gives MapFileError."""

from __future__ import annotations

import math
import string
from datetime import date, datetime

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samhandling import vocabulary as v
from samhandling.errors import MapFileError
from samhandling.io import load_map_bytes, map_from_tables, map_to_bytes, map_to_tables
from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership, Relation, Routine

# --- random valid maps ------------------------------------------------------------------

ID_CHARS = string.ascii_letters + string.digits + "-_.æøåÆØÅáčđŋšŧž"
ids = st.text(ID_CHARS, min_size=1, max_size=12)
# Text as a loader gives it back: trimmed, no control characters, no leading quote trick needed.
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x00"), max_size=20
).map(str.strip)
words = st.text(string.ascii_lowercase + "æøå ,", min_size=1, max_size=10).map(str.strip).filter(
    lambda s: s and ";" not in s and not s.startswith(",") and not s.endswith(",") and ",," not in s
)
ages = st.integers(0, 24)


@st.composite
def maps(draw) -> CollaborationMap:
    actor_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    forum_ids = draw(st.lists(ids.filter(lambda i: i not in actor_ids), max_size=3, unique=True))
    actors = []
    for index, ident in enumerate(actor_ids):
        low, high = sorted(draw(st.tuples(ages, ages)))
        actors.append(Actor(
            ident, draw(texts.filter(bool)), category=draw(st.sampled_from(("", *v.CATEGORIES[:5]))),
            type=draw(st.sampled_from(v.ACTOR_TYPES)), sector=draw(st.sampled_from(v.SECTORS)),
            admin_level=draw(st.sampled_from(v.ADMIN_LEVELS)), age_from=low, age_to=high,
            belongs_to=actor_ids[index - 1] if index and draw(st.booleans()) else "",
            municipality=draw(texts), description=draw(texts),
        ))
    forums = [
        Forum(ident, draw(texts.filter(bool)), type=draw(st.sampled_from(v.FORUM_TYPES)),
              frequency=draw(st.sampled_from(v.FREQUENCIES)),
              duration_hours=draw(st.floats(0, 100, allow_nan=False)), leader=draw(st.sampled_from(actor_ids)),
              has_mandate=draw(st.booleans()), topics=tuple(draw(st.lists(words, max_size=3))))
        for ident in forum_ids
    ]
    memberships = sorted({(f, draw(st.sampled_from(actor_ids))) for f in forum_ids})
    relations = [Relation(a, b, draw(st.sampled_from(v.RELATION_TYPES)), draw(st.booleans()))
                 for a, b in zip(actor_ids, actor_ids[1:], strict=False)]
    routines = [Routine("r1", draw(texts.filter(bool)), parties=tuple(actor_ids[:2]),
                        review_date=draw(st.none() | st.dates(date(1990, 1, 1), date(2100, 1, 1))))]
    info = MapInfo(draw(texts), draw(texts), draw(st.none() | st.dates(date(1990, 1, 1), date(2100, 1, 1))))
    return CollaborationMap(
        actors=tuple(actors), forums=tuple(forums),
        memberships=tuple(Membership(f, a, draw(st.sampled_from(v.ROLES))) for f, a in memberships),
        relations=tuple(relations), routines=tuple(routines), info=info,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps(), st.sampled_from(["xlsx", "yaml", "zip", "tables"]))
def test_random_maps_round_trip_through_every_form(cmap, form):
    if form == "tables":
        back = map_from_tables(map_to_tables(cmap)).map
    else:
        back = load_map_bytes(map_to_bytes(cmap, form), f"kart.{form}").map

    assert back == cmap


# --- random and malformed tables ---------------------------------------------------------

odd_values = st.one_of(
    st.none(), st.just(math.nan), st.just(float("inf")), st.just(pd.NA), st.just(pd.NaT),
    st.floats(), st.integers(), st.integers(min_value=10**30), st.booleans(), st.text(max_size=15),
    st.text(string.whitespace, max_size=3), st.sampled_from(["ja", "x", "1,5", "2025-13-01", "31.2.2025", "ŋ"]),
    st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                                    st.integers(), max_size=2),
    st.binary(max_size=5), st.just(["a", ["b"]]), st.just(date(2025, 1, 1)), st.just(datetime(2025, 1, 1)),
)
column_names = st.one_of(
    st.sampled_from(["id", "navn", "Alder fra", "alder_til", "sektor", "tilhører", "forum", "aktør", "rolle", "fra",
                     "til", "tema", "parter", "revideres", "mandat", "varighet_timer", "leder", "krav", "a", "b"]),
    st.text(max_size=8), st.integers(), st.none(),
)
table_names = st.one_of(
    st.sampled_from(["aktører", "AKTORER", "forum", "fora", "deltakelse", "relasjoner", "rutiner",
                     "forventninger", "om", "Les meg"]),
    st.text(max_size=8),
)
rows = st.lists(st.dictionaries(column_names, odd_values, max_size=6), max_size=6)
table_values = st.one_of(rows, st.none(), odd_values, rows.map(lambda r: pd.DataFrame(r)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(table_names, table_values, max_size=5), st.sampled_from([1, 2]))
def test_random_tables_never_crash_with_anything_but_map_file_error(tables, first_row):
    try:
        result = map_from_tables(tables, first_row=first_row)
    except MapFileError as error:
        assert error.problems and all(str(p) for p in error.problems)
    else:  # an empty actor table loads (with a warning), so an empty map can be imported again
        assert result.map.actors or any("ingen aktører" in str(w) for w in result.warnings)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["x.xlsx", "x.yaml", "x.yml", "x.zip"]))
def test_garbage_bytes_give_map_file_error(data, name):
    try:
        load_map_bytes(data, name)
    except MapFileError as error:
        assert error.problems


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_garbage_yaml_text_gives_map_file_error(text):
    try:
        load_map_bytes(text.encode("utf-8"), "x.yaml")
    except MapFileError as error:
        assert error.problems


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=1, max_size=30), st.integers(0, 10_000))
def test_corrupted_real_workbooks_give_map_file_error(noise, position):
    data = bytearray(map_to_bytes(CollaborationMap(actors=(Actor("a", "A"),)), "xlsx"))
    position %= len(data)
    data[position:position + len(noise)] = noise
    try:
        load_map_bytes(bytes(data), "x.xlsx")
    except MapFileError as error:
        assert error.problems
