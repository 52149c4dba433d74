"""An event's participant list to sign, its calendar entry and the e-mail to the registered."""

from __future__ import annotations

import email
import io
import re
from datetime import date, datetime
from email import policy

import pytest
from document_helpers import pdf_pages, pdf_text, unhyphenated
from pypdf import PdfReader
from reportlab.lib.units import mm

from regiodesk.db.models import ConsentPurpose
from regiodesk.domain.errors import NotFoundError
from regiodesk.reports.event_docs import BLANK_LINES, event_email_draft, event_ics, participants_pdf
from regiodesk.services.activities import EventParticipantService, EventService
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService


@pytest.fixture
def event(db):
    contacts = ContactService(db)
    people = [
        contacts.create(
            {"kind": "person", "first_name": first, "last_name": last, "organisation": org, "email": mail}
        )
        for first, last, org, mail in (
            ("Eva", "Huber", "Markt Unterau", "eva@example.de"),
            ("Änne", "Özdemir", "", "oezdemir@example.de"),
            ("Max", "Roth", "", ""),
        )
    ]
    event_id = EventService(db).create(
        {
            "kind": "workshop",
            "title": "Workshop Innenentwicklung",
            "starts_at": datetime(2026, 5, 6, 17, 30),
            "ends_at": datetime(2026, 5, 6, 20, 0),
            "location": "Rathaus Unterau",
            "organiser": "LAG Testtal e. V.",
            "programme": "17:30 Begrüßung\n18:00 Leerstand und Ortskern",
        }
    )
    participants = EventParticipantService(db, event_id)
    for person in people:
        participants.register(person, date(2026, 4, 20))
    participants.add_walk_in("Gerda Gast", "Heimatverein")
    return {"id": event_id, "people": people}


def test_the_participant_list_names_everyone_in_alphabetical_order_with_room_to_sign(db, event):
    pdf = participants_pdf(db, event["id"])
    text = unhyphenated(pdf_text(pdf))
    assert "Teilnehmerliste: Workshop Innenentwicklung" in text
    assert "Mittwoch, 06.05.2026 17:30 Uhr bis 20:00 Uhr" in text and "Rathaus Unterau" in text
    names = ["Gerda Gast", "Eva Huber", "Änne Özdemir", "Max Roth"]  # by surname, Ö with O
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert "Markt Unterau" in text and "Heimatverein" in text and "ohne" in text
    assert f"\n{4 + BLANK_LINES}\n" in f"\n{text}\n".replace(" ", "\n")  # numbered empty lines for walk-ins
    assert "Unterschrift" in text and "Seite 1 von 1" in text
    assert pdf_pages(pdf) == 1


def _numbers_by_page(pdf: bytes) -> list[list[tuple[int, float]]]:
    """Per page, the line numbers of the list (a number alone at the start of a line) with their height."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[int, float]] = []

        def visit(text, cm, tm, _font, _size, found=found):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]  # the text's place on the page
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if re.fullmatch(r"\d+", text.strip()) and x < 40 * mm:  # the „Nr.“ column
                found.append((int(text), y))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def _add_walk_ins(db, event_id, count):
    participants = EventParticipantService(db, event_id)
    for n in range(count):
        participants.add_walk_in(f"Gast Nummer {n:02d}", "Heimatverein")


def _reaches_the_foot(numbers: list[tuple[int, float]]) -> bool:
    """The last line ends less than one line above the footer (which sits 15 mm above the page's edge)."""
    lowest = min(y for _, y in numbers)
    return lowest < 20 * mm + 2 * 9 * mm


def test_the_lines_for_walk_ins_go_on_to_the_foot_of_the_page(db, event):
    [page] = _numbers_by_page(participants_pdf(db, event["id"]))
    numbers = [n for n, _ in page]
    assert numbers == list(range(1, len(numbers) + 1))  # one numbered line after the other
    assert len(numbers) > 4 + BLANK_LINES  # more than the minimum: the page is filled
    assert _reaches_the_foot(page)


def test_an_event_without_registrations_gets_a_full_page_of_lines_under_the_header(db):
    event_id = EventService(db).create(
        {"kind": "projektboerse", "title": "Projektbörse", "starts_at": datetime(2026, 6, 1, 10, 0)}
    )
    pdf = participants_pdf(db, event_id)
    [page] = _numbers_by_page(pdf)
    assert page[0][0] == 1 and len(page) > BLANK_LINES and _reaches_the_foot(page)
    assert "Unterschrift" in pdf_text(pdf) and pdf_pages(pdf) == 1


@pytest.mark.parametrize("extra", [14, 17, 30])
def test_when_the_minimum_does_not_fit_the_lines_fill_the_next_page_under_its_header(db, event, extra):
    _add_walk_ins(db, event["id"], extra)  # with the four of the fixture: the page is (nearly) full
    pdf = participants_pdf(db, event["id"])
    pages = _numbers_by_page(pdf)
    registered = 4 + extra
    numbers = [n for page in pages for n, _ in page]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= registered + BLANK_LINES  # at least the minimum of empty lines
    assert _reaches_the_foot(pages[-1])
    last_page_text = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert "Unterschrift" in last_page_text  # the header repeats where the lines go on


def test_the_calendar_entry_has_the_events_uid_local_times_and_programme(db, event):
    ics = event_ics(db, event["id"], now=datetime(2026, 4, 1, 12, 0)).decode("utf-8")
    assert f"UID:{event['id']}@regiodesk" in ics
    assert "DTSTART;TZID=Europe/Berlin:20260506T173000" in ics
    assert "DTEND;TZID=Europe/Berlin:20260506T200000" in ics
    assert "SUMMARY:Workshop Innenentwicklung" in ics
    assert "Leerstand und Ortskern" in ics.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_the_e_mail_goes_to_registered_contacts_with_consent_and_names_who_is_left_out(db, event):
    with db.transaction() as session:
        session.add(ConsentPurpose(name="Veranstaltungen", position=1))
    ConsentService(db).give(event["people"][1], "Veranstaltungen", date(2026, 1, 1))
    draft = event_email_draft(db, event["id"], on=date(2026, 4, 25))
    message = email.message_from_bytes(draft.eml, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Workshop Innenentwicklung am 06.05.2026"
    assert [a.addr_spec for a in message["Bcc"].addresses] == ["oezdemir@example.de"]
    body = message.get_body(("plain",)).get_content()
    assert "Rathaus Unterau" in body and "Leerstand und Ortskern" in body
    [calendar] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert f"UID:{event['id']}@regiodesk" in calendar.get_content()
    assert draft.recipients == 1
    assert "Eva Huber (keine gültige Einwilligung „Veranstaltungen“)" in draft.warning
    assert "Max Roth (keine E-Mail-Adresse)" in draft.warning
    assert "Gerda Gast" not in draft.warning  # a walk-in registered nothing and gets no e-mail


def test_a_deleted_event_has_no_documents(db, event):
    EventService(db).delete(event["id"])
    with pytest.raises(NotFoundError):
        participants_pdf(db, event["id"])
