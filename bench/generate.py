"""Synthetic but realistic collaboration maps for the benchmark, built from the model directly.

Three sizes (plus a tiny ``example`` for browser timing):

=============  ==========  =======  =======  ===========
size           kommuner    actors   forums   memberships
=============  ==========  =======  =======  ===========
example        1           ~24      ~12      ~70
municipality   1           ~100     ~40      ~330
county         40          ~5,000   ~2,500   ~20,000
country        357         ~25,000  ~15,000  ~120,000
=============  ==========  =======  =======  ===========

Each kommune gets the catalogue's core services (one each, sector by kategori),
several kindergartens and schools, a few partners and initiatives; each county
(fylke, ~32 kommuner) shares regional actors (vgs, OT, BUP, police...). Forums
are mostly 4–12 members with a leader, some ``ved_behov``/``observator`` members;
a few big networks span a county; ~3 % are near-duplicates of another forum (so
``forum_overlap`` has something to find). Relations (~0.3 per actor), routines
and some overdue review dates complete it. The same size and seed always give
the same map.

Usage::

    .venv/bin/python bench/generate.py county -o bench/results/county.yaml
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, replace
from datetime import date

from samhandling.model import Actor, CollaborationMap, Forum, MapInfo, Membership, Relation, Routine
from samhandling.vocabulary import CATEGORIES, RELATION_TYPES

__all__ = ["SIZES", "Size", "generate", "edited_copy", "node_edge_map"]


@dataclass(frozen=True)
class Size:
    kommuner: int
    actors_per_kommune: int  # including a share of the county's regional actors
    forums_per_actor: float
    members_mean: float


SIZES: dict[str, Size] = {
    "example": Size(1, 24, 0.5, 6),
    "municipality": Size(1, 100, 0.4, 8),
    # Per-actor cost around the exact-betweenness limit (1,500 actors): 1,000 and 1,492 actors.
    "1k": Size(8, 125, 0.5, 8),
    "1.5k": Size(12, 124, 0.5, 8),
    "county": Size(40, 125, 0.5, 8),
    "country": Size(357, 70, 0.6, 8),
}

KOMMUNER_PER_FYLKE = 32

# kategori -> (sector, actor type, admin level, ages)
_KIND: dict[str, tuple[str, str, str, tuple[int, int]]] = {
    "barnehage": ("oppvekst", "tjeneste", "kommune", (1, 5)),
    "skole": ("oppvekst", "tjeneste", "kommune", (6, 15)),
    "sfo": ("oppvekst", "tjeneste", "kommune", (6, 10)),
    "ppt": ("oppvekst", "tjeneste", "kommune", (0, 19)),
    "helsestasjon": ("helse", "tjeneste", "kommune", (0, 5)),
    "skolehelsetjeneste": ("helse", "tjeneste", "kommune", (6, 19)),
    "hfu": ("helse", "tjeneste", "kommune", (13, 24)),
    "jordmor": ("helse", "tjeneste", "kommune", (0, 1)),
    "fastlege": ("helse", "tjeneste", "kommune", (0, 24)),
    "kommunelege": ("helse", "rolle", "kommune", (0, 24)),
    "kommunepsykolog": ("helse", "rolle", "kommune", (0, 24)),
    "psykisk_helse_rus": ("helse", "tjeneste", "kommune", (12, 24)),
    "fysio_ergo": ("helse", "tjeneste", "kommune", (0, 18)),
    "koordinerende_enhet": ("helse", "tjeneste", "kommune", (0, 24)),
    "barnekoordinator": ("helse", "rolle", "kommune", (0, 17)),
    "folkehelsekoordinator": ("helse", "rolle", "kommune", (0, 24)),
    "tannhelse": ("helse", "tjeneste", "fylkeskommune", (0, 20)),
    "barnevern": ("velferd", "tjeneste", "kommune", (0, 23)),
    "familieteam": ("velferd", "team", "kommune", (0, 18)),
    "nav": ("velferd", "tjeneste", "kommune", (16, 24)),
    "flyktningtjeneste": ("velferd", "tjeneste", "kommune", (0, 24)),
    "kulturskole": ("kultur", "tjeneste", "kommune", (6, 19)),
    "fritid": ("kultur", "tjeneste", "kommune", (10, 18)),
    "ungdomskoordinator": ("kultur", "rolle", "kommune", (13, 24)),
    "slt": ("justis", "rolle", "kommune", (10, 24)),
    "politirad": ("justis", "tjeneste", "kommune", (0, 24)),
    "kommuneledelse": ("annet", "tjeneste", "kommune", (0, 24)),
    "frivillig": ("frivillig", "partner", "kommune", (6, 24)),
    "kirke": ("frivillig", "partner", "kommune", (6, 24)),
    "bruker": ("bruker", "partner", "kommune", (13, 24)),
    "koordinator": ("annet", "satsing", "kommune", (0, 24)),
    # regional (one set per fylke)
    "vgs": ("oppvekst", "tjeneste", "fylkeskommune", (16, 19)),
    "ot": ("oppvekst", "tjeneste", "fylkeskommune", (16, 21)),
    "bup": ("helse", "tjeneste", "region", (0, 17)),
    "habilitering": ("helse", "tjeneste", "region", (0, 17)),
    "barnehus": ("justis", "tjeneste", "stat", (0, 17)),
    "politi": ("justis", "tjeneste", "stat", (0, 24)),
    "statsforvalter": ("stat", "partner", "stat", (0, 24)),
    "fylkeskommune": ("annet", "partner", "fylkeskommune", (0, 24)),
    "familievern": ("velferd", "tjeneste", "stat", (0, 24)),
    "krisesenter": ("velferd", "tjeneste", "interkommunalt", (0, 24)),
    "bufetat": ("velferd", "tjeneste", "stat", (0, 24)),
    "rvts": ("helse", "partner", "region", (0, 24)),
    "korus": ("helse", "partner", "region", (0, 24)),
}
assert set(_KIND) <= set(CATEGORIES), set(_KIND) - set(CATEGORIES)

_CORE = [
    k for k, v in _KIND.items() if v[2] in ("kommune",) and k not in ("barnehage", "skole", "frivillig", "koordinator")
]
_REGIONAL = ["vgs", "vgs", "vgs", "ot", "bup", "habilitering", "barnehus", "politi", "statsforvalter",
             "fylkeskommune", "familievern", "krisesenter", "bufetat", "rvts", "korus", "tannhelse"]
_NAMES = {"barnehage": "barnehage", "skole": "skole", "vgs": "videregående skole"}

_PREFIX = ["Fjord", "Nord", "Sør", "Øst", "Vest", "Stor", "Lille", "Berg", "Dal", "Ås", "Lier", "Hav", "Elve",
           "Skog", "Sand", "Vik", "Strand", "Mo", "Li", "Holm"]
_SUFFIX = ["vik", "dal", "by", "stad", "nes", "berg", "fjord", "heim", "sund", "land", "øy", "hamn", "rud",
           "vang", "åsen", "eid", "mark", "bø"]

# (forum type, level, frequency, size range, share)
_FORUM_KINDS = [
    ("ansvarsgruppe", "individ", "ved_behov", (4, 8), 0.30),
    ("tverrfaglig_team", "individ", "annenhver_uke", (5, 9), 0.18),
    ("samarbeidsmote", "system", "manedlig", (4, 10), 0.16),
    ("styringsgruppe", "system", "kvartalsvis", (5, 10), 0.10),
    ("arbeidsgruppe", "system", "manedlig", (4, 8), 0.10),
    ("prosjektgruppe", "system", "manedlig", (4, 9), 0.07),
    ("referansegruppe", "system", "halvarlig", (5, 12), 0.04),
    ("fagdag", "system", "arlig", (8, 20), 0.02),
]
_NETWORK_SHARE = 0.03  # big county-wide networks
_DUPLICATE_SHARE = 0.03


def kommune_names(n: int) -> list[str]:
    """``n`` distinct made-up Norwegian place names (at most 360)."""
    names = [p + s for s in _SUFFIX for p in _PREFIX]
    return names[:n]


def _member_count(rng: random.Random, lo: int, hi: int, mean: float) -> int:
    # Triangular around the mean, clipped to the kind's range: most forums 4-12.
    return max(lo, min(hi, round(rng.triangular(lo, hi, min(hi, max(lo, mean))))))


def generate(size: str | Size, seed: int = 1) -> CollaborationMap:
    """Return a synthetic map of the given size (a name in :data:`SIZES` or a :class:`Size`)."""
    spec = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(seed)
    names = kommune_names(spec.kommuner)
    actors: list[Actor] = []
    local: dict[str, list[Actor]] = {}
    regional: dict[int, list[Actor]] = {}

    def actor(aid: str, kategori: str, name: str, kommune: str) -> Actor:
        sector, kind, level, (lo, hi) = _KIND[kategori]
        return Actor(aid, name, kategori, kind, sector, level, lo, hi, "", kommune, "")

    fylker = max(1, round(spec.kommuner / KOMMUNER_PER_FYLKE))
    for f in range(fylker):
        regional[f] = []
        per = len(_REGIONAL) if spec.kommuner > 1 else 6
        for i, kategori in enumerate(_REGIONAL[:per]):
            a = actor(
                f"f{f:02d}-{kategori}-{i}", kategori, f"{_NAMES.get(kategori, kategori).capitalize()} {f + 1}.{i}", ""
            )
            regional[f].append(a)
            actors.append(a)

    for k, kommune in enumerate(names):
        prefix = f"k{k:03d}"
        own: list[Actor] = []
        budget = spec.actors_per_kommune - (len(regional[k % fylker]) * fylker) // max(1, spec.kommuner)
        core = _CORE[: max(8, min(len(_CORE), budget // 2))]
        for kategori in core:
            own.append(actor(f"{prefix}-{kategori}", kategori, f"{kommune} {kategori.replace('_', ' ')}", kommune))
        barnevern = next((a for a in own if a.category == "barnevern"), None)
        if barnevern:
            own = [replace(a, belongs_to=barnevern.id) if a.category == "familieteam" else a for a in own]
        rest = max(0, budget - len(own))
        extra_kinds = ["barnehage"] * 5 + ["skole"] * 4 + ["frivillig", "koordinator", "fastlege"]
        for i in range(rest):
            kategori = extra_kinds[i % len(extra_kinds)] if i < rest - 1 else "koordinator"
            own.append(actor(f"{prefix}-{kategori}-{i}", kategori, f"{kommune} {_NAMES.get(kategori, kategori)} {i}",
                             kommune))
        local[kommune] = own
        actors.extend(own)

    forums: list[Forum] = []
    memberships: list[Membership] = []
    members_by_forum: dict[str, list[Membership]] = {}
    roles = ["fast"] * 16 + ["ved_behov"] * 3 + ["observator"]
    kinds, weights = [k[:4] for k in _FORUM_KINDS], [k[4] for k in _FORUM_KINDS]
    total_forums = round(len(actors) * spec.forums_per_actor)
    per_kommune = max(1, round(total_forums * (1 - _NETWORK_SHARE) / spec.kommuner))

    def add_forum(fid: str, name: str, kind: tuple, pool: list[Actor], n: int, ages: tuple[int, int]) -> None:
        ftype, level, freq, _ = kind
        chosen = rng.sample(pool, min(n, len(pool)))
        lead = chosen[0].id
        forums.append(Forum(fid, name, ftype, level, freq, rng.choice((1.0, 1.5, 1.5, 2.0, 3.0)), lead,
                            rng.random() < (0.7 if ftype == "styringsgruppe" else 0.3), ages[0], ages[1], ()))
        for i, a in enumerate(chosen):
            role = "leder" if i == 0 else ("sekretar" if i == 1 and rng.random() < 0.2 else rng.choice(roles))
            memberships.append(Membership(fid, a.id, role))
            members_by_forum.setdefault(fid, []).append(memberships[-1])

    for k, kommune in enumerate(names):
        pool = local[kommune] + regional[k % fylker]
        made: list[str] = []
        for j in range(per_kommune):
            fid = f"k{k:03d}-forum-{j}"
            if made and rng.random() < _DUPLICATE_SHARE:
                # A near-copy of an earlier forum: same standing members, maybe one more.
                src = forums[-rng.randint(1, len(made))]
                forums.append(replace(src, id=fid, name=src.name + " (ny)"))
                for m in members_by_forum.get(src.id, ()):
                    memberships.append(Membership(fid, m.actor, m.role))
                made.append(fid)
                continue
            kind = rng.choices(kinds, weights)[0]
            lo, hi = rng.choice(((0, 24), (0, 5), (6, 15), (13, 19), (16, 24), (0, 17)))
            add_forum(fid, f"{kommune} {kind[0].replace('_', ' ')} {j}", kind, pool,
                      _member_count(rng, kind[3][0], kind[3][1], spec.members_mean), (lo, hi))
            made.append(fid)
    networks = max(1, round(total_forums * _NETWORK_SHARE)) if spec.kommuner > 1 else 1
    for j in range(networks):
        f = j % fylker
        pool = regional[f] + [a for k, kommune in enumerate(names) if k % fylker == f for a in local[kommune]]
        add_forum(f"nettverk-{j}", f"Nettverk {j}", ("nettverk", "system", "halvarlig", None), pool,
                  rng.randint(20, 60 if spec.kommuner > 1 else 25), (0, 24))

    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for k, kommune in enumerate(names):
        pool = local[kommune] + regional[k % fylker]
        for _ in range(round(0.3 * len(local[kommune]))):
            a, b = rng.sample(pool, 2)
            rtype = rng.choice(RELATION_TYPES)
            if (a.id, b.id, rtype) in seen:
                continue
            seen.add((a.id, b.id, rtype))
            relations.append(Relation(a.id, b.id, rtype, rng.random() < 0.4, rng.choice(("system", "individ"))))

    routines: list[Routine] = []
    statuses = ("mangler", "planlagt", "utkast", "vedtatt", "implementert")
    for k, kommune in enumerate(names):
        pool = local[kommune]
        for j in range(3):
            parties = tuple(a.id for a in rng.sample(pool, min(len(pool), rng.randint(2, 3))))
            review = date(2024 + rng.randint(0, 3), rng.randint(1, 12), 1)
            routines.append(Routine(f"k{k:03d}-rutine-{j}", f"Rutine {j} {kommune}", "rutine", parties,
                                    rng.choice(statuses), parties[0], review))

    title = names[0] if spec.kommuner == 1 else f"Syntetisk kart, {spec.kommuner} kommuner"
    return CollaborationMap(tuple(actors), tuple(forums), tuple(memberships), tuple(relations), tuple(routines),
                            (), MapInfo(title, names[0] if spec.kommuner == 1 else "", None, "Syntetisk testkart"))


def edited_copy(cmap: CollaborationMap, seed: int = 2) -> CollaborationMap:
    """A workshop's worth of edits: ~1 % of memberships gone, a few new forums and actors, renames."""
    rng = random.Random(seed)
    drop = {i for i in range(len(cmap.memberships)) if rng.random() < 0.01}
    memberships = [m for i, m in enumerate(cmap.memberships) if i not in drop]
    actors = [replace(a, name=a.name + " (ny)") if rng.random() < 0.01 else a for a in cmap.actors]
    new_actors = [Actor(f"ny-aktor-{i}", f"Ny aktør {i}", "ungdomskoordinator", "rolle", "kultur")
                  for i in range(max(1, len(actors) // 200))]
    new_forums = [Forum(f"ny-forum-{i}", f"Nytt forum {i}", "samarbeidsmote") for i in range(len(new_actors))]
    for forum, new in zip(new_forums, new_actors, strict=True):
        memberships.append(Membership(forum.id, new.id, "leder"))
        for a in rng.sample(actors, min(4, len(actors))):
            memberships.append(Membership(forum.id, a.id, "fast"))
    return cmap.with_changes(actors=tuple(actors + new_actors), forums=cmap.forums + tuple(new_forums),
                             memberships=tuple(memberships))


def node_edge_map(nodes: int, edges: int, seed: int = 3) -> CollaborationMap:
    """A two-mode map with exactly ``nodes`` nodes (5/8 actors, 3/8 forums) and ``edges`` memberships."""
    rng = random.Random(seed)
    n_forums = nodes * 3 // 8
    names = kommune_names(20)
    actors = tuple(
        Actor(f"a{i}", f"Aktør {i}", CATEGORIES[i % len(CATEGORIES)], sector=("oppvekst", "helse", "velferd",
              "justis", "kultur", "stat", "frivillig", "bruker", "annet")[i % 9], municipality=names[i % 20])
        for i in range(nodes - n_forums)
    )
    forums = tuple(Forum(f"f{i}", f"Forum {i}", level=("system", "individ")[i % 2]) for i in range(n_forums))
    pairs: set[tuple[int, int]] = set()
    for i in range(n_forums):  # every forum gets members, every actor a forum
        pairs.add((i, i % len(actors)))
    for i in range(len(actors)):
        pairs.add((i % n_forums, i))
    while len(pairs) < edges:
        pairs.add((rng.randrange(n_forums), rng.randrange(len(actors))))
    memberships = tuple(Membership(f"f{f}", f"a{a}", "fast") for f, a in sorted(pairs))
    return CollaborationMap(actors, forums, memberships)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("-o", "--output", required=True, help=".yaml, .xlsx, .zip or a folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edited", action="store_true", help="write the edited copy instead")
    args = parser.parse_args()
    from samhandling.io import save_map

    cmap = generate(args.size, args.seed)
    save_map(edited_copy(cmap) if args.edited else cmap, args.output)
    print(args.output, cmap.counts())


if __name__ == "__main__":
    main()
