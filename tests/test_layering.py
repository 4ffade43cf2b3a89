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


# Where each room lives (house-style.md, "The house as it stands"): exchange formats and
# atomic writes are files (io/), what computes on a map is analysis, the workbook's looks
# are io's own, node positions and the palette draw the map. The old names must not come back beside them.
_HOMES = {
    "io/exchange.py": "exchange.py",
    "io/atomic.py": "atomic.py",
    "io/workbook_style.py": "io/layout.py",
    "analysis/scenario.py": "scenario.py",
    "analysis/summary.py": "summary.py",
    "analysis/pathway_text.py": "pathway_text.py",
    "maps/layout.py": "layout.py",
    "maps/palette.py": "palette.py",
}

# Floors below may not import floors above (checked on the source, including imports
# inside functions): io and analysis never reach the pages, the CLI, the store or reports.
_NOT_FROM = {
    "catalogue": ("samhandling",),  # data for the Veiviser, readable by any floor
    "io": ("samhandling.ui", "samhandling.cli", "samhandling.store", "samhandling.report", "samhandling.analysis"),
    "analysis": ("samhandling.ui", "samhandling.cli", "samhandling.store", "samhandling.report", "samhandling.io",
                 "samhandling.maps"),
}


@pytest.mark.parametrize(("home", "old"), sorted(_HOMES.items()))
def test_each_room_lives_in_its_home_and_not_at_its_old_address(home, old):
    assert (SRC / home).is_file()
    assert not (SRC / old).exists()


def _imports(path: Path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("floor", sorted(_NOT_FROM))
def test_a_lower_floor_never_imports_a_higher_one(floor):
    wrong = sorted(f"{path.relative_to(SRC)} imports {name}"
                   for path in (SRC / floor).rglob("*.py")
                   for name in _imports(path)
                   if name.startswith(_NOT_FROM[floor]))
    assert wrong == []
