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
    "label",
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
    "BASES",
    "LEGAL_BASES",
    "DUTIES",
    "SCOPES",
    "BTI_LEVELS",
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


def match_word(value: object, words: tuple[str, ...] | frozenset[str]) -> str | None:
    """Return the canonical word that ``value`` folds to, or ``None``."""
    wanted = fold(value)
    for word in words:
        if fold(word) == wanted:
            return word
    return None


def label(vocabulary: str, word: str) -> str:
    """The user-facing label of ``word`` in ``vocabulary`` (``sector``, ``forum_type``...).

    Unknown words come back as they are, so a free ``kategori`` word still shows.
    """
    from samhandling.i18n import t

    labels = t(f"vocabulary.{vocabulary}")
    return str(labels.get(word, word)) if isinstance(labels, dict) else word


_ID_RE = re.compile(r"^[\w.\-]+$", re.UNICODE)


def is_valid_id(value: str) -> bool:
    """Ids may hold letters (æøå and Sámi letters included), digits, ``-``, ``_`` and ``.``."""
    return bool(_ID_RE.match(value))


# Each vocabulary is a tuple of canonical words, in the order shown to users.
# Their labels live in locales/<lang>/vocabulary.yaml; use :func:`label`.
ACTOR_TYPES: tuple[str, ...] = (
    "tjeneste",
    "team",
    "partner",
    "rolle",
    "satsing",
)

SECTORS: tuple[str, ...] = (
    "oppvekst",
    "helse",
    "velferd",
    "justis",
    "kultur",
    "stat",
    "frivillig",
    "bruker",
    "annet",
)

ADMIN_LEVELS: tuple[str, ...] = (
    "kommune",
    "interkommunalt",
    "fylkeskommune",
    "region",
    "stat",
)

FORUM_TYPES: tuple[str, ...] = (
    "ansvarsgruppe",
    "tverrfaglig_team",
    "styringsgruppe",
    "prosjektgruppe",
    "arbeidsgruppe",
    "referansegruppe",
    "nettverk",
    "samarbeidsmote",
    "fagdag",
    "annet",
)

LEVELS: tuple[str, ...] = (
    "individ",
    "system",
)

FREQUENCIES: tuple[str, ...] = (
    "ukentlig",
    "annenhver_uke",
    "manedlig",
    "kvartalsvis",
    "halvarlig",
    "arlig",
    "ved_behov",
)

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

ROLES: tuple[str, ...] = (
    "leder",
    "fast",
    "ved_behov",
    "sekretar",
    "observator",
)
STANDING_ROLES: frozenset[str] = frozenset({"leder", "fast", "sekretar"})
WEAK_ROLES: frozenset[str] = frozenset({"ved_behov", "observator"})

RELATION_TYPES: tuple[str, ...] = (
    "samarbeid",
    "henvisning",
    "veiledning",
    "informasjon",
    "rapportering",
    "styring",
    "finansiering",
    "avtale",
)

ROUTINE_TYPES: tuple[str, ...] = (
    "samarbeidsavtale",
    "rutine",
    "handlingsveileder",
    "plan",
    "mandat",
    "meldingsrutine",
    "overgangsrutine",
    "plan_forebyggende",
    "samarbeidsavtale_hf",
)

ROUTINE_STATUSES: tuple[str, ...] = (
    "mangler",
    "planlagt",
    "utkast",
    "vedtatt",
    "implementert",
)
ROUTINE_IN_FORCE: frozenset[str] = frozenset({"vedtatt", "implementert"})

REQUIREMENTS: tuple[str, ...] = (
    "pakrevd",
    "anbefalt",
    "ingen",
)

# The strongest basis of a rule (grunnlag) and what its duty asks for (plikt), analysis.md.
BASES: tuple[str, ...] = (
    "lov",
    "forskrift",
    "retningslinje",
    "veileder",
    "praksis",
)
LEGAL_BASES: frozenset[str] = frozenset({"lov", "forskrift"})

DUTIES: tuple[str, ...] = (
    "samarbeid",
    "samordning",
    "avtale",
    "overgang",
    "opplysning",
    "annet",
)

# What a map covers (om.omfang).
SCOPES: tuple[str, ...] = (
    "hele",
    "utsnitt",
)

# BTI levels of a forum (fora.bti_nivå): 0 undring, 1 tiltak i én tjeneste, 2 tverrfaglig, 3 koordinert.
BTI_LEVELS: tuple[str, ...] = ("0", "1", "2", "3")

TRUE_WORDS: frozenset[str] = frozenset({"ja", "yes", "true", "1", "x", "sann"})
FALSE_WORDS: frozenset[str] = frozenset({"nei", "no", "false", "0", "", "usann"})

# The actor catalogue (domain.md, section 3): kategori words.
CATEGORIES: tuple[str, ...] = (
    "barnehage",
    "skole",
    "sfo",
    "vgs",
    "ot",
    "ppt",
    "statped",
    "helsestasjon",
    "skolehelsetjeneste",
    "hfu",
    "jordmor",
    "fastlege",
    "kommunelege",
    "kommunepsykolog",
    "psykisk_helse_rus",
    "fysio_ergo",
    "koordinerende_enhet",
    "barnekoordinator",
    "koordinator",
    "folkehelsekoordinator",
    "barnevern",
    "familieteam",
    "nav",
    "flyktningtjeneste",
    "flyktninghelse",
    "kulturskole",
    "fritid",
    "ungdomskoordinator",
    "slt",
    "politirad",
    "politi",
    "barnehus",
    "konfliktrad",
    "bup",
    "habilitering",
    "barneavdeling",
    "rkbu",
    "rvts",
    "korus",
    "sanks",
    "tannhelse",
    "fylkeskommune",
    "familievern",
    "krisesenter",
    "bufetat",
    "bufdir",
    "statsforvalter",
    "helsetilsynet",
    "direktorater",
    "ks",
    "frivillig",
    "kirke",
    "kommuneledelse",
    "forskning",
    "bruker",
)


# Model field -> the file's Norwegian column name, by model class (dataformat.md), for
# what people read about a change ("navn, kategori" rather than "name, category").
FIELD_COLUMNS: dict[str, dict[str, str]] = {
    "Actor": {"id": "id", "name": "navn", "category": "kategori", "type": "type", "sector": "sektor",
              "admin_level": "forvaltningsnivå", "age_from": "alder_fra", "age_to": "alder_til",
              "belongs_to": "tilhører", "municipality": "kommune", "description": "beskrivelse",
              "influence": "innflytelse", "recorded_by": "registrert_av"},
    "Forum": {"id": "id", "name": "navn", "type": "type", "level": "nivå", "frequency": "frekvens",
              "duration_hours": "varighet_timer", "leader": "leder", "has_mandate": "mandat",
              "age_from": "alder_fra", "age_to": "alder_til", "topics": "tema", "forwards_to": "videre_til",
              "bti_level": "bti_nivå", "recorded_by": "registrert_av"},
    "Routine": {"id": "id", "name": "navn", "type": "type", "parties": "parter", "status": "status",
                "responsible": "ansvarlig", "review_date": "revideres", "recorded_by": "registrert_av"},
}
