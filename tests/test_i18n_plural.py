"""The plural shortcut for Norwegian agrees with Babel's CLDR rules (and keeps Babel out of the CLI)."""

from __future__ import annotations

import pytest
from babel import Locale

from samhandling.i18n import _ONE_OR_OTHER, _plural_category


@pytest.mark.parametrize("lang", sorted(_ONE_OR_OTHER))
def test_the_shortcut_gives_babels_plural_form_for_every_whole_number_up_to_10000(lang):
    locale = Locale.parse(f"{lang}_NO")
    assert [_plural_category(lang, n) for n in range(10_001)] == [locale.plural_form(n) for n in range(10_001)]


@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_numbers_are_written_and_rounded_as_babel_writes_them_in_norwegian(decimals):
    from babel.numbers import format_decimal

    from samhandling.i18n import number

    values = [*range(-1100, 1100, 7), 12345, 1234567, -98765432, 10**12, 0.05, 0.15, 0.25, 2.675, -0.04, -0.05,
              1.5, 2.0, 1234.5678, 0.125, 99.95, 999999.95, 1e-7, 37.4, 0.374 * 100, 1 / 3]
    values += [i / 8 for i in range(-40, 40)] + [i * 0.01 for i in range(0, 300, 3)]
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    for value in values:
        expected = format_decimal(value, format=pattern, locale="nb_NO").replace("\u00a0", " ")
        assert number(value, decimals) == expected, (value, decimals)


def test_the_same_map_analysed_again_in_nynorsk_is_written_in_nynorsk():
    """``analyze`` reuses its last result for the same map object: never across languages."""
    from pathlib import Path

    from samhandling.analysis import analyze
    from samhandling.i18n import use_language
    from samhandling.io import load_map

    cmap = load_map(Path(__file__).resolve().parents[1] / "data" / "siljan-for.yaml").map
    bokmal = [p.title for p in analyze(cmap).problems]
    use_language("nn")
    try:
        nynorsk = [p.title for p in analyze(cmap).problems]
    finally:
        use_language(None)
    assert len(nynorsk) == len(bokmal) and nynorsk != bokmal
    assert any("utan" in title or "frå" in title for title in nynorsk), nynorsk
    assert [p.title for p in analyze(cmap).problems] == bokmal
