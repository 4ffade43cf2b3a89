"""Tiny files that unfold to huge ones (issue 9, item 2), and the two workbook readers agreeing.

The bombs are generated here. Each runs ``samhandling validate`` in a subprocess so
its time and peak memory are its own (and a regression cannot take the test run
down with it: the address space is capped at 4 GB).
"""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from samhandling.io import load_map, load_map_bytes, map_to_bytes, xlsx
from samhandling.model import Actor, CollaborationMap, Forum, Membership

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_NO_CALAMINE = "import sys; sys.modules['python_calamine'] = None; "


def _small_map() -> CollaborationMap:
    actors = tuple(Actor(id=f"a{i}", name=f"Aktør {i}") for i in range(6))
    forums = (Forum(id="f1", name="Forum 1"),)
    return CollaborationMap(actors=actors, forums=forums,
                            memberships=tuple(Membership(forum="f1", actor=a.id) for a in actors[:4]))


def _with_rows(data: bytes, sheet_member: str, make_row) -> bytes:
    """The workbook with 100,000 rows added after the sheet's last row, each from ``make_row(number)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            part = source.read(name)
            if name == sheet_member:
                text = part.decode()
                last = max(int(n) for n in re.findall(r'<row r="(\d+)"', text))
                rows = "".join(make_row(n) for n in range(last + 1, last + 100_001))
                text = re.sub(r"<dimension [^>]*/>", "", text).replace("</sheetData>", rows + "</sheetData>")
                part = text.encode()
            target.writestr(name, part)
    return out.getvalue()


def _validate(path: Path, *, calamine: bool = True) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``samhandling validate`` on ``path``: (process, seconds, peak MB of the child)."""
    code = ("" if calamine else _NO_CALAMINE) + "from samhandling.cli import main; sys.exit(main())"
    code = "import sys; " + code
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    def cap():  # a regression must not take the machine down
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))

    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, "validate", str(path)], capture_output=True, text=True,
                          timeout=60, preexec_fn=cap)
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: only a new maximum is this child's.
    return proc, seconds, (peak / 1024 if peak > before else 0.0)


@pytest.fixture(scope="module")
def xfd_bomb(tmp_path_factory) -> Path:
    """~530 KB: 100,000 rows in «fora», each with one empty (formatted) cell in column XFD."""
    data = _with_rows(map_to_bytes(_small_map(), "xlsx"), "xl/worksheets/sheet2.xml",
                      lambda n: f'<row r="{n}"><c r="XFD{n}" s="0"/></row>')
    path = tmp_path_factory.mktemp("bombs") / "xfd.xlsx"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("calamine", [True, False], ids=["calamine", "openpyxl"])
def test_workbook_with_an_empty_cell_in_column_xfd_on_100000_rows_loads_small_and_fast(xfd_bomb, calamine):
    assert xfd_bomb.stat().st_size < 600_000
    proc, seconds, peak_mb = _validate(xfd_bomb, calamine=calamine)
    # Before: each row padded to 16,384 cells, 12 GB after 70 s, then "ikke en gyldig Excel-arbeidsbok".
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "6 aktører, 1 forum," in proc.stdout
    assert seconds < 30
    assert peak_mb < 500


