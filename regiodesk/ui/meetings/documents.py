"""The documents of a meeting: what they are called, and writing them where the user says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtWidgets import QWidget

from regiodesk.db.database import Database
from regiodesk.domain.agenda import latest_invitation_date
from regiodesk.files import write_atomically
from regiodesk.i18n import format_date, plural, tr
from regiodesk.services.agenda import AgendaService
from regiodesk.services.bodies import BodyService
from regiodesk.services.meetings import MeetingService
from regiodesk.ui import dialogs
from regiodesk.ui.export import DocumentAction, file_name, save_document

#: A document writer of regiodesk.reports: (database, id) -> bytes, or an e-mail draft with its warning.
Producer = Callable[[Database, str], Any]


# The report modules, imported when a document is first written (reportlab is slow to load).
def _meeting_docs() -> ModuleType:
    from regiodesk.reports import meeting_docs

    return meeting_docs


def _calendar() -> ModuleType:
    from regiodesk.reports import calendar

    return calendar


def _email_draft() -> ModuleType:
    from regiodesk.reports import email_draft

    return email_draft


def _writer(load: Callable[[], ModuleType], function: str) -> Producer:
    """The producer ``function`` of the module ``load`` imports."""
    return lambda db, record_id: getattr(load(), function)(db, record_id)


@dataclass(frozen=True)
class MeetingDocument:
    key: str
    label: str
    #: first part of the file name
    stem: str
    suffix: str
    #: writes the document (imports its report module when first used: reportlab is slow to load)
    producer: Producer
    #: produced for one agenda item (the Beschlussauszug), not for the meeting
    per_item: bool = False
    #: writes the same document as an editable Word document (.docx); None: none
    word_producer: Producer | None = None

    def produce(self, db: Database, record_id: str, producer: Producer | None = None) -> tuple[bytes, str]:
        """The document's bytes and a German warning for the user (empty: nothing to say)."""
        files, warning = self.produce_all(db, record_id, producer)
        return files[0], warning

    def produce_all(
        self, db: Database, record_id: str, producer: Producer | None = None
    ) -> tuple[list[bytes], str]:
        """The document's files (an e-mail draft: one per Bcc limit) and a German warning."""
        result = (producer or self.producer)(db, record_id)
        if isinstance(result, bytes):
            return [result], ""
        # an e-mail draft: several for many members, or one that had to leave large sketches out
        return list(result.emls), result.warning


DOCUMENTS = (
    MeetingDocument(
        "invitation",
        "Einladung (PDF)",
        "Einladung",
        ".pdf",
        _writer(_meeting_docs, "invitation_pdf"),
        word_producer=_writer(_meeting_docs, "invitation_docx"),
    ),
    MeetingDocument(
        "attendance",
        "Anwesenheitsliste (PDF)",
        "Anwesenheitsliste",
        ".pdf",
        _writer(_meeting_docs, "attendance_pdf"),
    ),
    MeetingDocument(
        "minutes",
        "Protokoll (PDF)",
        "Protokoll",
        ".pdf",
        _writer(_meeting_docs, "minutes_pdf"),
        word_producer=_writer(_meeting_docs, "minutes_docx"),
    ),
    MeetingDocument(
        "decision",
        "Beschlussauszug (PDF)",
        "Beschlussauszug",
        ".pdf",
        _writer(_meeting_docs, "decision_pdf"),
        True,
        word_producer=_writer(_meeting_docs, "decision_docx"),
    ),
    MeetingDocument("ics", "Kalendereintrag (.ics)", "Sitzung", ".ics", _writer(_calendar, "meeting_ics")),
    MeetingDocument(
        "cancel_ics",
        "Absage als Kalendereintrag (.ics)",
        "Absage",
        ".ics",
        _writer(_calendar, "meeting_cancellation_ics"),
    ),
    MeetingDocument(
        "eml", "E-Mail-Entwurf (.eml)", "Einladung", ".eml", _writer(_email_draft, "invitation_draft")
    ),
)
BY_KEY = {document.key: document for document in DOCUMENTS}


class MeetingDocuments:
    """Writes the documents of the meeting (and agenda item) that ``current()`` names."""

    def __init__(
        self,
        owner: QWidget,
        db: Database,
        current: Callable[[], tuple[str | None, str | None]],
        before: Callable[[], bool] = lambda: True,
    ):
        self.owner = owner
        self.db = db
        self.current = current
        #: runs first: unsaved edits of the meeting form are saved, so the document shows them
        self.before = before

    def actions(self) -> list[DocumentAction]:
        meeting_id, item_id = self.current()
        return [
            DocumentAction(
                tr(document.label) + " …",
                partial(self.write, document.key),
                meeting_id is not None and (item_id is not None or not document.per_item),
            )
            for document in DOCUMENTS
        ]

    def suggested_name(self, key: str, meeting_id: str, item_id: str | None = None) -> str:
        document = BY_KEY[key]
        values = MeetingService(self.db).load(meeting_id)
        body = BodyService(self.db).display_name(values["body_id"])
        starts: datetime = values["starts_at"]
        parts = [tr(document.stem)]
        if document.per_item and item_id is not None:
            number = next((i.number for i in AgendaService(self.db).items(meeting_id) if i.id == item_id), "")
            parts.append(f"TOP {number}")
        parts += [body, starts.date().isoformat()]
        return file_name(*parts, suffix=document.suffix)

    def write(self, key: str) -> Path | None:
        """Ask where, then write the document in the background; None if nothing is written."""
        document = BY_KEY[key]
        meeting_id, item_id = self.current()
        if meeting_id is None or not self.before():
            return None
        target = item_id if document.per_item else meeting_id
        if target is None:
            return None
        db = self.db
        title = tr("{label} speichern", label=tr(document.label))
        warnings: list[str] = []
        more: list[bytes] = []  # further e-mail drafts, written beside the first: X_2.eml, …

        def produce(producer: Producer | None = None) -> bytes:
            files, warning = document.produce_all(db, target, producer)
            if warning:
                warnings.append(warning)
            more.extend(files[1:])
            return files[0]

        def done(path: Path) -> None:
            from regiodesk.reports.mail import companion_paths

            for beside, data in zip(companion_paths(path, len(more) + 1), more, strict=True):
                write_atomically(beside, data)
            for warning in warnings:
                dialogs.show_info(self.owner, title, warning)

        word: dict[str, Callable[[], bytes]] = (
            {".docx": partial(produce, document.word_producer)} if document.word_producer else {}
        )
        suggestion = self.suggested_name(key, meeting_id, item_id)
        return save_document(self.owner, title, suggestion, produce, done, word)

    def notice_line(self, meeting_id: str) -> str:
        """The office's own check of the notice period (rule 6), shown in the window, not in the letter:
        "Ladungsfrist: 7 Tage; die Einladung ist spätestens am 02.03.2026 zu versenden (versandt am …)"."""
        values = MeetingService(self.db).load(meeting_id)
        days = BodyService(self.db).load(values["body_id"])["notice_days"]
        latest = latest_invitation_date(values["starts_at"].date(), days)
        sent = values.get("invitation_sent_on")
        return plural(
            days,
            "Ladungsfrist: {n} Tag; die Einladung ist spätestens am {latest} zu versenden{sent}.",
            "Ladungsfrist: {n} Tage; die Einladung ist spätestens am {latest} zu versenden{sent}.",
            latest=format_date(latest),
            sent=tr(" (versandt am {day})", day=format_date(sent)) if sent else "",
        )
