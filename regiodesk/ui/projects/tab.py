"""Projekte: projects from idea to proof of use; status, scoring and payments beside the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.deadlines import DeadlineKind
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import plural, tr
from regiodesk.services.deadlines import due_deadlines
from regiodesk.services.grants import calculate_grant
from regiodesk.services.projects import ProjectService
from regiodesk.services.regional_budget import RegionalBudgetService, year_ranking
from regiodesk.services.selection import CallService, ScoringService
from regiodesk.ui import dialogs
from regiodesk.ui.activities.consultations import consultations_dialog
from regiodesk.ui.activities.press_network import PressNetworkWindow
from regiodesk.ui.export import DocumentAction, file_name, save_document
from regiodesk.ui.master_data import MasterDataDialog
from regiodesk.ui.projects.overviews import DeadlinesDialog, RankingDialog, deadline_counts
from regiodesk.ui.projects.panel import ProjectPanel
from regiodesk.ui.record_list_dialog import RecordListDialog
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit
from regiodesk.ui.widgets import Banner, RecordDialog, show_once

#: money and rate fields "Zuschuss berechnen" fills in
GRANT_FIELDS = ("eligible_cost_cents", "funding_rate_bp", "grant_cents", "own_share_cents")


class ProjectsTab(RecordTab):
    key = "projects"
    title = "Projekte"
    service_class = ProjectService
    service: ProjectService
    sort_by = "title"
    stacked = True  # status, scoring and payments need the width beside the form
    # sponsors, Handlungsfelder, and LAG decisions taken in meetings move projects on
    depends_on = frozenset({"contacts", "monitoring", "meetings"})
    panel: ProjectPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self._windows: dict[str, QWidget] = {}
        self.panel.changed.connect(self._panel_changed)
        self.panel.grant_requested.connect(self.calculate_grant)
        self.panel.scoring_page.pdf_requested.connect(self.write_scoring_sheet)
        self.panel.status_page.before_change = self.commit_pending
        self.panel.payments_page.before_change = self.commit_pending
        # Fristen at a glance above the list: what is overdue, what is due soon.
        self.deadline_banner = Banner()
        self.deadline_button = QPushButton(tr("Fristen …"))
        self.deadline_button.clicked.connect(self.show_deadlines)
        row = QHBoxLayout()
        row.addWidget(self.deadline_banner, 1)
        row.addWidget(self.deadline_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, row)

    def make_panel(self) -> ProjectPanel:  # type: ignore[override]  # any widget with show_for()
        return ProjectPanel(self.service.db)

    def _apply(self, prepared) -> None:
        super()._apply(prepared)
        self.refresh_deadlines()

    def refresh_deadlines(self, today: date | None = None) -> None:
        rows = due_deadlines(self.service.db, today=today)
        overdue, due = deadline_counts(rows)
        if not overdue and not due:
            self.deadline_banner.clear_banner()
            return
        parts = []
        # rule 9: an application period passed means the LAG approval lapses; say so first
        lapsing = sum(1 for r in rows if r.overdue and r.kind == DeadlineKind.APPLICATION.value)
        if lapsing:
            parts.append(
                tr("{n} LAG-Zustimmungen verfallen (Antragsfrist abgelaufen)", n=lapsing)
                if lapsing > 1
                else tr("1 LAG-Zustimmung verfällt (Antragsfrist abgelaufen)")
            )
        overdue -= lapsing
        if overdue:
            parts.append(plural(overdue, "{n} Frist überfällig", "{n} Fristen überfällig"))
        if due:
            parts.append(tr("{n} in den nächsten 8 Wochen fällig", n=due))
        self.deadline_banner.show_lines(
            [", ".join(parts) + "."], "error" if overdue or lapsing else "warning"
        )

    def _panel_changed(self) -> None:
        # A status change or payment alters what the form and the list show.
        if self.current_id is not None:
            self._refresh_rows([self.current_id])
            if not self.form.is_dirty():
                self._show_record(self.current_id)
        self.refresh_deadlines()
        emit(self.changed)

    # ------------------------------------------------------------ Zuschuss berechnen
    def calculate_grant(self) -> bool:
        """Fill eligible cost, rate, grant and own share from the period's rules (not saved yet)."""
        if self.current_id is None:
            return False
        values, errors, _changed = self.form.collect()
        if errors:
            self.form.show_errors(errors)
            return False
        try:
            proposal = calculate_grant(self.service.db, values)
        except DomainError as error:
            self.panel.banner.show_lines([str(error)], "error")
            return False
        for name, value in proposal.values().items():
            if name in self.form.editors:
                self.form.editors[name].set_value(value)
        self.panel.banner.show_lines(
            [proposal.explanation, *proposal.warnings], "warning" if proposal.warnings else "ok"
        )
        self._update_buttons()
        return True

    # ------------------------------------------------------------ documents and overviews
    def document_actions(self) -> list[DocumentAction]:
        has = self.current_id is not None
        return [
            DocumentAction(tr("Projektsteckbrief (PDF) …"), self.print_document, has),
            DocumentAction(tr("Bewertungsbogen (PDF) …"), self.write_scoring_sheet, has),
            DocumentAction(tr("Projektliste für die Bewilligungsstelle (Excel) …"), self.export_list),
            DocumentAction(tr("Vertrag Kleinprojekt (PDF) …"), self.write_contract, has),
        ]

    def _project_file(self, stem: str, producer: str, title: str) -> bool:
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports import project_docs  # reportlab loads slowly: only when wanted

        project_id, db = self.current_id, self.service.db
        name = file_name(tr(stem), self.service.display_name(project_id)[:60], suffix=".pdf")
        render = getattr(project_docs, producer)
        return save_document(self, title, name, lambda: render(db, project_id)) is not None

    def print_document(self) -> bool:
        """Strg+P: the Projektsteckbrief of the project shown."""
        return self._project_file("Projektsteckbrief", "project_pdf", tr("Projektsteckbrief speichern"))

    def write_scoring_sheet(self) -> bool:
        return self._project_file("Bewertungsbogen", "scoring_pdf", tr("Bewertungsbogen speichern"))

    def write_contract(self) -> bool:
        """The Regionalbudget contract of the small project shown (refused for any other project)."""
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports.regional_budget_docs import contract_pdf

        project_id, db = self.current_id, self.service.db
        name = file_name(tr("Vertrag"), self.service.display_name(project_id)[:60], suffix=".pdf")
        return (
            save_document(self, tr("Vertrag speichern"), name, lambda: contract_pdf(db, project_id))
            is not None
        )

    def show_regional_budgets(self) -> RecordListDialog:
        """The Regionalbudget of each year: budget and limits; its report to the Bewilligungsstelle."""

        def make() -> RecordListDialog:
            service = RegionalBudgetService(self.service.db)
            dialog = RecordListDialog(
                service,
                tr("Regionalbudget"),
                tr(
                    "Je Jahr Budget und Grenzen der Kleinprojekte. Ein Projektaufruf gehört zum "
                    "Regionalbudget, wenn in ihm das Jahr gewählt ist; seine Projekte sind Kleinprojekte."
                ),
                parent=self,
            )
            dialog.add_button(tr("Rangliste …"), self.show_year_ranking)
            dialog.add_button(tr("Jahresmeldung (Excel) …"), self.export_regional_budget)
            dialog.changed.connect(lambda: emit(self.changed))
            return dialog

        return self._window("regional-budgets", make)

    def show_year_ranking(self, budget_id: str | None) -> RankingDialog | None:
        """The year's small projects ranked against its budget (those over the limits not ranked)."""
        if budget_id is None:
            return None
        year = RegionalBudgetService(self.service.db).load(budget_id)["year"]
        dialog = RankingDialog(year_ranking(self.service.db, year), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def export_regional_budget(self, budget_id: str | None) -> bool:
        if budget_id is None:
            return False
        from regiodesk.reports.regional_budget_docs import regional_budget_xlsx

        db = self.service.db
        year = RegionalBudgetService(db).load(budget_id)["year"]
        name = file_name(tr("Regionalbudget"), str(year), date.today().isoformat(), suffix=".xlsx")
        return (
            save_document(self, tr("Jahresmeldung speichern"), name, lambda: regional_budget_xlsx(db, year))
            is not None
        )

    def export_list(self) -> bool:
        """The Excel list for the Bewilligungsstelle: all projects, or one call with its ranking."""
        if not self.commit_pending():
            return False
        calls = CallService(self.service.db).rows()
        choices = [
            tr("alle Projekte"),
            *(tr("Projektaufruf „{name}“ mit Rangliste", name=row.values[0]) for row in calls),
        ]
        chosen = dialogs.choose(self, tr("Projektliste"), tr("Welche Projekte?"), choices)
        if chosen is None:
            return False
        call_id = calls[chosen - 1].id if chosen > 0 else None
        from regiodesk.reports import project_docs

        db = self.service.db
        parts = (
            [tr("Projektliste")]
            + ([str(calls[chosen - 1].values[0])] if call_id else [])
            + [date.today().isoformat()]
        )
        name = file_name(*parts, suffix=".xlsx")
        return (
            save_document(
                self, tr("Projektliste speichern"), name, lambda: project_docs.projects_xlsx(db, call_id)
            )
            is not None
        )

    def import_projects(self, path=None):
        """The office's existing project spreadsheet, previewed row by row before anything is written."""
        if not self.commit_pending():
            return None
        from regiodesk.services.projects_import import ProjectImportService
        from regiodesk.ui.import_dialog import ImportDialog

        def make():
            service = ProjectImportService(self.service.db)
            dialog = ImportDialog(service, tr("Projektliste importieren"), path, self)
            dialog.imported.connect(self._imported)
            return dialog

        dialog = self._window("import", make)
        if path is None and dialog.path is None:
            dialog.choose_file()
        return dialog

    def _imported(self, summary: str) -> None:
        self.reload()
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(tr("Import: {summary}", summary=summary), 15000)
        emit(self.changed)

    def _window(self, key: str, make) -> Any:
        """One window per kind; shown again when asked a second time."""
        return show_once(self._windows, key, make)

    def show_deadlines(self) -> DeadlinesDialog:
        def make() -> DeadlinesDialog:
            dialog = DeadlinesDialog(self.service.db, self)
            # a follow-up of a consultation about a mere idea has no project to show
            dialog.project_chosen.connect(
                lambda project_id: self.select_id(project_id) if project_id else None
            )
            return dialog

        return self._window("deadlines", make)

    def record_consultation(self) -> RecordDialog | None:
        """„Beratung erfassen“ for the project shown: its page Beratungen and a new consultation."""
        if self.current_id is None or not self.commit_pending():
            return None
        page = self.panel.consultations_page
        self.panel.show_page(page)
        return page.record_consultation()

    def show_consultations(self) -> RecordListDialog:
        def make() -> RecordListDialog:
            dialog = consultations_dialog(self.service.db, self)
            dialog.changed.connect(self._consultations_changed)
            return dialog

        return self._window("consultations", make)

    def show_press_network(self) -> PressNetworkWindow:
        """Extras → Presse- und Netzwerkarbeit: its own window (one at a time)."""

        def make() -> PressNetworkWindow:
            window = PressNetworkWindow(self.service.db, self)
            window.changed.connect(lambda: self.panel.show_for(self.current_id))  # the Chronik
            return window

        return self._window("press_network", make)

    def _consultations_changed(self) -> None:
        self.panel.show_for(self.current_id)
        self.refresh_deadlines()
        emit(self.changed)

    def show_calls(self) -> RecordListDialog:
        def make() -> RecordListDialog:
            dialog = RecordListDialog(
                CallService(self.service.db),
                tr("Projektaufrufe"),
                tr(
                    "Ein Aufruf hat eine Einreichungsfrist und ein Budget; „Rangliste“ reiht seine "
                    "bewerteten Projekte."
                ),
                parent=self,
            )
            dialog.add_button(tr("Rangliste …"), self.show_ranking)
            dialog.changed.connect(lambda: emit(self.changed))
            return dialog

        return self._window("calls", make)

    def show_ranking(self, call_id: str | None) -> RankingDialog | None:
        if call_id is None:
            return None
        try:
            ranking = ScoringService(self.service.db).rank_call(call_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Rangliste"), str(error))
            return None
        dialog = RankingDialog(ranking, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_criteria(self) -> MasterDataDialog:
        """The selection criteria live in the Stammdaten (of the current funding period)."""
        return self._master_data("criteria")

    def show_periods(self) -> MasterDataDialog:
        """Funding periods with their budget, cap and minimum points, and below them their rates."""
        return self._master_data("funding_periods")

    def _master_data(self, page: str) -> MasterDataDialog:
        window = self.window()
        show = getattr(window, "show_master_data", None)
        if callable(show):  # the main window's one Stammdaten window
            return show(page)

        def make() -> MasterDataDialog:
            dialog = MasterDataDialog(self.service.db, self)

            def refresh() -> None:
                self.panel.show_for(self.current_id)
                emit(self.changed)

            dialog.changed.connect(refresh)
            return dialog

        dialog = self._window("master-data", make)
        dialog.show_page(page)
        return dialog
