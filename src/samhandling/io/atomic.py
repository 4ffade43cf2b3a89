"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A reader (or a crash halfway) never sees a half-written map file.
"""

from __future__ import annotations

from pathlib import Path

from samhandling.atomic import write_bytes_atomic
from samhandling.io.report import fail

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (:mod:`samhandling.atomic`); MapFileError on failure."""
    try:
        write_bytes_atomic(path, data)
    except OSError as error:
        raise fail("file.save_failed", str(path), path=str(path), reason=error.strerror or str(error)) from None
