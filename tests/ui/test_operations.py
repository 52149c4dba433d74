"""Background work: results and errors come back on the GUI thread, the cursor shows busy."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from regiodesk.domain.errors import DomainError
from regiodesk.ui import dialogs
from regiodesk.ui.operations import Operation, wait_for_operations


def test_success_arrives_on_the_gui_thread(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    worker_threads: list[threading.Thread] = []
    results: list[tuple[int, bool]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    Operation(owner, work).success(
        lambda value: results.append((value, threading.current_thread() is threading.main_thread()))
    ).run()
    assert QApplication.overrideCursor() is not None
    qtbot.waitUntil(lambda: bool(results))
    assert results == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()
    assert QApplication.overrideCursor() is None


def test_a_domain_error_is_shown_in_german(qtbot, monkeypatch):
    owner = QWidget()
    qtbot.addWidget(owner)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))

    def work():
        raise DomainError("Die Datei gibt es schon.")

    Operation(owner, work).run()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Die Datei gibt es schon."]


def test_failure_callback_and_owner_gone(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    errors: list[Exception] = []
    Operation(owner, lambda: 1 / 0).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)

    gone = QWidget()
    called: list[object] = []
    release = threading.Event()
    Operation(gone, lambda: release.wait(5)).success(called.append).run()
    shiboken6.delete(gone)  # the window closed while the work was still running
    release.set()
    wait_for_operations()
    qtbot.wait(20)
    assert called == []
