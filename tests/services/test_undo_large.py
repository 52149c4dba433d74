"""Undo and redo of a large step (an import of 20,000 contacts) through the bulk path.

The step is written as the import writes it (db.bulk.insert_logged_rows for the new rows, the
ORM for the updated ones), in one recorded transaction; its undo and redo must leave the rows
and the change log exactly as the session's recorder would have: one logged change, one clock
stamp, found again in the Verlauf and by the search.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from contact_helpers import imported_as_one_step, person
from sqlalchemy import func, select

from regiodesk.db.base import utcnow
from regiodesk.db.changelog import decode_value
from regiodesk.db.models import ChangeLogEntry, Contact, ContactEmail
from regiodesk.services.contacts import ContactService
from regiodesk.services.search import SearchService
from regiodesk.services.undo import ChangedMeanwhile, ChangeSet, UndoService, recording

LARGE = 20_000


def _import(db, n: int, updated: list[str]) -> ChangeSet:
    return imported_as_one_step(db, n, updated)


def _entries(db, change: ChangeSet) -> list[tuple]:
    log = ChangeLogEntry.__table__
    with db.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    log.c.table_name,
                    log.c.row_id,
                    log.c.operation,
                    log.c.field,
                    log.c.old_value,
                    log.c.new_value,
                    log.c.device_id,
                    log.c.hlc,
                ).where(log.c.seq.between(min(change.seqs), max(change.seqs)))
            )
        ]


def _live(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


def test_undo_and_redo_of_an_import_of_20000_contacts_set_every_row_and_log_each_change(db):
    kept = [person(db, "Anna", f"Becker{k}", notes="alt") for k in range(3)]
    change = _import(db, LARGE, kept)
    assert _live(db, Contact) == LARGE + 3 and _live(db, ContactEmail) == LARGE

    undone = UndoService(db).revert(change)

    assert _live(db, Contact) == 3 and _live(db, ContactEmail) == 0
    assert [ContactService(db).load(cid)["notes"] for cid in kept] == ["alt"] * 3
    entries = _entries(db, undone)
    assert len(entries) == len(undone.seqs) == 2 * LARGE + 3
    assert {(device, hlc) for *_rest, device, hlc in entries} == {(db.device_id, entries[0][-1])}
    deletions = [e for e in entries if e[2] == "delete"]
    assert len(deletions) == 2 * LARGE
    assert {(e[3], e[4]) for e in deletions} == {("deleted_at", None)}
    assert len({e[5] for e in deletions}) == 1  # one moment for the whole step
    updates = sorted(e[1:6] for e in entries if e[2] == "update")
    assert updates == sorted((cid, "update", "notes", '"aus der Liste"', '"alt"') for cid in kept)
    # the rows hold what the log says
    with db.session() as session:
        tombstone = session.get(Contact, "00000000-0000-4000-8000-000000000007").deleted_at
    assert tombstone is not None and tombstone.isoformat() == decode_value(deletions[0][5])
    assert SearchService(db).search("Importiert") == []  # the search index followed

    redone = UndoService(db).revert(undone)

    assert _live(db, Contact) == LARGE + 3 and _live(db, ContactEmail) == LARGE
    assert [ContactService(db).load(cid)["notes"] for cid in kept] == ["aus der Liste"] * 3
    entries = _entries(db, redone)
    assert len(entries) == 2 * LARGE + 3
    restores = [e for e in entries if e[2] == "restore"]
    assert len(restores) == 2 * LARGE and {(e[3], e[5]) for e in restores} == {("deleted_at", None)}
    assert [(group.kind, group.total) for group in SearchService(db).search("Importiert")] == [
        ("person", LARGE)
    ]
    history = ContactService(db).history("00000000-0000-4000-8000-000000000007")
    # the Verlauf: restored (the contact and its e-mail), deleted, imported
    assert list(dict.fromkeys(e.operation for e in history)) == ["restore", "delete", "insert"]


def test_the_undo_logs_a_field_as_a_save_through_the_form_would(db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", phone="0911 1")
    with recording(db) as seqs:
        contacts.update(anna, {"phone": "0911 2"})
    [saved] = _entries(db, ChangeSet(tuple(seqs)))

    [undone] = _entries(db, UndoService(db).revert(ChangeSet(tuple(seqs))))

    # the same entry, its values swapped: sync and the Verlauf read it like any save
    assert undone[:4] == saved[:4] and (undone[4], undone[5]) == (saved[5], saved[4])


def test_a_refusal_names_ten_records_and_counts_the_rest(db):
    change = _import(db, 15, [])
    with db.transaction() as session:  # another laptop's edits, arrived by sync
        for contact in session.scalars(select(Contact)):
            contact.notes = "vom anderen Laptop"
        session.flush()
        session.query(ChangeLogEntry).filter(ChangeLogEntry.field == "notes").update({"device_id": "other"})

    with pytest.raises(ChangedMeanwhile, match="und 5 weitere wurde inzwischen geändert") as refused:
        UndoService(db).revert(change)

    assert str(refused.value).count("Kontakt „") == 10
    assert _live(db, Contact) == 15  # nothing taken back


def test_a_row_written_between_reading_and_writing_refuses_the_whole_undo(db, monkeypatch):
    """As the ORM's version check: someone else (on the server) wrote a row meanwhile."""
    change = _import(db, 5, [])
    read = UndoService._current

    def read_then_someone_writes(session, plans):
        rows = read(session, plans)
        session.execute(
            Contact.__table__.update()
            .where(Contact.__table__.c.id == "00000000-0000-4000-8000-000000000003")
            .values(modified_at=utcnow() + timedelta(days=1))
        )
        return rows

    monkeypatch.setattr(UndoService, "_current", staticmethod(read_then_someone_writes))
    before = len(_entries(db, ChangeSet((1, 10**9))))

    with pytest.raises(ChangedMeanwhile, match="gerade von anderer Seite geändert"):
        UndoService(db).revert(change)

    assert _live(db, Contact) == 5 and _live(db, ContactEmail) == 5
    assert len(_entries(db, ChangeSet((1, 10**9)))) == before
