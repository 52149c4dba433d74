"""The Kontakte tab as a regional manager uses it: filters and distribution lists, the
contact's e-mails, tags, consents and appearances, the duplicate warning, import, merge,
exports, e-mail drafts and the data-protection actions."""

from __future__ import annotations

import email
from datetime import date, timedelta

import pytest
from contact_helpers import person
from document_helpers import pdf_text
from openpyxl import Workbook, load_workbook
from ui_helpers import click, type_into

from regiodesk.services.bodies import BodyService
from regiodesk.services.contact_details import contact_tags, set_contact_tags
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService, ContactListService
from regiodesk.services.memberships import MembershipService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def people(db):
    ids = {
        "anna": person(db, "Anna", "Albrecht", email="anna@example.org", city="Amberg"),
        "bernd": person(db, "Bernd", "Bauer", email="bernd@example.org", city="Burglengenfeld"),
        "clara": person(db, "Clara", "Christ", city="Cham"),
    }
    set_contact_tags(db, ids["anna"], ["Presse"])
    set_contact_tags(db, ids["bernd"], ["Presse", "Kommune"])
    return ids


def shown_names(tab) -> list[str]:
    return [tab.model.values_at(row)[0] for row in range(tab.model.visible_count)]


def test_tag_filter_narrows_the_list_and_a_saved_filter_brings_it_back(
    qtbot, db, people, show_tab, monkeypatch
):
    tab = show_tab("contacts")
    bar = tab.filter_bar
    assert len(shown_names(tab)) == 3
    bar.tag.setCurrentIndex(bar.tag.findData("Presse"))
    assert sorted(shown_names(tab)) == ["Albrecht, Anna", "Bauer, Bernd"]
    assert tab.count_text() == "2 von 3 Einträgen"
    type_into(qtbot, tab.filter_edit, "Bauer")
    assert shown_names(tab) == ["Bauer, Bernd"]

    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "Presseverteiler")
    saved_id = bar.save_list()
    assert saved_id is not None
    criteria = ContactListService(db).load_list(saved_id)
    assert (criteria.tag, criteria.text) == ("Presse", "Bauer")

    bar.reset()
    assert len(shown_names(tab)) == 3 and tab.filter_edit.text() == ""
    bar.saved.setCurrentIndex(bar.saved.findData(saved_id))
    assert shown_names(tab) == ["Bauer, Bernd"]
    assert tab.filter_edit.text() == "Bauer"


def test_saving_an_empty_filter_as_a_list_is_refused(db, people, show_tab, monkeypatch):
    tab = show_tab("contacts")
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    assert tab.filter_bar.save_list() is None
    assert "zuerst filtern" in errors[0]
    assert ContactListService(db).lists() == []


def test_consent_filter_shows_only_valid_consents(db, people, show_tab):
    consents = ConsentService(db, people["anna"])
    consents.create({"purpose": "Newsletter", "given_on": date.today() - timedelta(days=10)})
    withdrawn = ConsentService(db, people["bernd"]).create(
        {"purpose": "Newsletter", "given_on": date.today() - timedelta(days=10)}
    )
    ConsentService(db).withdraw(withdrawn)
    tab = show_tab("contacts")
    tab.filter_bar.refresh_options()
    combo = tab.filter_bar.consent
    combo.setCurrentIndex(combo.findData("Newsletter"))
    assert shown_names(tab) == ["Albrecht, Anna"]


def test_body_filter_lists_the_members(db, people, show_tab):
    body = BodyService(db).create({"name": "LAG Testtal"})
    MembershipService(db, body).create({"body_id": body, "contact_id": people["clara"]})
    tab = show_tab("contacts")
    tab.filter_bar.refresh_options()
    combo = tab.filter_bar.body
    combo.setCurrentIndex(combo.findData(body))
    assert shown_names(tab) == ["Christ, Clara"]


def test_further_email_is_added_in_the_panel_and_the_form_keeps_the_first(qtbot, db, people, show_tab):
    tab = show_tab("contacts")
    assert tab.select_id(people["anna"])
    panel = tab.panel
    panel.tabs.setCurrentIndex(0)
    dialog = panel.emails.new_record()
    type_into(qtbot, dialog.form.editor("address"), "Anna.Privat@Example.org")
    type_into(qtbot, dialog.form.editor("kind"), "privat")
    dialog.save()
    assert panel.emails.model.visible_count == 2
    assert panel.emails.model.values_at(1) == ("Anna.Privat@example.org", "privat")  # mailbox as typed
    assert tab.form.editors["email"].value() == "anna@example.org"