def test_workbook_with_values_in_column_xfd_is_refused_naming_sheet_and_row(tmp_path):
    data = _with_rows(map_to_bytes(_small_map(), "xlsx"), "xl/worksheets/sheet2.xml",
                      lambda n: f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>')
    path = tmp_path / "xfd-values.xlsx"
    path.write_bytes(data)

    proc, seconds, peak_mb = _validate(path)

    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ("Ark «fora», rad 3, kolonne «XFD»: Cellen har en verdi langt ut til høyre. Et ark kan ha høyst 200 "
            "kolonner; slett det som står i kolonne XFD og lenger ut, og lagre på nytt.") in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert seconds < 30 and peak_mb < 500


def test_workbook_too_long_and_wide_for_its_cells_is_refused(tmp_path):
    # 100,000 rows with a value in column CV (100): 10 million cells once the rectangle is filled in.
    data = _with_rows(map_to_bytes(_small_map(), "xlsx"), "xl/worksheets/sheet1.xml",
                      lambda n: f'<row r="{n}"><c r="CV{n}"><v>1</v></c></row>')
    with pytest.raises(Exception) as caught:
        load_map_bytes(data, "lang.xlsx")
    problem = caught.value.problems[0]
    assert (problem.table, problem.row, problem.column) == ("aktører", 8, "CV")
    assert problem.message == ("Arket går ned til rad 100 007 og har en verdi ut i kolonne CV: det blir mer enn "
                               "5 000 000 celler. Slett tomme rader og kolonner (eller det som står langt ute), "
                               "og lagre på nytt.")


def test_yaml_alias_bomb_used_as_a_key_is_refused_at_once(tmp_path):
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines.append("aktører:\n  - ? *l9\n    : x\n")  # the key would be str() of 9**10 values
    path = tmp_path / "bombe.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert path.stat().st_size < 700

    proc, seconds, peak_mb = _validate(path)

    # Before: 8.6 GB after 213 s, then MemoryError.
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert ("YAML-filen bruker aliaser (*navn) som blir til mer enn 1 000 000 verdier når de pakkes ut (linje 7). "
            "Skriv verdiene ut i stedet for å vise til dem med aliaser.") in proc.stdout + proc.stderr
    assert seconds < 30 and peak_mb < 500


def test_yaml_with_a_few_aliases_still_loads():
    text = "rad: &rad {navn: PPT}\naktører:\n  - {id: ppt, navn: PPT}\n  - {id: bup, navn: BUP}\n"
    assert len(load_map_bytes(text.encode(), "kart.yaml").map.actors) == 2


def _rows(tables) -> list:
    def trimmed(row):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        return row

    out = []
    for table in tables:
        rows = [trimmed(r) for r in table.rows]
        while rows and not rows[-1]:
            rows.pop()
        out.append((table.name, trimmed(table.header), rows, table.first_row))
    return out


@pytest.mark.parametrize("name", ["excel-header-row.xlsx", "excel-issues.xlsx", "libreoffice-messy.xlsx"])
def test_calamine_and_openpyxl_read_the_same_rows_with_the_same_row_numbers(name):
    data = (FIXTURES / name).read_bytes()
    assert _rows(xlsx._sheet_tables_calamine(data)) == _rows(xlsx._sheet_tables_openpyxl(data))


def test_excel_saved_workbook_numbers_rows_from_a1_after_a_note_above_the_header():
    # Excel's file has a note in C3 and the table at rows 9-10: the note is the first non-blank row.
    (table,) = xlsx.read_xlsx((FIXTURES / "excel-header-row.xlsx").read_bytes())
    assert table.first_row == 4
    assert table.header[:3] == [None, None, "Note 1"]
    assert table.rows[5][:4] == ["Columns", "Column A", "Column B", "Column C"]
    assert table.rows[6][:4] == ["put data here", 1, 2, 3]


def test_our_workbook_and_libreoffice_workbook_give_the_same_map_through_both_readers(monkeypatch):
    ours = map_to_bytes(_small_map(), "xlsx")
    libre = (FIXTURES / "libreoffice-messy.xlsx").read_bytes()
    with_calamine = [load_map_bytes(ours, "a.xlsx").map, load_map_bytes(libre, "b.xlsx").map]
    monkeypatch.setattr(xlsx, "_sheet_tables", xlsx._sheet_tables_openpyxl)
    with_openpyxl = [load_map_bytes(ours, "a.xlsx").map, load_map_bytes(libre, "b.xlsx").map]
    assert with_calamine == with_openpyxl
    assert with_calamine[0] == load_map_bytes(map_to_bytes(_small_map(), "yaml"), "a.yaml").map


def test_example_maps_load_the_same_from_yaml_and_from_a_workbook(tmp_path):
    for path in sorted(Path(__file__).resolve().parents[1].glob("data/*.yaml")):
        cmap = load_map(path).map
        assert load_map_bytes(map_to_bytes(cmap, "xlsx"), "kart.xlsx").map == cmap, path.name


def test_a_workbook_with_a_chart_sheet_loads_through_both_readers():
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "aktører"
    ws.append(["id", "navn"])
    ws.append(["ppt", "PPT"])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=2))
    wb.create_chartsheet("Diagram").add_chart(chart)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()

    assert _rows(xlsx._sheet_tables_calamine(data)) == _rows(xlsx._sheet_tables_openpyxl(data))
    assert [a.id for a in load_map_bytes(data, "kart.xlsx").map.actors] == ["ppt"]
