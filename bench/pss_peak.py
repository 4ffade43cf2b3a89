"""Run a command and print the peak of the summed PSS of it and its descendants (Linux).

``/usr/bin/time -v`` reports the largest single process; a command that forks (a big
``analyze``: ``analysis/sidework.py``) uses the sum. Sampled every 0.2 s. Usage::

    .venv/bin/python bench/pss_peak.py .venv/bin/samhandling analyze /tmp/bench/country.zip
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += _tree(int(child))
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str]) -> int:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    peak = processes = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        total = sum(_pss_kb(p) for p in pids)
        if total > peak:
            peak, processes = total, len(pids)
        time.sleep(0.2)
    print(f"peak summed PSS {peak / 1024:.0f} MB over {processes} processes", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
