"""The window opens a large file quickly and checks it in the background."""

from __future__ import annotations

import sqlite3

from regiodesk import app
from regiodesk.db.database import Database
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


def _damaged_file(tmp_path):
    db = Database.open(tmp_path / "gross.regiodesk", device_id="test-device")
    service = ContactService(db)
    for n in range(300):
        service.create({"kind": "person", "last_name": f"Name {n}", "email": f"p{n}@example.de"})
    db.close()
    con = sqlite3.connect(db.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    raw = bytearray(db.path.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 8192] = b"\xff" * 8192
    db.path.write_bytes(bytes(raw))
    return db.path


def test_damage_found_after_start_is_reported_and_stops_writes(tmp_path, monkeypatch, qtbot):
    path = _damaged_file(tmp_path)
    before = path.read_bytes()
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, title, text: errors.append(text))
    db = app.open_first_database(path)
    assert db is not None
    window = MainWindow(db)
    qtbot.addWidget(window)
    app.check_in_background(window, db)
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(errors))
    assert "speichert regiodesk in dieser Datei nichts mehr" in errors[0]
    assert db.damaged
    db.close()
    assert path.read_bytes() == before


def test_a_sound_file_passes_quietly(tmp_path, qtbot):
    db = Database.open(tmp_path / "gut.regiodesk", device_id="test-device")
    window = MainWindow(db)
    qtbot.addWidget(window)
    app.check_in_background(window, db)
    wait_for_operations()
    assert db.damaged == ""
    db.close()
