"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A reader (or a crash halfway) never sees a half-written map file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from samhandling.io.report import fail

__all__ = ["write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder; MapFileError on failure."""
    handle = None
    try:
        folder = path.parent if str(path.parent) else Path(".")
        handle = tempfile.NamedTemporaryFile(
            "wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644  # not the temp file's 0600
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except OSError as error:
        if handle is not None and os.path.exists(handle.name):
            os.unlink(handle.name)
        raise fail("file.save_failed", str(path), path=str(path), reason=error.strerror or str(error)) from None
