"""Starting the window: German application, refused files reported and left untouched."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale

from regiodesk import app
from regiodesk.db.database import Database
from regiodesk.paths import default_db_path
from regiodesk.ui import dialogs


def test_application_is_german_and_has_its_icon(qapp):
    app.setup_application([])
    assert qapp.applicationName() == "regiodesk"
    assert QLocale().language() == QLocale.Language.German
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().availableSizes()[0].width() == 256


def test_a_refused_file_is_explained_and_another_can_be_chosen(tmp_path, monkeypatch, qapp):
    foreign = tmp_path / "brief.regiodesk"
    foreign.write_bytes(b"PK\x03\x04 not a database")
    good = tmp_path / "gut.regiodesk"
    Database.open(good, device_id="test-device").close()
    messages: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_after_open_failure", lambda _parent, text: messages.append(text) or good
    )
    opened = app.open_first_database(foreign)
    assert opened is not None
    db, lock = opened
    assert db.path == good
    db.close()
    lock.release()
    assert "„brief.regiodesk“ ist keine regiodesk-Datenbank" in messages[0]
    assert foreign.read_bytes() == b"PK\x03\x04 not a database"


def test_quitting_after_a_refused_file_returns_an_error_code(tmp_path, monkeypatch, qapp):
    foreign = tmp_path / "brief.regiodesk"
    foreign.write_text("Hallo", encoding="utf-8")
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda _parent, text: None)
    assert app.run_gui(foreign, []) == 1
    assert foreign.read_text(encoding="utf-8") == "Hallo"


def test_run_gui_shows_the_window_and_returns_the_exit_code(tmp_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QApplication

    from regiodesk.ui.main_window import MainWindow

    shown: list[MainWindow] = []

    def event_loop(_app) -> int:
        # Stands in for QApplication.exec: a real second event loop would end the test session's.
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        shown.extend(windows)
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    assert app.run_gui(default_db_path(), []) == 0  # the first start creates the default file
    assert shown and shown[0].windowTitle() == "geschaeftsstelle.regiodesk – regiodesk"


def test_quit_after_start_closes_the_window_by_itself(tmp_path, monkeypatch, qapp, qtbot):
    """The installer's smoke test starts the frozen program with --quit-after-start."""
    from PySide6.QtWidgets import QApplication

    from regiodesk.ui.main_window import MainWindow

    closed: list[bool] = []

    def event_loop(_app) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        qtbot.waitUntil(lambda: not any(w.isVisible() for w in windows), timeout=5000)
        closed.append(bool(windows))
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app.run_gui(default_db_path(), [], quit_after_start=True) == 0
    assert closed == [True]


def test_a_file_open_in_another_regiodesk_is_refused_with_a_clear_message(tmp_path, monkeypatch, qapp):
    from regiodesk.db.custody import DatabaseLock

    path = tmp_path / "buero.regiodesk"
    Database.open(path, device_id="test-device").close()
    messages: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_after_open_failure", lambda _parent, text: messages.append(text) or None
    )
    with DatabaseLock(path):
        assert app.open_first_database(path) is None
    assert "bereits geöffnet" in messages[0]
    opened = app.open_first_database(path)  # released: the file opens again
    assert opened is not None
    opened[0].close()
    opened[1].release()
