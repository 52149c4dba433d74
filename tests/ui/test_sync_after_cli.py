"""The window goes on where the command line left off: a laptop joined with `sync --join` syncs
with that folder without asking, and conflicts a command-line sync left are named on opening."""

from __future__ import annotations

import pytest
from sync_helpers import Laptop, device

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def anna(tmp_path):
    folder = tmp_path / "Geteilt"
    folder.mkdir()
    laptop = Laptop(tmp_path / "anna.regiodesk", device(1))
    contact = laptop.contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    laptop.sync(folder)
    yield folder, laptop, contact
    laptop.close()


def test_a_laptop_joined_on_the_command_line_syncs_from_the_window_without_asking(
    qtbot, anna, tmp_path, monkeypatch
):
    folder, _anna, _contact = anna
    monkeypatch.chdir(tmp_path)  # relative paths, as typed in a terminal
    assert main(["--db", "ben.regiodesk", "sync", "--folder", "Geteilt", "--join"]) == 0
    db = Database.open(tmp_path / "ben.regiodesk")
    window = MainWindow(db)
    qtbot.addWidget(window)
    assert window.office.sync_folder() == str(folder)
    assert window.synchronise()  # no settings dialog: the tests refuse any unexpected window
    wait_for_operations()
    qtbot.waitUntil(lambda: "Synchronisiert" in window.statusBar().currentMessage())
    assert window.shown("sync-settings") is None
    window.close()


def test_conflicts_left_by_a_command_line_sync_are_named_when_the_window_opens(qtbot, anna, tmp_path):
    folder, anna_laptop, contact = anna
    assert main(["--db", str(tmp_path / "ben.regiodesk"), "sync", "--folder", str(folder), "--join"]) == 0
    ben = Laptop(tmp_path / "ben.regiodesk", device(2))
    ben.contacts.update(contact, {"first_name": "Annette"})
    ben.sync(folder)
    ben.close()
    anna_laptop.contacts.update(contact, {"first_name": "Anne"})
    anna_laptop.db.close()
    assert main(["--db", str(anna_laptop.path), "sync", "--folder", str(folder)]) == 0
    anna_laptop.db = Database.open(anna_laptop.path, device_id=device(1))
    window = MainWindow(anna_laptop.db)
    qtbot.addWidget(window)
    window.show()
    button = window.sync_actions.conflicts_button
    assert button.isVisible() and button.text() == "1 Konflikt der Synchronisierung wartet …"
    button.click()
    dialog = window.shown("conflicts")
    assert dialog is not None and dialog.model.rowCount() == 1
    dialog.view.selectRow(0)
    assert dialog.mark_done()
    assert not button.isVisible()  # nothing waits any more
    window.close()
