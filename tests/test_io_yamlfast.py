"""The rapidyaml fast path reads every YAML file exactly as the PyYAML event path does.

Each file is read twice through the public loader: as it is (the fast path where it
applies) and with the fast path switched off (every file through PyYAML's events, as
before). The map, the warnings and the errors must be the same; the fast path must
really be taken for normal files, and never for anchors, aliases or tags.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samhandling.errors import MapFileError
from samhandling.io import limits, load_map_bytes, map_to_bytes, yamlfast, yamlfile

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("data/*.yaml"), *ROOT.glob("tests/fixtures/*.yaml")])

pytestmark = pytest.mark.skipif(not yamlfast.available(), reason="rapidyaml is not installed")


@pytest.fixture(autouse=True)
def _every_size(monkeypatch):
    """The fast path for small files too (it normally starts at MIN_BYTES), so each case takes it."""
    monkeypatch.setattr(yamlfast, "MIN_BYTES", 0)


@contextmanager
def _events_only():
    """Every YAML file through PyYAML's events (the path before the fast one)."""
    original = yamlfast.load_fast
    yamlfast.load_fast = lambda data, text: yamlfast.DECLINED
    try:
        yield
    finally:
        yamlfast.load_fast = original


@contextmanager
def _fast_only():
    """The event path fails the test if it is reached."""
    original = yamlfile._load

    def refuse(text, source=None):
        raise AssertionError("the PyYAML event path was taken")

    yamlfile._load = refuse
    try:
        yield
    finally:
        yamlfile._load = original


def _outcome(data: bytes) -> tuple:
    try:
        result = load_map_bytes(data, "kart.yaml")
    except MapFileError as error:
        return ("error", [(p.table, p.row, p.column, p.message) for p in error.problems])
    return ("map", result.map, [(w.table, w.row, w.column, w.message) for w in result.warnings])


def _both(data: bytes) -> tuple[tuple, tuple]:
    fast = _outcome(data)
    with _events_only():
        old = _outcome(data)
    return fast, old


