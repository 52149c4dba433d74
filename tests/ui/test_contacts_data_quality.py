"""Contact data quality in the window: the form refuses an invalid e-mail address with a German
message and stores phone numbers in one form shown as offices write them; importing a list
whose row updates an existing contact shows field by field what would change (old → new)
and changes only what the user ticks; the libraries that read phone numbers and e-mail
addresses are not loaded when the window starts."""

from __future__ import annotations

import os
import subprocess
import sys

from openpyxl import Workbook
from PySide6.QtWidgets import QDialog
from sqlalchemy import select
from ui_helpers import type_into

from regiodesk.db.models import Address, Contact
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_import import ContactImportService
from regiodesk.ui import dialogs
from regiodesk.ui.import_dialog import ImportDialog, UpdateFieldsDialog
from regiodesk.ui.operations import wait_for_operations


def test_the_form_refuses_an_invalid_email_and_keeps_the_input(qtbot, db, show_tab):
    tab = show_tab("contacts")
    tab.new_record()
    type_into(qtbot, tab.form.editor("last_name"), "Ölschläger")
    type_into(qtbot, tab.form.editor("email"), ".gertrud@example.de")
    assert not tab.save()
    assert tab.form.error_text("email") == (
        "„.gertrud@example.de“ ist keine gültige E-Mail-Adresse (sie beginnt mit einem Punkt)."
    )
    assert tab.form.editors["email"].value() == ".gertrud@example.de"  # never changed silently
    assert ContactService(db).rows() == []


def test_the_form_stores_a_phone_number_once_and_shows_it_as_offices_write_it(qtbot, db, show_tab):
    tab = show_tab("contacts")
    tab.new_record()
    type_into(qtbot, tab.form.editor("last_name"), "Ölschläger")
    type_into(qtbot, tab.form.editor("email"), "info@bäckerei-müller.de")
    type_into(qtbot, tab.form.editor("phone"), "+49 (0)9561 12345 Durchwahl 12")
    assert tab.save()
    with db.session() as session:
        from regiodesk.db.models import ContactPhone

        assert session.scalars(select(ContactPhone.number)).one() == "+49 9561 12345 ext. 12"
    assert tab.form.editors["phone"].value() == "09561 12345-12"
    assert tab.model.values_at(0)[4:] == ("info@bäckerei-müller.de", "09561 12345-12")


def _update_list(db, tmp_path):
    ContactService(db).create(
        {
            "kind": "person",
            "last_name": "Müller",
            "email": "hans@example.de",
            "street": "Alte Straße 1",
            "city": "Coburg",
        }
    )
    book = Workbook()
    book.active.append(["Vorname", "Nachname", "E-Mail", "Straße", "Ort"])
    book.active.append(["Hans", "Mueller", "hans@example.de", "Neue Straße 2", "Coburg"])
    path = tmp_path / "update.xlsx"
    book.save(path)
    return path


def test_the_update_step_shows_old_and_new_and_changes_only_the_ticked_fields(
    qtbot, db, tmp_path, monkeypatch
):
    dialog = ImportDialog(ContactImportService(db), "Kontakte importieren", _update_list(db, tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog._busy and dialog.preview is not None, timeout=10000)
    assert dialog.model.text(dialog.model.rows[0], 2) == "aktualisieren"
    assert not dialog.fields_button.isEnabled()  # nothing selected
    dialog.view.selectRow(0)
    assert dialog.fields_button.isEnabled()

    shown = {}

    def tick_street_only(self):
        shown.update({name: (box.text(), box.isChecked()) for name, box in self.checks.items()})
        for name, box in self.checks.items():
            box.setChecked(name == "street")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UpdateFieldsDialog, "exec", tick_street_only)
    assert dialog.choose_update_fields()
    # old → new per field; the empty first name is ticked at first, the filled fields are not
    assert shown == {
        "first_name": ("Vorname: (leer) → „Hans“", True),
        "last_name": ("Nachname: „Müller“ → „Mueller“", False),
        "street": ("Straße: „Alte Straße 1“ → „Neue Straße 2“", False),
    }
    hints = dialog.model.text(dialog.model.rows[0], 4)
    assert "Vorname bleibt „“ (in der Datei: „Hans“)" in hints and "Straße bleibt" not in hints

    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    assert "1 aktualisiert" in infos[0]
    with db.session() as session:
        contact = session.scalars(select(Contact)).one()
        address = session.scalars(select(Address)).one()
        assert (contact.first_name, contact.last_name, address.street) == ("", "Müller", "Neue Straße 2")


def test_cancelling_the_update_step_keeps_the_default_of_filling_empty_fields(
    qtbot, db, tmp_path, monkeypatch
):
    dialog = ImportDialog(ContactImportService(db), "Kontakte importieren", _update_list(db, tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog._busy and dialog.preview is not None, timeout=10000)
    dialog.view.selectRow(0)
    monkeypatch.setattr(UpdateFieldsDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert not dialog.choose_update_fields()
    assert dialog.preview.row(2).take is None


START = """
import sys
from pathlib import Path
from regiodesk.app import setup_application
from regiodesk.db.database import Database
app = setup_application([])
from regiodesk.ui.main_window import MainWindow
window = MainWindow(Database.open(Path(sys.argv[1]), device_id="test-device"))
window.show_tab("contacts")
from regiodesk.ui.operations import wait_for_operations
wait_for_operations()  # the list loads on a thread: let it finish before the program ends
print(",".join(m for m in ("phonenumbers", "email_validator", "dns") if m in sys.modules))
"""


def test_the_window_starts_without_the_phone_and_email_libraries(db, tmp_path, private_data_dir):
    ContactService(db).create({"kind": "person", "last_name": "Bauer", "phone": "09561 12345"})
    path = db.path
    db.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REGIODESK_DATA_DIR": str(private_data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", START, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == ""  # the contacts list shows '09561 12345' without them
