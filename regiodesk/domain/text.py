"""German text for sorting and searching (pure, shared by lists, reports and the rules).

Sorting follows DIN 5007 variant 1 (dictionaries, name lists): ä, ö, ü sort as a, o, u and ß as
ss, so "Öztürk" stands with the O's. Searching ignores case and accents and accepts umlauts
written as ae/oe/ue, so "muller", "mueller" and "Müller" all find "Müller".
"""

from __future__ import annotations

import re
import unicodedata

# German users type "mueller", "muller" or "Müller" for the same person, so every
# row keeps two folded spellings: umlauts reduced to the base letter and
# transliterated (ä -> ae). A search term matches if it is in either.
# Folding uses C-level string functions only (NFKD, a regex, str.replace): 20,000
# contacts fold in a fraction of a second. Letters that do not decompose (ł, ø)
# stay as they are, so nothing becomes unfindable.
_MARKS = re.compile(r"[\u0300-\u036f]+")


def _spellings(text: str) -> tuple[str, str]:
    low = text.casefold()  # casefold also turns ß into ss
    if low.isascii():
        return low, low
    low = unicodedata.normalize("NFC", low)
    plain = _MARKS.sub("", unicodedata.normalize("NFKD", low))
    if "ä" not in low and "ö" not in low and "ü" not in low:
        return plain, plain
    translit = low.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return plain, _MARKS.sub("", unicodedata.normalize("NFKD", translit))


def search_key(text: str) -> str:
    """One string to search a row in: the folded text, then the words whose transliteration differs.

    A search term holds no whitespace, so it always lies within one word: keeping only
    the differing words of the second spelling finds the same rows with a key about half
    as long, which is what a keystroke's substring tests cost.
    """
    plain, translit = _spellings(text)
    if plain == translit:
        return plain
    plain_words, translit_words = plain.split(), translit.split()
    if len(plain_words) != len(translit_words):  # a letter folded into a space: keep all
        return f"{plain}\n{translit}"
    extra = " ".join(t for p, t in zip(plain_words, translit_words, strict=True) if t != p)
    return f"{plain}\n{extra}"


def spellings(text: str) -> tuple[str, str]:
    """``text`` folded as a search term is: (umlauts reduced, umlauts transliterated)."""
    return _spellings(text)


def search_terms(text: str) -> tuple[tuple[str, str], ...]:
    """The whitespace-separated terms of a filter, each in both spellings."""
    return tuple(_spellings(term) for term in text.split())


def matches(key: str, terms: tuple[tuple[str, str], ...]) -> bool:
    return all(plain in key or translit in key for plain, translit in terms)


def sort_key(text: str) -> str:
    """Ö sorts with O (DIN 5007-1), not after Z as plain casefold would."""
    return _spellings(text)[0]


# Characters that never belong in an office's text: C0 and C1 controls (NUL, BEL, ESC, …; Excel and
# openpyxl refuse them), DEL, and the bidirectional overrides (U+202A–U+202E, U+2066–U+2069), which
# can make a name or an amount display in a different order from the one stored.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Line breaks as Word, Outlook and old Macs write them (U+000B is Word's manual line break).
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` without control characters: what every entry point (import, form, sync) stores.

    Line breaks of any convention become ``\\n`` in multi-line text and a space in a single-line
    field; tabs stay in multi-line text and become a space elsewhere; other control characters
    and bidirectional overrides are dropped. Text without them is returned unchanged (the common
    case costs one regex search).
    """
    clean = not _CONTROL.search(value) and not _BREAKS.search(value)
    if clean and (multiline or ("\n" not in value and "\t" not in value)):
        return value
    value = _CONTROL.sub("", _BREAKS.sub("\n", value))
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return value
