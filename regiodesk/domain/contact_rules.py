"""Contacts as offices type them: names, e-mail addresses, phone numbers, "PLZ Ort", duplicates.

Pure functions (standard library only), shared by the import, the entry form's duplicate check
and the batch "Dubletten finden". Each normaliser returns the clean value or raises
``ValueError`` with a German message.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# ----------------------------------------------------------------------------- e-mail
_EMAIL_SPLIT = re.compile(r"[;,|\n\r\t]+|\s+/\s+|\s+(?:und|oder|u\.)\s+")
_BRACKETED = re.compile(r"<([^<>]+@[^<>]+)>")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_AROUND_AT = re.compile(r"\s*@\s*")
_SPACES = re.compile(r"\s+")


def split_email_cell(text: str) -> list[str]:
    """The e-mail addresses a cell names, trimmed but otherwise as written (not yet checked).

    Accepts two addresses in one cell ("a@x.de; b@y.de", "a@x.de / b@y.de", "a@x.de b@y.de"),
    spaces around the @ ("max.muster @ web.de"), "mailto:" and "Name <a@x.de>". A part that
    is no address at all is returned as it is, for the check to name it.
    """
    text = (text or "").replace("\u00a0", " ").strip()
    if not text:
        return []
    if text.startswith("="):
        return [text]  # an Excel formula: the check names it as invalid
    found: list[str] = []
    for part in _EMAIL_SPLIT.split(text):
        bracket = _BRACKETED.search(part)
        if bracket:
            part = bracket.group(1)
        part = _MAILTO.sub("", part.strip().strip("<>\"'()[]").strip()).strip()
        if not part:
            continue
        part = _AROUND_AT.sub("@", part)
        words = part.split()
        if part.count("@") > 1 and all(w.count("@") == 1 for w in words):
            found.extend(words)  # addresses separated by spaces only
        else:
            found.append(part)
    return list(dict.fromkeys(found))


# ----------------------------------------------------------------------------- phone
_STORED_PHONE = re.compile(r"^\+([1-9]\d{0,2}) (\d+)(?: (\d+))?(?: ext\. (\d+))?$")


def parse_stored_phone(text: str) -> tuple[str, str, str, str] | None:
    """A number in the stored form ('+49 9561 12345 ext. 12') as (country, area, number,
    extension); None for anything else (a number kept as typed, or from an older version)."""
    match = _STORED_PHONE.match(text or "")
    if match is None:
        return None
    country, area, number, extension = match.groups()
    if number is None:
        area, number = "", area
    if country == "49" and area.startswith("0"):
        return None  # '+49 0171 …' from an older version: the 0 is no part of the number
    return country, area, number, extension or ""


def display_phone(text: str) -> str:
    """A stored number as German offices write it (DIN 5008).

    '+49 171 1234567' -> '0171 1234567', '+49 9561 12345 ext. 12' -> '09561 12345-12',
    '+43 1 234567' stays (a foreign number keeps its country code). Anything else is shown
    as stored.
    """
    parts = parse_stored_phone(text)
    if parts is None:
        return text or ""
    country, area, number, extension = parts
    if country == "49":
        shown = f"0{area} {number}" if area else f"0{number}"
    else:
        shown = f"+{country} {area} {number}" if area else f"+{country} {number}"
    return f"{shown}-{extension}" if extension else shown


# ----------------------------------------------------------------------------- postal code and town
_PLZ_CITY = re.compile(r"^\s*(?:(?:D|DE)\s*-\s*)?(\d{4,5})\s*,?\s*(.*?)\s*$", re.IGNORECASE)


def split_postal_city(text: str) -> tuple[str, str]:
    """'96450 Coburg' -> ('96450', 'Coburg'); 'D-01067 Dresden', 'Coburg' -> ('', 'Coburg')."""
    text = (text or "").strip()
    match = _PLZ_CITY.match(text)
    if match:
        code, city = match.groups()
        return code.zfill(5), city
    return "", text


# ----------------------------------------------------------------------------- names
SALUTATIONS = {
    "herr": "Herr",
    "herrn": "Herr",
    "frau": "Frau",
    "hr.": "Herr",
    "fr.": "Frau",
    "divers": "Divers",
}
# One word of an academic title: 'Dr.', 'Prof.', 'Dipl.-Ing.', 'Dr.-Ing.', 'med.', 'rer.', 'h.c.',
# 'M.A.', 'Dipl.-Ing.(FH)'. Written without a dot only 'Dr', 'Prof' and 'MBA' count.
_TITLE_WORD = re.compile(
    r"^(?:prof|dr|dipl|ing|mag|med|dent|vet|rer|nat|pol|oec|soc|phil|jur|theol|habil|h\.\s?c|"
    r"mba|m\.\s?a|b\.\s?a|m\.\s?sc|b\.\s?sc|ll\.\s?m|m\.\s?eng|b\.\s?eng)\.?"
    r"(?:-[a-zäöü]+\.?)*(?:\s?\(fh\))?$",
    re.IGNORECASE,
)
_UNDOTTED_TITLES = {"dr", "prof", "mba"}
_PARTICLES = {
    "von",
    "van",
    "de",
    "der",
    "den",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "zu",
    "zum",
    "ten",
}


@dataclass(frozen=True)
class NameParts:
    salutation: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""


def is_title_word(word: str) -> bool:
    """'Dr.', 'Prof', 'Dipl.-Ing.', 'med.' (a word of an academic title); 'Drews' is none."""
    return bool(_TITLE_WORD.match(word)) and ("." in word or word.lower() in _UNDOTTED_TITLES)


def _take_prefixes(words: list[str]) -> tuple[str, list[str], list[str]]:
    """Salutation and academic titles in front of a name: ('Frau', ['Dr.'], ['Ayşe', 'Öztürk'])."""
    salutation = ""
    titles: list[str] = []
    words = list(words)
    while len(words) > 1 or (words and (salutation or titles)):
        word = words[0]
        if word.lower() in SALUTATIONS and not salutation and not titles:
            salutation = SALUTATIONS[word.lower()]
        elif is_title_word(word):
            titles.append(word)
        else:
            break
        words.pop(0)
    return salutation, titles, words


def split_name(text: str) -> NameParts:
    """A full name in one cell, as people write it.

    'Frau Dr. Ayşe Öztürk', 'Herrn Dr. med. Hans-Peter Müller', 'Müller, Hans',
    'von der Heide, Jan', 'Prof. Dr.-Ing. Jean-Luc de la Fontaine', 'Hans von der Heide':
    salutation, academic titles and name particles (von, de la, …) go where they belong.
    """
    text = _SPACES.sub(" ", (text or "").strip())
    if not text:
        return NameParts()
    if "," in text:
        last, _, rest = text.partition(",")
        salutation, titles, first_words = _take_prefixes(rest.split())
        before, more_titles, last_words = _take_prefixes(last.split())
        return NameParts(
            salutation or before,
            " ".join(more_titles + titles),
            " ".join(first_words),
            " ".join(last_words),
        )
    salutation, titles, words = _take_prefixes(text.split())
    if not words:
        return NameParts(salutation, " ".join(titles), "", "")
    if len(words) == 1:
        return NameParts(salutation, " ".join(titles), "", words[0])
    # The last name starts at the first particle after the first word, else it is the last word.
    start = len(words) - 1
    for n in range(1, len(words) - 1):
        if words[n].lower() in _PARTICLES:
            start = n
            break
    return NameParts(salutation, " ".join(titles), " ".join(words[:start]), " ".join(words[start:]))


def clean_name_parts(salutation: str, title: str, first_name: str, last_name: str) -> NameParts:
    """Separate name columns as offices fill them, each part in its field.

    'Dr. Öztürk' in the last name gives the title 'Dr.'; 'Frau Gertrud Ölschläger' in the
    last name with no first name is split; 'Herr' or 'Prof. Dr.' in front of a first name
    likewise. A salutation or title already given wins; a title named twice is kept once.
    """
    salutation = normalize_salutation(salutation)
    titles = title.split() if title else []
    first_salutation, first_titles, first_words = _take_prefixes((first_name or "").split())
    last_salutation, last_titles, last_words = _take_prefixes((last_name or "").split())
    first = " ".join(first_words) if (first_salutation or first_titles) else (first_name or "").strip()
    last = " ".join(last_words) if (last_salutation or last_titles) else (last_name or "").strip()
    if not first and (last_salutation or last_titles) and len(last_words) > 1:
        parts = split_name(last)  # the whole name in the last name column
        first, last = parts.first_name, parts.last_name
    for word in first_titles + last_titles:
        if word not in titles:
            titles.append(word)
    return NameParts(salutation or first_salutation or last_salutation, " ".join(titles), first, last)


# ----------------------------------------------------------------------------- matching
_MARKS = re.compile(r"[\u0300-\u036f]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_STREET = re.compile(r"stra(?:ss|s)e\b|str\b\.?")
_LEGAL_FORMS = re.compile(
    r"\b(?:e\s*\.?\s*v|ev|gmbh|ggmbh|ug|ag|kg|eg|gbr|ohg|mbh|co|kgaa|haftungsbeschraenkt)\b\.?"
)


def fold(text: str) -> str:
    """Case, accents, umlaut spellings and ß folded: 'Müller', 'Mueller', 'MULLER' -> 'muller'."""
    low = (text or "").casefold()  # ß -> ss
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low)
        low = _MARKS.sub("", low)
        low = low.replace("ı", "i").replace("ø", "o").replace("ł", "l").replace("æ", "ae")
    # 'ue' and 'u' alike: Mueller = Müller = Muller (as re.sub("([aou])e", r"\1"), faster)
    return low.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A person's name part for comparing: folded, without spaces, hyphens and dots."""
    return _NOT_ALNUM.sub("", fold(text))


