"""Running slow work off the GUI thread (Anki's CollectionOp idea, kept small).

    Operation(tab, service.rows, tr("Kontakte werden geladen …")).success(show).run()

The work runs in Qt's global thread pool; success and failure callbacks run
back on the GUI thread, and only while the owning widget still exists. While
anything runs the cursor shows busy and the status bar says what is going on.

Work the user has to wait for before going on (a file updated or restored) runs
through :func:`wait_with_notice`: in a worker too, while a small window says
what is happening and the window keeps painting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressDialog, QWidget

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.ui.signals import emit

T = TypeVar("T")
log = logging.getLogger(__name__)

#: Operations in flight; holding them keeps their relay alive until the result arrives.
_running: set[Operation[Any]] = set()


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker arrive here queued."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, operation: Operation[Any]):
        super().__init__()
        self._operation = operation
        self.finished.connect(self._on_finished)
        self.failed.connect(self._on_failed)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._operation._finish(result, None)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._operation._finish(None, error)  # type: ignore[arg-type]


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, which decides what to show
            emit(self._relay.failed, error)
        else:
            emit(self._relay.finished, result)


class Operation(Generic[T]):
    def __init__(self, owner: QWidget, work: Callable[[], T], busy_text: str = "", *, quiet: bool = False):
        """``quiet``: work the user did not ask for (e.g. reconnecting to a server in the
        background) shows no busy cursor and leaves the status bar alone."""
        self._owner = owner
        self._work = work
        self._busy_text = busy_text
        self._quiet = quiet
        self._on_success: Callable[[T], object] = lambda _result: None
        self._on_failure: Callable[[Exception], None] = self._report
        self._relay: _Relay | None = None

    def success(self, callback: Callable[[T], object]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation[T]:
        self._on_failure = callback
        return self

    def run(self) -> None:
        self._relay = _Relay(self)
        _running.add(self)
        if not self._quiet:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._status(self._busy_text)
        QThreadPool.globalInstance().start(_Task(self._work, self._relay))

    def _finish(self, result: Any, error: Exception | None) -> None:
        _running.discard(self)
        if not self._quiet:
            QApplication.restoreOverrideCursor()
        if self._relay is not None:
            self._relay.deleteLater()
            self._relay = None
        if not shiboken6.isValid(self._owner):
            return  # the tab or window went away meanwhile; nobody is waiting for the result
        if not self._quiet:
            self._clear_status()
        if error is not None:
            self._on_failure(error)
        else:
            self._on_success(result)

    def _status(self, text: str) -> None:
        window = self._owner.window()
        if isinstance(window, QMainWindow) and text:
            window.statusBar().showMessage(text)

    def _clear_status(self) -> None:
        """Take this operation's busy text away, but not a message shown since (what an undo did,
        a file saved): a list read again after it would otherwise wipe the news."""
        window = self._owner.window()
        if isinstance(window, QMainWindow) and window.statusBar().currentMessage() == self._busy_text:
            window.statusBar().clearMessage()

    def _report(self, error: Exception) -> None:
        from regiodesk.ui import dialogs

        if isinstance(error, DomainError):
            dialogs.show_error(self._owner, tr("Fehler"), str(error))
            return
        log.error("Hintergrundarbeit fehlgeschlagen", exc_info=error)
        dialogs.show_error(
            self._owner,
            tr("Fehler"),
            tr("Das hat nicht geklappt: {error}", error=error),
        )


class _Done(QObject):
    """Emitted from the worker of :func:`wait_with_notice`; queued to the loop it ends."""

    finished = Signal()


def wait_with_notice(work: Callable[[], T], title: str, text: str, parent: QWidget | None) -> T:
    """``work`` in a worker while a small window (modal, no cancel) says ``text``; its result, or
    its error raised here. For work the user must wait for before going on (a file updated or
    restored): the window is painted and moves meanwhile instead of standing still; at the start,
    before any window, the notice is the only sign of life."""
    notice = QProgressDialog("", "", 0, 0, parent)
    label = QLabel(text)
    label.setWordWrap(True)  # a few lines of a readable width, not one across the screen
    notice.setLabel(label)
    notice.setWindowTitle(title)
    notice.setCancelButton(None)  # half of it is put back, not cancelled
    notice.setWindowModality(Qt.WindowModality.ApplicationModal)
    notice.setMinimumDuration(0)
    notice.setFixedWidth(460)
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # raised again on the GUI thread
            failure.append(error)
        finally:
            done.finished.emit()

    notice.show()
    threading.Thread(target=run, name="regiodesk-wait", daemon=True).start()
    loop.exec()
    notice.close()
    notice.deleteLater()
    if failure:
        raise failure[0]
    return result[0]


def wait_for_operations() -> None:
    """Block until every background operation has finished (tests, closing the window)."""
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()
