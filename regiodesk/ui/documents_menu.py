"""Datei → Drucken (Strg+P) and „Dokumente erstellen“: what the current tab offers."""

from __future__ import annotations

from PySide6.QtCore import QObject

from regiodesk.i18n import tr
from regiodesk.ui.office_window import OfficeWindow


class DocumentActions(QObject):
    def __init__(self, window: OfficeWindow):
        super().__init__(window)
        self.window = window

    def fill_documents_menu(self) -> None:
        """The documents the current tab offers; Strg+P prints its main one."""
        window = self.window
        menu = window.documents_menu
        menu.clear()
        tab = window.current_tab()
        printable = {"meetings": tr("Protokoll der Sitzung"), "bodies": tr("Mitgliederliste")}
        key = tab.key
        window.print_action.setText(
            tr("&Drucken: {what} …", what=printable[key]) if key in printable else tr("&Drucken …")
        )
        actions = getattr(tab, "document_actions", None)
        entries = actions() if callable(actions) else []
        for entry in entries:
            action = menu.addAction(entry.label)
            action.setEnabled(entry.enabled)
            action.triggered.connect(lambda _checked=False, run=entry.run: run())
        if not entries:
            menu.addAction(tr("(in diesem Bereich keine Dokumente)")).setEnabled(False)

    def print_document(self) -> bool:
        """Strg+P: the main document of the record shown (minutes of a meeting, member list of a body)."""
        tab = self.window.current_tab()
        print_document = getattr(tab, "print_document", None)
        if not callable(print_document) or not print_document():
            self.window.statusBar().showMessage(
                tr("Hier gibt es nichts zu drucken: Bitte eine Sitzung oder ein Gremium auswählen."), 8000
            )
            return False
        return True
