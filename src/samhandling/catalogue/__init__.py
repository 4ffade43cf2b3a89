"""The catalogue of typical 0–24 actors, forums and routines a workshop picks from.

Data, not code: ``aktorer.csv``, ``fora.csv`` and ``rutiner.csv`` beside this file
(built from ``domain.md``, sections 2–4). Each row gives the Norwegian name in
bokmål (``navn``) and nynorsk (``navn_nn``) and the file-format values a new row
of the map gets (``kategori``, ``sektor``, ``bti_nivå`` ...). Nothing here imports
streamlit; the Veiviser in :mod:`samhandling.ui.veiviser` shows it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["CatalogueActor", "CatalogueForum", "CatalogueRoutine", "actors", "forums", "routines"]


@dataclass(frozen=True)
class CatalogueActor:
    """A typical actor: its kategori (the rules' word) and the row it becomes in ``aktører``."""

    category: str
    name: str
    name_nn: str
    type: str
    sector: str
    admin_level: str
    age_from: int
    age_to: int

    def shown_name(self, lang: str) -> str:
        """The name in ``lang`` (``nn`` for nynorsk, else bokmål)."""
        return self.name_nn if lang == "nn" and self.name_nn else self.name

    def row(self, lang: str) -> dict[str, object]:
        """The ``aktører`` row (without id) this actor becomes."""
        return {"navn": self.shown_name(lang), "kategori": self.category, "type": self.type, "sektor": self.sector,
                "forvaltningsnivå": self.admin_level, "alder_fra": self.age_from, "alder_til": self.age_to}


@dataclass(frozen=True)
class CatalogueForum:
    """A typical forum: type, level, usual frequency, BTI level and a hint at its mandate."""

    key: str
    name: str
    name_nn: str
    type: str
    level: str
    frequency: str
    bti_level: str
    age_from: int
    age_to: int
    mandate: str
    mandate_nn: str

    def shown_name(self, lang: str) -> str:
        return self.name_nn if lang == "nn" and self.name_nn else self.name

    def hint(self, lang: str) -> str:
        """What the forum is for, in ``lang``."""
        return self.mandate_nn if lang == "nn" and self.mandate_nn else self.mandate

    def row(self, lang: str) -> dict[str, object]:
        """The ``fora`` row (without id) this forum becomes."""
        return {"navn": self.shown_name(lang), "type": self.type, "nivå": self.level, "frekvens": self.frequency,
                "bti_nivå": self.bti_level, "alder_fra": self.age_from, "alder_til": self.age_to}


@dataclass(frozen=True)
class CatalogueRoutine:
    """A typical routine or agreement and its ``rutiner`` type."""

    key: str
    name: str
    name_nn: str
    type: str

    def shown_name(self, lang: str) -> str:
        return self.name_nn if lang == "nn" and self.name_nn else self.name


def _rows(filename: str) -> list[dict[str, str]]:
    text = (files(__package__) / filename).read_text(encoding="utf-8")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(text.splitlines())]


@cache
def actors() -> tuple[CatalogueActor, ...]:
    """The typical actors, grouped by sector in the file's order."""
    return tuple(
        CatalogueActor(r["kategori"], r["navn"], r["navn_nn"], r["type"], r["sektor"], r["forvaltningsnivå"],
                       int(r["alder_fra"]), int(r["alder_til"]))
        for r in _rows("aktorer.csv")
    )


@cache
def forums() -> tuple[CatalogueForum, ...]:
    """The typical forums, from the services' own teams up the BTI ladder to the leaders' groups."""
    return tuple(
        CatalogueForum(r["nokkel"], r["navn"], r["navn_nn"], r["type"], r["nivå"], r["frekvens"], r["bti_nivå"],
                       int(r["alder_fra"]), int(r["alder_til"]), r["mandat"], r["mandat_nn"])
        for r in _rows("fora.csv")
    )


@cache
def routines() -> tuple[CatalogueRoutine, ...]:
    """The typical routines and agreements."""
    return tuple(CatalogueRoutine(r["nokkel"], r["navn"], r["navn_nn"], r["type"]) for r in _rows("rutiner.csv"))
