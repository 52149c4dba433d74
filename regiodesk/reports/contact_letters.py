"""Paper for contacts: address labels, serial letters and the Auskunft (DSGVO Art. 15).

Labels fit Avery Zweckform L7163 (2 × 7 per A4, 99,1 × 38,1 mm) and 3474 (3 × 8, 70 × 37 mm);
a partly used sheet is continued with ``skip``. Serial letters take a text with placeholders
({Anrede}, {Name}, {Institution}, …) and put each letter on its own pages, the address where a
DIN 5008 window envelope shows it.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from regiodesk.db.database import Database
from regiodesk.domain.contact_rules import display_phone
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_date
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    GREY,
    MARGIN,
    Letterhead,
    Paragraph,
    _draw_letterhead,
    _NumberedCanvas,
    build_pdf,
    escape,
    register_fonts,
    section_heading,
    styles,
    table,
)
from regiodesk.services.contacts_lists import ALL, ContactCard, ContactFilter, ContactListService
from regiodesk.services.contacts_privacy import PrivacyService


# --------------------------------------------------------------------------- labels
@dataclass(frozen=True)
class LabelLayout:
    name: str
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    #: distance from one label's left (top) edge to the next one's
    pitch_x: float
    pitch_y: float


LAYOUTS = {
    "L7163": LabelLayout(
        "Avery Zweckform L7163", 2, 7, 99.1 * mm, 38.1 * mm, 4.65 * mm, 15.15 * mm, 101.6 * mm, 38.1 * mm
    ),
    "3474": LabelLayout("Avery Zweckform 3474", 3, 8, 70 * mm, 37 * mm, 0, 0.5 * mm, 70 * mm, 37 * mm),
}


def labels_pdf(
    db: Database,
    criteria: ContactFilter = ALL,
    layout: str = "L7163",
    skip: int = 0,
    sender: bool = True,
    cards: Sequence[ContactCard] | None = None,
) -> bytes:
    """Address labels for the filtered list (only contacts with a postal address).

    ``skip``: labels already used on the first sheet. ``sender``: a small return-address line
    (the office's address from the region settings) above each address.
    """
    if layout not in LAYOUTS:
        raise DomainError(f"Unbekanntes Etikettenformat „{layout}“. Möglich: {', '.join(LAYOUTS)}.")
    spec = LAYOUTS[layout]
    per_page = spec.columns * spec.rows
    if not 0 <= skip < per_page:
        raise DomainError(
            f"Auf einem Bogen {spec.name} sind {per_page} Etiketten; bitte 0 bis {per_page - 1} überspringen."
        )
    cards = [
        c
        for c in (cards if cards is not None else ContactListService(db).cards(criteria))
        if c.street or c.city
    ]
    letterhead = Letterhead.of(db)
    register_fonts()
    return_line = ""
    if sender:
        room = spec.width - 2 * _pad(spec)
        return_line = return_address(letterhead, lambda t: stringWidth(t, FONT, SENDER_MIN_SIZE) <= room)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Adressetiketten ({spec.name})")
    canvas.setAuthor(letterhead.region or "regiodesk")
    _, page_height = A4
    position = skip
    for card in cards:
        if position == per_page:
            canvas.showPage()
            position = 0
        row, column = divmod(position, spec.columns)
        x = spec.left + column * spec.pitch_x
        top = page_height - spec.top - row * spec.pitch_y
        _draw_label(canvas, card, x, top, spec, return_line)
        position += 1
    if not cards:
        canvas.setFont(FONT, 10)
        canvas.drawString(MARGIN, page_height - MARGIN, "Keine Kontakte mit Postanschrift in dieser Auswahl.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


#: The return address above the address may get smaller than the address lines (which stop at 6 pt).
SENDER_MIN_SIZE = 5.0


def return_address(letterhead: Letterhead, fits: Callable[[str], bool]) -> str:
    """The one-line return address ('LAG …, Marktplatz 3, 96253 Steinbühl') for a label or window.

    It must keep the street and the town, which come last: when the whole line does not ``fit``,
    the region's name goes first (the office address names the sender), then the lines between
    the office's name and its street ('Geschäftsstelle'); the name is cut only as a last resort.
    """
    office = [line.strip() for line in letterhead.office_address.splitlines() if line.strip()]
    candidates = [[letterhead.region, *office]]
    if office:
        candidates.append(office)
    while len(office) > 3:
        office = [office[0], *office[2:]]
        candidates.append(office)
    for parts in candidates:
        text = ", ".join(p for p in parts if p)
        if fits(text):
            return text
    if len(office) < 3:
        return text
    name, tail = office[0], ", " + ", ".join(office[1:])
    while len(name) > 1 and not fits(name + "…" + tail):
        name = name[:-1]
    return name.rstrip(" ,") + "…" + tail


def _pad(spec: LabelLayout) -> float:
    return 5 * mm if spec.width > 80 * mm else 4 * mm


def _fit(
    canvas: Canvas, text: str, font: str, size: float, width: float, smallest: float = 6
) -> tuple[str, float]:
    """Shrink (down to ``smallest`` pt), then cut a line so that it fits the label."""
    while size > smallest and canvas.stringWidth(text, font, size) > width:
        size -= 0.25
    while text and canvas.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text, size


def _draw_label(
    canvas: Canvas, card: ContactCard, x: float, top: float, spec: LabelLayout, sender: str
) -> None:
    pad = _pad(spec)
    width = spec.width - 2 * pad
    lines = card.address_lines()
    size = 10 if spec.height >= 38 * mm else 9.5
    leading = size * 1.22
    block = len(lines) * leading + (size + 2 if sender else 0)
    y = top - max(pad, (spec.height - block) / 2) - (2 if sender else size)
    if sender:
        text, small = _fit(canvas, sender, FONT, 6, width, SENDER_MIN_SIZE)
        canvas.setFont(FONT, small)
        canvas.drawString(x + pad, y + 1.5, text)
        canvas.setLineWidth(0.3)
        canvas.line(x + pad, y, x + pad + canvas.stringWidth(text, FONT, small), y)
        y -= size + 2
    for n, line in enumerate(lines):
        font = FONT_BOLD if n == len(lines) - 1 else FONT  # the town in bold, as post offices like it
        text, fitted = _fit(canvas, line, font, size, width)
        canvas.setFont(font, fitted)
        canvas.drawString(x + pad, y, text)
        y -= leading


# --------------------------------------------------------------------------- serial letter
PLACEHOLDERS = {
    "Anrede": lambda c: c.greeting,
    "Name": lambda c: c.name,
    "Vorname": lambda c: c.first_name,
    "Nachname": lambda c: c.last_name,
    "Titel": lambda c: c.title,
    "Institution": lambda c: c.organisation,
    "Straße": lambda c: c.street,
    "PLZ": lambda c: c.postal_code,
    "Ort": lambda c: c.city,
}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def fill(text: str, card: ContactCard) -> str:
    """Replace the placeholders of ``text`` with the contact's values."""
    unknown = sorted({m for m in _PLACEHOLDER.findall(text) if m not in PLACEHOLDERS})
    if unknown:
        raise DomainError(
            f"Unbekannte Platzhalter: {', '.join('{' + u + '}' for u in unknown)}. "
            f"Möglich sind {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
        )
    # {Anrede} ends with its comma; "{Anrede}," as one writes it in a letter must not give two.
    text = text.replace("{Anrede},", "{Anrede}")
    return _PLACEHOLDER.sub(lambda m: PLACEHOLDERS[m.group(1)](card), text)


def serial_letter_pdf(
    db: Database,
    criteria: ContactFilter,
    subject: str,
    text: str,
    on: date | None = None,
    signature: str = "",
    cards: Sequence[ContactCard] | None = None,
) -> bytes:
    """One letter per contact of the list; ``text`` may hold placeholders (see :data:`PLACEHOLDERS`).

    If the text does not begin with {Anrede}, the salutation line is put in front of it.
    """
    on = on or date.today()
    cards = list(cards if cards is not None else ContactListService(db).cards(criteria, on))
    if not cards:
        raise DomainError("Die Auswahl enthält keine Kontakte; es gibt nichts zu drucken.")
    for card in cards[:1]:
        fill(text + subject, card)  # unknown placeholders: one clear message before any work
    letterhead = Letterhead.of(db)
    st = styles()
    register_fonts()
    width, height = A4
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Serienbrief: {subject}",
        author=letterhead.region or "regiodesk",
        creator="regiodesk",
        leftMargin=25 * mm,
        rightMargin=20 * mm,
        topMargin=45 * mm,
        bottomMargin=20 * mm,
    )
    frame = Frame(25 * mm, 20 * mm, width - 45 * mm, height - 65 * mm, id="letter")
    doc.addPageTemplates(
        [PageTemplate("letter", [frame], onPage=lambda c, d: _draw_letterhead(c, letterhead, True))]
    )
    # One line in the envelope's window (80 mm of text beside its edges).
    sender_line = return_address(letterhead, lambda t: stringWidth(t, FONT, 6.5) <= 80 * mm)
    story: list[Flowable] = []
    for n, card in enumerate(cards):
        if n:
            story.append(PageBreak())
        story.append(_LetterStart())
        address = [Paragraph(f"<font size=6.5>{escape(sender_line)}</font>", st["small"]), Spacer(1, 2 * mm)]
        address += [Paragraph(escape(line), st["body"]) for line in card.address_lines()]
        block = Table(
            [[address, Paragraph(escape(format_date(on)), st["body"])]],
            colWidths=[95 * mm, None],
            rowHeights=[45 * mm],
        )
        block.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (0, 0), "TOP"),
                    ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story += [
            block,
            Spacer(1, 8 * mm),
            Paragraph(escape(fill(subject, card)), st["h3"]),
            Spacer(1, 4 * mm),
        ]
        body = fill(text, card)
        if not text.lstrip().startswith("{Anrede}"):
            body = f"{card.greeting}\n\n{body}"
        for paragraph in re.split(r"\n\s*\n", body.strip()):
            story += [Paragraph(escape(paragraph.strip()), st["body"]), Spacer(1, 3 * mm)]
        if signature:
            story += [Spacer(1, 6 * mm), Paragraph(escape(signature), st["body"])]
    doc.build(story, canvasmaker=_LetterCanvas)
    return buffer.getvalue()


