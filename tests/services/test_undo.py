"""Undo and redo of saves, creations and deletions, as logged change sets (services.undo)."""

from __future__ import annotations

import pytest
from contact_helpers import person

from regiodesk.db.models import ChangeLogEntry, Contact, ContactEmail
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.services.contacts import ContactService
from regiodesk.services.undo import ChangedMeanwhile, ChangeSet, UndoService, recording


def saved(db, action) -> ChangeSet:
    with recording(db) as seqs:
        action()
    return ChangeSet(tuple(seqs))


def test_a_save_is_one_change_set_and_its_undo_sets_the_old_value_again(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", phone="0911 123456")
    change = saved(db, lambda: contacts.update(anna, {"phone": "0911 999999", "notes": "neu"}))
    assert len(change.seqs) == 2

    undone = UndoService(db).revert(change)

    values = contacts.load(anna)
    assert (values["phone"], values["notes"]) == ("0911 123456", "")
    assert undone  # the undo is a change of its own, in the log
    UndoService(db).revert(undone)  # redo
    values = contacts.load(anna)
    assert (values["phone"], values["notes"]) == ("0911 999999", "neu")


def test_undo_of_a_creation_deletes_the_record_and_its_details_and_redo_brings_them_back(db):
    contacts = ContactService(db)
    holder: list[str] = []
    change = saved(db, lambda: holder.append(person(db, "Ben", "Schmidt", email="ben@example.de")))
    [ben] = holder

    undone = UndoService(db).revert(change)

    with pytest.raises(NotFoundError):
        contacts.load(ben)
    with db.session() as session:
        [email] = session.query(ContactEmail).filter_by(contact_id=ben).all()
        assert email.deleted_at is not None
    UndoService(db).revert(undone)
    assert contacts.load(ben)["email"] == "ben@example.de"


def test_undo_of_a_deletion_brings_the_record_back_with_its_details(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", email="anna@example.de", city="Bamberg")
    change = saved(db, lambda: contacts.delete(anna))

    redo = UndoService(db).revert(change)

    values = contacts.load(anna)
    assert (values["email"], values["city"]) == ("anna@example.de", "Bamberg")
    UndoService(db).revert(redo)
    with pytest.raises(NotFoundError):
        contacts.load(anna)


def test_the_undo_is_logged_as_a_normal_change(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker")
    change = saved(db, lambda: contacts.delete(anna))
    undone = UndoService(db).revert(change)
    with db.session() as session:
        [entry] = session.query(ChangeLogEntry).filter(ChangeLogEntry.seq.in_(undone.seqs)).all()
    assert (entry.row_id, entry.operation, entry.field) == (anna, "restore", "deleted_at")
    assert [e.operation for e in contacts.history(anna)][:2] == ["restore", "delete"]


def test_an_undo_refuses_when_the_field_was_changed_meanwhile(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", phone="0911 1")
    change = saved(db, lambda: contacts.update(anna, {"phone": "0911 2"}))
    contacts.update(anna, {"phone": "0911 3"})  # outside the undo stack (sync, another window)

    with pytest.raises(ChangedMeanwhile, match="inzwischen geändert"):
        UndoService(db).revert(change)

    assert contacts.load(anna)["phone"] == "0911 3"


def test_an_undo_refuses_as_a_whole_when_one_record_was_changed(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", notes="a")
    change = saved(db, lambda: contacts.update(anna, {"notes": "b", "first_name": "Anne"}))
    contacts.update(anna, {"notes": "c"})
    with pytest.raises(ChangedMeanwhile):
        UndoService(db).revert(change)
    assert contacts.load(anna)["first_name"] == "Anne"  # nothing half-undone


def test_a_change_of_another_field_meanwhile_does_not_block_the_undo(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", phone="0911 1")
    change = saved(db, lambda: contacts.update(anna, {"phone": "0911 2"}))
    contacts.update(anna, {"notes": "Rückruf"})
    UndoService(db).revert(change)
    values = contacts.load(anna)
    assert (values["phone"], values["notes"]) == ("0911 1", "Rückruf")


def test_undo_of_a_creation_refuses_when_another_laptop_changed_the_record(db):
    holder: list[str] = []
    change = saved(db, lambda: holder.append(person(db, "Ben", "Schmidt")))
    [ben] = holder
    with db.transaction() as session:  # as a sync writes another device's change
        session.get(Contact, ben).notes = "vom anderen Laptop"
        session.flush()
        logged = session.query(ChangeLogEntry).filter(ChangeLogEntry.row_id == ben)
        logged.filter(ChangeLogEntry.field == "notes").update({"device_id": "other-device"})
    with pytest.raises(ChangedMeanwhile, match="Ben"):
        UndoService(db).revert(change)
    assert ContactService(db).load(ben)["notes"] == "vom anderen Laptop"


def test_a_write_rolled_back_after_its_flush_records_no_change(db):
    anna = person(db, "Anna", "Becker")
    with recording(db) as seqs, pytest.raises(ValidationError), db.transaction() as session:
        session.get(Contact, anna).notes = "halb gespeichert"
        session.flush()  # logged, then refused
        raise ValidationError.single("notes", "abgelehnt")
    assert seqs == []


def test_changes_of_other_threads_are_not_part_of_the_change_set(db):
    import threading

    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker")
    with recording(db) as seqs:
        contacts.update(anna, {"notes": "hier"})
        other = threading.Thread(target=lambda: person(db, "Ben", "Schmidt"))
        other.start()
        other.join()
    assert len(seqs) == 1


def test_a_recording_inside_another_one_is_part_of_both_and_both_end_cleanly(db):
    contacts = ContactService(db)
    with recording(db) as outer:
        with recording(db) as inner:
            anna = person(db, "Anna", "Becker")
        contacts.update(anna, {"notes": "danach"})
    assert inner and set(inner) < set(outer)
    with recording(db) as after:  # no capture of before is left open
        contacts.update(anna, {"notes": "später"})
    assert not set(after) & set(outer)
    UndoService(db).revert(ChangeSet(tuple(outer)))
    with pytest.raises(NotFoundError):
        contacts.load(anna)
