"""Contact lists for other programs: Excel, CSV, vCard 3.0 and e-mail drafts (Bcc, at most 50 each).

Every export reads :class:`ContactListService` with a :class:`ContactFilter`: restricted
contacts are never in it, and a filter with a consent purpose includes only contacts whose
consent for that purpose is valid on the day.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, timezone
from email.message import EmailMessage
from pathlib import Path

from regiodesk.db.database import Database
from regiodesk.domain.contact_rules import display_phone
from regiodesk.domain.text import clean_text
from regiodesk.i18n import format_date
from regiodesk.reports.excel import Sheet, SheetColumn, WorkbookInfo, write_workbook
from regiodesk.reports.mail import BCC_LIMIT, bcc_chunks, draft_bytes, set_recipients
from regiodesk.services.contacts_lists import ALL, ContactCard, ContactFilter, ContactListService
from regiodesk.services.region import region_name

COLUMNS = (
    SheetColumn("Name", width=28),
    SheetColumn("Art"),
    SheetColumn("Anrede"),
    SheetColumn("Titel"),
    SheetColumn("Vorname"),
    SheetColumn("Nachname"),
    SheetColumn("Institution", width=30),
    SheetColumn("Straße", width=26),
    SheetColumn("PLZ"),
    SheetColumn("Ort", width=18),
    SheetColumn("E-Mail", width=30),
    SheetColumn("weitere E-Mail-Adressen", width=30),
    SheetColumn("Telefon", width=18),
    SheetColumn("Mobil", width=18),
    SheetColumn("Schlagwörter", width=24),
)


def _row(card: ContactCard) -> list[str]:
    # as German offices write them (0171 1234567); the vCard keeps the international form
    phones = [display_phone(n) for k, n in card.phones if k != "mobil"]
    mobiles = [display_phone(n) for k, n in card.phones if k == "mobil"]
    return [
        card.sort_name,
        "Institution" if card.kind == "institution" else "Person",
        card.salutation,
        card.title,
        card.first_name,
        card.last_name,
        card.organisation,
        card.street,
        card.postal_code,
        card.city,
        card.email,
        ", ".join(a for _k, a in card.emails[1:]),
        ", ".join(phones),
        ", ".join(mobiles),
        ", ".join(card.tags),
    ]


def describe(criteria: ContactFilter, db: Database | None = None) -> str:
    """The filter in German words, for the note under an export ('Schlagwort Presse, …')."""
    parts = []
    if criteria.text:
        parts.append(f"Suche „{criteria.text}“")
    if criteria.kind:
        parts.append("nur Institutionen" if criteria.kind == "institution" else "nur Personen")
    if criteria.tag:
        parts.append(f"Schlagwort „{criteria.tag}“")
    if criteria.body_id:
        name = criteria.body_id[:8]
        if db is not None:
            from regiodesk.db.models import Body

            with db.session() as session:
                body = session.get(Body, criteria.body_id)
                name = body.name if body else name
        parts.append(f"Mitglieder von {name}")
    if criteria.consent:
        parts.append(f"nur mit gültiger Einwilligung „{criteria.consent}“")
    return ", ".join(parts) or "alle Kontakte"


def contacts_xlsx(
    db: Database,
    criteria: ContactFilter = ALL,
    on: date | None = None,
    cards: list[ContactCard] | None = None,
) -> bytes:
    """``cards``: the contacts already assembled for ``criteria`` (a caller that counts them too)."""
    on = on or date.today()
    cards = ContactListService(db).cards(criteria, on) if cards is None else cards
    note = (
        f"Stand {format_date(on)} · {describe(criteria, db)} · {len(cards)} Kontakte · erstellt mit regiodesk"
    )
    info = WorkbookInfo("Kontaktliste", region_name(db), f"Stand {format_date(on)}")
    return write_workbook([Sheet("Kontakte", COLUMNS, [_row(c) for c in cards], note=note)], info=info)


#: What a spreadsheet may read as the start of a formula (OWASP, CSV injection): =, +, -, @, TAB,
#: CR and, as some programs strip it, LF.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_safe(value: str) -> str:
    """A field no spreadsheet runs as a formula, without control characters.

    OWASP's rule, whole: a field starting with =, +, -, @, TAB or CR (or LF) gets a leading ',
    a phone number "+49 …" included (a spreadsheet would try it as a formula too). Control
    characters stored before they were cleaned at entry are dropped first, so none can hide a
    leading =.
    """
    value = clean_text(value, multiline=True)
    if value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def contacts_csv(
    db: Database,
    criteria: ContactFilter = ALL,
    on: date | None = None,
    cards: list[ContactCard] | None = None,
) -> bytes:
    """UTF-8 with BOM and ';': what German Excel opens with a double click, umlauts intact.

    Every field is quoted (a quote inside doubled), so a ; or a line break stays in its cell.
    """
    cards = ContactListService(db).cards(criteria, on) if cards is None else cards
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([c.header for c in COLUMNS])
    for card in cards:
        writer.writerow([_csv_safe(v) for v in _row(card)])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- vCard 3.0
def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 2425: lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not parts else 74
        if len((current + ch).encode("utf-8")) > limit:
            parts.append(current)
            current = ch
        else:
            current += ch
    parts.append(current)
    return "\r\n ".join(parts)


def _prop(name: str, value: str, params: str = "") -> str:
    # A control character stored before entry points cleaned would end the line early or make
    # the card unreadable: none reaches the file, and a line break stays an escaped one.
    value = clean_text(value, multiline=True).replace("\n", "\\n")
    # Outlook reads non-ASCII vCard 3.0 values correctly only with an explicit charset.
    charset = ";CHARSET=UTF-8" if not value.isascii() else ""
    return _fold(f"{name}{params}{charset}:{value}")


_HOME_WORDS = ("privat", "zuhause", "zu hause", "home", "wohn", "heim")


def _place(kind: str) -> str:
    """HOME for an address, e-mail or number the office labelled private, else WORK (vCard 3.0)."""
    text = (kind or "").casefold()
    return "HOME" if any(word in text for word in _HOME_WORDS) else "WORK"


def _phone_types(kind: str) -> list[str]:
    """TEL types from the label: mobile or fax or voice, and home or work ("privat mobil": CELL,HOME)."""
    text = (kind or "").casefold()
    if any(word in text for word in ("mobil", "handy", "cell")):
        # a mobile is only HOME or WORK when the label says so ("privat mobil", "Diensthandy")
        said = _place(kind) == "HOME" or any(w in text for w in ("dienst", "büro", "arbeit", "work"))
        return [_place(kind), "CELL"] if said else ["CELL"]
    return [_place(kind), "FAX" if "fax" in text else "VOICE"]


def vcard(card: ContactCard, revised: datetime | None = None) -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    if card.kind == "institution":
        lines.append(_prop("N", f"{_escape(card.organisation)};;;;"))
        lines.append(_prop("FN", _escape(card.organisation)))
        lines.append(_prop("ORG", _escape(card.organisation)))
        lines.append("X-ABShowAs:COMPANY")
    else:
        prefix = " ".join(p for p in (card.salutation, card.title) if p)
        lines.append(
            _prop("N", ";".join(_escape(p) for p in (card.last_name, card.first_name, "", prefix, "")))
        )
        lines.append(_prop("FN", _escape(card.name or card.organisation)))
        if card.organisation:
            lines.append(_prop("ORG", _escape(card.organisation)))
    if card.street or card.postal_code or card.city:
        adr = ";".join(
            _escape(p) for p in ("", "", card.street, card.city, "", card.postal_code, card.country)
        )
        lines.append(_prop("ADR", adr, f";TYPE={_place(card.address_kind)}"))
    for n, (kind, address) in enumerate(card.emails):
        kinds = ["INTERNET", _place(kind), *(["PREF"] if n == 0 else [])]
        lines.append(_prop("EMAIL", address, f";TYPE={','.join(kinds)}"))
    for kind, number in card.phones:
        lines.append(_prop("TEL", number, f";TYPE={','.join(_phone_types(kind))}"))
    if card.tags:
        lines.append(_prop("CATEGORIES", ",".join(_escape(t) for t in card.tags)))
    lines.append(f"UID:urn:uuid:{card.id}")
    stamp = (revised or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines.append(f"REV:{stamp}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def contacts_vcf(
    db: Database,
    criteria: ContactFilter = ALL,
    on: date | None = None,
    cards: list[ContactCard] | None = None,
) -> bytes:
    """All matching contacts as vCard 3.0 in one file (Thunderbird imports all; Outlook opens each)."""
    cards = ContactListService(db).cards(criteria, on) if cards is None else cards
    return "".join(vcard(c) for c in cards).encode("utf-8")


# --------------------------------------------------------------------------- e-mail drafts
def email_drafts(
    db: Database,
    criteria: ContactFilter,
    subject: str,
    body: str,
    on: date | None = None,
    sender: str = "",
    limit: int = BCC_LIMIT,
) -> list[bytes]:
    """Unsent .eml drafts with the list's addresses in Bcc, at most ``limit`` per draft."""
    addresses = [clean_text(a) for a in ContactListService(db).email_addresses(criteria, on)]
    drafts = []
    chunks = bcc_chunks(addresses, limit)
    for n, chunk in enumerate(chunks, start=1):
        message = EmailMessage()
        message["Subject"] = subject if len(chunks) == 1 else f"{subject} ({n}/{len(chunks)})"
        message["X-Unsent"] = "1"
        if sender:
            message["To"] = sender  # to oneself: the Bcc recipients do not see each other
        set_recipients(message, "Bcc", chunk)  # never through Python's folder: see reports.mail
        message.set_content(body)
        drafts.append(draft_bytes(message))
    return drafts


def write_drafts(drafts: Sequence[bytes], folder: Path, stem: str) -> list[Path]:
    """Write drafts as ``stem.eml`` or ``stem_1.eml``, ``stem_2.eml``, …; returns the paths."""
    paths = []
    for n, data in enumerate(drafts, start=1):
        path = folder / (f"{stem}.eml" if len(drafts) == 1 else f"{stem}_{n}.eml")
        path.write_bytes(data)
        paths.append(path)
    return paths
