"""Turning a typed value into the text a user reads: one way, for every list, form, Verlauf,
sync conflict, document and the command line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regiodesk.domain.enums import LabelledEnum
from regiodesk.fields.kinds import Kind
from regiodesk.i18n import format_cents, format_date, format_datetime, format_decimal, format_percent_bp, tr


def yes_no(value: bool) -> str:
    return tr("ja") if value else tr("nein")


def format_number(value: float | int | Decimal) -> str:
    """12 -> '12', 2.5 -> '2,5', 1234.125 -> '1.234,125' (no trailing zeros)."""
    number = Decimal(str(value)).normalize()
    exponent = number.as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_decimal(number, digits)


def format_quantity(milli: int) -> str:
    """12500 thousandths -> '12,5'."""
    return format_number(Decimal(milli) / 1000)


def display_value(value: Any, kind: Kind = Kind.TEXT, choices: type[LabelledEnum] | None = None) -> str:
    """The German text for ``value`` of a field or column of ``kind`` ("" for no value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if kind is Kind.MONEY and isinstance(value, int):
        return format_cents(value)
    if kind is Kind.PERCENT and isinstance(value, int):
        return format_percent_bp(value)
    if kind is Kind.QUANTITY and isinstance(value, int):
        return format_quantity(value)
    if kind is Kind.BOOL and isinstance(value, int):
        return yes_no(bool(value))
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
