"""Sitzungen: meetings, newest first; below them the meeting's form and its conduct panel.

Unlike the other tabs the list sits above and form and panel side by side: holding a
meeting (attendance, conflicts, votes) needs the width, the list of meetings does not.
"""

from __future__ import annotations

from regiodesk.db.database import Database
from regiodesk.services.meetings import MeetingService
from regiodesk.ui.activities.events import EventsWindow
from regiodesk.ui.export import DocumentAction
from regiodesk.ui.meetings.panel import MeetingPanel
from regiodesk.ui.meetings.written_procedure import WrittenProcedureDialog
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit


class MeetingsTab(RecordTab):
    key = "meetings"
    title = "Sitzungen"
    service_class = MeetingService
    service: MeetingService
    sort_by = "starts_at"
    # body names, members (attendance), chair and minute taker, project titles in the agenda
    depends_on = frozenset({"bodies", "contacts", "projects"})
    stacked = True  # holding a meeting needs the width
    sort_descending = True  # the next and the latest meetings are what the office works on
    panel: MeetingPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def __init__(self, db: Database, parent=None):
        super().__init__(db, parent)
        self._written: WrittenProcedureDialog | None = None
        self._events: EventsWindow | None = None
        self.panel.before_document = self.commit_pending
        self.panel.changed.connect(self._panel_changed)
        self.panel.written_procedures_requested.connect(self.show_written_procedures)
        self.panel.events_requested.connect(self.show_events)

    def make_panel(self) -> MeetingPanel:  # type: ignore[override]  # any widget with show_for()
        return MeetingPanel(self.service.db)

    def _panel_changed(self) -> None:
        # The list's TOP count; projects (status after a selection decision) in the other tab.
        if self.current_id is not None:
            self._refresh_rows([self.current_id])
        emit(self.changed)

    # ------------------------------------------------------------ documents
    def document_actions(self) -> list[DocumentAction]:
        return self.panel.document_actions()  # Umlaufverfahren: Extras and the panel's button

    def print_document(self) -> bool:
        """Strg+P: the minutes of the meeting shown."""
        if self.current_id is None:
            return False
        return self.panel.print_minutes()

    def show_agenda_item(self, item_id: str) -> None:
        """The agenda of the meeting shown, with this item selected (a search hit, a link)."""
        self.panel.show_page(self.panel.agenda_page)
        self.panel.agenda_page.select(item_id)

    def show_written_procedures(self) -> WrittenProcedureDialog:
        """The written procedures in their own window (one at a time)."""
        if self._written is None:
            body_id = self.service.load(self.current_id)["body_id"] if self.current_id else None
            self._written = WrittenProcedureDialog(self.service.db, body_id, self)
            self._written.changed.connect(lambda: emit(self.changed))
            self._written.finished.connect(self._written_closed)
        self._written.show()
        self._written.raise_()
        self._written.activateWindow()
        return self._written

    def _written_closed(self) -> None:
        if self._written is not None:
            self._written.deleteLater()
            self._written = None

    def show_events(self) -> EventsWindow:
        """The office's events in their own window (one at a time), beside the meetings."""
        if self._events is None:
            self._events = EventsWindow(self.service.db, self)
            self._events.changed.connect(lambda: emit(self.changed))
            self._events.finished.connect(self._events_closed)
        self._events.show()
        self._events.raise_()
        self._events.activateWindow()
        return self._events

    def _events_closed(self) -> None:
        if self._events is not None:
            self._events.deleteLater()
            self._events = None