@lru_cache(maxsize=65536)
def organisation_key(text: str) -> str:
    """An institution's name for comparing: 'Heimatverein Obermain e. V.' = 'Heimatverein Obermain eV'."""
    folded = fold(text)
    folded = _LEGAL_FORMS.sub(" ", folded)
    return _NOT_ALNUM.sub("", folded)


@lru_cache(maxsize=65536)
def street_key(text: str) -> str:
    """'Hauptstraße 5' = 'Hauptstr. 5' = 'Haupt-Str.5'."""
    folded = fold(text)
    folded = _STREET.sub("str", folded)
    return _NOT_ALNUM.sub("", folded)


@dataclass(frozen=True)
class MatchRecord:
    """What duplicate detection looks at of a contact (or of a row about to become one)."""

    id: str
    kind: str = "person"
    first_name: str = ""
    last_name: str = ""
    organisation: str = ""
    emails: tuple[str, ...] = ()
    postal_code: str = ""
    street: str = ""
    city: str = ""
    #: Phone numbers as comparison keys (normalised once per contact by the caller: the
    #: library that reads them is no stdlib), e.g. '4995611234'.
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class DuplicateMatch:
    """Two contacts that are probably one, and why (German, for the user)."""

    a: str
    b: str
    reason: str
    strong: bool  # same e-mail address: almost certainly the same


