"""Panels and dialogs inside a tab put their saves and deletions on the window's undo stack.

A dialog that saves an e-mail of a contact or a member of a body does not know the window; it
hands the step to the tab it sits in (the nearest parent with ``report_undoable``), and the tab
passes it on as its own (``RecordTab.undoable``, ui.undo). Outside a tab (the master data
windows) there is no stack to put it on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from regiodesk.services.undo import UndoableAction


def report(widget: QWidget, action: UndoableAction) -> None:
    """Hand ``action`` to the tab ``widget`` sits in, if it sits in one."""
    owner: QWidget | None = widget
    while owner is not None:
        report_undoable = getattr(owner, "report_undoable", None)
        if callable(report_undoable):
            report_undoable(action)
            return
        owner = owner.parentWidget()