def test_invalid_email_in_the_panel_is_refused_and_the_input_stays(qtbot, db, people, show_tab):
    tab = show_tab("contacts")
    tab.select_id(people["clara"])
    tab.panel.tabs.setCurrentIndex(0)
    dialog = tab.panel.emails.new_record()
    type_into(qtbot, dialog.form.editor("address"), "clara at example")
    dialog.save()
    assert dialog.isVisible()
    assert "keine gültige E-Mail-Adresse" in dialog.form.error_text("address")
    assert dialog.form.editors["address"].value() == "clara at example"
    assert tab.panel.emails.model.visible_count == 0


def test_tags_are_added_and_removed(qtbot, db, people, show_tab):
    tab = show_tab("contacts")
    tab.select_id(people["clara"])
    page = tab.panel.select_page("Schlagwörter")
    type_into(qtbot, page.choice, "Ehrenamt")
    assert page.add_tag() or page.tags() == ["Ehrenamt"]
    assert contact_tags(db, people["clara"]) == ["Ehrenamt"]
    assert "Ehrenamt" in [tab.filter_bar.tag.itemText(n) for n in range(tab.filter_bar.tag.count())]
    page.list.setCurrentRow(0)
    assert page.remove_tag()
    assert contact_tags(db, people["clara"]) == []


def test_consent_is_withdrawn_with_one_click(qtbot, db, people, show_tab, monkeypatch):
    consent = ConsentService(db, people["anna"]).create(
        {"purpose": "Fotos", "given_on": date.today() - timedelta(days=3)}
    )
    tab = show_tab("contacts")
    tab.select_id(people["anna"])
    page = tab.panel.select_page("Einwilligungen")
    page.consents.view.selectRow(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    click(qtbot, page.withdraw_button)
    assert ConsentService(db).load(consent)["withdrawn_on"] == date.today()
    assert not ConsentService(db).has_valid(people["anna"], "Fotos")
    assert page.consents.model.values_at(0)[-1] is False


def test_appearances_list_memberships_and_open_the_body(qtbot, db, people, show_tab, window):
    body = BodyService(db).create({"name": "Lenkungsgruppe Testtal"})
    MembershipService(db, body).create({"body_id": body, "contact_id": people["bernd"], "role": "vorsitz"})
    tab = show_tab("contacts")
    tab.select_id(people["bernd"])
    page = tab.panel.select_page("Vorkommen")
    assert page.model.rowCount() == 1
    assert [page.model.text(page.model.row_at(0), c) for c in range(3)] == [
        "Gremium",
        "Lenkungsgruppe Testtal",
        "Vorsitz",
    ]
    page.view.activated.emit(page.model.index(0, 0))
    assert window.current_tab().key == "bodies"
    assert window.current_tab().current_id == body


def test_a_probable_duplicate_is_named_before_it_is_created(qtbot, db, people, show_tab, monkeypatch):
    tab = show_tab("contacts")
    tab.new_record()
    type_into(qtbot, tab.form.editor("first_name"), "Anna")
    type_into(qtbot, tab.form.editor("last_name"), "Albrecht")
    type_into(qtbot, tab.form.editor("email"), "ANNA@example.org")
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or False)
    assert not tab.save()
    assert "Anna Albrecht (gleiche E-Mail-Adresse" in asked[0]
    assert tab.form.editors["last_name"].value() == "Albrecht"  # the input stays
    assert len(ContactService(db).rows()) == 3
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    assert tab.save()
    assert len(ContactService(db).rows()) == 4


