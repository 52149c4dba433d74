"""Stable places in the menus for what is not a document of the current tab.

Import (Datei → Importieren), the duplicate search, the data-protection actions, deadlines, calls
and written procedures (Extras) and the budget reallocations (Stammdaten) are where they are
whatever tab is shown; each switches to its tab first, as a click on the tab does. „Bearbeiten →
Neuer Eintrag“ names the kind of record it creates, so it is not mistaken for „Datei → Neue
Geschäftsstellen-Datei …“.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from regiodesk.i18n import tr
from regiodesk.ui.office_window import OfficeWindow


@dataclass(frozen=True)
class Place:
    """A menu entry that runs ``method`` of the tab ``tab`` (with ``args``)."""

    label: str
    tab: str
    method: str
    args: tuple = ()
    #: only with a record chosen in that tab (e.g. the person an Auskunft is about)
    needs_record: bool = False


#: Extras: (submenu title or "", entries); "" puts the entries into Extras itself.
EXTRAS: tuple[tuple[str, tuple[Place, ...]], ...] = (
    ("", (Place("&Dubletten finden …", "contacts", "find_duplicates"),)),
    (
        "Datenschutz (&DSGVO)",
        (
            Place("Auskunft über die Person (&PDF) …", "contacts", "write_auskunft", ("pdf",), True),
            Place("Auskunft über die Person (&JSON) …", "contacts", "write_auskunft", ("json",), True),
            Place("Personendaten &löschen …", "contacts", "erase_person", needs_record=True),
            Place("&Eingeschränkte Kontakte …", "contacts", "show_restricted"),
        ),
    ),
    (
        "",
        (
            Place("&Fristen …", "projects", "show_deadlines"),
            Place("Projekt&aufrufe und Ranglisten …", "projects", "show_calls"),
            Place("&Regionalbudget …", "projects", "show_regional_budgets"),
            Place("&Umlaufverfahren …", "meetings", "show_written_procedures"),
        ),
    ),
    (
        "",
        (
            Place("&Beratungsgespräche …", "projects", "show_consultations"),
            Place("&Veranstaltungen …", "meetings", "show_events"),
            Place("&Presse- und Netzwerkarbeit …", "projects", "show_press_network"),
        ),
    ),
)
#: Below the catalogues of the Stammdaten menu.
MASTER_DATA = (Place("&Budgetumschichtungen …", "monitoring", "show_reallocations"),)


class MenuPlaces(QObject):
    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window
        self._needs_record: list[tuple[QAction, Place]] = []

    def add_extras(self, menu: QMenu) -> None:
        """Fill the Extras menu."""
        menu.aboutToShow.connect(self._update_enabled)
        for title, places in EXTRAS:
            if not title and menu.actions():
                menu.addSeparator()
            target = menu.addMenu(tr(title)) if title else menu
            for place in places:
                self._add(target, place)
            if target is not menu:
                target.aboutToShow.connect(self._update_enabled)  # the submenu too: it may open alone

    def add_master_data(self, menu: QMenu) -> None:
        menu.addSeparator()
        for place in MASTER_DATA:
            self._add(menu, place)

    def _add(self, menu: QMenu, place: Place) -> QAction:
        action = menu.addAction(tr(place.label))
        action.triggered.connect(lambda _checked=False, place=place: self.run(place))
        if place.needs_record:
            self._needs_record.append((action, place))
        return action

    def _update_enabled(self) -> None:
        for action, place in self._needs_record:
            action.setEnabled(self.window.tab(place.tab).current_id is not None)

    def run(self, place: Place):
        """Show the place's tab (saving the tab being left), then run its job there."""
        tab = self.window.show_tab(place.tab)
        if self.window.current_tab() is not tab:
            return None  # the tab being left keeps unsaved edits that cannot be saved: it stays
        tab.ensure_loaded()
        if place.needs_record and tab.current_id is None:
            message = tr("Bitte zuerst einen Eintrag in der Liste auswählen.")
            self.window.statusBar().showMessage(message, 8000)
            return None
        return getattr(tab, place.method)(*place.args)

    def name_new_action(self, action: QAction) -> None:
        """„Neuer Eintrag: Kontakt“ in the Kontakte tab, „Neuer Eintrag: Sitzung“ in Sitzungen, …;
        a tab without records of its own (the Übersicht) offers none."""
        service = getattr(self.window.current_tab(), "service", None)
        if service is None:
            action.setText(tr("&Neuer Eintrag"))
            action.setEnabled(False)
            return
        action.setText(tr("&Neuer Eintrag: {kind}", kind=tr(service.model.label)))
        action.setEnabled(not self.window.db.read_only)
