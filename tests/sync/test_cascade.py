"""A new child row (phone, e-mail, address …) is an edit of its parent for the deletion rule:
a deletion wins only over a record not modified after it, and no detail is ever left alive
under a deleted record."""

from __future__ import annotations

from datetime import date

import pytest
from sync_helpers import Laptop, device, orphans

from regiodesk.sync.cascade import DELETED_WITH, relations


def _live(laptop: Laptop, table: str, contact_id: str) -> int:
    return laptop.rows(
        f"SELECT count(*) FROM {table} WHERE contact_id = ? AND deleted_at IS NULL", contact_id
    )[0][0]


@pytest.mark.parametrize(
    "detail, table",
    [
        ({"phone": "0951 123456"}, "contact_phone"),
        ({"street": "Hauptstraße 1", "postal_code": "96450", "city": "Coburg"}, "address"),
    ],
)
def test_a_detail_added_after_an_unknown_deletion_brings_the_contact_back_and_is_listed(
    pair, folder, detail, table
):
    anna, ben, ids = pair
    anna.contacts.delete(ids[0])  # with its e-mail
    ben.contacts.update(ids[0], detail)  # later, not knowing: a new row
    anna.sync(folder)
    ben_report = ben.sync(folder)
    anna_report = anna.sync(folder)
    for laptop in (anna, ben):
        assert laptop.rows("SELECT deleted_at FROM contact WHERE id = ?", ids[0]) == [(None,)]
        assert _live(laptop, table, ids[0]) == 1
        assert _live(laptop, "contact_email", ids[0]) == 1  # back with the rows deleted with it
        assert orphans(laptop) == []
    assert anna_report.restored == 1 and [c.kind for c in anna.conflicts()] == ["restored"]
    assert ben_report.conflicts == 1 and [c.kind for c in ben.conflicts()] == ["delete_ignored"]
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()


def test_a_detail_added_before_a_concurrent_deletion_goes_with_the_contact(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[1], {"phone": "0951 99"})  # first
    anna.contacts.delete(ids[1])  # later, not knowing of the phone: the deletion wins
    ben.sync(folder)
    anna.sync(folder)
    ben.sync(folder)
    for laptop in (anna, ben):
        assert laptop.rows("SELECT deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[1]) == [(1,)]
        assert _live(laptop, "contact_phone", ids[1]) == 0
        assert orphans(laptop) == []
    assert anna.contact_state() == ben.contact_state()


def test_choosing_to_keep_the_deletion_takes_the_new_detail_along(pair, folder):
    anna, ben, ids = pair
    anna.contacts.delete(ids[2])
    ben.contacts.update(ids[2], {"phone": "0951 77"})
    anna.sync(folder)
    ben.sync(folder)
    anna.sync(folder)
    [conflict] = anna.conflicts()
    from regiodesk.sync import SyncService

    SyncService(anna.db).choose(conflict.id, "local")  # the deletion stands after all
    anna.sync(folder)
    ben.sync(folder)
    for laptop in (anna, ben):
        assert laptop.rows("SELECT deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[2]) == [(1,)]
        assert orphans(laptop) == []


def test_the_declared_cascade_is_what_deleting_a_contact_does(tmp_path):
    """sync.cascade must say what ContactService.delete takes along, no more, no less."""
    from regiodesk.db.models import Affiliation, Consent, ContactTag, Tag

    laptop = Laptop(tmp_path / "a.regiodesk", device(1))
    person = laptop.contacts.create(
        {
            "kind": "person",
            "last_name": "Weiß",
            "email": "w@example.de",
            "phone": "01",
            "street": "Weg 1",
            "city": "Bamberg",
        }
    )
    institution = laptop.contacts.create({"kind": "institution", "organisation": "Markt Ebern"})
    with laptop.db.transaction() as session:
        tag = Tag(name="Presse")
        session.add(tag)
        session.flush()
        session.add(ContactTag(contact_id=person, tag_id=tag.id))
        session.add(Affiliation(person_id=person, institution_id=institution))
        session.add(Consent(contact_id=person, purpose="Newsletter", given_on=date(2026, 1, 5)))
    laptop.contacts.delete(person)
    deleted = {
        table
        for table in ("contact_email", "contact_phone", "address", "contact_tag", "consent", "affiliation")
        if laptop.rows(f"SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL")[0][0]
    }
    declared = {r.child for r in relations() if r.parent == "contact"}
    assert deleted == declared
    assert set(DELETED_WITH) >= declared
    laptop.close()
