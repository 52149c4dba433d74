"""Monitoring: the Handlungsfelder with their budgets; the region's figures, charts and the
Jahresbericht beside the form."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.services.monitoring import ActionFieldService, BudgetReallocationService
from regiodesk.ui.export import DocumentAction, file_name, save_document
from regiodesk.ui.monitoring.panel import MonitoringPanel
from regiodesk.ui.record_list_dialog import RecordListDialog
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit


class MonitoringTab(RecordTab):
    key = "monitoring"
    title = "Monitoring"
    service_class = ActionFieldService
    service: ActionFieldService
    sort_by = "code"
    stacked = True  # a handful of Handlungsfelder; tables and charts need the width
    depends_on = frozenset({"projects", "meetings"})  # grants, payments, decisions
    panel: MonitoringPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self._reallocations: RecordListDialog | None = None
        self.panel.changed.connect(lambda: emit(self.changed))

    def make_panel(self) -> MonitoringPanel:  # type: ignore[override]  # any widget with show_for()
        return MonitoringPanel(self.service.db)

    def activate(self) -> None:
        super().activate()
        self.panel.overview.refresh()  # projects or payments may have changed in the other tabs

    # ------------------------------------------------------------ documents
    def document_actions(self) -> list[DocumentAction]:
        return [
            DocumentAction(tr("Jahresbericht (PDF) …"), self.print_document),
            DocumentAction(tr("Jahresbericht-Tabellen (Excel) …"), self.export_report),
        ]

    def _report_file(self, suffix: str, producer: str, title: str) -> bool:
        choice = self.panel.overview.filter.choice()
        if choice is None or not self.commit_pending():
            return False
        year, as_of, period_id = choice
        from regiodesk.reports import annual_report  # reportlab loads slowly: only when wanted

        render = getattr(annual_report, producer)
        db = self.service.db
        parts = [tr("Jahresbericht"), str(year)] + ([tr("Stichtag"), as_of.isoformat()] if as_of else [])
        name = file_name(*parts, suffix=suffix)
        return save_document(self, title, name, lambda: render(db, year, as_of, period_id)) is not None

    def print_document(self) -> bool:
        """Strg+P: the Jahresbericht of the year (and Stichtag) chosen above the figures."""
        return self._report_file(".pdf", "annual_report_pdf", tr("Jahresbericht speichern"))

    def export_report(self) -> bool:
        return self._report_file(".xlsx", "annual_report_xlsx", tr("Jahresbericht-Tabellen speichern"))

    def show_reallocations(self) -> RecordListDialog:
        if self._reallocations is None or not self._reallocations.isVisible():
            self._reallocations = RecordListDialog(
                BudgetReallocationService(self.service.db),
                tr("Budgetumschichtungen"),
                tr("Von der LAG beschlossene Verschiebungen des Budgets zwischen Handlungsfeldern."),
                parent=self,
            )

            def refresh() -> None:
                self.reload()
                self.panel.overview.refresh()

            self._reallocations.changed.connect(refresh)
        self._reallocations.show()
        self._reallocations.raise_()
        return self._reallocations
