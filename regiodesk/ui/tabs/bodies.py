"""Gremien: the bodies with their rules of procedure; the members below the form."""

from __future__ import annotations

from regiodesk.domain.enums import MembershipRole
from regiodesk.i18n import tr
from regiodesk.services.bodies import BodyService
from regiodesk.services.fields import Kind
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.related_table import PanelColumn, RelatedPanel

MEMBER_COLUMNS = (
    PanelColumn("name", "Name", width=170),
    PanelColumn("role", "Rolle", choices=MembershipRole, width=110),
    PanelColumn("voting_right", "stimmberechtigt", Kind.BOOL, width=100),
    PanelColumn("interest_group", "Interessengruppe", width=130),
    PanelColumn("public_sector", "öffentlich", Kind.BOOL, width=70),
    PanelColumn("deputy", "Stellvertretung", width=140),
    PanelColumn("starts_on", "seit", Kind.DATE, width=80),
    PanelColumn("ends_on", "bis", Kind.DATE, width=80),
)


class BodiesTab(RecordTab):
    key = "bodies"
    title = "Gremien"
    service_class = BodyService
    service: BodyService
    sort_by = "name"
    depends_on = frozenset({"contacts"})  # members' names

    def make_panel(self) -> RelatedPanel:
        return RelatedPanel(
            tr("Mitglieder"),
            MEMBER_COLUMNS,
            self.service.members,
            tr("Dieses Gremium hat noch keine Mitglieder."),
        )
