"""Functions the law requires of a kommune, and ``missing_function`` (``analysis.md``, version 2).

The checklist is ``samhandling/rules/plikter.csv`` (columns ``id, navn, kilde,
grunnlag, finnes_som, gjelder_nar, ansvar``). ``finnes_som`` says how a map shows
the function: ``aktør:<kategori>`` (an actor of that kategori), ``rutine:<type>``
(a routine of that type that is not ``mangler``/``planlagt``), or ``forum eller
relasjon <x>–<y>`` (a connection between an actor of kategori x and one of y);
alternatives are separated by ``|``. ``gjelder_nar`` is ``alltid``, ``alder
<from>–<to> i kartets omfang`` (only when those ages are in the map's age scope),
or ``<x> og <y> i kartet`` (only when both kategorier are present).

``missing_function`` runs only on maps whose ``om.omfang`` is ``hele``: a map of one
team or one structure is not expected to show the whole kommune.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from samhandling.analysis.channels import CONNECTION, STRUCTURED, Channels
from samhandling.analysis.findings import Finding, text
from samhandling.analysis.rules import readable_source, side_actors
from samhandling.model import CollaborationMap

__all__ = ["RequiredFunction", "required_functions", "missing_function_findings"]

_LINK = re.compile(r"forum eller relasjon\s+(\S+)\s*[–-]\s*(\S+)")
_AGES = re.compile(r"alder\s+(\d+)\s*[–-]\s*(\d+)")
_BOTH = re.compile(r"(\S+)\s+og\s+(\S+)\s+i kartet")


@dataclass(frozen=True)
class RequiredFunction:
    """One row of ``plikter.csv``."""

    id: str
    name: str
    source: str
    basis: str
    shown_as: str
    applies_when: str
    responsible: str


@lru_cache(maxsize=1)
def required_functions() -> tuple[RequiredFunction, ...]:
    """The built-in checklist of functions the law requires, in file order.

    >>> required_functions()[0].id
    'koordinerende_enhet'
    """
    raw = (resources.files("samhandling") / "rules" / "plikter.csv").read_text(encoding="utf-8")
    return tuple(
        RequiredFunction(
            id=row["id"].strip(),
            name=row["navn"].strip(),
            source=row["kilde"].strip(),
            basis=row["grunnlag"].strip(),
            shown_as=row["finnes_som"].strip(),
            applies_when=row["gjelder_nar"].strip(),
            responsible=row["ansvar"].strip(),
        )
        for row in csv.DictReader(io.StringIO(raw))
        if (row.get("id") or "").strip()
    )


def _applies(cmap: CollaborationMap, function: RequiredFunction) -> bool:
    when = function.applies_when.strip().lower()
    ages = _AGES.search(when)
    if ages:
        low, high = int(ages.group(1)), int(ages.group(2))
        return cmap.info.age_from <= high and low <= cmap.info.age_to
    both = _BOTH.search(when)
    if both:
        return bool(side_actors(cmap, both.group(1))) and bool(side_actors(cmap, both.group(2)))
    return True


def _shown(cmap: CollaborationMap, channels: Channels, function: RequiredFunction) -> bool:
    kind, _, alternatives = function.shown_as.partition(":")
    for option in (o.strip() for o in alternatives.split("|")):
        link = _LINK.search(option)
        if link:
            xs, ys = side_actors(cmap, link.group(1)), side_actors(cmap, link.group(2))
            if any(channels.channel(x.id, y.id) in (STRUCTURED, CONNECTION) for x in xs for y in ys):
                return True
        elif kind.strip() == "aktør" and side_actors(cmap, option):
            return True
        elif kind.strip() == "rutine" and any(
            r.type == option and r.status not in ("mangler", "planlagt") for r in cmap.routines
        ):
            return True
    return False


def missing_function_findings(cmap: CollaborationMap, channels: Channels) -> list[Finding]:
    """Return a ``missing_function`` (``viktig``) for each required function the map does not show.

    Nothing on a map whose scope (``om.omfang``) is ``utsnitt``, or that has no actors.
    """
    if cmap.info.scope != "hele" or not cmap.actors:
        return []
    out = []
    for function in required_functions():
        if not _applies(cmap, function) or _shown(cmap, channels, function):
            continue
        out.append(
            Finding(
                key=f"missing_function:{function.id}",
                kind="missing_function",
                severity="viktig",
                actors=(),
                forums=(),
                message=text(
                    "missing_function.message",
                    name=function.name,
                    source=readable_source(function.source),
                    responsible=function.responsible,
                ),
                details={
                    "function": function.id,
                    "name": function.name,
                    "kilde": function.source,
                    "grunnlag": function.basis,
                    "finnes_som": function.shown_as,
                },
            )
        )
    return out
