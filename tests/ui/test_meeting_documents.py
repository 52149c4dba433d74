"""Documents of a meeting from the window (Datei menu, Strg+P) and the Umlaufverfahren window."""

from __future__ import annotations

import pytest
from document_helpers import pdf_text
from ui_helpers import click, type_into

from regiodesk.db.models import WrittenProcedure
from regiodesk.services.written_procedure import WrittenProcedureService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def meetings_tab(lag, show_tab):
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    return tab


def test_ctrl_p_prints_the_minutes_of_the_meeting_shown(
    qtbot, lag, meetings_tab, window, tmp_path, monkeypatch
):
    asked = []

    def save_as(_parent, title, suggestion, alternatives=()):
        asked.append((title, suggestion.name))
        assert alternatives == (".docx",)  # the minutes can also be written as a Word document
        return tmp_path / "protokoll.pdf"

    monkeypatch.setattr(dialogs, "ask_save_file", save_as)
    window.print_action.trigger()
    wait_for_operations()
    assert asked == [("Protokoll (PDF) speichern", "Protokoll_LAG-Obermain_2026-03-09.pdf")]
    text = pdf_text(tmp_path / "protokoll.pdf")
    assert "Protokoll" in text and "LAG Obermain" in text and "Seite 1 von" in text
    assert "Projektauswahl Dorfladen" in text


def test_the_file_menu_offers_the_documents_of_the_current_tab(qtbot, lag, meetings_tab, window, show_tab):
    window._fill_documents_menu()
    labels = [action.text() for action in window.documents_menu.actions()]
    assert labels[:3] == ["Einladung (PDF) …", "Anwesenheitsliste (PDF) …", "Protokoll (PDF) …"]
    assert "Umlaufverfahren …" not in labels  # not a document: Extras → Umlaufverfahren …
    # the Beschlussauszug is for one agenda item: only with a decision item selected
    decision = next(a for a in window.documents_menu.actions() if a.text().startswith("Beschlussauszug"))
    meetings_tab.panel.agenda_page.select(lag["items"]["select"])
    window._fill_documents_menu()
    decision = next(a for a in window.documents_menu.actions() if a.text().startswith("Beschlussauszug"))
    assert decision.isEnabled()

    show_tab("contacts")
    window._fill_documents_menu()
    texts = [a.text() for a in window.documents_menu.actions()]
    assert "Serienbrief (PDF) …" in texts and not any(t.startswith("Beschlussauszug") for t in texts)
    window.print_action.trigger()  # nothing to print here: a hint, no dialog
    assert "nichts zu drucken" in window.statusBar().currentMessage()


def test_unsaved_meeting_edits_are_saved_before_the_invitation_is_written(
    qtbot, lag, meetings_tab, tmp_path, monkeypatch
):
    type_into(qtbot, meetings_tab.form.editor("location"), "Pfarrsaal Kirchdorf")
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "einladung.pdf")
    meetings_tab.panel.documents.write("invitation")
    wait_for_operations()
    assert "Pfarrsaal Kirchdorf" in pdf_text(tmp_path / "einladung.pdf")
    assert not meetings_tab.form.is_dirty()


def test_invalid_meeting_input_stops_the_document_and_keeps_the_input(
    qtbot, lag, meetings_tab, tmp_path, monkeypatch
):
    type_into(qtbot, meetings_tab.form.editor("starts_at"), "31.02.2026 18:00")
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "x.pdf")
    assert meetings_tab.panel.documents.write("invitation") is None
    wait_for_operations()
    assert not (tmp_path / "x.pdf").exists()
    assert meetings_tab.form.editor("starts_at").text() == "31.02.2026 18:00"


def test_written_procedure_from_start_to_result(qtbot, lag, meetings_tab, monkeypatch, tmp_path):
    window = meetings_tab.show_written_procedures()
    qtbot.addWidget(window)
    dialog = window.new_procedure()
    type_into(qtbot, dialog.form.editor("subject"), "Zustimmung Kofinanzierung Dorfladen")
    type_into(qtbot, dialog.form.editor("started_on"), "01.04.2026")
    type_into(qtbot, dialog.form.editor("deadline"), "14.04.2026")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    procedure_id = window.procedure_id
    assert procedure_id is not None
    assert window.answers_model.rowCount() == 10  # every voting member, none answered yet

    for key, answer in (("m0", "ja"), ("m1", "ja"), ("m2", "nein"), ("m4", "ja"), ("m5", "ja")):
        window.member_combo.setCurrentIndex(window.member_combo.findData(lag[key]))
        window.answer_combo.setCurrentIndex(window.answer_combo.findData(answer))
        type_into(qtbot, window.date_edit, "03.04.2026")
        assert window.record_answer(), window.answer_error.text()
    # an answer after the deadline is refused with a reason and nothing is stored
    window.member_combo.setCurrentIndex(window.member_combo.findData(lag["m6"]))
    window.answer_combo.setCurrentIndex(window.answer_combo.findData("ja"))
    type_into(qtbot, window.date_edit, "20.04.2026")
    assert not window.record_answer()
    assert "nach der Frist" in window.answer_error.text()
    answers = {row.contact_id: row.answer for row in WrittenProcedureService(lag["db"]).answers(procedure_id)}
    assert answers[lag["m6"]] == "keine_rueckmeldung" and answers[lag["m0"]] == "ja"

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or True)
    assert window.close_procedure()  # the deadline has passed: the open answers count as none
    assert "abschließen" in asked[0]
    with lag["db"].session() as session:
        # 4 yes, 1 no of 10 entitled: quorate needs half of the members answering
        assert session.get(WrittenProcedure, procedure_id).result == "angenommen"
    assert not window.record_button.isEnabled()  # closed: no more answers

    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "umlauf.pdf")
    click(qtbot, window.pdf_button)
    wait_for_operations()
    text = pdf_text(tmp_path / "umlauf.pdf")
    assert "Zustimmung Kofinanzierung Dorfladen" in text and "Seite 1 von" in text
    window.close()


