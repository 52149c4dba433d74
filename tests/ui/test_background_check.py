"""The window opens a large file quickly and checks it in the background."""

from __future__ import annotations

from regiodesk import app
from regiodesk.db.database import Database
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


def test_damage_found_after_start_is_reported_and_stops_writes(damaged_file, monkeypatch, qtbot):
    path = damaged_file
    before = path.read_bytes()
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, title, text: errors.append(text))
    opened = app.open_first_database(path)
    assert opened is not None
    db, lock = opened
    window = MainWindow(db, lock)
    qtbot.addWidget(window)
    app.check_in_background(window, db)
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(errors))
    assert "speichert regiodesk in dieser Datei nichts mehr" in errors[0]
    assert db.damaged
    assert "keine Sicherung" in errors[0]
    db.close()
    lock.release()
    assert path.read_bytes() == before


def test_a_sound_file_passes_quietly(tmp_path, qtbot):
    db = Database.open(tmp_path / "gut.regiodesk", device_id="test-device")
    window = MainWindow(db)
    qtbot.addWidget(window)
    app.check_in_background(window, db)
    wait_for_operations()
    assert db.damaged == ""
    db.close()
