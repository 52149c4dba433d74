"""Reading what a person typed: German dates, money and percentages.

Each parser returns the typed value or raises ``ValueError`` with a German
message; callers attach the field name.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from regiodesk.i18n import tr

_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*(?:Uhr)?\s*$")


def parse_date(text: str) -> date | None:
    """'22.11.2026', '1.2.26' or '2026-11-22'; empty text is None."""
    if not text or not text.strip():
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
    else:
        match = _ISO.match(text)
        if not match:
            raise ValueError(tr("„{text}“ ist kein Datum. Bitte als TT.MM.JJJJ eingeben.", text=text.strip()))
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(tr("Den {text} gibt es nicht.", text=text.strip())) from None


def parse_time(text: str) -> time | None:
    if not text or not text.strip():
        return None
    match = _TIME.match(text)
    if not match:
        raise ValueError(tr("„{text}“ ist keine Uhrzeit. Bitte als HH:MM eingeben.", text=text.strip()))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(tr("Die Uhrzeit {text} gibt es nicht.", text=text.strip()))
    return time(hour, minute)


def parse_datetime(text: str) -> datetime | None:
    """'22.11.2026 18:30' (the time may be omitted)."""
    if not text or not text.strip():
        return None
    parts = text.strip().split(None, 1)
    day = parse_date(parts[0])
    assert day is not None
    at = parse_time(parts[1]) if len(parts) > 1 else time(0, 0)
    return datetime.combine(day, at or time(0, 0))


def _decimal(text: str, what: str) -> Decimal:
    cleaned = text.strip().replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
    if "," in cleaned:
        # German: '.' groups thousands, ',' is the decimal separator.
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(tr("„{text}“ ist kein {what}.", text=text.strip(), what=what)) from None
    if not value.is_finite():
        raise ValueError(tr("„{text}“ ist kein {what}.", text=text.strip(), what=what))
    return value


def parse_money(text: str) -> int | None:
    """'1.234,50 €' -> 123450 cents. Amounts with more than two decimals are refused."""
    if not text or not text.strip():
        return None
    value = _decimal(text, "Geldbetrag")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(tr("„{text}“ hat mehr als zwei Nachkommastellen.", text=text.strip()))
    if value < 0:
        raise ValueError(tr("Ein Geldbetrag darf nicht negativ sein."))
    return int(cents)


def parse_percent(text: str) -> int | None:
    """'62,5 %' -> 6250 basis points, between 0 and 100 %."""
    if not text or not text.strip():
        return None
    value = _decimal(text, "Prozentwert")
    bp = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if bp != value * 100:
        raise ValueError(tr("„{text}“ hat mehr als zwei Nachkommastellen.", text=text.strip()))
    if not 0 <= bp <= 10000:
        raise ValueError(tr("Ein Prozentwert muss zwischen 0 und 100 % liegen."))
    return int(bp)


def parse_quantity(text: str) -> int | None:
    """'12,5' -> 12500 thousandths; at most three decimals, never negative."""
    if not text or not text.strip():
        return None
    value = _decimal(text, "Zahl")
    milli = value * 1000
    if milli != milli.to_integral_value():
        raise ValueError(tr("„{text}“ hat mehr als drei Nachkommastellen.", text=text.strip()))
    if value < 0:
        raise ValueError(tr("Der Wert darf nicht negativ sein."))
    return int(milli)


def parse_int(text: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
    if not text or not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise ValueError(tr("„{text}“ ist keine ganze Zahl.", text=text.strip())) from None
    if minimum is not None and value < minimum:
        raise ValueError(tr("Der Wert muss mindestens {minimum} sein.", minimum=minimum))
    if maximum is not None and value > maximum:
        raise ValueError(tr("Der Wert darf höchstens {maximum} sein.", maximum=maximum))
    return value
