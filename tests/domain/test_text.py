from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from regiodesk.domain.text import clean_text, matches, search_key, search_terms, sort_key


def test_umlauts_sort_with_their_base_letter():
    names = ["Weißmüller", "Öztürk", "Ober", "Ozturk-Brandt", "Ärmel", "Zander", "armin"]
    assert sorted(names, key=sort_key) == [
        "Ärmel",
        "armin",
        "Ober",
        "Öztürk",
        "Ozturk-Brandt",
        "Weißmüller",
        "Zander",
    ]


def _finds(text: str, query: str) -> bool:
    return matches(search_key(text), search_terms(query))


def test_search_finds_umlaut_and_transliterated_spellings():
    for query in ("müller", "MUELLER", "muller", "jörg mül", "weissenbrunn", "joerg", "Weißenbrunn"):
        assert _finds("Jörg Müller, Gemeinde Weißenbrunn", query), query
    assert not _finds("Jörg Müller", "meier")
    assert not _finds("Jörg Müller", "müller meier")


def test_accents_of_other_languages_are_ignored():
    assert _finds("François Lefèvre", "francois lefevre")
    assert _finds("Ayşe Öztürk", "ayse")
    assert _finds("Łukasz", "łukasz")


@given(st.text(max_size=40))
def test_every_word_of_a_text_finds_it(text):
    assert _finds(text, text)


@given(st.text(max_size=20))
def test_empty_query_matches_everything(text):
    assert _finds(text, "")


# clean_text: what every entry point stores ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "single", "multi"),
    [
        ("Anna Becker", "Anna Becker", "Anna Becker"),
        ("Zeile 1\x0bZeile 2", "Zeile 1 Zeile 2", "Zeile 1\nZeile 2"),  # Word's manual line break
        ("a\r\nb\rc\nd", "a b c d", "a\nb\nc\nd"),
        ("Null\x00Byte\x07Klingel", "NullByteKlingel", "NullByteKlingel"),
        ("Preis \u202e€ 05\u202c", "Preis € 05", "Preis € 05"),  # bidi override
        ("Tab\tgetrennt", "Tab getrennt", "Tab\tgetrennt"),
        ("Absatz\u2029neu", "Absatz neu", "Absatz\nneu"),
        ("Müller-Lüdenscheidt ß €", "Müller-Lüdenscheidt ß €", "Müller-Lüdenscheidt ß €"),
        ("\x1b[31mrot", "[31mrot", "[31mrot"),
        ("", "", ""),
    ],
)
def test_clean_text_removes_controls_and_unifies_line_breaks(raw, single, multi):
    assert clean_text(raw) == single
    assert clean_text(raw, multiline=True) == multi


@given(st.text())
def test_clean_text_leaves_nothing_excel_refuses_and_is_idempotent(text):
    for multiline in (False, True):
        cleaned = clean_text(text, multiline=multiline)
        assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
        assert clean_text(cleaned, multiline=multiline) == cleaned
        if not multiline:
            assert "\n" not in cleaned and "\t" not in cleaned
