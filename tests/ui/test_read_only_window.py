"""The window on a read-only file says "nur lesen"; an empty or missing file is never made an office.

Root ignores permissions, so the read-only folder is made with ``chattr +i`` (see
tests/file_helpers.py): SQLite really cannot write there.
"""

from __future__ import annotations

from pathlib import Path

from file_helpers import read_only
from ui_helpers import type_into

from regiodesk import app
from regiodesk.db.database import Database
from regiodesk.paths import default_db_path
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


def _office(folder: Path) -> Path:
    folder.mkdir()
    db = Database.open(folder / "office.regiodesk", device_id="test-device")
    ContactService(db).create({"kind": "person", "first_name": "Anna", "last_name": "Amsel"})
    db.close()
    return folder / "office.regiodesk"


def test_a_read_only_office_opens_in_the_window_marked_nur_lesen(tmp_path, qtbot, monkeypatch):
    path = _office(tmp_path / "ablage")
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda *args: None)
    with read_only(path.parent):
        opened = app.open_first_database(path)
        assert opened is not None
        db, lock = opened
        window = MainWindow(db, lock)
        qtbot.addWidget(window)
        window.show()
        try:
            assert "nur lesen" in window.windowTitle()
            assert window.read_only_label.isVisible()
            assert "Nur lesen: Der Ordner" in window.read_only_label.text()
            assert "schreibgeschützt" in window.statusBar().currentMessage()
            assert not window.save_action.isEnabled() and not window.new_action.isEnabled()
            assert not window.delete_action.isEnabled()
            tab = window.show_tab("contacts")
            qtbot.waitUntil(lambda: tab.is_loaded, timeout=5000)
            assert tab.model.rowCount() == 1  # the list is there to read
            tab.select_id(tab.model.id_at(0))
            type_into(qtbot, tab.form.editor("city"), "Coburg")
            assert not tab.save()  # as for a damaged file: refused with the reason, input kept
            assert "nur gelesen" in tab.form.general_error.text()
            assert "schreibgeschützt" in tab.form.general_error.text()
            tab.drop_edits()
        finally:
            window.close()
            wait_for_operations()
            db.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["office.regiodesk"]


def test_a_writable_office_is_not_marked(tmp_path, qtbot):
    path = _office(tmp_path / "ablage")
    db = Database.open(path, device_id="test-device")
    window = MainWindow(db)
    qtbot.addWidget(window)
    try:
        assert "nur lesen" not in window.windowTitle()
        assert not window.read_only_label.isVisibleTo(window) and window.save_action.isEnabled()
    finally:
        window.close()
        wait_for_operations()
        db.close()


def test_an_empty_or_missing_file_is_refused_with_a_message_and_nothing_is_created(tmp_path, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda _parent, text: messages.append(text))
    empty = tmp_path / "leer.regiodesk"
    empty.write_bytes(b"")
    assert app.open_first_database(empty) is None
    assert "leer (0 Byte)" in messages[0]
    assert empty.read_bytes() == b""
    missing = tmp_path / "fehlt.regiodesk"
    assert app.open_first_database(missing) is None
    assert "gibt es nicht" in messages[1]
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "userdata") == ["leer.regiodesk"]


def test_the_default_office_is_created_on_first_start(tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda *args: None)
    path = default_db_path()
    assert not path.exists()
    opened = app.open_first_database(path)
    assert opened is not None
    db, lock = opened
    db.close()
    lock.release()
    assert path.stat().st_size > 0


def test_the_window_refuses_to_switch_to_an_empty_file(window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))
    empty = tmp_path / "leer.regiodesk"
    empty.write_bytes(b"")
    before = window.db.path
    assert window.open_database(empty) is False
    assert "leer (0 Byte)" in shown[0] and window.db.path == before
    assert empty.read_bytes() == b""
