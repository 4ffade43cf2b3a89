"""Pause Python's cyclic garbage collector while building many small objects.

Building a big map picture allocates tens of thousands of small dicts and strings,
none of which form reference cycles. Each allocation burst triggers collections
that walk every live object of the process (the whole map, Streamlit, pandas...),
which doubled the time to build a 4,000-node picture. Reference counting still
frees everything as usual while the collector is paused.

Streamlit runs sessions in threads and the collector is process-wide, so pauses
are counted: the collector runs again when the last pause ends.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["gc_paused", "without_gc", "freeze_start_up"]

_LOCK = threading.Lock()
_PAUSES = [0]
_WAS_ENABLED = [True]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block (nested and threaded use is safe)."""
    with _LOCK:
        if _PAUSES[0] == 0:
            _WAS_ENABLED[0] = gc.isenabled()
            gc.disable()
        _PAUSES[0] += 1
    try:
        yield
    finally:
        with _LOCK:
            _PAUSES[0] -= 1
            if _PAUSES[0] == 0 and _WAS_ENABLED[0]:
                gc.enable()


def without_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run ``fn`` inside :func:`gc_paused`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper


_FROZEN = [False]


def freeze_start_up() -> bool:
    """Once per process: collect, then move every object alive now out of the collector's sight.

    For the app server. Streamlit runs a full collection after every script run
    (``runner.postScriptGC``) and holds the interpreter while it does: with the app's
    imports (Streamlit, pandas, Altair, NetworkX, the analysis) that walked ~160,000
    objects, ~80 ms after every run, also after the run that sends a visitor's map,
    while the server still had the map and vis-network to send. What is alive at the end
    of the first run (modules, classes, caches, the first visitor's session) lives
    as long as the server; after :func:`gc.freeze` the collections walk only what later
    runs make. Frozen objects are still freed by reference counting as usual; only a
    cycle among them, e.g. in the first visitor's session after it closes, is kept.

    Returns True the first time (when it froze), False after.
    """
    with _LOCK:
        if _FROZEN[0]:
            return False
        _FROZEN[0] = True
    gc.collect()
    gc.freeze()
    return True
