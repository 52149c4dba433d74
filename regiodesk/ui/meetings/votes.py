"""Abstimmungen: per decision item the conflicts of interest, the vote counts, the check and the result.

The check (``MeetingConduct.check_vote``) is shown live while the counts are typed; storing
asks first and says plainly when the vote will be stored as "nicht beschlussfähig".
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.enums import AgendaKind, RequiredMajority, VoteChoice, VoteResult
from regiodesk.domain.errors import DomainError
from regiodesk.domain.voting import VoteCheck, quorum_numbers_sentence
from regiodesk.fields import Kind, display_value
from regiodesk.i18n import tr
from regiodesk.services.agenda import AgendaService
from regiodesk.services.agenda_rows import AgendaRow
from regiodesk.services.conduct import ConflictRow, MeetingConduct, StoredVote
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import remember_splitter, restore_splitter
from regiodesk.ui.meetings.vote_check import VoteCheckView, result_text
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner, stored_value


class DecisionItemsModel(RowsModel[tuple[str, str, str, str]]):
    """The agenda items of kind Beschluss, with the result stored so far: (id, TOP, title, result)."""

    HEADERS = ("TOP", "Titel", "Ergebnis")

    def set_items(self, items: Sequence[AgendaRow], results: dict[str, str]) -> None:
        self.set_rows(
            [(i.id, i.number, i.title, VoteResult.label_of(results.get(i.id)) or "–") for i in items]
        )

    def row_id(self, row: tuple[str, str, str, str]) -> str:
        return row[0]

    def text(self, row: tuple[str, str, str, str], column: int) -> str:
        return row[column + 1]


class ConflictsModel(RowsModel[ConflictRow]):
    HEADERS = ("Person", "Grund")

    def set_conflicts(self, conflicts: Sequence[ConflictRow]) -> None:
        self.set_rows(conflicts)

    def row_id(self, row: ConflictRow) -> str:
        return row.id

    def text(self, row: ConflictRow, column: int) -> str:
        return (row.name, row.reason)[column]


def stored_vote_text(vote: StoredVote, selection: bool) -> str:
    """What was stored, in a few lines."""
    text = tr(
        "Gespeichert am {when}: Ja {yes}, Nein {no}, Enthaltung {abstain} ({majority}) – {result}.\n"
        "Stimmberechtigt bei diesem Punkt: {entitled} von {total} Mitgliedern.",
        when=display_value(vote.recorded_at, Kind.DATETIME),
        yes=vote.yes,
        no=vote.no,
        abstain=vote.abstain,
        majority=RequiredMajority.label_of(vote.required_majority),
        result=VoteResult.label_of(vote.result),
        entitled=vote.entitled,
        total=vote.members_total,
    )
    if selection:
        sentence = quorum_numbers_sentence(
            vote.entitled, vote.non_public, vote.largest_group, vote.largest_group_count
        )
        text += "\n" + tr("Doppelte Beschlussfähigkeit: {sentence}.", sentence=sentence)
    if vote.problems:
        text += "\n" + vote.problems
    return text


class VotesPage(QWidget):
    """``changed`` after a conflict or a vote was stored (project status, agenda results)."""

    changed = Signal()
    item_selected = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.conduct = MeetingConduct(db)
        self.agenda = AgendaService(db)
        self.meeting_id: str | None = None
        self._items: dict[str, AgendaRow] = {}
        self._item: AgendaRow | None = None
        self._vote: StoredVote | None = None
        #: counts typed but not stored, per item: kept while the program runs
        self._drafts: dict[str, tuple[int, int, int, str]] = {}
        #: named choices entered but not stored, per item (member id -> choice or None)
        self._named_drafts: dict[str, dict[str, str | None]] = {}
        self._filling = False

        self.items_model = DecisionItemsModel(self)
        self.items_view = make_table(self.items_model, (46, None, 100), stretch=1)
        self.items_view.selectionModel().selectionChanged.connect(lambda *_args: self._item_changed())
        self.items_hint = QLabel(
            tr("Keine Beschlusspunkte. In der Tagesordnung bei einem Punkt die Art „Beschluss“ wählen.")
        )
        self.items_hint.setWordWrap(True)
        self.items_hint.setStyleSheet("color: palette(mid);")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.items_view, 1)
        left_layout.addWidget(self.items_hint)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.project = QLabel()
        self.project.setTextFormat(Qt.TextFormat.PlainText)
        self.project.setWordWrap(True)

        # conflicts of interest
        self.conflicts_model = ConflictsModel(self)
        self.conflicts_view = make_table(self.conflicts_model, (180,), stretch=1)
        self.conflicts_view.setMaximumHeight(80)  # conflicts are few; the vote below matters more
        self.conflicts_view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.person_combo = QComboBox()
        self.person_combo.setMinimumContentsLength(12)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(tr("Grund, z. B. „Vorsitzender des Trägervereins“"))
        self.declare_button = QPushButton(tr("Interessenkonflikt erfassen"))
        self.withdraw_button = QPushButton(tr("Zurückziehen …"))
        self.declare_button.clicked.connect(self.declare_conflict)
        self.withdraw_button.clicked.connect(self.withdraw_conflict)
        self.reason_edit.returnPressed.connect(self.declare_conflict)
        # Who and why on one line, the buttons below: a laptop-wide panel has no room for all four.
        declare = QHBoxLayout()
        declare.addWidget(self.person_combo)
        declare.addWidget(self.reason_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.declare_button)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        conflicts = QGroupBox(tr("Interessenkonflikte (nehmen an Beratung und Abstimmung nicht teil)"))
        conflicts_layout = QVBoxLayout(conflicts)
        conflicts_layout.addWidget(self.conflicts_view)
        conflicts_layout.addLayout(declare)
        conflicts_layout.addLayout(buttons)
        self.conflict_error = Banner()
        conflicts_layout.addWidget(self.conflict_error)

        # the vote
        self.yes_spin, self.no_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        counts = QHBoxLayout()
        for label, spin in (
            (tr("Ja"), self.yes_spin),
            (tr("Nein"), self.no_spin),
            (tr("Enthaltung"), self.abstain_spin),
        ):
            spin.setRange(0, 999)
            spin.setMinimumWidth(56)
            spin.valueChanged.connect(self._counts_edited)
            caption = QLabel(label)
            caption.setBuddy(spin)
            counts.addWidget(caption)
            counts.addWidget(spin)
            counts.addSpacing(6)
        counts.addStretch(1)
        self.majority_combo = QComboBox()
        for value, label in RequiredMajority.choices():
            self.majority_combo.addItem(tr(label), value)
        self.majority_combo.currentIndexChanged.connect(self._counts_edited)
        # Named vote: one choice per voter; the counts above follow from it.
        self.named_box = QCheckBox(tr("namentliche Abstimmung (Stimme jeder Person festhalten)"))
        self.named_box.toggled.connect(self._named_toggled)
        self.named_table = QTableWidget(0, 2)
        self.named_table.setHorizontalHeaderLabels([tr("stimmberechtigt"), tr("Stimme")])
        self.named_table.verticalHeader().hide()
        self.named_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.named_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.named_table.horizontalHeader().setStretchLastSection(True)
        self.named_table.setColumnWidth(0, 240)
        self.named_table.setMinimumHeight(160)
        self.named_table.hide()
        vote_box = QGroupBox(tr("Abstimmung"))
        vote_form = QFormLayout(vote_box)
        vote_form.addRow(tr("Stimmen:"), counts)
        vote_form.addRow(tr("erforderliche Mehrheit:"), self.majority_combo)
        vote_form.addRow(self.named_box)
        vote_form.addRow(self.named_table)

        self.check_view = VoteCheckView()
        check_box = QGroupBox(tr("Prüfung vor dem Speichern"))
        QVBoxLayout(check_box).addWidget(self.check_view)

        self.unsaved = QLabel(tr("Die eingegebenen Stimmen sind noch nicht gespeichert."))
        self.unsaved.setStyleSheet("color: #7a5b00;")
        self.save_button = QPushButton(tr("Abstimmung speichern …"))
        self.save_button.clicked.connect(self.save_vote)
        save_row = QHBoxLayout()
        save_row.addWidget(self.unsaved, 1)
        save_row.addWidget(self.save_button)

        self.stored = QLabel()
        self.stored.setWordWrap(True)
        self.stored.setTextFormat(Qt.TextFormat.PlainText)
        self.stored.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        stored_box = QGroupBox(tr("Gespeicherte Abstimmung"))
        QVBoxLayout(stored_box).addWidget(self.stored)

        scrolled = QWidget()
        scrolled_layout = QVBoxLayout(scrolled)
        scrolled_layout.setContentsMargins(0, 0, 0, 0)
        scrolled_layout.addWidget(self.heading)
        scrolled_layout.addWidget(self.project)
        scrolled_layout.addWidget(conflicts)
        scrolled_layout.addWidget(vote_box)
        scrolled_layout.addWidget(stored_box)
        scrolled_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(scrolled)
        # The check and „Abstimmung speichern“ stay in sight below the counts: on a 1366 x 768
        # laptop the conflicts, the counts and the check do not fit at once. Each part scrolls
        # on its own; the handle between them remembers where the user put it.
        check_scroll = QScrollArea()
        check_scroll.setWidgetResizable(True)
        check_scroll.setFrameShape(QFrame.Shape.NoFrame)
        check_scroll.setWidget(check_box)
        for part in (scroll, check_scroll):
            part.setMinimumHeight(48)  # two lines each at least; the window may be 125 % large
        self.check_splitter = QSplitter(Qt.Orientation.Vertical)
        self.check_splitter.addWidget(scroll)
        self.check_splitter.addWidget(check_scroll)
        self.check_splitter.setChildrenCollapsible(False)
        self.check_splitter.setStretchFactor(0, 3)
        self.check_splitter.setStretchFactor(1, 2)
        self.check_splitter.setSizes([280, 220])
        restore_splitter(self.check_splitter, "meetings.votes.check")
        remember_splitter(self.check_splitter, "meetings.votes.check")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.check_splitter, 1)
        detail_layout.addLayout(save_row)
        self.detail = detail

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])  # the items' titles („Projektauswahl: …“) need the width
        left.setMinimumWidth(220)
        restore_splitter(splitter, "meetings.votes")
        remember_splitter(splitter, "meetings.votes")
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._show_item(None)

    # ------------------------------------------------------------ showing
    def show_for(self, meeting_id: str | None) -> None:
        keep = self._item.id if self._item is not None and meeting_id == self.meeting_id else None
        if meeting_id != self.meeting_id:
            self._drafts.clear()
        self.meeting_id = meeting_id
        rows = self.agenda.items(meeting_id) if meeting_id else []
        decisions = [r for r in rows if r.kind == stored_value(AgendaKind.DECISION)]
        self._items = {r.id: r for r in decisions}
        results = {}
        for item in decisions:
            vote = self.conduct.current_vote(item.id)
            if vote is not None:
                results[item.id] = vote.result
        self._store_draft()
        self.items_model.set_items(decisions, results)
        self.items_hint.setVisible(not decisions and meeting_id is not None)
        target = keep if keep in self._items else (decisions[0].id if decisions else None)
        if target is not None:
            self.select_item(target)  # selection change shows it
            if self._item is not None and self._item.id == target:
                self._show_item(target)
        else:
            self._show_item(None)

    def select_item(self, item_id: str) -> None:
        row = self.items_model.row_of(item_id)
        if row is not None:
            self.items_view.selectRow(row)

    def current_item_id(self) -> str | None:
        return self._item.id if self._item is not None else None

    def _item_changed(self) -> None:
        rows = self.items_view.selectionModel().selectedRows()
        item_id = self.items_model.id_at(rows[0].row()) if rows else None
        if self._item is not None and item_id == self._item.id:
            return
        self._store_draft()
        self._show_item(item_id)
        emit(self.item_selected)

    def _show_item(self, item_id: str | None) -> None:
        item = self._items.get(item_id) if item_id else None
        self._item = item
        self.detail.setEnabled(item is not None)
        self.conflict_error.clear_banner()
        if item is None:
            self.heading.setText(tr("Kein Beschlusspunkt ausgewählt."))
            self.project.clear()
            self.conflicts_model.set_conflicts([])
            self.person_combo.clear()
            self.stored.setText("")
            self.check_view.clear()
            self._vote = None
            self._fill_counts(0, 0, 0, stored_value(RequiredMajority.SIMPLE))
            self._show_named(None)
            self._update_buttons()
            return
        self.heading.setText(tr("TOP {number}: {title}", number=item.number, title=item.title))
        if item.project_title:
            what = (
                tr("Projektauswahl – die doppelte Beschlussfähigkeit wird geprüft.")
                if item.is_selection_decision
                else tr("kein Auswahlbeschluss")
            )
            self.project.setText(tr("Projekt: {title} · {what}", title=item.project_title, what=what))
        else:
            self.project.setText(tr("Kein Projekt verknüpft."))
        self._vote = self.conduct.current_vote(item.id)
        self.stored.setText(
            stored_vote_text(self._vote, item.is_selection_decision)
            if self._vote
            else tr("Noch keine Abstimmung gespeichert.")
        )
        self._reload_conflicts()
        draft = self._drafts.get(item.id)
        if draft is not None:
            self._fill_counts(*draft)
        elif self._vote is not None:
            v = self._vote
            self._fill_counts(v.yes, v.no, v.abstain, v.required_majority)
        else:
            self._fill_counts(0, 0, 0, item.required_majority)
        named = self._named_drafts.get(item.id)
        if named is None and self._vote is not None and self._vote.named:
            named = dict(self.conduct.named_choices(self._vote.id))
        self._show_named(named)
        self.update_check()

    # ------------------------------------------------------------ named votes
    def _show_named(self, choices: dict[str, str | None] | None) -> None:
        """``None``: counts only; else one row per voter with the given choices."""
        self._filling = True
        try:
            self.named_box.setChecked(choices is not None)
        finally:
            self._filling = False
        self.named_table.setVisible(choices is not None)
        for spin in (self.yes_spin, self.no_spin, self.abstain_spin):
            spin.setReadOnly(choices is not None)
        self.named_table.setRowCount(0)
        if choices is None or self._item is None:
            return
        try:
            voters = self.conduct.check_vote(self._item.id, 0, 0, 0).voters
        except DomainError as error:
            self.check_view.show_error(str(error))
            return
        self.named_table.setRowCount(len(voters))
        for row, voter in enumerate(voters):
            label = voter.name
            if voter.by_deputy:  # who actually votes for the seat
                label += " " + tr("(stimmt: {deputy})", deputy=voter.voted_by)
            cell = QTableWidgetItem(label)
            cell.setData(Qt.ItemDataRole.UserRole, voter.member_id)
            self.named_table.setItem(row, 0, cell)
            combo = QComboBox()
            combo.addItem("–", None)
            for choice in (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN):
                combo.addItem(tr(choice.label), choice.value)
            chosen = choices.get(voter.member_id) or (
                choices.get(voter.person_id) if voter.person_id else None
            )
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(self._named_edited)
            self.named_table.setCellWidget(row, 1, combo)
        self._named_edited()

    def named_choices(self) -> dict[str, str | None] | None:
        """Member id -> the choice entered (None where none is chosen yet); None for a counted vote."""
        if not self.named_box.isChecked():
            return None
        result: dict[str, str | None] = {}
        for row in range(self.named_table.rowCount()):
            cell = self.named_table.item(row, 0)
            combo = self.named_table.cellWidget(row, 1)
            assert cell is not None and isinstance(combo, QComboBox)
            result[cell.data(Qt.ItemDataRole.UserRole)] = combo.currentData()
        return result

    def set_named_choice(self, member_id: str, choice: str | None) -> None:
        for row in range(self.named_table.rowCount()):
            cell = self.named_table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == member_id:
                combo = self.named_table.cellWidget(row, 1)
                assert isinstance(combo, QComboBox)
                combo.setCurrentIndex(max(combo.findData(choice), 0))
                return
        raise KeyError(member_id)

    def _named_toggled(self, checked: bool) -> None:
        if self._filling:
            return
        self._show_named({} if checked else None)
        if not checked:
            self._fill_counts(0, 0, 0, self.majority_combo.currentData())
        self.update_check()

    def _named_edited(self, *_args: object) -> None:
        choices = self.named_choices() or {}
        yes, no, abstain = (
            sum(1 for c in choices.values() if c == wanted.value)
            for wanted in (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN)
        )
        self._fill_counts(yes, no, abstain, self.majority_combo.currentData())
        self.update_check()

    def _fill_counts(self, yes: int, no: int, abstain: int, required: str) -> None:
        self._filling = True
        try:
            self.yes_spin.setValue(yes)
            self.no_spin.setValue(no)
            self.abstain_spin.setValue(abstain)
            self.majority_combo.setCurrentIndex(max(self.majority_combo.findData(required), 0))
        finally:
            self._filling = False

    def entered(self) -> tuple[int, int, int, str]:
        return (
            self.yes_spin.value(),
            self.no_spin.value(),
            self.abstain_spin.value(),
            self.majority_combo.currentData(),
        )

    def _stored_counts(self) -> tuple[int, int, int, str] | None:
        v = self._vote
        return (v.yes, v.no, v.abstain, v.required_majority) if v is not None else None

    def has_unsaved_counts(self) -> bool:
        if self._item is None:
            return False
        named = self.named_choices()
        if named is not None:
            stored_named = self.conduct.named_choices(self._vote.id) if self._vote is not None else {}
            if {k: v for k, v in named.items() if v} != stored_named:
                return True
        elif self._vote is not None and self._vote.named:
            return True  # switched from a named vote back to counts
        entered = self.entered()
        stored = self._stored_counts()
        if stored is None:
            return entered[:3] != (0, 0, 0)
        return entered != stored

    def _store_draft(self) -> None:
        if self._item is None:
            return
        if self.has_unsaved_counts():
            self._drafts[self._item.id] = self.entered()
        else:
            self._drafts.pop(self._item.id, None)
        named = self.named_choices()
        if named is not None and self.has_unsaved_counts():
            self._named_drafts[self._item.id] = named
        else:
            self._named_drafts.pop(self._item.id, None)

    def _counts_edited(self, *_args: object) -> None:
        if not self._filling:
            self.update_check()

    def update_check(self) -> VoteCheck | None:
        """Check the entered counts against the rules, without storing anything."""
        self._update_buttons()
        if self._item is None:
            return None
        yes, no, abstain, required = self.entered()
        try:
            check = self.conduct.check_vote(self._item.id, yes, no, abstain, required)
        except DomainError as error:
            self.check_view.show_error(str(error))
            self.save_button.setEnabled(False)
            return None
        # Before any vote is entered (nothing stored, nothing typed) there is no result to show.
        pending = self._vote is None and yes + no + abstain == 0
        self.check_view.show_check(check, pending=pending)
        return check

    def _update_buttons(self) -> None:
        has_item = self._item is not None
        self.declare_button.setEnabled(has_item and self.person_combo.count() > 0)
        self.withdraw_button.setEnabled(bool(self.conflicts_view.selectionModel().selectedRows()))
        self.save_button.setEnabled(has_item)
        self.unsaved.setVisible(self.has_unsaved_counts())

    # ------------------------------------------------------------ conflicts
    def _reload_conflicts(self) -> None:
        assert self._item is not None and self.meeting_id is not None
        conflicts = self.conduct.conflicts(self._item.id)
        self.conflicts_model.set_conflicts(conflicts)
        declared = {c.contact_id for c in conflicts}
        keep = self.person_combo.currentData()
        self.person_combo.clear()
        for row in self.conduct.attendance(self.meeting_id):
            if row.contact_id not in declared:
                self.person_combo.addItem(row.name, row.contact_id)
            if row.deputy_id and row.deputy_id not in declared:
                self.person_combo.addItem(
                    tr("{deputy} (Stellv. von {member})", deputy=row.deputy_name, member=row.name),
                    row.deputy_id,
                )
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(keep), 0))
        self._update_buttons()

    def declare_conflict(self) -> bool:
        """Record a conflict. After a stored vote the service counts the vote again without the
        person: a named vote by itself; for a vote by show of hands the counts without the person
        are taken from the Ja/Nein/Enthaltung fields once they differ from the stored ones."""
        if self._item is None or self.person_combo.currentData() is None:
            return False
        before = self._vote
        recount = None
        if before is not None and not before.named:
            yes, no, abstain, _required = self.entered()
            if (yes, no, abstain) != (before.yes, before.no, before.abstain):
                recount = (yes, no, abstain)
        try:
            with undoable(self, self.conduct.db, tr("Interessenkonflikt erfassen")):
                self.conduct.declare_conflict(
                    self._item.id, self.person_combo.currentData(), self.reason_edit.text(), recount=recount
                )
        except DomainError as error:
            lines = [str(error)]
            if before is not None and not before.named and recount is None:
                lines.append(
                    tr(
                        "Dazu die Stimmen ohne diese Person in die Felder Ja, Nein und Enthaltung eintragen "
                        "und den Interessenkonflikt erneut erfassen."
                    )
                )
            self.conflict_error.show_lines(lines, "error")
            self.reason_edit.setFocus()
            return False
        self.conflict_error.clear_banner()
        self.reason_edit.clear()
        after = self.conduct.current_vote(self._item.id)
        if before is not None and after is not None and after.id != before.id:
            item_id = self._item.id
            self._drafts.pop(item_id, None)
            self._named_drafts.pop(item_id, None)
            self._item = None  # the entered counts are stored now: nothing to keep as a draft
            self.show_for(self.meeting_id)
            self.select_item(item_id)
            recounted = tr(
                "Die gespeicherte Abstimmung wurde ohne diese Person neu ausgezählt; "
                "das Protokoll vermerkt es."
            )
            self.conflict_error.show_lines([recounted], "info")
        else:
            self._reload_conflicts()
            self.update_check()
        emit(self.changed)
        return True

    def withdraw_conflict(self) -> bool:
        rows = self.conflicts_view.selectionModel().selectedRows()
        if not rows or self._item is None:
            return False
        conflict_id = self.conflicts_model.id_at(rows[0].row())
        name = self.conflicts_model.data(self.conflicts_model.index(rows[0].row(), 0))
        if not dialogs.confirm(
            self,
            tr("Interessenkonflikt zurückziehen"),
            tr(
                "Den Interessenkonflikt von „{name}“ zurückziehen? Die Person zählt dann bei diesem Punkt "
                "wieder als stimmberechtigt.",
                name=name,
            ),
            yes=tr("Zurückziehen"),
        ):
            return False
        try:
            with undoable(self, self.conduct.db, tr("Interessenkonflikt zurückziehen")):
                self.conduct.withdraw_conflict(conflict_id)
        except DomainError as error:
            self.conflict_error.show_lines([str(error)], "error")
            return False
        self._reload_conflicts()
        self.update_check()
        emit(self.changed)
        return True

    # ------------------------------------------------------------ storing
    def save_vote(self) -> bool:
        """Ask, then store the vote as checked; a vote against the rules only as "nicht beschlussfähig"."""
        item = self._item
        if item is None:
            return False
        yes, no, abstain, required = self.entered()
        choices = self.named_choices()
        named: dict[str, str] | None = None
        if choices is not None:
            missing = [self._voter_name(member) for member, choice in choices.items() if not choice]
            if missing:
                dialogs.show_error(
                    self,
                    tr("Abstimmung speichern"),
                    tr(
                        "Bei namentlicher Abstimmung fehlt noch die Stimme von: {names}.",
                        names=", ".join(missing),
                    ),
                )
                return False
            named = {member: choice for member, choice in choices.items() if choice}
        try:
            check = self.conduct.check_vote(item.id, yes, no, abstain, required)
        except DomainError as error:
            dialogs.show_error(self, tr("Abstimmung speichern"), str(error))
            return False
        text, yes_label = self._confirmation(item, check)
        if not dialogs.confirm(self, tr("Abstimmung speichern"), text, yes=yes_label):
            return False
        try:
            with undoable(self, self.conduct.db, tr("Abstimmung erfassen")):
                self.conduct.record_vote(item.id, yes, no, abstain, required, named=named)
        except DomainError as error:
            dialogs.show_error(self, tr("Abstimmung nicht gespeichert"), str(error))
            return False
        self._drafts.pop(item.id, None)
        self._named_drafts.pop(item.id, None)
        self.show_for(self.meeting_id)
        emit(self.changed)
        return True

    def _voter_name(self, member_id: str) -> str:
        for row in range(self.named_table.rowCount()):
            cell = self.named_table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == member_id:
                return cell.text()
        return member_id

    def _confirmation(self, item: AgendaRow, check: VoteCheck) -> tuple[str, str]:
        counts = tr(
            "TOP {number}: Ja {yes}, Nein {no}, Enthaltung {abstain}.",
            number=item.number,
            yes=check.yes,
            no=check.no,
            abstain=check.abstain,
        )
        parts = [counts]
        if check.result is VoteResult.NOT_QUORATE:
            parts.append(tr("Diese Abstimmung verstößt gegen die Geschäftsordnung:"))
            parts.append("\n".join(f"• {problem}" for problem in check.problems))
            parts.append(
                tr(
                    "Sie wird deshalb als „nicht beschlussfähig“ gespeichert: Ein Beschluss ist nicht "
                    "zustande gekommen, und das Protokoll sagt das so."
                )
            )
            yes_label = tr("Als „nicht beschlussfähig“ speichern")
        else:
            parts.append(result_text(check)[0] + ".")
            if item.is_selection_decision and item.project_title:
                status = tr("ausgewählt") if check.result is VoteResult.ADOPTED else tr("abgelehnt")
                parts.append(
                    tr(
                        "Das Projekt „{title}“ erhält den Status „{status}“.",
                        title=item.project_title,
                        status=status,
                    )
                )
            yes_label = tr("Speichern")
        if self._vote is not None:
            parts.append(
                tr("Die bisher gespeicherte Abstimmung wird dadurch ersetzt; im Verlauf bleibt sie erhalten.")
            )
        return "\n\n".join(parts), yes_label
