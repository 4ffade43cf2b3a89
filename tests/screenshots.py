"""Renew the README's screenshots: ``.venv/bin/python -m tests.screenshots``.

Runs the browser tests with ``SAMHANDLING_SCREENSHOTS=docs/screenshots``; a plain
``pytest`` run writes its screenshots to ``tests/artifacts/`` instead, so running the
tests never changes a tracked file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    env = dict(os.environ, SAMHANDLING_SCREENSHOTS="docs/screenshots")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_browser_app.py"]
    return subprocess.run(command, cwd=REPO, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
