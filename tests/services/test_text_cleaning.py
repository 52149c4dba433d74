"""Text pasted from Word, Outlook or a PDF is stored without control characters, by every service."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from regiodesk.reports.contacts_export import contacts_csv, contacts_xlsx
from regiodesk.services.agenda import AgendaService
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.projects import ProjectService

#: U+000B is Word's and Outlook's manual line break; NUL, BEL, ESC and DEL come from broken
#: exports; U+202E turns the text around on the screen.
CONTROLS = ["\x0b", "\x00", "\x07", "\x1b", "\x7f", "\u202e", "\x85", "\x0c"]


@pytest.mark.parametrize("control", CONTROLS)
def test_a_contact_form_stores_no_control_character(db, control):
    service = ContactService(db)
    contact = service.create(
        {
            "kind": "person",
            "first_name": f"Ann{control}a",
            "last_name": f"Mül{control}ler",
            "city": f"Co{control}burg",
            "notes": f"erste Zeile{control}zweite Zeile",
        }
    )
    values = service.load(contact)
    for name in ("first_name", "last_name", "city", "notes"):
        assert control not in values[name]
    if control == "\x0b":  # a line break: a space in a one-line field, a line in the notes
        assert values["last_name"] == "Mül ler" and values["notes"] == "erste Zeile\nzweite Zeile"
    service.update(contact, {"organisation": f"{control}=Gemeinde{control}"})
    assert control not in service.load(contact)["organisation"]
    # and every export of the list works
    assert contacts_xlsx(db) and contacts_csv(db)


def test_a_single_line_field_gets_a_space_for_a_line_break_a_multiline_field_keeps_it(db):
    projects = ProjectService(db)
    project = projects.create(
        {"title": "Dorfladen\r\nMusterdorf", "short_description": "Zeile 1\r\nZeile 2\u2028Zeile 3"}
    )
    values = projects.load(project)
    assert values["title"] == "Dorfladen Musterdorf"
    assert values["short_description"] == "Zeile 1\nZeile 2\nZeile 3"


def test_services_outside_the_forms_store_no_control_character_either(db):
    """The agenda is no form: the session's net below every service cleans what it writes."""
    body = BodyService(db).create({"name": "LAG Test", "body_type": "lag"})
    meeting = MeetingService(db).create({"body_id": body, "starts_at": datetime(2026, 3, 9, 18, 0)})
    agenda = AgendaService(db)
    item = agenda.add(meeting, "Begrü\x00ßung\x0bund\u202e Bericht", discussion="a\x0bb\x07")
    agenda.update(item, decision_text="Be\x1bschluss")
    with db.session() as session:
        title, discussion, decision = session.execute(
            text("SELECT title, discussion, decision_text FROM agenda_item WHERE id = :id"), {"id": item}
        ).one()
    assert title == "Begrüßung und Bericht"  # one line: the title is a String column
    assert discussion == "a\nb" and decision == "Beschluss"  # text columns keep their lines


def test_json_the_program_stores_stays_readable(db):
    """A saved filter is JSON: a raw U+2028 in its search text must not become a line break in it."""
    from regiodesk.services.contacts_lists import ContactFilter, ContactListService

    lists = ContactListService(db)
    saved = lists.save_list("Presse\x0b2026", ContactFilter(text="Mül\u2028ler"))
    [(list_id, name, criteria)] = lists.lists()
    assert list_id == saved and name == "Presse 2026"
    assert criteria.text == "Mül\u2028ler"
