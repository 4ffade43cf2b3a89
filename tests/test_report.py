"""The leader brief: Word and HTML documents a styringsgruppe can read in ten minutes."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest

from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership
from samhandling.report import build_brief, report_bytes, write_report

DATA = Path(__file__).resolve().parents[1] / "data"
HOSTILE = '<script>alert("x")</script> & $\\frac{1}{2}$'

# Psykisk helse og rus and barnevern share no forum and no channel: barnevernsloven § 15-8 and
# helse- og omsorgstjenesteloven § 3-4 make that a critical gap (a duty to cooperate in law).
# The barnehage sits with helsestasjonen in a forum without mandate: an informal-only pair.
# The youth club (with a hostile name) meets nobody: an isolated actor, so its name is in the brief.
BEFORE = CollaborationMap(
    actors=(
        Actor("hs", "Helsestasjonen", category="helsestasjon", sector="helse", age_to=5),
        Actor("bv", "Barnevernstjenesten", category="barnevern", sector="velferd"),
        Actor("bh", "Solsikken barnehage", category="barnehage", sector="oppvekst", age_to=5),
        Actor("ung", HOSTILE, category="fritid", sector="kultur", age_from=13),
        Actor("phr", "Psykisk helse og rus", category="psykisk_helse_rus", sector="helse"),
    ),
    forums=(Forum("tt", "Tverrfaglig team", frequency="manedlig", duration_hours=2, age_to=5),),
    memberships=(Membership("tt", "hs"), Membership("tt", "bh")),
    info=MapInfo(title="", municipality="Testvik", date=date(2025, 3, 1)),
)

# After the project barnevern joins the team (the critical gap closes) and a new
# service joins nobody (a new isolated actor).
AFTER = BEFORE.with_changes(
    actors=BEFORE.actors + (Actor("nav", "NAV Testvik", category="nav", sector="velferd", age_from=16),),
    memberships=BEFORE.memberships + (Membership("tt", "bv"), Membership("tt", "phr")),
    info=MapInfo(municipality="Testvik", date=date(2026, 3, 1)),
)


@pytest.fixture(scope="module")
def brief_docx() -> docx.document.Document:
    return docx.Document(io.BytesIO(report_bytes(BEFORE, "docx", today=date(2026, 11, 23))))


@pytest.fixture(scope="module")
def brief_html() -> str:
    return report_bytes(BEFORE, "html").decode("utf-8")


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_word_brief_names_the_municipality_and_the_counts(brief_docx):
    text = _text(brief_docx)
    assert "Testvik" in brief_docx.paragraphs[0].text
    assert "Kartet viser 5 aktører og 1 forum i Testvik" in text
    assert "Kartlagt 1. mars 2025" in text


def test_word_brief_shows_a_critical_gap_with_its_legal_source_and_a_recommendation(brief_docx):
    text = _text(brief_docx)
    assert "Kritiske hull" in text
    assert "Psykisk helse og rus" in text and "Barnevernstjenesten" in text
    assert "barnevernsloven § 15-8" in text
    assert "Avtal en fast kanal mellom" in text
    assert "Det viktigste å gjøre" in text


def test_word_brief_has_the_map_and_the_charts_as_images_within_the_page(brief_docx):
    shapes = brief_docx.inline_shapes
    assert len(shapes) >= 4  # map, sector matrix, ages, meeting hours
    section = brief_docx.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert all(shape.width <= text_width for shape in shapes)


def test_word_brief_shows_a_hostile_label_as_plain_text(brief_docx):
    assert HOSTILE in _text(brief_docx)


def test_html_brief_is_one_file_with_no_link_to_the_network(brief_html):
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*https?:""", brief_html, flags=re.I) == []
    assert "http://" not in brief_html and "https://" not in brief_html
    assert "<script" not in brief_html.lower()
    assert "<link" not in brief_html.lower()
    assert brief_html.count('src="data:image/png;base64,') >= 4
    assert "@media print" in brief_html


def test_html_brief_shows_a_hostile_actor_name_only_escaped(brief_html):
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in brief_html
    assert '<script>alert("x")' not in brief_html


def test_html_brief_cites_the_source_of_a_critical_gap(brief_html):
    assert "barnevernsloven § 15-8" in brief_html


def test_comparison_brief_lists_closed_remaining_and_new_gaps():
    brief = build_brief(BEFORE, compare_to=AFTER)
    change = next(s for s in brief.sections if s.key == "change")
    tables = [b for b in change.blocks if hasattr(b, "rows")]
    closed, remaining, new = (" ".join(" ".join(r) for r in t.rows) for t in tables)
    assert "Psykisk helse og rus" in closed
    assert "NAV Testvik" in new
    assert "Tverrfaglig team" in remaining
    text = brief.plain_text()
    assert "Nye aktører: NAV Testvik." in text
    assert "I etter-kartet er " in text and " funn borte" in text
    assert "Prosjektet lukket" not in text  # the target map is not credited with results