@dataclass
class _Keys:
    record: MatchRecord
    first: str
    last: str
    org: str
    address: str


def _keys(record: MatchRecord) -> _Keys:
    address = ""
    if record.street and (record.postal_code or record.city):
        address = f"{record.postal_code or name_key(record.city)}|{street_key(record.street)}"
    return _Keys(
        record,
        name_key(record.first_name),
        name_key(record.last_name),
        organisation_key(record.organisation),
        address,
    )


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance at most 1 (one typo), in linear time."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return (
            a[i + 1 :] == b[i + 1 :]
            or (  # substitution, or two neighbours swapped
                i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
            )
        )
    return a[i:] == b[i + 1 :]


def _similar_names(x: _Keys, y: _Keys) -> bool:
    if not x.last or not y.last:
        return False
    if x.last != y.last and not (min(len(x.last), len(y.last)) >= 5 and _within_one_edit(x.last, y.last)):
        return False
    if not x.first or not y.first:
        return True
    return x.first == y.first or (x.first[0] == y.first[0] and (len(x.first) == 1 or len(y.first) == 1))


def _pair_reason(x: _Keys, y: _Keys, place: str) -> str | None:
    """Why two records in the same institution or address block are one, if they are."""
    rx, ry = x.record, y.record
    if rx.kind == "institution" and ry.kind == "institution":
        if x.org and x.org == y.org:
            return "gleicher Name der Institution"
        return None
    if rx.kind != ry.kind:
        return None
    if _similar_names(x, y):
        return f"ähnlicher Name {place}"
    return None


