"""igraph, imported without the plotting back-end it would otherwise load.

``import igraph`` imports matplotlib *and* ``matplotlib.pyplot`` when they are
installed (to offer ``igraph.plot``), ~0.3 s and ~30 MB that a command-line
``analyze`` never needs. We use igraph for counting and layouts only, so while
igraph is first imported matplotlib is hidden from it; matplotlib itself stays
importable afterwards (the report's figures use it directly).
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["load_igraph"]


def load_igraph() -> ModuleType:
    """The ``igraph`` module (ImportError if it is not installed)."""
    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    hide = "matplotlib" not in sys.modules
    if hide:
        sys.modules["matplotlib"] = None  # type: ignore[assignment] - makes "import matplotlib" fail
    try:
        import igraph
    finally:
        if hide and sys.modules.get("matplotlib", False) is None:
            del sys.modules["matplotlib"]
    return igraph
