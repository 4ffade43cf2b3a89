"""The README stays true: its first commands, and every CLI example in it, run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from samhandling.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```(?:bash|sh)\n(.*?)```", text, re.S)


def _cli_examples() -> list[str]:
    section = README.split("## Command line", 1)[1]
    lines = _code_blocks(section)[0].splitlines()
    prefix = ".venv/bin/samhandling "  # as pasted after the README's first command
    return ["samhandling " + line.split("  #")[0].strip().removeprefix(prefix)
            for line in lines if line.startswith(prefix)]


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 - argparse has no public API
    return sorted(action.choices)


def test_the_readme_opens_with_the_two_commands_and_ci_runs_the_second():
    first, test_command = _code_blocks(README)[0].strip().splitlines()
    assert README.index("```") < README.index("## ")  # the very first thing after the title
    assert "pip install" in first and "-e '.[test]'" in first and first.endswith("streamlit run serve.py")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_cli_command_has_an_example_in_the_readme():
    documented = {shlex.split(line)[1] for line in _cli_examples()}
    assert documented == set(_subcommands())


@pytest.mark.parametrize("command", _subcommands())
def test_every_cli_command_has_norwegian_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("bruk: samhandling " + command)
    assert "valg:\n  -h, --help" in out and "vis denne hjelpeteksten og avslutt" in out
    assert "usage" not in out and "options" not in out and "show this help" not in out


@pytest.mark.parametrize("example", _cli_examples())
def test_each_readme_cli_example_runs_as_written(example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").symlink_to(REPO / "data")
    argv = shlex.split(example)[1:]
    assert main(argv) == 0, capsys.readouterr().err
    if "-o" in argv:
        written = tmp_path / argv[argv.index("-o") + 1]
        assert written.is_file() and written.stat().st_size > 1000
    else:
        assert capsys.readouterr().out.strip()


def test_the_readme_points_only_at_files_a_clone_has():
    assert "../shared" not in README
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", README):
        assert (REPO / target).exists(), target
    assert "Python 3.11" in README


def test_every_cli_example_is_written_for_the_project_environment():
    block = _code_blocks(README.split("## Command line", 1)[1])[0]
    assert all(line.startswith(".venv/bin/samhandling ") for line in block.splitlines() if line.strip())


def test_the_server_listens_on_this_laptop_only_and_looks_up_no_address():
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_running_the_tests_writes_no_screenshot_into_docs():
    browser_test = (REPO / "tests" / "test_browser_app.py").read_text(encoding="utf-8")
    assert 'os.environ.get("SAMHANDLING_SCREENSHOTS", "tests/artifacts/' in browser_test
    assert ".venv/bin/python -m tests.screenshots" in README
