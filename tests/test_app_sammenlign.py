"""AppTest checks of the Sammenlign page: Siljan før/etter by default."""

from __future__ import annotations

from pathlib import Path

from test_app_kart_helpers import component_data, open_page

from samhandling.ui.sammenlign import default_examples


def test_siljan_before_and_after_are_the_default_pair_whatever_their_titles() -> None:
    examples = {
        "Nordre Land – før": Path("data/nordre-land-for.yaml"),
        "Nordre Land – etter": Path("data/nordre-land-etter.yaml"),
        "Siljan – før PIL": Path("data/siljan-for.yaml"),
        "Siljan – med PIL": Path("data/siljan-etter.yaml"),
    }
    assert default_examples(examples) == ("Siljan – før PIL", "Siljan – med PIL")


def test_sammenlign_shows_resolved_findings_for_siljan(repo_root: Path) -> None:
    at = open_page("sammenlign")
    assert not at.exception
    assert not at.error
    # Siljan before PIL has an age gap 16–24 that the after map no longer has.
    resolved = [s.value for s in at.success if str(s.value).startswith("Problemer borte i etter-kartet")]
    assert resolved and resolved[0] != "Problemer borte i etter-kartet (0)"
    assert any("For alderen 16–24 år er det ingen forum" in str(m.value) for m in at.markdown)
    before = at.selectbox(key="sammenlign.before.example").value
    after = at.selectbox(key="sammenlign.after.example").value
    assert before.startswith("Siljan") and "før" in before
    assert after.startswith("Siljan") and "før" not in after
    data = component_data(at, "sammenlign.network")
    assert data["nodes"]
    assert any("Ny" == item["label"] for item in data["legend"])
    assert len(at.metric) >= 8


def test_a_before_after_leader_brief_can_be_downloaded(repo_root: Path) -> None:
    docx = __import__("pytest").importorskip("docx")
    at = open_page("sammenlign")
    at.button(key="sammenlign.make_brief").click().run()
    assert not at.exception and not at.error
    button = next(d for d in at.get("download_button") if d.label == "Last ned lederbrev (Word)")
    assert button is not None
    import io

    from samhandling.io import load_map
    from samhandling.report import report_bytes

    brief = docx.Document(io.BytesIO(report_bytes(load_map("data/siljan-for.yaml").map, "docx",
                                                   compare_to=load_map("data/siljan-etter.yaml").map)))
    text = "\n".join(p.text for p in brief.paragraphs)
    assert "Siljan" in text


def test_an_uploaded_gexf_file_can_be_the_after_side(repo_root: Path) -> None:
    from samhandling.io import load_map
    from samhandling.io.exchange import export_bytes

    after = load_map(repo_root / "data" / "siljan-etter.yaml").map
    at = open_page("sammenlign")
    at.button_group(key="sammenlign.after.source").set_value("upload").run()
    at.file_uploader(key="sammenlign.after.upload").set_value(
        ("siljan-etter.gexf", export_bytes(after, "gexf"), "application/octet-stream"))
    at.run()
    assert not at.exception and [e.value for e in at.error] == [] , [c.value for c in at.caption]
    resolved = [s.value for s in at.success if str(s.value).startswith("Problemer borte i etter-kartet")]
    assert resolved and resolved[0] != "Problemer borte i etter-kartet (0)"
    assert any("For alderen 16–24 år er det ingen forum" in str(m.value) for m in at.markdown)