def write_list(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "Adressen"
    sheet.append(["Adressliste Dorfvereine 2025"])
    sheet.append([])
    sheet.append(["Vorname", "Nachname", "E-Mail", "PLZ Ort"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_dialog_previews_marks_duplicates_and_imports(
    qtbot, db, people, show_tab, tmp_path, monkeypatch
):
    path = write_list(
        tmp_path / "liste.xlsx",
        [
            ["Dora", "Dietz", "dora@example.org", "92224 Amberg"],
            ["Anna", "Albrecht", "anna@example.org", "92224 Amberg"],
            ["Emil", "Engel", "kein-at-zeichen", "93413 Cham"],
        ],
    )
    tab = show_tab("contacts")
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.current_mapping()[:3] == ["first_name", "last_name", "email"]
    rows = {r.number: r for r in dialog.preview.rows}
    assert rows[5].duplicates and rows[5].action == "update"  # Anna exists already (same e-mail)
    assert rows[4].action == "create"
    # a malformed address does not cost the person: imported without it, and the row says so
    assert rows[6].action == "create"
    assert dialog.model.text(rows[6], 4) == "E-Mail-Adresse „kein-at-zeichen“ ungültig: nicht übernommen."
    shown = [dialog.model.text(r, 1) for r in dialog.model.rows]
    assert "Dora Dietz" in shown

    # The user decides that Dora should not come in either.
    dialog.view.selectRow(0)
    assert dialog.set_action("skip") == 1
    assert dialog.preview.counts()["skip"] == 1

    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    names = {row.values[0] for row in ContactService(db).rows()}
    assert "Engel, Emil" in names and "Dietz, Dora" not in names
    assert "1 neu angelegt, 1 aktualisiert, 1 übersprungen" in infos[0]
    assert tab.model.total_count == 4


def test_import_without_a_name_column_explains_and_writes_nothing(qtbot, db, people, show_tab, tmp_path):
    path = write_list(tmp_path / "liste.xlsx", [["Dora", "Dietz", "dora@example.org", "92224 Amberg"]])
    tab = show_tab("contacts")
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    for column in range(len(dialog.combos)):
        dialog.set_mapping(column, "")
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    dialog.refresh_preview()
    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=10000)
    assert "Keine Spalte" in dialog.banner.text()
    assert len(ContactService(db).rows()) == 3


def test_duplicates_are_found_and_merged_moving_the_membership(qtbot, db, show_tab, monkeypatch):
    address = {"street": "Hauptstraße 1", "postal_code": "92224", "city": "Amberg"}
    keep = person(db, "Jürgen", "Müller", email="jm@example.org", **address)
    drop = person(db, "Juergen", "Mueller", phone="09621 1234", **address)
    body = BodyService(db).create({"name": "LAG Testtal"})
    MembershipService(db, body).create({"body_id": body, "contact_id": drop})
    tab = show_tab("contacts")
    finder = tab.find_duplicates()
    qtbot.waitUntil(lambda: finder.model.rowCount() == 1, timeout=10000)
    finder.view.selectRow(0)
    merge = finder.merge_selected()
    if merge.keep_id != keep:
        merge.keep_b.setChecked(True) if merge.ids[1] == keep else merge.keep_a.setChecked(True)
    assert merge.keep_id == keep
    assert "first_name" in merge.take_other  # Jürgen / Juergen differ
    assert merge.merge()
    names = [row.values[0] for row in ContactService(db).rows()]
    assert names == ["Müller, Jürgen"]
    from regiodesk.db.custody import list_backups

    assert [b.reason for b in list_backups(db.path)] == ["vor-zusammenfuehrung"]  # undo is possible
    assert MembershipService(db, body).rows()[0].values[0] == "Jürgen Müller"
    qtbot.waitUntil(lambda: finder.model.rowCount() == 0, timeout=10000)


def test_excel_export_holds_the_filtered_list(qtbot, db, people, show_tab, tmp_path, monkeypatch):
    tab = show_tab("contacts")
    tab.filter_bar.tag.setCurrentIndex(tab.filter_bar.tag.findData("Kommune"))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert tab.export_list("xlsx")
    wait_for_operations()
    files = list(tmp_path.glob("*.xlsx"))
    sheet = load_workbook(files[0]).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("Bauer" in str(v) for v in values)
    assert not any("Albrecht" in str(v) for v in values)


def test_email_drafts_go_to_the_folder_with_bcc(qtbot, db, people, show_tab, tmp_path, monkeypatch):
    tab = show_tab("contacts")
    dialog = tab.write_email_drafts()
    type_into(qtbot, dialog.subject, "Einladung Regionalforum")
    dialog.body.setPlainText("Liebe Aktive,\nherzliche Einladung.")
    monkeypatch.setattr(dialogs, "ask_folder", lambda *args: tmp_path)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    assert dialog.finish()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    drafts = list(tmp_path.glob("*.eml"))
    assert len(drafts) == 1
    message = email.message_from_bytes(drafts[0].read_bytes())
    assert "anna@example.org" in message["Bcc"] and "bernd@example.org" in message["Bcc"]
    assert message["Subject"] == "Einladung Regionalforum"


def test_serial_letter_with_an_unknown_placeholder_keeps_the_text(
    qtbot, db, people, show_tab, tmp_path, monkeypatch
):
    tab = show_tab("contacts")
    dialog = tab.write_serial_letter()
    type_into(qtbot, dialog.subject, "Regionalforum")
    dialog.body.setPlainText("{Anrede},\nam {Datum} treffen wir uns.")
    assert not dialog.finish()
    assert "{Datum}" in dialog.banner.text()
    assert "{Datum}" in dialog.body.toPlainText()
    dialog.body.setPlainText("{Anrede},\nwir treffen uns in {Ort}.")
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert dialog.finish()
    wait_for_operations()
    text = pdf_text(next(tmp_path.glob("*.pdf")))
    assert "Cham" in text and "Amberg" in text


def test_erasing_a_person_without_records_to_keep(qtbot, db, people, show_tab, monkeypatch):
    tab = show_tab("contacts")
    tab.select_id(people["clara"])
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(yes) or True)
    assert tab.erase_person()
    assert asked == ["Endgültig löschen"]
    assert "Christ, Clara" not in [r.values[0] for r in ContactService(db).rows()]
    assert "Christ, Clara" not in shown_names(tab)


def test_a_person_in_minutes_is_restricted_instead(qtbot, db, people, show_tab, monkeypatch):
    from regiodesk.services.contacts_privacy import PrivacyService

    monkeypatch.setattr(PrivacyService, "retention_reasons", lambda self, cid: ["steht im Protokoll"])
    tab = show_tab("contacts")
    tab.select_id(people["bernd"])
    texts = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: texts.append((text, yes)) or True)
    assert tab.erase_person()
    assert texts[0][1] == "Einschränken" and "steht im Protokoll" in texts[0][0]
    assert PrivacyService(db).restricted() == [(people["bernd"], "Bernd Bauer")]
    assert "Bauer, Bernd" not in shown_names(tab)
    # … and back again
    monkeypatch.setattr(dialogs, "choose", lambda *args: 0)
    assert tab.show_restricted()
    assert PrivacyService(db).restricted() == []


