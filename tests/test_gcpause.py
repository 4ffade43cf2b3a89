"""The garbage-collector pause used while building big pictures restores the collector."""

from __future__ import annotations

import gc
import threading

import pytest

from samhandling.gcpause import gc_paused, without_gc


def test_the_collector_is_paused_inside_and_running_again_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the inner pause ending must not restart the collector"
    assert gc.isenabled()


def test_an_exception_inside_still_restarts_the_collector():
    @without_gc
    def fails() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_threads_leave_the_collector_running():
    inside = threading.Barrier(4)

    def work() -> None:
        with gc_paused():
            inside.wait(timeout=10)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert gc.isenabled()


# The ``samhandling`` command in a child process, with a hook on every collection.
_COUNT_COLLECTIONS = """
import gc, sys
from samhandling import cli
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
sys.argv = ["samhandling", "analyze", sys.argv[1]]
import os
real_exit = os._exit
def noting_exit(code):
    sys.stderr.write(f"collections: {collections}\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = noting_exit
cli.run()
"""


def test_the_command_line_process_never_runs_the_collector_around_its_command(repo_root):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _COUNT_COLLECTIONS, str(repo_root / "data" / "siljan-for.yaml")],
                          capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stderr
    assert "Siljan" in done.stdout
    # The command runs with the collector paused; the end of that pause started a collection
    # (after a country map, a full one over millions of objects, ~1 s before the exit).
    assert "collections: []" in done.stderr


# The app run twice in a child process (the first run freezes; Streamlit's collection after
# each run then walks only what is not frozen).
_APP_TWICE = """
import gc, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=90)
at.run()
assert not at.exception, at.exception
frozen = gc.get_freeze_count()
at.run()
assert not at.exception, at.exception
gc.collect()
print(frozen, gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_after_the_apps_first_run_the_collector_no_longer_walks_the_imports(repo_root):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _APP_TWICE, str(repo_root / "app.py")],
                          capture_output=True, text=True, timeout=300, check=False, cwd=repo_root)

    assert done.returncode == 0, done.stderr
    frozen_first, frozen_second, walked = map(int, done.stdout.split()[-3:])
    # Streamlit collects after every run: it now walks a small part of what is alive.
    assert frozen_first > 100_000
    assert walked * 4 < frozen_first, (frozen_first, walked)
    # Frozen once per process: a later run adds nothing (frozen objects freed since are gone).
    assert frozen_second <= frozen_first
