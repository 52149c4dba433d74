"""An event's participant list to sign, its calendar entry and the e-mail to the registered."""

from __future__ import annotations

import email
from datetime import date, datetime
from email import policy

import pytest
from document_helpers import pdf_pages, pdf_text, unhyphenated

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
