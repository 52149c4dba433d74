"""The meeting rules of issue 18 in the window: a departure handed to the deputy on the attendance
page, no result before any vote, a conflict declared after a vote recounts it."""

from __future__ import annotations

import pytest
from test_meeting_conduct import pick, type_number
from ui_helpers import click, key_clicks

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
