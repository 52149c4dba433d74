"""The text of a serial letter or an e-mail to a list: subject, body with placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import tr
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.widgets import Banner

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass
class LetterText:
    subject: str = ""
    body: str = ""
    extra: str = ""  # signature of a letter, sender address of an e-mail


class LetterDialog(QDialog):
    """Not modal: ``accepted_text`` carries the text once it is complete and its placeholders known."""

    accepted_text = Signal(object)

    def __init__(
        self,
        title: str,
        intro: str,
        placeholders: list[str],
        extra_label: str,
        text: LetterText,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.placeholders = list(placeholders)
        self.subject = QLineEdit(text.subject)
        self.body = QPlainTextEdit(text.body)
        self.body.setMinimumHeight(220)
        self.extra = QLineEdit(text.extra)
        self.banner = Banner()
        hint = QLabel(
            tr("Platzhalter: {names}", names=", ".join("{" + p + "}" for p in self.placeholders))
            if self.placeholders
            else ""
        )
        hint.setWordWrap(True)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Betreff"), self.subject)
        form.addRow(tr("Text"), self.body)
        form.addRow(extra_label, self.extra)
        buttons, _ok = dialogs.accept_cancel_buttons(self, tr("Weiter …"), self.finish)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form, 1)
        layout.addWidget(hint)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 480)

    def text(self) -> LetterText:
        return LetterText(self.subject.text().strip(), self.body.toPlainText(), self.extra.text().strip())

    def problems(self) -> list[str]:
        text = self.text()
        problems = []
        if not text.subject:
            problems.append(tr("Bitte einen Betreff eingeben."))
        if not text.body.strip():
            problems.append(tr("Bitte einen Text eingeben."))
        unknown = sorted(
            {m for m in _PLACEHOLDER.findall(text.subject + text.body) if m not in self.placeholders}
        )
        if unknown:
            problems.append(
                tr(
                    "Unbekannte Platzhalter: {unknown}. Möglich sind {known}.",
                    unknown=", ".join("{" + u + "}" for u in unknown),
                    known=", ".join("{" + p + "}" for p in self.placeholders) or tr("keine"),
                )
            )
        return problems

    def finish(self) -> bool:
        problems = self.problems()
        if problems:
            self.banner.show_lines(problems, "error")  # the text stays as typed
            return False
        self.accepted_text.emit(self.text())
        self.accept()
        return True


__all__ = ["LetterDialog", "LetterText"]
