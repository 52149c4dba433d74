"""Monitoring: Handlungsfelder with budget figures; their indicators below the form."""

from __future__ import annotations

from regiodesk.i18n import tr
from regiodesk.services.fields import Kind
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.related_table import PanelColumn, RelatedPanel

INDICATOR_COLUMNS = (
    PanelColumn("name", "Indikator", width=220),
    PanelColumn("unit", "Einheit", width=80),
    PanelColumn("target", "Zielwert", Kind.INT, width=80),  # INT: right-aligned; shown as 12,5
    PanelColumn("kind", "Art", width=90),
    PanelColumn("source", "Quelle", width=110),
)


class MonitoringTab(RecordTab):
    key = "monitoring"
    title = "Monitoring"
    service_class = ActionFieldService
    service: ActionFieldService
    sort_by = "code"
    depends_on = frozenset({"projects"})  # project counts and approved sums

    def make_panel(self) -> RelatedPanel:
        return RelatedPanel(
            tr("Indikatoren"),
            INDICATOR_COLUMNS,
            self.service.indicators,
            tr("Diesem Handlungsfeld sind noch keine Indikatoren zugeordnet."),
        )
