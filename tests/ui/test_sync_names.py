"""Sync speaks of people and laptops by name: „Adresse von Anna Becker“ in the conflicts, „Ben-Laptop“
and this laptop's own name in the Verlauf, never a bare id."""

from __future__ import annotations

import pytest
from sync_helpers import Laptop, device

from regiodesk.device import rename_device, this_device
from regiodesk.services.contact_details import AddressService
from regiodesk.services.contacts import ContactService
from regiodesk.sync import join
from regiodesk.ui.history_dialog import HistoryDialog
from regiodesk.ui.sync_ui import ConflictsDialog


@pytest.fixture
def office(tmp_path):
    """Anna's laptop (this installation, named „Laptop Anna“) and Ben's, joined through a folder."""
    folder = tmp_path / "Geteilt"
    folder.mkdir()
    rename_device("Laptop Anna")
    anna = Laptop(tmp_path / "anna.regiodesk", this_device().id)
    contact = anna.contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    address = AddressService(anna.db, contact).create({"street": "Hauptstr. 1", "city": "Coburg"})
    anna.sync(folder)
    path, _ = join(folder, tmp_path / "ben.regiodesk", device_id=device(2))
    ben = Laptop(path, device(2))
    ben.set_name("Ben-Laptop")
    yield folder, anna, ben, contact, address
    anna.close()
    ben.close()


def test_a_conflict_on_an_address_names_its_person_and_the_other_laptop(qtbot, office):
    folder, anna, ben, _contact, address = office
    AddressService(ben.db).update(address, {"city": "Kronach"})
    AddressService(anna.db).update(address, {"city": "Lichtenfels"})
    ben.sync(folder)
    anna.sync(folder)
    [conflict] = anna.conflicts()
    assert conflict.record_label == "Adresse von Anna Becker"
    assert conflict.other_device == "Ben-Laptop"
    dialog = ConflictsDialog(anna.db)
    qtbot.addWidget(dialog)
    assert dialog.model.data(dialog.model.index(0, 0)) == "Adresse von Anna Becker"
    assert dialog.model.data(dialog.model.index(0, 4)) == "Ben-Laptop"
    assert "1 offener Konflikt." in dialog.info.text()


def test_a_named_record_keeps_its_own_name(office):
    folder, anna, ben, contact, _address = office
    ben.contacts.update(contact, {"first_name": "Annette"})
    anna.contacts.update(contact, {"first_name": "Anne"})
    ben.sync(folder)
    anna.sync(folder)
    [conflict] = anna.conflicts()
    assert conflict.record_label == "Kontakt „Anne Becker“"


def test_the_verlauf_names_the_laptops(qtbot, office):
    folder, anna, ben, contact, _address = office
    ben.contacts.update(contact, {"notes": "von Ben"})
    ben.sync(folder)
    anna.sync(folder)
    dialog = HistoryDialog(ContactService(anna.db), contact)
    qtbot.addWidget(dialog)
    model = dialog.model
    devices = {model.row_texts(row)[1] for row in range(model.rowCount())}
    assert devices == {"Laptop Anna", "Ben-Laptop"}
    # Ben's file knows Anna's laptop by the name her journals carry
    at_ben = HistoryDialog(ContactService(ben.db), contact)
    qtbot.addWidget(at_ben)
    assert {at_ben.model.row_texts(r)[1] for r in range(at_ben.model.rowCount())} >= {"Laptop Anna"}
