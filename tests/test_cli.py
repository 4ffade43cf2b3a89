"""The `samhandling` command, tested as a user runs it: arguments in, text and exit code out."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from samhandling.cli import main

SMALL_MAP = {
    "om": [{"tittel": "Lille kommune", "kommune": "Lille"}],
    "aktører": [
        {"id": "skole", "navn": "Lille skole", "kategori": "skole", "sektor": "oppvekst",
         "alder_fra": 6, "alder_til": 15},
        {"id": "bv", "navn": "Barnevernstjenesten", "kategori": "barnevern", "sektor": "oppvekst"},
        {"id": "hs", "navn": "Helsestasjonen", "kategori": "helsestasjon", "sektor": "helse",
         "alder_fra": 0, "alder_til": 5},
        {"id": "nav", "navn": "NAV Lille", "kategori": "nav", "sektor": "velferd", "alder_fra": 16},
    ],
    "fora": [
        {"id": "tt", "navn": "Tverrfaglig team", "type": "tverrfaglig_team", "nivå": "individ",
         "frekvens": "manedlig", "varighet_timer": 2, "leder": "hs"},
    ],
    "deltakelse": [
        {"forum": "tt", "aktør": "hs", "rolle": "leder"},
        {"forum": "tt", "aktør": "bv"},
        {"forum": "tt", "aktør": "nav", "rolle": "ved_behov"},
    ],
}


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def small_map(tmp_path: Path) -> Path:
    return write_yaml(tmp_path / "lille.yaml", SMALL_MAP)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_reports_the_counts_of_a_good_map(small_map, capsys):
    code, out, err = run(capsys, "validate", str(small_map))
    assert code == 0
    assert "Filen kan leses: 4 aktører, 1 forum, 3 deltakelser, 0 relasjoner, 0 rutiner." in out
    assert "Traceback" not in err


def test_validate_lists_every_problem_with_its_place_and_exits_2(tmp_path, capsys):
    broken = {
        "aktører": [
            {"id": "a", "navn": "A", "sektor": "helsa"},
            {"id": "a", "navn": "Dobbel"},
            {"id": "c", "navn": ""},
        ],
        "deltakelse": [{"forum": "finnes-ikke", "aktør": "a"}],
    }
    code, out, err = run(capsys, "validate", str(write_yaml(tmp_path / "broken.yaml", broken)))
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    # every problem is listed, each with its table and row
    assert "«helsa»" in err and "rad 1" in err
    assert "rad 2" in err and "«a»" in err  # the duplicate id
    assert "rad 3" in err  # the empty name
    assert "finnes-ikke" in err
    assert re.search(r"har [4-9] feil", err), err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("mangler.yaml", None, "Finner ikke filen"),
        ("kart.txt", b"hei", ".xlsx"),
        ("kart.xlsx", b"PK\x03\x04 ikke en arbeidsbok", "xlsx"),
        ("kart.yaml", b"aktorer: [\n  - id: a\n  navn: [", "YAML"),
    ],
)
def test_unreadable_files_get_a_norwegian_message_and_exit_2(tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "Traceback" not in err
    assert expected in err


def test_the_empty_template_loads_with_a_warning_that_it_has_no_actors(tmp_path, capsys):
    template = tmp_path / "mal.xlsx"
    assert run(capsys, "template", "-o", str(template))[0] == 0
    assert template.stat().st_size > 0
    code, out, err = run(capsys, "validate", str(template))
    assert code == 0
    assert "Kartet har ingen aktører" in err and "0 aktører" in out
    assert "Traceback" not in err


def test_analyze_json_follows_the_contract(small_map, capsys):
    code, out, _ = run(capsys, "analyze", str(small_map), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["map", "problems", "findings", "metrics"]
    placed = sorted(k for p in data["problems"] for k in p["findings"])
    assert placed == sorted(f["key"] for f in data["findings"])  # every finding in exactly one problem
    kinds = {f["kind"] for f in data["findings"]}
    # the school is in no forum and has no relation
    assert "isolated_actor" in kinds
    for finding in data["findings"]:
        assert set(finding) >= {"key", "kind", "severity", "actors", "forums", "message", "rule", "details"}
        assert finding["severity"] in {"kritisk", "viktig", "info"}
        assert finding["key"].startswith(finding["kind"] + ":")
    # skole–barnevern is a duty to report (met by a meldingsrutine, not meetings): viktig, not kritisk
    missing = [f for f in data["findings"] if f["kind"] == "missing_expected"]
    assert any(f["actors"] == ["bv", "skole"] and f["severity"] == "viktig" for f in missing), missing
    rule = next(f["rule"] for f in missing if f["actors"] == ["bv", "skole"])
    assert (rule["grunnlag"], rule["plikt"]) == ("lov", "opplysning")


def test_analyze_thresholds_can_be_changed_from_the_command_line(small_map, capsys):
    # The team meets monthly for 2 hours: 2 h/month is under 20 h, over 1 h.
    def overloaded(*extra: str) -> set[str]:
        code, out, _ = run(capsys, "analyze", str(small_map), "--json", *extra)
        assert code == 0
        return {f["key"] for f in json.loads(out)["findings"] if f["kind"] == "meeting_overload"}

    assert overloaded() == set()
    assert overloaded("--meeting-overload-hours", "1") == {"meeting_overload:bv", "meeting_overload:hs"}


def test_analyze_prints_a_readable_norwegian_summary(small_map, capsys):
    code, out, _ = run(capsys, "analyze", str(small_map))
    assert code == 0
    assert out.startswith("Samhandlingskart: Lille kommune")
    assert "problemer (" in out
    assert "følger av lov (opplæringslova § 24-3" in out  # the rule basis and source, named once
    assert "Lille skole" in out  # names, not ids
    assert "%" in out and " %" in out  # "37 %" with a space


def test_compare_json_sorts_findings_into_resolved_new_and_remaining(small_map, tmp_path, capsys):
    after = json.loads(json.dumps(SMALL_MAP))
    after["deltakelse"].append({"forum": "tt", "aktør": "skole"})
    after_path = write_yaml(tmp_path / "etter.yaml", after)
    code, out, _ = run(capsys, "compare", str(small_map), str(after_path), "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"actors", "forums", "memberships", "relations", "problems", "findings", "metrics"}
    assert data["memberships"]["added"] and not data["memberships"]["removed"]
    resolved = set(data["findings"]["resolved"]) if data["findings"]["resolved"] and isinstance(
        data["findings"]["resolved"][0], str) else {f["key"] for f in data["findings"]["resolved"]}
    assert "isolated_actor:skole" in resolved
    assert "missing_expected:bv|skole" in resolved
    assert set(data["metrics"]) == {"before", "after"}


def test_compare_prints_what_changed(small_map, tmp_path, capsys):
    after = json.loads(json.dumps(SMALL_MAP))
    after["aktører"].append({"id": "ot", "navn": "Oppfølgingstjenesten", "kategori": "ot", "sektor": "oppvekst"})
    code, out, _ = run(capsys, "compare", str(small_map), str(write_yaml(tmp_path / "etter.yaml", after)))
    assert code == 0
    assert "+ Oppfølgingstjenesten" in out


def test_map_writes_one_offline_html_file_with_hostile_labels_as_text(tmp_path, capsys):
    hostile = json.loads(json.dumps(SMALL_MAP))
    hostile["aktører"][0]["navn"] = "<script>alert(1)</script> href"
    source = write_yaml(tmp_path / "fiendtlig.yaml", hostile)
    out_file = tmp_path / "kart.html"
    code, _, err = run(capsys, "map", str(source), "-o", str(out_file))
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", html, re.I)
    assert "<script>alert(1)</script>" not in html
    assert "vis.Network" in html or "vis-network" in html


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze"], "Dette mangler: KART."),
        (["compare", "a.yaml"], "Dette mangler: ETTER."),
        (["export", "a.yaml", "--to", "pdf", "-o", "x"],
         "'pdf' er ikke et gyldig valg for --to. Velg blant 'graphml', 'gexf', 'kumu', 'xlsx', 'yaml'."),
        (["analyze", "a.yaml", "--forum-overlap-jaccard", "mye"],
         "--forum-overlap-jaccard: «mye» er ikke et tall fra 0 til 1."),
        (["analyze", "a.yaml", "--meeting-overload-hours", "nan"],
         "--meeting-overload-hours: «nan» er ikke et tall fra 0 til 10000."),
        (["map", "a.yaml", "-o"], "-o/--output må ha en verdi etter seg."),
        (["analyze", "a.yaml", "--fort"], "Ukjente argumenter: --fort."),
        (["tegn"], "'tegn' er ikke et gyldig valg for KOMMANDO. Velg blant 'validate', 'analyze', 'compare', "
                   "'map', 'report', 'export', 'vei', 'template'."),
    ],
)
def test_bad_usage_is_explained_in_norwegian(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err == f"Feil i kommandoen: {message}\nSkriv «samhandling --help» for hjelp.\n"


def test_the_console_command_runs_as_a_module(small_map):
    result = subprocess.run(
        [sys.executable, "-m", "samhandling", "validate", str(small_map)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Filen kan leses" in result.stdout


def test_report_writes_a_word_brief_with_the_comparison(small_map, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    after = json.loads(json.dumps(SMALL_MAP))
    after["deltakelse"].append({"forum": "tt", "aktør": "skole"})
    out_file = tmp_path / "rapport.docx"
    code, _, err = run(capsys, "report", str(small_map), "--compare",
                       str(write_yaml(tmp_path / "etter.yaml", after)), "-o", str(out_file))
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(out_file)).paragraphs)
    assert "Lille" in text


def test_report_refuses_an_unknown_suffix(small_map, tmp_path, capsys):
    code, _, err = run(capsys, "report", str(small_map), "-o", str(tmp_path / "rapport.pdf"))
    assert code == 2
    assert "Rapporten må ha filendelsen .docx eller .html, ikke .pdf." in err


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "kumu"])
def test_export_and_read_back_through_every_command(small_map, tmp_path, capsys, fmt):
    suffix = {"graphml": ".graphml", "gexf": ".gexf", "kumu": ".json"}[fmt]
    out_file = tmp_path / f"kart{suffix}"
    assert run(capsys, "export", str(small_map), "--to", fmt, "-o", str(out_file))[0] == 0
    code, out, err = run(capsys, "validate", str(out_file))
    assert code == 0, err
    assert "4 aktører, 1 forum, 3 deltakelser" in out


DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("before, after", [
    ("siljan-for.yaml", "siljan-etter.yaml"),
    ("nordre-land-for.yaml", "nordre-land-etter.yaml"),
    ("finnmark-0-24.yaml", "siljan-for.yaml"),
])
def test_compare_json_is_the_text_of_one_indented_dump_of_the_comparison(before, after, capsys):
    # The JSON is written as it is made (a country map's would not fit in 1 GB as one
    # dict), and is byte for byte what json.dump(to_dict(), indent=2) gives.
    from samhandling.analysis import Thresholds, compare
    from samhandling.io import load_map

    code, out, _ = run(capsys, "compare", str(DATA / before), str(DATA / after), "--json", "--today", "2026-01-15")
    assert code == 0
    result = compare(load_map(DATA / before).map, load_map(DATA / after).map,
                     Thresholds(today=__import__("datetime").date(2026, 1, 15)))
    expected = json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
    assert out == expected
    parsed = json.loads(out)
    assert list(parsed) == ["actors", "forums", "memberships", "relations", "routines", "problems", "findings",
                            "metrics"]
    assert list(parsed["findings"]) == ["resolved", "new", "remaining"]
    found = parsed["findings"]
    assert [len(found[k]) for k in found] == [len(result.resolved), len(result.new), len(result.remaining)]
    assert sum(len(v) for v in found.values()) > 0


def test_compare_json_writes_empty_lists_and_objects_as_json_dump_does(small_map, capsys):
    code, out, _ = run(capsys, "compare", str(small_map), str(small_map), "--json")
    assert code == 0
    assert '"resolved": [],' in out and '"new": []' in out
    assert json.loads(out)["findings"]["resolved"] == []


def test_a_command_runs_with_the_cycle_collector_paused_and_restores_it(small_map, monkeypatch, capsys):
    import gc

    from samhandling import cli

    seen = []
    original = cli._COMMANDS["validate"]
    monkeypatch.setitem(cli._COMMANDS, "validate", lambda args: seen.append(gc.isenabled()) or original(args))
    assert gc.isenabled()
    assert run(capsys, "validate", str(small_map))[0] == 0
    assert seen == [False]
    assert gc.isenabled()


def test_the_console_command_writes_all_of_an_analysis_before_it_ends_the_process(capsys):
    # `run` ends the process without freeing the analysis object by object: every line
    # (and the exit code) must still come out, for text, JSON and a comparison.
    for argv in (["analyze", str(DATA / "nordre-land-for.yaml")],
                 ["analyze", "--json", str(DATA / "nordre-land-for.yaml")],
                 ["compare", "--json", str(DATA / "siljan-for.yaml"), str(DATA / "siljan-etter.yaml")]):
        argv += ["--today", "2026-01-15"]
        result = subprocess.run([sys.executable, "-m", "samhandling", *argv], capture_output=True, text=True,
                                check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout == run(capsys, *argv)[1]
        if "--json" in argv:
            assert json.loads(result.stdout)


def test_the_console_command_stops_quietly_when_its_reader_goes_away():
    argv = [sys.executable, "-m", "samhandling", "analyze", "--json", str(DATA / "finnmark-0-24.yaml")]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_streamed_json_leaves_no_pile_of_encoder_cycles_while_the_collector_is_paused(capsys):
    # json.dumps(indent=2) makes a reference cycle per call; main() pauses the collector,
    # so the streamed writer must collect them as it goes (a country comparison made
    # gigabytes of them).
    import gc

    from samhandling import cli

    gc.collect()
    gc.disable()
    try:
        cli._print_json_streamed(cli._Streamed(items=({"n": i, "tags": ["a", "b"]} for i in range(20_000))))
        left = gc.collect()
    finally:
        gc.enable()
    out = capsys.readouterr().out
    assert json.loads(out)["items"][-1] == {"n": 19_999, "tags": ["a", "b"]}
    assert left < 20_000
