"""What the command line imports: `--help`, `validate` and `analyze` on YAML stay light.

pandas, streamlit, matplotlib, python-docx (and openpyxl, pyvis) take most of a
second to import; a command that reads YAML and prints text needs none of them.
Each case runs in a fresh interpreter and looks at ``sys.modules`` afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "streamlit", "matplotlib", "docx", "openpyxl", "pyvis", "altair", "python_calamine", "babel")

_PROBE = """
import contextlib, io, json, sys
args = json.loads(sys.argv[1])
if args is not None:
    from samhandling.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args)
        except SystemExit:
            pass
else:
    import samhandling.cli  # noqa: F401
print(json.dumps(sorted(name for name in sys.modules if "." not in name)))
"""


def _modules_after(args: list[str] | None) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=REPO, timeout=120, check=True)
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_pulls_in_only_the_standard_library_yaml_and_our_own_core():
    loaded = _modules_after(None)
    assert not loaded & set(HEAVY)
    ours = {"samhandling", "yaml", "_yaml", "cython_runtime"}  # PyYAML's C loader is built with Cython
    third_party = {name for name in loaded - ours if name not in sys.stdlib_module_names and not name.startswith("_")}
    assert third_party == set(), third_party


@pytest.mark.parametrize("args", [
    ["--help"],
    ["validate", "data/siljan-for.yaml"],
    ["analyze", "data/siljan-for.yaml"],
    ["analyze", "--json", "data/siljan-for.yaml"],
], ids=["help", "validate", "analyze", "analyze-json"])
def test_commands_on_yaml_import_no_pandas_streamlit_matplotlib_or_docx(args):
    loaded = _modules_after(args)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "samhandling" in loaded


def test_igraph_is_loaded_without_matplotlib_and_matplotlib_still_works_afterwards():
    code = ("import sys; from samhandling.igraphs import load_igraph; g = load_igraph(); "
            "assert 'matplotlib' not in sys.modules, 'hidden'; "
            "assert g.Graph(n=3, edges=[(0, 1), (1, 2)]).betweenness() == [0.0, 1.0, 0.0]; "
            "import matplotlib; print(matplotlib.__name__)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "matplotlib"