def test_the_header_row_can_be_chosen_when_the_detection_guessed_wrong(qtbot, db, show_tab, tmp_path):
    path = write_list(tmp_path / "liste.xlsx", [["Dora", "Dietz", "dora@example.org", "92224 Amberg"]])
    tab = show_tab("contacts")
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert dialog.header_spin.value() == 3 and dialog.headers[0] == "Vorname"
    dialog.header_spin.setValue(4)  # the user says: row 4 holds the names
    dialog.use_header_row()
    qtbot.waitUntil(lambda: dialog.headers and dialog.headers[0] == "Dora", timeout=10000)
    assert dialog.header_row == 4
    # no column of "Dora, Dietz, …" names a field: the preview says so instead of guessing
    qtbot.waitUntil(lambda: "Keine Spalte" in dialog.banner.text(), timeout=10000)
    assert not dialog.import_button.isEnabled()
    dialog.header_spin.setValue(2)  # an empty row: a clear message
    dialog.use_header_row()
    qtbot.waitUntil(lambda: "Zeile 2" in dialog.banner.text(), timeout=10000)
    assert "leer" in dialog.banner.text()
    assert len(ContactService(db).rows()) == 0


def test_labels_say_who_has_no_postal_address(qtbot, db, people, show_tab, tmp_path, monkeypatch):
    person(db, "Dora", "Dietz", email="dora@example.org")  # no address: no label
    tab = show_tab("contacts")
    monkeypatch.setattr(dialogs, "choose", lambda *_args: 0)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    said = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: said.append(text))
    assert tab.print_labels()
    wait_for_operations()
    [pdf] = tmp_path.glob("*.pdf")
    text = pdf_text(pdf.read_bytes())
    assert "Albrecht" in text and "Christ" in text and "Dietz" not in text
    assert said == ["3 Etiketten. Ohne Postanschrift und daher ohne Etikett (1): Dora Dietz"]


