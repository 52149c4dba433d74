"""An office's address list with the data quality problems found in real lists (issue 19):
names with salutation and title, phone numbers in every spelling, umlaut and malformed
e-mail addresses, a person already there with the number in another format, and
"aktualisieren" that completes a contact instead of overwriting it."""

from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy import select

from regiodesk.cli import main
from regiodesk.db.models import Address, Contact, ContactEmail, ContactPhone
from regiodesk.imports.preview import SKIP, UPDATE
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_duplicates import DuplicateService
from regiodesk.services.contacts_import import ContactImportService


def _xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _person(db, last_name):
    with db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.last_name == last_name)).one()
        emails = list(
            session.scalars(select(ContactEmail.address).where(ContactEmail.contact_id == contact.id))
        )
        phones = list(
            session.scalars(select(ContactPhone.number).where(ContactPhone.contact_id == contact.id))
        )
        address = session.scalars(select(Address).where(Address.contact_id == contact.id)).first()
        session.expunge_all()
        return contact, emails, phones, address


def test_names_phones_and_emails_of_a_real_list_come_in_right(db, tmp_path):
    path = _xlsx(
        tmp_path / "verteiler.xlsx",
        [
            ["Vorname", "Name", "E-Mail", "Telefon", "Mobil"],
            [None, "Frau Gertrud Ölschläger", "info@bäckerei-müller.de", "(0 95 61) 12 34 5", None],
            ["Ayşe", "Dr. Öztürk", "a..b@example.de", "09561 12345-12", "+49 0171 1234567"],
            ["Prof. Dr. Anna", "Schmidt", "Anna.Schmidt@Uni-Bamberg.DE", "+43 1 234567", None],
        ],
    )
    service = ContactImportService(db)
    preview = service.preview(path)
    # the malformed address does not cost the person: a note, and the rest comes in
    assert preview.row(3).errors == []
    assert preview.row(3).warnings == ["E-Mail-Adresse „a..b@example.de“ ungültig: nicht übernommen."]
    result = service.run(preview)
    assert (result.created, result.unreadable) == (3, [])

    contact, emails, phones, _a = _person(db, "Ölschläger")
    assert (contact.salutation, contact.title, contact.first_name) == ("Frau", "", "Gertrud")
    assert emails == ["info@bäckerei-müller.de"]
    assert phones == ["+49 9561 12345"]

    contact, emails, phones, _a = _person(db, "Öztürk")
    assert (contact.salutation, contact.title, contact.first_name) == ("", "Dr.", "Ayşe")
    assert emails == []
    assert sorted(phones) == ["+49 171 1234567", "+49 9561 12345 ext. 12"]

    contact, emails, phones, _a = _person(db, "Schmidt")
    assert (contact.title, contact.first_name) == ("Prof. Dr.", "Anna")
    assert emails == ["Anna.Schmidt@uni-bamberg.de"]  # the mailbox as typed
    assert phones == ["+43 1 234567"]
    # the list shows them as German offices write them
    shown = {r.values[0]: r.values[5] for r in ContactService(db).rows()}
    assert shown["Öztürk, Dr. Ayşe"] in ("09561 12345-12", "0171 1234567")
    assert shown["Schmidt, Prof. Dr. Anna"] == "+43 1 234567"


def test_the_same_person_with_the_number_in_another_format_is_a_duplicate_at_import(db, tmp_path):
    ContactService(db).create(
        {
            "kind": "person",
            "first_name": "Hans",
            "last_name": "Müller",
            "city": "Coburg",
            "phone": "09561 12345",
        }
    )
    path = _xlsx(
        tmp_path / "liste.xlsx",
        [["Vorname", "Nachname", "Ort", "Telefon"], ["Hans", "Mueller", "Coburg", "+49 (0) 9561/123 45"]],
    )
    preview = ContactImportService(db).preview(path)
    row = preview.row(2)
    assert [d.reason for d in row.duplicates] == ["ähnlicher Name mit derselben Telefonnummer"]
    assert row.action == SKIP  # a similar name only: the user decides


