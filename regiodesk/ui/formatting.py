"""Turning typed values into the text a user reads, and text into search keys.

Qt-free on purpose: list models, the Verlauf view and the side panels share it,
and it is cheap to test.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regiodesk.domain.enums import LabelledEnum
from regiodesk.i18n import format_cents, format_date, format_datetime, format_decimal, format_percent_bp, tr
from regiodesk.services.fields import Kind

#: Kinds shown right-aligned, as numbers are in every German office table.
NUMERIC = frozenset({Kind.INT, Kind.MONEY, Kind.PERCENT})


def yes_no(value: bool) -> str:
    return tr("ja") if value else tr("nein")


def format_number(value: float | int | Decimal) -> str:
    """12 -> '12', 2.5 -> '2,5', 1234.125 -> '1.234,125' (no trailing zeros)."""
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_decimal(number, digits)


def display(value: Any, kind: Kind = Kind.TEXT, choices: type[LabelledEnum] | None = None) -> str:
    """The German text for ``value`` of a field or column of ``kind``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if kind is Kind.MONEY and isinstance(value, int):
        return format_cents(value)
    if kind is Kind.PERCENT and isinstance(value, int):
        return format_percent_bp(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # bookkeeping times are UTC; people read local time
            value = value.astimezone()
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if choices is not None and isinstance(value, str):
        return choices.label_of(value)
    if isinstance(value, (float, Decimal)):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def from_log(value: Any, kind: Kind) -> Any:
    """Values in the change log are JSON: dates arrive as ISO text. Give them back their type."""
    if not isinstance(value, str):
        return value
    try:
        if kind is Kind.DATE:
            return date.fromisoformat(value)
        if kind is Kind.DATETIME:
            return datetime.fromisoformat(value)
    except ValueError:
        return value
    return value


# ------------------------------------------------------------------ searching
# German users type "mueller", "muller" or "Müller" for the same person, so every
# row keeps two folded spellings: umlauts reduced to the base letter and
# transliterated (ä -> ae). A search term matches if it is in either.
# Folding uses C-level string functions only (NFKD, a regex, str.replace): 20,000
# contacts fold in a fraction of a second. Letters that do not decompose (ł, ø)
# stay as they are, so nothing becomes unfindable.
_MARKS = re.compile(r"[\u0300-\u036f]+")


def _spellings(text: str) -> tuple[str, str]:
    low = text.casefold()  # casefold also turns ß into ss
    if low.isascii():
        return low, low
    low = unicodedata.normalize("NFC", low)
    plain = _MARKS.sub("", unicodedata.normalize("NFKD", low))
    if "ä" not in low and "ö" not in low and "ü" not in low:
        return plain, plain
    translit = low.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return plain, _MARKS.sub("", unicodedata.normalize("NFKD", translit))


def search_key(text: str) -> str:
    """One string to search a row in: the folded text, then the words whose transliteration differs.

    A search term holds no whitespace, so it always lies within one word: keeping only
    the differing words of the second spelling finds the same rows with a key about half
    as long, which is what a keystroke's substring tests cost.
    """
    plain, translit = _spellings(text)
    if plain == translit:
        return plain
    plain_words, translit_words = plain.split(), translit.split()
    if len(plain_words) != len(translit_words):  # a letter folded into a space: keep all
        return f"{plain}\n{translit}"
    extra = " ".join(t for p, t in zip(plain_words, translit_words, strict=True) if t != p)
    return f"{plain}\n{extra}"


def search_terms(text: str) -> tuple[tuple[str, str], ...]:
    """The whitespace-separated terms of a filter, each in both spellings."""
    return tuple(_spellings(term) for term in text.split())


def matches(key: str, terms: tuple[tuple[str, str], ...]) -> bool:
    return all(plain in key or translit in key for plain, translit in terms)


def sort_key(text: str) -> str:
    """Ö sorts with O (DIN 5007-1), not after Z as plain casefold would."""
    return _spellings(text)[0]