class _LetterStart(Flowable):
    """Invisible mark at the top of each letter: page numbers count per letter, not per file."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.letter_number += 1


class _LetterCanvas(_NumberedCanvas):
    """Puts "Seite N von M" under every page of a letter that runs over more than one page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_number = 0

    def _page_numbers(self, pages: list[dict]) -> list[str]:
        letters = [state["letter_number"] for state in pages]
        pages_of = Counter(letters)
        seen: Counter[int] = Counter()
        numbers = []
        for letter in letters:
            seen[letter] += 1
            total = pages_of[letter]
            numbers.append(f"Seite {seen[letter]} von {total}" if total > 1 else "")
        return numbers

    def _draw_footer(self, number: str) -> None:
        if number:  # a letter has no footer line; a one-page letter no number either
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, number)
            self.restoreState()


# --------------------------------------------------------------------------- Auskunft
def auskunft_json(db: Database, contact_id: str) -> bytes:
    return json.dumps(PrivacyService(db).auskunft(contact_id), ensure_ascii=False, indent=2).encode("utf-8")


def _name_of(data: dict[str, Any]) -> str:
    k = data["kontakt"]
    if k["art"] == "Institution":
        return k["institution"]
    return " ".join(p for p in (k["titel"], k["vorname"], k["nachname"]) if p) or k["institution"]


