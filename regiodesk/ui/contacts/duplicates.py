"""Dubletten finden: probable duplicate pairs, and merging two contacts field by field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services.contacts_duplicates import DuplicatePair, DuplicateService, FieldChoice
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.operations import Operation
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner


def shown(value: Any) -> str:
    if value is None or value == "":
        return tr("(leer)")
    if value is True:
        return tr("ja")
    if value is False:
        return tr("nein")
    return str(value)


class PairModel(RowsModel[DuplicatePair]):
    HEADERS = ("Kontakt A", "Kontakt B", "Grund", "sicher")

    def text(self, row: DuplicatePair, column: int) -> str:
        return (row.a_name, row.b_name, row.reason, tr("ja") if row.strong else tr("vielleicht"))[column]

    def row_id(self, row: DuplicatePair) -> str:
        return f"{row.a}|{row.b}"


class MergeDialog(QDialog):
    """Which contact stays, and per field which value it keeps; then merge in one step."""

    merged = Signal(str)  # the kept contact's id

    def __init__(
        self, db: Database, a_id: str, b_id: str, names: tuple[str, str], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("Kontakte zusammenführen"))
        self.service = DuplicateService(db)
        self.ids = (a_id, b_id)
        self.names = names
        self.keep_a = QRadioButton(tr("„{name}“ behalten", name=names[0]))
        self.keep_b = QRadioButton(tr("„{name}“ behalten", name=names[1]))
        self.keep_a.setChecked(True)
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_a)
        self.keep_group.addButton(self.keep_b)
        self.keep_group.buttonToggled.connect(lambda *_args: self._fill())
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.banner = Banner()
        explanation = QLabel(
            tr(
                "Der andere Kontakt wird gelöscht; seine Mitgliedschaften, Anwesenheiten, Projekte, "
                "Einwilligungen, Funktionen, E-Mail-Adressen, Telefonnummern, Anschriften und "
                "Schlagwörter gehen auf den behaltenen über. Die Zusammenführung steht im Verlauf."
            )
        )
        explanation.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(
            tr("Zusammenführen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setText(tr("Abbrechen"))
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.keep_a)
        keep_row.addWidget(self.keep_b)
        keep_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(keep_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self.choices: list[FieldChoice] = []
        self.take_other: dict[str, QRadioButton] = {}
        self._fill()
        fit_to_screen(self, 720, 520)

    @property
    def keep_id(self) -> str:
        return self.ids[0] if self.keep_a.isChecked() else self.ids[1]

    @property
    def drop_id(self) -> str:
        return self.ids[1] if self.keep_a.isChecked() else self.ids[0]

    def _fill(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        try:
            self.choices = self.service.merge_choices(self.keep_id, self.drop_id)
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")
            self.merge_button.setEnabled(False)
            return
        keep_name, drop_name = self.names if self.keep_a.isChecked() else self.names[::-1]
        self.grid.addWidget(QLabel(f"<b>{tr('Feld')}</b>"), 0, 0)
        self.grid.addWidget(QLabel(f"<b>{tr('behaltener Kontakt')}</b>"), 0, 1)
        self.grid.addWidget(QLabel(f"<b>{tr('anderer Kontakt')}</b>"), 0, 2)
        self.take_other = {}
        row = 1
        for choice in self.choices:
            if not choice.differs:
                continue
            ours = QRadioButton(shown(choice.keep_value))
            theirs = QRadioButton(shown(choice.drop_value))
            group = QButtonGroup(self.grid_host)
            group.addButton(ours)
            group.addButton(theirs)
            # An empty field of the kept contact is filled from the other one anyway.
            (theirs if choice.keep_value in (None, "") else ours).setChecked(True)
            ours.setToolTip(keep_name)
            theirs.setToolTip(drop_name)
            self.grid.addWidget(QLabel(tr(choice.label)), row, 0)
            self.grid.addWidget(ours, row, 1)
            self.grid.addWidget(theirs, row, 2)
            self.take_other[choice.name] = theirs
            row += 1
        if row == 1:
            self.grid.addWidget(QLabel(tr("Die Stammdaten beider Kontakte sind gleich.")), 1, 0, 1, 3)
        self.grid.setRowStretch(row, 1)
        self.banner.clear_banner()
        self.merge_button.setEnabled(True)

    def take_from_other(self) -> list[str]:
        return [name for name, button in self.take_other.items() if button.isChecked()]

    def merge(self) -> bool:
        try:
            with undoable(self, self.service.db, tr("Kontakte zusammenführen"), self.keep_id):
                self.service.merge(self.keep_id, self.drop_id, self.take_from_other())
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")
            return False
        self.merged.emit(self.keep_id)
        self.accept()
        return True


class DuplicatesDialog(QDialog):
    """The batch view: every probable pair; "Zusammenführen …" opens the merge dialog."""

    changed = Signal()
    open_requested = Signal(str)  # a contact id to show in the tab

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("Dubletten finden"))
        self.model = PairModel(self)
        self.view = make_table(self.model, [220, 220, 260, 80], stretch=2)
        self.view.activated.connect(lambda _index: self.merge_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.status = QLabel(tr("Suche läuft …"))
        self.merge_button = QPushButton(tr("Zusammenführen …"))
        self.merge_button.clicked.connect(self.merge_selected)
        self.show_a = QPushButton(tr("A anzeigen"))
        self.show_a.clicked.connect(lambda: self._show(0))
        self.show_b = QPushButton(tr("B anzeigen"))
        self.show_b.clicked.connect(lambda: self._show(1))
        self.refresh_button = QPushButton(tr("Neu suchen"))
        self.refresh_button.clicked.connect(self.search)
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.merge_button, self.show_a, self.show_b, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 480)
        self._update_buttons()
        self.search()

    def search(self) -> None:
        self.status.setText(tr("Suche läuft …"))
        self.refresh_button.setEnabled(False)
        service = DuplicateService(self.db)
        Operation(self, service.find_all, tr("Dubletten werden gesucht …")).success(self._found).failure(
            self._failed
        ).run()

    def _found(self, pairs: list[DuplicatePair]) -> None:
        self.model.set_rows(pairs)
        self.refresh_button.setEnabled(True)
        if not pairs:
            self.status.setText(tr("Keine wahrscheinlichen Dubletten gefunden."))
        else:
            self.status.setText(
                tr(
                    "{n} mögliche Dubletten. Bitte jedes Paar prüfen: „Zusammenführen …“ zeigt beide "
                    "Kontakte Feld für Feld.",
                    n=len(pairs),
                )
            )
        self._update_buttons()

    def _failed(self, error: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(tr("Die Suche ist fehlgeschlagen: {error}", error=error))

    def selected(self) -> DuplicatePair | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for button in (self.merge_button, self.show_a, self.show_b):
            button.setEnabled(has)

    def _show(self, side: int) -> None:
        pair = self.selected()
        if pair is not None:
            self.open_requested.emit(pair.a if side == 0 else pair.b)

    def merge_selected(self) -> MergeDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        dialog = MergeDialog(self.db, pair.a, pair.b, (pair.a_name, pair.b_name), self)
        dialog.merged.connect(self._merged)
        dialog.open()
        return dialog

    def _merged(self, _keep_id: str) -> None:
        emit(self.changed)
        self.search()


__all__ = ["DuplicatesDialog", "MergeDialog"]
