"""Every change is in the change log, written in the same transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from regiodesk.db.changelog import decode_value, encode_value
from regiodesk.db.models import ChangeLogEntry, Contact
from regiodesk.domain.hlc import Timestamp


def _log(db, row_id=None):
    with db.session() as session:
        stmt = select(ChangeLogEntry).order_by(ChangeLogEntry.seq)
        if row_id:
            stmt = stmt.where(ChangeLogEntry.row_id == row_id)
        return list(session.scalars(stmt))


def test_insert_logs_every_field_with_device_and_clock(db):
    with db.transaction() as session:
        contact = Contact(kind="institution", organisation="Weiß GmbH", public_sector=True)
        session.add(contact)
    entries = _log(db, contact.id)
    fields = {e.field: decode_value(e.new_value) for e in entries}
    assert fields == {"kind": "institution", "organisation": "Weiß GmbH", "public_sector": True}
    assert {e.operation for e in entries} == {"insert"}
    assert {e.device_id for e in entries} == {"test-device"}
    assert {e.table_name for e in entries} == {"contact"}
    assert len({e.hlc for e in entries}) == 1


def test_column_defaults_are_stored_but_not_logged_on_insert(db):
    """Half an import's entries were defaults; sync inserts a row with the same defaults."""
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Öztürk")
        session.add(contact)
    with db.session() as session:
        stored = session.get(Contact, contact.id)
        assert (stored.kind, stored.public_sector, stored.first_name) == ("person", False, "")
    assert {e.field for e in _log(db, contact.id)} == {"last_name"}


def test_a_row_holding_only_defaults_still_gets_one_insert_entry(db):
    """Without an insert entry sync would never create the row on the other laptop."""
    with db.transaction() as session:
        contact = Contact()
        session.add(contact)
    [entry] = _log(db, contact.id)
    assert (entry.operation, entry.field, decode_value(entry.new_value)) == ("insert", "kind", "person")


def test_changing_a_default_later_logs_the_default_as_old_value(db):
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Nowak")
        session.add(contact)
    with db.transaction() as session:
        session.get(Contact, contact.id).public_sector = True
    [update] = [e for e in _log(db, contact.id) if e.operation == "update"]
    assert (update.field, decode_value(update.old_value), decode_value(update.new_value)) == (
        "public_sector",
        False,
        True,
    )


def test_update_logs_old_and_new_value_only_for_changed_fields(db):
    with db.transaction() as session:
        contact = Contact(kind="person", first_name="Jörg", last_name="Müller")
        session.add(contact)
    with db.transaction() as session:
        session.get(Contact, contact.id).first_name = "Jürgen"
    updates = [e for e in _log(db, contact.id) if e.operation == "update"]
    assert [(e.field, decode_value(e.old_value), decode_value(e.new_value)) for e in updates] == [
        ("first_name", "Jörg", "Jürgen")
    ]


def test_setting_the_same_value_logs_nothing(db):
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Nowak")
        session.add(contact)
    count = len(_log(db))
    with db.transaction() as session:
        session.get(Contact, contact.id).last_name = "Nowak"
    assert len(_log(db)) == count


def test_tombstone_and_restore_are_logged(db):
    from regiodesk.db.base import utcnow

    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Dubois")
        session.add(contact)
    with db.transaction() as session:
        session.get(Contact, contact.id).deleted_at = utcnow()
    with db.transaction() as session:
        session.get(Contact, contact.id).deleted_at = None
    operations = [e.operation for e in _log(db, contact.id) if e.field == "deleted_at"]
    assert operations == ["delete", "restore"]


def test_hard_delete_is_refused(db):
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Schmidt")
        session.add(contact)
    with pytest.raises(RuntimeError, match="tombstoned"), db.transaction() as session:
        session.delete(session.get(Contact, contact.id))
    with db.session() as session:
        assert session.get(Contact, contact.id) is not None


def test_rolled_back_change_leaves_no_log(db):
    count = len(_log(db))
    with pytest.raises(ZeroDivisionError), db.transaction() as session:
        session.add(Contact(kind="person", last_name="Kaya"))
        session.flush()
        1 / 0  # noqa: B018
    assert len(_log(db)) == count
    with db.session() as session:
        assert session.scalars(select(Contact)).all() == []


def test_clock_increases_across_transactions_and_reopening(db):
    from regiodesk.db.database import Database

    stamps = []
    for name in ("A", "B", "C"):
        with db.transaction() as session:
            session.add(Contact(kind="person", last_name=name))
        stamps.append(_log(db)[-1].hlc)
    db.close()
    again = Database.open(db.path, device_id="test-device")
    with again.transaction() as session:
        session.add(Contact(kind="person", last_name="D"))
    stamps.append(_log(again)[-1].hlc)
    again.close()
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 4
    assert all(Timestamp.decode(s).device == "test-device" for s in stamps)


@pytest.mark.parametrize(
    "value",
    [None, "Ärger", 0, 12345, True, False, b"\x89PNG\x00\xff"],
)
def test_values_survive_the_log_encoding(value):
    assert decode_value(encode_value(value)) == value


def test_dates_are_logged_as_iso_text():
    from datetime import date, datetime, timezone

    assert json.loads(encode_value(date(2024, 2, 29))) == "2024-02-29"
    assert (
        json.loads(encode_value(datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)))
        == "2026-01-02T03:04:00+00:00"
    )
