"""A small corpus of hostile and broken map files, generated (no tests here).

:func:`write_corpus` writes every case into a folder and returns the paths. Each
case is a file a user or an attacker could hand the tool: every reader (YAML,
workbook, CSV zip, GraphML, GEXF, Kumu JSON) gets empty files, random bytes, wrong
encodings, wrong shapes, numbers out of range, text with markup and control
characters, and the named cases of issue 9. A file may load (with warnings) or be
refused; it must never make the tool fail with a traceback.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

__all__ = ["write_corpus", "CASES"]

ACTORS = "aktører:\n  - id: ppt\n    navn: PPT\n  - id: bv\n    navn: Barnevern\n"
MARKUP = "![p](https://example.invalid/x.png) :red[x] $x$ <img src=x> www.example.invalid"


def _yaml(text: str) -> bytes:
    return text.encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx(rows: list[list[object]], title: str = "aktører", merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _graphml(body: str, table: str | None = None) -> bytes:
    key = '<key id="t" for="graph" attr.name="tabell_om" attr.type="string"/>' if table is not None else ""
    data = f'<data key="t">{table}</data>' if table is not None else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            f'<key id="e" for="node" attr.name="element" attr.type="string"/>'
            f'<key id="l" for="node" attr.name="label" attr.type="string"/>{key}'
            f'<graph edgedefault="directed">{data}{body}</graph></graphml>').encode()


def _kumu(elements: object, connections: object = ()) -> bytes:
    return json.dumps({"elements": elements, "connections": list(connections)}).encode()


def _special_ids() -> bytes:
    ids = ("__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")
    actors = "".join(f"  - id: {i}\n    navn: {MARKUP} {i}\n    kategori: '{MARKUP}'\n" for i in ids)
    relations = "".join(f"  - fra: {a}\n    til: {b}\n" for a, b in zip(ids, ids[1:], strict=False))
    return _yaml(f"om:\n  - tittel: '{MARKUP}'\naktører:\n{actors}relasjoner:\n{relations}")


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    return _yaml("\n".join(lines) + "\naktører: *a8\n")


CASES: dict[str, Callable[[], bytes]] = {
    # --- YAML
    "empty.yaml": lambda: b"",
    "random.yaml": lambda: random.Random(1).randbytes(3000),
    "list.yaml": lambda: _yaml("- a\n- b\n"),
    "scalar.yaml": lambda: _yaml("hei\n"),
    "deep.yaml": lambda: _yaml("aktører: " + "[" * 5000 + "]" * 5000 + "\n"),
    "alias-values.yaml": _alias_bomb,
    "python-tag.yaml": lambda: _yaml(ACTORS + "fora: !!python/object/apply:os.system ['echo x']\n"),
    "latin1.yaml": lambda: "aktører:\n  - id: a\n    navn: Bjørn\n".encode("latin-1"),
    "utf16.yaml": lambda: ACTORS.encode("utf-16"),
    "no-actors.yaml": lambda: _yaml("aktører: []\n"),
    "duplicate-table.yaml": lambda: _yaml(ACTORS + ACTORS),
    "duplicate-key.yaml": lambda: _yaml("aktører:\n  - id: a\n    navn: A\n    navn: B\n"),
    "huge-duration.yaml": lambda: _yaml(ACTORS + "fora:\n  - id: f\n    navn: F\n    varighet_timer: 1e308\n"),
    "nan-duration.yaml": lambda: _yaml(ACTORS + "fora:\n  - id: f\n    navn: F\n    varighet_timer: .nan\n"),
    "huge-age.yaml": lambda: _yaml("aktører:\n  - id: a\n    navn: A\n    alder_fra: 99999999999999999999999\n"),
    "bad-date.yaml": lambda: _yaml(ACTORS + "rutiner:\n  - id: r\n    navn: R\n    revideres: 1.1.99999\n"),
    "long-title.yaml": lambda: _yaml(f"om:\n  - tittel: {'T' * 400}\n" + ACTORS),
    "long-text.yaml": lambda: _yaml(f"aktører:\n  - id: a\n    navn: {'x' * 20000}\n"),
    "control-chars.yaml": lambda: _yaml('aktører:\n  - id: a\n    navn: "PP\\aT\\0 \\x1b[31m"\n'),
    "special-ids-markup.yaml": _special_ids,
    "rows-not-mappings.yaml": lambda: _yaml("aktører:\n  - [1, 2]\n  - 7\n  - {id: a, navn: A}\n"),
    "nested-cells.yaml": lambda: _yaml("aktører:\n  - id: {a: 1}\n    navn: [x, y]\n    sektor: {b: 2}\n"),
    # --- workbooks
    "empty.xlsx": lambda: b"",
    "random.xlsx": lambda: random.Random(2).randbytes(5000),
    "not-a-workbook.xlsx": lambda: _zip({"hei.txt": b"hei"}),
    "encrypted.xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptionInfo".encode("utf-16-le"),
    "merged.xlsx": lambda: _xlsx([["id", "navn", "sektor"], ["a", "A", "helse"], ["b", "B", None]], merge="C2:C3"),
    "formula.xlsx": lambda: _xlsx([["id", "navn"], ["a", "=1+1"]]),
    "markup.xlsx": lambda: _xlsx([["id", "navn", "kategori"], ["a", MARKUP, MARKUP], ["b", "=HYPERLINK(\"x\")", ""]]),
    "wide.xlsx": lambda: _xlsx([["id", "navn", *[f"x{i}" for i in range(700)]], ["a", "A", *range(700)]]),
    # --- CSV in a zip
    "empty.zip": lambda: b"",
    "no-csv.zip": lambda: _zip({"les-meg.txt": b"hei"}),
    "utf16-bom.zip": lambda: _zip({"aktorer.csv": "id;navn\na;Å\n".encode("utf-16")}),
    "utf16-no-bom.zip": lambda: _zip({"aktorer.csv": "id;navn\na;Å\n".encode("utf-16-le")}),
    "huge-field.zip": lambda: _zip({"aktorer.csv": b"id,navn\na,\"" + b"x" * 200_000 + b"\"\n"}),
    "wide-row.zip": lambda: _zip({"aktorer.csv": b"id,navn\n" + b"a,A" + b"," * 1000 + b"x\n"}),
    "many-rows.zip": lambda: _zip({"aktorer.csv": b"id,navn\n" + b"x\n" * 250_000}),
    "bom-utf8.zip": lambda: _zip({"aktorer.csv": codecs.BOM_UTF8 + "id,navn\na,Ærlig\n".encode()}),
    # --- GraphML and GEXF
    "empty.graphml": lambda: b"",
    "not-xml.graphml": lambda: b"<graphml><node",
    "entities.graphml": lambda: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><graphml>&a;</graphml>',
    "table-not-json.graphml": lambda: _graphml('<node id="a"><data key="e">aktør</data></node>', "ikke json {"),
    "table-int.graphml": lambda: _graphml('<node id="a"/>', "42"),
    "table-deep.graphml": lambda: _graphml('<node id="a"/>', "[" * 3000 + "]" * 3000),
    "dangling.graphml": lambda: _graphml('<node id="__proto__"><data key="l">' + MARKUP.replace("<", "&lt;")
                                         + '</data></node><edge source="__proto__" target="nope"/>'),
    "empty.gexf": lambda: b"",
    "not-gexf.gexf": lambda: b"<gexf><graph><nodes><node id='a'/></nodes></graph></gexf>",
    # --- Kumu JSON
    "empty.json": lambda: b"",
    "deep.json": lambda: b"[" * 100_000 + b"]" * 100_000,
    "bignum.json": lambda: _kumu([{"_id": "a", "label": "A"}]).replace(b'"A"}', b'"A", "x": ' + b"9" * 5000 + b"}"),
    "utf16.json": lambda: _kumu([{"label": "A"}]).decode().encode("utf-16"),
    "latin1.json": lambda: '{"elements": [{"label": "Ø"}]}'.encode("latin-1"),
    "not-dict.json": lambda: b"[1, 2, 3]",
    "elements-not-list.json": lambda: b'{"elements": 5}',
    "odd-elements.json": lambda: _kumu([1, "x", None, {"_id": "a", "attributes": 7},
                                        {"_id": "b", "attributes": {"label": {"x": 1}}}],
                                       [{"from": "a", "to": "zz"}, 3, {"from": None, "to": []}]),
    "kumu-real.json": lambda: _kumu([{"_id": "elem-1", "attributes": {"label": MARKUP, "element type": "Aktør"}},
                                     {"_id": "elem-2", "attributes": {"label": "Team", "element type": "Forum"}}],
                                    [{"_id": "c1", "from": "elem-1", "to": "elem-2", "attributes": {}}]),
    # --- types we refuse with a how-to
    "old.xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    "sheet.ods": lambda: b"PK\x03\x04",
    "single.csv": lambda: b"id,navn\na,A\n",
}


def write_corpus(folder: Path) -> list[Path]:
    """Write every case of :data:`CASES` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in CASES.items():
        path = folder / name
        path.write_bytes(make())
        paths.append(path)
    return paths