#: A table column that holds "31.12.2026" on one line (the cells have 6 pt padding either side).
DATE_COLUMN = 24 * mm


def _d(value: str | None) -> str:
    if not value:
        return "–"
    return format_date(date.fromisoformat(value[:10]))


def auskunft_pdf(db: Database, contact_id: str) -> bytes:
    """The Auskunft as a readable document: each section a table; the JSON file holds the same."""
    data = PrivacyService(db).auskunft(contact_id)
    st = styles()
    k = data["kontakt"]
    name = _name_of(data)
    story: list[Flowable] = [
        Paragraph("Auskunft über gespeicherte personenbezogene Daten", st["title"]),
        Paragraph(f"nach Art. 15 DSGVO · {escape(name)} · Stand {_d(data['erstellt_am'])}", st["subtitle"]),
        Paragraph(
            escape(
                f"Verantwortliche Stelle: {data['verantwortliche_stelle'] or 'Geschäftsstelle'}. "
                "Diese Auskunft enthält alle Daten, die in regiodesk zu Ihrer Person gespeichert sind, "
                "einschließlich des Änderungsprotokolls. Eine maschinenlesbare Fassung liegt bei: "
                "eine JSON-Datei mit demselben Namen wie diese Datei und der Endung .json."
            ),
            st["body"],
        ),
        Paragraph("Stammdaten", st["h2"]),
    ]
    base = [
        ["Feld", "Wert"],
        ["Art", k["art"]],
        ["Anrede", k["anrede"] or "–"],
        ["Titel", k["titel"] or "–"],
        ["Vorname", k["vorname"] or "–"],
        ["Nachname", k["nachname"] or "–"],
        ["Institution", k["institution"] or "–"],
        ["Notizen", k["notizen"] or "–"],
        ["Verarbeitung eingeschränkt", "ja" if k["eingeschraenkt"] else "nein"],
        ["gespeichert seit", _d(k["angelegt_am"])],
    ]
    story.append(table(base, [55 * mm, CONTENT_WIDTH - 55 * mm]))

    def section(title: str, header: list[str], rows: list[list[Any]], widths: list[float]) -> None:
        story.append(Paragraph(title, st["h2"]))
        if rows:
            story.append(table([header, *rows], widths))
        else:
            story.append(Paragraph("keine", st["note"]))

    w = CONTENT_WIDTH
    section(
        "Anschriften",
        ["Art", "Straße", "PLZ", "Ort"],
        [[a["art"], a["strasse"], a["plz"], a["ort"]] for a in data["adressen"]],
        [30 * mm, 70 * mm, 20 * mm, w - 120 * mm],
    )
    section(
        "E-Mail-Adressen und Telefonnummern",
        ["Art", "Angabe"],
        [[e["art"], e["adresse"]] for e in data["e_mail_adressen"]]
        + [[p["art"], display_phone(p["nummer"])] for p in data["telefonnummern"]],
        [40 * mm, w - 40 * mm],
    )
    if data["schlagwoerter"]:
        story += [
            Paragraph("Schlagwörter", st["h2"]),
            Paragraph(escape(", ".join(data["schlagwoerter"])), st["body"]),
        ]
    section(
        "Einwilligungen",
        ["Zweck", "erteilt am", "wie", "widerrufen am", "Text"],
        [
            [c["zweck"], _d(c["erteilt_am"]), c["wie"], _d(c["widerrufen_am"]), c["text"] or c["quelle"]]
            for c in data["einwilligungen"]
        ],
        [32 * mm, DATE_COLUMN, 22 * mm, 31 * mm, w - 85 * mm - DATE_COLUMN],
    )
    section(
        "Funktionen",
        ["Person", "Institution", "Funktion", "von", "bis"],
        [
            [f["person"], f["institution"], f["funktion"], _d(f["von"]), _d(f["bis"])]
            for f in data["funktionen"]
        ],
        [38 * mm, 46 * mm, 38 * mm, DATE_COLUMN, w - 122 * mm - DATE_COLUMN],
    )
    section(
        "Mitgliedschaften in Gremien",
        ["Gremium", "als", "Stimmrecht", "von", "bis"],
        [
            [m["gremium"], m["als"], "ja" if m["stimmberechtigt"] else "nein", _d(m["von"]), _d(m["bis"])]
            for m in data["mitgliedschaften"]
        ],
        [50 * mm, 46 * mm, 26 * mm, DATE_COLUMN, w - 122 * mm - DATE_COLUMN],
    )
    section(
        "Sitzungen",
        ["Sitzung", "Datum", "Teilnahme"],
        [[s["sitzung"], _d(s["datum"]), s["teilnahme"]] for s in data["sitzungen"]],
        [80 * mm, DATE_COLUMN, w - 80 * mm - DATE_COLUMN],
    )
    section(
        "Abstimmungen und Erklärungen",
        ["Art", "Gegenstand", "Angabe"],
        [[v["art"], v["gegenstand"], v["angabe"]] for v in data["abstimmungen_und_erklaerungen"]],
        [40 * mm, 70 * mm, w - 110 * mm],
    )
    section(
        "Projekte",
        ["Projekt", "Rolle", "Stand"],
        [[p["projekt"], p["rolle"], p["status"]] for p in data["projekte"]],
        [80 * mm, 35 * mm, w - 115 * mm],
    )
    if data["anhaenge"] or data["weitere_verweise"]:
        section(
            "Weitere gespeicherte Einträge",
            ["Bereich", "Eintrag"],
            [["Anhang", a] for a in data["anhaenge"]]
            + [[r["bereich"], r["eintrag"]] for r in data["weitere_verweise"]],
            [50 * mm, w - 50 * mm],
        )
    # Inserts of empty fields and of internal references say nothing to the reader; the JSON has them all.
    log = [
        e
        for e in data["aenderungsprotokoll"]
        if not (e["vorgang"] == "angelegt" and (e["neu"] in ("", None, False) or _is_reference(e)))
    ]
    story += section_heading("Änderungsprotokoll")
    if log:
        rows = [
            [_d(e["zeitpunkt"]), e["bereich"], e["vorgang"], e["feld"], _short(e["alt"]), _short(e["neu"])]
            for e in log
        ]
        header = ["Datum", "Bereich", "Vorgang", "Feld", "vorher", "nachher"]
        half = (w - 80 * mm - DATE_COLUMN) / 2  # 30 + 20 + 30 mm and the date before
        story.append(table([header, *rows], [DATE_COLUMN, 30 * mm, 20 * mm, 30 * mm, half, half]))
    else:
        story.append(Paragraph("keine Einträge", st["note"]))
    return build_pdf(
        story, Letterhead.of(db), f"Auskunft {name}", footer=f"Auskunft nach Art. 15 DSGVO · {name}"
    )


def _is_reference(entry: dict[str, Any]) -> bool:
    value = entry["neu"]
    return isinstance(value, str) and len(value) == 36 and value.count("-") == 4


def _short(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return format_date(date.fromisoformat(value))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"
