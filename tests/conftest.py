"""Shared fixtures.

Every test gets its own empty SQLite store: ``SAMHANDLING_DB`` points at a fresh
file in the test's tmp folder (autouse), so no test ever touches a user's real
workshop data in ``~/.local/share``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of this test's own store file (set as ``SAMHANDLING_DB``)."""
    path = tmp_path / "store" / "samhandling.sqlite3"
    monkeypatch.setenv("SAMHANDLING_DB", str(path))
    return path


@pytest.fixture
def repo_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository root, also made the working directory (AppTest runs ``app.py`` from it)."""
    monkeypatch.chdir(REPO_ROOT)
    return REPO_ROOT
