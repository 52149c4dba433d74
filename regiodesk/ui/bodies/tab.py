"""Gremien: the bodies with their rules of procedure; members and composition below the form."""

from __future__ import annotations

from regiodesk.db.database import Database
from regiodesk.services.bodies import BodyService
from regiodesk.ui.bodies.members_panel import MembersPanel
from regiodesk.ui.export import DocumentAction
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit


class BodiesTab(RecordTab):
    key = "bodies"
    title = "Gremien"
    service_class = BodyService
    service: BodyService
    sort_by = "name"
    depends_on = frozenset({"contacts"})  # members' names
    stacked = True  # a region has a handful of bodies; the member list needs the room
    panel: MembersPanel  # type: ignore[assignment]  # RecordTab types it RelatedPanel; any show_for() works

    def __init__(self, db: Database, parent=None):
        super().__init__(db, parent)
        self.panel.changed.connect(self._members_changed)

    def make_panel(self) -> MembersPanel:  # type: ignore[override]  # any widget with show_for()
        return MembersPanel(self.service.db)

    def _members_changed(self) -> None:
        # The list's member counts of this body; meetings and documents read members too.
        body_id = self.panel.body_id
        if body_id is not None:
            self._refresh_rows([body_id])
        emit(self.changed)

    # ------------------------------------------------------------ documents
    def document_actions(self) -> list[DocumentAction]:
        return self.panel.document_actions()

    def print_document(self) -> bool:
        """Strg+P: the member list of the body shown."""
        if self.current_id is None or not self.commit_pending():
            return False
        self.panel.export_pdf()
        return True
