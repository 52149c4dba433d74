"""A file found damaged after it was opened is never written to again."""

from __future__ import annotations

import pytest

from regiodesk.db.database import Database
from regiodesk.db.schema import DatabaseFileError, quick_check
from regiodesk.services.contacts import ContactService

pytestmark = pytest.mark.file_only(reason="damaged pages of a database file")


def test_quick_check_finds_the_damage_that_a_shallow_open_lets_through(damaged_file):
    damaged = damaged_file
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