def test_an_email_draft_too_large_says_which_sketches_it_left_out(
    qtbot, lag, meetings_tab, tmp_path, monkeypatch
):
    from regiodesk.services.attachments import AttachmentService

    big = bytes(range(256)) * 4096 * 8  # 8 MiB: over the 10 MB of ordinary mail servers once encoded
    AttachmentService(lag["db"]).add("project", lag["project"], "Projektskizze_Plaene.pdf", big)
    told = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: told.append((title, text)))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "einladung.eml")
    meetings_tab.panel.documents.write("eml")
    wait_for_operations()
    assert (tmp_path / "einladung.eml").stat().st_size < 10_000_000
    [(title, text)] = told
    assert title == "E-Mail-Entwurf (.eml) speichern"
    assert "Nicht angehängt: „Projektskizze_Plaene.pdf“" in text


def test_the_cancellation_is_offered_with_the_documents_of_the_meeting(
    qtbot, lag, meetings_tab, window, tmp_path, monkeypatch
):
    import icalendar

    window._fill_documents_menu()
    labels = [action.text() for action in window.documents_menu.actions()]
    assert "Absage als Kalendereintrag (.ics) …" in labels
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "absage.ics")
    meetings_tab.panel.documents.write("cancel_ics")
    wait_for_operations()
    calendar = icalendar.Calendar.from_ical((tmp_path / "absage.ics").read_bytes())
    assert calendar["METHOD"] == "CANCEL"


def test_an_email_draft_for_many_members_is_saved_as_several_drafts(
    qtbot, lag, meetings_tab, tmp_path, monkeypatch
):
    from regiodesk.services.contacts import ContactService
    from regiodesk.services.memberships import MembershipService

    contacts, members = ContactService(lag["db"]), MembershipService(lag["db"], lag["body"])
    for k in range(51):
        person = contacts.create(
            {"kind": "person", "last_name": f"Weiß, Änne {k}", "email": f"a{k}@x.example"}
        )
        members.create({"contact_id": person, "role": "mitglied"})
    told = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: told.append(text))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_args: tmp_path / "einladung.eml")
    meetings_tab.panel.documents.write("eml")
    wait_for_operations()
    assert (tmp_path / "einladung.eml").exists() and (tmp_path / "einladung_2.eml").exists()
    assert not (tmp_path / "einladung_3.eml").exists()
    [text] = told
    assert "2 Entwürfe" in text


def test_the_minutes_as_a_word_document_when_the_user_chooses_that_kind(
    qtbot, lag, meetings_tab, tmp_path, monkeypatch
):
    offered = []

    def save_as(_parent, _title, suggestion, alternatives=()):
        offered.append(alternatives)
        return tmp_path / "protokoll.docx"  # the "Word-Dokument (*.docx)" filter, or typed

    monkeypatch.setattr(dialogs, "ask_save_file", save_as)
    meetings_tab.panel.documents.write("minutes")
    wait_for_operations()
    assert offered == [(".docx",)]
    from docx import Document

    doc = Document(str(tmp_path / "protokoll.docx"))
    assert any("Niederschrift: LAG Obermain" in p.text for p in doc.paragraphs)
    assert not (tmp_path / "protokoll.pdf").exists()


def test_the_attendance_list_offers_no_word_document(qtbot, lag, meetings_tab, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / "liste.pdf")
    meetings_tab.panel.documents.write("attendance")  # asked as before: one kind, no alternatives
    wait_for_operations()
    assert "Anwesenheitsliste: LAG Obermain" in pdf_text(tmp_path / "liste.pdf")


def test_the_notice_check_is_shown_in_the_window(qtbot, lag, meetings_tab):
    notice = meetings_tab.panel.notice
    assert not notice.isHidden()
    assert notice.text() == "Ladungsfrist: 7 Tage; die Einladung ist spätestens am 02.03.2026 zu versenden."
