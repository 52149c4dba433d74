"""Strg+Z and Strg+Umschalt+Z: the window's undo stack over the services' change sets.

A tab reports each save, creation, deletion and restore as an :class:`UndoableAction` (its
label and the change set services.undo returned); the stack keeps one command per action. Undo
and redo are :meth:`UndoService.revert` of the handle the command holds, written as a normal
change, so they work across a switch of record or tab and after other work in between. An
undo that would overwrite what changed since (sync) is refused with the service's German
message; the command then leaves the stack, since it can never succeed.

A large step (an import of thousands of contacts) is reverted off the window's thread, as an
import runs: the status bar says what happens („Rückgängig: Import von 20.000 Kontakten …“), the
tabs take no input meanwhile (their records are being written) and the lists are read again
after. A small step is reverted at once, as before: no flicker for a changed phone number.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.undo import ChangeSet, UndoableAction, UndoService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import Operation
from regiodesk.ui.tab_window import TabWindow

if TYPE_CHECKING:
    from regiodesk.ui.office_window import OfficeWindow

log = logging.getLogger(__name__)

#: The windows beside the tabs whose steps go on the window's stack (ui.undo_report); they read
#: their records again after an undo or redo of such a step.
OWN_WINDOWS = ("master-data", "region-settings")

#: Log entries from which a step is reverted in the background (an import of a few hundred
#: contacts and more): a step of 2,000 entries takes about 0.1 s, one of 100,000 (20,000
#: contacts) a few seconds, which the window must not spend frozen.
LARGE_STEP = 2_000

#: The main window's actions that write to the current tab's record (held off meanwhile).
WRITING_ACTIONS = ("new_action", "save_action", "delete_action")

#: What reverting a handle gave: the new handle, or None and the German message why not.
Outcome = tuple[ChangeSet | None, str]


def revert(db: Database, handle: ChangeSet, title: str) -> Outcome:
    """Revert ``handle``; never raises (runs on the window's thread or in a worker)."""
    try:
        return UndoService(db).revert(handle), ""
    except DomainError as error:
        return None, str(error)
    except Exception:
        log.exception("%s fehlgeschlagen", title)
        return None, tr("{title} ist wegen eines Programmfehlers fehlgeschlagen.", title=title)


class ActionCommand(QUndoCommand):
    """One action of a tab; undo and redo revert the handle it holds and keep the new one."""

    def __init__(self, controller: UndoController, tab_key: str, action: UndoableAction):
        super().__init__(action.label)
        self.controller = controller
        self.tab_key = tab_key
        self.record_id = action.record_id
        self.handle = action.change_set
        self._done = True  # QUndoStack.push() calls redo(): the action is done already
        self._prepared: Outcome | None = None

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._revert(tr("Wiederholen"))

    def undo(self) -> None:
        self._revert(tr("Rückgängig"))

    def is_large(self) -> bool:
        """Reverted in the background (see :data:`LARGE_STEP`)."""
        return len(self.handle.seqs) >= LARGE_STEP

    def prepare(self, outcome: Outcome) -> None:
        """The outcome of reverting this step, reached in the background: the next undo() or
        redo() the stack calls takes it instead of reverting again."""
        self._prepared = outcome

    def _revert(self, title: str) -> None:
        # Called from C++: nothing may escape, or Qt moves on as if it had worked.
        outcome, self._prepared = self._prepared, None
        if outcome is None:
            # a step under LARGE_STEP: a moment, on the window's thread
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                outcome = revert(self.controller.window.db, self.handle, title)
            finally:
                QApplication.restoreOverrideCursor()
        handle, message = outcome
        if handle is None:
            self.setObsolete(True)
            self.controller.refused(self.tab_key, self.record_id, title, message)
            return
        self.handle = handle
        self.controller.show_result(self.tab_key, self.record_id, title, self.text())


class UndoController(QObject):
    """The stack and its two menu entries; the window forwards its tabs' actions here."""

    def __init__(self, window: OfficeWindow):
        # A QObject of the window's: the stack's signals while the window is destroyed reach
        # no one (their slots are this object's methods, disconnected when it goes).
        super().__init__(window)
        self.window = window
        self.stack = QUndoStack(self)
        self.undo_action = QAction(tr("&Rückgängig"), window)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = QAction(tr("Wieder&holen"), window)
        # Strg+Umschalt+Z everywhere, and Strg+Y as Windows users know it
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action.triggered.connect(lambda _checked=False: self.undo())
        self.redo_action.triggered.connect(lambda _checked=False: self.redo())
        self.stack.indexChanged.connect(self._update_actions)
        #: A large step being reverted in the background: its title („Rückgängig“)
        self._running = ""
        #: Steps reported meanwhile, pushed once it is done (the stack's order stays true)
        self._waiting: list[tuple[str, UndoableAction]] = []
        #: the window's writing actions held off meanwhile, and whether they were enabled
        self._held: dict[QAction, bool] = {}
        self._update_actions()

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)

    def serve(self, window: QWidget) -> None:
        """Strg+Z and Strg+Umschalt+Z also inside ``window`` (Stammdaten, Einstellungen)."""
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)

    def watch(self, tab: QWidget) -> None:
        """Put the tab's actions on the stack (a tab without records, the Übersicht, has none)."""
        undoable = getattr(tab, "undoable", None)
        if undoable is not None:
            key: str = getattr(tab, "key")  # noqa: B009 - every tab has one; QWidget does not say so
            undoable.connect(lambda action: self.push(key, action))

    def push(self, tab_key: str, action: UndoableAction) -> None:
        """Put ``action`` on the stack; ``tab_key`` '': a step of a window beside the tabs."""
        if not action.change_set:
            return
        if self._running:  # on top of the step being reverted, once it is
            self._waiting.append((tab_key, action))
            return
        self.stack.push(ActionCommand(self, tab_key, action))

    def clear(self) -> None:
        """Another file is open: nothing of the old one can be undone in it."""
        self.stack.clear()
        self._waiting.clear()
        self._update_actions()

    # ------------------------------------------------------------ undo and redo
    def undo(self) -> None:
        if not self._running and self._commit_current():
            command = self.stack.command(self.stack.index() - 1)
            if isinstance(command, ActionCommand) and command.is_large():
                self._in_background(command, tr("Rückgängig"), self.stack.undo)
            else:
                self.stack.undo()
        self._update_actions()

    def redo(self) -> None:
        if not self._running and self._commit_current():
            command = self.stack.command(self.stack.index())
            if isinstance(command, ActionCommand) and command.is_large():
                self._in_background(command, tr("Wiederholen"), self.stack.redo)
            else:
                self.stack.redo()
        self._update_actions()

    def is_running(self) -> bool:
        """A large step is being reverted in the background."""
        return bool(self._running)

    def _in_background(self, command: ActionCommand, title: str, step: Callable[[], None]) -> None:
        """Revert ``command`` in a worker, then let the stack take the step (``step``) with the
        outcome: the stack moves only once the change is written, or refused."""
        db, handle = self.window.db, command.handle
        self._running = title
        self._hold_input(True)

        def done(outcome: Outcome) -> None:
            self._running = ""
            self._hold_input(False)
            command.prepare(outcome)
            step()
            waiting, self._waiting = self._waiting, []
            for tab_key, action in waiting:
                self.push(tab_key, action)
            self._update_actions()

        def failed(error: Exception) -> None:  # revert() says every error; only a bug gets here
            done((None, tr("{title} ist fehlgeschlagen: {error}", title=title, error=error)))

        busy = tr("{title}: {label} …", title=title, label=command.text())
        Operation(self.window, lambda: revert(db, handle, title), busy).success(done).failure(failed).run()

    def _hold_input(self, hold: bool) -> None:
        """No input on the tabs (and their windows) while their records are being written, nor
        Neu, Speichern and Löschen of the window's menu (their shortcuts reach the tabs)."""
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(not hold)
        for own in self.window.findChildren(TabWindow):
            own.setEnabled(not hold)
        if hold:
            writing = (getattr(self.window, name, None) for name in WRITING_ACTIONS)
            self._held = {action: action.isEnabled() for action in writing if isinstance(action, QAction)}
            for action in self._held:
                action.setEnabled(False)
        else:  # as they were (a file that can only be read keeps them off)
            for action, enabled in self._held.items():
                action.setEnabled(enabled)
            self._held = {}

    def _commit_current(self) -> bool:
        """Edits typed but not saved are saved first: then they are the step Rückgängig takes back."""
        tab = self.window.current_tab()
        if tab.commit_pending(reveal=False):
            return True
        self.window.statusBar().showMessage(
            tr("Bitte erst die rot markierten Angaben korrigieren oder die Änderungen verwerfen."), 8000
        )
        return False

    def refused(self, tab_key: str, record_id: str | None, title: str, message: str) -> None:
        """Say why, and show the record as it is stored now."""
        self._show(tab_key, record_id)
        dialogs.show_error(self.window, title, message)

    def show_result(self, tab_key: str, record_id: str | None, title: str, label: str) -> None:
        """Show what was undone: its tab, with the record if it is there (again)."""
        self._show(tab_key, record_id)
        self.window.statusBar().showMessage(tr("{title}: {label}", title=title, label=label), 8000)

    def _show(self, tab_key: str, record_id: str | None) -> None:
        # A tab in a window of its own (Veranstaltungen, Presse- und Netzwerkarbeit) reports its
        # steps through the tab owning the window: it reads its records again too.
        for own in self.window.findChildren(TabWindow):
            if own.isVisible():
                own.tab.show_changed(None)
        if tab_key:
            self.window.show_tab(tab_key).show_changed(record_id)
            return
        # A step of a window beside the tabs (Stammdaten, Einstellungen): it and every list read again.
        for key in OWN_WINDOWS:
            reload = getattr(self.window.shown(key), "reload", None)
            if callable(reload):
                reload()
        self.window.reload_all()

    def _update_actions(self, *_args: object) -> None:
        idle = not self._running
        _label(self.undo_action, tr("&Rückgängig"), idle and self.stack.canUndo(), self.stack.undoText())
        _label(self.redo_action, tr("Wieder&holen"), idle and self.stack.canRedo(), self.stack.redoText())


def _label(action: QAction, verb: str, enabled: bool, text: str) -> None:
    action.setEnabled(enabled)
    action.setText(tr("{verb}: {text}", verb=verb, text=text) if enabled and text else verb)