class DuplicateIndex:
    """Contacts indexed by blocking keys, so that a record is compared with few others only.

    Blocks: each e-mail address; the institution's name; the address (postal code and street);
    each phone number (compared normalised: '09561 12345' = '+49 9561 12345').
    A pair is a duplicate when it shares an e-mail address, or when its names are similar
    (folded spelling equal or one typo apart, first names equal or an initial) within an
    institution, an address or a phone number block. 20,000 contacts are indexed and compared in well under
    a second because blocks are small.
    """

    def __init__(self, records: Iterable[MatchRecord] = ()):
        self._by_email: dict[str, list[str]] = defaultdict(list)
        self._by_org: dict[str, list[_Keys]] = defaultdict(list)
        self._by_address: dict[str, list[_Keys]] = defaultdict(list)
        self._by_phone: dict[str, list[_Keys]] = defaultdict(list)
        # Per block: which members can match at all (see _BlockIndex), so that a record is not
        # compared with all 300 people of a Landratsamt. Only big blocks get one (see _put).
        self._org_index: dict[str, _BlockIndex] = {}
        self._address_index: dict[str, _BlockIndex] = {}
        self._phone_index: dict[str, _BlockIndex] = {}
        self._by_id: dict[str, _Keys] = {}
        for record in records:
            self.add(record)

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, record: MatchRecord) -> None:
        self._add(record, _keys(record))

    def _add(self, record: MatchRecord, keys: _Keys) -> None:
        self._by_id[record.id] = keys
        for email in record.emails:
            self._by_email[email.lower()].append(record.id)
        if keys.org:
            _put(self._by_org[keys.org], self._org_index, keys.org, keys)
        if keys.address:
            _put(self._by_address[keys.address], self._address_index, keys.address, keys)
        for phone in dict.fromkeys(record.phones):
            if phone:
                _put(self._by_phone[phone], self._phone_index, phone, keys)

    def match_and_add(self, record: MatchRecord) -> list[DuplicateMatch]:
        """:meth:`matches`, then :meth:`add` (an import row against the rows before it)."""
        keys = _keys(record)
        found = self._matches(record, keys)
        self._add(record, keys)
        return found

    def matches(self, record: MatchRecord) -> list[DuplicateMatch]:
        """The indexed records that ``record`` probably duplicates (itself excluded), strongest first."""
        return self._matches(record, _keys(record))

    def _matches(self, record: MatchRecord, keys: _Keys) -> list[DuplicateMatch]:
        found: dict[str, DuplicateMatch] = {}
        for email in record.emails:
            for oid in self._by_email.get(email.lower(), ()):
                if oid != record.id and oid not in found:
                    found[oid] = DuplicateMatch(record.id, oid, f"gleiche E-Mail-Adresse {email}", True)
        blocks_of_record = [
            (self._by_org, self._org_index, keys.org, "bei derselben Institution"),
            (self._by_address, self._address_index, keys.address, "unter derselben Adresse"),
        ]
        blocks_of_record += [
            (self._by_phone, self._phone_index, phone, "mit derselben Telefonnummer")
            for phone in dict.fromkeys(record.phones)
        ]
        for blocks, indexes, key, place in blocks_of_record:
            if not key or key not in blocks:
                continue
            members = blocks[key]
            index = indexes.get(key)
            for position in index.candidates(keys) if index is not None else range(len(members)):
                other = members[position]
                oid = other.record.id
                if oid == record.id or oid in found:
                    continue
                reason = _pair_reason(keys, other, place)
                if reason:
                    found[oid] = DuplicateMatch(record.id, oid, reason, False)
        return sorted(found.values(), key=lambda m: not m.strong)

    def all_pairs(self) -> list[DuplicateMatch]:
        """Every duplicate pair among the indexed records, each once (a < b)."""
        pairs: dict[tuple[str, str], DuplicateMatch] = {}

        def put(a: str, b: str, reason: str, strong: bool) -> None:
            key = (a, b) if a < b else (b, a)
            if key not in pairs or (strong and not pairs[key].strong):
                pairs[key] = DuplicateMatch(key[0], key[1], reason, strong)

        for email, ids in self._by_email.items():
            unique = list(dict.fromkeys(ids))
            for i, a in enumerate(unique):
                for b in unique[i + 1 :]:
                    put(a, b, f"gleiche E-Mail-Adresse {email}", True)
        for blocks, place in (
            (self._by_org, "bei derselben Institution"),
            (self._by_address, "unter derselben Adresse"),
            (self._by_phone, "mit derselben Telefonnummer"),
        ):
            for members in blocks.values():
                if len(members) < 2:
                    continue
                for group in _sub_blocks(members):
                    for i, x in enumerate(group):
                        for y in group[i + 1 :]:
                            key = (x.record.id, y.record.id) if x.record.id < y.record.id else None
                            if key is None:
                                key = (y.record.id, x.record.id)
                            if key in pairs:
                                continue
                            reason = _pair_reason(x, y, place)
                            if reason:
                                put(x.record.id, y.record.id, reason, False)
        return sorted(pairs.values(), key=lambda m: (not m.strong, m.a, m.b))


#: A block up to this size is compared member by member; a bigger one gets a _BlockIndex.
#: Most blocks (an address, a small association) hold one or two contacts, and indexing
#: each of them cost more than the comparisons it saves.
_SMALL_BLOCK = 8


