"""Windows over many projects: the Fristen (deadlines) and the ranking of a call."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.ranking import RankedProject
from regiodesk.i18n import format_cents, format_date, plural, tr
from regiodesk.services.deadlines import ProjectDeadline, due_deadlines
from regiodesk.services.selection import CallRanking, NotRanked
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table

WEEKS = (4, 8, 13, 26, 52)


def deadline_counts(rows: list[ProjectDeadline]) -> tuple[int, int]:
    """(overdue, due in the period) of a Fristen list."""
    overdue = sum(1 for r in rows if r.overdue)
    return overdue, len(rows) - overdue


class DeadlinesModel(RowsModel[ProjectDeadline]):
    HEADERS = ("fällig am", "noch", "Frist", "Projekt", "Projektträger", "Status")
    NUMERIC_COLUMNS = frozenset({1})

    def row_id(self, row: ProjectDeadline) -> str:
        return row.project_id

    def text(self, row: ProjectDeadline, column: int) -> str:
        if column == 1:
            days = row.days_left
            if days < 0:
                return plural(-days, "{n} Tag überfällig", "{n} Tage überfällig")
            return tr("heute") if days == 0 else plural(days, "{n} Tag", "{n} Tage")
        return (
            format_date(row.due),
            "",
            row.kind_label,
            row.title,
            row.sponsor,
            ProjectStatus.label_of(row.status),
        )[column]


class DeadlinesDialog(QDialog):
    """Fristen across all projects; a double-click shows the project in the tab."""

    project_chosen = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Fristen aller Projekte"))
        self.db = db
        self.today = today
        self.weeks = QComboBox()
        for weeks in WEEKS:
            self.weeks.addItem(plural(weeks, "nächste Woche", "nächste {n} Wochen"), weeks)
        self.weeks.setCurrentIndex(1)
        self.weeks.currentIndexChanged.connect(lambda _index: self.reload())
        self.summary = QLabel()
        self.model = DeadlinesModel(self)
        self.view = make_table(self.model, (90, 130, 150, 260, 200, 130), stretch=3)
        self.view.activated.connect(lambda index: emit(self.project_chosen, self.model.id_at(index.row())))
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Überfällige und fällige Fristen:")))
        top.addWidget(self.weeks)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 980, 480)
        self.reload()

    def reload(self) -> None:
        rows = due_deadlines(self.db, today=self.today, weeks=self.weeks.currentData())
        self.model.set_rows(rows)
        overdue, due = deadline_counts(rows)
        self.summary.setText(
            tr("{overdue} überfällig, {due} fällig. Doppelklick zeigt das Projekt.", overdue=overdue, due=due)
            if rows
            else tr("Keine Fristen in diesem Zeitraum.")
        )


class RankingModel(RowsModel[RankedProject | NotRanked]):
    HEADERS = ("Rang", "Projekt", "Punkte", "Zuschuss", "kumuliert", "Ergebnis", "Erläuterung")
    NUMERIC_COLUMNS = frozenset({0, 2, 3, 4})

    def row_id(self, row: RankedProject | NotRanked) -> str:
        return row.id

    def text(self, row: RankedProject | NotRanked, column: int) -> str:
        if isinstance(row, NotRanked):
            result = tr("unvollständig") if row.incomplete else tr("nicht gereiht")
            return ("–", row.title, str(row.total), "", "", result, row.reason)[column]
        return (
            str(row.position),
            row.title,
            str(row.total),
            format_cents(row.grant),
            format_cents(row.cumulative),
            tr("im Budget") if row.within_budget else tr("Warteliste"),
            row.reason,
        )[column]


class RankingDialog(QDialog):
    """The ranking of one call against its budget, with the waiting list and who is not ranked."""

    def __init__(self, ranking: CallRanking, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Rangliste – {call}", call=ranking.call_name))
        self.model = RankingModel(self)
        self.model.set_rows([*ranking.ranked, *ranking.not_ranked])
        self.view = make_table(self.model, (50, 260, 60, 110, 110, 100, 260), stretch=6)
        deadline = format_date(ranking.deadline) if ranking.deadline else tr("ohne Frist")
        self.summary = QLabel(
            tr(
                "Budget {budget}, davon im Budget vergeben {funded}; Einreichungsfrist {deadline}.",
                budget=format_cents(ranking.budget_cents),
                funded=format_cents(ranking.funded_cents),
                deadline=deadline,
            )
        )
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1100, 440)


__all__ = ["DeadlinesDialog", "RankingDialog", "deadline_counts"]
