"""AppTest checks of the Funn page on the Siljan example, and its Excel export."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from test_app_kart_helpers import component_data, open_page, texts

from samhandling.io import load_map
from samhandling.model import Actor, CollaborationMap
from samhandling.ui.funn import findings_workbook, neutralise

REPO = Path(__file__).resolve().parents[1]


def _open_before_map(url_path: str):
    """The app on the Siljan map before PIL (it has an age gap 16–24)."""
    return open_page(url_path, load_map(REPO / "data" / "siljan-for.yaml").map.info.title)


def test_funn_page_lists_the_age_gap_of_siljan_before(repo_root: Path) -> None:
    at = _open_before_map("funn")
    assert not at.exception
    assert not at.error
    shown = texts(at)
    assert "For alderen 16–24 år er det ingen forum der to eller flere tjenester" in shown
    # Problems, not pair lists: one kritisk (OT–NAV with its transition), a handful of viktig.
    assert at.multiselect(key="funn.f_severity").options == ["Kritisk (1)", "Viktig (10)", "Til info (4)"]
    assert "**Overgangen fra oppfølgingstjenesten til NAV**" in [m.value for m in at.markdown]


def test_the_practice_rules_are_off_until_switched_on_on_the_funn_page(repo_root: Path) -> None:
    # Nordre Land has SLT-like practice pairs (kulturskole–frivillig and others): info only.
    at = open_page("funn", load_map(REPO / "data" / "nordre-land-for.yaml").map.info.title)
    before = sum(int(o.rsplit("(", 1)[1].rstrip(")")) for o in at.multiselect(key="funn.f_severity").options)
    at.toggle(key="funn.praksis").set_value(True).run()
    assert not at.exception
    after = sum(int(o.rsplit("(", 1)[1].rstrip(")")) for o in at.multiselect(key="funn.f_severity").options)
    assert after > before  # SLT-modellen and friends: info only
    assert at.multiselect(key="funn.f_severity").options[0].startswith("Kritisk")


def test_showing_a_finding_highlights_its_actors_on_the_map(repo_root: Path) -> None:
    at = _open_before_map("funn")
    at.button(key="funn.show.transition_gap:ot|nav").click().run()
    assert not at.exception
    nodes = {n["id"]: n for n in component_data(at, "funn.network")["nodes"]}
    assert nodes["nav"]["borderWidth"] > nodes["barnevern"]["borderWidth"]
    assert nodes["ot"]["borderWidth"] > nodes["barnevern"]["borderWidth"]


def test_cells_that_look_like_formulas_are_neutralised_in_the_excel_file() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Helse") == "Helse"

    class F:
        key, kind, severity = "isolated_actor:x", "isolated_actor", "viktig"
        actors, forums, rule, details = ("x",), (), None, {}
        message = '=HYPERLINK("http://example.org","klikk")'

    cmap = CollaborationMap(actors=(Actor("x", "+47 Helse"),))
    sheet = load_workbook(BytesIO(findings_workbook(cmap, [F()], {F.key: "=problem"}))).active
    values = [c.value for c in sheet[2]]
    assert values[1] == "'=problem"
    assert values[3].startswith("'=")
    assert values[4] == "'+47 Helse"
    assert all(c.data_type != "f" for c in sheet[2])


def test_a_map_with_hundreds_of_findings_draws_a_capped_list_but_counts_them_all(repo_root: Path) -> None:
    from samhandling.analysis import analyze
    from samhandling.store import Store
    from samhandling.ui.funn import MAX_CARDS

    # 200 kommuner, each with a barnevern and a NAV with no channel: one problem per kommune.
    crowd = CollaborationMap(
        actors=tuple(
            Actor(f"{kind}{i}", f"{kind.upper()} {i}", kind, municipality=f"K{i}")
            for i in range(200)
            for kind in ("barnevern", "nav")
        )
    )
    open_page("kart")  # seeds the store with the examples
    Store().create_map("Stor kommune", crowd)
    at = open_page("funn", "Stor kommune")
    assert not at.exception and not at.error
    total = len(analyze(crowd).problems)
    assert total > MAX_CARDS
    assert any(i.value.startswith(f"Her vises de {MAX_CARDS} viktigste av {total} problemer") for i in at.info), [
        i.value for i in at.info
    ]
    cards = [b for b in at.button if b.key and b.key.startswith("funn.show.")]
    assert len(cards) == MAX_CARDS
    kritisk = sum(1 for p in analyze(crowd).problems if p.severity == "kritisk")
    assert kritisk == 200  # one per kommune: NAV and barnevern there have no channel
    assert any(f"Kritisk ({kritisk})" in str(h.value) for h in at.subheader)