def test_comparison_word_brief_shows_before_and_after(tmp_path):
    path = tmp_path / "brief.docx"
    write_report(BEFORE, path, compare_to=AFTER)
    text = _text(docx.Document(str(path)))
    assert "Problemer som er borte i etter-kartet" in text and "Nye problemer i etter-kartet" in text
    assert "Før" in text and "Etter" in text


def test_write_report_picks_the_format_from_the_suffix(tmp_path):
    write_report(BEFORE, tmp_path / "a.docx")
    write_report(BEFORE, tmp_path / "a.html")
    assert (tmp_path / "a.docx").read_bytes()[:2] == b"PK"
    assert (tmp_path / "a.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "a.html"]  # no temporary files left


def test_write_report_refuses_an_unknown_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.docx or \.html"):
        write_report(BEFORE, tmp_path / "a.pdf")


def test_an_empty_map_still_gives_a_readable_brief():
    document = docx.Document(io.BytesIO(report_bytes(CollaborationMap(), "docx")))
    assert "Kartet viser 0 aktører" in _text(document)


def test_control_characters_in_a_label_do_not_break_the_word_file():
    cmap = BEFORE.with_changes(actors=BEFORE.actors + (Actor("x", "Bad\x0bname\x01", sector="annet"),))
    document = docx.Document(io.BytesIO(report_bytes(cmap, "docx")))
    assert "Badname" in _text(document)


@pytest.mark.skipif(not (DATA / "siljan-for.yaml").exists(), reason="the Siljan example maps are not there")
def test_siljan_before_and_after_gives_a_brief_about_siljan():
    from samhandling.io import load_map

    before, after = load_map(DATA / "siljan-for.yaml").map, load_map(DATA / "siljan-etter.yaml").map
    document = docx.Document(io.BytesIO(report_bytes(before, "docx", compare_to=after)))
    text = _text(document)
    assert "Siljan" in document.paragraphs[0].text
    assert "Problemer som er borte i etter-kartet" in text
    assert len(document.inline_shapes) >= 4


def test_every_report_text_key_exists_in_bokmal():
    from samhandling.analysis import KINDS
    from samhandling.i18n import t

    source = "\n".join(
        p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "src/samhandling/report").glob("*.py")
    )
    keys = set(re.findall(r"""_txt\(\s*["']([a-z_.]+)["']""", source))
    keys |= {f"change.{table}_{kind}" for table in ("actors", "forums") for kind in ("added", "removed")}
    keys |= {"change.routines_added", "change.memberships", "change.relations", "change.more", "change.more_plain"}
    keys |= {f"change.{k}_{part}" for k in ("resolved", "remaining", "new") for part in ("heading", "none")}
    keys |= {
        f"{k}.{part}" for k in ("recommended", "informal", "transitions", "vulnerable") for part in ("heading", "intro")
    }
    keys |= {
        f"mapped.rows.{k}"
        for k in ("actors", "forums", "memberships", "relations", "routines", "connections", "sectors")
    }
    keys |= {f"recommendation.{kind}" for kind in KINDS}
    missing = []
    for key in sorted(keys):
        try:
            t(f"report.{key}")
        except KeyError:
            missing.append(key)
    assert len(keys) > 40 and missing == []


def test_the_brief_never_claims_legal_compliance_and_lists_at_most_seven_things_to_do():
    from samhandling.io import load_map

    for name in ("siljan-for", "siljan-etter", "nordre-land-for"):
        brief = build_brief(load_map(DATA / f"{name}.yaml").map)
        text = brief.plain_text()
        assert "alt samarbeid som lov" not in text
        summary = next(s for s in brief.sections if s.key == "summary")
        numbered = [b for b in summary.blocks if getattr(b, "numbered", False)]
        assert numbered and len(numbered[0].items) <= 7
        assert len(set(numbered[0].items)) == len(numbered[0].items)  # each problem once
    after = build_brief(load_map(DATA / "siljan-etter.yaml").map).plain_text()
    assert "Ingen brudd på de innebygde påkrevde reglene" in after


def test_a_comparison_without_dates_says_the_dates_are_not_given():
    undated_before = BEFORE.with_changes(info=MapInfo(municipality="Testvik"))
    undated_after = AFTER.with_changes(info=MapInfo(municipality="Testvik"))
    assert "Kartleggingsdatoer er ikke oppgitt" in build_brief(undated_before, compare_to=undated_after).plain_text()


def test_a_missing_reporting_routine_is_asked_of_the_service_that_reports_not_of_barnevern():
    from samhandling.analysis import analyze
    from samhandling.report.wording import recommendation

    cmap = CollaborationMap(actors=(Actor("a-bv", "Barnevernstjenesten", "barnevern"),
                                    Actor("z-skole", "Lille skole", "skole", age_from=6, age_to=15)))
    (finding,) = analyze(cmap).by_kind("missing_expected")
    assert recommendation(finding, cmap) == (
        "Sørg for en kjent, skriftlig meldingsrutine til barnevernet hos Lille skole, og legg den inn i kartet.")
