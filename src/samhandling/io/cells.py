"""Reading single cells: blanks, text, ids, booleans, numbers, lists and dates.

Cells arrive from openpyxl, csv, YAML (all scalars as strings) or pandas, so every
function takes any Python value. A value that cannot be read raises
:class:`CellError` with a Norwegian sentence saying what is valid; the caller
adds the place (table, row, column).
"""

from __future__ import annotations

import math
import numbers
import re
import reprlib
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from samhandling.i18n import t
from samhandling.io.limits import MAX_TEXT_CHARS
from samhandling.vocabulary import FALSE_WORDS, TRUE_WORDS, fold, is_valid_id

__all__ = [
    "CellError",
    "FAILED",
    "is_blank",
    "read_text",
    "read_id",
    "read_bool",
    "read_int",
    "read_float",
    "strip_control",
    "read_list",
    "read_date",
    "show",
]


class CellError(ValueError):
    """A cell value that cannot be read; ``str(error)`` is the Norwegian message."""


class _Failed:
    """Marks a cell that had an error, so later checks skip it (reported once only)."""

    def __repr__(self) -> str:
        return "<failed>"


FAILED = _Failed()


_BLANK_STRINGS = frozenset({"", "nan", "none", "null", "<na>", "nat"})


def is_blank(value: object) -> bool:
    """True for ``None``, NaN, pandas NA/NaT and whitespace-only text."""
    if value is None:
        return True
    kind = type(value)
    if kind is bool or kind is int:  # most numbers in a workbook: no ABC check needed
        return False
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (list, tuple, dict, set, bytes, bool, numbers.Number, date)):
        return False
    try:  # pandas.NA, pandas.NaT and friends: their own kind of missing
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError, ImportError):
        return False


# reprlib's default (6 levels, 6 items each) still walks 6**6 items of a nested alias list.
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxtuple, _SHORT.maxset = 3, 4, 4, 4, 4


def show(value: object, limit: int = 60) -> str:
    """``value`` as a short string to quote back to the user."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple, dict, set)):
        text = _SHORT.repr(value)  # bounded: YAML aliases can nest a list a billion times
    else:
        try:
            text = str(value)
        except ValueError:  # an int too long to print
            text = type(value).__name__
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number_text(value: numbers.Real) -> str:
    if isinstance(value, numbers.Integral):
        return str(int(value))
    as_float = float(value)
    if math.isfinite(as_float) and as_float.is_integer() and abs(as_float) < 1e15:
        return str(int(as_float))
    return str(value)


# Characters XML 1.0 cannot hold (C0 controls but tab and newlines, DEL, lone surrogates,
# U+FFFE/U+FFFF): a name with a bell or a NUL in it would break every GraphML, GEXF and
# Word file made from the map, and no one types them on purpose.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_control(text: str) -> str:
    """``text`` without control characters that no file format can hold."""
    # Every character _CONTROL finds is unprintable: most text is checked in C and kept.
    return text if text.isprintable() else _CONTROL.sub("", text)


def read_text(value: object) -> str:
    """A free-text cell, trimmed; numbers and dates are written the usual way."""
    if type(value) is str:  # most cells: text (blank when only whitespace)
        if len(value) > MAX_TEXT_CHARS and not value.isspace():
            raise CellError(t("io.cell.too_long", count=len(value), limit=MAX_TEXT_CHARS))
        return strip_control(value).strip()
    if is_blank(value):
        return ""
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise CellError(t("io.cell.too_long", count=len(value), limit=MAX_TEXT_CHARS))
        return strip_control(value).strip()
    if isinstance(value, bool):
        return t("io.words.yes") if value else t("io.words.no")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (numbers.Real, Decimal)):
        return _number_text(value)  # type: ignore[arg-type]
    raise CellError(t("io.cell.not_text", value=show(value)))


def read_id(value: object) -> str:
    """An id: trimmed text in NFC form, only letters, digits, ``-``, ``_`` and ``.``."""
    text = unicodedata.normalize("NFC", read_text(value))
    if text and not is_valid_id(text):
        raise CellError(t("io.cell.bad_id", value=show(text)))
    return text


def read_bool(value: object) -> bool:
    """``ja/nei``, ``yes/no``, ``true/false``, ``1/0``, ``x``/blank."""
    if type(value) is bool:  # a workbook's TRUE/FALSE
        return value
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    word = fold(value) if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(t("io.cell.not_bool", value=show(value)))


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def _to_float(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (numbers.Real, Decimal)):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        return float(text)
    raise ValueError(value)


def read_float(value: object, default: float) -> float:
    """A number of hours: ``1.5``, ``1,5`` or ``2``; blank gives ``default``."""
    if is_blank(value):
        return default
    try:
        number = _to_float(value)
    except (ValueError, OverflowError):
        raise CellError(t("io.cell.not_number", value=show(value))) from None
    if not math.isfinite(number):
        raise CellError(t("io.cell.not_number", value=show(value)))
    return number


_MAX_WHOLE = 10**9


def read_int(value: object, default: int) -> int:
    """A whole number: ``5``, ``5.0`` or ``"5,0"``; blank gives ``default``."""
    if type(value) is int and -_MAX_WHOLE <= value <= _MAX_WHOLE:  # most ages: as typed
        return value
    if is_blank(value):
        return default
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if abs(int(value)) > _MAX_WHOLE:
            raise CellError(t("io.cell.not_whole_number", value=show(value)))
        return int(value)
    try:
        number = _to_float(value)
    except (ValueError, OverflowError):
        raise CellError(t("io.cell.not_whole_number", value=show(value))) from None
    if not math.isfinite(number) or not number.is_integer() or abs(number) > _MAX_WHOLE:
        raise CellError(t("io.cell.not_whole_number", value=show(value)))
    return int(number)


def read_list(value: object) -> tuple[str, ...]:
    """Items separated by ``;`` (or by ``,`` when the cell has no ``;``), trimmed.

    A YAML list is taken as it is. Empty items are dropped.
    """
    if is_blank(value):
        return ()
    if isinstance(value, (list, tuple)):
        items = [read_text(item) for item in value]
    else:
        text = read_text(value)
        items = text.split(";") if ";" in text else text.split(",")
    return tuple(item.strip() for item in items if item.strip())


_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def read_date(value: object) -> date | None:
    """ISO ``2025-06-01``, Norwegian ``1.6.2025`` or a spreadsheet date; blank is ``None``."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            match = _NORWEGIAN_DATE.match(text)
            if match:
                day, month, year = (int(part) for part in match.groups())
                return date(year, month, day)
            if len(text) >= 10 and text[4] == "-":
                head, _, rest = text.partition(" ")
                head = head.split("T")[0]
                if not rest or rest.replace(":", "").replace(".", "").isdigit():
                    return date.fromisoformat(head)
        except ValueError:
            pass
    raise CellError(t("io.cell.not_date", value=show(value)))
