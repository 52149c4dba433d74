"""Where the main window opens: where it was closed, else the whole window on a small laptop;
and where each splitter stands: where the user left it.

Shared by the main window and the start window shown before it (regiodesk.ui.start_window),
so that the one takes the other's place exactly. Imports Qt and the preferences file only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, QTimer
from PySide6.QtGui import QGuiApplication
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


#: Kept free around a window: its title bar and a little of the desktop.
SCREEN_MARGIN = 40


def available_room(widget: QWidget) -> QSize:
    """The screen area a window of ``widget`` may take (without task bar and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366, 728)
    room = screen.availableGeometry()
    return QSize(room.width(), room.height())


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open a dialog at ``width`` x ``height`` where there is room, never larger than the screen
    (a 1366 x 768 laptop, or one at 125 % scaling, whose logical screen is 1093 x 614)."""
    room = available_room(window)
    window.resize(min(width, room.width() - SCREEN_MARGIN), min(height, room.height() - SCREEN_MARGIN))
