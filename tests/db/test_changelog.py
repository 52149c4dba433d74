"""Every change is in the change log, written in the same transaction."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from regiodesk.db.changelog import ROW, decode_value, encode_value, expand, row_entries
from regiodesk.db.models import ChangeLogEntry, Contact
from regiodesk.domain.hlc import Timestamp


def _log(db, row_id=None):
    with db.session() as session:
        stmt = select(ChangeLogEntry).order_by(ChangeLogEntry.seq)
        if row_id:
            stmt = stmt.where(ChangeLogEntry.row_id == row_id)
        return list(session.scalars(stmt))


def _fields(entries):
    """field -> value of the entries, an insert's row entry read field by field."""
    return {f: decode_value(v) for e in entries for f, v in expand(e.field, e.new_value)}


def test_insert_logs_every_field_in_one_entry_with_device_and_clock(db):
    with db.transaction() as session:
        contact = Contact(kind="institution", organisation="Weiß GmbH", public_sector=True)
        session.add(contact)
    [entry] = _log(db, contact.id)
    assert (entry.operation, entry.field, entry.old_value) == ("insert", ROW, None)
    assert _fields([entry]) == {"kind": "institution", "organisation": "Weiß GmbH", "public_sector": True}
    assert (entry.device_id, entry.table_name) == (db.device_id, "contact")
    # this machine's id in a file; on a server the server database's own (one device in the sync)
    assert (db.device_id == "test-device") is (not db.is_server)
    Timestamp.decode(entry.hlc)


def test_a_row_entry_expands_to_the_texts_per_field_entries_would_hold():
    """Sync compares and sends the fields' JSON texts: the row entry must give exactly those."""
    values = [
        ("last_name", 'Öztürk "der Jüngere"\n'),
        ("count", 3),
        ("share", 0.1),
        ("flag", False),
        ("on", date(2021, 2, 28)),
        ("at", datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)),
        ("data", b"\x00\xff"),
        ("nested", {"a": [1, "ä"]}),
    ]
    encoded = [(k, encode_value(v)) for k, v in values]
    [(field, text)] = row_entries(values)
    assert field == ROW
    assert expand(field, text) == encoded
    assert [(k, decode_value(v)) for k, v in expand(field, text)] == [
        (k, v.isoformat() if isinstance(v, (date, datetime)) else v) for k, v in values
    ]


def test_a_tombstone_set_at_insert_keeps_an_entry_of_its_own():
    """Sync and the erasure find deletions by their field; a row entry must not hide one."""
    gone = datetime(2026, 11, 23, 9, 0)
    entries = row_entries([("last_name", "Nowak"), ("deleted_at", gone)])
    assert entries == [(ROW, '{"last_name":"Nowak"}'), ("deleted_at", '"2026-11-23T09:00:00"')]
    assert row_entries([("deleted_at", gone)]) == [("deleted_at", '"2026-11-23T09:00:00"')]


def test_a_row_entry_expands_to_just_the_fields_asked_for():
    """Sync reads only the fields a journal changes; those must be exactly the full expansion's."""
    [(field, text)] = row_entries([("first_name", "Jürgen"), ("last_name", "Nowak"), ("count", 3)])
    assert expand(field, text, only={"last_name", "count", "deleted_at"}) == [
        ("last_name", '"Nowak"'),
        ("count", "3"),
    ]
    assert expand(ROW, '{"notes":null,"kind":"person"}', only={"notes"}) == [("notes", None)]
    assert expand(field, text, only=set()) == []
    assert expand("notes", '"x"', only={"notes"}) == [("notes", '"x"')]
    assert expand("notes", '"x"', only={"last_name"}) == []


def test_an_erased_row_entry_stands_for_no_field():
    assert expand(ROW, None) == []
    assert expand("last_name", None) == [("last_name", None)]


def test_column_defaults_are_stored_but_not_logged_on_insert(db):
    """Half an import's entries were defaults; sync inserts a row with the same defaults."""
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Öztürk")
        session.add(contact)
    with db.session() as session:
        stored = session.get(Contact, contact.id)
        assert (stored.kind, stored.public_sector, stored.first_name) == ("person", False, "")
    assert _fields(_log(db, contact.id)) == {"last_name": "Öztürk"}


def test_a_row_holding_only_defaults_still_gets_one_insert_entry(db):
    """Without an insert entry sync would never create the row on the other laptop."""
    with db.transaction() as session:
        contact = Contact()
        session.add(contact)
    [entry] = _log(db, contact.id)
    assert entry.operation == "insert" and _fields([entry]) == {"kind": "person"}


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
    again = Database.open(db.location, device_id="test-device")  # a file or a server
    with again.transaction() as session:
        session.add(Contact(kind="person", last_name="D"))
    stamps.append(_log(again)[-1].hlc)
    again.close()
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 4
    # the device: this machine in a file; on a server the server database's own, the same again
    assert all(Timestamp.decode(s).device == again.device_id for s in stamps)
    assert (again.device_id == "test-device") is (not again.is_server)


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


def test_a_file_opened_without_a_device_names_this_machine_only_when_it_writes(tmp_path, monkeypatch):
    """Reading needs no device: a command that prints never reads the machine's settings for it;
    the first change is logged under this machine's id."""
    import regiodesk.device as device
    from regiodesk.db.database import Database

    path = tmp_path / "office.regiodesk"
    Database.open(path, device_id="set-up-elsewhere").close()
    asked: list[str] = []
    monkeypatch.setattr(
        device, "this_device", lambda: asked.append("") or device.Device("this-laptop", "Laptop")
    )
    db = Database.open(path)
    try:
        assert _log(db) == [] and asked == []
        with db.transaction() as session:
            contact = Contact(kind="person", last_name="Neu")
            session.add(contact)
        [entry] = _log(db, contact.id)
        assert (entry.device_id, db.device_id, db.recorder.device_id) == ("this-laptop",) * 3
        assert len(asked) == 1
    finally:
        db.close()


def test_threads_asking_first_for_this_machine_get_one_id_the_stored_one(tmp_path, monkeypatch):
    """The first change of a file may be logged in a worker thread while the window asks too: one
    id is made and kept, whichever asks first."""
    import threading
    import time

    import regiodesk.device as device

    monkeypatch.setenv("REGIODESK_DATA_DIR", str(tmp_path))
    device.this_device.cache_clear()
    store = device._store
    monkeypatch.setattr(device, "_store", lambda d: (time.sleep(0.05), store(d)))  # a slow disk
    seen: list[str] = []
    asking = [threading.Thread(target=lambda: seen.append(device.this_device().id)) for _ in range(6)]
    for thread in asking:
        thread.start()
    for thread in asking:
        thread.join()
    device.this_device.cache_clear()
    assert len(set(seen)) == 1 and len(seen) == 6
    assert device.this_device().id == seen[0]
    device.this_device.cache_clear()
