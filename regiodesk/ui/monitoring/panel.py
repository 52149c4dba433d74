"""Beside a Handlungsfeld's form: the region's figures, and this field's indicators and goals."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.i18n import tr
from regiodesk.services.monitoring import (
    DevelopmentGoalService,
    IndicatorService,
    IndicatorTargetService,
    IndicatorValueService,
)
from regiodesk.ui.monitoring.overview import OverviewPanel
from regiodesk.ui.record_list_dialog import RecordListDialog, RecordListPanel
from regiodesk.ui.signals import emit


class MonitoringPanel(QWidget):
    """``changed`` after an indicator, target, value or goal was stored."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.field_id: str | None = None
        self.overview = OverviewPanel(db)
        self.indicator_service = IndicatorService(db)
        self.indicators = RecordListPanel(
            self.indicator_service,
            tr("Indikatoren"),
            tr("Indikatoren dieses Handlungsfelds; Zielwerte je Jahr und erfasste Istwerte über die Knöpfe."),
            defaults=lambda: {"action_field_id": self.field_id},
        )
        self.indicators.add_button(tr("Zielwerte …"), self.show_targets)
        self.indicators.add_button(tr("Istwerte …"), self.show_values)
        self.indicators.changed.connect(self._stored)
        self.goal_service = DevelopmentGoalService(db)
        self.goals = RecordListPanel(
            self.goal_service,
            tr("Entwicklungsziele"),
            defaults=lambda: {"action_field_id": self.field_id},
        )
        self.goals.changed.connect(self._stored)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overview, tr("Budget und Indikatoren der Region"))
        self.tabs.addTab(self.indicators, tr("Indikatoren dieses Handlungsfelds"))
        self.tabs.addTab(self.goals, tr("Entwicklungsziele"))
        self._windows: list[RecordListDialog] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.tabs, 1)
        self._shown_once = False
        self.tabs.currentChanged.connect(lambda _index: self._refresh_current())

    def show_for(self, field_id: str | None) -> None:
        self.field_id = field_id
        self.indicator_service.action_field_id = field_id
        self.goal_service.action_field_id = field_id
        for panel in (self.indicators, self.goals):
            panel.show_scope(field_id is not None)
        if not self._shown_once:
            self._shown_once = True
            self.overview.refresh()

    def _refresh_current(self) -> None:
        if self.tabs.currentWidget() is self.overview:
            self.overview.refresh()

    def _stored(self) -> None:
        self.overview.refresh()
        emit(self.changed)

    def _child_window(self, service, title: str, hint: str, indicator_id: str) -> RecordListDialog:
        dialog = RecordListDialog(
            service, title, hint, defaults=lambda: {"indicator_id": indicator_id}, parent=self
        )
        dialog.changed.connect(self._stored)
        dialog.show()
        self._windows = [w for w in self._windows if w.isVisible()] + [dialog]
        return dialog

    def show_targets(self, indicator_id: str) -> RecordListDialog:
        name = self.indicator_service.display_name(indicator_id)
        return self._child_window(
            IndicatorTargetService(self.db, indicator_id),
            tr("Zielwerte – {name}", name=name),
            tr("Der Zielwert je Jahr, in der Einheit des Indikators (z. B. 12,5)."),
            indicator_id,
        )

    def show_values(self, indicator_id: str) -> RecordListDialog:
        name = self.indicator_service.display_name(indicator_id)
        return self._child_window(
            IndicatorValueService(self.db, indicator_id),
            tr("Istwerte – {name}", name=name),
            tr(
                "Erfasste Istwerte je Jahr, für ein Projekt oder die ganze Region, mit Quelle und Datum. "
                "Zahl der Projekte und Fördersummen rechnet regiodesk selbst aus den Projekten."
            ),
            indicator_id,
        )


__all__ = ["MonitoringPanel"]
