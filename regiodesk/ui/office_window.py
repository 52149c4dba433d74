"""What the window's controllers use of the main window.

The menus' jobs live in small controllers (ui.open_files, ui.region_actions, ui.custody,
ui.sync_ui, ui.documents_menu, ui.help_menu) that the main window creates. They know the window
through this base class, not through ``MainWindow`` itself, so that the window and its
controllers do not import each other; :class:`regiodesk.ui.main_window.MainWindow` is the one
implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

if TYPE_CHECKING:
    from regiodesk.db.database import Database
    from regiodesk.office import Office
    from regiodesk.services.undo import UndoableAction
    from regiodesk.ui.record_tab import RecordTab


_W = TypeVar("_W", bound=QWidget)


class UndoStack(Protocol):
    """What the window's controllers use of ui.undo.UndoController (ui.undo imports this module)."""

    def push(self, tab_key: str, action: UndoableAction) -> None: ...

    def serve(self, window: QWidget) -> None: ...


class OfficeWindow(QMainWindow):
    #: The open file, its lock, backups, sync and handover.
    office: Office
    tabs: QTabWidget
    #: "Nur lesen: …" in the status bar while the file can only be read
    read_only_label: QLabel
    documents_menu: QMenu
    print_action: QAction
    #: Strg+Z / Strg+Umschalt+Z (ui.undo.UndoController)
    undo: UndoStack

    @property
    def db(self) -> Database:
        raise NotImplementedError

    def report_undoable(self, action: UndoableAction) -> None:
        """A step of a window beside the tabs (Stammdaten, Einstellungen, ui.undo_report): on the stack."""
        self.undo.push("", action)

    def current_tab(self) -> RecordTab:
        raise NotImplementedError

    def tab(self, key: str) -> RecordTab:
        """The tab of an area, built if it has not been shown yet."""
        raise NotImplementedError

    def show_tab(self, key: str) -> RecordTab:
        """Switch to a tab as a click on it does (the tab being left may keep its unsaved edits)."""
        raise NotImplementedError

    def open_record(self, key: str, record_id: str) -> RecordTab | None:
        """Show a record in its tab as a click on it there does; None if the tab being left keeps
        edits that cannot be saved. ``record_id`` '': just the tab."""
        raise NotImplementedError

    def show_conflicts(self) -> QWidget:
        """The sync's conflicts waiting for a decision (a window of their own)."""
        raise NotImplementedError

    def show_backups(self) -> QWidget | None:
        """The backups, to restore one (None on a server: its backups are explained instead)."""
        raise NotImplementedError

    def leave_all(self, title: str) -> bool:
        """Save unsaved edits in every tab; False when the user chose to stay."""
        raise NotImplementedError

    def database_replaced(self, changed: bool = True) -> None:
        raise NotImplementedError

    def reload_all(self) -> None:
        raise NotImplementedError

    def show_window(self, key: str, make: Callable[[], _W]) -> _W:
        raise NotImplementedError

    def shown(self, key: str) -> QWidget | None:
        raise NotImplementedError

    def open_database(self, path: Path | str, create: bool = False) -> bool:
        raise NotImplementedError

    def ask_open_database(self) -> None:
        raise NotImplementedError

    def open_demo(self) -> None:
        raise NotImplementedError
