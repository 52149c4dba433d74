"""Values that must name an entry of a list (a Handlungsfeld, a status, a Projektaufruf …).

An office's old list writes them its own way ("HF 1 Daseinsvorsorge" where the region now
says "HF 1 Lebensqualität und Daseinsvorsorge"). A value that matches no entry is not a dead
end: the preview lists it once with the rows that use it, suggests entries (by code, then by
similarity) and the user maps it, creates it, or leaves the field empty. A suggestion is only
ever offered, never applied unseen. Choices are remembered with the column mapping.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.imports.reader import header_key

#: A value's choice: map to an entry ("map:<id>"), create the entry, or leave the field empty.
MAP, CREATE, EMPTY = "map:", "create", "empty"
#: What happens to a value nobody chose for (as before choices existed):
#: the row is not imported, the field stays empty with a warning, or the text is kept as written.
UNRESOLVED_ERROR, UNRESOLVED_EMPTY, UNRESOLVED_KEEP = "error", "empty", "keep"

_CODE = re.compile(r"^\s*([A-Za-zÄÖÜäöü]{1,6}\.?\s*\d+(?:[.,]\d+)*)\b")


def value_key(text: str) -> str:
    """A value for matching: case, umlauts, spaces and punctuation folded ('HF 1' = 'hf1')."""
    return header_key(text)


def leading_code(text: str) -> str:
    """'HF 1' of 'HF 1 Daseinsvorsorge', 'EZ 1.2' of 'EZ 1.2: Nahversorgung'; '' if none."""
    match = _CODE.match(text or "")
    return match.group(1) if match else ""


@dataclass(frozen=True)
class Entry:
    """An entry a value may be mapped to (an action field; a status: its value and label)."""

    id: str
    code: str
    name: str

    def display(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class Catalogue:
    """The entries one field's values must name, and what to do with a value naming none."""

    field: str
    label: str
    #: Entries a value may be mapped to (active entries only: a deactivated one takes no new data)
    entries: list[Entry]
    #: value key -> entry id for every spelling that names an entry directly
    words: dict[str, str]
    can_create: bool = False
    unresolved: str = UNRESOLVED_ERROR
    #: The row's reason when nobody chose for the value (``unresolved`` error or empty)
    unknown_message: Callable[[str], str] = lambda text: tr("„{value}“ gibt es nicht.", value=text)

    def find(self, text: str) -> str | None:
        return self.words.get(value_key(text))

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def named(self, text: str) -> Entry | None:
        """The entry a user names by its code, its name or both (for ``--map``)."""
        key = value_key(text)
        if not key:
            return None
        for pick in (lambda e: e.code, lambda e: e.display(), lambda e: e.name, lambda e: e.id):
            found = [e for e in self.entries if value_key(pick(e)) == key]
            if found:
                return found[0]
        return None

    def suggestions(self, text: str, limit: int = 3) -> list[Entry]:
        """Entries the value probably means: the same code first ("HF 1 Daseinsvorsorge" ->
        "HF 1 Lebensqualität und Daseinsvorsorge"), then by similarity of the words."""
        code = value_key(leading_code(text))
        key = value_key(text)
        scored: list[tuple[float, int, Entry]] = []
        for position, entry in enumerate(self.entries):
            if code and entry.code and value_key(entry.code) == code:
                score = 2.0
            else:
                names = [value_key(entry.name), value_key(entry.display())]
                score = max(SequenceMatcher(None, key, n).ratio() for n in names)
                if any(len(n) >= 4 and (n in key or key in n) for n in names if n and key):
                    score = max(score, 0.9)
            if score >= 0.6:
                scored.append((score, position, entry))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [entry for _score, _position, entry in scored[:limit]]


