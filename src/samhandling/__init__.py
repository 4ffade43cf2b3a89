"""Samhandlingskart: map who collaborates with whom around vulnerable children and youth (0–24).

The package is layered: :mod:`samhandling.model`, :mod:`samhandling.vocabulary` and
:mod:`samhandling.errors` import nothing of ours; :mod:`samhandling.io` reads and
writes map files; :mod:`samhandling.graph` and :mod:`samhandling.analysis` are pure
functions of the model; :mod:`samhandling.maps` renders; the CLI and the Streamlit
UI sit on top. Importing this package imports neither streamlit nor pyvis.
"""

from samhandling.errors import MapFileError, Problem, SamhandlingError
from samhandling.model import (
    Actor,
    CollaborationMap,
    Expectation,
    Forum,
    MapInfo,
    Membership,
    Relation,
    Routine,
)

__all__ = [
    "Actor",
    "CollaborationMap",
    "Expectation",
    "Forum",
    "MapInfo",
    "Membership",
    "Relation",
    "Routine",
    "MapFileError",
    "Problem",
    "SamhandlingError",
]
__version__ = "0.1.0"
