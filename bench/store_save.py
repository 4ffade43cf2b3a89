"""Workshop save of a county map: serialising time, old vs new, and the whole ``Store.save``.

    .venv/bin/python bench/store_save.py            # SQLite in a temp folder
    SAMHANDLING_TEST_PG=postgresql+psycopg://… .venv/bin/python bench/store_save.py   # and PostgreSQL

The release's ``map_to_json`` (``dataclasses.asdict`` once per table, kept as the
fallback ``_release_json``) and today's (orjson) are timed in one run on one map; the
script checks both hold the same JSON value and read back to the same map. Best of 5
rounds, CPU time (the machine is shared).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from samhandling.store import Store  # noqa: E402
from samhandling.store.serialise import _release_json as release_map_to_json  # noqa: E402
from samhandling.store.serialise import map_from_json, map_to_json  # noqa: E402


def best(fn, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    cmap = generate("county")
    print(f"county map: {len(cmap.actors)} actors, {len(cmap.memberships)} memberships")
    new_text, old_text = map_to_json(cmap), release_map_to_json(cmap)
    assert json.loads(new_text) == json.loads(old_text), "the JSON changed"
    assert map_from_json(new_text) == map_from_json(old_text) == cmap
    print(f"JSON: {len(new_text.encode()) / 1e6:.1f} MB (release: {len(old_text.encode()) / 1e6:.1f} MB), "
          "same JSON value as the release's, both read back to the same map: yes")
    old, new = best(lambda: release_map_to_json(cmap), 3), best(lambda: map_to_json(cmap))
    print(f"serialise, release: {old:.3f} s   now: {new:.3f} s   ({old / new:.0f}x)")
    locations = [Path(tempfile.mkdtemp()) / "bench.sqlite3"]
    if os.environ.get("SAMHANDLING_TEST_PG"):
        locations.append(os.environ["SAMHANDLING_TEST_PG"])
    for location in locations:
        store = Store(location)
        name = f"bench-{time.time_ns()}"
        store.create_map(name, cmap)
        revision = [1]

        def save(store=store, name=name, revision=revision) -> None:
            revision[0] = store.save(name, cmap, revision[0], "bench")

        start = time.perf_counter()
        cpu = best(save)
        wall = (time.perf_counter() - start) / 5
        print(f"Store.save on {store.engine.dialect.name}: {cpu:.3f} s CPU, {wall:.3f} s wall (mean)")
        store.delete_map(name)


if __name__ == "__main__":
    main()
