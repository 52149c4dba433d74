"""One journal holding several changes of the same record, and batches wider than one statement's
list of ids: the apply collects a journal's writes and looks its rows up in one go, so the
order within a journal and rows far apart in it must still come out as the merge rule says."""

from __future__ import annotations

from sqlalchemy import select
from sync_helpers import orphans

from regiodesk.db.bulk import insert_logged
from regiodesk.db.models import Contact, ContactEmail
from regiodesk.services.restore import RestoreService
from regiodesk.sync.folder import read_journal, write_journal


def test_two_changes_of_one_field_in_one_journal_end_with_the_later_and_both_are_logged(pair, folder):
    anna, ben, ids = pair
    anna.contacts.update(ids[0], {"first_name": "Erst"})
    anna.contacts.update(ids[0], {"first_name": "Dann"})
    anna.sync(folder)
    report = ben.sync(folder)
    assert report.received == 2 and report.conflicts == 0
    assert ben.rows("SELECT first_name FROM contact WHERE id = ?", ids[0]) == [("Dann",)]
    logged = ben.rows(
        "SELECT new_value FROM change_log WHERE row_id = ? AND field = 'first_name' ORDER BY seq", ids[0]
    )
    assert logged == [('"Erst"',), ('"Dann"',)]
    assert anna.contact_state() == ben.contact_state()


def test_an_edit_then_a_deletion_of_one_record_in_one_journal_deletes_it_with_its_rows(pair, folder):
    anna, ben, ids = pair
    anna.contacts.update(ids[1], {"first_name": "Zuletzt"})
    anna.contacts.delete(ids[1])
    anna.contacts.update(ids[2], {"first_name": "Bleibt"})
    anna.sync(folder)
    assert ben.sync(folder).conflicts == 0
    assert ben.rows("SELECT first_name, deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[1]) == [
        ("Zuletzt", 1)
    ]
    assert ben.rows("SELECT first_name, deleted_at FROM contact WHERE id = ?", ids[2]) == [("Bleibt", None)]
    emails = ben.rows(
        "SELECT contact_id, deleted_at IS NOT NULL FROM contact_email WHERE contact_id IN (?, ?)", *ids[1:3]
    )
    assert sorted(emails) == sorted([(ids[1], 1), (ids[2], 0)])
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()
    assert orphans(ben) == []


def test_a_deletion_then_a_restore_and_an_edit_in_one_journal_leave_the_record_back_and_edited(pair, folder):
    anna, ben, ids = pair
    anna.contacts.delete(ids[0])
    RestoreService(anna.db).restore(ids[0])
    anna.contacts.update(ids[0], {"first_name": "Wieder da"})
    anna.sync(folder)
    assert ben.sync(folder).conflicts == 0
    assert ben.rows("SELECT first_name, deleted_at FROM contact WHERE id = ?", ids[0]) == [
        ("Wieder da", None)
    ]
    assert ben.rows("SELECT deleted_at FROM contact_email WHERE contact_id = ?", ids[0]) == [(None,)]
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()


def test_a_batch_of_a_thousand_records_decides_each_as_one_would(pair, folder):
    """More rows than one list of ids held (500): a conflict, a deletion that an unknown later
    e-mail change keeps from taking effect, and a thousand plain edits, all in one journal."""
    anna, ben, _ids = pair
    with anna.db.transaction() as session:
        people = [Contact(kind="person", first_name="", last_name=f"Reihe {n:04d}") for n in range(1200)]
        insert_logged(session, anna.db.recorder, people)
        insert_logged(
            session,
            anna.db.recorder,
            [ContactEmail(contact_id=p.id, address=f"r{n}@example.de") for n, p in enumerate(people)],
        )
    anna.sync(folder)
    ben.sync(folder)
    wide = sorted(p.id for p in people)
    kept, both = wide[1100], wide[900]  # far beyond the first 500
    with anna.db.transaction() as session:
        for n, contact in enumerate(session.scalars(select(Contact).where(Contact.id.in_(wide)))):
            contact.first_name = f"Anna {n}"
    anna.contacts.delete(kept)  # with its e-mail
    ben.contacts.update(both, {"first_name": "Ben"})  # concurrent with Anna's edit of the same field
    ben.contacts.update(kept, {"email": "neu@example.de"})  # later than the deletion, unaware of it
    anna.sync(folder)
    report = ben.sync(folder)
    assert report.received == 1200 + 2  # the edits, the deletion of the contact and its e-mail
    # the contact's deletion and its e-mail's: both older than Ben's e-mail change
    assert sorted(c.kind for c in ben.conflicts()) == ["delete_ignored", "delete_ignored", "field"]
    assert ben.rows("SELECT deleted_at FROM contact WHERE id = ?", kept) == [(None,)]
    assert ben.rows("SELECT count(*) FROM contact WHERE first_name LIKE 'Anna %'") == [(1199,)]
    anna.sync(folder)
    ben.sync(folder)
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()
    assert anna.rows("SELECT deleted_at FROM contact WHERE id = ?", kept) == [(None,)]
    assert orphans(anna) == [] and orphans(ben) == []


def test_an_older_versions_entry_of_a_table_dropped_since_is_kept_in_the_log_beside_the_rest(pair, folder):
    """A journal from an older schema may change a table this version no longer has: the entry
    is kept in the log only, and the journal's other changes (and their children) apply."""
    anna, ben, ids = pair
    anna.contacts.update(ids[1], {"first_name": "Alt"})
    anna.contacts.delete(ids[2])  # with its e-mail: the children follow their parent
    [path] = anna.sync(folder).journals_written
    journal = read_journal(path)
    path.unlink()
    journal.schema = "0009"
    gone = ["tagung_alt", "7d2b5a52-52f5-4a5f-9d5e-4c1c1c1c1c1c", "update", "titel", None, '"x"']
    journal.entries.append([*gone, *journal.entries[-1][6:]])
    write_journal(folder, journal)
    report = ben.sync(folder)
    assert report.received == len(journal.entries) and not report.damaged_files
    assert ben.rows("SELECT first_name FROM contact WHERE id = ?", ids[1]) == [("Alt",)]
    assert ben.rows("SELECT deleted_at IS NOT NULL FROM contact_email WHERE contact_id = ?", ids[2]) == [(1,)]
    assert ben.rows("SELECT new_value FROM change_log WHERE table_name = 'tagung_alt'") == [('"x"',)]