@dataclass
class UnknownValue:
    """A value of the file that names no entry, once per field and spelling, with its rows."""

    field: str
    label: str
    text: str
    rows: list[int]
    suggestions: list[Entry]
    can_create: bool
    #: The choice in force (``MAP`` + id, ``CREATE``, ``EMPTY``) or None: nobody chose
    choice: str | None = None
    #: The choice came from an earlier import (remembered), not from this one
    remembered: bool = False
    entries: list[Entry] = dataclasses.field(default_factory=list)  # `field` is a column here
    unresolved: str = UNRESOLVED_ERROR
    #: The user chose for this value in this import (even "no choice", which forgets a remembered one)
    chosen: bool = False

    @property
    def key(self) -> str:
        return choice_key(self.field, self.text)

    def choice_text(self) -> str:
        """The choice in words, for the preview and the CLI."""
        if self.choice == CREATE:
            return tr("neu anlegen")
        if self.choice == EMPTY:
            return tr("leer lassen")
        if self.choice and self.choice.startswith(MAP):
            target = next((e for e in self.entries if e.id == self.choice[len(MAP) :]), None)
            return "→ " + (target.display() if target else "?")
        return self.unresolved_text()

    def unresolved_text(self) -> str:
        """What happens to the value while nobody chose for it."""
        if self.unresolved == UNRESOLVED_KEEP:
            return tr("so übernehmen, wie geschrieben")
        if self.unresolved == UNRESOLVED_EMPTY:
            return tr("nicht zugeordnet: bleibt leer")
        return tr("nicht zugeordnet: Zeilen werden nicht importiert")


@dataclass(frozen=True)
class NewEntry:
    """Stands for the id of an entry created when the import is written."""

    field: str
    text: str


def choice_key(field_name: str, text: str) -> str:
    return f"{field_name}|{value_key(text)}"


def valid_choice(catalogue: Catalogue, choice: str | None) -> str | None:
    """The choice if it still fits the catalogue (its target exists and is active), else None."""
    if choice == EMPTY:
        return choice
    if choice == CREATE:
        return choice if catalogue.can_create else None
    if choice and choice.startswith(MAP) and catalogue.entry(choice[len(MAP) :]) is not None:
        return choice
    return None


def parse_map_option(
    spec: str, catalogues: Mapping[str, Catalogue], labels: Mapping[str, str]
) -> tuple[str, str]:
    """``"Handlungsfeld:HF 3 Tourismus=HF 2"`` -> (choice key, choice); a German error otherwise.

    The field is named by its label (or the label of its column kind); the target by its code or
    its name; an empty target leaves the field empty.
    """
    field_text, colon, rest = spec.partition(":")
    value, equals, target = rest.rpartition("=")
    if not colon or not equals or not field_text.strip() or not value.strip():
        raise DomainError(
            tr(
                "--map „{spec}“: bitte als FELD:WERT=ZIEL angeben, z. B. "
                "„Handlungsfeld:HF 3 Tourismus=HF 2“.",
                spec=spec,
            )
        )
    wanted = value_key(field_text)
    catalogue = next(
        (
            c
            for name, c in catalogues.items()
            if wanted in (value_key(name), value_key(c.label), value_key(labels.get(name, "")))
        ),
        None,
    )
    if catalogue is None:
        raise DomainError(
            tr(
                "--map „{spec}“: Das Feld „{field}“ hat keine Werteliste. Möglich: {names}.",
                spec=spec,
                field=field_text.strip(),
                names=", ".join(c.label for c in catalogues.values()),
            )
        )
    if not target.strip():
        return choice_key(catalogue.field, value.strip()), EMPTY
    entry = catalogue.named(target.strip())
    if entry is None:
        raise DomainError(
            tr(
                "--map „{spec}“: „{target}“ gibt es bei {label} nicht. Vorhanden: {names}.",
                spec=spec,
                target=target.strip(),
                label=catalogue.label,
                names=", ".join(e.display() for e in catalogue.entries) or tr("keines"),
            )
        )
    return choice_key(catalogue.field, value.strip()), MAP + entry.id
