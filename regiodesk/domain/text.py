"""German text for sorting and searching.

Sorting follows DIN 5007 variant 1 (dictionaries, name lists): ä, ö, ü sort as a, o, u and ß as
ss, so "Öztürk" stands with the O's. Searching additionally ignores case and accents, so
"muller", "mueller" and "Müller" all find "Müller".
"""

from __future__ import annotations

import unicodedata

_UMLAUTS_AS_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text: str | None) -> str:
    """Key for sorting names and titles the German way (DIN 5007-1), case-insensitively."""
    return _strip_accents((text or "").casefold())


def search_forms(text: str | None) -> str:
    """Every spelling a search should match: folded accents, and umlauts written as ae/oe/ue."""
    folded = (text or "").casefold()
    plain = _strip_accents(folded)
    with_e = _strip_accents(folded.translate(_UMLAUTS_AS_E))
    return plain if plain == with_e else f"{plain} {with_e}"


def matches(haystack_forms: str, query: str) -> bool:
    """Whether every word of ``query`` occurs in ``haystack_forms`` (made by :func:`search_forms`)."""
    return all(_strip_accents(term) in haystack_forms for term in query.casefold().split())
