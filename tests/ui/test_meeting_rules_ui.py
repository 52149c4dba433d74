"""The meeting rules of issue 18 in the window: a departure handed to the deputy on the attendance
page, no result before any vote, a conflict declared after a vote recounts it."""

from __future__ import annotations

import pytest
from test_meeting_conduct import pick, type_number
from ui_helpers import choose, click, key_clicks, tick, type_into

from regiodesk.services.agenda import AgendaService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.ui.meetings.attendance import ARRIVED, DEPUTY, LEFT, STATUS


@pytest.fixture
def meeting(lag, window, show_tab):
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    return tab.panel


def test_departure_with_the_deputy_taking_the_seat_is_entered_on_the_attendance_page(
    qtbot, lag, meeting, qtmodeltester
):
    db, items = lag["db"], lag["items"]
    page = meeting.attendance_page
    meeting.show_page(page)
    for key in ("m0", "m1", "m4", "m6", "m9"):
        pick(page.editor(lag[key], STATUS), "anwesend")
    assert not page.editor(lag["m9"], DEPUTY).isEnabled()  # there all the time: nobody stands in
    pick(page.editor(lag["m9"], LEFT), items["budget"])  # "verlässt die Sitzung nach TOP 2 …"
    deputy = page.editor(lag["m9"], DEPUTY)
    assert deputy.isEnabled()
    assert [deputy.itemData(i) for i in range(deputy.count())] == [None, lag["s9"]]  # only the personal one
    pick(deputy, lag["s9"])  # "… vertreten durch S9"
    qtmodeltester.check(page.model)
    stored = {r.contact_id: r for r in MeetingConduct(db).attendance(lag["meeting"])}[lag["m9"]]
    assert (stored.status, stored.represented_by_id, stored.left_before_item_id) == (
        "anwesend",
        lag["s9"],
        items["budget"],
    )
    pick(page.editor(lag["m8"], ARRIVED), items["budget"])  # "ab TOP 3 anwesend"
    assert "Zu Beginn stimmberechtigt: 5 von 10" in page.summary.text()
    assert "2 kommen später oder gehen früher" in page.summary.text()

    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["budget"])
    shown = votes.check_view.plain_text()
    # m9's seat is kept by the deputy and m8 has come: 6 of 10 at TOP 3
    assert "6 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten" in shown
    assert ", davon 1 durch Stellvertretung" in shown
    assert "Es stimmt die persönliche Stellvertretung: S9 Stellv09 für M9 Mitglied09" in shown


def test_departure_without_deputy_lowers_the_quorum_of_later_votes(qtbot, lag, meeting):
    items = lag["items"]
    page = meeting.attendance_page
    meeting.show_page(page)
    for key in ("m0", "m1", "m4", "m6", "m8"):
        pick(page.editor(lag[key], STATUS), "anwesend")
    pick(page.editor(lag["m8"], LEFT), items["budget"])
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["select"])
    assert "5 von 10 stimmberechtigten" in votes.check_view.plain_text()
    votes.select_item(items["budget"])
    type_number(qtbot, votes.yes_spin, 4)
    assert "Die Sitzung ist nicht beschlussfähig: 4 von 10" in votes.check_view.plain_text()


def test_no_result_is_shown_before_any_vote(qtbot, lag, meeting):
    page = meeting.attendance_page
    meeting.show_page(page)
    click(qtbot, page.all_present_button)
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(lag["items"]["select"])
    shown = votes.check_view.plain_text()
    assert "Noch keine Stimmen eingegeben" in shown
    assert "abgelehnt" not in shown and "angenommen" not in shown
    assert votes.check_view.result.level == "info"
    type_number(qtbot, votes.yes_spin, 6)
    assert "Ergebnis: angenommen" in votes.check_view.plain_text()


def test_conflict_after_a_vote_by_show_of_hands_asks_for_the_counts_and_recounts(qtbot, lag, meeting):
    db, items = lag["db"], lag["items"]
    conduct = MeetingConduct(db)
    for key in ("m0", "m1", "m4", "m5", "m6", "m7"):
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    conduct.record_vote(items["select"], 5, 1, 0)
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.show_for(lag["meeting"])
    votes.select_item(items["select"])
    pick(votes.person_combo, lag["m5"])
    key_clicks(qtbot, votes.reason_edit, "Vorsitzende des Trägervereins")
    click(qtbot, votes.declare_button)
    banner = votes.conflict_error.text()
    assert "bitte die Stimmen ohne M5 Mitglied05 angeben" in banner
    assert "in die Felder Ja, Nein und Enthaltung eintragen" in banner
    assert conduct.conflicts(items["select"]) == []

    type_number(qtbot, votes.yes_spin, 4)  # the counts without her
    click(qtbot, votes.declare_button)
    assert "neu ausgezählt" in votes.conflict_error.text()
    vote = conduct.current_vote(items["select"])
    assert (vote.yes, vote.no, vote.entitled) == (4, 1, 5)
    assert "Ja 4, Nein 1" in votes.stored.text()
    assert not votes.unsaved.isVisible()


