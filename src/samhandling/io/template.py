"""The empty workbook municipalities fill in during workshops.

Every sheet and column of the format, required headers in bold, a Norwegian help
comment on each header, dropdown lists for every controlled column and a ``Les meg``
sheet with short instructions first (see :mod:`.layout`). Loading it unfilled gives
a :class:`~samhandling.errors.MapFileError` saying there are no actors.
"""

from __future__ import annotations

import os
from pathlib import Path

from samhandling.io.atomic import write_atomic
from samhandling.io.xlsx import write_xlsx
from samhandling.model import CollaborationMap

__all__ = ["template_bytes", "write_template"]


def template_bytes() -> bytes:
    """The empty template workbook (.xlsx) as bytes."""
    return write_xlsx(CollaborationMap(), readme_first=True)


def write_template(path: str | os.PathLike[str]) -> None:
    """Write the empty template workbook to ``path`` (atomically)."""
    write_atomic(Path(path), template_bytes())
