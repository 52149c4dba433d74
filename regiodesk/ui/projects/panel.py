"""The panel of one project beside its form: funding warnings and the sub-tabs
Status und Fristen, Bewertung, Auszahlungen, Beratungen, Beteiligte und Anhänge, Kooperation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.grants import project_funding_warnings
from regiodesk.services.regional_budget import small_project_problems
from regiodesk.ui.activities.consultations import ConsultationsPage
from regiodesk.ui.activities.press_network import TimelinePage
from regiodesk.ui.projects.cooperation_page import CooperationPage
from regiodesk.ui.projects.payments_page import PaymentsPage
from regiodesk.ui.projects.people_page import PeoplePage
from regiodesk.ui.projects.scoring_page import ScoringPage
from regiodesk.ui.projects.status_page import StatusPage
from regiodesk.ui.record_links import open_record_of
from regiodesk.ui.signals import emit
from regiodesk.ui.widgets import Banner, page_in, scrolling


class ProjectPanel(QWidget):
    """``show_for(project_id)`` fills it; sub-tabs read their data when they are shown."""

    #: something was stored that the project list or other tabs show
    changed = Signal()
    #: the user asked to compute the grant into the form
    grant_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.project_id: str | None = None
        self.banner = Banner()
        self.grant_button = QPushButton(tr("Zuschuss berechnen"))
        self.grant_button.setToolTip(
            tr("Förderfähige Kosten, Fördersatz, Zuschuss und Eigenanteil nach den Regeln der Förderperiode")
        )
        self.grant_button.clicked.connect(lambda: emit(self.grant_requested))
        self.status_page = StatusPage(db)
        self.scoring_page = ScoringPage(db)
        self.payments_page = PaymentsPage(db)
        self.people_page = PeoplePage(db)
        self.consultations_page = ConsultationsPage(db)
        self.cooperation_page = CooperationPage(db)
        self.timeline_page = TimelinePage(db, "project")
        self.timeline_page.entry_opened.connect(self._open_entry)
        self.tabs = QTabWidget()
        # Each page scrolls on its own: the window stays no taller than a laptop's screen.
        self._holders: dict[QWidget, QWidget] = {}
        for page, title in (
            (self.status_page, tr("Status und Fristen")),
            (self.scoring_page, tr("Bewertung")),
            (self.payments_page, tr("Auszahlungen")),
            (self.consultations_page, tr("Beratungen")),
            (self.people_page, tr("Beteiligte und Anhänge")),
            (self.cooperation_page, tr("Kooperation")),
            (self.timeline_page, tr("Chronik")),
        ):
            self._holders[page] = scrolling(page)
            self.tabs.addTab(self._holders[page], title)
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _index: self._refresh_current())
        for page in self.pages:
            page.changed.connect(self._stored)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.grant_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

    @property
    def pages(
        self,
    ) -> tuple[StatusPage, ScoringPage, PaymentsPage, ConsultationsPage, PeoplePage, CooperationPage]:
        return (
            self.status_page,
            self.scoring_page,
            self.payments_page,
            self.consultations_page,
            self.people_page,
            self.cooperation_page,
        )

    def show_for(self, project_id: str | None) -> None:
        self.project_id = project_id
        self._stale = {*self.pages, self.timeline_page}
        self._refresh_current()
        self.refresh_warnings()
        self.tabs.setEnabled(project_id is not None)
        self.grant_button.setEnabled(project_id is not None)

    def refresh_warnings(self) -> None:
        warnings: list[str] = []
        if self.project_id is not None:
            try:
                warnings = project_funding_warnings(self.db, self.project_id)
                warnings += small_project_problems(self.db, self.project_id)  # a Kleinprojekt's limits
            except NotFoundError:
                warnings = []
        self.banner.show_lines(warnings, "warning")

    def _refresh_current(self) -> None:
        page = page_in(self.tabs.currentWidget())
        if page in self._stale:
            self._stale.discard(page)
            assert isinstance(
                page,
                (
                    StatusPage,
                    ScoringPage,
                    PaymentsPage,
                    ConsultationsPage,
                    PeoplePage,
                    CooperationPage,
                    TimelinePage,
                ),
            )
            page.show_for(self.project_id)

    def _stored(self) -> None:
        # the Chronik too: a status change or a consultation is one of its entries
        self._stale = {*self.pages, self.timeline_page} - {page_in(self.tabs.currentWidget())}
        self.refresh_warnings()
        emit(self.changed)

    def _open_entry(self, table: str, record_id: str) -> None:
        """A line of the Chronik: the project's own status changes and payments on their pages,
        the rest where it is worked on."""
        if table == "payment":
            self.show_page(self.payments_page)
            self.payments_page.select(record_id)
        elif table == "project" and record_id == self.project_id:
            self.show_page(self.status_page)
        else:
            open_record_of(self.window(), table, record_id)

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(self._holders.get(page, page))


__all__ = ["ProjectPanel"]
