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
    raw = (text or "").replace("\u00a0", " ").strip()
    if not raw:
        return ""
    if raw.startswith("="):
        raise ValueError(
            f"„{raw}“ ist eine Excel-Formel, keine Telefonnummer (Formeln werden nicht ausgewertet)."
        )
    number, extension = _split_extension(raw)
    if _LETTERS.search(number):
        raise ValueError(f"„{raw}“ ist keine Telefonnummer.")
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"„{raw}“ ist keine Telefonnummer.") from None
    national = phonenumbers.national_significant_number(parsed)
    # A number no network has yet (or a made-up one in a test list) passes when it is long
    # enough to be one; '12' or '0123' is a fragment, kept as typed by the caller.
    plausible = phonenumbers.is_possible_number(parsed) and len(national) >= 6
    if not phonenumbers.is_valid_number(parsed) and not (plausible and not national.startswith("0")):
        raise ValueError(f"„{raw}“ hat zu wenige oder zu viele Ziffern für eine Telefonnummer.")
    area = phonenumbers.length_of_national_destination_code(parsed)
    stored = f"+{parsed.country_code} " + (f"{national[:area]} {national[area:]}" if area else national)
    extension = extension or (parsed.extension or "")
    return f"{stored} ext. {extension}" if extension else stored


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
    try:
        normal = normalize_phone(text)
    except ValueError:
        return _NON_DIGITS.sub("", text or "")
    return phone_key(normal)


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
    from email_validator import EmailNotValidError, validate_email

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
