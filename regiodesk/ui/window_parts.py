"""Parts of the main window kept out of it: the lazily built tab pages, the forwarding of menu jobs
to their controllers, and how a file that can only be read shows itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QVBoxLayout, QWidget

from regiodesk.i18n import tr

if TYPE_CHECKING:
    from regiodesk.ui.office_window import OfficeWindow
    from regiodesk.ui.record_tab import RecordTab
    from regiodesk.ui.tabs import TabSpec


class TabSlot(QWidget):
    """A page of the tab bar; its RecordTab is built the first time it is needed."""

    def __init__(self, spec: TabSpec):
        super().__init__()
        self.spec = spec
        self.tab: RecordTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def put(self, tab: RecordTab) -> None:
        self.tab = tab
        layout = self.layout()
        assert layout is not None
        layout.addWidget(tab)


class Forward:
    """``window.job`` is ``window.<controller>.job``: the menus' jobs live in small controllers
    (ui.open_files, ui.region_actions, ui.custody, ui.sync_ui, ui.documents_menu,
    ui.help_menu)."""

    def __init__(self, controller: str, name: str = ""):
        self.controller, self.name = controller, name

    def __set_name__(self, owner, name: str) -> None:
        self.name = self.name or name

    def __get__(self, window, owner=None):
        return self if window is None else getattr(getattr(window, self.controller), self.name)


def show_read_only(window: OfficeWindow, writing: Iterable[QAction]) -> None:
    """A file that can only be read says so; the actions that write (Neu, Speichern, Löschen) are off.

    Like a damaged file, the database itself refuses every write (with the reason), so an
    edit that reaches a save anyway is refused in German, never half-written.
    """
    reason = window.db.read_only
    label = window.read_only_label
    label.setText(tr("Nur lesen: {reason}", reason=reason) if reason else "")
    label.setToolTip(
        tr("{reason} Änderungen können nicht gespeichert werden.", reason=reason) if reason else ""
    )
    label.setVisible(bool(reason))
    for action in writing:
        action.setEnabled(not reason)
    if reason:
        window.statusBar().showMessage(
            tr("{reason} Die Datenbank ist nur zum Lesen geöffnet.", reason=reason), 60000
        )
