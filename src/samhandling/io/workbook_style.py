"""How our workbooks look: headers, help comments, dropdowns, the lists and readme sheets.

Shared by the exported map workbook and the empty template, so both get the same
bold required headers, a Norwegian comment on every header, a frozen header row
and dropdown lists (``DataValidation``) for every controlled column. The word
lists live on a hidden ``lister`` sheet, which avoids Excel's 255-character limit
on inline lists. ``Les meg`` and ``lister`` are skipped when a workbook is read.
"""

from __future__ import annotations

from dataclasses import MISSING, fields

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from samhandling.i18n import number, t
from samhandling.io import schema
from samhandling.io.schema import ColumnSpec, TableSpec
from samhandling.vocabulary import label

__all__ = ["LISTS_SHEET", "README_SHEET", "DROPDOWN_ROWS", "header_row", "add_dropdowns", "add_lists_sheet",
           "add_readme_sheet", "column_widths", "cell_label"]

LISTS_SHEET = "lister"
README_SHEET = "Les meg"
DROPDOWN_ROWS = 500  # empty rows below the data that still get dropdowns

_BOLD = Font(bold=True)
_PLAIN = Font(bold=False)
_AUTHOR = "Samhandlingskart"
_BOOLEAN_LIST = "ja_nei"


def _list_names() -> list[str]:
    return [*schema.VOCABULARIES, _BOOLEAN_LIST]


def _list_words(name: str) -> tuple[str, ...]:
    """A dropdown's entries: the Norwegian labels people read ("Månedlig", "Påkrevd"); the
    loader reads a label back as its word."""
    if name == _BOOLEAN_LIST:
        return (t("io.words.yes"), t("io.words.no"))
    return tuple(label(name, word) for word in schema.VOCABULARIES[name])


def cell_label(column: ColumnSpec, value: object) -> object:
    """A controlled word as its Norwegian label in a workbook cell; anything else as it is."""
    if column.kind in (schema.WORD, schema.CATEGORY) and value in schema.VOCABULARIES.get(column.vocabulary, ()):
        return label(column.vocabulary, str(value))
    return value


def _default_text(spec: TableSpec, column: ColumnSpec) -> str:
    for field in fields(spec.model):
        if field.name == column.field and field.default is not MISSING:
            default = field.default
            if isinstance(default, bool):
                default = t("io.words.yes") if default else t("io.words.no")
            if default in ("", None, ()):
                return ""
            text = number(default, 2) if isinstance(default, float) else str(cell_label(column, default))
            return t("io.template.default", default=text)
    return ""


def header_row(ws: object, spec: TableSpec) -> list[WriteOnlyCell]:
    """The header cells of ``spec``: required ones bold, each with a help comment."""
    out = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, value=column.name)
        cell.font = _BOLD if column.required else _PLAIN
        parts = [t(f"io.template.help.{spec.name}.{column.name}")]
        parts.append(t("io.template.required") if column.required else _default_text(spec, column))
        comment = Comment(" ".join(p for p in parts if p), _AUTHOR)
        comment.width, comment.height = 300, 110
        cell.comment = comment
        out.append(cell)
    return out


def column_widths(ws: object, spec: TableSpec) -> None:
    """Readable column widths: wide for names and descriptions."""
    for index, column in enumerate(spec.columns, start=1):
        wide = column.name in ("navn", "beskrivelse", "begrunnelse", "tittel", "kilde") or column.kind == schema.LIST
        ws.column_dimensions[get_column_letter(index)].width = 40 if wide else 16  # type: ignore[attr-defined]


def add_lists_sheet(wb: Workbook) -> dict[str, str]:
    """A hidden ``lister`` sheet with one column per word list; list name -> range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    names = _list_names()
    columns = [_list_words(name) for name in names]
    ws.append(names)
    for index in range(max(len(words) for words in columns)):
        ws.append([words[index] if index < len(words) else None for words in columns])
    ws.sheet_state = "hidden"
    ranges = {}
    for position, name in enumerate(names, start=1):
        letter = get_column_letter(position)
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(_list_words(name)) + 1}"
    return ranges


def add_dropdowns(ws: object, spec: TableSpec, ranges: dict[str, str], rows: int) -> None:
    """Dropdowns for every controlled column of ``spec`` in data rows 2..``rows + DROPDOWN_ROWS + 1``."""
    last = rows + DROPDOWN_ROWS + 1
    for index, column in enumerate(spec.columns, start=1):
        if column.kind == schema.SCORE:  # innflytelse: a whole number 0–5, or blank
            letter = get_column_letter(index)
            score = DataValidation(type="whole", operator="between", formula1="0",
                                   formula2=str(schema.INFLUENCE_MAX), allow_blank=True)
            score.errorStyle, score.errorTitle = "warning", t("io.template.dropdown_error_title")
            score.error = t("io.template.score_error", limit=schema.INFLUENCE_MAX)
            score.add(f"{letter}2:{letter}{last}")
            ws.data_validations.append(score)  # type: ignore[attr-defined]
            continue
        if column.kind in (schema.WORD, schema.CATEGORY):
            source = ranges[column.vocabulary]
        elif column.kind == schema.BOOL:
            source = ranges[_BOOLEAN_LIST]
        else:
            continue
        validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        # kategori allows words outside the catalogue; the others warn but do not block,
        # since the loader also accepts labels and other spellings ("Ved behov").
        validation.showErrorMessage = column.kind != schema.CATEGORY
        validation.errorStyle = "warning"
        validation.errorTitle = t("io.template.dropdown_error_title")
        validation.error = t("io.template.dropdown_error")
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last}")
        ws.data_validations.append(validation)  # type: ignore[attr-defined]


def add_readme_sheet(wb: Workbook) -> None:
    """The ``Les meg`` sheet with short Norwegian instructions."""
    ws = wb.create_sheet(README_SHEET)
    title = WriteOnlyCell(ws, value=t("io.template.readme_title"))
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([])
    for line in t("io.template.readme"):
        cell = WriteOnlyCell(ws, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.append([cell])
    ws.column_dimensions["A"].width = 110
