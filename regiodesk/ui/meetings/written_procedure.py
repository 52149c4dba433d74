"""Umlaufverfahren: written procedures of a body, the answers per member, the live check and the result."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain import parse
from regiodesk.domain.enums import VoteChoice, VoteResult
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.i18n import format_date, tr
from regiodesk.services.bodies import BodyService
from regiodesk.services.written_procedure import AnswerRow, WrittenProcedureService
from regiodesk.ui import dialogs
from regiodesk.ui.export import file_name, save_document
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.meetings.vote_check import VoteCheckView, result_text
from regiodesk.ui.record_model import RecordTableModel, prepare
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner, RecordDialog, stored_value


class AnswersModel(RowsModel[AnswerRow]):
    HEADERS = ("Mitglied", "Interessengruppe", "Sektor", "Antwort", "eingegangen am", "Grund")

    def row_id(self, row: AnswerRow) -> str:
        return row.contact_id

    def text(self, row: AnswerRow, column: int) -> str:
        return (
            row.name,
            row.interest_group or tr("ohne Interessengruppe"),
            tr("öffentlich") if row.public_sector else tr("WiSo"),
            VoteChoice.label_of(row.answer),
            format_date(row.received_on),
            row.reason,
        )[column]


class WrittenProcedureDialog(QDialog):
    """A window beside the main window (not modal): procedures, answers, check, closing, result."""

    #: a procedure, an answer or a result was stored
    changed = Signal()

    def __init__(self, db: Database, body_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Umlaufverfahren"))
        self.db = db
        self.default_body_id = body_id
        self.service = WrittenProcedureService(db)
        self.procedure_id: str | None = None
        self._closed = False

        self.list_model = RecordTableModel(self.service.columns, self)
        self.list_view = make_table(self.list_model, [c.width for c in self.service.columns], stretch=2)
        self.list_view.selectionModel().selectionChanged.connect(lambda *_a: self._procedure_selected())
        self.list_view.activated.connect(lambda _index: self.edit_procedure())
        self.new_button = QPushButton(tr("Neues Umlaufverfahren …"))
        self.edit_button = QPushButton(tr("Bearbeiten …"))
        self.delete_button = QPushButton(tr("Löschen …"))
        self.new_button.clicked.connect(self.new_procedure)
        self.edit_button.clicked.connect(self.edit_procedure)
        self.delete_button.clicked.connect(self.delete_procedure)
        top_buttons = QHBoxLayout()
        top_buttons.addWidget(self.new_button)
        top_buttons.addWidget(self.edit_button)
        top_buttons.addStretch(1)
        top_buttons.addWidget(self.delete_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.list_view, 1)
        top_layout.addLayout(top_buttons)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.notice = Banner()
        self.answers_model = AnswersModel(self)
        self.answers_view = make_table(self.answers_model, (170, 140, 80, 120, 100))
        self.answers_view.selectionModel().selectionChanged.connect(lambda *_a: self._answer_selected())

        self.member_combo = QComboBox()
        self.member_combo.setMinimumContentsLength(16)
        self.answer_combo = QComboBox()
        for value, label in VoteChoice.choices():
            self.answer_combo.addItem(tr(label), value)
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(tr("TT.MM.JJJJ"))
        self.date_edit.setMaximumWidth(110)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(tr("Grund (bei Interessenkonflikt)"))
        self.record_button = QPushButton(tr("Antwort erfassen"))
        self.record_button.clicked.connect(self.record_answer)
        self.reason_edit.returnPressed.connect(self.record_answer)
        entry = QHBoxLayout()
        for label, widget in (
            (tr("Mitglied"), self.member_combo),
            (tr("Antwort"), self.answer_combo),
            (tr("eingegangen am"), self.date_edit),
        ):
            entry.addWidget(QLabel(label))
            entry.addWidget(widget)
        entry.addWidget(self.reason_edit, 1)
        entry.addWidget(self.record_button)
        self.answer_error = Banner()

        self.check_view = VoteCheckView()
        check_box = QGroupBox(tr("Auswertung der Antworten (vorläufig, bis das Verfahren abgeschlossen ist)"))
        QVBoxLayout(check_box).addWidget(self.check_view)
        self.close_button = QPushButton(tr("Verfahren abschließen …"))
        self.pdf_button = QPushButton(tr("Ergebnis (PDF) …"))
        self.close_button.clicked.connect(self.close_procedure)
        self.pdf_button.clicked.connect(self.export_result)
        bottom_buttons = QHBoxLayout()
        bottom_buttons.addStretch(1)
        bottom_buttons.addWidget(self.pdf_button)
        bottom_buttons.addWidget(self.close_button)

        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.notice)
        detail_layout.addWidget(self.answers_view, 1)
        detail_layout.addLayout(entry)
        detail_layout.addWidget(self.answer_error)
        detail_layout.addWidget(check_box)
        detail_layout.addLayout(bottom_buttons)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.detail)
        splitter.setSizes([180, 560])
        splitter.setChildrenCollapsible(False)
        close_window = QPushButton(tr("Schließen"))
        close_window.clicked.connect(self.close)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close_window)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(footer)
        fit_to_screen(self, 1000, 780)
        self.reload()

    # ------------------------------------------------------------ list
    def reload(self, select: str | None = None) -> None:
        keep = select or self.procedure_id
        self.list_model.set_rows(prepare(self.service.columns, self.service.rows()))
        self.list_model.sort(0, Qt.SortOrder.DescendingOrder)  # the newest first
        row = self.list_model.row_of(keep) if keep else None
        if row is None and self.list_model.visible_count:
            row = 0
        if row is not None:
            self.list_view.selectRow(row)
        self._procedure_selected()

    def selected_id(self) -> str | None:
        rows = self.list_view.selectionModel().selectedRows()
        return self.list_model.id_at(rows[0].row()) if rows else None

    def new_procedure(self) -> RecordDialog:
        defaults: dict[str, Any] = {"started_on": date.today(), "body_id": self.default_body_id}
        dialog = RecordDialog(self.service, None, tr("Neues Umlaufverfahren"), defaults, parent=self)
        return self._open(dialog)

    def edit_procedure(self) -> RecordDialog | None:
        if self.procedure_id is None:
            return None
        dialog = RecordDialog(self.service, self.procedure_id, tr("Umlaufverfahren bearbeiten"), parent=self)
        return self._open(dialog)

    def _open(self, dialog: RecordDialog) -> RecordDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, procedure_id: str) -> None:
        self.reload(procedure_id)
        emit(self.changed)

    def delete_procedure(self) -> None:
        if self.procedure_id is None:
            return
        name = self.service.display_name(self.procedure_id)
        if not dialogs.confirm(
            self,
            tr("Umlaufverfahren löschen"),
            tr("„{name}“ mit allen Antworten löschen? Im Verlauf bleibt es erhalten.", name=name),
            yes=tr("Löschen"),
        ):
            return
        with undoable(self, self.service.db, tr("Umlaufverfahren löschen")):
            self.service.delete(self.procedure_id)
        self.procedure_id = None
        self.reload()
        emit(self.changed)

    # ------------------------------------------------------------ one procedure
    def _procedure_selected(self) -> None:
        procedure_id = self.selected_id()
        self.procedure_id = procedure_id
        self.answer_error.clear_banner()
        self.detail.setEnabled(procedure_id is not None)
        self.edit_button.setEnabled(procedure_id is not None)
        self.delete_button.setEnabled(procedure_id is not None)
        if procedure_id is None:
            self.heading.setText(tr("Noch kein Umlaufverfahren – „Neues Umlaufverfahren …“ legt eines an."))
            self.notice.clear_banner()
            self.answers_model.set_rows([])
            self.member_combo.clear()
            self.check_view.clear()
            return
        try:
            values = self.service.load(procedure_id)
        except NotFoundError:
            self.reload()
            return
        body = BodyService(self.db).load(values["body_id"])
        # The list row carries the stored result (the form's fields do not): closed once it has one.
        results = {label for _value, label in VoteResult.choices()}
        self._closed = self.service.rows(ids=[procedure_id])[0].values[4] in results
        self.heading.setText(
            tr(
                "{subject} – {body}, {start} bis {deadline}",
                subject=values["subject"],
                body=body["name"],
                start=format_date(values["started_on"]),
                deadline=format_date(values["deadline"]),
            )
        )
        notices = []
        if not body["written_procedure_allowed"]:
            notices.append(
                tr(
                    "Die Geschäftsordnung von „{body}“ sieht kein Umlaufverfahren vor "
                    "(Einstellung im Reiter Gremien).",
                    body=body["name"],
                )
            )
        if self._closed:
            notices.append(
                tr("Das Verfahren ist abgeschlossen; die Antworten lassen sich nicht mehr ändern.")
            )
        self.notice.show_lines(notices, "warning")
        self._reload_answers()

    def _reload_answers(self, select: str | None = None) -> None:
        assert self.procedure_id is not None
        keep = select or self.member_combo.currentData()
        rows = self.service.answers(self.procedure_id)
        self.answers_model.set_rows(rows)
        self.member_combo.clear()
        for row in rows:
            self.member_combo.addItem(row.name, row.contact_id)
        self.member_combo.setCurrentIndex(max(self.member_combo.findData(keep), 0))
        for widget in (
            self.member_combo,
            self.answer_combo,
            self.date_edit,
            self.reason_edit,
            self.record_button,
        ):
            widget.setEnabled(not self._closed)
        self.close_button.setEnabled(not self._closed)
        if not self.date_edit.text():
            self.date_edit.setText(format_date(date.today()))
        self.update_check()

    def _answer_selected(self) -> None:
        rows = self.answers_view.selectionModel().selectedRows()
        if not rows:
            return
        answer = self.answers_model.row_at(rows[0].row())
        self.member_combo.setCurrentIndex(max(self.member_combo.findData(answer.contact_id), 0))
        if answer.answer != stored_value(VoteChoice.NO_ANSWER):
            self.answer_combo.setCurrentIndex(max(self.answer_combo.findData(answer.answer), 0))
            self.date_edit.setText(format_date(answer.received_on))
            self.reason_edit.setText(answer.reason)

    def update_check(self) -> None:
        if self.procedure_id is None:
            self.check_view.clear()
            return
        try:
            check = self.service.evaluate(self.procedure_id)
        except (DomainError, ValueError) as error:
            self.check_view.show_error(str(error))
            return
        self.check_view.show_check(check, written=True)

    def record_answer(self) -> bool:
        if self.procedure_id is None or self.member_combo.currentData() is None:
            return False
        contact_id = self.member_combo.currentData()
        try:
            received = parse.parse_date(self.date_edit.text())
        except ValueError as error:
            self.answer_error.show_lines([str(error)], "error")
            self.date_edit.setFocus()
            return False
        try:
            with undoable(self, self.service.db, tr("Antwort im Umlaufverfahren erfassen")):
                self.service.record_answer(
                    self.procedure_id,
                    contact_id,
                    self.answer_combo.currentData(),
                    received,
                    self.reason_edit.text(),
                )
        except ValidationError as error:
            self.answer_error.show_lines(list(error.errors.values()), "error")
            return False
        except DomainError as error:
            self.answer_error.show_lines([str(error)], "error")
            return False
        self.answer_error.clear_banner()
        self.reason_edit.clear()
        self._reload_answers()
        # on to the next member without an answer: entering a pile of replies goes quickly
        following = [r for r in self.answers_model.rows if r.answer == stored_value(VoteChoice.NO_ANSWER)]
        if following:
            self.member_combo.setCurrentIndex(max(self.member_combo.findData(following[0].contact_id), 0))
        emit(self.changed)
        return True

    def close_procedure(self) -> bool:
        if self.procedure_id is None:
            return False
        try:
            check = self.service.evaluate(self.procedure_id)
        except (DomainError, ValueError) as error:
            dialogs.show_error(self, tr("Verfahren abschließen"), str(error))
            return False
        parts = [tr("Das Umlaufverfahren jetzt abschließen? Danach lassen sich keine Antworten mehr ändern.")]
        if check.result is VoteResult.NOT_QUORATE:
            parts.append("\n".join(f"• {problem}" for problem in check.problems))
            parts.append(
                tr(
                    "Es wird deshalb als „nicht beschlussfähig“ abgeschlossen: Ein Beschluss ist nicht "
                    "zustande gekommen."
                )
            )
        else:
            parts.append(result_text(check)[0] + ".")
        if not dialogs.confirm(self, tr("Verfahren abschließen"), "\n\n".join(parts), yes=tr("Abschließen")):
            return False
        try:
            with undoable(self, self.service.db, tr("Umlaufverfahren abschließen")):
                self.service.close(self.procedure_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Verfahren abschließen"), str(error))
            return False
        self.reload(self.procedure_id)
        emit(self.changed)
        return True

    def export_result(self) -> None:
        if self.procedure_id is None:
            return
        from regiodesk.reports.procedure_docs import procedure_result_pdf  # reportlab: only when needed

        procedure_id, db = self.procedure_id, self.db
        values = self.service.load(procedure_id)
        name = file_name(
            tr("Umlaufverfahren"), values["subject"][:60], values["started_on"].isoformat(), suffix=".pdf"
        )
        save_document(self, tr("Ergebnis speichern"), name, lambda: procedure_result_pdf(db, procedure_id))
