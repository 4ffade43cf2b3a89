"""Architecture guards: the library does not drag the UI along, and every text key exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from samhandling.i18n import t

SRC = Path(__file__).resolve().parents[1] / "src" / "samhandling"


@pytest.mark.parametrize("module", ["samhandling", "samhandling.io", "samhandling.analysis", "samhandling.cli"])
def test_importing_the_library_imports_neither_streamlit_nor_pyvis(module):
    code = f"import sys, {module}; print(sorted(m for m in ('streamlit', 'pyvis') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _text_keys() -> set[str]:
    keys = set()
    for path in SRC.rglob("*.py"):
        for match in re.finditer(
            r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_]+)+)["']""", path.read_text(encoding="utf-8")
        ):
            keys.add(match.group(1))
    return keys


def test_every_text_key_used_in_the_code_exists_in_bokmal():
    missing = []
    for key in sorted(_text_keys()):
        try:
            t(key)
        except KeyError:
            missing.append(key)
    assert missing == []


def test_a_missing_translation_falls_back_to_bokmal(monkeypatch):
    monkeypatch.setenv("SAMHANDLING_LANG", "se")
    assert t("ui.pages.kart") == "Kart"


def test_the_code_passes_the_project_lint():
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=SRC.parents[1], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout
