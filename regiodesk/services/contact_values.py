"""Phone numbers and e-mail addresses as offices type them, checked by well-kept libraries.

Phone numbers are read by ``phonenumbers`` (Google's libphonenumber: area codes of every
country, trunk prefixes, extensions) and stored in one form, the DIN 5008 international
form that ``phonenumbers`` parses back: ``+49 9561 12345``, ``+49 171 1234567``,
``+43 1 234567``, an extension as ``+49 9561 12345 ext. 12``. Country code, area code and
number stay apart, so that :func:`regiodesk.domain.contact_rules.display_phone` shows it as
German offices write it (``09561 12345-12``) without the library, and a foreign number
keeps its country code. E.164 alone (``+4995611234512``) would lose where the area code
ends, which only the library knows again.

E-mail addresses are checked by ``email_validator`` (RFC 5322/6531 syntax, internationalised
domains and mailboxes) without asking the DNS. The mailbox is kept as typed; only the domain
is normalised (lower case, Unicode form of an IDNA domain), as the library does.

Both libraries are imported inside the functions: only the import and the entry form load
them, never the program's start (its time is measured).
"""

from __future__ import annotations

import re
from functools import lru_cache

from regiodesk.domain.contact_rules import parse_stored_phone, split_email_cell

_LETTERS = re.compile(r"[^\W\d_]")
# An extension written after the number: '-12', ' Durchwahl 12', ' DW 12', ' App. 12', ' x12'.
_EXTENSION_WORD = re.compile(
    r"^(?P<number>.*?\d[\s)]*)\s*(?:durchwahl|dw|app|apparat|nebenstelle|ext|extension|x|#)\.?:?\s*"
    r"(?P<ext>\d{1,6})\s*$",
    re.IGNORECASE,
)
_EXTENSION_HYPHEN = re.compile(r"^(?P<number>.*\d)\s*[-–]\s*(?P<ext>\d{1,6})$")
_GROUPS = re.compile(r"\d+")
_TRUNK = re.compile(r"\(\s*0\s*\)")
_NON_DIGITS = re.compile(r"\D+")


def _split_extension(text: str) -> tuple[str, str]:
    """'09561 12345-12' -> ('09561 12345', '12'); '09561-12345' stays whole (area code-number)."""
    match = _EXTENSION_WORD.match(text)
    if match:
        return match.group("number").strip(), match.group("ext")
    match = _EXTENSION_HYPHEN.match(text)
    if match:
        before = _TRUNK.sub(" ", match.group("number"))
        groups = _GROUPS.findall(before)
        international = before.lstrip().startswith("+") or before.lstrip().startswith("00")
        # DIN 5008: area code, a space, the number, a hyphen, the extension.
        if len(groups) >= (3 if international else 2):
            return match.group("number").strip(), match.group("ext")
    return text, ""


def normalize_phone(text: str, region: str = "DE") -> str:
    """A phone number in the stored form ('+49 9561 12345', '+49 9561 12345 ext. 12').

    Reads '+49 0171 1234567', '+49 (0)171 1234567', '0049 171 1234567', '0171/1234567',
    '(0 95 61) 12 34 5', '09561-12345', '09561 12345-12', '09561 12345 Durchwahl 12',
    '+43 1 234567'. Raises ``ValueError`` with a German message for text that is no phone
    number ('' stays '').
    """
    return _normalize_phone((text or "").replace("\u00a0", " ").strip(), region)


@lru_cache(maxsize=16384)  # a list repeats its switchboard numbers; ~100 µs each otherwise
def _normalize_phone(raw: str, region: str) -> str:
    if not raw:
        return ""
    if raw.startswith("="):
        raise ValueError(
            f"„{raw}“ ist eine Excel-Formel, keine Telefonnummer (Formeln werden nicht ausgewertet)."
        )
    number, extension = _split_extension(raw)
    if _LETTERS.search(number):
        raise ValueError(f"„{raw}“ ist keine Telefonnummer.")
    national = _german_national(number) if region == "DE" else None
    area = _AREA_LENGTHS.get((national[:6], len(national))) if national else None
    if national and area is not None:  # a number like one the library has read already
        stored = f"+49 {national[:area]} {national[area:]}" if area else f"+49 {national}"
        return f"{stored} ext. {extension}" if extension else stored
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"„{raw}“ ist keine Telefonnummer.") from None
    national = phonenumbers.national_significant_number(parsed)
    # A number no network has yet (or a made-up one in a test list) passes when it is long
    # enough to be one; '12' or '0123' is a fragment, kept as typed by the caller.
    plausible = (
        len(national) >= 6 and not national.startswith("0") and phonenumbers.is_possible_number(parsed)
    )
    if not plausible and not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"„{raw}“ hat zu wenige oder zu viele Ziffern für eine Telefonnummer.")
    area = _area_code_length(parsed, national)
    stored = f"+{parsed.country_code} " + (f"{national[:area]} {national[area:]}" if area else national)
    extension = extension or (parsed.extension or "")
    return f"{stored} ext. {extension}" if extension else stored


_AREA_LENGTHS: dict[tuple[str, int], int] = {}


def _area_code_length(parsed, national: str) -> int:
    """Where the area code ends (the library formats the number to know: ~40 µs).

    A German area code is told by its leading digits (the codes are prefix-free, at most
    five digits) and the number's length, so the answer is remembered per (first six
    digits, length); other countries ask the library each time.
    """
    import phonenumbers

    if parsed.country_code != 49:
        return phonenumbers.length_of_national_destination_code(parsed)
    key = (national[:6], len(national))
    length = _AREA_LENGTHS.get(key)
    if length is None:
        length = _AREA_LENGTHS[key] = phonenumbers.length_of_national_destination_code(parsed)
    return length


_EMAIL_PLAIN = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63})$"
)


def phone_key(text: str) -> str:
    """A phone number for comparing: '09561 12345' = '+49 9561 12345' = '0049 9561-12345'.

    E.164 digits (with 'x' and the extension); a number in the stored form is read without
    the library (fast: 'Dubletten finden' reads 20,000 of them). Text that is no phone
    number compares by its digits.
    """
    stored = parse_stored_phone(text)
    if stored is not None:
        country, area, number, extension = stored
        return f"{country}{area}{number}" + (f"x{extension}" if extension else "")
    fast = _german_key(text or "")
    if fast is not None:
        return fast
    try:
        normal = normalize_phone(text)
    except ValueError:
        return _NON_DIGITS.sub("", text or "")
    return phone_key(normal)


_SEPARATORS = re.compile(r"[\s/().\-–]+")


def _german_key(text: str) -> str | None:
    """The key of a German number written in a common way, without the library (a German
    number's E.164 digits are 49 and the digits after the trunk 0); None for anything else."""
    number, extension = _split_extension(text.replace("\u00a0", " ").strip())
    national = _german_national(number)
    if national is None:
        return None
    return f"49{national}" + (f"x{extension}" if extension else "")


def _german_national(number: str) -> str | None:
    """'+49 (0)9561 12345', '0049 9561-12345', '09561/12345' -> '956112345'; None for others."""
    compact = _SEPARATORS.sub("", _TRUNK.sub("", number))
    if compact.startswith("+49"):
        national = compact[3:]
    elif compact.startswith("0049"):
        national = compact[4:]
    elif compact.startswith("0") and not compact.startswith("00"):
        national = compact[1:]
    else:
        return None
    if national.startswith("0") and compact[0] != "0":
        national = national[1:]  # '+49 0171 …': the trunk 0 written after the country code
    if not national.isdigit() or not 6 <= len(national) <= 13 or national.startswith("0"):
        return None
    return national


# ----------------------------------------------------------------------------- e-mail
_EMAIL_REASONS = (
    ("must have an @-sign", "es fehlt das @-Zeichen"),
    ("two periods in a row", "zwei Punkte hintereinander"),
    ("cannot start with a period", "sie beginnt mit einem Punkt"),
    ("period immediately before the @-sign", "vor dem @ steht ein Punkt"),
    ("cannot end with a period", "sie endet mit einem Punkt"),
    ("Quoting", "Anführungszeichen im Teil vor dem @ werden nicht angenommen"),
    ("SPACE", "sie enthält ein Leerzeichen"),
    ("should have a period", "dem Teil nach dem @ fehlt die Endung (z. B. „.de“)"),
    ("invalid characters before the @-sign", "unzulässige Zeichen vor dem @"),
    ("after the @-sign contains invalid characters", "unzulässige Zeichen nach dem @"),
    ("hyphen", "ein Bindestrich steht am Anfang oder Ende eines Namensteils"),
    ("too long", "sie ist zu lang"),
    ("There must be something before the @-sign", "vor dem @ steht nichts"),
    ("There must be something after the @-sign", "nach dem @ steht nichts"),
)


def check_email(text: str) -> str:
    """One e-mail address as it is stored: the mailbox as typed, the domain normalised.

    'Max.Muster@Example.DE' -> 'Max.Muster@example.de'; 'info@bäckerei-müller.de' is valid;
    'info@xn--bckerei-mller-bfb28a.de' -> 'info@bäckerei-müller.de'. Raises ``ValueError``
    with a German message ('a..b@…', '.a@…', 'a b@…', 'a@example'); never changes the
    mailbox silently.
    """
    address = (text or "").strip()
    from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

    plain = _EMAIL_PLAIN.match(address)
    if (
        plain
        and len(address) <= 254
        and len(address.partition("@")[0]) <= 64
        and plain.group(1).lower() not in SPECIAL_USE_DOMAIN_NAMES
        and "xn--" not in address.lower()  # an IDNA domain: the library gives its Unicode form
    ):  # a plain ASCII address: the library's answer is known (its checks cost ~100 µs each)
        mailbox, _, domain = address.rpartition("@")
        return f"{mailbox}@{domain.lower()}"

    try:
        info = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as error:
        message = str(error)
        reason = next((german for english, german in _EMAIL_REASONS if english in message), "")
        suffix = f" ({reason})" if reason else ""
        raise ValueError(f"„{address}“ ist keine gültige E-Mail-Adresse{suffix}.") from None
    mailbox = address.rpartition("@")[0]
    return f"{mailbox}@{info.domain}"


def normalize_emails(text: str) -> tuple[list[str], list[str]]:
    """The valid addresses in a cell (each once) and the parts that are no address.

    A cell may hold several ('a@x.de; b@y.de', 'a@x.de / b@y.de', 'Name <a@x.de>',
    'mailto:a@x.de'); an invalid one does not spoil the others.
    """
    valid: list[str] = []
    invalid: list[str] = []
    for part in split_email_cell(text):
        try:
            valid.append(check_email(part))
        except ValueError:
            invalid.append(part)
    seen: dict[str, str] = {}
    for address in valid:
        seen.setdefault(address.casefold(), address)
    return list(seen.values()), invalid
