"""A restore and an undo are normal changes: they sync, and an undo never overwrites what came by sync."""

from __future__ import annotations

import pytest

from regiodesk.services.restore import RestoreService
from regiodesk.services.undo import ChangedMeanwhile, ChangeSet, UndoService, recording


def test_a_contact_restored_on_one_laptop_comes_back_with_its_email_on_the_other(pair, folder):
    anna, ben, ids = pair
    anna.contacts.delete(ids[0])
    anna.sync(folder)
    ben.sync(folder)
    assert ben.rows("SELECT deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[0]) == [(1,)]

    RestoreService(anna.db).restore(ids[0])
    anna.sync(folder)
    ben.sync(folder)

    assert ben.contacts.load(ids[0])["email"] == "p0@example.de"
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()
    assert ben.conflicts() == []


def test_an_undo_on_one_laptop_syncs_like_an_edit(pair, folder):
    anna, ben, ids = pair
    with recording(anna.db) as seqs:
        anna.contacts.update(ids[1], {"last_name": "Falsch"})
    anna.sync(folder)
    ben.sync(folder)
    UndoService(anna.db).revert(ChangeSet(tuple(seqs)))
    anna.sync(folder)
    ben.sync(folder)
    assert ben.contacts.load(ids[1])["last_name"] == "Name 1"


def test_an_undo_refuses_when_the_other_laptop_changed_the_field_since(pair, folder):
    anna, ben, ids = pair
    with recording(anna.db) as seqs:
        anna.contacts.update(ids[1], {"last_name": "Zwischenstand"})
    anna.sync(folder)
    ben.sync(folder)
    ben.contacts.update(ids[1], {"last_name": "Bens Fassung"})
    ben.sync(folder)
    anna.sync(folder)

    with pytest.raises(ChangedMeanwhile, match="anderen Gerät"):
        UndoService(anna.db).revert(ChangeSet(tuple(seqs)))
    assert anna.contacts.load(ids[1])["last_name"] == "Bens Fassung"


def test_undo_of_a_creation_refuses_when_the_other_laptop_edited_the_new_record(pair, folder):
    anna, ben, _ids = pair
    with recording(anna.db) as seqs:
        new = anna.contacts.create({"kind": "person", "last_name": "Neu"})
    anna.sync(folder)
    ben.sync(folder)
    ben.contacts.update(new, {"notes": "von Ben ergänzt"})
    ben.sync(folder)
    anna.sync(folder)
    with pytest.raises(ChangedMeanwhile):
        UndoService(anna.db).revert(ChangeSet(tuple(seqs)))
    assert anna.contacts.load(new)["notes"] == "von Ben ergänzt"
