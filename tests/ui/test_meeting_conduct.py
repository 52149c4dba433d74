"""Holding a meeting through the widgets: attendance, a conflict of interest, a vote and its check."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox
from ui_helpers import click, key_clicks, tick

from regiodesk.domain.enums import VoteResult
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs
from regiodesk.ui.meetings.attendance import ARRIVED, DEPUTY, LEFT, STATUS
from regiodesk.ui.signals import emit


def pick(combo: QComboBox, value) -> None:
    """Choose the entry holding ``value`` as a user does (the choice is stored at once)."""
    index = combo.findData(value)
    assert index >= 0, (value, [combo.itemText(i) for i in range(combo.count())])
    combo.setCurrentIndex(index)
    emit(combo.activated, index)


def type_number(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


@pytest.fixture
def meeting(lag, window, show_tab):
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    return tab.panel


def attend(panel, lag, present=(), excused=(), represented=()):
    page = panel.attendance_page
    panel.show_page(page)
    for key in present:
        pick(page.editor(lag[key], STATUS), "anwesend")
    for key in excused:
        pick(page.editor(lag[key], STATUS), "entschuldigt")
    for key in represented:
        pick(page.editor(lag[key], STATUS), "vertreten")
    return page


def test_hold_a_meeting_attendance_conflict_vote(qtbot, lag, meeting, monkeypatch, qtmodeltester):
    db, items = lag["db"], lag["items"]
    page = meeting.attendance_page
    meeting.show_page(page)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 11  # ten voting members and the advisor
    assert page.editor(lag["m0"], STATUS).currentText() == "– nicht erfasst –"

    click(qtbot, page.all_present_button)
    pick(page.editor(lag["m1"], STATUS), "vertreten")
    pick(page.editor(lag["m3"], STATUS), "entschuldigt")
    pick(page.editor(lag["m9"], LEFT), items["budget"])
    qtmodeltester.check(page.model)

    deputy = page.editor(lag["m1"], DEPUTY)
    assert deputy.isEnabled() and deputy.currentData() == lag["s1"]  # the personal deputy
    assert "Stellv01" in deputy.currentText()
    assert not page.editor(lag["m0"], DEPUTY).isEnabled()
    assert page.editor(lag["m9"], LEFT).currentText().startswith("TOP 3")
    stored = {r.contact_id: r for r in MeetingConduct(db).attendance(lag["meeting"])}
    assert stored[lag["m1"]].status == "vertreten" and stored[lag["m1"]].represented_by_id == lag["s1"]
    assert stored[lag["m3"]].status == "entschuldigt"
    assert stored[lag["m9"]].left_before_item_id == items["budget"]
    assert "9 von 10 anwesend oder vertreten" in page.summary.text()

    votes = meeting.votes_page
    meeting.show_page(votes)
    qtmodeltester.check(votes.items_model)
    assert [votes.items_model.data(votes.items_model.index(r, 0)) for r in range(2)] == ["2", "3"]
    votes.select_item(items["select"])
    assert votes.heading.text() == "TOP 2: Projektauswahl Dorfladen"

    pick(votes.person_combo, lag["m4"])
    key_clicks(qtbot, votes.reason_edit, "Vorstand des Trägervereins")
    click(qtbot, votes.declare_button)
    qtmodeltester.check(votes.conflicts_model)
    assert votes.conflicts_model.rowCount() == 1
    assert votes.conflicts_model.data(votes.conflicts_model.index(0, 1)) == "Vorstand des Trägervereins"
    assert [c.contact_id for c in MeetingConduct(db).conflicts(items["select"])] == [lag["m4"]]

    type_number(qtbot, votes.yes_spin, 6)
    type_number(qtbot, votes.no_spin, 1)
    type_number(qtbot, votes.abstain_spin, 1)
    shown = votes.check_view.plain_text()
    assert "9 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten (90,0 %)" in shown
    assert ", davon 1 durch Stellvertretung" in shown
    assert "Wegen Interessenkonflikt ausgeschlossen: M4 Mitglied04" in shown
    assert "Stimmberechtigt bei diesem Punkt: 8" in shown
    assert (
        "stimmberechtigt 8, davon WiSo-Partner 5 (62,5 %); "
        "größte Interessengruppe Öffentlicher Sektor 3 (37,5 %)" in shown
    )
    assert "Ja 6, Nein 1, Enthaltung 1 (8 von 8 abgegeben)" in shown
    assert "Ergebnis: angenommen" in shown
    assert votes.check_view.result.level == "ok"
    assert not votes.check_view.problems.isVisible()
    assert MeetingConduct(db).current_vote(items["select"]) is None  # nothing stored before saving
    assert votes.unsaved.isVisible()

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append((text, yes)) or True)
    click(qtbot, votes.save_button)
    text, yes = asked[0]
    assert "Ergebnis: angenommen" in text and "„Dorfladen Weißenbrunn“ erhält den Status „ausgewählt“" in text
    assert yes == "Speichern"
    vote = MeetingConduct(db).current_vote(items["select"])
    assert (vote.yes, vote.no, vote.abstain) == (6, 1, 1)
    assert (vote.result, vote.members_total, vote.entitled, vote.non_public) == ("angenommen", 10, 8, 5)
    assert (vote.largest_group, vote.largest_group_count) == ("Öffentlicher Sektor", 3)
    assert ProjectService(db).load(lag["project"])["status"] == "ausgewaehlt"
    assert "Gespeichert am" in votes.stored.text() and "Ja 6, Nein 1, Enthaltung 1" in votes.stored.text()
    assert not votes.unsaved.isVisible()
    assert votes.items_model.data(votes.items_model.index(0, 2)) == "angenommen"

    # The member who left before TOP 3 no longer counts there.
    votes.select_item(items["budget"])
    assert "8 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten" in votes.check_view.plain_text()
    # The agenda shows the stored result.
    meeting.show_page(meeting.agenda_page)
    assert meeting.model.data(meeting.model.index(1, 4)) == "angenommen"


def test_a_vote_breaking_the_double_quorum_is_stored_only_as_not_quorate(qtbot, lag, meeting, monkeypatch):
    db, items = lag["db"], lag["items"]
    # Public sector 4, WiSo 2 present: quorate (6 of 10), but no double quorum.
    attend(meeting, lag, present=("m0", "m1", "m2", "m3", "m4", "m6"), excused=("m5", "m7", "m8", "m9"))
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["select"])
    type_number(qtbot, votes.yes_spin, 5)
    type_number(qtbot, votes.no_spin, 1)
    shown = votes.check_view.plain_text()
    assert "6 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten (60,0 %)" in shown
    assert "stimmberechtigt 6, davon WiSo-Partner 2 (33,3 %)" in shown
    assert "Ergebnis: nicht beschlussfähig" in shown
    assert votes.check_view.result.level == "error"
    assert votes.check_view.problems.isVisible()
    assert "nur 2 von 6 Stimmberechtigten sind WiSo-Partner" in votes.check_view.problems.text()

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append((text, yes)) or False)
    click(qtbot, votes.save_button)
    assert MeetingConduct(db).current_vote(items["select"]) is None  # the user said no: nothing stored

    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append((text, yes)) or True)
    click(qtbot, votes.save_button)
    text, yes = asked[-1]
    assert "verstößt gegen die Geschäftsordnung" in text
    assert "als „nicht beschlussfähig“ gespeichert" in text
    assert yes == "Als „nicht beschlussfähig“ speichern"
    vote = MeetingConduct(db).current_vote(items["select"])
    assert (vote.yes, vote.no) == (5, 1)
    assert vote.result == VoteResult.NOT_QUORATE.value
    assert "WiSo-Partner" in vote.problems
    assert ProjectService(db).load(lag["project"])["status"] == "in_beratung"  # no decision taken
    assert "nicht beschlussfähig" in votes.stored.text()


def test_impossible_counts_are_explained_and_cannot_be_saved(qtbot, lag, meeting):
    attend(meeting, lag, present=("m0", "m4", "m5", "m6", "m8", "m9"))
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(lag["items"]["budget"])
    type_number(qtbot, votes.yes_spin, 7)
    assert "aber nur 6 Mitglieder sind stimmberechtigt" in votes.check_view.plain_text()
    assert not votes.save_button.isEnabled()


def test_refused_attendance_is_explained_and_the_row_shows_what_is_stored(qtbot, lag, meeting):
    items = lag["items"]
    page = attend(meeting, lag, present=("m2",))
    pick(page.editor(lag["m2"], LEFT), items["select"])
    pick(page.editor(lag["m2"], ARRIVED), items["budget"])  # arriving after leaving: refused
    assert page.banner.isVisible()
    assert "Das Gehen liegt vor dem Kommen" in page.banner.text()
    assert "M2 Mitglied02" in page.banner.text()
    assert page.editor(lag["m2"], ARRIVED).currentData() is None  # the stored state again
    pick(page.editor(lag["m2"], STATUS), "anwesend")
    pick(page.editor(lag["m5"], ARRIVED), items["select"])  # coming late means: present
    stored = {r.contact_id: r for r in MeetingConduct(lag["db"]).attendance(lag["meeting"])}
    assert stored[lag["m5"]].status == "anwesend" and stored[lag["m5"]].arrived_at_item_id == items["select"]
    assert not page.banner.isVisible()


def test_withdrawing_a_conflict_asks_and_counts_the_member_again(qtbot, lag, meeting, monkeypatch):
    items = lag["items"]
    attend(meeting, lag, present=[f"m{n}" for n in range(10)])
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["select"])
    pick(votes.person_combo, lag["m0"])
    click(qtbot, votes.declare_button)  # no reason given
    assert "Bitte den Grund" in votes.conflict_error.text()
    assert votes.conflicts_model.rowCount() == 0
    key_clicks(qtbot, votes.reason_edit, "Bürgermeister der Standortgemeinde")
    click(qtbot, votes.declare_button)
    assert "Stimmberechtigt bei diesem Punkt: 9" in votes.check_view.plain_text()
    votes.conflicts_view.selectRow(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    click(qtbot, votes.withdraw_button)
    assert votes.conflicts_model.rowCount() == 0
    assert "Stimmberechtigt bei diesem Punkt: 10" in votes.check_view.plain_text()


def test_named_vote_counts_follow_the_choices_and_the_minutes_list_the_names(
    qtbot, lag, meeting, monkeypatch, tmp_path
):
    db, items = lag["db"], lag["items"]
    attend(meeting, lag, present=[f"m{n}" for n in range(10)])
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["budget"])
    tick(votes.named_box)
    assert votes.named_table.rowCount() == 10
    assert votes.yes_spin.isReadOnly()
    for n in range(10):
        votes.set_named_choice(lag[f"m{n}"], "ja" if n < 6 else "nein" if n < 9 else None)
    assert votes.entered()[:3] == (6, 3, 0)  # the counts follow the named choices
    assert "Ja 6, Nein 3, Enthaltung 0 (9 von 10 abgegeben)" in votes.check_view.plain_text()

    # a voter without a choice: not saved, and the dialog says who is missing
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    assert not votes.save_vote()
    assert "M9 Mitglied09" in errors[0]
    assert MeetingConduct(db).current_vote(items["budget"]) is None

    # switching items keeps what was entered
    votes.select_item(items["select"])
    votes.select_item(items["budget"])
    assert votes.named_box.isChecked() and votes.entered()[:3] == (6, 3, 0)

    votes.set_named_choice(lag["m9"], "enthaltung")
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kwargs: True)
    assert votes.save_vote()
    vote = MeetingConduct(db).current_vote(items["budget"])
    assert vote.named and (vote.yes, vote.no, vote.abstain) == (6, 3, 1)
    choices = MeetingConduct(db).named_choices(vote.id)
    assert choices[lag["m9"]] == "enthaltung" and choices[lag["m0"]] == "ja"
    assert votes.named_box.isChecked() and not votes.unsaved.isVisible()

    from document_helpers import pdf_text

    from regiodesk.reports.meeting_docs import minutes_pdf

    text = pdf_text(minutes_pdf(db, lag["meeting"]))
    assert "namentlich" in text
    assert "Enthaltung: M9 Mitglied09" in text
    assert "Nein: M6 Mitglied06, M7 Mitglied07, M8 Mitglied08" in text
