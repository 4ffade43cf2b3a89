"""The colours every picture of a map shares: the interactive map, the charts and the brief.

Paul Tol's "muted" scheme: nine hues told apart with every common colour-vision deficiency.
"""

from __future__ import annotations

__all__ = ["SECTOR_COLOURS", "UNKNOWN_SECTOR", "FORUM_FACE", "FORUM_EDGE"]

SECTOR_COLOURS: dict[str, str] = {
    "oppvekst": "#88CCEE",
    "helse": "#CC6677",
    "velferd": "#DDCC77",
    "justis": "#332288",
    "kultur": "#AA4499",
    "stat": "#882255",
    "frivillig": "#117733",
    "bruker": "#44AA99",
    "annet": "#999933",
}
UNKNOWN_SECTOR = "#BBBBBB"
FORUM_FACE = "#E6E6E6"
FORUM_EDGE = "#555555"
