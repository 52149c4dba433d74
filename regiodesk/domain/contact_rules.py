"""Contacts as offices type them: names, e-mail addresses, phone numbers, "PLZ Ort", duplicates.

Pure functions (standard library only), shared by the import, the entry form's duplicate check
and the batch "Dubletten finden". Each normaliser returns the clean value or raises
``ValueError`` with a German message.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from regiodesk.i18n import tr

# ----------------------------------------------------------------------------- e-mail
EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_EMAIL_SPLIT = re.compile(r"[;,|\n\r\t]+|\s+/\s+|\s+(?:und|oder|u\.)\s+")
_BRACKETED = re.compile(r"<([^<>]+@[^<>]+)>")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def normalize_emails(text: str) -> list[str]:
    """The e-mail addresses in a cell, trimmed and in lower case, each once.

    Accepts two addresses in one cell ("a@x.de; b@y.de", "a@x.de / b@y.de", "a@x.de b@y.de"),
    spaces inside an address ("max.muster @ web.de"), "mailto:" and "Name <a@x.de>".
    Raises ``ValueError`` when a part is no address at all.
    """
    text = (text or "").replace("\u00a0", " ").strip()
    if not text:
        return []
    if text.startswith("="):
        raise ValueError(
            tr(
                "„{text}“ ist eine Excel-Formel, keine E-Mail-Adresse (Formeln werden nicht ausgewertet).",
                text=text,
            )
        )
    found: list[str] = []
    for part in _EMAIL_SPLIT.split(text):
        bracket = _BRACKETED.search(part)
        if bracket:
            part = bracket.group(1)
        part = part.strip().strip("<>\"'()[]").strip()
        if not part:
            continue
        if part.count("@") == 1:
            candidate = _MAILTO.sub("", _SPACES.sub("", part)).strip(".").lower()
            if not EMAIL.match(candidate):
                raise ValueError(tr("„{part}“ ist keine gültige E-Mail-Adresse.", part=part))
            found.append(candidate)
        elif part.count("@") > 1:  # addresses separated by spaces only
            addresses = _EMAIL_IN_TEXT.findall(part)
            if not addresses:
                raise ValueError(tr("„{part}“ ist keine gültige E-Mail-Adresse.", part=part))
            found.extend(a.lower() for a in addresses)
        else:
            raise ValueError(tr("„{part}“ ist keine gültige E-Mail-Adresse.", part=part))
    return list(dict.fromkeys(found))


# ----------------------------------------------------------------------------- phone
_PHONE_CHARS = re.compile(r"^[\d\s()+/.\-–]+$")
_TRUNK_ZERO = re.compile(r"\(\s*0\s*\)")  # +49 (0) 9561 …
_NON_DIGITS = re.compile(r"\D+")


def normalize_phone(text: str, country: str = "49") -> str:
    """A phone number in DIN 5008 international form: '+49 9561 12345'.

    Reads the common ways of writing it: '09561 12345', '09561/12345', '(09561) 123 45',
    '+49 9561 12345', '0049 9561 12345', '+49 (0) 9561-12345', '0171 1234567'. The first group
    of digits stays the area code where the writer separated it. Raises ``ValueError`` for
    text that is not a phone number.
    """
    raw = (text or "").replace("\u00a0", " ").strip()
    if not raw:
        return ""
    if not _PHONE_CHARS.match(raw):
        raise ValueError(tr("„{raw}“ ist keine Telefonnummer.", raw=raw))
    work = _TRUNK_ZERO.sub(" ", raw)  # +49 (0) 9561 …
    international = work.lstrip().startswith("+") or _NON_DIGITS.sub("", work).startswith("00")
    groups = [g for g in _NON_DIGITS.split(work) if g]
    digits = "".join(groups)
    if international:
        digits = digits[2:] if digits.startswith("00") else digits
        code = _country_code(digits)
        national = digits[len(code) :]
        # split into groups as written, after the country code
        rest = _regroup(groups, len(digits) - len(national), raw.lstrip().startswith("00"))
    else:
        if not digits.startswith("0"):
            raise ValueError(tr("„{raw}“: eine Telefonnummer beginnt mit 0 oder +.", raw=raw))
        code, national = country, digits[1:]
        rest = _regroup(groups, 1, False)
    if not 5 <= len(national) <= 13:
        raise ValueError(tr("„{raw}“ hat zu wenige oder zu viele Ziffern für eine Telefonnummer.", raw=raw))
    return f"+{code} {rest}".strip()


def phone_key(text: str) -> str:
    """A phone number for comparing: '09561 12345' = '+49 9561 12345' = '0049 9561-12345'.

    The digits of the DIN 5008 form; text that is no phone number compares by its digits.
    """
    try:
        return _NON_DIGITS.sub("", normalize_phone(text))
    except ValueError:
        return _NON_DIGITS.sub("", text or "")


def _country_code(digits: str) -> str:
    # Country codes are prefix-free: 1 and 7 have one digit, a small set two, the rest three.
    two = {
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
        "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
        "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    }  # fmt: skip
    if digits[:1] in ("1", "7"):
        return digits[:1]
    if digits[:2] in two:
        return digits[:2]
    return digits[:3]


def _regroup(groups: Sequence[str], skip: int, double_zero: bool) -> str:
    """The digits after the first ``skip`` ones (country code or trunk 0), as area code and number."""
    skip += 2 if double_zero else 0
    remaining: list[str] = []
    for group in groups:
        if skip >= len(group):
            skip -= len(group)
            continue
        remaining.append(group[skip:])
        skip = 0
    if len(remaining) <= 1:
        return "".join(remaining)
    return f"{remaining[0]} {''.join(remaining[1:])}"


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
SALUTATIONS = {"herr": "Herr", "herrn": "Herr", "frau": "Frau", "hr.": "Herr", "fr.": "Frau"}
_TITLE_WORDS = re.compile(r"^(?:dr|prof|dipl|ing|mag|med|rer|nat|phil|jur|h\.c|mba|m\.a|b\.a|m\.sc)\.?", re.I)
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


def split_name(text: str) -> NameParts:
    """A full name in one cell, as people write it.

    'Frau Dr. Ayşe Öztürk', 'Müller, Hans', 'Prof. Dr.-Ing. Jean-Luc de la Fontaine',
    'Hans von der Heide': salutation, academic titles and name particles (von, de la, …)
    go where they belong.
    """
    text = _SPACES.sub(" ", (text or "").strip())
    if not text:
        return NameParts()
    salutation = ""
    titles: list[str] = []
    if "," in text:
        last, _, rest = text.partition(",")
        words = rest.split()
        first_words: list[str] = []
        for word in words:
            if word.lower() in SALUTATIONS and not salutation and not first_words:
                salutation = SALUTATIONS[word.lower()]
            elif _TITLE_WORDS.match(word) and "." in word and not first_words:
                titles.append(word)
            else:
                first_words.append(word)
        return NameParts(salutation, " ".join(titles), " ".join(first_words), last.strip())
    words = text.split()
    while words:
        word = words[0]
        if word.lower() in SALUTATIONS and not salutation and not titles:
            salutation = SALUTATIONS[word.lower()]
        elif _TITLE_WORDS.match(word) and ("." in word or word.lower() in ("prof", "dr")) and len(words) > 1:
            titles.append(word)
        else:
            break
        words.pop(0)
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

    Blocks: each e-mail address; the institution's name; the address (postal code and street).
    A pair is a duplicate when it shares an e-mail address, or when its names are similar
    (folded spelling equal or one typo apart, first names equal or an initial) within an
    institution or an address block. 20,000 contacts are indexed and compared in well under
    a second because blocks are small.
    """

    def __init__(self, records: Iterable[MatchRecord] = ()):
        self._by_email: dict[str, list[str]] = defaultdict(list)
        self._by_org: dict[str, list[_Keys]] = defaultdict(list)
        self._by_address: dict[str, list[_Keys]] = defaultdict(list)
        # Per block: which members can match at all (see _BlockIndex), so that a record is not
        # compared with all 300 people of a Landratsamt. Only big blocks get one (see _put).
        self._org_index: dict[str, _BlockIndex] = {}
        self._address_index: dict[str, _BlockIndex] = {}
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
            for other in self._by_email.get(email.lower(), ()):
                if other != record.id and other not in found:
                    found[other] = DuplicateMatch(record.id, other, f"gleiche E-Mail-Adresse {email}", True)
        for blocks, indexes, key, place in (
            (self._by_org, self._org_index, keys.org, "bei derselben Institution"),
            (self._by_address, self._address_index, keys.address, "unter derselben Adresse"),
        ):
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


def consent_valid(given_on, withdrawn_on, on) -> bool:
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
