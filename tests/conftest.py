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


def open_page(at, url_path: str):
    """Make the next ``at.run()`` show the page registered under ``url_path`` ("kartlegging").

    ``AppTest.switch_page`` only finds file pages; our pages are functions, so this
    picks the page hash that ``st.navigation`` registered on the first run.
    """
    if not at._registered_pages:  # noqa: SLF001 - no public API for callable pages
        at.run()
    for page_hash, info in at._registered_pages.items():  # noqa: SLF001
        if info.get("url_pathname") == url_path:
            at._page_hash = page_hash  # noqa: SLF001
            return at
    raise ValueError(f"No page registered at {url_path!r}")


@pytest.fixture
def app(repo_root: Path):
    """A factory of fresh AppTest sessions of ``app.py`` (each one is a new browser session)."""
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=90)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            open_page(at, page).run()
        return at

    return make
