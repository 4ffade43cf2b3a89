"""The app analyses a map revision once for every visitor, and lays out its first picture once."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_kart_helpers import component_data, open_page

from samhandling.ui.kart import NET_KEY


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often analyze and map_elements ran (the app imports both when it needs them)."""
    import samhandling.analysis
    import samhandling.maps

    calls = {"analyze": 0, "map_elements": 0}
    real_analyze, real_elements = samhandling.analysis.analyze, samhandling.maps.map_elements

    def analyze(*args, **kwargs):
        calls["analyze"] += 1
        return real_analyze(*args, **kwargs)

    def map_elements(*args, **kwargs):
        calls["map_elements"] += 1
        return real_elements(*args, **kwargs)

    monkeypatch.setattr(samhandling.analysis, "analyze", analyze)
    monkeypatch.setattr(samhandling.maps, "map_elements", map_elements)
    return calls


def test_a_second_visitor_gets_the_analysis_and_first_picture_without_computing_them(repo_root: Path, counted):
    first = open_page("kart")
    assert not first.exception
    after_first = dict(counted)
    assert after_first["analyze"] == 1 and after_first["map_elements"] == 1

    second = open_page("kart")  # a new session: a new visitor, or a reload

    assert not second.exception
    assert counted == after_first
    assert component_data(second, NET_KEY)["nodes"] == component_data(first, NET_KEY)["nodes"]


def test_a_saved_change_is_analysed_again(repo_root: Path, counted):
    from samhandling.model import Actor
    from samhandling.store import Store

    first = open_page("kart")
    name = first.session_state["state.current_map"]
    store = Store()
    cmap, revision = store.load(name)
    store.save(name, cmap.with_changes(actors=(*cmap.actors, Actor(id="ny-aktor", name="Ny aktør"))), revision)

    second = open_page("kart")

    assert not second.exception
    assert counted["analyze"] == 2
    assert "ny-aktor" in {n["id"] for n in component_data(second, NET_KEY)["nodes"]}


def _serve_module(repo_root: Path):
    """``serve.py`` imported the way ``streamlit run serve.py`` imports it to find the server."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("samhandling_serve_under_test", repo_root / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_streamlit_run_serve_py_serves_app_py_with_a_start_up_hook(repo_root: Path):
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(repo_root / "serve.py")

    assert found.is_asgi_app and found.import_string == "serve:app"
    assert not discover_asgi_app(repo_root / "app.py").is_asgi_app  # app.py stays a plain script (serve.py serves it)
    assert _serve_module(repo_root).app._script_path == repo_root / "app.py"  # noqa: SLF001


def test_the_server_start_warms_the_default_map_before_the_first_visitor(repo_root: Path, counted, db_path):
    from samhandling.store import Store

    _serve_module(repo_root).warm_up()  # what the server's start-up thread runs

    assert counted == {"analyze": 1, "map_elements": 1}
    assert Store(db_path).list_maps()  # the examples are seeded
    first = open_page("kart")  # the first visitor after the start
    assert not first.exception
    assert counted == {"analyze": 1, "map_elements": 1}  # nothing computed again
    assert component_data(first, NET_KEY)["nodes"]


def test_the_warm_up_thread_leaves_no_missing_context_warning_in_the_terminal(repo_root: Path, db_path):
    import logging
    import threading

    serve = _serve_module(repo_root)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    context_log.addHandler(handler)
    try:
        thread = threading.Thread(target=serve.warm_up, name=serve._WARM_UP_THREAD)  # noqa: SLF001
        thread.start()
        thread.join(timeout=120)
        # The same warning from any other thread still shows.
        context_log.warning("Thread '%s': missing ScriptRunContext!", "another")
    finally:
        context_log.removeHandler(handler)

    assert not thread.is_alive()
    assert [r.getMessage() for r in records] == ["Thread 'another': missing ScriptRunContext!"]
