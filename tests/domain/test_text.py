from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.text import matches, search_forms, sort_key


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


def test_search_finds_umlaut_and_transliterated_spellings():
    forms = search_forms("Jörg Müller, Gemeinde Weißenbrunn")
    for query in ("müller", "MUELLER", "muller", "jörg mül", "weissenbrunn", "joerg", "Weißenbrunn"):
        assert matches(forms, query), query
    assert not matches(forms, "meier")
    assert not matches(forms, "müller meier")


def test_accents_of_other_languages_are_ignored():
    assert matches(search_forms("François Lefèvre"), "francois lefevre")
    assert matches(search_forms("Ayşe Öztürk"), "ayse")
    assert matches(search_forms("Łukasz"), "łukasz")


@given(st.text(max_size=40))
def test_a_text_always_matches_itself(text):
    assert matches(search_forms(text), text)


@given(st.text(max_size=20), st.text(max_size=20))
def test_empty_query_matches_everything(a, b):
    assert matches(search_forms(a + b), "")
