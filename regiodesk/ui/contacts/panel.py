"""The panel of one contact beside its form: further e-mails, phones and addresses, functions,
tags, consents, and where the contact appears."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_date, tr
from regiodesk.services.contact_details import (
    AddressService,
    AffiliationService,
    Appearance,
    ContactEmailService,
    ContactPhoneService,
    appearances,
    contact_tags,
    set_contact_tags,
)
from regiodesk.services.contacts_lists import ConsentService, ContactListService
from regiodesk.ui import dialogs
from regiodesk.ui.activities.press_network import TimelinePage
from regiodesk.ui.record_links import open_record_of
from regiodesk.ui.record_list_dialog import RecordListPanel
from regiodesk.ui.signals import emit
from regiodesk.ui.tables import RowsModel, make_table
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import Banner, page_in, scrolling


class AppearanceModel(RowsModel[Appearance]):
    HEADERS = ("Bereich", "Bezeichnung", "Rolle", "Datum")

    def text(self, row: Appearance, column: int) -> str:
        if column == 3:
            return format_date(row.on) if row.on else ""
        return (row.area, row.what, row.role)[column]

    def row_id(self, row: Appearance) -> str:
        return row.target[1]


class TagsPage(QWidget):
    """The contact's tags: pick an existing one or type a new one; remove with a click."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.contact_id: str | None = None
        self.list = QListWidget()
        self.choice = QComboBox()
        self.choice.setEditable(True)
        self.choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.choice.lineEdit()
        assert line is not None  # an editable combo box has its line edit
        line.setPlaceholderText(tr("Schlagwort wählen oder eingeben"))
        line.returnPressed.connect(self.add_tag)
        self.add_button = QPushButton(tr("Hinzufügen"))
        self.add_button.clicked.connect(self.add_tag)
        self.remove_button = QPushButton(tr("Entfernen"))
        self.remove_button.clicked.connect(self.remove_tag)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        self.banner = Banner()
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr("Schlagwörter ordnen Kontakte (z. B. Presse, Kommune); der Filter der Liste nutzt sie.")
            )
        )
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.banner)

    def show_for(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self.setEnabled(contact_id is not None)
        self.banner.clear_banner()
        self.list.clear()
        if contact_id is not None:
            self.list.addItems(contact_tags(self.db, contact_id))
        self.choice.clear()
        self.choice.addItems(ContactListService(self.db).tags())
        self.choice.setCurrentIndex(-1)
        self.choice.clearEditText()
        self.remove_button.setEnabled(False)

    def tags(self) -> list[str]:
        return [self.list.item(n).text() for n in range(self.list.count())]

    def add_tag(self) -> bool:
        name = " ".join(self.choice.currentText().split())
        if not name or self.contact_id is None:
            return False
        if name.casefold() in {t.casefold() for t in self.tags()}:
            self.choice.clearEditText()
            return False
        return self._store([*self.tags(), name], tr("Schlagwort „{tag}“ hinzufügen", tag=name))

    def remove_tag(self) -> bool:
        items = self.list.selectedItems()
        if not items or self.contact_id is None:
            return False
        gone = items[0].text()
        return self._store(
            [t for t in self.tags() if t != gone], tr("Schlagwort „{tag}“ entfernen", tag=gone)
        )

    def _store(self, names: list[str], label: str) -> bool:
        assert self.contact_id is not None
        try:
            with undoable(self, self.db, label):
                set_contact_tags(self.db, self.contact_id, names)
        except DomainError as error:
            self.banner.show_lines([str(error)], "error")  # the typed name stays in the box
            return False
        self.show_for(self.contact_id)
        emit(self.changed)
        return True


class ConsentsPage(QWidget):
    """Consent records per purpose; withdrawing is one click (dated today)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = ConsentService(db)
        self.consents = RecordListPanel(
            self.service,
            tr("Einwilligungen"),
            tr(
                "Einwilligung je Zweck (z. B. Newsletter, Veröffentlichung von Fotos): Listen und Exporte "
                "für einen Zweck enthalten nur Kontakte mit gültiger Einwilligung."
            ),
            scoped=True,
        )
        self.withdraw_button = self.consents.add_button(tr("Widerrufen"), self.withdraw)
        self.consents.changed.connect(lambda: emit(self.changed))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.consents)

    def show_for(self, contact_id: str | None) -> None:
        self.service.contact_id = contact_id
        self.consents.show_scope(contact_id is not None)

    def local_commands(self):
        return self.consents.local_commands()

    def withdraw(self, consent_id: str) -> bool:
        name = self.service.display_name(consent_id)
        if not dialogs.confirm(
            self,
            tr("Einwilligung widerrufen"),
            tr("Die Einwilligung „{name}“ ab heute als widerrufen eintragen?", name=name),
            yes=tr("Widerrufen"),
        ):
            return False
        try:
            with undoable(self, self.service.db, tr("Einwilligung „{name}“ widerrufen", name=name)):
                self.service.withdraw(consent_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Einwilligung widerrufen"), str(error))
            return False
        self.consents.reload(consent_id)
        emit(self.changed)
        return True


class AppearancesPage(QWidget):
    """Where the contact appears; a double-click opens the body, project or meeting."""

    open_requested = Signal(str, str)  # tab key, record id

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = AppearanceModel(self)
        self.view = make_table(self.model, [90, 280, 180, 90], stretch=1)
        self.view.activated.connect(self._open)
        self.empty = QLabel(tr("Der Kontakt kommt in keinem Gremium, Projekt und keiner Sitzung vor."))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Mitgliedschaften, Projekte und Sitzungen (Doppelklick öffnet):")))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

    def show_for(self, contact_id: str | None) -> None:
        rows = appearances(self.db, contact_id) if contact_id else []
        self.model.set_rows(rows)
        self.empty.setVisible(contact_id is not None and not rows)

    def _open(self, index) -> None:
        row = self.model.row_at(index.row())
        self.open_requested.emit(*row.target)


class ContactPanel(QWidget):
    """``show_for(contact_id)`` fills it; sub-tabs read their data when they are shown."""

    changed = Signal()
    open_requested = Signal(str, str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.contact_id: str | None = None
        # the services of the sub-lists, each scoped to the contact shown
        self.email_service, self.phone_service = ContactEmailService(db), ContactPhoneService(db)
        self.address_service, self.function_service = AddressService(db), AffiliationService(db)
        self.emails = RecordListPanel(self.email_service, tr("E-Mail-Adressen"), scoped=True)
        self.phones = RecordListPanel(self.phone_service, tr("Telefonnummern"), scoped=True)
        self.addresses = RecordListPanel(
            self.address_service,
            tr("Anschriften"),
            tr("Die erste Anschrift, E-Mail und Telefonnummer zeigt das Formular; hier stehen alle."),
            scoped=True,
        )
        self.functions = RecordListPanel(
            self.function_service,
            tr("Funktionen"),
            tr(
                "Funktionen einer Person bei Institutionen (oder die Personen einer Institution), "
                "mit Zeitraum."
            ),
            scoped=True,
        )
        self.tags_page = TagsPage(db)
        self.consents_page = ConsentsPage(db)
        self.appearances_page = AppearancesPage(db)
        self.appearances_page.open_requested.connect(self.open_requested)
        self.timeline_page = TimelinePage(db, "contact")
        self.timeline_page.entry_opened.connect(lambda table, rid: open_record_of(self.window(), table, rid))

        reach = QWidget()
        reach_layout = QVBoxLayout(reach)
        for title, panel in (
            (tr("E-Mail-Adressen"), self.emails),
            (tr("Telefonnummern"), self.phones),
        ):
            label = QLabel(f"<b>{title}</b>")
            reach_layout.addWidget(label)
            reach_layout.addWidget(panel, 1)
        self.tabs = QTabWidget()
        # Each page scrolls on its own: the window stays no taller than a laptop's screen.
        for page, title in (
            (reach, tr("E-Mail und Telefon")),
            (self.addresses, tr("Anschriften")),
            (self.functions, tr("Funktionen")),
            (self.tags_page, tr("Schlagwörter")),
            (self.consents_page, tr("Einwilligungen")),
            (self.appearances_page, tr("Vorkommen")),
            (self.timeline_page, tr("Chronik")),
        ):
            self.tabs.addTab(scrolling(page), title)
        self._stale: set[int] = set()
        self.tabs.currentChanged.connect(lambda _index: self._refresh_current())
        for panel in (self.emails, self.phones, self.addresses, self.functions):
            panel.changed.connect(lambda: emit(self.changed))
        self.tags_page.changed.connect(lambda: emit(self.changed))
        self.consents_page.changed.connect(lambda: emit(self.changed))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.tabs, 1)

    def show_for(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self._stale = set(range(self.tabs.count()))
        self.tabs.setEnabled(contact_id is not None)
        self._refresh_current()

    def _refresh_current(self) -> None:
        index = self.tabs.currentIndex()
        if index not in self._stale:
            return
        self._stale.discard(index)
        contact_id = self.contact_id
        scoped = contact_id is not None
        page = page_in(self.tabs.widget(index))
        if index == 0:
            self.email_service.contact_id = self.phone_service.contact_id = contact_id
            for panel in (self.emails, self.phones):
                panel.show_scope(scoped)
        elif page is self.addresses:
            self.address_service.contact_id = contact_id
            self.addresses.show_scope(scoped)
        elif page is self.functions:
            self.function_service.contact_id = contact_id
            self.functions.show_scope(scoped)
        elif isinstance(page, (TagsPage, ConsentsPage, AppearancesPage, TimelinePage)):
            page.show_for(contact_id)

    def current_page(self) -> QWidget | None:
        return page_in(self.tabs.currentWidget())

    def select_page(self, title: str) -> QWidget:
        for n in range(self.tabs.count()):
            page = self.tabs.widget(n)
            if self.tabs.tabText(n) == title and page is not None:
                self.tabs.setCurrentIndex(n)
                page = page_in(page)
                assert page is not None
                return page
        raise KeyError(title)


__all__ = ["ContactPanel"]
