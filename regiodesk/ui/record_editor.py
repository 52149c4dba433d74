"""The right half of every tab: heading, form, optional related table, buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from regiodesk.i18n import tr
from regiodesk.ui.record_form import RecordForm
from regiodesk.ui.related_table import RelatedPanel


class RecordEditor(QWidget):
    def __init__(self, form: RecordForm, panel: RelatedPanel | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        self.panel = panel
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # record names are not markup
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)

        self.new_button = QPushButton(tr("Neu"))
        self.save_button = QPushButton(tr("Speichern"))
        self.discard_button = QPushButton(tr("Verwerfen"))
        self.delete_button = QPushButton(tr("Löschen"))
        self.history_button = QPushButton(tr("Verlauf"))
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)  # Löschen apart from Speichern: no slip of the mouse
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        self.splitter: QSplitter | None = None
        if panel is not None:
            self.splitter = QSplitter(Qt.Orientation.Vertical)
            self.splitter.addWidget(form)
            self.splitter.addWidget(panel)
            self.splitter.setChildrenCollapsible(False)
            layout.addWidget(self.splitter, 1)
        else:
            layout.addWidget(form, 1)
        layout.addLayout(buttons)

    def fit_form(self) -> None:
        """Give the form the height its fields need and the related table the rest."""
        if self.splitter is None:
            return
        content = self.form.widget()
        if content is None:
            return
        height = sum(self.splitter.sizes())
        form_height = content.sizeHint().height() + 8
        form_height = min(form_height, height - 220) if height > 440 else height // 2
        self.splitter.setSizes([form_height, height - form_height])
