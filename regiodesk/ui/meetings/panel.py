"""The panel of one meeting: warnings, documents and the sub-tabs Tagesordnung, Anwesenheit, Abstimmungen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QTabWidget, QToolButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.meetings import MeetingService
from regiodesk.ui.export import DocumentAction
from regiodesk.ui.meetings.agenda import AgendaModel, AgendaPage
from regiodesk.ui.meetings.attendance import AttendancePage
from regiodesk.ui.meetings.documents import DOCUMENTS, MeetingDocuments
from regiodesk.ui.meetings.votes import VotesPage
from regiodesk.ui.signals import emit
from regiodesk.ui.widgets import Banner


class MeetingPanel(QWidget):
    """``show_for(meeting_id)`` fills it. Sub-tabs read their data when they are shown."""

    #: something was stored that the meeting list or other tabs show (agenda, project status)
    changed = Signal()
    #: the user asked for the written procedures (the tab opens them)
    written_procedures_requested = Signal()
    #: the user asked for the events (Veranstaltungen; the tab opens them)
    events_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.meetings = MeetingService(db)
        self.meeting_id: str | None = None
        self.before_document: Callable[[], bool] = lambda: True
        self.documents = MeetingDocuments(self, db, self._current, lambda: self.before_document())

        self.banner = Banner()
        #: the office's notice check (Ladungsfrist); it used to stand in the members' letter
        self.notice = Banner()
        self.agenda_page = AgendaPage(db)
        self.attendance_page = AttendancePage(db)
        self.votes_page = VotesPage(db)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.agenda_page, tr("Tagesordnung"))
        self.tabs.addTab(self.attendance_page, tr("Anwesenheit"))
        self.tabs.addTab(self.votes_page, tr("Abstimmungen"))
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _index: self._refresh_current())

        self.agenda_page.changed.connect(lambda: self._stored(self.agenda_page, True))
        self.attendance_page.changed.connect(lambda: self._stored(self.attendance_page, False))
        self.votes_page.changed.connect(lambda: self._stored(self.votes_page, True))
        self.agenda_page.item_selected.connect(self._update_buttons)
        self.votes_page.item_selected.connect(self._update_buttons)

        # One menu button: six documents side by side would make the window too wide for a laptop.
        self.documents_button = QToolButton()
        self.documents_button.setText(tr("Dokumente erstellen"))
        self.documents_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.documents_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.documents_menu = QMenu(self.documents_button)
        self.document_actions_by_key: dict[str, QAction] = {}
        for document in DOCUMENTS:
            # "\t": shown where a menu shows shortcuts; the window's own Strg+P prints the minutes.
            hint = "\t" + tr("Strg+P") if document.key == "minutes" else ""
            action = self.documents_menu.addAction(tr(document.label) + " …" + hint)
            action.triggered.connect(lambda _checked=False, key=document.key: self.documents.write(key))
            self.document_actions_by_key[document.key] = action
        self.documents_menu.aboutToShow.connect(self._update_buttons)
        self.documents_button.setMenu(self.documents_menu)
        documents = QHBoxLayout()
        documents.addWidget(self.documents_button)
        documents.addStretch(1)
        self.written_button = QPushButton(tr("Umlaufverfahren …"))
        self.written_button.clicked.connect(lambda: emit(self.written_procedures_requested))
        documents.addWidget(self.written_button)
        self.events_button = QPushButton(tr("Veranstaltungen …"))
        self.events_button.setToolTip(
            tr("Projektbörsen, Workshops, Exkursionen …: Anmeldungen, Teilnehmerliste, Teilnehmendenzahlen")
        )
        self.events_button.clicked.connect(lambda: emit(self.events_requested))
        documents.addWidget(self.events_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(documents)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        self._update_buttons()

    @property
    def model(self) -> AgendaModel:
        """The agenda's model (the panel's main table, as in the other tabs' panels)."""
        return self.agenda_page.model

    # ------------------------------------------------------------ showing
    def show_for(self, meeting_id: str | None) -> None:
        self.meeting_id = meeting_id
        self._stale = {self.agenda_page, self.attendance_page, self.votes_page}
        self._refresh_current()
        self.refresh_warnings()
        self.tabs.setEnabled(meeting_id is not None)
        self._update_buttons()

    def refresh_warnings(self) -> None:
        warnings: list[str] = []
        notice = ""
        if self.meeting_id is not None:
            try:
                warnings = self.meetings.warnings(self.meeting_id)
                notice = self.documents.notice_line(self.meeting_id)
            except NotFoundError:
                warnings = []
        self.banner.show_lines(warnings, "warning")
        self.notice.show_lines([notice], "info")

    def _refresh_current(self) -> None:
        page = self.tabs.currentWidget()
        if page in self._stale:
            self._stale.discard(page)
            assert isinstance(page, (AgendaPage, AttendancePage, VotesPage))
            page.show_for(self.meeting_id)
        self._update_buttons()

    def _stored(self, source: QWidget, list_changes: bool) -> None:
        # Every other page shows something the change touches (item numbers, who is there, results).
        self._stale |= {self.agenda_page, self.attendance_page, self.votes_page} - {source}
        if list_changes:
            emit(self.changed)

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)

    # ------------------------------------------------------------ documents
    def _current(self) -> tuple[str | None, str | None]:
        """The meeting and the agenda item a document is for (the one selected where the user is)."""
        if self.tabs.currentWidget() is self.votes_page:
            item = self.votes_page.current_item_id()
        else:
            item = self.agenda_page.selected_id()
        return self.meeting_id, item if self.meeting_id is not None else None

    def _update_buttons(self) -> None:
        for entry, action in zip(
            self.documents.actions(), self.document_actions_by_key.values(), strict=True
        ):
            action.setEnabled(entry.enabled)
        self.documents_button.setEnabled(self.meeting_id is not None)

    def document_actions(self) -> list[DocumentAction]:
        return self.documents.actions()

    def print_minutes(self) -> bool:
        return self.documents.write("minutes") is not None


__all__ = ["MeetingPanel"]
