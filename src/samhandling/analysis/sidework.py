"""Run one independent part of an analysis in a forked process, next to the rest.

A country-size analysis has two parts that need nothing of each other once the
collaboration network is built: the expected pairs and their problems (most of the
time), and the structure, housekeeping, overlaps and metrics (a quarter of it).
On a machine with two cores or more the second part runs in a child process made
with ``os.fork`` (it shares the map and the network without copying them up front)
and sends back its few findings and the metrics, pickled, through a pipe.

Forking is only done where it is safe and pays: on Linux, from a process with one
thread (never inside the Streamlit server, whose threads a fork would not copy),
with at least two CPUs to run on, and for big maps. ``SAMHANDLING_PARALLEL=0``
turns it off. If the child fails in any way, the part is computed in this process:
the result never depends on whether a fork happened.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["SideWork", "fork_pays"]

T = TypeVar("T")

# Below this many actors the part run aside takes a few hundred milliseconds at most,
# about what a fork of a big process and the pickles cost.
FORK_MIN_ACTORS = 10_000


def fork_pays(actors: int) -> bool:
    """True when a part of an analysis of a map with ``actors`` actors should run in a child process."""
    if actors < FORK_MIN_ACTORS or os.environ.get("SAMHANDLING_PARALLEL", "1").strip() == "0":
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if threading.active_count() != 1:
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus >= 2


class SideWork(Generic[T]):
    """``fn()`` started in a forked child; :meth:`result` waits for it and returns its value.

    With ``fork=False`` (or when the fork itself fails) ``fn`` runs in :meth:`result`.
    """

    def __init__(self, fn: Callable[[], T], fork: bool = True) -> None:
        self._fn = fn
        self._pid = 0
        self._read = -1
        if fork:
            self._start()

    def _start(self) -> None:
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: compute, send, and leave without running any exit handler
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(self._fn(), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        """The value of ``fn()``: the child's when it succeeded, else computed here."""
        if self._pid:
            value = self._collect()
            if value is not None:
                return value[0]
        return self._fn()

    def _collect(self) -> tuple[Any] | None:
        chunks = []
        try:
            while chunk := os.read(self._read, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self._read)
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            return (pickle.loads(b"".join(chunks)),)
        except Exception:  # noqa: BLE001 - a broken reply means: compute it here
            return None
