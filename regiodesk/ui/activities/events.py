"""Veranstaltungen: the office's events with their registrations, walk-ins and attendance, the
participant numbers funders ask for, the documents (participant list, calendar entry, e-mail), and
photos and files attached to the event.

Events are opened from the Sitzungen tab in their own window (like the Umlaufverfahren): they are
held, invited to and documented like meetings, and the main window keeps its five tabs. The window
holds an ordinary list-and-detail tab, so it behaves like every tab (nothing typed is lost).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.db.models import Event
from regiodesk.domain.activities import AGE_GROUPS, GENDERS
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.activities import EventParticipantService, EventService
from regiodesk.ui import dialogs
from regiodesk.ui.attachments import AttachmentsBox
from regiodesk.ui.export import DocumentAction, file_name, save_document
from regiodesk.ui.record_list_dialog import RecordListPanel
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit
from regiodesk.ui.tab_window import TabWindow
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import RecordDialog

_LABELS = dict((*GENDERS, *AGE_GROUPS))


class EventPanel(QWidget):
    """Beside an event's form: its participants, the numbers and the documents."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.events = EventService(db)
        self.service = EventParticipantService(db)
        self.event_id: str | None = None
        self.numbers = QLabel()
        self.numbers.setWordWrap(True)
        self.participants = RecordListPanel(
            self.service,
            tr("Teilnehmende"),
            tr(
                "Anmeldungen aus den Kontakten und Gäste ohne Anmeldung (nur Name). Nach der Veranstaltung "
                "„teilgenommen“ erfassen; eine gezählte Gesamtzahl steht im Formular."
            ),
            defaults=lambda: {"event_id": self.event_id},
        )
        self.participants.new_button.setText(tr("Anmeldung …"))
        self.walk_in_button = QPushButton(tr("Gast ohne Anmeldung …"))
        self.walk_in_button.clicked.connect(self.add_walk_in)
        self.attended_button = self.participants.add_button(tr("teilgenommen ja/nein"), self.toggle_attended)
        self.participants.changed.connect(self._stored)
        self.attachments = AttachmentsBox(db, Event.__tablename__)
        self.attachments.setTitle(tr("Fotos und Unterlagen (werden sofort gespeichert)"))
        self.attachments.list.setMaximumHeight(56)  # the participants need the height
        self.list_button = QPushButton(tr("Teilnehmerliste (PDF) …"))
        self.ics_button = QPushButton(tr("Kalendereintrag (.ics) …"))
        self.mail_button = QPushButton(tr("E-Mail an Angemeldete …"))
        documents = QHBoxLayout()
        documents.addWidget(self.walk_in_button)
        documents.addSpacing(24)
        for button in (self.list_button, self.ics_button, self.mail_button):
            documents.addWidget(button)
        documents.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.numbers)
        layout.addWidget(self.participants, 1)
        layout.addLayout(documents)
        layout.addWidget(self.attachments)

    def show_for(self, event_id: str | None) -> None:
        self.event_id = self.service.event_id = event_id
        self.participants.show_scope(event_id is not None)
        self.attachments.show_for(event_id)
        self.walk_in_button.setEnabled(event_id is not None)
        for button in (self.list_button, self.ics_button, self.mail_button):
            button.setEnabled(event_id is not None)
        self._show_numbers()

    def _show_numbers(self) -> None:
        if self.event_id is None:
            self.numbers.setText(tr("Erst nach dem Speichern: Anmeldungen und Teilnahme."))
            return
        try:
            n = self.events.numbers(self.event_id)
        except NotFoundError:
            self.numbers.clear()
            return
        parts = [
            tr("Teilnehmende: {total}", total=n.total) + (tr(" (gezählt)") if n.counted else ""),
            tr("{n} angemeldet", n=n.registered),
            tr("{n} mit Teilnahme erfasst", n=n.attended),
            tr("davon {n} ohne Anmeldung", n=n.walk_ins),
        ]
        breakdown = [f"{_LABELS[k]} {v}" for k, v in (*n.by_gender.items(), *n.by_age.items())]
        text = " · ".join(parts) + (f" ({', '.join(breakdown)})" if breakdown else "")
        self.numbers.setText(f"<b>{text}</b>")

    def _stored(self) -> None:
        self._show_numbers()
        emit(self.changed)

    def add_walk_in(self) -> RecordDialog | None:
        """Someone who came without registering: present, no registration date."""
        if self.event_id is None:
            return None
        dialog = RecordDialog(
            self.service,
            None,
            tr("Gast ohne Anmeldung"),
            defaults={"event_id": self.event_id, "registered_on": None, "attended": True},
            parent=self,
        )
        dialog.saved.connect(self._walk_in_saved)
        dialog.open()
        return dialog

    def _walk_in_saved(self, participant_id: str) -> None:
        self.participants.reload(participant_id)
        self._stored()

    def toggle_attended(self, participant_id: str) -> None:
        """Record afterwards whether the selected participant took part."""
        try:
            attended = self.service.load(participant_id)["attended"]
            with undoable(self, self.service.db, tr("Teilnahme ändern"), participant_id):
                self.service.update(participant_id, {"attended": not attended})
        except DomainError as error:
            dialogs.show_error(self, tr("Teilnahme"), str(error))
            return
        self.participants.reload(participant_id)
        self._stored()


