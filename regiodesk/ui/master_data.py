"""„Stammdaten“: the office's catalogues in one window, a list of catalogues on the left.

Each page is a RecordListPanel on a catalogue service (regiodesk.services.catalogues) with
Neu / Bearbeiten / Löschen, plus „Deaktivieren“/„Aktivieren“ and „Verlauf …“. An entry in use
cannot be deleted (the service says where it is used); deactivating it stops offering it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services import lookups
from regiodesk.services.catalogues import (
    ActionFieldCatalogue,
    Catalogue,
    ConsentPurposeService,
    CriterionCatalogue,
    DevelopmentGoalCatalogue,
    FundingPeriodCatalogue,
    InterestGroupCatalogue,
    TagCatalogue,
)
from regiodesk.services.funding_periods import FundingRateService
from regiodesk.services.region import current_funding_period_id
from regiodesk.services.undo import UndoableAction
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.history_dialog import HistoryDialog
from regiodesk.ui.master_data_pages import PAGES
from regiodesk.ui.record_list_dialog import RecordListPanel
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import report, undoable


class CataloguePanel(RecordListPanel):
    """A catalogue list: „Deaktivieren“ and „Verlauf“ beside Neu / Bearbeiten / Löschen."""

    def __init__(self, service: Catalogue, title: str, hint: str = "", defaults=None, parent=None):
        super().__init__(service, title, hint, defaults, parent)  # type: ignore[arg-type]
        self.toggle_button = self.add_button(tr("Deaktivieren"), self.toggle_active)
        self.history_button = self.add_button(tr("Verlauf …"), self.show_history)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_toggle())

    def _update_toggle(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            return
        active = self.service.is_active(record_id)  # type: ignore[attr-defined]
        self.toggle_button.setText(tr("Deaktivieren") if active else tr("Aktivieren"))

    def toggle_active(self, record_id: str) -> bool:
        service = self.service
        active = not service.is_active(record_id)  # type: ignore[attr-defined]
        name = service.display_name(record_id)
        label = tr("„{name}“ aktivieren", name=name) if active else tr("„{name}“ deaktivieren", name=name)
        try:
            with undoable(self, service.db, label, record_id):
                service.set_active(record_id, active)  # type: ignore[attr-defined]
        except DomainError as error:
            dialogs.show_error(self, tr("Stammdaten"), str(error))
            return False
        self.reload(record_id)
        self._update_toggle()
        emit(self.changed)
        return True

    def show_history(self, record_id: str) -> HistoryDialog:
        dialog = HistoryDialog(self.service, record_id, self)
        dialog.restored.connect(self._restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _restored(self, action: UndoableAction) -> None:
        """An old value set again from the Verlauf: Rückgängig can take it back."""
        report(self, action)
        self.reload(action.record_id)
        emit(self.changed)

    def delete_record(self) -> bool:
        """An entry in use is refused before asking (deactivate it instead)."""
        record_id = self.selected_id()
        if record_id is None:
            return False
        impact = self.service.delete_impact(record_id)
        if impact:
            dialogs.show_error(self, tr("Löschen nicht möglich"), impact)
            return False
        return super().delete_record()


class _ScopedPage(QWidget):
    """A catalogue with a second list of the selected entry's children below (goals, rates)."""

    def __init__(self, main: CataloguePanel, child: RecordListPanel, child_label: str, scope: str):
        super().__init__()
        self.main, self.child, self._scope = main, child, scope
        self.child_label = QLabel(child_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(main)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        lower_layout.addWidget(self.child_label)
        lower_layout.addWidget(child, 1)
        splitter.addWidget(lower)
        layout.addWidget(splitter, 1)
        main.view.selectionModel().selectionChanged.connect(lambda *_args: self._scoped())
        main.changed.connect(self._scoped)
        self._scoped()

    def _scoped(self) -> None:
        selected = self.main.selected_id()
        setattr(self.child.service, self._scope, selected)
        self.child.show_scope(selected is not None)


class CriteriaPage(QWidget):
    """The selection criteria of one funding period (the current one first)."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.period = QComboBox()
        self.service = CriterionCatalogue(db, current_funding_period_id(db))
        self.panel = CataloguePanel(
            self.service,
            tr("Auswahlkriterien"),
            tr(
                "Die Kriterien der Projektauswahl je Förderperiode, mit Höchstpunktzahl und Pflichtkriterien."
            ),
        )
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Förderperiode:")))
        top.addWidget(self.period, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        self.fill_periods()
        self.period.currentIndexChanged.connect(lambda _n: self._period_chosen())

    def fill_periods(self) -> None:
        chosen = self.service.funding_period_id
        self.period.blockSignals(True)
        self.period.clear()
        for period_id, name in lookups.options(self.db, "funding_periods"):
            self.period.addItem(name, period_id)
        index = self.period.findData(chosen)
        self.period.setCurrentIndex(max(index, 0))
        self.period.blockSignals(False)
        self._period_chosen()

    def _period_chosen(self) -> None:
        self.service.funding_period_id = self.period.currentData()
        self.panel.show_scope(self.service.funding_period_id is not None)


class MasterDataDialog(QDialog):
    """The Stammdaten window (not modal); ``show_page(key)`` opens a catalogue."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("Stammdaten"))
        self.pages: dict[str, QWidget] = {}
        self.panels: dict[str, CataloguePanel] = {}
        self.catalogues = QListWidget()
        self.catalogues.setMaximumWidth(250)
        self.catalogues.setSpacing(3)
        self.stack = QStackedWidget()
        for key, title in PAGES.items():
            page = self._page(key)
            self.pages[key] = page
            self.stack.addWidget(page)
            self.catalogues.addItem(tr(title))
        for panel in self.panels.values():
            panel.changed.connect(lambda: emit(self.changed))
        self.catalogues.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.catalogues.setCurrentRow(0)
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        body = QHBoxLayout()
        body.addWidget(self.catalogues)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, 1060, 600)

    def _page(self, key: str) -> QWidget:
        db = self.db
        if key == "interest_groups":
            panel = CataloguePanel(
                InterestGroupCatalogue(db),
                tr("Interessengruppen"),
                tr(
                    "Die Gruppen, die stimmberechtigte Mitglieder vertreten. Alle Gruppen mit „öffentlicher "
                    "Sektor“ zählen bei der doppelten Beschlussfähigkeit als eine Gruppe."
                ),
            )
        elif key == "action_fields":
            panel = CataloguePanel(
                ActionFieldCatalogue(db),
                tr("Handlungsfelder"),
                tr("Die Handlungsfelder der Entwicklungsstrategie mit ihrem geplanten Budget."),
            )
            goals = CataloguePanel(DevelopmentGoalCatalogue(db), tr("Entwicklungsziele"))
            goals_service = goals.service
            goals._defaults = lambda: {"action_field_id": goals_service.action_field_id}  # type: ignore[attr-defined]
            self.panels["development_goals"] = goals
            self.panels[key] = panel
            return _ScopedPage(
                panel, goals, tr("Entwicklungsziele des gewählten Handlungsfelds:"), "action_field_id"
            )
        elif key == "funding_periods":
            panel = CataloguePanel(
                FundingPeriodCatalogue(db),
                tr("Förderperioden"),
                tr("Budget, Höchstzuschuss je Projekt und Mindestpunktzahl je Förderperiode."),
            )
            rates = RecordListPanel(FundingRateService(db), tr("Fördersätze"))
            rates_service = rates.service
            rates._defaults = lambda: {"funding_period_id": rates_service.funding_period_id}  # type: ignore[attr-defined]
            self.rates = rates
            self.panels[key] = panel
            return _ScopedPage(
                panel,
                rates,
                tr(
                    "Fördersätze der gewählten Förderperiode "
                    "(je Projektart, mit öffentlicher Kofinanzierung):"
                ),
                "funding_period_id",
            )
        elif key == "criteria":
            page = CriteriaPage(db)
            self.criteria = page
            self.panels[key] = page.panel
            return page
        elif key == "tags":
            panel = CataloguePanel(TagCatalogue(db), tr("Schlagwörter"), tr("Schlagwörter für Kontakte."))
        else:
            panel = CataloguePanel(
                ConsentPurposeService(db),
                tr("Einwilligungszwecke"),
                tr(
                    "Wofür Kontakte einwilligen können. Umbenennen ändert den Zweck auch bei den erfassten "
                    "Einwilligungen; ein Zweck mit Einwilligungen kann nur deaktiviert werden."
                ),
            )
        self.panels[key] = panel
        return panel

    def reload(self) -> None:
        """Rückgängig changed a catalogue: every list shown reads again, keeping its selection."""
        panels: list[RecordListPanel] = [
            *self.panels.values(),
            *([self.rates] if hasattr(self, "rates") else []),
        ]
        for panel in panels:
            if panel.isEnabled():  # a list of the entries of no selected owner stays empty
                panel.reload(panel.selected_id())

    def show_page(self, key: str) -> QWidget:
        self.catalogues.setCurrentRow(list(PAGES).index(key))
        if key == "criteria":
            self.criteria.fill_periods()
        return self.pages[key]

    def panel(self, key: str) -> CataloguePanel:
        return self.panels[key]
