"""Where the main window opens: where it was closed, else the whole window on a small laptop;
and where each splitter stands: where the user left it.

Shared by the main window and the start window shown before it (regiodesk.ui.start_window),
so that the one takes the other's place exactly. Imports Qt and the preferences file only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

from regiodesk import preferences


def restore_geometry(window: QWidget) -> None:
    geometry = preferences.window_state().get("geometry")
    if isinstance(geometry, str) and window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii"))):
        return
    # A laptop at 1366 x 768 (or 1920 x 1080 at 150 %) must show the whole window.
    screen = window.screen().availableGeometry()
    window.resize(min(1400, screen.width()), min(860, screen.height()))
    window.move(screen.topLeft())


def save_geometry(window: QWidget) -> None:
    encoded = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    preferences.save_window_state({"geometry": encoded})


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    """Put the splitter where the user left it (same number of panes); False if never moved."""
    sizes = preferences.splitter_sizes(key)
    if sizes is None or len(sizes) != splitter.count() or not any(sizes):
        return False
    splitter.setSizes(sizes)
    return True


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """Store the sizes whenever the user drags the handle (written a moment after the drag ends)."""
    timer = QTimer(splitter)
    timer.setSingleShot(True)
    timer.setInterval(400)
    timer.timeout.connect(lambda: preferences.save_splitter_sizes(key, splitter.sizes()))
    splitter.splitterMoved.connect(lambda _pos, _index: timer.start())
