"""Display texts and search folding, the Qt-free half of the lists."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from regiodesk.domain.enums import BodyType
from regiodesk.domain.text import matches, search_key, search_terms, sort_key
from regiodesk.fields import Kind, from_log
from regiodesk.fields import display_value as display


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (123450, Kind.MONEY, "1.234,50 €"),
        (6250, Kind.PERCENT, "62,5 %"),
        (date(2026, 11, 22), Kind.DATE, "22.11.2026"),
        (datetime(2026, 11, 22, 18, 30), Kind.DATETIME, "22.11.2026 18:30"),
        (True, Kind.BOOL, "ja"),
        (False, Kind.BOOL, "nein"),
        (7, Kind.INT, "7"),
        (12.5, Kind.TEXT, "12,5"),
        (None, Kind.MONEY, ""),
    ],
)
def test_display_is_german(value, kind, text):
    assert display(value, kind) == text


def test_display_uses_enum_labels_and_local_time():
    assert display("lenkungsgruppe", Kind.CHOICE, BodyType) == "Lenkungsgruppe"
    utc = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
    assert display(utc, Kind.DATETIME) == display(utc.astimezone().replace(tzinfo=None), Kind.DATETIME)


def test_from_log_restores_dates():
    assert from_log("2026-02-28", Kind.DATE) == date(2026, 2, 28)
    assert from_log("2026-02-28T18:00:00", Kind.DATETIME) == datetime(2026, 2, 28, 18, 0)
    assert from_log("kein Datum", Kind.DATE) == "kein Datum"


@pytest.mark.parametrize("query", ["muller", "mueller", "Müller", "MÜLLER", "jürg", "juergen", "jurgen"])
def test_umlauts_are_found_in_every_spelling(query):
    assert matches(search_key("Müller, Jürgen"), search_terms(query))


@pytest.mark.parametrize(
    ("text", "query"),
    [("Weiß", "weiss"), ("Ayşe Öztürk", "ayse oz"), ("Renée", "renee"), ("Mueller", "müller")],
)
def test_accents_and_sharp_s_fold(text, query):
    assert matches(search_key(text), search_terms(query))


def test_all_terms_must_match():
    key = search_key("Müller, Jürgen Coburg")
    assert matches(key, search_terms("coburg müller"))
    assert not matches(key, search_terms("coburg schäfer"))
    assert matches(key, search_terms("   "))


def test_umlauts_sort_with_their_base_letter():
    names = ["Zahn", "Öztürk", "Otto", "Ärger", "Abel"]
    assert sorted(names, key=sort_key) == ["Abel", "Ärger", "Otto", "Öztürk", "Zahn"]