def test_a_beschluss_on_a_project_is_ticked_as_selection_unless_the_user_unticks_it(qtbot, lag, meeting):
    page = meeting.agenda_page
    meeting.show_page(page)
    dialog = page.new_item()
    form = dialog.form
    type_into(qtbot, form.editor("title"), "Auswahl Dorfladen")
    choose(form.editor("kind"), "beschluss")
    assert not form.editor("is_selection_decision").isChecked()  # no project yet
    choose(form.editor("project_id"), lag["project"])
    assert form.editor("is_selection_decision").isChecked()
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    added = AgendaService(lag["db"]).items(lag["meeting"])[-1]
    assert (added.title, added.is_selection_decision) == ("Auswahl Dorfladen", True)

    dialog = page.new_item()  # deliberately not a selection: the user unticks it and it stays so
    form = dialog.form
    type_into(qtbot, form.editor("title"), "Kostenerhöhung Dorfladen")
    choose(form.editor("project_id"), lag["project"])
    choose(form.editor("kind"), "beschluss")
    tick(form.editor("is_selection_decision"), False)
    choose(form.editor("kind"), "beratung")
    choose(form.editor("kind"), "beschluss")
    assert not form.editor("is_selection_decision").isChecked()
    click(qtbot, dialog.save_button)
    assert AgendaService(lag["db"]).items(lag["meeting"])[-1].is_selection_decision is False


def test_typing_a_project_name_letter_by_letter_suggests_the_selection_once_it_names_one(qtbot, lag, meeting):
    """While a name is half typed it names no project yet: no error, no tick (seen under Xvfb)."""
    page = meeting.agenda_page
    meeting.show_page(page)
    dialog = page.new_item()
    form = dialog.form
    choose(form.editor("kind"), "beschluss")
    project_name = form.editors["project_id"].options.data(
        form.editors["project_id"].options.index(form.editors["project_id"].options.row_of(lag["project"]))
    )
    type_into(qtbot, form.editor("project_id"), project_name[:2])
    assert not form.editor("is_selection_decision").isChecked()
    type_into(qtbot, form.editor("project_id"), project_name)
    assert form.editor("is_selection_decision").isChecked()


def test_a_vote_for_a_meeting_not_yet_held_is_refused_with_a_reason(qtbot, lag, meeting, monkeypatch):
    from datetime import datetime

    from regiodesk.services import conduct as conduct_module
    from regiodesk.ui import dialogs

    page = meeting.attendance_page
    meeting.show_page(page)
    click(qtbot, page.all_present_button)
    monkeypatch.setattr(conduct_module, "now_local", lambda: datetime(2026, 3, 1, 12, 0))
    errors = []
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kw: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(lag["items"]["select"])
    type_number(qtbot, votes.yes_spin, 10)
    assert votes.save_vote() is False
    assert "Die Sitzung beginnt erst am 09.03.2026 um 18:30 Uhr" in errors[0]
    assert MeetingConduct(lag["db"]).current_vote(lag["items"]["select"]) is None


def test_a_written_procedure_the_rules_do_not_allow_is_refused_in_the_window(qtbot, lag, show_tab):
    from regiodesk.services.bodies import BodyService
    from regiodesk.services.written_procedure import WrittenProcedureService

    BodyService(lag["db"]).update(lag["body"], {"written_procedure_allowed": False})
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    window = tab.show_written_procedures()
    qtbot.addWidget(window)
    dialog = window.new_procedure()
    type_into(qtbot, dialog.form.editor("subject"), "Zustimmung im Umlauf")
    type_into(qtbot, dialog.form.editor("started_on"), "01.04.2026")
    type_into(qtbot, dialog.form.editor("deadline"), "14.04.2026")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()  # kept open with the reason, the input kept
    assert "lässt kein Umlaufverfahren zu" in dialog.form.general_error.text()
    assert WrittenProcedureService(lag["db"]).rows() == []
    dialog.form.mark_clean()
    dialog.reject()
