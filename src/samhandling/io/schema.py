"""The tables and columns of the map format, as data (``dataformat.md``).

Each table is a :class:`TableSpec`: its Norwegian name, the model class it becomes,
and its columns in file order. Each :class:`ColumnSpec` says which model field it
fills and what kind of value it holds, so readers, writers, the template and the
validation all follow one description of the format.
"""

from __future__ import annotations

from dataclasses import dataclass

from samhandling import vocabulary as v
from samhandling.model import Actor, Expectation, Forum, MapInfo, Membership, Position, Relation, Routine

__all__ = [
    "ColumnSpec",
    "TableSpec",
    "TABLES",
    "TABLE_BY_NAME",
    "HELPER_SHEETS",
    "VOCABULARIES",
    "table_for_sheet",
]

# Column kinds: how a cell is read and written.
TEXT, ID, REF, WORD, CATEGORY, BOOL, AGE, HOURS, LIST, DATE = (
    "text", "id", "ref", "word", "category", "bool", "age", "hours", "list", "date",
)
COORD = "coord"  # a map coordinate: any finite number
SCORE = "score"  # a whole number on a small scale, blank allowed (innflytelse 0–5)

# Controlled vocabularies by the name used in locales/nb/vocabulary.yaml.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "actor_type": v.ACTOR_TYPES,
    "sector": v.SECTORS,
    "admin_level": v.ADMIN_LEVELS,
    "forum_type": v.FORUM_TYPES,
    "level": v.LEVELS,
    "frequency": v.FREQUENCIES,
    "role": v.ROLES,
    "relation_type": v.RELATION_TYPES,
    "routine_type": v.ROUTINE_TYPES,
    "routine_status": v.ROUTINE_STATUSES,
    "requirement": v.REQUIREMENTS,
    "basis": v.BASES,
    "duty": v.DUTIES,
    "scope": v.SCOPES,
    "bti_level": v.BTI_LEVELS,
    "category": v.CATEGORIES,
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column: Norwegian ``name``, model ``field``, ``kind`` and details.

    ``vocabulary`` names the controlled word list of a ``word``/``category`` column;
    ``target`` is the table a ``ref`` column points into (``aktører``, ``fora``,
    ``rutiner``); ``aliases`` are extra header spellings (folded like the name).
    """

    name: str
    field: str
    kind: str = TEXT
    required: bool = False
    vocabulary: str = ""
    target: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """One table: Norwegian ``name``, model class, columns in file order, aliases."""

    name: str
    model: type
    columns: tuple[ColumnSpec, ...]
    aliases: tuple[str, ...] = ()
    file_stem: str = ""

    @property
    def required(self) -> tuple[ColumnSpec, ...]:
        """The required columns."""
        return tuple(c for c in self.columns if c.required)

    @property
    def csv_name(self) -> str:
        """The CSV file name of this table (``aktorer.csv``)."""
        return f"{self.file_stem or self.name}.csv"


_AGES = (
    ColumnSpec("alder_fra", "age_from", AGE),
    ColumnSpec("alder_til", "age_to", AGE),
)

# Who put the row in: a group or table in the workshop ("Gruppe 2", "Bord 1"), never a person.
RECORDED_BY = ColumnSpec("registrert_av", "recorded_by", TEXT, aliases=("kilde_gruppe", "gruppe", "bord"))
# finnes = nei: the group says this membership or link does not exist.
EXISTS = ColumnSpec("finnes", "exists", BOOL, aliases=("eksisterer", "finst"))
INFLUENCE_MAX = 5

ACTORS = TableSpec(
    "aktører",
    Actor,
    (
        ColumnSpec("id", "id", ID, required=True),
        ColumnSpec("navn", "name", TEXT, required=True),
        ColumnSpec("kategori", "category", CATEGORY, vocabulary="category"),
        ColumnSpec("type", "type", WORD, vocabulary="actor_type"),
        ColumnSpec("sektor", "sector", WORD, vocabulary="sector"),
        ColumnSpec("forvaltningsnivå", "admin_level", WORD, vocabulary="admin_level"),
        *_AGES,
        ColumnSpec("tilhører", "belongs_to", REF, target="aktører"),
        ColumnSpec("kommune", "municipality"),
        ColumnSpec("beskrivelse", "description"),
        ColumnSpec("innflytelse", "influence", SCORE, aliases=("innverknad", "påvirkning")),
        RECORDED_BY,
    ),
    aliases=("aktør", "aktørene"),
    file_stem="aktorer",
)

FORUMS = TableSpec(
    "fora",
    Forum,
    (
        ColumnSpec("id", "id", ID, required=True),
        ColumnSpec("navn", "name", TEXT, required=True),
        ColumnSpec("type", "type", WORD, vocabulary="forum_type"),
        ColumnSpec("nivå", "level", WORD, vocabulary="level"),
        ColumnSpec("frekvens", "frequency", WORD, vocabulary="frequency"),
        ColumnSpec("varighet_timer", "duration_hours", HOURS, aliases=("varighet", "timer")),
        ColumnSpec("leder", "leader", REF, target="aktører"),
        ColumnSpec("mandat", "has_mandate", BOOL),
        *_AGES,
        ColumnSpec("tema", "topics", LIST, aliases=("temaer",)),
        ColumnSpec("videre_til", "forwards_to", LIST, target="fora", aliases=("videre",)),
        ColumnSpec("bti_nivå", "bti_level", WORD, vocabulary="bti_level", aliases=("bti",)),
        RECORDED_BY,
    ),
    aliases=("forum", "foraene", "møter", "møtearenaer"),
)

MEMBERSHIPS = TableSpec(
    "deltakelse",
    Membership,
    (
        ColumnSpec("forum", "forum", REF, required=True, target="fora"),
        ColumnSpec("aktør", "actor", REF, required=True, target="aktører"),
        ColumnSpec("rolle", "role", WORD, vocabulary="role"),
        RECORDED_BY,
        EXISTS,
    ),
    aliases=("deltakelser", "deltakere", "medlemskap"),
)

RELATIONS = TableSpec(
    "relasjoner",
    Relation,
    (
        ColumnSpec("fra", "source", REF, required=True, target="aktører"),
        ColumnSpec("til", "target", REF, required=True, target="aktører"),
        ColumnSpec("type", "type", WORD, vocabulary="relation_type"),
        ColumnSpec("formalisert", "formalised", BOOL),
        ColumnSpec("nivå", "level", WORD, vocabulary="level"),
        ColumnSpec("rutine", "routine", REF, target="rutiner"),
        ColumnSpec("beskrivelse", "description"),
        RECORDED_BY,
        EXISTS,
    ),
    aliases=("relasjon",),
)

ROUTINES = TableSpec(
    "rutiner",
    Routine,
    (
        ColumnSpec("id", "id", ID, required=True),
        ColumnSpec("navn", "name", TEXT, required=True),
        ColumnSpec("type", "type", WORD, vocabulary="routine_type"),
        ColumnSpec("parter", "parties", LIST, target="aktører"),
        ColumnSpec("status", "status", WORD, vocabulary="routine_status"),
        ColumnSpec("ansvarlig", "responsible", REF, target="aktører"),
        ColumnSpec("revideres", "review_date", DATE),
        RECORDED_BY,
    ),
    aliases=("rutine", "avtaler"),
)

EXPECTATIONS = TableSpec(
    "forventninger",
    Expectation,
    (
        ColumnSpec("a", "a", TEXT, required=True),
        ColumnSpec("b", "b", TEXT, required=True),
        ColumnSpec("krav", "requirement", WORD, vocabulary="requirement"),
        ColumnSpec("kilde", "source"),
        ColumnSpec("begrunnelse", "reason"),
        ColumnSpec("grunnlag", "basis", WORD, vocabulary="basis"),
        ColumnSpec("plikt", "duty", WORD, vocabulary="duty"),
    ),
    aliases=("forventning",),
)

INFO = TableSpec(
    "om",
    MapInfo,
    (
        ColumnSpec("tittel", "title"),
        ColumnSpec("kommune", "municipality"),
        ColumnSpec("dato", "date", DATE),
        ColumnSpec("beskrivelse", "description"),
        ColumnSpec("omfang", "scope", WORD, vocabulary="scope"),
        *_AGES,
    ),
    aliases=("om kartet", "info"),
)

# Extension: the layout saved with the map (node positions dragged in a workshop).
POSITIONS = TableSpec(
    "posisjoner",
    Position,
    (ColumnSpec("id", "id", ID, required=True), ColumnSpec("x", "x", COORD), ColumnSpec("y", "y", COORD)),
    aliases=("posisjon", "plasseringer"),
)

TABLES: tuple[TableSpec, ...] = (ACTORS, FORUMS, MEMBERSHIPS, RELATIONS, ROUTINES, EXPECTATIONS, INFO, POSITIONS)
TABLE_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}

# Sheets our own workbooks add; they are skipped without a warning.
HELPER_SHEETS: frozenset[str] = frozenset({v.fold("Les meg"), v.fold("lister"), v.fold("readme")})

_SHEET_INDEX: dict[str, TableSpec] = {}
for _spec in TABLES:
    for _name in (_spec.name, _spec.file_stem or _spec.name, *_spec.aliases):
        _SHEET_INDEX[v.fold(_name)] = _spec


def table_for_sheet(name: object) -> TableSpec | None:
    """The table a sheet, file or YAML key called ``name`` holds, or ``None``.

    >>> table_for_sheet("AKTØRER").name, table_for_sheet("forum").name
    ('aktører', 'fora')
    """
    return _SHEET_INDEX.get(v.fold(name))


def column_index(spec: TableSpec) -> dict[str, ColumnSpec]:
    """Folded header spellings of ``spec``'s columns -> column."""
    index: dict[str, ColumnSpec] = {}
    for column in spec.columns:
        for name in (column.name, *column.aliases):
            index.setdefault(v.fold(name), column)
    return index
