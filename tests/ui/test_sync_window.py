"""Synchronising from the window with the real engine: the action, the Konflikte view, joining."""

from __future__ import annotations

import pytest
from sync_helpers import Laptop, device

from regiodesk.preferences import SyncSettings, save_sync_settings
from regiodesk.sync import cloud_path_warning, join
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def office(tmp_path):
    folder = tmp_path / "Geteilt"
    folder.mkdir()
    anna = Laptop(tmp_path / "anna.regiodesk", device(1))
    contact = anna.contacts.create({"kind": "person", "last_name": "Wagner"})
    anna.sync(folder)
    path, _ = join(folder, tmp_path / "ben.regiodesk", device_id=device(2))
    ben = Laptop(path, device(2))
    yield folder, anna, ben, contact
    anna.close()
    ben.close()


def test_synchronise_applies_the_other_laptop_and_shows_its_conflict(qtbot, office):
    folder, anna, ben, contact = office
    ben.contacts.update(contact, {"last_name": "Wagner-Ben"})
    anna.contacts.update(contact, {"last_name": "Wagner-Anna"})
    ben.sync(folder)
    save_sync_settings(anna.path, SyncSettings(str(folder)))
    window = MainWindow(anna.db)
    qtbot.addWidget(window)
    assert window.synchronise()
    wait_for_operations()
    qtbot.waitUntil(lambda: "Synchronisiert" in window.statusBar().currentMessage())
    dialog = window.show_conflicts()
    assert dialog.model.rowCount() == 1
    row = dialog.model.row_at(0)
    assert (row.local_value, row.other_value) == ("Wagner-Anna", "Wagner-Ben")
    dialog.view.selectRow(0)
    assert dialog.take("other")
    assert anna.contacts.load(contact)["last_name"] == "Wagner-Ben"
    assert dialog.model.rowCount() == 0  # decided: only with "auch erledigte zeigen"
    dialog.show_all.setChecked(True)
    assert dialog.model.rowCount() == 1
    window.close()


def test_a_refused_sync_says_why_and_changes_nothing(qtbot, office, tmp_path, monkeypatch):
    _folder, anna, _ben, _contact = office
    empty = tmp_path / "leer"
    empty.mkdir()
    save_sync_settings(anna.path, SyncSettings(str(empty)))
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    window = MainWindow(anna.db)
    qtbot.addWidget(window)
    before = anna.log_count()
    window.synchronise()
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(errors))
    assert "leer, obwohl" in errors[0] and "unverändert" in errors[0]
    assert anna.log_count() == before and list(empty.iterdir()) == []
    window.close()


def test_joining_from_the_window_opens_the_new_database(qtbot, office, tmp_path, monkeypatch):
    folder, anna, _ben, contact = office
    target = tmp_path / "clara.regiodesk"
    monkeypatch.setattr(dialogs, "ask_folder", lambda *args: folder)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: target)
    window = MainWindow(anna.db)
    qtbot.addWidget(window)
    assert window.join_sync()
    wait_for_operations()
    qtbot.waitUntil(lambda: window.db.path == target.absolute())
    from regiodesk.services.contacts import ContactService

    assert ContactService(window.db).load(contact)["last_name"] == "Wagner"
    from regiodesk.preferences import sync_settings

    assert sync_settings(target.absolute()).folder == str(folder)
    window.close()


def test_a_database_in_a_cloud_folder_gets_a_warning(tmp_path):
    assert "Cloud-Ordner" in cloud_path_warning(tmp_path / "Nextcloud" / "office.regiodesk")
    assert cloud_path_warning(tmp_path / "Dokumente" / "office.regiodesk") == ""
