"""A file found damaged after it was opened is never written to again."""

from __future__ import annotations

import sqlite3

import pytest

from regiodesk.db.database import Database
from regiodesk.db.schema import DatabaseFileError, quick_check
from regiodesk.services.contacts import ContactService


def _corrupt_copy(db, tmp_path):
    service = ContactService(db)
    for n in range(300):
        service.create({"kind": "person", "last_name": f"Name {n}", "email": f"p{n}@example.de"})
    db.close()
    con = sqlite3.connect(db.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    raw = bytearray(db.path.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 8192] = b"\xff" * 8192
    damaged = tmp_path / "beschaedigt.regiodesk"
    damaged.write_bytes(bytes(raw))
    return damaged


def test_quick_check_finds_the_damage_that_a_shallow_open_lets_through(db, tmp_path):
    damaged = _corrupt_copy(db, tmp_path)
    assert quick_check(damaged) != ""
    with pytest.raises(DatabaseFileError):
        Database.open(damaged, device_id="test-device")
    opened = Database.open(damaged, device_id="test-device", deep_check=False)
    opened.close()


def test_a_database_marked_damaged_refuses_every_write(db):
    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Vorher"})
    db.mark_damaged("Seite 7 unlesbar")
    with pytest.raises(DatabaseFileError, match="beschädigt"):
        service.update(cid, {"last_name": "Nachher"})
    with pytest.raises(DatabaseFileError):
        service.create({"kind": "person", "last_name": "Neu"})
    assert service.load(cid)["last_name"] == "Vorher"
    assert quick_check(db.path) == ""
