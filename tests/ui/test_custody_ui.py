"""Backups, restore, the handover and a damaged file, as the window offers them."""

from __future__ import annotations

from datetime import datetime

from regiodesk import app
from regiodesk.db.custody import list_backups, make_backup
from regiodesk.db.database import Database
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


def names(db) -> list[str]:
    return sorted(row.values[0] for row in ContactService(db).rows())


def test_a_backup_is_made_on_close_only_when_something_changed(qtbot, tmp_path):
    db = Database.open(tmp_path / "buero.regiodesk", device_id="test-device")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.close()
    assert list_backups(db.path) == []
    db2 = Database.open(db.path, device_id="test-device")
    window = MainWindow(db2)
    qtbot.addWidget(window)
    ContactService(db2).create({"kind": "person", "last_name": "Albrecht"})
    window.close()
    backups = list_backups(db2.path)
    assert [b.reason for b in backups] == ["beim-beenden"]
    assert names(Database.open(backups[0].path, device_id="x")) == ["Albrecht"]
    db.close()
    db2.close()


def test_restoring_a_backup_after_asking_keeps_the_current_state_as_a_backup(qtbot, window, db, monkeypatch):
    contacts = ContactService(db)
    contacts.create({"kind": "person", "last_name": "Albrecht"})
    backup = make_backup(db.path, "manuell", now=datetime(2026, 11, 1, 9, 30))
    contacts.create({"kind": "person", "last_name": "Bauer"})
    dialog = window.show_backups()
    assert dialog.model.rowCount() == 1
    assert dialog.model.text(dialog.model.row_at(0), 1) == "von Hand"
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or False)
    dialog.view.selectRow(0)
    dialog.restore_button.click()
    assert "01.11.2026" in asked[0]
    assert names(window.db) == ["Albrecht", "Bauer"]  # "Abbrechen" changes nothing

    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    assert window.restore(backup)
    assert names(window.db) == ["Albrecht"]
    kept = [b for b in list_backups(window.db.path) if b.reason == "vor-wiederherstellung"]
    assert len(kept) == 1 and names(Database.open(kept[0].path, device_id="x")) == ["Albrecht", "Bauer"]
    assert window.tab("contacts").service.db is window.db


def test_handover_writes_one_file_that_opens_with_everything(qtbot, window, db, tmp_path, monkeypatch):
    ContactService(db).create({"kind": "person", "last_name": "Albrecht"})
    target = tmp_path / "uebergabe" / "Uebergabe.regiodesk"
    target.parent.mkdir()
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: target)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    assert window.write_handover() == target
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(infos))
    assert str(target) in infos[0]
    protocol = target.with_name("Uebergabe_Uebergabeprotokoll.pdf")
    assert str(protocol) in infos[0] and protocol.read_bytes().startswith(b"%PDF")
    # the protocol is to be printed and signed: the status bar offers it
    from regiodesk.ui.saved_document import SavedNotice

    notice = window.findChild(SavedNotice)
    assert notice.path == protocol and notice.print_button.isVisibleTo(window)
    successor = Database.open(target, device_id="successor")
    assert names(successor) == ["Albrecht"]
    successor.close()
    # a second handover never overwrites the first
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    window.write_handover()
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(errors))
    assert "gibt es schon" in errors[0]


def test_a_damaged_file_offers_the_newest_good_backup(damaged_file, qtbot, monkeypatch, tmp_path):
    # a good backup of the same path, made before the damage
    good = Database.open(tmp_path / "vorher.regiodesk", device_id="test-device")
    ContactService(good).create({"kind": "person", "last_name": "Gesichert"})
    good.close()
    from regiodesk.db.custody import backup_folder

    folder = backup_folder(damaged_file)
    folder.mkdir(parents=True)
    (folder / "20261101-093000_manuell.regiodesk").write_bytes((tmp_path / "vorher.regiodesk").read_bytes())

    opened = app.open_first_database(damaged_file)
    assert opened is not None
    db, lock = opened
    window = MainWindow(db, lock)
    qtbot.addWidget(window)
    questions = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: questions.append(text) or True)
    app.check_in_background(window, db)
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(questions))
    assert "01.11.2026" in questions[0] and "Schäden" in questions[0]
    qtbot.waitUntil(lambda: window.db is not db)
    assert names(window.db) == ["Gesichert"]
    assert not window.db.damaged
    aside = list(damaged_file.parent.glob("beschaedigt.beschaedigt-*.regiodesk"))
    assert len(aside) == 1  # the damaged file is kept for an expert, not overwritten
    window.close()
    window.db.close()
