"""What the commands offer by name: the lists, documents, exports and import areas.

The parser takes its choices from these tables and the commands what to run. Each entry names a
loader that imports its module only when called, so reading the tables (every run, `--version`
too) costs nothing; the imports stay plain statements a reader and the layer test can see.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

#: (module loader, function in that module, model the KENNUNG refers to or None for a whole list)
Document = tuple[Callable[[], ModuleType], str, "str | None"]


# --------------------------------------------------------------------------- services listed


def _bodies() -> Any:
    from regiodesk.services.bodies import BodyService

    return BodyService


def _meetings() -> Any:
    from regiodesk.services.meetings import MeetingService

    return MeetingService


def _projects() -> Any:
    from regiodesk.services.projects import ProjectService

    return ProjectService


def _contacts() -> Any:
    from regiodesk.services.contacts import ContactService

    return ContactService


def _monitoring() -> Any:
    from regiodesk.services.monitoring import ActionFieldService

    return ActionFieldService


def _calls() -> Any:
    from regiodesk.services.selection import CallService

    return CallService


def _consultations() -> Any:
    from regiodesk.services.activities import ConsultationService

    return ConsultationService


def _events() -> Any:
    from regiodesk.services.activities import EventService

    return EventService


def _activities() -> Any:
    from regiodesk.services.press_network import ActivityService

    return ActivityService


#: area -> loader of the service whose ``rows()`` and ``columns`` `regiodesk list AREA` prints
LISTS: dict[str, Callable[[], Any]] = {
    "bodies": _bodies,
    "meetings": _meetings,
    "projects": _projects,
    "contacts": _contacts,
    "monitoring": _monitoring,
    "calls": _calls,
    "consultations": _consultations,
    "events": _events,
    "activities": _activities,
}


# --------------------------------------------------------------------------- import pipelines


def _contacts_import() -> Any:
    from regiodesk.services.contacts_import import ContactImportService

    return ContactImportService


def _projects_import() -> Any:
    from regiodesk.services.projects_import import ProjectImportService

    return ProjectImportService


#: area -> loader of the import pipeline class for `regiodesk import AREA FILE`
IMPORTS: dict[str, Callable[[], Any]] = {
    "contacts": _contacts_import,
    "projects": _projects_import,
}


# --------------------------------------------------------------------------- documents and exports


def _meeting_docs() -> ModuleType:
    from regiodesk.reports import meeting_docs

    return meeting_docs


def _body_docs() -> ModuleType:
    from regiodesk.reports import body_docs

    return body_docs


def _procedure_docs() -> ModuleType:
    from regiodesk.reports import procedure_docs

    return procedure_docs


def _project_docs() -> ModuleType:
    from regiodesk.reports import project_docs

    return project_docs


def _contact_letters() -> ModuleType:
    from regiodesk.reports import contact_letters

    return contact_letters


def _calendar() -> ModuleType:
    from regiodesk.reports import calendar

    return calendar


def _email_draft() -> ModuleType:
    from regiodesk.reports import email_draft

    return email_draft


def _contacts_export() -> ModuleType:
    from regiodesk.reports import contacts_export

    return contacts_export


def _event_docs() -> ModuleType:
    from regiodesk.reports import event_docs

    return event_docs


def _regional_budget_docs() -> ModuleType:
    from regiodesk.reports import regional_budget_docs

    return regional_budget_docs


#: document -> what `regiodesk print DOCUMENT KENNUNG` renders as PDF
PRINTS: dict[str, Document] = {
    "invitation": (_meeting_docs, "invitation_pdf", "Meeting"),
    "attendance": (_meeting_docs, "attendance_pdf", "Meeting"),
    "minutes": (_meeting_docs, "minutes_pdf", "Meeting"),
    "decision": (_meeting_docs, "decision_pdf", "AgendaItem"),
    "members": (_body_docs, "members_pdf", "Body"),
    "procedure": (_procedure_docs, "procedure_result_pdf", "WrittenProcedure"),
    "project": (_project_docs, "project_pdf", "Project"),
    "scoring": (_project_docs, "scoring_pdf", "Project"),
    "auskunft": (_contact_letters, "auskunft_pdf", "Contact"),
    "participants": (_event_docs, "participants_pdf", "Event"),
    "contract": (_regional_budget_docs, "contract_pdf", "Project"),  # Vertrag eines Kleinprojekts
}
#: format -> what `regiodesk export FORMAT [KENNUNG]` writes
EXPORTS: dict[str, Document] = {
    "ics": (_calendar, "meeting_ics", "Meeting"),
    "eml": (_email_draft, "invitation_eml", "Meeting"),
    "members": (_body_docs, "members_xlsx", "Body"),
    "projects": (_project_docs, "projects_xlsx", None),  # all projects, no KENNUNG
    "contacts": (_contacts_export, "contacts_xlsx", None),  # format from --out, see documents.py
}
#: `export regionalbudget JAHR`: the year's Regionalbudget report for the Bewilligungsstelle
REGIONAL_BUDGET = "regionalbudget"
#: documents that are also written as an editable Word document (--out X.docx)
WORD_DOCUMENTS: dict[str, Document] = {
    "invitation": (_meeting_docs, "invitation_docx", "Meeting"),
    "minutes": (_meeting_docs, "minutes_docx", "Meeting"),
    "decision": (_meeting_docs, "decision_docx", "AgendaItem"),
}
#: the machine-readable Auskunft (Art. 15(3) DSGVO) written beside its PDF or alone as .json
AUSKUNFT_JSON: Document = (_contact_letters, "auskunft_json", "Contact")
#: `export ics --cancel`: the cancellation that removes the meeting from the members' calendars
CANCELLATION_ICS: Document = (_calendar, "meeting_cancellation_ics", "Meeting")
