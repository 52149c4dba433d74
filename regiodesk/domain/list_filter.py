"""The filter of a list: words that must all occur, each in any column or in one named column.

``Müller`` finds a row with Müller in any column; ``hf:3`` only rows whose Handlungsfeld holds
a 3 (not those with a 3 in an amount); ``status:bewilligt``, ``ort:"Bad Rodach"``. The column
is named by the beginning of its German heading or of a word in it, case and umlauts folded
(``forder:`` finds „förderfähige Kosten“, ``kosten:`` too), or by a common abbreviation
(``hf`` Handlungsfeld). A name that fits no column leaves the word as it is: ``10:30`` still
finds a time. A column named without a word after it (``hf:``, while typing) filters nothing.
Values are folded like every search (:mod:`regiodesk.domain.text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from regiodesk.domain.text import sort_key, spellings

#: Abbreviations the office uses for column headings (folded: ä -> a).
ABBREVIATIONS: dict[str, str] = {
    "hf": "handlungsfeld",
    "ez": "entwicklungsziel",
    "ig": "interessengruppe",
    "pt": "projekttrager",
}

# name:"several words" | name:word | "several words" | word
_TERM = re.compile(r'(?:([^\s:"]+):)?(?:"([^"]*)"?|(\S*))')
_WORD = re.compile(r"[^\W_]+")


class FilterTerm(NamedTuple):
    """One word of a filter: the column it must be in (None: any), in both spellings."""

    column: int | None
    plain: str
    translit: str


def column_named(name: str, labels: Sequence[str]) -> int | None:
    """The column whose heading ``name`` abbreviates (see the module), or None."""
    folded = sort_key(name)
    if not folded:
        return None
    wanted = ABBREVIATIONS.get(folded, folded)
    headings = [sort_key(label) for label in labels]
    for n, heading in enumerate(headings):
        if heading.startswith(wanted):
            return n
    for n, heading in enumerate(headings):
        if any(word.startswith(wanted) for word in _WORD.findall(heading)):
            return n
    return None


def filter_terms(text: str, labels: Sequence[str]) -> tuple[FilterTerm, ...]:
    """The terms of a typed filter for a list with these column headings (German, as shown)."""
    if ":" not in text and '"' not in text:  # the common case, as fast as before
        return tuple(FilterTerm(None, plain, translit) for plain, translit in map(spellings, text.split()))
    terms: list[FilterTerm] = []
    for match in _TERM.finditer(text):
        name, quoted, word = match.groups()
        whole = match.group(0)
        if not whole:
            continue
        value = quoted if quoted is not None else word
        column = column_named(name, labels) if name else None
        if name and column is None:
            value, column = whole.replace('"', ""), None  # no such column: the word as typed
        for part in [value] if quoted is not None else value.split():
            if part.strip():
                plain, translit = spellings(part.strip())
                terms.append(FilterTerm(column, plain, translit))
    return tuple(terms)


def refines(old: Sequence[FilterTerm], new: Sequence[FilterTerm]) -> bool:
    """Every row ``new`` lets through ``old`` did too (typing on narrows the list)."""
    return len(new) >= len(old) and all(
        o.column == n.column and o.plain in n.plain and o.translit in n.translit
        for o, n in zip(old, new, strict=False)
    )
