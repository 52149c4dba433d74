from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.text import matches, search_key, search_terms, sort_key


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
