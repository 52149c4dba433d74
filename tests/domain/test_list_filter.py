"""The filter of a list names a column by the beginning of its heading: rules at their edges."""

from __future__ import annotations

from regiodesk.domain.list_filter import FilterTerm, column_named, filter_terms, refines

PROJECTS = ("Titel", "Projektträger", "Handlungsfeld", "Status", "förderfähige Kosten", "Zuschuss")


def test_plain_words_look_into_every_column_in_both_spellings():
    assert filter_terms("Müller  hf", PROJECTS) == (
        FilterTerm(None, "muller", "mueller"),
        FilterTerm(None, "hf", "hf"),
    )
    assert filter_terms("", PROJECTS) == ()


def test_a_column_is_named_by_the_beginning_of_its_heading_or_of_a_word_in_it():
    assert column_named("status", PROJECTS) == 3
    assert column_named("St", PROJECTS) == 3
    assert column_named("forder", PROJECTS) == 4  # umlauts folded
    assert column_named("förder", PROJECTS) == 4
    assert column_named("kosten", PROJECTS) == 4  # a later word of the heading
    assert column_named("projekt", PROJECTS) == 1
    assert column_named("träger", PROJECTS) is None  # inside a word: no
    assert column_named("", PROJECTS) is None


def test_the_abbreviations_of_the_office_name_their_column():
    assert column_named("hf", PROJECTS) == 2
    assert column_named("HF", PROJECTS) == 2
    assert column_named("pt", PROJECTS) == 1
    assert column_named("hf", ("Name", "Art")) is None


def test_a_column_term_and_a_quoted_value():
    assert filter_terms("hf:3", PROJECTS) == (FilterTerm(2, "3", "3"),)
    quoted = FilterTerm(0, "dorfladen weiss", "dorfladen weiss")
    assert filter_terms('titel:"Dorfladen Weiß"', PROJECTS) == (quoted,)
    assert filter_terms('titel:"Dorf', PROJECTS) == (FilterTerm(0, "dorf", "dorf"),)  # still typing
    assert filter_terms("müller status:bewilligt", PROJECTS) == (
        FilterTerm(None, "muller", "mueller"),
        FilterTerm(3, "bewilligt", "bewilligt"),
    )


def test_a_name_that_fits_no_column_leaves_the_word_as_typed():
    assert filter_terms("10:30", PROJECTS) == (FilterTerm(None, "10:30", "10:30"),)
    assert filter_terms("https://example.org", PROJECTS) == (
        FilterTerm(None, "https://example.org", "https://example.org"),
    )


def test_a_column_named_without_a_word_filters_nothing_yet():
    assert filter_terms("hf:", PROJECTS) == ()
    assert filter_terms('hf:""', PROJECTS) == ()


def test_typing_on_refines_only_within_the_same_column():
    typed = [filter_terms(text, PROJECTS) for text in ("h", "hf", "hf:", "hf:3", "hf:3 m")]
    assert refines(typed[0], typed[1])
    assert not refines(typed[1], typed[2])  # "hf" everywhere -> nothing yet: the list grows
    assert refines(typed[2], typed[3])
    assert refines(typed[3], typed[4])
    assert not refines(filter_terms("hf:3", PROJECTS), filter_terms("3", PROJECTS))
