from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiodesk.domain.parse import (
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
    parse_percent,
    parse_time,
)
from regiodesk.i18n import format_cents, format_date, format_decimal, format_percent_bp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22.11.2026", date(2026, 11, 22)),
        ("1.2.26", date(2026, 2, 1)),
        (" 29.02.2024 ", date(2024, 2, 29)),
        ("2026-11-22", date(2026, 11, 22)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_people_type(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["29.02.2026", "31.04.2026", "00.01.2026", "32.01.2026", "12.13.2026"])
def test_dates_that_do_not_exist_are_refused_in_german(text):
    with pytest.raises(ValueError, match="gibt es nicht"):
        parse_date(text)


@pytest.mark.parametrize("text", ["morgen", "22/11/2026", "22.11."])
def test_text_that_is_no_date_is_refused(text):
    with pytest.raises(ValueError, match="kein Datum"):
        parse_date(text)


def test_times_and_datetimes():
    assert parse_time("18:30") == time(18, 30)
    assert parse_time("9 Uhr") == time(9, 0)
    assert parse_datetime("22.11.2026 18:30") == datetime(2026, 11, 22, 18, 30)
    assert parse_datetime("22.11.2026") == datetime(2026, 11, 22, 0, 0)
    with pytest.raises(ValueError, match="gibt es nicht"):
        parse_time("24:00")
    with pytest.raises(ValueError, match="gibt es nicht"):
        parse_datetime("30.02.2026 10:00")


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234,50 €", 123450),
        ("1234,5", 123450),
        ("1234", 123400),
        ("1.234.567", 123456700),
        ("0,01", 1),
        ("12.50", 1250),
        ("€ 3 000,00", 300000),
        ("", None),
    ],
)
def test_money_in_german_and_plain_notation(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,234", "zwei Nachkommastellen"),
        ("zehn", "kein Geldbetrag"),
        ("-5", "negativ"),
        ("NaN", "kein Geldbetrag"),
    ],
)
def test_money_that_cannot_be_saved(text, message):
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_percent_limits():
    assert parse_percent("62,5 %") == 6250
    assert parse_percent("100") == 10000
    assert parse_percent("0") == 0
    with pytest.raises(ValueError, match="zwischen 0 und 100"):
        parse_percent("100,01")
    with pytest.raises(ValueError, match="zwei Nachkommastellen"):
        parse_percent("49,123")


def test_int_limits():
    assert parse_int("7", 0, 90) == 7
    with pytest.raises(ValueError, match="mindestens 0"):
        parse_int("-1", 0, 90)
    with pytest.raises(ValueError, match="ganze Zahl"):
        parse_int("7,5")


@given(st.integers(min_value=0, max_value=10**13))
def test_formatted_money_reads_back_to_the_same_cents(cents):
    assert parse_money(format_cents(cents)) == cents


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_formatted_dates_read_back(day):
    assert parse_date(format_date(day)) == day


def test_german_formats():
    assert format_cents(123450) == "1.234,50 €"
    assert format_cents(0) == "0,00 €"
    assert format_percent_bp(4500) == "45 %"
    assert format_percent_bp(6250) == "62,5 %"
    assert format_date(date(2026, 11, 2)) == "02.11.2026"


# Babel (CLDR data) is the reference for German numbers; the program formats them itself, the
# one pattern it needs, to keep Babel's import and locale data off the way to the first window.
_NUMBERS = st.one_of(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4),
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=2000)
@given(_NUMBERS, st.integers(min_value=0, max_value=4))
def test_german_numbers_are_formatted_as_babel_formats_them(value, digits):
    from babel.numbers import format_decimal as babel_format

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    assert format_decimal(value, digits) == babel_format(value, format=pattern, locale="de_DE")


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (Decimal("1234567.891"), 2, "1.234.567,89"),
        (Decimal("0.125"), 2, "0,12"),  # half to even, as Babel rounds
        (Decimal("0.135"), 2, "0,14"),
        (Decimal("2.5"), 0, "2"),
        (Decimal("-0.001"), 2, "-0,00"),  # Babel keeps the sign of a value rounded to zero
        (-1234, 0, "-1.234"),
        (999.995, 2, "1.000,00"),  # a float is taken as its shortest text, 999.995
        (0, 3, "0,000"),
    ],
)
def test_german_number_edges(value, digits, text):
    assert format_decimal(value, digits) == text


def test_quantities_in_thousandths():
    from regiodesk.domain.parse import parse_quantity

    assert parse_quantity("12,5") == 12500
    assert parse_quantity("1.250") == 1250000  # German thousands separator
    assert parse_quantity("0,125") == 125
    assert parse_quantity("") is None
    with pytest.raises(ValueError, match="drei Nachkommastellen"):
        parse_quantity("0,0005")
    with pytest.raises(ValueError, match="negativ"):
        parse_quantity("-3")


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_quantities_read_back(milli):
    from regiodesk.domain.parse import parse_quantity
    from regiodesk.fields import format_quantity

    assert parse_quantity(format_quantity(milli)) == milli
