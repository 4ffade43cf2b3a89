"""No lost update across processes: several OS processes save to one map at once, on each backend.

Each worker loads the latest revision, changes the map and saves on that base, 50
times. Whatever the interleaving, every save the store accepted must be in the
history with the worker's note and content, and every save it refused must have
been told so (``StaleRevisionError``) and left no trace.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from samhandling.model import Actor, CollaborationMap
from samhandling.store import Store

WORKERS = 4
SAVES = 50

_WORKER = r"""
import json, os, sys, time
from samhandling.model import Actor
from samhandling.store import StaleRevisionError, Store

location, worker, saves, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = Store(location)
while not os.path.exists(go):
    time.sleep(0.01)
for i in range(saves):
    cmap, base = store.load("Fylket")
    note = f"w{worker}-{i}"
    changed = cmap.with_changes(actors=(*cmap.actors, Actor(note, note)))
    try:
        number = store.save("Fylket", changed, base, note, author=f"w{worker}@test")
    except StaleRevisionError as error:
        print(json.dumps({"note": note, "refused": error.current_revision}), flush=True)
    else:
        print(json.dumps({"note": note, "saved": number}), flush=True)
"""


def _run_workers(location: Path | str, tmp_path: Path) -> list[dict]:
    Store(location).create_map("Fylket", CollaborationMap(actors=(Actor("start", "Start"),)))
    go = tmp_path / "go"
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(location), str(w), str(SAVES), str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(WORKERS)
    ]
    time.sleep(0.5)
    go.touch()  # all workers start saving at the same moment
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outcomes += [json.loads(line) for line in out.splitlines()]
    return outcomes


def test_every_accepted_save_is_in_the_history_and_every_refused_one_was_told(location, tmp_path):
    outcomes = _run_workers(location, tmp_path)
    assert len(outcomes) == WORKERS * SAVES
    saved = {o["note"]: o["saved"] for o in outcomes if "saved" in o}
    refused = {o["note"] for o in outcomes if "refused" in o}
    assert saved and refused and len(saved) + len(refused) == WORKERS * SAVES

    store = Store(location)
    history = store.history("Fylket")
    # one revision per accepted save, numbered without gaps, each with its own note and author
    assert [r.number for r in history] == list(range(len(saved) + 1, 0, -1))
    by_number = {r.number: r for r in history}
    for note, number in saved.items():
        assert by_number[number].note == note
        assert by_number[number].author == f"{note.split('-')[0]}@test"
    assert not refused & {r.note for r in history}
    # each accepted save built on the one before it: the latest map holds every accepted actor
    final, _ = store.load("Fylket")
    assert {a.id for a in final.actors} == {"start", *saved}
