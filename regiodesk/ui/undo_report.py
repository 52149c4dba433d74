"""Every change a user makes in the window goes on the window's undo stack (Strg+Z).

A panel, dialog or item model that writes (a member removed, a vote recorded, an import) does
not know the window; it wraps the write in :func:`undoable`, which collects what the block
committed and hands the step to the tab it sits in (the nearest parent with
``report_undoable``); the tab passes it on as its own (``RecordTab.undoable``, ui.undo). A window
the main window owns but that is no tab (Stammdaten, Einstellungen) reaches the main window
itself, whose stack takes the step too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from regiodesk.db.database import Database
from regiodesk.services.undo import ChangeSet, UndoableAction, recording


def report(owner: QObject | None, action: UndoableAction) -> None:
    """Hand ``action`` to the tab ``owner`` sits in (or the main window), if it sits in one."""
    while owner is not None:
        report_undoable = getattr(owner, "report_undoable", None)
        if callable(report_undoable):
            report_undoable(action)
            return
        owner = owner.parentWidget() if isinstance(owner, QWidget) else owner.parent()


@dataclass
class Step:
    """The step being recorded; the block may name it once it knows („Import von 120 Kontakten“)."""

    label: str
    record_id: str | None = None
    seqs: list[int] = field(default_factory=list)


#: The steps being recorded now (GUI thread); only the outermost one goes on the stack.
_open: list[Step] = []


@contextmanager
def undoable(owner: QObject, db: Database, label: str, record_id: str | None = None) -> Iterator[Step]:
    """Record what the block commits and report it as one step „label“, if anything was written.

    A block inside another one (one row of „alle als anwesend“) is part of the outer step. A
    block that fails after a commit still reports what it wrote, so that Rückgängig can take it
    back; a block that writes nothing (refused, cancelled) leaves the stack as it is.
    """
    step = Step(label, record_id)
    _open.append(step)
    try:
        with recording(db) as seqs:
            step.seqs = seqs
            yield step
    finally:
        _open.remove(step)
        if step.seqs and not _open:
            report(owner, UndoableAction(step.label, ChangeSet(tuple(step.seqs)), step.record_id))
