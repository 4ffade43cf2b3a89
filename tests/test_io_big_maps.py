"""Big maps survive every file form intact.

Speed and memory are measured in ``bench/run.py`` (figures in ``bench/README.md``),
not in timed tests; here a map of municipality-county size round-trips exactly.
"""

from __future__ import annotations

import random

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
def test_a_big_map_round_trips_through_every_file_form(fmt):
    cmap = big_map(2_500, 12_000)
    result = load_map_bytes(map_to_bytes(cmap, fmt), f"stor.{fmt}")
    assert result.map == cmap
    assert result.warnings == ()
