"""Names as offices write them: salutation and academic titles in their own fields, in a
whole-name cell and in separate first/last name cells alike (domain.contact_rules)."""

from __future__ import annotations

import pytest

from regiodesk.domain.contact_rules import NameParts, clean_name_parts, is_title_word, split_name


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Frau Gertrud Ölschläger", ("Frau", "", "Gertrud", "Ölschläger")),
        ("Herrn Dr. med. Hans-Peter Müller", ("Herr", "Dr. med.", "Hans-Peter", "Müller")),
        ("Prof. Dr. Anna Schmidt", ("", "Prof. Dr.", "Anna", "Schmidt")),
        ("Frau Dipl.-Ing. Eva Ölschläger", ("Frau", "Dipl.-Ing.", "Eva", "Ölschläger")),
        ("Müller, Hans", ("", "", "Hans", "Müller")),
        ("von der Heide, Jan", ("", "", "Jan", "von der Heide")),
        ("Hans von der Heide", ("", "", "Hans", "von der Heide")),
        ("Dr. Öztürk", ("", "Dr.", "", "Öztürk")),
        ("Müller, Dr. Hans", ("", "Dr.", "Hans", "Müller")),
        ("Schmidt, Frau Prof. Dr. Anna", ("Frau", "Prof. Dr.", "Anna", "Schmidt")),
        ("Herr Dr.-Ing. Jean-Luc de la Fontaine", ("Herr", "Dr.-Ing.", "Jean-Luc", "de la Fontaine")),
        ("Divers Kim Weber", ("Divers", "", "Kim", "Weber")),
        ("Hr. Dr Klaus Drews", ("Herr", "Dr", "Klaus", "Drews")),
        ("Drews", ("", "", "", "Drews")),  # 'Dr' at the start of a name is no title
        ("Herr", ("", "", "", "Herr")),  # a single word is the name (Herr is a surname too)
        ("", ("", "", "", "")),
    ],
)
def test_a_whole_name_is_split_into_its_fields(text, parts):
    assert split_name(text) == NameParts(*parts)


@pytest.mark.parametrize(
    ("columns", "parts"),
    [
        # the whole name in the "Name" column beside an empty "Vorname"
        (("", "", "", "Frau Gertrud Ölschläger"), ("Frau", "", "Gertrud", "Ölschläger")),
        (("", "", "Ayşe", "Dr. Öztürk"), ("", "Dr.", "Ayşe", "Öztürk")),
        (("", "Dr.", "Ayşe", "Dr. Öztürk"), ("", "Dr.", "Ayşe", "Öztürk")),  # the title once
        (("Hr.", "", "Prof. Dr. Hans", "Müller"), ("Herr", "Prof. Dr.", "Hans", "Müller")),
        (("", "", "Herr Hans", "Müller"), ("Herr", "", "Hans", "Müller")),
        (("Frau", "", "", "Dipl.-Ing. Eva Ölschläger"), ("Frau", "Dipl.-Ing.", "Eva", "Ölschläger")),
        (("", "", "", "von der Heide"), ("", "", "", "von der Heide")),  # a last name, not split
        (("", "", "", "Müller Lüdenscheidt"), ("", "", "", "Müller Lüdenscheidt")),  # no guessing
        (("", "", "Hans", "Müller"), ("", "", "Hans", "Müller")),
        (("", "", "", ""), ("", "", "", "")),
    ],
)
def test_separate_name_columns_give_salutation_and_title_their_fields(columns, parts):
    assert clean_name_parts(*columns) == NameParts(*parts)


@pytest.mark.parametrize("word", ["Dr.", "Dr", "Prof.", "Dipl.-Ing.", "Dr.-Ing.", "med.", "rer.", "M.A."])
def test_title_words(word):
    assert is_title_word(word)


@pytest.mark.parametrize("word", ["Drews", "Professor", "Ingrid", "Magda", "Med", "Hans"])
def test_names_that_begin_like_a_title_are_none(word):
    assert not is_title_word(word)