def _put(members: list[_Keys], indexes: dict[str, _BlockIndex], key: str, keys: _Keys) -> None:
    """Append ``keys`` to a block, indexing the block once it is no longer small."""
    index = indexes.get(key)
    if index is not None:
        index.add(keys, len(members))
    elif len(members) >= _SMALL_BLOCK:
        index = indexes[key] = _BlockIndex()
        for position, member in enumerate(members):
            index.add(member, position)
        index.add(keys, len(members))
    members.append(keys)


class _BlockIndex:
    """The members of one block that can be a duplicate of a record, by position in the block.

    Institutions match on the same name; persons on a last name equal or one edit apart, and
    two names one edit apart (a letter changed, added, dropped, or two swapped) share a
    variant with one letter deleted (or the name itself). Candidates are then checked by
    :func:`_pair_reason` as before, in block order: the result is the same as comparing with
    every member, without doing so.
    """

    __slots__ = ("_by_last", "_institutions", "_variants")

    def __init__(self) -> None:
        self._by_last: dict[tuple[str, str], list[int]] = {}
        self._variants: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._institutions: dict[str, list[int]] = defaultdict(list)

    def add(self, keys: _Keys, position: int) -> None:
        if keys.record.kind == "institution":
            if keys.org:
                self._institutions[keys.org].append(position)
        elif keys.last:
            kind = keys.record.kind
            positions = self._by_last.get((kind, keys.last))
            if positions is None:
                positions = self._by_last[(kind, keys.last)] = []
                for variant in _one_deleted(keys.last):
                    self._variants[(kind, variant)].add(keys.last)
            positions.append(position)

    def candidates(self, keys: _Keys) -> list[int]:
        if keys.record.kind == "institution":
            return self._institutions.get(keys.org, []) if keys.org else []
        if not keys.last:
            return []
        kind = keys.record.kind
        lasts: set[str] = set()
        for variant in _one_deleted(keys.last):
            lasts.update(self._variants.get((kind, variant), ()))
        if len(lasts) == 1:
            return self._by_last[(kind, lasts.pop())]
        return sorted(p for last in lasts for p in self._by_last[(kind, last)])


@lru_cache(maxsize=8192)
def _one_deleted(text: str) -> frozenset[str]:
    """The text and every text with one of its letters deleted."""
    return frozenset((text, *(text[:i] + text[i + 1 :] for i in range(len(text)))))


def _sub_blocks(members: list[_Keys]) -> list[list[_Keys]]:
    """A big block (a Landratsamt with 300 staff) compared only within the same first letters.

    Keeps the batch linear-ish; a typo in the first two letters of a name in a block of more
    than 200 is then not found, which is an acceptable miss for a suggestion list.
    """
    if len(members) <= 200:
        return [members]
    groups: dict[str, list[_Keys]] = defaultdict(list)
    for member in members:
        groups[member.last[:2] if member.record.kind != "institution" else "\0" + member.org].append(member)
    return list(groups.values())


def group_pairs(pairs: Iterable[DuplicateMatch]) -> list[list[str]]:
    """Pairs joined into groups of ids (A~B and B~C: one group A, B, C), for a "Dubletten" view."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = find(pair.a), find(pair.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        groups[find(x)].append(x)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def consent_valid(given_on: date | None, withdrawn_on: date | None, on: date) -> bool:
    """Given on or before ``on`` and not withdrawn by then (a withdrawal counts from its day)."""
    return given_on is not None and given_on <= on and (withdrawn_on is None or withdrawn_on > on)


_ORGANISATION_WORDS = re.compile(
    r"\b(?:e\.?\s?v\.?|gmbh|ggmbh|ag|kg|eg|gbr|ug|mbh|verein|verband|gemeinde|markt|stadt|landkreis|"
    r"landratsamt|amt|kreis|kirche|pfarrei|kirchengemeinde|schule|kita|stiftung|genossenschaft|"
    r"zweckverband|bund|club|initiative|arbeitskreis|forum|agentur|büro|buero|hof|werk|museum|"
    r"bibliothek|feuerwehr|sparkasse|bank|gaststätte|hotel|lag|regionalmanagement|ministerium|"
    r"behörde|verwaltung|universität|hochschule|institut)\b",
    re.IGNORECASE,
)


def looks_like_organisation(text: str) -> bool:
    """'Gemeinde Ahorn', 'Heimatverein e. V.', 'Bäckerei Schmitt GmbH': a name that is no person's."""
    return bool(_ORGANISATION_WORDS.search(text or ""))


def normalize_salutation(text: str) -> str:
    """'Hr.' -> 'Herr', 'Frau' stays; other forms ('Familie', 'Divers') are kept as written."""
    text = (text or "").strip()
    return SALUTATIONS.get(text.lower(), text)
