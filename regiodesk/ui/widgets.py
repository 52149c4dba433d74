"""Small widgets every tab shares: a coloured banner for warnings and a dialog that edits one record."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from regiodesk.domain.enums import LabelledEnum
from regiodesk.i18n import tr
from regiodesk.services.records import RecordService
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.record_form import RecordForm
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import undoable

log = logging.getLogger(__name__)

#: Banner colours: a warning the user should act on, a rule that is broken, a rule that holds.
BANNER_STYLES = {
    "info": "background: #eef3fb; border: 1px solid #b9cbe8; color: #1d3557;",
    "warning": "background: #fff4ce; border: 1px solid #e0b400; color: #4d3800;",
    "error": "background: #fdecee; border: 1px solid #e58a96; color: #8f0019;",
    "ok": "background: #e8f5ea; border: 1px solid #9bd3a4; color: #1e5128;",
}


W = TypeVar("W", bound=QWidget)


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area: a page of a tab that scrolls rather than making the
    window taller than a laptop screen (1366 x 768, or 125 % scaling)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(page)
    return scroll


def page_in(widget: QWidget | None) -> QWidget | None:
    """The page a tab shows, whether or not it sits in a scroll area (see :func:`scrolling`)."""
    return widget.widget() if isinstance(widget, QScrollArea) else widget


def show_once(windows: dict[str, Any], key: str, make: Callable[[], W]) -> W:
    """One window per ``key`` in ``windows``: made the first time, shown and raised again when
    asked a second time, and forgotten once it is closed."""
    window = windows.get(key)
    if window is None:
        window = make()
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_args, key=key: windows.pop(key, None))
        windows[key] = window
    window.show()
    window.raise_()
    return window


def stored_value(member: LabelledEnum) -> str:
    """The value stored for an enum member (mypy reads ``.value`` of these enums as their declaring tuple)."""
    return member._value_


class Banner(QLabel):
    """A coloured, word-wrapped notice; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names and reasons typed by users are not markup
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.level = ""
        self.hide()

    def show_lines(self, lines: Iterable[str], level: str = "warning") -> None:
        text = "\n".join(line for line in lines if line)
        self.level = level if text else ""
        self.setText(text)
        self.setStyleSheet(f"QLabel {{ {BANNER_STYLES[level]} border-radius: 3px; padding: 6px; }}")
        self.setVisible(bool(text))

    def clear_banner(self) -> None:
        self.show_lines(())


class RecordDialog(QDialog):
    """A RecordForm in a dialog: create or edit one record; errors stay beside the fields.

    Opened with ``open()`` (window-modal, never blocking), so tests can fill and save it.
    """

    saved = Signal(str)

    def __init__(
        self,
        service: RecordService,
        record_id: str | None,
        title: str,
        defaults: dict[str, Any] | None = None,
        fixed: Iterable[str] = (),
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.service = service
        self.record_id = record_id
        self.setWindowTitle(title)
        self.form = RecordForm(service)
        values = service.load(record_id) if record_id else {**service.defaults(), **(defaults or {})}
        self.form.set_values(values)
        for name in fixed:  # shown for orientation, chosen by where the dialog was opened
            self.form.editor(name).setEnabled(False)
        self.buttons, self.save_button = dialogs.accept_cancel_buttons(
            self, tr("Speichern"), self.save, QDialogButtonBox.StandardButton.Save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        content = self.form.widget()
        fit_to_screen(self, 560, (content.sizeHint().height() if content else 600) + 90)

    def save(self) -> bool:
        """Create or update; on errors show them beside the fields and keep every input."""
        kind = tr(self.service.model.label)
        label = tr("{kind} anlegen", kind=kind) if self.record_id is None else tr("{kind} ändern", kind=kind)
        with undoable(self, self.service.db, label) as step:  # Strg+Z in the window
            record_id = step.record_id = self.form.guarded(lambda: self.form.write(self.record_id))
        if record_id is None:
            return False
        self.record_id = record_id
        self.form.mark_clean()
        emit(self.saved, record_id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.form.is_dirty() and not dialogs.confirm(
            self, tr("Verwerfen"), tr("Die ungespeicherten Eingaben verwerfen?"), yes=tr("Verwerfen")
        ):
            return
        super().reject()
