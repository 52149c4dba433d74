"""A change that sync writes (bulk updates, past the ORM) clashes with a form open meanwhile,
and a form's save between two syncs never makes sync trip over the row version."""

from __future__ import annotations

import pytest

from regiodesk.services.records import EditClash


def test_a_field_changed_by_sync_is_not_overwritten_by_a_form_open_before(pair, folder):
    anna, ben, ids = pair
    form = anna.contacts.load(ids[0])  # Anna's form shows the contact
    ben.contacts.update(ids[0], {"first_name": "Benedikt"})
    ben.sync(folder)
    anna.sync(folder)  # Ben's change arrives while the form is open

    with pytest.raises(EditClash) as clash:
        anna.contacts.update(ids[0], {"first_name": "Bernd"}, seen=form)
    assert clash.value.errors["first_name"].startswith(
        "Der Eintrag wurde inzwischen von Ben-Laptop geändert: Vorname: Ihr Wert „Bernd“, jetzt „Benedikt“."
    )
    # another field of the same form is saved on top of sync's change, which stays
    anna.contacts.update(ids[0], {"last_name": "Neu"}, seen=form)
    assert anna.contacts.load(ids[0])["first_name"] == "Benedikt"


def test_sync_applies_changes_to_rows_saved_through_forms_without_a_version_clash(pair, folder):
    anna, ben, ids = pair
    for n in range(2):  # saves and syncs alternating on both sides, the rows' versions moving
        anna.contacts.update(ids[1], {"first_name": f"A{n}"}, seen=anna.contacts.load(ids[1]))
        ben.contacts.update(ids[1], {"last_name": f"B{n}"}, seen=ben.contacts.load(ids[1]))
        anna.sync(folder)
        ben.sync(folder)
        anna.sync(folder)
    assert anna.contact_state() == ben.contact_state()
    assert anna.contacts.load(ids[1])["first_name"] == "A1"
    assert anna.contacts.load(ids[1])["last_name"] == "B1"
