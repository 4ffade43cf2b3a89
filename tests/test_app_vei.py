"""AppTest checks of the Veien videre page on the Siljan example (issue 13)."""

from __future__ import annotations

from pathlib import Path

from test_app_kart_helpers import component_data, open_page, texts

from samhandling.io import load_map
from samhandling.ui.vei import start_options

REPO = Path(__file__).resolve().parents[1]
SILJAN = load_map(REPO / "data" / "siljan-for.yaml").map


def _open():
    return open_page("veien-videre", SILJAN.info.title)


def test_the_starts_are_the_kinds_of_service_then_every_actor():
    options = start_options(SILJAN)
    assert options[:4] == ["kategori:helsestasjon", "kategori:barnehage", "kategori:skole",
                           "kategori:skolehelsetjeneste"]
    assert "aktør:barnehage" in options and len(options) == 7 + len(SILJAN.actors)  # 7 kinds: … vgs, ot, nav


def test_a_kindergarten_concern_at_4_goes_through_the_bti_meetings_to_the_tiltaksteam(repo_root: Path) -> None:
    at = _open()
    assert not at.exception
    at.selectbox(key="vei.start").set_value("kategori:barnehage").run()
    assert at.slider(key="vei.age").value == 4
    shown = texts(at)
    assert "**1. Samarbeidsmøter etter BTI \\(nivå 2–3\\, med stafettlogg\\)** · nivå 2 – tverrfaglig drøfting" in shown
    assert "**2. Videre til Tiltaksteam barn og unge** · nivå 3 – koordinert innsats · møtes ved behov" in shown
    assert [s.value for s in at.success] == ["Bekymringen når koordinert innsats (BTI nivå 3)."]
    # The map highlights the two forums and the kindergarten.
    data = component_data(at, "vei.network")
    assert sorted(data["fit_nodes"]) == ["barnehage", "bti-samarbeidsmote", "tiltaksteam"]


def test_at_17_a_concern_from_upper_secondary_has_no_way_up(repo_root: Path) -> None:
    at = _open()
    at.selectbox(key="vei.start").set_value("kategori:vgs").run()
    at.slider(key="vei.age").set_value(17).run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["Bekymringen når ikke koordinert innsats (BTI nivå 3)."]
    assert "sitter ikke i noe forum på BTI\\-stigen som tar barn og unge på 17 år" in texts(at)
