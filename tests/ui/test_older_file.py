"""A file of an earlier regiodesk is brought to this version off the window's thread, with a notice
saying so, at the start and when the window opens it; what is refused is said by the open after."""

from __future__ import annotations

import threading
import time

import pytest
from database_helpers import older_office_file, take_back
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from regiodesk import app
from regiodesk.db import database
from regiodesk.db.custody import DatabaseLock, list_backups
from regiodesk.db.database import Database
from regiodesk.db.schema import HEAD, FileKind, inspect_file
from regiodesk.services.bodies import BodyService
from regiodesk.ui import dialogs, older_file


@pytest.fixture
def older(tmp_path):
    """An office file with a body in it, at the schema before this one."""
    path = older_office_file(tmp_path / "alt.regiodesk")
    assert inspect_file(path).kind is FileKind.OLDER
    return path


@pytest.fixture
def slow_update(monkeypatch):
    """The migration takes half a second, as a large file's does; the threads it ran in are noted."""
    threads: list[threading.Thread] = []
    upgrade = database._upgrade

    def slow(path):
        threads.append(threading.current_thread())
        time.sleep(0.5)
        upgrade(path)

    monkeypatch.setattr(database, "_upgrade", slow)
    return threads


def _watch(qtbot):
    """Ticks of a 20 ms timer on the window's thread, and the notices shown meanwhile."""
    ticks: list[int] = []
    notices: list[str] = []

    def tick() -> None:
        ticks.append(1)
        notices.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    return timer, ticks, notices


def test_an_older_file_is_updated_in_a_worker_while_a_notice_says_so(qtbot, older, slow_update):
    timer, ticks, notices = _watch(qtbot)
    older_file.bring_up_to_date(older)
    timer.stop()
    assert inspect_file(older).revision == HEAD
    assert slow_update and slow_update[0] is not threading.main_thread()
    assert len(ticks) >= 10  # the window's thread went on while the file was updated
    assert notices and "„alt.regiodesk“ stammt aus einer früheren regiodesk-Version" in notices[0]
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog))
    assert [b.reason for b in list_backups(older)] == ["vor-update-0012"]  # the backup comes first
    with DatabaseLock(older):  # released again: the window's open that follows takes it
        pass


def test_the_start_opens_an_older_file_updated_with_its_data(qtbot, older, slow_update):
    timer, ticks, notices = _watch(qtbot)
    opened = app.open_first_database(older)
    timer.stop()
    assert opened is not None
    db, lock = opened
    try:
        assert BodyService(db).load(BodyService(db).rows()[0].id)["name"] == "LAG Altmühl"
        assert notices and len(ticks) >= 10
    finally:
        db.close()
        lock.release()


def test_the_window_opens_an_older_file_updated(qtbot, older, slow_update, window):
    timer, ticks, notices = _watch(qtbot)
    assert window.open_database(older)
    timer.stop()
    assert window.db.path == older and inspect_file(older).revision == HEAD
    assert notices and len(ticks) >= 10


def test_a_current_file_and_a_server_are_opened_without_a_notice(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(
        older_file, "wait_with_notice", lambda *a: pytest.fail("no notice for a current file")
    )
    current = tmp_path / "neu.regiodesk"
    Database.open(current, device_id="test-device").close()
    older_file.bring_up_to_date(current)
    older_file.bring_up_to_date("postgresql://anna@server/leader_altmuehl")
    older_file.bring_up_to_date(tmp_path / "fehlt.regiodesk")


def test_an_older_file_another_regiodesk_holds_is_left_to_the_open_to_refuse(qtbot, older, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_after_open_failure", lambda _parent, text: messages.append(text) or None
    )
    with DatabaseLock(older):
        older_file.bring_up_to_date(older)
        assert inspect_file(older).kind is FileKind.OLDER  # untouched
        assert app.open_first_database(older) is None
    assert len(messages) == 1 and "bereits geöffnet" in messages[0]
    assert inspect_file(older).kind is FileKind.OLDER


def test_a_backup_of_an_earlier_version_is_restored_in_a_worker_with_a_notice(
    qtbot, window, db, slow_update, monkeypatch
):
    from regiodesk.db.custody import make_backup

    BodyService(db).create({"name": "LAG Altmühl", "body_type": "lag"})
    backup = take_back(make_backup(db.path, "manuell"), "0012")  # made by the version before
    BodyService(db).create({"name": "Lenkungsgruppe", "body_type": "lenkungsgruppe"})
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    timer, ticks, notices = _watch(qtbot)

    assert window.restore(backup)

    timer.stop()
    assert slow_update and slow_update[0] is not threading.main_thread()
    assert len(ticks) >= 10 and notices and "wird wiederhergestellt" in notices[0]
    assert inspect_file(window.db.path).revision == HEAD
    assert [BodyService(window.db).load(r.id)["name"] for r in BodyService(window.db).rows()] == [
        "LAG Altmühl"
    ]
    assert window.tab("bodies").service.db is window.db


def test_a_restore_that_fails_says_why_and_the_file_stays_open(qtbot, window, db, monkeypatch):
    from regiodesk.db.custody import make_backup
    from regiodesk.domain.errors import DomainError
    from regiodesk.office import Office

    BodyService(db).create({"name": "LAG Altmühl", "body_type": "lag"})
    backup = make_backup(db.path, "manuell")
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: errors.append(text))

    def refused(office, path):
        raise DomainError("Die Sicherung ist nicht lesbar.")

    monkeypatch.setattr(Office, "restore", refused)
    assert not window.restore(backup)
    assert errors == ["Das Wiederherstellen ist fehlgeschlagen: Die Sicherung ist nicht lesbar."]
    assert [BodyService(window.db).load(r.id)["name"] for r in BodyService(window.db).rows()] == [
        "LAG Altmühl"
    ]