def test_dubletten_finden_compares_phone_numbers_normalised(db):
    with db.transaction() as session:  # as typed before numbers were normalised
        for n, number in enumerate(("09561/12345", "+49 9561 12345", "0 95 61 - 1 23 45", "09561 99999")):
            contact = Contact(kind="person", first_name="Hans", last_name="Müller" if n % 2 else "Mueller")
            session.add(contact)
            session.flush()
            session.add(Address(contact_id=contact.id, city="Coburg"))
            session.add(ContactPhone(contact_id=contact.id, number=number))
    pairs = DuplicateService(db).find_all()
    assert len(pairs) == 3  # the three with 09561 12345 pairwise; 09561 99999 is someone else
    assert {p.reason for p in pairs} == {"ähnlicher Name mit derselben Telefonnummer"}


def _existing_and_update_list(db, tmp_path):
    cid = ContactService(db).create(
        {
            "kind": "person",
            "last_name": "Müller",
            "email": "hans@example.de",
            "street": "Alte Straße 1",
            "city": "Coburg",
        }
    )
    path = _xlsx(
        tmp_path / "update.xlsx",
        [
            ["Vorname", "Nachname", "E-Mail", "Straße", "PLZ", "Ort"],
            ["Hans", "Mueller", "hans@example.de", "Neue Straße 2", "96450", "Coburg"],
        ],
    )
    return cid, path


def test_aktualisieren_fills_empty_fields_and_shows_what_it_leaves(db, tmp_path):
    cid, path = _existing_and_update_list(db, tmp_path)
    service = ContactImportService(db)
    preview = service.preview(path)
    assert preview.row(2).action == UPDATE and preview.row(2).target_id == cid
    changes = {c.field: (c.old, c.new, c.fills) for c in service.update_changes(preview, 2)}
    assert changes == {
        "first_name": ("", "Hans", True),
        "last_name": ("Müller", "Mueller", False),
        "street": ("Alte Straße 1", "Neue Straße 2", False),
        "postal_code": ("", "96450", True),
    }
    assert preview.row(2).warnings == [
        "Nachname bleibt „Müller“ (in der Datei: „Mueller“)",
        "Straße bleibt „Alte Straße 1“ (in der Datei: „Neue Straße 2“)",
    ]
    service.run(preview)
    contact, _e, _p, address = _person(db, "Müller")
    assert contact.first_name == "Hans"  # filled
    assert (address.street, address.postal_code) == ("Alte Straße 1", "96450")  # kept, filled


def test_aktualisieren_changes_exactly_the_ticked_fields(db, tmp_path):
    _cid, path = _existing_and_update_list(db, tmp_path)
    service = ContactImportService(db)
    preview = service.preview(path)
    service.choose_fields(preview, 2, ["street"])  # the new street, not the first name
    assert preview.row(2).warnings == [
        "Vorname bleibt „“ (in der Datei: „Hans“)",
        "Nachname bleibt „Müller“ (in der Datei: „Mueller“)",
        "PLZ bleibt „“ (in der Datei: „96450“)",
    ]
    service.run(preview)
    contact, _e, _p, address = _person(db, "Müller")
    assert contact.first_name == ""
    assert (address.street, address.postal_code) == ("Neue Straße 2", "")


def test_the_cli_fills_empty_fields_only_and_says_what_it_left(db, tmp_path, capsys):
    _cid, path = _existing_and_update_list(db, tmp_path)
    db.close()
    assert main(["--db", str(db.path), "import", "contacts", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "Hinweis: Zeile 2 Hans Mueller: Straße bleibt „Alte Straße 1“ (in der Datei: „Neue Straße 2“)" in out
    )
    assert "Ergebnis: 0 neu angelegt, 1 aktualisiert, 0 übersprungen" in out


def test_the_entry_form_names_the_person_with_the_same_number_in_another_format(db):
    with db.transaction() as session:  # typed before numbers were normalised
        contact = Contact(kind="person", first_name="Hans", last_name="Müller")
        session.add(contact)
        session.flush()
        session.add(ContactPhone(contact_id=contact.id, number="09561/12345"))
        existing = contact.id
    found = DuplicateService(db).candidates(
        {"kind": "person", "first_name": "Hans", "last_name": "Mueller", "phone": "+49 (0)9561 123 45"}
    )
    assert [(c.contact_id, c.reason) for c in found] == [
        (existing, "ähnlicher Name mit derselben Telefonnummer")
    ]
    assert (
        DuplicateService(db).candidates({"kind": "person", "last_name": "Schmidt", "phone": "09561 12345"})
        == []
    )
