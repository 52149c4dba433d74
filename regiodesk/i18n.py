"""The one door for text and formats the user sees.

Every user-visible string goes through :func:`tr`; German is the source
language, so ``tr`` returns its argument unless a catalogue for another
language is installed (an English one can follow without touching callers).
Numbers, money and dates use German formats (CLDR's, as Babel gives them; tests compare).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # this module is on the way to the first window: nothing it does not need
    from datetime import date, datetime
    from decimal import Decimal

_catalogue: dict[str, str] = {}

#: Between a number and its unit ("1.234,50\u00a0€", "45\u00a0%"), so that a line never breaks there.
NBSP = "\u00a0"


def tr(text: str, /, **values: object) -> str:
    """Translate ``text`` and fill ``{name}`` placeholders."""
    text = _catalogue.get(text, text)
    return text.format(**values) if values else text


def install_catalogue(catalogue: dict[str, str]) -> None:
    _catalogue.clear()
    _catalogue.update(catalogue)


def plural(n: int, one: str, many: str, /, **values: object) -> str:
    """A count in words, singular for exactly one: ``plural(1, "{n} Konflikt", "{n} Konflikte")``
    gives "1 Konflikt", with 0 or 2 "0 Konflikte", "2 Konflikte". Both texts are translated
    (``{n}`` is the count; further placeholders come as ``values``)."""
    return tr(one if n == 1 else many, n=n, **values)


def count_entries(shown: int, total: int) -> str:
    """A list's count: '40 Einträge', '1 Eintrag', or '5 von 40 Einträgen' while filtered."""
    if shown != total:
        return tr("{shown} von {total} Einträgen", shown=shown, total=total)
    return plural(total, "{n} Eintrag", "{n} Einträge")


def format_date(value: date | None) -> str:
    """22.11.2026"""
    if value is None:
        return ""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def format_datetime(value: datetime | None) -> str:
    """22.11.2026 18:30"""
    if value is None:
        return ""
    return f"{format_date(value.date())} {value.hour:02d}:{value.minute:02d}"


def format_decimal(value: Decimal | int | float, digits: int = 2) -> str:
    """German grouping and ``digits`` decimals, rounded half to even: 1234.5 -> '1.234,50'.

    Exactly what Babel's CLDR pattern "#,##0.00" gives for de_DE (a property test compares
    them), without the 20-60 ms of importing Babel and its locale data on the way to the first
    window.
    """
    from decimal import Decimal

    number = value if isinstance(value, Decimal) else Decimal(str(value))
    # like Babel: the sign of a value that rounds to zero stays ("-0,00"); the rounding is the
    # decimal context's (half to even)
    rounded = abs(number).normalize().quantize(Decimal(1).scaleb(-digits))
    whole, _, fraction = f"{rounded:,f}".partition(".")
    text = whole.replace(",", ".") + ("," + fraction if digits else "")
    return "-" + text if number.is_signed() else text


def format_cents(cents: int | None, with_symbol: bool = True) -> str:
    """123450 -> '1.234,50 €'"""
    if cents is None:
        return ""
    from decimal import Decimal

    text = format_decimal(Decimal(cents) / 100, 2)
    return f"{text} €" if with_symbol else text


_UNITS = r"(?:€|%|EUR|Euro|Tagen?|Wochen?|Monaten?|Punkten?|km²?|m²|ha|Std\.)"


def keep_units_together(text: str) -> str:
    """A printed text with a non-breaking space between a number and its unit: "1.140.798 €" never
    ends a line at "1.140.798" (DIN 5008). Printed documents (PDF, Word) pass their text through here,
    whatever produced it: the window and the workbooks keep ordinary spaces (a clerk types and searches
    them there)."""
    import re

    return re.sub(rf"(\d) (?={_UNITS}(?!\w))", rf"\1{NBSP}", text)


def format_percent_bp(bp: int | None, digits: int = 0) -> str:
    """Basis points as German percent: 4500 -> '45 %', 6250 -> '62,5 %'."""
    if bp is None:
        return ""
    from decimal import Decimal

    value = Decimal(bp) / 100
    if digits == 0 and value != value.to_integral_value():
        digits = len(str(value.normalize()).split(".")[1])
    return f"{format_decimal(value, digits)} %"


#: argparse's own messages in German (argparse looks its texts up through `_`).
_ARGPARSE_DE = {
    "usage: ": "Aufruf: ",
    "options": "Optionen",
    "positional arguments": "Argumente",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "show program's version number and exit": "Versionsnummer anzeigen und beenden",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Auswahl: %(value)r (möglich: %(choices)s)"
    ),
    "the following arguments are required: %s": "diese Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "expected one argument": "erwartet einen Wert",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
}


def german_argparse() -> None:
    """Let argparse speak German for usage lines and errors."""
    import argparse

    original = argparse._  # type: ignore[attr-defined]

    def translate(text: str) -> str:
        return _ARGPARSE_DE.get(text) or original(text)

    argparse._ = translate  # type: ignore[attr-defined]
