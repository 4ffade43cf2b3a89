"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A reader never sees half a file, and a crash halfway never loses the old one.
``write_bytes_atomic`` raises ``OSError``; ``write_atomic`` (for map files) turns that
into a :class:`MapFileError` naming the file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from samhandling.io.report import fail

__all__ = ["write_atomic", "write_bytes_atomic"]


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644  # not mkstemp's 0600
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; MapFileError on failure."""
    try:
        write_bytes_atomic(path, data)
    except OSError as error:
        raise fail("file.save_failed", str(path), path=str(path), reason=error.strerror or str(error)) from None
