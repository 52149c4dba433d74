"""The members of a body below its form: the list, the composition at a glance, the documents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.domain.voting import format_percent
from regiodesk.i18n import tr
from regiodesk.services.bodies import BodyService
from regiodesk.services.memberships import Composition, MembershipService
from regiodesk.services.undo import UndoableAction
from regiodesk.ui import dialogs
from regiodesk.ui.export import DocumentAction, file_name, save_document
from regiodesk.ui.history_dialog import HistoryDialog
from regiodesk.ui.record_model import RecordTableModel
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import make_table
from regiodesk.ui.undo_report import report, undoable
from regiodesk.ui.widgets import Banner, RecordDialog


def share_text(count: int, total: int) -> str:
    """``4 (40 %)``; one decimal where the share is not whole (``44,4 %``)."""
    if not total:
        return str(count)
    share = Fraction(count, total)
    decimals = 0 if (share * 100).denominator == 1 else 1
    return f"{count} ({format_percent(share, decimals)})"


def composition_text(composition: Composition) -> str:
    """One line: who holds the votes, by interest group, and the public share."""
    if not composition.voting:
        return tr("Keine stimmberechtigten Mitglieder.")
    groups = " · ".join(
        f"{name} {share_text(count, composition.voting)}" for name, count in composition.by_group
    )
    return tr(
        "{voting} stimmberechtigt: {groups}\nöffentlicher Sektor {public}, WiSo-Partner {wiso}",
        voting=composition.voting,
        groups=groups,
        public=share_text(composition.public, composition.voting),
        wiso=share_text(composition.voting - composition.public, composition.voting),
    )


class MembersPanel(QWidget):
    """``show_for(body_id)`` fills it; memberships are edited in a dialog."""

    #: A membership was added, changed or removed (the body list counts and meetings change).
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self._body_id: str | None = None
        self.service = MembershipService(db)
        self.model = RecordTableModel(MembershipService.columns, self)

        self.title = QLabel(tr("<b>Mitglieder</b>"))
        self.composition = QLabel()
        self.composition.setWordWrap(True)
        self.composition.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = Banner()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: palette(mid);")

        view = self.view = make_table(self.model, [c.width for c in MembershipService.columns], stretch=0)
        # chair first until a header is clicked
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.setSortingEnabled(True)
        view.activated.connect(lambda _index: self.edit_membership())
        view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())

        self.new_button = QPushButton(tr("Mitglied hinzufügen …"))
        self.edit_button = QPushButton(tr("Bearbeiten …"))
        self.remove_button = QPushButton(tr("Entfernen …"))
        self.history_button = QPushButton(tr("Verlauf"))
        self.pdf_button = QPushButton(tr("Mitgliederliste (PDF) …"))
        self.excel_button = QPushButton(tr("Mitglieder (Excel) …"))
        self.new_button.clicked.connect(self.new_membership)
        self.edit_button.clicked.connect(self.edit_membership)
        self.remove_button.clicked.connect(self.remove_membership)
        self.history_button.clicked.connect(self.show_history)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.excel_button.clicked.connect(self.export_excel)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        documents = QHBoxLayout()
        documents.addWidget(QLabel(tr("Dokumente:")))
        documents.addWidget(self.pdf_button)
        documents.addWidget(self.excel_button)
        documents.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.composition)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addLayout(documents)
        self._update_buttons()

    # ------------------------------------------------------------ showing
    @property
    def body_id(self) -> str | None:
        return self._body_id

    def show_for(self, body_id: str | None) -> None:
        keep = self.selected_id()
        self._body_id = body_id
        self.service = MembershipService(self.db, body_id)
        rows = self.service.rows_in_office_order() if body_id else []
        self.model.set_rows(rows)
        if body_id is None:
            self.hint.setText(tr("Erst nach dem Speichern verfügbar."))
            self.composition.clear()
            self.banner.clear_banner()
        else:
            self.hint.setText(tr("Dieses Gremium hat noch keine Mitglieder."))
            composition = self.service.composition(body_id)
            self.composition.setText(composition_text(composition))
            self.banner.show_lines(
                [tr("Zusammensetzung verstößt gegen die Geschäftsordnung:"), *composition.warnings]
                if composition.warnings
                else [],
                "error",
            )
        self.composition.setVisible(bool(rows))
        self.hint.setVisible(not rows)
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def select(self, membership_id: str) -> None:
        row = self.model.row_of(membership_id)
        if row is not None:
            self.view.selectRow(row)

    def _update_buttons(self) -> None:
        has_body = self._body_id is not None
        selected = self.selected_id() is not None
        self.new_button.setEnabled(has_body)
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)
        self.history_button.setEnabled(selected)
        self.pdf_button.setEnabled(has_body)
        self.excel_button.setEnabled(has_body)

    # ------------------------------------------------------------ editing
    def local_commands(self) -> dict[str, Callable[[], object]]:
        """Strg+N and Entf while the user works in the member list: add, remove membership (not the body)."""
        return {"new_record": self.new_membership, "delete_record": self.remove_membership}

    def new_membership(self) -> RecordDialog | None:
        if self._body_id is None:
            return None
        return self._open_dialog(None, tr("Neues Mitglied"))

    def edit_membership(self) -> RecordDialog | None:
        membership_id = self.selected_id()
        if membership_id is None:
            return None
        return self._open_dialog(membership_id, tr("Mitgliedschaft bearbeiten"))

    def _open_dialog(self, membership_id: str | None, title: str) -> RecordDialog:
        dialog = RecordDialog(self.service, membership_id, title, fixed=("body_id",), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()  # window-modal, not blocking
        return dialog

    def _saved(self, membership_id: str) -> None:
        self.show_for(self._body_id)
        self.select(membership_id)
        self._update_buttons()
        emit(self.changed)

    def remove_membership(self) -> None:
        membership_id = self.selected_id()
        if membership_id is None:
            return
        name = self.model.values_at(self.model.row_of(membership_id) or 0)[0]
        text = tr(
            "Die Mitgliedschaft von „{name}“ entfernen?\n\nEntfernen ist für falsch erfasste Einträge "
            "gedacht. Scheidet ein Mitglied aus, tragen Sie besser „Mitglied bis“ ein: dann stimmen "
            "Anwesenheitslisten und Abstimmungen früherer Sitzungen weiter.\n\n"
            "Im Verlauf bleibt der Eintrag erhalten.",
            name=name,
        )
        if not dialogs.confirm(self, tr("Mitglied entfernen"), text, yes=tr("Entfernen")):
            return
        try:
            with undoable(self, self.db, tr("Mitglied „{name}“ entfernen", name=name), membership_id):
                self.service.delete(membership_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Entfernen nicht möglich"), str(error))
            return
        self.show_for(self._body_id)
        emit(self.changed)

    def show_history(self) -> HistoryDialog | None:
        membership_id = self.selected_id()
        if membership_id is None:
            return None
        dialog = HistoryDialog(self.service, membership_id, self)
        dialog.restored.connect(self._restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _restored(self, action: UndoableAction) -> None:
        """An old value set again from the Verlauf: shown, and Rückgängig can take it back."""
        report(self, action)
        self._saved(self.selected_id() or "")

    # ------------------------------------------------------------ documents
    def _body_name(self) -> str:
        assert self._body_id is not None
        return BodyService(self.db).display_name(self._body_id)

    def export_pdf(self) -> None:
        if self._body_id is None:
            return
        from regiodesk.reports import body_docs  # reportlab loads slowly: only when a list is wanted

        body_id, db = self._body_id, self.db
        name = file_name(tr("Mitgliederliste"), self._body_name(), date.today().isoformat(), suffix=".pdf")
        save_document(self, tr("Mitgliederliste speichern"), name, lambda: body_docs.members_pdf(db, body_id))

    def export_excel(self) -> None:
        if self._body_id is None:
            return
        from regiodesk.reports import body_docs

        body_id, db = self._body_id, self.db
        name = file_name(tr("Mitglieder"), self._body_name(), date.today().isoformat(), suffix=".xlsx")
        save_document(
            self, tr("Mitglieder als Excel speichern"), name, lambda: body_docs.members_xlsx(db, body_id)
        )

    def document_actions(self) -> list[DocumentAction]:
        has_body = self._body_id is not None
        return [
            DocumentAction(tr("Mitgliederliste (PDF) …"), self.export_pdf, has_body),
            DocumentAction(tr("Mitglieder (Excel) …"), self.export_excel, has_body),
        ]


__all__ = ["MembersPanel", "composition_text", "share_text"]
