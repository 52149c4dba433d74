"""„Einstellungen der Region …“: everything the assistant asked, and the rest, in tabs.

One tab per group of RegionService's fields (each a RecordForm, so errors show beside the
field) plus the logo; „Speichern“ writes what changed through the service (change log, sync).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.fields.tables import AUTHORITY, FUNDING, LETTERS, NEW_BODY_RULES, OFFICE, REGION
from regiodesk.i18n import tr
from regiodesk.services.region import RegionService
from regiodesk.ui import dialogs
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.logo_picker import LogoPicker
from regiodesk.ui.record_form import RecordForm
from regiodesk.ui.undo_report import undoable

#: (tab title, field group of RegionService)
TABS = (
    ("Region", REGION),
    ("Geschäftsstelle und Briefkopf", OFFICE),
    ("Bewilligungsstelle", AUTHORITY),
    ("Fristen und Förderung", FUNDING),
    ("Geschäftsordnung", NEW_BODY_RULES),
    ("Briefe und Sitzungen", LETTERS),
)


def section_service(db: Database, group: str) -> RegionService:
    """RegionService limited to one group's fields (the form of one tab)."""
    # Only "fields" in the class body: RegionService's adjusted declarations stay as they are.
    cls = type(
        f"RegionService_{group}",
        (RegionService,),
        {"fields": tuple(f for f in RegionService.fields if f.group == group)},
    )
    return cls(db)


class RegionSettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, db: Database, settings_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.settings_id = settings_id
        self.setWindowTitle(tr("Einstellungen der Region"))
        self.tabs = QTabWidget()
        self.forms: dict[str, RecordForm] = {}
        values = RegionService(db).load(settings_id)
        for title, group in TABS:
            form = RecordForm(section_service(db, group))
            form.set_values(values)
            self.forms[group] = form
            if group == OFFICE:
                page = QWidget()
                layout = QVBoxLayout(page)
                box = QGroupBox(tr("Logo im Briefkopf"))
                box_layout = QVBoxLayout(box)
                self.logo = LogoPicker()
                self.logo.set_logo(*RegionService(db).logo(settings_id))
                self.logo.changed.connect(self._logo_changed)
                box_layout.addWidget(self.logo)
                layout.addWidget(box)
                layout.addWidget(form, 1)
                self.tabs.addTab(page, tr(title))
            else:
                self.tabs.addTab(form, tr(title))
        self._logo_dirty = False
        hint = QLabel(
            tr(
                "Interessengruppen, Handlungsfelder, Förderperioden, Auswahlkriterien, Schlagwörter und "
                "Einwilligungszwecke pflegen Sie unter „Stammdaten“."
            )
        )
        hint.setWordWrap(True)
        self.buttons, _save = dialogs.accept_cancel_buttons(
            self, tr("Speichern"), self.save, QDialogButtonBox.StandardButton.Save
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 920, 600)

    def _logo_changed(self) -> None:
        self._logo_dirty = True

    def is_dirty(self) -> bool:
        return self._logo_dirty or any(form.is_dirty() for form in self.forms.values())

    def reload(self) -> None:
        """Rückgängig changed the settings: show them as stored (unless the user is typing)."""
        if self.is_dirty():
            return
        values = RegionService(self.db).load(self.settings_id)
        for form in self.forms.values():
            form.set_values(values)
        self.logo.set_logo(*RegionService(self.db).logo(self.settings_id))
        self._logo_dirty = False

    def save(self) -> bool:
        """Write every tab that changed (one step for Rückgängig); a refusal keeps the dialog open."""
        with undoable(self, self.db, tr("Einstellungen der Region ändern")):
            return self._save()

    def _save(self) -> bool:
        # Check every tab before writing any, so that a refusal leaves the file unchanged.
        for n, (_title, group) in enumerate(TABS):
            form = self.forms[group]
            _values, errors, changed = form.collect()
            errors = {k: v for k, v in errors.items() if k in changed}
            if errors:
                form.show_errors(errors)
                self.tabs.setCurrentIndex(n)
                return False
        for n, (_title, group) in enumerate(TABS):
            form = self.forms[group]
            if not form.is_dirty():
                continue
            if form.guarded(partial(form.write, self.settings_id)) is None:
                self.tabs.setCurrentIndex(n)
                return False
            form.mark_clean()
        if self._logo_dirty:
            try:
                RegionService(self.db).set_logo(self.settings_id, self.logo.logo, self.logo.mime)
            except (ValidationError, DomainError) as error:
                dialogs.show_error(self, tr("Logo"), str(error))
                return False
            self._logo_dirty = False
        self.saved.emit()
        self.accept()
        return True

    def reject(self) -> None:
        if self.is_dirty() and not dialogs.confirm(
            self, tr("Verwerfen"), tr("Die ungespeicherten Eingaben verwerfen?"), yes=tr("Verwerfen")
        ):
            return
        super().reject()
