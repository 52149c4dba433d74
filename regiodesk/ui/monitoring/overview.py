"""Budget and indicators of the region for a year and funding period, now or on a Stichtag."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain import parse
from regiodesk.domain.errors import DomainError
from regiodesk.domain.monitoring import REMAINING_DEFINITION, BudgetLine, IndicatorLine
from regiodesk.domain.voting import format_percent
from regiodesk.fields import format_quantity
from regiodesk.i18n import format_cents, format_date, plural, tr
from regiodesk.services.monitoring_figures import MonitoringReport, MonitoringService
from regiodesk.ui.charts import BarChart, Series
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner

PLANNED, COMMITTED, PAID = "#9bb7d4", "#2f6f3e", "#f2c14e"


def euros(cents: float) -> str:
    return format_cents(int(cents))


def share(value: Fraction | None) -> str:
    return "–" if value is None else format_percent(value, 0)


class BudgetModel(RowsModel[BudgetLine]):
    HEADERS = (
        "Handlungsfeld",
        "Plan",
        "Umschichtung",
        "Budget",
        "gebunden (LAG)",
        "bewilligt",
        "ausgezahlt",
        "davon im Jahr",
        "verbleibend",
        "gebunden %",
        "Projekte",
    )
    NUMERIC_COLUMNS = frozenset(range(1, 11))
    HEADER_TOOLTIPS: ClassVar[dict[int, str]] = {8: REMAINING_DEFINITION}

    def row_id(self, row: BudgetLine) -> str:
        return row.field_id or "summe"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and index.isValid() and self.row_at(index.row()).field_id is None:
            font = QFont()
            font.setBold(True)  # the total
            return font
        return super().data(index, role)

    def text(self, row: BudgetLine, column: int) -> str:
        if column == 0:
            return row.label
        if column == 9:
            return share(row.committed_share)
        if column == 10:
            return str(row.projects)
        cents = (
            row.original_cents,
            row.reallocated_cents,
            row.planned_cents,
            row.committed_cents,
            row.approved_cents,
            row.paid_cents,
            row.paid_in_year_cents,
            row.remaining_cents,
        )[column - 1]
        return format_cents(cents)


class IndicatorModel(RowsModel[IndicatorLine]):
    HEADERS = (
        "Handlungsfeld",
        "Indikator",
        "Einheit",
        "Ziel im Jahr",
        "Ist im Jahr",
        "Ziel bis dahin",
        "Ist bis dahin",
        "erreicht",
        "Ziel Förderperiode",
    )
    NUMERIC_COLUMNS = frozenset(range(3, 9))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.field_labels: dict[str, str] = {}

    def row_id(self, row: IndicatorLine) -> str:
        return row.indicator.id

    def text(self, row: IndicatorLine, column: int) -> str:
        indicator = row.indicator
        target = row.target_in_year
        return (
            self.field_labels.get(indicator.action_field_id or "", ""),
            indicator.name,
            indicator.unit,
            "–" if target is None else format_quantity(target),
            format_quantity(row.actual_in_year),
            format_quantity(row.target_to_date),
            format_quantity(row.actual_to_date),
            share(row.progress),
            format_quantity(row.target_total),
        )[column]


class FigureFilter(QWidget):
    """Förderperiode, Jahr and an optional Stichtag; ``changed`` when a valid choice is made."""

    changed = Signal()

    def __init__(self, service: MonitoringService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.period = QComboBox()
        self.year = QComboBox()
        self.as_of = QLineEdit()
        self.as_of.setPlaceholderText(tr("heute"))
        self.as_of.setToolTip(tr("Stichtag: die Zahlen, wie sie an diesem Tag standen (leer: heute)"))
        self.as_of.setMaximumWidth(110)
        self.tolerance = QSpinBox()
        self.tolerance.setRange(0, 50)
        self.tolerance.setSuffix(" %")
        self.tolerance.setToolTip(
            tr("Ab welcher Abweichung vom Plan die Aufteilung der gebundenen Mittel gemeldet wird")
        )
        self.tolerance.setValue(service.tolerance_bp() // 100)
        self.tolerance.valueChanged.connect(self._tolerance_changed)
        self.error = Banner()
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.year.currentIndexChanged.connect(lambda _i: emit(self.changed))
        self.as_of.editingFinished.connect(lambda: emit(self.changed))
        self.row = row = QHBoxLayout()  # the filter line (the overview adds its "Stand …")
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (tr("Förderperiode:"), self.period),
            (tr("Jahr:"), self.year),
            (tr("Stichtag:"), self.as_of),
            (tr("Toleranz:"), self.tolerance),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.reload()

    def reload(self) -> None:
        keep = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for period_id, name in self.service.funding_periods():
            self.period.addItem(name, period_id)
        wanted = keep or self.service.current_period_id()
        self.period.setCurrentIndex(max(self.period.findData(wanted), 0))
        self.period.blockSignals(False)
        self._fill_years()

    def _fill_years(self) -> None:
        keep = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        years = self.service.years(self.period.currentData())
        for year in years:
            self.year.addItem(str(year), year)
        today = date.today().year
        wanted = keep if keep in years else (today if today in years else years[-1])
        self.year.setCurrentIndex(max(self.year.findData(wanted), 0))
        self.year.blockSignals(False)

    def _tolerance_changed(self, percent: int) -> None:
        """Stored for the region (all laptops and the Jahresbericht use it)."""
        try:
            with undoable(self, self.service.db, tr("Toleranz ändern")):
                self.service.set_tolerance_bp(percent * 100)
        except DomainError as error:
            self.error.show_lines([str(error)], "error")
            return
        emit(self.changed)

    def show_tolerance(self) -> None:
        """The stored tolerance (Rückgängig or another laptop may have changed it)."""
        self.tolerance.blockSignals(True)
        self.tolerance.setValue(self.service.tolerance_bp() // 100)
        self.tolerance.blockSignals(False)

    def _period_changed(self) -> None:
        self._fill_years()
        emit(self.changed)

    def choice(self) -> tuple[int, date | None, str | None] | None:
        """(year, Stichtag or None, funding period id); None while the Stichtag cannot be read."""
        try:
            as_of = parse.parse_date(self.as_of.text())
        except ValueError as error:
            self.error.show_lines([str(error)], "error")
            return None
        self.error.clear_banner()
        year = self.year.currentData() or date.today().year
        return year, as_of, self.period.currentData()


class OverviewPanel(QWidget):
    """The figures of the whole region (all Handlungsfelder) as tables and charts."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = MonitoringService(db)
        self.report: MonitoringReport | None = None
        self.filter = FigureFilter(self.service)
        self.filter.changed.connect(self.refresh)
        self.stand = QLabel()
        self.warnings = Banner()

        self.budget_model = BudgetModel(self)
        self.budget_view = make_table(
            self.budget_model, (190, 100, 100, 100, 105, 100, 100, 100, 100, 80, 70), 0
        )
        self.budget_chart = BarChart(euros)
        self.indicator_model = IndicatorModel(self)
        self.indicator_view = make_table(self.indicator_model, (150, 220, 80, 90, 90, 95, 95, 70, 110), 1)
        self.indicator_chart = BarChart(lambda value: f"{round(value)} %")

        # Table and chart each get the whole height: a laptop screen has room for one at a time.
        self.tabs = QTabWidget()
        self.tabs.addTab(self.budget_view, tr("Budget"))
        self.tabs.addTab(self._scrolled(self.budget_chart), tr("Budget als Diagramm"))
        self.tabs.addTab(self.indicator_view, tr("Indikatoren"))
        self.tabs.addTab(self._scrolled(self.indicator_chart), tr("Indikatoren als Diagramm"))
        self.filter.row.addWidget(self.stand)  # "Stand …" on the filter line
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)

    @staticmethod
    def _scrolled(chart: BarChart) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(chart)
        return scroll

    def refresh(self) -> MonitoringReport | None:
        self.filter.show_tolerance()
        choice = self.filter.choice()
        if choice is None:
            return None
        year, as_of, period_id = choice
        try:
            report = self.service.report(year, as_of, period_id)
        except DomainError as error:
            self.warnings.show_lines([str(error)], "error")
            return None
        self.report = report
        # Nothing can be dated after today: the current year stands on today, not on 31 December.
        stand = format_date(min(report.cutoff, date.today()) if report.as_of is None else report.cutoff)
        self.stand.setText(
            tr("Stand {day} (Stichtag)", day=stand) if report.as_of else tr("Stand {day}", day=stand)
        )
        budget = report.budget
        self.budget_model.set_rows([*budget.lines, budget.total])
        texts = [w.text for w in budget.warnings]
        summary = plural(
            len(texts),
            "{n} Hinweis zum Budget (Maus über diese Zeile für Einzelheiten):",
            "{n} Hinweise zum Budget (Maus über diese Zeile für Einzelheiten):",
        )
        self.warnings.show_lines([summary, texts[0]] if texts else [], "warning")
        self.warnings.setToolTip("\n\n".join(texts))
        self.budget_chart.set_data(
            [line.label for line in budget.lines],
            [
                Series(tr("Budget"), PLANNED, [line.planned_cents for line in budget.lines]),
                Series(
                    tr("gebunden (LAG-Beschluss)"), COMMITTED, [line.committed_cents for line in budget.lines]
                ),
                Series(tr("ausgezahlt"), PAID, [line.paid_cents for line in budget.lines]),
            ],
        )
        self.indicator_model.field_labels = dict(report.field_labels)
        self.indicator_model.set_rows(report.indicators)
        with_target = [line for line in report.indicators if line.progress is not None]
        codes = {line.field_id: line.code for line in budget.lines}
        self.indicator_chart.set_data(
            [
                " · ".join(
                    part for part in (codes.get(line.indicator.action_field_id), line.indicator.name) if part
                )
                + f" ({line.indicator.unit})"
                for line in with_target
            ],
            [
                Series(
                    tr("erreicht bis {year}", year=report.year),
                    COMMITTED,
                    [
                        float(Decimal(progress.numerator) / progress.denominator * 100)
                        for line in with_target
                        if (progress := line.progress) is not None
                    ],
                )
            ],
            reference=100,
            reference_label=tr("Ziel (100 %)"),
        )
        return report


__all__ = ["OverviewPanel"]
