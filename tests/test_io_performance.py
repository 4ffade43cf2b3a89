"""Big maps load in linear time.

The full-size check (25,000 actors, 120,000 memberships) takes a while and depends
on the machine, so it runs only with ``SAMHANDLING_BENCH=1``; a map a tenth of that
size always runs with a generous budget, to catch anything quadratic.
"""

from __future__ import annotations

import os
import random
import time

import pytest

from samhandling.io import load_map_bytes, map_to_bytes
from samhandling.model import Actor, CollaborationMap, Forum, Membership


def big_map(actors: int, memberships: int) -> CollaborationMap:
    rng = random.Random(7)
    forums = max(1, actors // 8)
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < memberships:
        pairs.add((f"f{rng.randrange(forums)}", f"a{rng.randrange(actors)}"))
    return CollaborationMap(
        actors=tuple(Actor(f"a{i}", f"Aktør {i} – Øst", category="skole", sector="oppvekst",
                           belongs_to=f"a{i - 1}" if i % 10 else "") for i in range(actors)),
        forums=tuple(Forum(f"f{i}", f"Forum {i}", frequency="manedlig", leader=f"a{i}") for i in range(forums)),
        memberships=tuple(Membership(f, a, rng.choice(("fast", "leder", "ved_behov"))) for f, a in sorted(pairs)),
    )


@pytest.mark.parametrize("fmt", ["yaml", "xlsx", "zip"])
def test_a_tenth_of_a_big_map_loads_quickly(fmt):
    cmap = big_map(2_500, 12_000)
    data = map_to_bytes(cmap, fmt)

    started = time.monotonic()
    result = load_map_bytes(data, f"stor.{fmt}")

    assert time.monotonic() - started < 30
    assert result.map == cmap


@pytest.mark.skipif(not os.environ.get("SAMHANDLING_BENCH"), reason="set SAMHANDLING_BENCH=1 to run")
@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_a_big_map_loads_in_well_under_a_minute(fmt):
    cmap = big_map(25_000, 120_000)
    data = map_to_bytes(cmap, fmt)

    started = time.monotonic()
    result = load_map_bytes(data, f"stor.{fmt}")

    assert time.monotonic() - started < 45
    assert len(result.map.memberships) == 120_000