def _document(data: bytes) -> object:
    text = data.decode("utf-8-sig")
    return yamlfast.load_fast(data[3:] if data.startswith(b"\xef\xbb\xbf") else data, text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_example_and_fixture_reads_the_same_and_takes_the_fast_path(path):
    data = path.read_bytes()
    with _fast_only():
        fast = _outcome(data)
    with _events_only():
        old = _outcome(data)
    assert fast[0] == "map"
    assert fast == old


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return {size: map_to_bytes(generate(size, 1), "yaml") for size in ("county", "country")}


def test_the_generated_county_map_reads_the_same_through_the_fast_path(generated):
    data = generated["county"]
    with _fast_only():
        fast = _outcome(data)
    with _events_only():
        old = _outcome(data)
    assert fast[0] == "map" and len(fast[1].actors) == 5016
    assert fast == old


def test_the_generated_country_map_gives_the_same_document(generated):
    data = generated["country"]
    document = _document(data)
    assert document is not yamlfast.DECLINED
    assert document == yamlfile._load(data.decode("utf-8"))
    assert len(document["aktører"]) == 25166


BASE = """aktører:
- id: ppt
  navn: PPT
  kategori: ppt
  sektor: oppvekst
- id: bup
  navn: BUP
  kategori: bup
  sektor: helse
fora:
- id: f1
  navn: Samarbeidsmøte
  leder: ppt
deltakelse:
- forum: f1
  aktør: ppt
- forum: f1
  aktør: bup
"""

# Files the fast path reads itself (and must read as PyYAML's events do).
FAST = {
    "norwegian_booleans_and_yaml11_words": BASE.replace("navn: BUP", "navn: no").replace("id: bup", "id: 'on'")
    .replace("aktør: bup", "aktør: 'on'") + "relasjoner:\n- fra: ppt\n  til: 'on'\n  formalisert: ja\n"
    "  type: samarbeid\n  beskrivelse: yes\n",
    "true_false_and_null": BASE.replace("navn: PPT", "navn: true").replace("navn: BUP", "navn: 'false'")
    .replace("kategori: ppt", "kategori: null"),
    "dates": BASE.replace("navn: Samarbeidsmøte", "navn: 2024-01-05\n  startdato: 2019-09-03"),
    "leading_zeros_and_underscores": BASE.replace("id: ppt", "id: '007'").replace("leder: ppt", "leder: '007'")
    .replace("aktør: ppt", "aktør: 007").replace("navn: BUP", "navn: 1_000"),
    "big_and_odd_numbers": BASE.replace("navn: PPT", "navn: 1e308").replace("navn: BUP",
                                                                          "navn: 123456789012345678901234567890")
    .replace("navn: Samarbeidsmøte", "navn: -0.0\n  varighet_timer: 1.50"),
    "sami_letters_and_emoji": BASE.replace("navn: PPT", "navn: Guovdageainnu gielda – čđŋšŧž ÁČĐŊŠŦŽ 🙂"),
    "bom": "\ufeff" + BASE,
    "crlf": BASE.replace("\n", "\r\n"),
    "flow_style_and_comments": "# kart\naktører:\n  - {id: ppt, navn: PPT, sektor: oppvekst}  # kommentar\n"
    "  - {id: bup, navn: 'BUP ''x''#1', sektor: helse}\n  - [a, b]\n",
    "folded_and_literal_blocks": BASE.replace("navn: Samarbeidsmøte", "navn: >-\n    Samarbeids\n    møte\n"
                                              "  beskrivelse: |\n    linje 1\n\n    linje 2\n"),
    "multi_line_plain_scalar": BASE.replace("navn: PPT", "navn: Pedagogisk\n    psykologisk   tjeneste"),
    "document_start_marker": "---\n" + BASE,
    "merge_key_written_out": BASE.replace("  navn: PPT\n", "  navn: PPT\n  <<: {sektor: helse}\n"),
    "ampersand_and_stars_in_text": BASE.replace("navn: PPT", "navn: Barn & unge * 2 !").replace(
        "navn: BUP", "navn: '*viktig*'"),
    "empty_values": BASE.replace("kategori: ppt", "kategori:").replace("kategori: bup", "kategori: ''"),
    "a_list_value": BASE.replace("sektor: helse", "sektor: helse\n  alias: [a, b, 'c']"),
    "unknown_table": BASE + "ukjent:\n- a: 1\n",
}

# Files the fast path leaves to PyYAML (errors, or what it cannot vouch for).
DECLINED = {
    "syntax_error": BASE.replace("navn: BUP", "navn: [uten slutt"),
    "tab_indentation": BASE.replace("  navn: BUP", "\tnavn: BUP"),
    "duplicate_key": BASE.replace("  navn: BUP", "  navn: BUP\n  navn: BUP 2"),
    "duplicate_table": BASE + "aktører:\n- id: x\n  navn: X\n",
    "anchor_and_alias": BASE.replace("kategori: ppt", "kategori: &k ppt").replace("kategori: bup", "kategori: *k"),
    "merge_key_with_alias": "rad: &rad {sektor: helse}\n" + BASE.replace("  navn: BUP\n", "  navn: BUP\n  <<: *rad\n"),
    "tags": BASE.replace("navn: PPT", "navn: !!int 5").replace("navn: BUP", "navn: !!null null"),
    "plain_tilde_and_Null": BASE.replace("kategori: ppt", "kategori: ~").replace("kategori: bup", "kategori: NULL"),
    "quoted_tilde": BASE.replace("navn: BUP", "navn: '~'"),
    "null_key": BASE.replace("  navn: BUP", "  ~: BUP"),
    "escapes_in_double_quotes": BASE.replace("navn: PPT", 'navn: "P\\tP\\u00e5T\\x41"'),
    "control_character": BASE.replace("navn: PPT", "navn: P\x07PT"),
    "nel_line_break": BASE.replace("navn: PPT", "navn: P\x85PT"),
    "lone_cr": BASE.replace("navn: PPT\n", "navn: PPT\r"),
    "two_documents": BASE + "---\nfora: []\n",
    "directive": "%YAML 1.1\n---\n" + BASE,
    "not_a_mapping": "- a\n- b\n",
    "empty": "",
    "infinity": BASE.replace("navn: PPT", "navn: .inf").replace("navn: BUP", "navn: inf"),
    "numbers_rapidyaml_rewrites_are_checked": BASE.replace("navn: PPT", "navn: .5").replace("navn: BUP", "navn: 2."),
    "tabs_inside_values_and_after": BASE.replace("navn: PPT", "navn: PPT\tteam\t").replace("sektor: helse",
                                                                                       "sektor:\thelse"),
    "document_end_marker": "---\n" + BASE + "...\n",
    "flow_with_a_quoted_hash_and_a_comment": "# kart\naktører:\n"
    "  - {id: ppt, navn: \"PPT # ikke kommentar\", sektor: oppvekst}  # kommentar\n"
    "  - {id: bup, navn: 'BUP ''x''', sektor: helse}\n",
    "flow_explicit_key": BASE + "x:\n  - {?k: ja}\n",
    "comment_inside_a_flow_collection": BASE + "x:\n  - {a: x #y, b: {c: d}}  # c\n",
    "flow_over_two_lines": BASE + "x:\n  - {a: b,\n     c: d}\n",
    "reserved_indicator": BASE.replace("navn: PPT", "navn: @ppt"),
    "block_scalar_on_the_last_line_without_a_line_break": BASE + "om:\n- beskrivelse: |\n    tekst",
    "indentation_indicator": BASE.replace("navn: PPT", "navn: |2\n    PPT\n"),
    "complex_key": BASE.replace("  navn: BUP", "  ? [a, b]\n  : BUP"),
}


@pytest.mark.parametrize("name", sorted(FAST))
def test_hostile_but_valid_files_take_the_fast_path_with_the_same_result(name):
    data = FAST[name].encode("utf-8")
    assert _document(data) is not yamlfast.DECLINED, name
    fast, old = _both(data)
    assert fast == old


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_files_the_fast_path_cannot_vouch_for_go_the_old_way_with_the_same_result(name):
    data = DECLINED[name].encode("utf-8")
    assert _document(data) is yamlfast.DECLINED, name
    fast, old = _both(data)
    assert fast == old


def test_a_number_written_with_a_trailing_dot_keeps_its_text():
    data = (BASE + "relasjoner:\n- fra: ppt\n  til: bup\n  type: samarbeid\n  beskrivelse: 2.\n"
            "- fra: bup\n  til: ppt\n  type: samarbeid\n  beskrivelse: 2.0\n").encode()
    assert _document(data) is yamlfast.DECLINED  # "2." and "2.0" both come out as 2.0
    fast, old = _both(data)
    assert fast == old
    assert [r.description for r in fast[1].relations] == ["2.", "2.0"]


def test_an_alias_bomb_never_reaches_the_fast_path():
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines.append("aktører:\n  - ? *l9\n    : x\n")
    data = "\n".join(lines).encode()
    assert _document(data) is yamlfast.DECLINED
    with pytest.raises(MapFileError) as caught:
        load_map_bytes(data, "bombe.yaml")
    assert "aliaser" in caught.value.problems[0].message


def test_an_alias_hidden_behind_a_flow_indicator_is_found():
    data = ("a: &x [1]\nb: {c: *x}\n" + BASE).encode()
    assert _document(data) is yamlfast.DECLINED
    fast, old = _both(data)
    assert fast == old


def test_a_file_of_nearly_20_mb_reads_the_same(tmp_path):
    row = "- id: a{n}\n  navn: Aktør {n} – Sámi čđŋ\n  kategori: skole\n  sektor: oppvekst\n  alder_fra: 010\n"
    parts, size, n = ["aktører:\n"], 9, 0
    while size < limits.MAX_FILE_BYTES - 200:
        part = row.format(n=n)
        size += len(part.encode())
        parts.append(part)
        n += 1
    data = "".join(parts[:-1]).encode()
    assert len(data) <= limits.MAX_FILE_BYTES
    document = _document(data)
    assert document is not yamlfast.DECLINED
    assert document == yamlfile._load(data.decode())
    with pytest.raises(MapFileError):  # one byte more is refused before any parser sees it
        load_map_bytes(data + b"#" * (limits.MAX_FILE_BYTES + 1 - len(data)), "stor.yaml")


def test_a_kommune_map_takes_the_old_path_without_importing_rapidyaml():
    code = ("import sys; from samhandling.io import load_map, yamlfast; "
            "r = load_map('data/siljan-for.yaml'); print(yamlfast.MIN_BYTES, 'ryml' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    min_bytes, imported = proc.stdout.split()
    assert imported == "False"
    assert (ROOT / "data/siljan-for.yaml").stat().st_size < int(min_bytes)


def test_rapidyaml_parse_errors_do_not_reach_stderr(capfd):
    _document(b"a: b: c\n")
    _document(b"a: 'unterminated\n")
    captured = capfd.readouterr()
    assert captured.err == ""


_PIECES = [
    "a", "id", "navn", "æøå", "čđŋ", "1", "010", "1.", ".5", "2.0", "-0", "+5", "1e5", "0x1F", "no", "on", "yes",
    "true", "False", "null", "Null", "~", "''", '""', "'x''y'", '"x"', "inf", ".nan", "2024-01-05", "12:30",
    ": ", ":", "- ", "-", "? ", "#", " #", "&a ", "*a", "!x ", "!!str ", "[", "]", "{", "}", ", ", "|", ">", "|-",
    ">+", "\n", "\n  ", "\n    ", "\n- ", "\r\n", "\t", " ", "  ", "'", '"', "%", "@", "`", "<<", "---", "...",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_random_yaml_fragments_read_the_same_or_go_the_old_way(pieces):
    text = "".join(pieces)
    data = text.encode("utf-8")
    document = _document(data)
    if document is yamlfast.DECLINED:
        return
    try:
        old = yamlfile._load(text)
    except Exception as error:  # the old path refuses it: the fast path must not have read it
        raise AssertionError(f"fast path read {text!r} that PyYAML refuses ({error!r})") from None
    assert document == old, text
