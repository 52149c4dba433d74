"""Where the main window opens: where it was closed, else the whole window on a small laptop.

Shared by the main window and the start window shown before it (regiodesk.ui.start_window),
so that the one takes the other's place exactly. Imports Qt and the preferences file only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QWidget

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
