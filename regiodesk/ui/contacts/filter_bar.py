"""The filter above the contact list: type, tag, body, consent, and saved filters
(Verteiler) that the exports, letters and e-mail drafts use."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.enums import ContactKind
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.services import lookups
from regiodesk.services.contacts_lists import ALL, ConsentService, ContactFilter, ContactListService
from regiodesk.ui import dialogs
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import undoable


def _combo(tooltip: str) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(tooltip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumContentsLength(10)
    return combo


class ContactFilterBar(QWidget):
    """``criteria(text)`` is what the list shows; ``changed`` when a choice changes."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.lists = ContactListService(db)
        self._filling = False
        self.saved = _combo(tr("Gespeicherte Filter (Verteiler) für Exporte, Briefe und E-Mails"))
        self.kind = _combo(tr("Personen oder Institutionen"))
        self.tag = _combo(tr("Nur Kontakte mit diesem Schlagwort"))
        self.body = _combo(tr("Nur heutige Mitglieder dieses Gremiums"))
        self.consent = _combo(tr("Nur Kontakte mit gültiger Einwilligung für diesen Zweck"))
        self.save_button = QPushButton(tr("Als Verteiler speichern …"))
        self.save_button.clicked.connect(self.save_list)
        self.delete_button = QPushButton(tr("Verteiler löschen"))
        self.delete_button.clicked.connect(self.delete_list)
        self.reset_button = QPushButton(tr("Alle zeigen"))
        self.reset_button.clicked.connect(self.reset)
        self.saved.currentIndexChanged.connect(self._saved_chosen)
        for combo in (self.kind, self.tag, self.body, self.consent):
            combo.currentIndexChanged.connect(self._choice_changed)
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(QLabel(tr("Verteiler:")))
        first.addWidget(self.saved, 1)
        first.addWidget(self.save_button)
        first.addWidget(self.delete_button)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        for combo in (self.kind, self.tag, self.body, self.consent):
            second.addWidget(combo, 1)
        second.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        #: the free text of the list (the tab's filter line), kept with a saved filter
        self.text = ""
        self.refresh_options()

    # ------------------------------------------------------------ options
    def refresh_options(self) -> None:
        """Read tags, bodies, purposes and saved filters again; keep what is chosen."""
        current = self.criteria()
        saved_id = self.saved.currentData()
        self._filling = True
        try:
            self._fill(self.kind, tr("alle Arten"), [(k.value, k.label) for k in ContactKind])
            self._fill(self.tag, tr("alle Schlagwörter"), [(t, t) for t in self.lists.tags()])
            self._fill(self.body, tr("alle Gremien"), lookups.options(self.db, "bodies"))
            purposes = ConsentService(self.db).purposes()
            self._fill(
                self.consent, tr("Einwilligung: egal"), [(p, tr("Einwilligung: {p}", p=p)) for p in purposes]
            )
            self._fill(
                self.saved, tr("(kein Verteiler)"), [(lid, name) for lid, name, _c in self.lists.lists()]
            )
            self._set(current)
            index = self.saved.findData(saved_id)
            self.saved.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
        self._update_buttons()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        combo.clear()
        combo.addItem(everything, None)
        for value, label in items:
            combo.addItem(label, value)

    # ------------------------------------------------------------ criteria
    def criteria(self, text: str | None = None) -> ContactFilter:
        return ContactFilter(
            text=self.text if text is None else text,
            kind=self.kind.currentData(),
            tag=self.tag.currentData(),
            body_id=self.body.currentData(),
            consent=self.consent.currentData(),
        )

    def is_active(self) -> bool:
        """True when the choices (not the free text) narrow the list."""
        return self.criteria(text="") != ALL

    def _set(self, criteria: ContactFilter) -> None:
        for combo, value in (
            (self.kind, criteria.kind),
            (self.tag, criteria.tag),
            (self.body, criteria.body_id),
            (self.consent, criteria.consent),
        ):
            index = combo.findData(value) if value else 0
            if index < 0:  # a tag or purpose no longer in use: keep it selectable
                combo.addItem(str(value), value)
                index = combo.count() - 1
            combo.setCurrentIndex(index)

    def apply(self, criteria: ContactFilter) -> None:
        self._filling = True
        try:
            self._set(criteria)
            self.text = criteria.text
        finally:
            self._filling = False
        self._update_buttons()
        emit(self.changed)

    def reset(self) -> None:
        self._filling = True
        try:
            self.saved.setCurrentIndex(0)
        finally:
            self._filling = False
        self.apply(ContactFilter())

    def _choice_changed(self) -> None:
        if self._filling:
            return
        self._update_buttons()
        emit(self.changed)

    def _saved_chosen(self) -> None:
        if self._filling:
            return
        list_id = self.saved.currentData()
        if list_id is None:
            self._update_buttons()
            return
        try:
            criteria = self.lists.load_list(list_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Verteiler"), str(error))
            self.refresh_options()
            return
        self.apply(criteria)

    def _update_buttons(self) -> None:
        self.delete_button.setEnabled(self.saved.currentData() is not None)
        self.reset_button.setEnabled(self.is_active() or bool(self.text.strip()))

    # ------------------------------------------------------------ saved filters
    def save_list(self) -> str | None:
        """Save what the list shows now as a Verteiler (a new one, or the chosen one again)."""
        criteria = self.criteria()
        if criteria == ALL:
            dialogs.show_error(
                self,
                tr("Verteiler speichern"),
                tr("Bitte zuerst filtern (Suchtext, Art, Schlagwort, Gremium oder Einwilligung)."),
            )
            return None
        current_id = self.saved.currentData()
        name = dialogs.ask_text(
            self,
            tr("Verteiler speichern"),
            tr("Name des Verteilers (ein vorhandener Name ersetzt diesen Verteiler):"),
            self.saved.currentText() if current_id else "",
        )
        if name is None:
            return None
        existing = {n: lid for lid, n, _c in self.lists.lists()}
        list_id = existing.get(name.strip())
        if list_id is not None and list_id != current_id:
            if not dialogs.confirm(
                self,
                tr("Verteiler speichern"),
                tr("Den Verteiler „{name}“ gibt es schon. Ersetzen?", name=name.strip()),
                yes=tr("Ersetzen"),
            ):
                return None
        elif list_id is None and current_id is not None and name.strip() == self.saved.currentText():
            list_id = current_id
        try:
            with undoable(self, self.lists.db, tr("Verteiler „{name}“ speichern", name=name.strip())):
                saved_id = self.lists.save_list(name, criteria, list_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Verteiler speichern"), str(error))
            return None
        self._filling = True
        try:
            self.refresh_options()
            self.saved.setCurrentIndex(max(self.saved.findData(saved_id), 0))
        finally:
            self._filling = False
        self._update_buttons()
        return saved_id

    def delete_list(self) -> bool:
        list_id = self.saved.currentData()
        if list_id is None:
            return False
        name = self.saved.currentText()
        if not dialogs.confirm(
            self,
            tr("Verteiler löschen"),
            tr("Den Verteiler „{name}“ löschen? Die Kontakte bleiben erhalten.", name=name),
            yes=tr("Löschen"),
        ):
            return False
        try:
            with undoable(self, self.lists.db, tr("Verteiler „{name}“ löschen", name=name)):
                self.lists.delete_list(list_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Verteiler löschen"), str(error))
        self._filling = True
        try:
            self.saved.setCurrentIndex(0)
            self.refresh_options()
        finally:
            self._filling = False
        self._update_buttons()
        return True


__all__ = ["ContactFilterBar"]
