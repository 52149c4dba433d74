"""What is not a document has a place that stays whatever tab is shown (Extras, Stammdaten,
Datei → Importieren); „Neue Geschäftsstellen-Datei“ and „Neuer Eintrag: Kontakt“ cannot be mixed
up; saving a record says so in the status bar."""

from __future__ import annotations

from ui_helpers import click, type_into

from regiodesk.services.contacts import ContactService


def _menu(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == title)


def _entries(menu, prefix: str = "") -> dict:
    found = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        path = prefix + action.text().replace("&", "")
        if action.menu() is not None:
            found.update(_entries(action.menu(), path + " → "))
        else:
            found[path] = action
    return found


def test_extras_are_the_same_in_every_tab_and_the_documents_menu_holds_documents_only(window, show_tab):
    seen = []
    for key in ("bodies", "contacts", "projects", "monitoring"):
        show_tab(key)
        seen.append(sorted(_entries(_menu(window, "Extras"))))
        window._fill_documents_menu()
        documents = [a.text() for a in window.documents_menu.actions()]
        assert not {"Dubletten finden …", "Fristen …", "Umlaufverfahren …", "Budgetumschichtungen …"} & set(
            documents
        )
    assert all(entries == seen[0] for entries in seen)
    assert seen[0] == sorted(
        [
            "Dubletten finden …",
            "Datenschutz (DSGVO) → Auskunft über die Person (PDF) …",
            "Datenschutz (DSGVO) → Auskunft über die Person (JSON) …",
            "Datenschutz (DSGVO) → Personendaten löschen …",
            "Datenschutz (DSGVO) → Eingeschränkte Kontakte …",
            "Fristen …",
            "Projektaufrufe und Ranglisten …",
            "Regionalbudget …",
            "Umlaufverfahren …",
            "Beratungsgespräche …",
            "Veranstaltungen …",
            "Presse- und Netzwerkarbeit …",
        ]
    )
    master = _entries(_menu(window, "Stammdaten"))
    assert {"Auswahlkriterien …", "Förderperioden und Fördersätze …", "Budgetumschichtungen …"} <= set(master)
    assert {"Importieren → Kontakte …", "Importieren → Projekte …"} <= set(_entries(_menu(window, "Datei")))


def test_an_extras_entry_opens_in_its_own_tab_from_any_tab(qtbot, window, show_tab):
    show_tab("bodies")
    _entries(_menu(window, "Extras"))["Dubletten finden …"].trigger()
    assert window.current_tab().key == "contacts"
    duplicates = window.current_tab()._windows["duplicates"]
    assert duplicates.isVisible()
    duplicates.close()
    _entries(_menu(window, "Extras"))["Umlaufverfahren …"].trigger()
    assert window.current_tab().key == "meetings"
    assert window.current_tab()._written is not None and window.current_tab()._written.isVisible()
    window.current_tab()._written.close()
    _entries(_menu(window, "Stammdaten"))["Budgetumschichtungen …"].trigger()
    tab = window.current_tab()
    assert tab.key == "monitoring" and tab._reallocations is not None and tab._reallocations.isVisible()
    tab._reallocations.close()


def test_data_protection_needs_a_chosen_person(qtbot, db, window, show_tab):
    extras = _menu(window, "Extras")
    tab = show_tab("contacts")
    extras.aboutToShow.emit()
    erase = _entries(extras)["Datenschutz (DSGVO) → Personendaten löschen …"]
    assert not erase.isEnabled()  # nobody chosen: nothing to erase
    anna = ContactService(db).create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    tab.reload()
    tab.select_id(anna)
    show_tab("projects")
    extras.aboutToShow.emit()
    assert erase.isEnabled()


def test_new_file_and_new_record_read_differently(window, show_tab):
    file_entries = _entries(_menu(window, "Datei"))
    assert file_entries["Neue Geschäftsstellen-Datei …"].shortcut().toString() == "Ctrl+Shift+N"
    assert "Neu …" not in file_entries
    edit = _menu(window, "Bearbeiten")
    for key, kind in (("contacts", "Kontakt"), ("meetings", "Sitzung"), ("projects", "Projekt")):
        show_tab(key)
        edit.aboutToShow.emit()
        assert window.new_action.text() == f"&Neuer Eintrag: {kind}"
        assert window.new_action.shortcut().toString() == "Ctrl+N"


def test_saving_a_record_is_confirmed_in_the_status_bar(qtbot, db, window, show_tab):
    anna = ContactService(db).create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    ben = ContactService(db).create({"kind": "person", "first_name": "Ben", "last_name": "Adler"})
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editor("notes"), "Newsletter")
    click(qtbot, tab.save_button)
    assert window.statusBar().currentMessage() == "Kontakt „Anna Becker“ gespeichert"
    # leaving a record saves it silently today; the status bar still says so
    window.statusBar().clearMessage()
    type_into(qtbot, tab.form.editor("notes"), "Presse")
    tab.select_id(ben)
    assert window.statusBar().currentMessage() == "Kontakt „Anna Becker“ gespeichert"
