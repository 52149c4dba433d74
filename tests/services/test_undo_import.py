"""An import is one change set: its undo removes what it created and resets what it updated."""

from __future__ import annotations

import pytest
from contact_helpers import person
from openpyxl import Workbook

from regiodesk.db.models import ChangeLogEntry, Contact
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_import import ContactImportService
from regiodesk.services.undo import ChangedMeanwhile, ChangeSet, UndoService, recording


def _list(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Vorname", "Nachname", "E-Mail", "Telefon"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "liste.xlsx"
    book.save(path)
    return path


def _imported(db, path) -> ChangeSet:
    service = ContactImportService(db)
    preview = service.preview(path)
    with recording(db) as seqs:
        service.run(preview)
    return ChangeSet(tuple(seqs))


def test_undo_of_an_import_removes_its_contacts_and_redo_brings_them_back(db, tmp_path):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    rows = [[f"Vor{n}", f"Nach{n}", f"p{n}@example.de", f"0911 {1000 + n}"] for n in range(400)]
    rows.append(["Anna", "Becker", "anna@example.de", "0911 555"])  # updates Anna: phone was empty
    change = _imported(db, _list(tmp_path, rows))
    contacts = ContactService(db)
    assert len(contacts.rows()) == 401
    assert contacts.load(anna)["phone"] == "0911 555"
    # the bulk writer's entries are in the set (400 contacts with e-mail and phone), more than
    # the 999 parameters the oldest SQLite takes in one statement
    assert len(change.seqs) > 1000

    undone = UndoService(db).revert(change)

    assert [r.id for r in contacts.rows()] == [anna]
    assert contacts.load(anna)["phone"] == ""
    UndoService(db).revert(undone)  # redo
    assert len(contacts.rows()) == 401
    assert contacts.load(anna)["phone"] == "0911 555"
    assert contacts.load(anna)["email"] == "anna@example.de"


def test_undo_of_an_import_is_refused_when_another_laptop_edited_an_imported_contact(db, tmp_path):
    change = _imported(db, _list(tmp_path, [["Ben", "Schmidt", "ben@example.de", None]]))
    contacts = ContactService(db)
    [ben] = [r.id for r in contacts.rows()]
    with db.transaction() as session:  # as a sync writes another device's change
        session.get(Contact, ben).notes = "vom anderen Laptop"
        session.flush()
        logged = session.query(ChangeLogEntry).filter(ChangeLogEntry.row_id == ben)
        logged.filter(ChangeLogEntry.field == "notes").update({"device_id": "other-device"})

    with pytest.raises(ChangedMeanwhile, match="Ben Schmidt"):
        UndoService(db).revert(change)
    assert contacts.load(ben)["notes"] == "vom anderen Laptop"
    assert contacts.load(ben)["email"] == "ben@example.de"  # nothing of the import was taken back
