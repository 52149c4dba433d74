"""Gelöschte Einträge: a deleted record comes back with what was deleted with it (services.restore)."""

from __future__ import annotations

import pytest
from contact_helpers import person

from regiodesk.db.models import Membership
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.services.bodies import BodyService
from regiodesk.services.contact_details import (
    AddressService,
    ContactEmailService,
    contact_tags,
    set_contact_tags,
)
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_privacy import PrivacyService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.restore import RestoreService
from regiodesk.services.undo import UndoService


def _emails(db, contact_id):
    return sorted(row.values[0] for row in ContactEmailService(db, contact_id).rows())


def test_a_deleted_contact_comes_back_with_its_emails_address_tags_and_memberships(lag):
    db = lag["db"]
    member = lag["m0"]
    contacts = ContactService(db)
    contacts.update(member, {"email": "m0@example.de", "street": "Hauptstraße 1", "city": "Coburg"})
    ContactEmailService(db, member).create({"address": "m0@gemeinde.de"})
    set_contact_tags(db, member, ["Presse"])
    contacts.delete(member)
    assert [r.id for r in RestoreService(db).deleted()] == [member]

    RestoreService(db).restore(member)

    assert contacts.load(member)["city"] == "Coburg"
    assert _emails(db, member) == ["m0@example.de", "m0@gemeinde.de"]
    assert [row.values[2] for row in AddressService(db, member).rows()] == ["Coburg"]
    assert contact_tags(db, member) == ["Presse"]
    ids = [row.id for row in MembershipService(db, lag["body"]).rows()]
    with db.session() as session:
        assert member in {session.get(Membership, i).contact_id for i in ids}
    assert RestoreService(db).deleted() == []


def test_a_detail_deleted_before_the_contact_stays_deleted(db):
    anna = person(db, "Anna", "Becker", email="alt@example.de")
    emails = ContactEmailService(db, anna)
    [old] = [row.id for row in emails.rows()]
    emails.delete(old)
    emails.create({"address": "neu@example.de"})
    ContactService(db).delete(anna)
    RestoreService(db).restore(anna)
    assert _emails(db, anna) == ["neu@example.de"]


def test_a_deleted_body_comes_back_with_its_members(lag):
    db = lag["db"]
    members = MembershipService(db, lag["body"])
    before = len(members.rows())
    BodyService(db).delete(lag["body"])
    assert members.rows() == []
    RestoreService(db).restore(lag["body"])
    assert len(members.rows()) == before


def test_a_restore_can_be_undone(db):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    ContactService(db).delete(anna)
    change = RestoreService(db).restore(anna)
    UndoService(db).revert(change)
    with pytest.raises(NotFoundError):
        ContactService(db).load(anna)
    assert RestoreService(db).deleted()[0].name == "Anna Becker"


def test_restoring_refuses_what_cannot_come_back(db):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    restore = RestoreService(db)
    with pytest.raises(DomainError, match="nicht gelöscht"):
        restore.restore(anna)
    with pytest.raises(NotFoundError, match="keinen Eintrag"):
        restore.restore("00000000-0000-4000-8000-000000000000")
    [email] = [row.id for row in ContactEmailService(db, anna).rows()]
    ContactService(db).delete(anna)
    with pytest.raises(DomainError, match="zusammen mit Kontakt „Anna Becker“"):
        restore.restore(email)  # an e-mail without its contact


def test_a_contact_erased_on_request_is_neither_listed_nor_restored(db):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    PrivacyService(db).erase(anna)
    assert RestoreService(db).deleted() == []
    with pytest.raises(DomainError, match="DSGVO"):
        RestoreService(db).restore(anna)
    assert _emails(db, anna) == []


def test_the_verlauf_sets_an_old_value_again(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", notes="erste Notiz")
    contacts.update(anna, {"notes": "zweite Notiz"})
    contacts.update(anna, {"notes": "dritte Notiz"})
    [older] = [e for e in contacts.history(anna) if e.field == "notes" and e.new == "zweite Notiz"]

    change = RestoreService(db).restore_value(older.seq, "notes")

    assert contacts.load(anna)["notes"] == "erste Notiz"
    assert contacts.history(anna)[0].new == "erste Notiz"
    UndoService(db).revert(change)
    assert contacts.load(anna)["notes"] == "dritte Notiz"


def test_the_verlauf_refuses_a_value_before_the_creation(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker")
    [created] = [e for e in contacts.history(anna) if e.field == "last_name"]
    with pytest.raises(DomainError, match="keinen früheren Wert"):
        RestoreService(db).restore_value(created.seq, "last_name")


def test_a_deleted_record_is_found_by_the_beginning_of_its_id(db):
    anna = person(db, "Anna", "Becker")
    ben = person(db, "Ben", "Schmidt")
    ContactService(db).delete(anna)
    restore = RestoreService(db)
    assert restore.find_deleted(anna[:8].upper()) == anna
    assert restore.find_deleted(anna) == anna
    with pytest.raises(NotFoundError, match="Kein gelöschter Eintrag"):
        restore.find_deleted(ben[:8])  # not deleted
    with pytest.raises(DomainError, match="zu kurz"):
        restore.find_deleted(anna[:3])


def test_the_verlauf_brings_back_an_email_deleted_on_its_own(db):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    emails = ContactEmailService(db, anna)
    [email] = [row.id for row in emails.rows()]
    emails.delete(email)
    [deletion] = [e for e in ContactService(db).history(anna) if e.operation == "delete"]
    assert (deletion.record, deletion.field) == ("E-Mail-Adresse", "deleted_at")

    RestoreService(db).restore_value(deletion.seq, "deleted_at")

    assert _emails(db, anna) == ["anna@example.de"]


def test_a_restored_contact_is_found_by_the_search_again(db):
    from regiodesk.services.search import SearchService

    anna = person(db, "Anna", "Becker", email="anna@example.de")
    ContactService(db).delete(anna)
    assert SearchService(db).search("Becker") == []
    RestoreService(db).restore(anna)
    [group] = SearchService(db).search("Becker")
    assert [hit.record_id for hit in group.hits] == [anna]
