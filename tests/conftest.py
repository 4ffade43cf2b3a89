"""Shared fixtures.

Every test gets its own empty SQLite store: ``SAMHANDLING_DB`` points at a fresh
file in the test's tmp folder (autouse), so no test ever touches a user's real
workshop data in ``~/.local/share``.

PostgreSQL: ``SAMHANDLING_TEST_PG`` is the URL of a server the tests may create
databases on (``.ci/run`` starts one with ``.ci/postgres.sh``; ``eval
"$(.ci/postgres.sh)"`` does the same by hand). :func:`location` runs a store test on
both backends, each PostgreSQL test on a fresh database; without that variable the
PostgreSQL cases are skipped, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The path of this test's own store file (set as ``SAMHANDLING_DB``)."""
    path = tmp_path / "store" / "samhandling.sqlite3"
    monkeypatch.setenv("SAMHANDLING_DB", str(path))
    return path


PG_ENV = "SAMHANDLING_TEST_PG"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of the test PostgreSQL server (skips when there is none)."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL for the tests: {PG_ENV} is not set (.ci/run starts one with .ci/postgres.sh)")
    import sqlalchemy

    try:
        with sqlalchemy.create_engine(url).connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any failure means: no server to test against
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {type(error).__name__}")
    return url


def fresh_pg_database(server: str) -> tuple[str, object]:
    """Create an empty database on the test server: (its URL, a function that drops it)."""
    import sqlalchemy

    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = sqlalchemy.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    url = sqlalchemy.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, drop


@pytest.fixture
def pg_url(pg_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test (also set as ``SAMHANDLING_DB``)."""
    url, drop = fresh_pg_database(pg_server)
    monkeypatch.setenv("SAMHANDLING_DB", url)
    yield url
    drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, db_path: Path) -> Path | str:
    """Where this test's store lives: the SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return db_path
    return request.getfixturevalue("pg_url")


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