class EventsTab(RecordTab):
    key = "events"
    title = "Veranstaltungen"
    service_class = EventService
    service: EventService
    sort_by = "starts_at"
    sort_descending = True
    stacked = True  # the participants need the width
    depends_on = frozenset({"contacts"})
    panel: EventPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self.panel.changed.connect(self._panel_changed)
        self.panel.list_button.clicked.connect(self.print_document)
        self.panel.ics_button.clicked.connect(self.write_ics)
        self.panel.mail_button.clicked.connect(self.write_email)

    def make_panel(self) -> EventPanel:  # type: ignore[override]  # any widget with show_for()
        return EventPanel(self.service.db)

    def _panel_changed(self) -> None:
        if self.current_id is not None:
            self._refresh_rows([self.current_id])  # the list's numbers
        emit(self.changed)

    def document_actions(self) -> list[DocumentAction]:
        has = self.current_id is not None
        return [
            DocumentAction(tr("Teilnehmerliste (PDF) …"), self.print_document, has),
            DocumentAction(tr("Kalendereintrag (.ics) …"), self.write_ics, has),
            DocumentAction(tr("E-Mail an Angemeldete (.eml) …"), self.write_email, has),
        ]

    def _suggestion(self, stem: str, suffix: str) -> str:
        assert self.current_id is not None
        return file_name(tr(stem), self.service.display_name(self.current_id)[:60], suffix=suffix)

    def print_document(self) -> bool:
        """Strg+P: the participant list to sign."""
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports import event_docs  # reportlab loads slowly: only when wanted

        event_id, db = self.current_id, self.service.db
        name = self._suggestion("Teilnehmerliste", ".pdf")
        produce = lambda: event_docs.participants_pdf(db, event_id)  # noqa: E731
        return save_document(self, tr("Teilnehmerliste speichern"), name, produce) is not None

    def write_ics(self) -> bool:
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports import event_docs

        event_id, db = self.current_id, self.service.db
        name = self._suggestion("Veranstaltung", ".ics")
        produce = lambda: event_docs.event_ics(db, event_id)  # noqa: E731
        return save_document(self, tr("Kalendereintrag speichern"), name, produce) is not None

    def write_email(self) -> bool:
        """An unsent e-mail to the registered participants (those the consent rules allow)."""
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports import event_docs

        try:
            draft = event_docs.event_email_draft(self.service.db, self.current_id, date.today())
        except DomainError as error:
            dialogs.show_error(self, tr("E-Mail an Angemeldete"), str(error))
            return False
        if not draft.recipients:
            dialogs.show_info(
                self,
                tr("E-Mail an Angemeldete"),
                tr("Niemand der Angemeldeten kann eine E-Mail erhalten.") + "\n\n" + draft.warning,
            )
            return False

        def written(path: Path) -> None:
            draft.write(path)  # and the further drafts beside it: X_2.eml, …
            if draft.warning:
                dialogs.show_info(self, tr("E-Mail an Angemeldete"), draft.warning)

        name = self._suggestion("Veranstaltung", ".eml")
        return (
            save_document(self, tr("E-Mail-Entwurf speichern"), name, lambda: draft.eml, written) is not None
        )


class EventsWindow(TabWindow):
    """The events in their own window, opened from the Sitzungen tab and Extras."""

    tab: EventsTab

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(EventsTab(db), "Veranstaltungen", (1240, 680), parent=parent)


__all__ = ["EventPanel", "EventsTab", "EventsWindow"]