def test_labels_for_a_list_without_any_address_are_refused(qtbot, db, show_tab, tmp_path, monkeypatch):
    person(db, "Dora", "Dietz", email="dora@example.org")
    tab = show_tab("contacts")
    monkeypatch.setattr(dialogs, "choose", lambda *_args: 0)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: pytest.fail("nothing to save"))
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    assert not tab.print_labels()
    assert errors == ["Kein Kontakt der Liste hat eine Postanschrift; es gibt nichts zu drucken."]


def test_the_auskunft_pdf_is_saved_with_the_json_it_names_beside_it(
    qtbot, db, people, show_tab, tmp_path, monkeypatch
):
    import json

    tab = show_tab("contacts")
    assert tab.select_id(people["anna"])
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "Auskunft_Albrecht.pdf")
    assert tab.write_auskunft("pdf")
    wait_for_operations()
    assert "JSON-Datei mit demselben Namen" in pdf_text(tmp_path / "Auskunft_Albrecht.pdf")
    data = json.loads((tmp_path / "Auskunft_Albrecht.json").read_text(encoding="utf-8"))
    assert data["kontakt"]["nachname"] == "Albrecht"


def test_the_import_offers_the_catalogue_s_consent_purposes(
    qtbot, db, people, show_tab, tmp_path, monkeypatch
):
    """A consent column records consent for a purpose of the Stammdaten, chosen from a list."""
    from regiodesk.services.catalogues import ConsentPurposeService

    for name in ("Newsletter", "Veranstaltungen"):
        ConsentPurposeService(db).create({"name": name})
    book = Workbook()
    sheet = book.active
    sheet.append(["Vorname", "Nachname", "E-Mail", "Einwilligung am"])
    sheet.append(["Dora", "Dietz", "dora@example.org", "03.02.2026"])
    path = tmp_path / "einwilligungen.xlsx"
    book.save(path)
    tab = show_tab("contacts")
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    combo = dialog.purpose_edit.parent()
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered[:2] == ["Newsletter", "Veranstaltungen"]
    combo.setCurrentIndex(offered.index("Veranstaltungen"))  # the preview follows the choice
    qtbot.waitUntil(lambda: dialog.preview.consent_purpose == "Veranstaltungen", timeout=10000)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    dora = next(row.id for row in ContactService(db).rows() if row.values[0] == "Dietz, Dora")
    from sqlalchemy import select

    from regiodesk.db.models import Consent

    with db.session() as session:
        given = session.execute(select(Consent.purpose, Consent.given_on).where(Consent.contact_id == dora))
        assert list(given) == [("Veranstaltungen", date(2026, 2, 3))]


def test_the_contact_panel_reads_only_the_shown_contact_s_functions_and_consents(
    qtbot, db, people, monkeypatch
):
    """Without a contact the panel's lists would be every contact's: on a region of 80,000
    contacts, building the tab read all functions and consents (seconds, 130 MB)."""
    from regiodesk.services.contact_details import AffiliationService
    from regiodesk.ui.contacts.panel import ContactPanel

    ConsentService(db, people["anna"]).create({"purpose": "Fotos", "given_on": date.today()})
    ConsentService(db, people["bernd"]).create({"purpose": "Fotos", "given_on": date.today()})
    read: list[str | None] = []
    for service in (AffiliationService, ConsentService):
        real = service.rows
        monkeypatch.setattr(
            service, "rows", lambda self, ids=None, real=real: read.append(self.contact_id) or real(self, ids)
        )
    panel = ContactPanel(db)
    qtbot.addWidget(panel)
    assert read == []
    panel.show_for(people["anna"])
    page = panel.select_page("Einwilligungen")
    assert read == [people["anna"]]
    assert page.consents.model.visible_count == 1
    panel.select_page("Funktionen")
    assert read == [people["anna"], people["anna"]]


def test_the_filter_s_choices_are_read_once_by_the_first_click_and_again_on_return(
    db, people, show_tab, monkeypatch
):
    """Each reading scans every consent for its purpose (0.1 s at 80,000 contacts)."""
    read: list[int] = []
    real = ContactListService.tags
    monkeypatch.setattr(ContactListService, "tags", lambda self: read.append(1) or real(self))
    tab = show_tab("contacts")
    assert len(read) == 1
    set_contact_tags(db, people["clara"], ["Neu"])
    show_tab("projects")
    show_tab("contacts")
    assert len(read) == 2
    assert tab.filter_bar.tag.findText("Neu") >= 0
