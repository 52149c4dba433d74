"""Contacts for the contact tests, made through the service as the window makes them."""

from __future__ import annotations

from regiodesk.services.contacts import ContactService


def person(db, first, last, **values) -> str:
    """A person with first and last name (and any other field of the contact form); its id."""
    return ContactService(db).create({"kind": "person", "first_name": first, "last_name": last, **values})


def imported_as_one_step(db, n: int, updated=(), last_name: str = "Importiert"):
    """``n`` new contacts with an e-mail each and the notes of ``updated`` changed, written as an
    import writes them, as one undoable step (its ChangeSet)."""
    from regiodesk.db.bulk import insert_logged_rows
    from regiodesk.db.models import Contact, ContactEmail
    from regiodesk.services.undo import ChangeSet, recording

    rows = []
    for k in range(n):
        cid = f"00000000-0000-4000-8000-{k:012d}"
        rows.append((Contact, {"id": cid, "first_name": f"Vor{k}", "last_name": f"{last_name}{k}"}))
        rows.append((ContactEmail, {"contact_id": cid, "address": f"p{k}@example.org"}))
    with recording(db) as seqs, db.transaction() as session:
        insert_logged_rows(session, db.recorder, rows)
        for cid in updated:
            session.get(Contact, cid).notes = "aus der Liste"
    return ChangeSet(tuple(seqs))
