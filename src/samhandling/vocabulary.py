"""The controlled words of the map format and the folding that makes them forgiving.

Everything a user may type in a controlled column is listed here once, with its
canonical spelling (the one written back to files) and a Norwegian label for the
UI. Header, sheet and value matching all go through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "fold",
    "match_word",
    "is_valid_id",
    "ACTOR_TYPES",
    "SECTORS",
    "ADMIN_LEVELS",
    "FORUM_TYPES",
    "LEVELS",
    "FREQUENCIES",
    "MEETINGS_PER_MONTH",
    "ROLES",
    "STANDING_ROLES",
    "WEAK_ROLES",
    "RELATION_TYPES",
    "ROUTINE_TYPES",
    "ROUTINE_STATUSES",
    "REQUIREMENTS",
    "CATEGORIES",
    "TRUE_WORDS",
    "FALSE_WORDS",
]

_FOLD_TABLE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o"})
_FOLD_DROP = re.compile(r"[\s\-_]+")


def fold(text: object) -> str:
    """Return ``text`` folded for forgiving matching of headers and words.

    Lower case, ``æ→ae``, ``ø→o``, ``å→a``, and spaces, hyphens and underscores
    removed (``dataformat.md``, "Names are forgiving").

    >>> fold("Alder fra") == fold("alder_fra") == fold("ALDERFRA")
    True
    >>> fold("Aktører")
    'aktorer'
    """
    folded = unicodedata.normalize("NFC", str(text)).strip().lower().translate(_FOLD_TABLE)
    return _FOLD_DROP.sub("", folded)


def match_word(value: object, words: dict[str, str] | tuple[str, ...]) -> str | None:
    """Return the canonical word that ``value`` folds to, or ``None``."""
    wanted = fold(value)
    for word in words:
        if fold(word) == wanted:
            return word
    return None


_ID_RE = re.compile(r"^[\w.\-]+$", re.UNICODE)


def is_valid_id(value: str) -> bool:
    """Ids may hold letters (æøå and Sámi letters included), digits, ``-``, ``_`` and ``.``."""
    return bool(_ID_RE.match(value))


# Each vocabulary maps the canonical word to its Norwegian label (bokmål).
ACTOR_TYPES: dict[str, str] = {
    "tjeneste": "Tjeneste",
    "team": "Team",
    "partner": "Samarbeidspartner",
    "rolle": "Rolle/koordinator",
    "satsing": "Satsing/prosjekt",
}

SECTORS: dict[str, str] = {
    "oppvekst": "Oppvekst",
    "helse": "Helse",
    "velferd": "Velferd",
    "justis": "Justis",
    "kultur": "Kultur",
    "stat": "Stat",
    "frivillig": "Frivillig",
    "bruker": "Bruker",
    "annet": "Annet",
}

ADMIN_LEVELS: dict[str, str] = {
    "kommune": "Kommune",
    "interkommunalt": "Interkommunalt",
    "fylkeskommune": "Fylkeskommune",
    "region": "Region",
    "stat": "Stat",
}

FORUM_TYPES: dict[str, str] = {
    "ansvarsgruppe": "Ansvarsgruppe",
    "tverrfaglig_team": "Tverrfaglig team",
    "styringsgruppe": "Styringsgruppe",
    "prosjektgruppe": "Prosjektgruppe",
    "arbeidsgruppe": "Arbeidsgruppe",
    "referansegruppe": "Referansegruppe",
    "nettverk": "Nettverk",
    "samarbeidsmote": "Samarbeidsmøte",
    "fagdag": "Fagdag",
    "annet": "Annet",
}

LEVELS: dict[str, str] = {
    "individ": "Individnivå",
    "system": "Systemnivå",
}

FREQUENCIES: dict[str, str] = {
    "ukentlig": "Ukentlig",
    "annenhver_uke": "Annenhver uke",
    "manedlig": "Månedlig",
    "kvartalsvis": "Kvartalsvis",
    "halvarlig": "Halvårlig",
    "arlig": "Årlig",
    "ved_behov": "Ved behov",
}

# Meetings per month for each frequency; ``ved_behov`` counts as one a quarter
# (analysis.md, meeting_overload).
MEETINGS_PER_MONTH: dict[str, float] = {
    "ukentlig": 52 / 12,
    "annenhver_uke": 26 / 12,
    "manedlig": 1.0,
    "kvartalsvis": 1 / 3,
    "halvarlig": 1 / 6,
    "arlig": 1 / 12,
    "ved_behov": 1 / 3,
}

ROLES: dict[str, str] = {
    "leder": "Leder",
    "fast": "Fast medlem",
    "ved_behov": "Ved behov",
    "sekretar": "Sekretær",
    "observator": "Observatør",
}
STANDING_ROLES: frozenset[str] = frozenset({"leder", "fast", "sekretar"})
WEAK_ROLES: frozenset[str] = frozenset({"ved_behov", "observator"})

RELATION_TYPES: dict[str, str] = {
    "samarbeid": "Samarbeid",
    "henvisning": "Henvisning",
    "veiledning": "Veiledning",
    "informasjon": "Informasjon",
    "rapportering": "Rapportering",
    "styring": "Styring",
    "finansiering": "Finansiering",
    "avtale": "Avtale",
}

ROUTINE_TYPES: dict[str, str] = {
    "samarbeidsavtale": "Samarbeidsavtale",
    "rutine": "Rutine",
    "handlingsveileder": "Handlingsveileder",
    "plan": "Plan",
    "mandat": "Mandat",
}

ROUTINE_STATUSES: dict[str, str] = {
    "mangler": "Mangler",
    "planlagt": "Planlagt",
    "utkast": "Utkast",
    "vedtatt": "Vedtatt",
    "implementert": "Implementert",
}
ROUTINE_IN_FORCE: frozenset[str] = frozenset({"vedtatt", "implementert"})

REQUIREMENTS: dict[str, str] = {
    "pakrevd": "Påkrevd",
    "anbefalt": "Anbefalt",
    "ingen": "Ingen (slått av)",
}

TRUE_WORDS: frozenset[str] = frozenset({"ja", "yes", "true", "1", "x", "sann"})
FALSE_WORDS: frozenset[str] = frozenset({"nei", "no", "false", "0", "", "usann"})

# The actor catalogue (domain.md, section 3): kategori word -> Norwegian label.
CATEGORIES: dict[str, str] = {
    "barnehage": "Barnehage",
    "skole": "Grunnskole",
    "sfo": "SFO",
    "vgs": "Videregående skole",
    "ot": "Oppfølgingstjenesten",
    "ppt": "PPT",
    "statped": "Statped",
    "helsestasjon": "Helsestasjon",
    "skolehelsetjeneste": "Skolehelsetjenesten",
    "hfu": "Helsestasjon for ungdom",
    "jordmor": "Jordmortjenesten",
    "fastlege": "Fastlege",
    "kommunelege": "Kommuneoverlege",
    "kommunepsykolog": "Kommunepsykolog",
    "psykisk_helse_rus": "Psykisk helse og rus",
    "fysio_ergo": "Ergo- og fysioterapi",
    "koordinerende_enhet": "Koordinerende enhet",
    "barnekoordinator": "Barnekoordinator",
    "koordinator": "Koordinator",
    "folkehelsekoordinator": "Folkehelsekoordinator",
    "barnevern": "Barnevernstjenesten",
    "familieteam": "Familieteam",
    "nav": "NAV",
    "flyktningtjeneste": "Flyktningtjenesten",
    "flyktninghelse": "Flyktninghelsetjenesten",
    "kulturskole": "Kulturskolen",
    "fritid": "Fritid/ungdomsklubb",
    "ungdomskoordinator": "Ungdomskoordinator",
    "slt": "SLT-koordinator",
    "politirad": "Politiråd",
    "politi": "Politiet",
    "barnehus": "Statens barnehus",
    "konfliktrad": "Konfliktrådet",
    "bup": "BUP",
    "habilitering": "Habilitering (HABU)",
    "barneavdeling": "Barneavdeling",
    "rkbu": "RKBU/RBUP",
    "rvts": "RVTS",
    "korus": "KoRus",
    "sanks": "SANKS",
    "tannhelse": "Tannhelsetjenesten",
    "fylkeskommune": "Fylkeskommunen",
    "familievern": "Familievernkontoret",
    "krisesenter": "Krisesenter",
    "bufetat": "Bufetat",
    "bufdir": "Bufdir",
    "statsforvalter": "Statsforvalteren",
    "helsetilsynet": "Helsetilsynet",
    "direktorater": "Direktoratene",
    "ks": "KS",
    "frivillig": "Frivillige organisasjoner",
    "kirke": "Kirken",
    "kommuneledelse": "Kommuneledelse",
    "forskning": "Forskningsmiljø",
    "bruker": "Brukerrepresentant",
}
