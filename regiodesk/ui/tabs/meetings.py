"""Sitzungen: meetings, newest first; the agenda below the form."""

from __future__ import annotations

from regiodesk.i18n import tr
from regiodesk.services.meetings import MeetingService
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.related_table import PanelColumn, RelatedPanel

AGENDA_COLUMNS = (
    PanelColumn("number", "TOP", width=50),
    PanelColumn("title", "Titel", width=320),
    PanelColumn("kind", "Art", width=120),
)


class MeetingsTab(RecordTab):
    key = "meetings"
    title = "Sitzungen"
    service_class = MeetingService
    service: MeetingService
    sort_by = "starts_at"
    depends_on = frozenset({"bodies", "contacts"})  # body names, chair and minute taker
    sort_descending = True  # the next and the latest meetings are what the office works on

    def make_panel(self) -> RelatedPanel:
        return RelatedPanel(
            tr("Tagesordnung"), AGENDA_COLUMNS, self.service.agenda, tr("Noch keine Tagesordnungspunkte.")
        )
