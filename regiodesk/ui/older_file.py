"""An office file of an earlier regiodesk is brought to this version before the window opens it.

``Database.open`` migrates an older file: a backup first, then the schema, then the search index
read afresh in the same transaction. That takes a moment for a small office and several seconds
for a large one (80,000 contacts: 8 s). On the window's thread nothing would move meanwhile, at
the start not even a window: the user would think the program had not started and start it
again. Here the file is opened (and so migrated) and closed again in a worker while a small
window says what is happening; the open that follows finds it current. Whatever goes wrong is
left to that open, which says it the way every refused file is told (another regiodesk has it,
a read-only folder, a failed update with its backup put back).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from regiodesk.db.schema import is_older, update_notice
from regiodesk.i18n import tr

log = logging.getLogger(__name__)


class _Done(QObject):
    """Emitted from the worker; queued to the GUI thread's event loop, which it ends."""

    finished = Signal()


def bring_up_to_date(path: Path | str, parent: QWidget | None = None) -> None:
    """Migrate ``path`` if it is an older office file, off the GUI thread, with a notice."""
    if not is_older(path):
        return
    from regiodesk.office import Office

    assert isinstance(path, Path)

    def migrate() -> None:
        Office.open(path.expanduser(), deep_check=False).close()

    wait_with_notice(migrate, update_notice(path), parent)


def wait_with_notice(work: Callable[[], None], text: str, parent: QWidget | None) -> None:
    """Run ``work`` in a worker while a small window shows ``text``; its errors are logged only."""
    notice = QProgressDialog("", "", 0, 0, parent)
    label = QLabel(text)
    label.setWordWrap(True)  # a few lines of a readable width, not one across the screen
    notice.setLabel(label)
    notice.setWindowTitle(tr("Datei wird aktualisiert"))
    notice.setCancelButton(None)  # an update half done is put back, not cancelled
    notice.setWindowModality(Qt.WindowModality.ApplicationModal)
    notice.setMinimumDuration(0)
    notice.setFixedWidth(460)
    done = _Done()
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            work()
        except Exception:  # the open that follows says why, as it says it for any refused file
            log.info("Aktualisieren vor dem Öffnen nicht möglich", exc_info=True)
        finally:
            done.finished.emit()

    notice.show()
    threading.Thread(target=run, name="regiodesk-update-file", daemon=True).start()
    loop.exec()
    notice.close()
    notice.deleteLater()


__all__ = ["bring_up_to_date", "wait_with_notice"]
