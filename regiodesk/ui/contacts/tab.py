"""Kontakte: persons and institutions; the list may hold tens of thousands.

Above the list a filter by type, tag, body and consent that can be saved as a distribution
list (Verteiler); beside the form the contact's e-mails, phones, addresses, functions, tags,
consents and where it appears. The Dokumente menu imports lists, finds duplicates, exports
the filtered list (Excel, CSV, vCard), prints labels and serial letters, writes e-mail
drafts, and answers data-protection requests (Auskunft, Löschen).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.files import write_atomically
from regiodesk.i18n import plural, tr
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_duplicates import DuplicateService
from regiodesk.services.contacts_lists import ContactFilter, ContactListService
from regiodesk.services.contacts_privacy import PrivacyService
from regiodesk.ui import dialogs
from regiodesk.ui.contacts.filter_bar import ContactFilterBar
from regiodesk.ui.contacts.letters import LetterDialog, LetterText
from regiodesk.ui.contacts.panel import ContactPanel
from regiodesk.ui.export import DocumentAction, export_folder, file_name, save_document
from regiodesk.ui.operations import Operation
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.saved_document import announce_saved
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import undoable
from regiodesk.ui.widgets import show_once

LABEL_LAYOUTS = (
    ("L7163", "Avery Zweckform L7163 (2 × 7, 99,1 × 38,1 mm)"),
    ("3474", "Avery Zweckform 3474 (3 × 8, 70 × 37 mm)"),
)


class ContactsTab(RecordTab):
    key = "contacts"
    title = "Kontakte"
    service_class = ContactService
    sort_by = "name"
    # 20,000 contacts take about half a second to read: not on the GUI thread.
    background_load = True
    # Nothing another tab saves changes the list's columns, so 20,000 contacts are not read
    # again for it; the filter's choices and the panel (memberships, projects, meetings) are
    # cheap and refreshed each time the tab is shown.
    panel: ContactPanel  # type: ignore[assignment]

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(db, parent)
        self._windows: dict[str, QWidget] = {}
        self._letter = LetterText(body="{Anrede},\n\n")
        self._mail = LetterText()
        self.filter_bar = ContactFilterBar(db)
        self._options_read = True
        self.filter_bar.changed.connect(self._criteria_changed)
        self.filter_edit.textChanged.connect(self._text_changed)
        self.panel.changed.connect(self._panel_changed)
        self.panel.open_requested.connect(self._open_elsewhere)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.filter_bar)

    def make_panel(self) -> ContactPanel:  # type: ignore[override]  # any widget with show_for()
        return ContactPanel(self.service.db)

    # ------------------------------------------------------------ filtering
    def criteria(self) -> ContactFilter:
        """What the list shows: the filter bar's choices and the text typed above the list."""
        return self.filter_bar.criteria(self.filter_edit.text().strip())

    def _text_changed(self, text: str) -> None:
        self.filter_bar.text = text.strip()
        self.filter_bar._update_buttons()

    def _criteria_changed(self) -> None:
        if self.filter_edit.text().strip() != self.filter_bar.text:
            self.filter_edit.setText(self.filter_bar.text)  # a saved filter brings its text
        self._restrict()
        current = self.current_id
        hidden = current is None or self.model.row_of(current) is None
        if hidden and not self.is_new and not self.form.is_dirty() and self.model.visible_count:
            self._show_record(self.model.id_at(0))  # the form shows a contact of the list
        self._sync_selection(scroll=True)
        emit(self.counts_changed)

    def _restrict(self) -> None:
        if not self.filter_bar.is_active():
            self.model.set_allowed(None)
            return
        criteria = self.filter_bar.criteria(text="")
        self.model.set_allowed(ContactListService(self.service.db).matching_ids(criteria))

    def _apply(self, prepared) -> None:
        if self.filter_bar.is_active():
            self._restrict()  # new or changed contacts may now match, or no longer
        super()._apply(prepared)

    def show_changed(self, record_id: str | None) -> None:
        """After Rückgängig: a tag or a Verteiler may have come or gone, too."""
        self.filter_bar.refresh_options()
        super().show_changed(record_id)

    def activate(self) -> None:
        if self._options_read:
            # the bar read them when it was built, by the click that first shows the tab (a
            # second reading of 50,000 consents' purposes froze that click for another 0.1 s)
            self._options_read = False
        else:
            self.filter_bar.refresh_options()
        if self.is_loaded and not self._stale and self.current_id is not None:
            self.panel.show_for(self.current_id)
        super().activate()

    # ------------------------------------------------------------ saving
    def save(self, reveal: bool = True) -> bool:
        if self.is_new and self.form.is_dirty() and not self._duplicates_confirmed():
            return False
        saved = super().save(reveal)
        if saved and self.filter_bar.is_active() and self.current_id is not None:
            self._restrict()
            if reveal and self.model.row_of(self.current_id) is None:
                self.filter_bar.reset()  # the filter would hide what was just saved
                self._sync_selection(scroll=True)
        return saved

    def _duplicates_confirmed(self) -> bool:
        """A new contact that probably exists already: ask before creating it twice."""
        values, errors, _changed = self.form.collect()
        if errors:
            return True  # the save shows the errors
        candidates = DuplicateService(self.service.db).candidates(values)
        if not candidates:
            return True
        lines = [f"• {c.name} ({c.reason})" for c in candidates[:5]]
        if len(candidates) > 5:
            lines.append(tr("… und {n} weitere", n=len(candidates) - 5))
        return dialogs.confirm(
            self,
            tr("Mögliche Dublette"),
            tr(
                "Diesen Kontakt gibt es vielleicht schon:\n{lines}\n\nTrotzdem neu anlegen? (Mit "
                "„Abbrechen“ bleibt die Eingabe erhalten; doppelte Kontakte lassen sich später über "
                "„Dubletten finden“ zusammenführen.)",
                lines="\n".join(lines),
            ),
            yes=tr("Trotzdem anlegen"),
        )

    def _panel_changed(self) -> None:
        if self.current_id is not None:
            self._refresh_rows([self.current_id])  # the first e-mail, phone or town may have changed
            if not self.form.is_dirty():
                self._show_record(self.current_id)
        self.filter_bar.refresh_options()
        emit(self.changed)

    def _open_elsewhere(self, tab_key: str, record_id: str) -> None:
        window = self.window()
        show_tab = getattr(window, "show_tab", None)
        if callable(show_tab):
            tab = show_tab(tab_key)
            tab.ensure_loaded()
            tab.select_id(record_id)

    # ------------------------------------------------------------ documents
    def document_actions(self) -> list[DocumentAction]:
        has = self.current_id is not None
        return [
            DocumentAction(tr("Gefilterte Liste als Excel …"), lambda: self.export_list("xlsx")),
            DocumentAction(tr("Gefilterte Liste als CSV …"), lambda: self.export_list("csv")),
            DocumentAction(
                tr("Gefilterte Liste als vCard (Outlook, Thunderbird) …"), lambda: self.export_list("vcf")
            ),
            DocumentAction(tr("Adressetiketten (PDF) …"), self.print_labels),
            DocumentAction(tr("Serienbrief (PDF) …"), self.write_serial_letter),
            DocumentAction(tr("E-Mail an die Liste (Entwurf, Bcc) …"), self.write_email_drafts),
            DocumentAction(tr("E-Mail-Adressen der Liste kopieren"), self.copy_addresses),
            DocumentAction(tr("Auskunft über die Person (PDF) …"), lambda: self.write_auskunft("pdf"), has),
            DocumentAction(tr("Auskunft über die Person (JSON) …"), lambda: self.write_auskunft("json"), has),
        ]

    def _status(self, text: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 15000)

    def _list_name(self) -> str:
        saved = self.filter_bar.saved
        return saved.currentText() if saved.currentData() is not None else tr("Kontakte")

    def export_list(self, kind: str) -> bool:
        if not self.commit_pending():
            return False
        from regiodesk.reports import contacts_export

        db, criteria = self.service.db, self.criteria()
        produce = {
            "xlsx": lambda: contacts_export.contacts_xlsx(db, criteria),
            "csv": lambda: contacts_export.contacts_csv(db, criteria),
            "vcf": lambda: contacts_export.contacts_vcf(db, criteria),
        }[kind]
        name = file_name(self._list_name(), date.today().isoformat(), suffix=f".{kind}")
        return save_document(self, tr("Kontaktliste speichern"), name, produce) is not None

    def print_labels(self) -> bool:
        if not self.commit_pending():
            return False
        chosen = dialogs.choose(
            self, tr("Adressetiketten"), tr("Etikettenbogen:"), [label for _key, label in LABEL_LAYOUTS]
        )
        if chosen is None:
            return False
        layout = LABEL_LAYOUTS[chosen][0]
        from regiodesk.reports import contact_letters
        from regiodesk.services.contacts_lists import ContactListService

        db = self.service.db
        cards = ContactListService(db).cards(self.criteria())
        with_address = [c for c in cards if c.street or c.city]
        without = [c.name for c in cards if not (c.street or c.city)]
        if not with_address:
            dialogs.show_error(
                self,
                tr("Adressetiketten"),
                tr("Kein Kontakt der Liste hat eine Postanschrift; es gibt nichts zu drucken."),
            )
            return False
        name = file_name(tr("Etiketten"), self._list_name(), layout, suffix=".pdf")
        saved = save_document(
            self,
            tr("Adressetiketten speichern"),
            name,
            lambda: contact_letters.labels_pdf(db, layout=layout, cards=with_address),
        )
        if saved is None:
            return False
        if without:
            # a label silently missing would be noticed only at the post office
            shown = ", ".join(without[:10]) + (
                tr(" und {n} weitere", n=len(without) - 10) if len(without) > 10 else ""
            )
            dialogs.show_info(
                self,
                tr("Adressetiketten"),
                tr(
                    "{n} Etiketten. Ohne Postanschrift und daher ohne Etikett ({m}): {names}",
                    n=len(with_address),
                    m=len(without),
                    names=shown,
                ),
            )
        return True

    def _letter_dialog(self, key: str, make) -> LetterDialog:
        """One window per kind; shown again when asked a second time."""
        return show_once(self._windows, key, make)

    def write_serial_letter(self) -> LetterDialog | None:
        if not self.commit_pending():
            return None
        from regiodesk.reports.contact_letters import PLACEHOLDERS

        count = len(ContactListService(self.service.db).matching_ids(self.filter_bar.criteria(text="")))

        def make() -> LetterDialog:
            dialog = LetterDialog(
                tr("Serienbrief"),
                tr(
                    "Ein Brief je Kontakt der gefilterten Liste (zurzeit etwa {n}), mit Briefkopf und "
                    "Anschrift. Die Platzhalter werden je Kontakt ersetzt.",
                    n=count,
                ),
                list(PLACEHOLDERS),
                tr("Unterschrift"),
                self._letter,
                self,
            )
            dialog.accepted_text.connect(self._serial_letter_text)
            return dialog

        return self._letter_dialog("letter", make)

    def _serial_letter_text(self, text: LetterText) -> None:
        self._letter = text  # kept: the next letter starts from it
        from regiodesk.reports import contact_letters

        db, criteria = self.service.db, self.criteria()
        name = file_name(tr("Serienbrief"), text.subject[:40], suffix=".pdf")
        save_document(
            self,
            tr("Serienbrief speichern"),
            name,
            lambda: contact_letters.serial_letter_pdf(
                db, criteria, text.subject, text.body, signature=text.extra
            ),
        )

    def write_email_drafts(self) -> LetterDialog | None:
        if not self.commit_pending():
            return None

        def make() -> LetterDialog:
            dialog = LetterDialog(
                tr("E-Mail an die Liste"),
                tr(
                    "regiodesk schreibt E-Mail-Entwürfe (.eml) mit den Adressen der gefilterten Liste in "
                    "Bcc, höchstens 50 je Entwurf. Ein Doppelklick öffnet sie in Outlook oder Thunderbird "
                    "zum Versenden."
                ),
                [],
                tr("Ihre Absenderadresse"),
                self._mail,
                self,
            )
            dialog.accepted_text.connect(self._email_text)
            return dialog

        return self._letter_dialog("mail", make)

    def _email_text(self, text: LetterText) -> None:
        self._mail = text
        folder = dialogs.ask_folder(self, tr("Ordner für die E-Mail-Entwürfe"), export_folder())
        if folder is None:
            return
        from regiodesk.reports import contacts_export

        db, criteria = self.service.db, self.criteria()
        stem = file_name(tr("E-Mail"), text.subject[:40], suffix="")

        def work() -> list[Path]:
            drafts = contacts_export.email_drafts(db, criteria, text.subject, text.body, sender=text.extra)
            return contacts_export.write_drafts(drafts, folder, stem)

        def done(paths: list[Path]) -> None:
            if paths:  # „Öffnen“ the first draft, „Ordner anzeigen“ for all of them
                n, folder_name = len(paths), folder
                where = plural(n, "{n} Entwurf in {folder}", "{n} Entwürfe in {folder}", folder=folder_name)
                announce_saved(self, paths[0], tr("E-Mail an die Liste: {where}", where=where))
            dialogs.show_info(
                self,
                tr("E-Mail an die Liste"),
                plural(
                    len(paths),
                    "{n} Entwurf gespeichert in {folder}:\n{names}",
                    "{n} Entwürfe gespeichert in {folder}:\n{names}",
                    folder=folder,
                    names="\n".join(p.name for p in paths),
                ),
            )

        Operation(self, work, tr("E-Mail-Entwürfe werden geschrieben …")).success(done).failure(
            lambda error: dialogs.show_error(self, tr("E-Mail an die Liste"), str(error))
        ).run()

    def copy_addresses(self) -> int:
        addresses = ContactListService(self.service.db).email_addresses(self.criteria())
        QApplication.clipboard().setText("; ".join(addresses))
        self._status(
            plural(
                len(addresses),
                "{n} E-Mail-Adresse in die Zwischenablage kopiert.",
                "{n} E-Mail-Adressen in die Zwischenablage kopiert.",
            )
        )
        return len(addresses)

    # ------------------------------------------------------------ data protection
    def write_auskunft(self, kind: str) -> bool:
        if self.current_id is None or not self.commit_pending():
            return False
        from regiodesk.reports import contact_letters

        db, contact_id = self.service.db, self.current_id
        produce = contact_letters.auskunft_pdf if kind == "pdf" else contact_letters.auskunft_json
        name = file_name(
            tr("Auskunft"), self.service.display_name(contact_id), date.today().isoformat(), suffix=f".{kind}"
        )
        enclosed: list[bytes] = []  # the PDF says the JSON version is enclosed: it goes beside it

        def produce_both() -> bytes:
            if kind == "pdf":
                enclosed.append(contact_letters.auskunft_json(db, contact_id))
            return produce(db, contact_id)

        def done(path: Path) -> None:
            if enclosed:
                write_atomically(path.with_suffix(".json"), enclosed[0])

        return save_document(self, tr("Auskunft speichern"), name, produce_both, done) is not None

    def erase_person(self) -> bool:
        """Löschen nach DSGVO, or restriction where minutes or funding records must be kept."""
        if self.current_id is None or not self.commit_pending():
            return False
        contact_id = self.current_id
        privacy = PrivacyService(self.service.db)
        name = self.service.display_name(contact_id)
        try:
            reasons = privacy.retention_reasons(contact_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Personendaten löschen"), str(error))
            return False
        if reasons:
            text = tr(
                "„{name}“ kann nicht gelöscht werden, weil die Daten aufbewahrt werden müssen:\n{reasons}\n\n"
                "Stattdessen lässt sich die Verarbeitung einschränken (Art. 18 DSGVO): Der Kontakt "
                "verschwindet aus allen Listen, Verteilern und Exporten, bleibt aber in den "
                "Protokollen und Förderakten erhalten. Einschränken?",
                name=name,
                reasons="\n".join(f"• {r}" for r in reasons),
            )
            if not dialogs.confirm(self, tr("Personendaten löschen"), text, yes=tr("Einschränken")):
                return False
            action, done_text = privacy.restrict, tr("„{name}“ ist eingeschränkt.", name=name)
        else:
            text = tr(
                "Alle Daten von „{name}“ löschen (Anschriften, E-Mail, Telefon, Einwilligungen, "
                "Funktionen, auch im Verlauf)? Das lässt sich nicht rückgängig machen.",
                name=name,
            )
            if not dialogs.confirm(self, tr("Personendaten löschen"), text, yes=tr("Endgültig löschen")):
                return False
            action, done_text = privacy.erase, tr("Die Daten von „{name}“ sind gelöscht.", name=name)
        try:
            if reasons:  # a restriction can be lifted again, so Rückgängig may take it back
                with undoable(self, self.service.db, tr("„{name}“ einschränken", name=name), contact_id):
                    action(contact_id)
            else:  # erasing also wipes the Verlauf: there is nothing left to undo it from
                action(contact_id)
        except DomainError as error:
            dialogs.show_error(self, tr("Personendaten löschen"), str(error))
            return False
        self._current_id = None
        self._refresh_rows([contact_id])
        if self.model.visible_count:
            self._show_record(self.model.id_at(0))
        else:
            self._show_nothing()
        self._status(done_text)
        emit(self.changed)
        return True

    def show_restricted(self) -> bool:
        privacy = PrivacyService(self.service.db)
        restricted = privacy.restricted()
        if not restricted:
            dialogs.show_info(self, tr("Eingeschränkte Kontakte"), tr("Kein Kontakt ist eingeschränkt."))
            return False
        chosen = dialogs.choose(
            self,
            tr("Eingeschränkte Kontakte"),
            tr("Diese Kontakte sind in keiner Liste und keinem Export. Einschränkung aufheben für:"),
            [name for _id, name in restricted],
        )
        if chosen is None:
            return False
        contact_id, name = restricted[chosen]
        if not dialogs.confirm(
            self,
            tr("Einschränkung aufheben"),
            tr("„{name}“ wieder in Listen und Exporten zeigen?", name=name),
            yes=tr("Aufheben"),
        ):
            return False
        with undoable(self, self.service.db, tr("Einschränkung aufheben"), contact_id):
            privacy.lift_restriction(contact_id)
        self._refresh_rows([contact_id])
        self.select_id(contact_id)
        emit(self.changed)
        return True

    # ------------------------------------------------------------ import and duplicates
    def _window(self, key: str, make) -> Any:
        """One window per kind; shown again when asked a second time."""
        return show_once(self._windows, key, make)

    def import_contacts(self, path: Path | None = None):
        if not self.commit_pending():
            return None
        from regiodesk.services.contacts_import import ContactImportService
        from regiodesk.ui.import_dialog import ImportDialog

        def make():
            dialog = ImportDialog(
                ContactImportService(self.service.db), tr("Kontakte importieren"), path, self
            )
            dialog.imported.connect(self._imported)
            return dialog

        dialog = self._window("import", make)
        if path is None and dialog.path is None:
            dialog.choose_file()
        return dialog

    def _imported(self, summary: str) -> None:
        self.filter_bar.refresh_options()
        self._status(tr("Import: {summary}", summary=summary))
        self.read_again(lambda: emit(self.changed))

    def find_duplicates(self):
        if not self.commit_pending():
            return None
        from regiodesk.ui.contacts.duplicates import DuplicatesDialog

        def make():
            dialog = DuplicatesDialog(self.service.db, self)
            dialog.changed.connect(self._merged)
            dialog.open_requested.connect(self.select_id)
            return dialog

        return self._window("duplicates", make)

    def _merged(self) -> None:
        self.read_again(lambda: emit(self.changed))
