"""A part of a big analysis run in a forked child: the same result as in one process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from samhandling.analysis import Thresholds, analyze, sidework
from samhandling.analysis.sidework import SideWork, fork_pays
from samhandling.io import load_map

DATA = Path(__file__).resolve().parents[1] / "data"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


@linux_only
def test_side_work_runs_in_a_child_and_returns_its_value():
    parent = os.getpid()
    work = SideWork(lambda: (os.getpid(), {"a": [1, 2]}), fork=True)
    pid, value = work.result()
    assert pid != parent
    assert value == {"a": [1, 2]}


@linux_only
def test_side_work_that_fails_in_the_child_is_done_here():
    parent = os.getpid()

    def only_here():
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "done here"

    assert SideWork(only_here, fork=True).result() == "done here"


def test_side_work_without_a_fork_runs_when_asked_for():
    calls = []
    work = SideWork(lambda: calls.append(1) or len(calls), fork=False)
    assert calls == []
    assert work.result() == 1


def test_small_maps_threads_and_the_switch_keep_the_analysis_in_one_process(monkeypatch):
    monkeypatch.delenv("SAMHANDLING_PARALLEL", raising=False)
    assert not fork_pays(100)
    monkeypatch.setenv("SAMHANDLING_PARALLEL", "0")
    assert not fork_pays(50_000)


@linux_only
@pytest.mark.parametrize("name", ["nordre-land-for.yaml", "finnmark-0-24.yaml"])
def test_an_analysis_with_a_forked_part_equals_one_in_one_process(name, monkeypatch):
    thresholds = Thresholds(today=__import__("datetime").date(2026, 1, 15))
    monkeypatch.setenv("SAMHANDLING_PARALLEL", "0")
    alone = analyze(load_map(DATA / name).map, thresholds)
    monkeypatch.setenv("SAMHANDLING_PARALLEL", "1")
    monkeypatch.setattr(sidework, "FORK_MIN_ACTORS", 0)
    forked_calls = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forked_calls.append(1) or real_fork())
    together = analyze(load_map(DATA / name).map, thresholds)
    assert forked_calls == [1] or os.cpu_count() == 1
    assert together.to_dict() == alone.to_dict()
    assert [p.to_dict() for p in together.problems] == [p.to_dict() for p in alone.problems]
