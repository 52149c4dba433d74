"""The meeting documents carry the numbers a Bewilligungsstelle checks, read back from the PDF text."""

from __future__ import annotations

import pytest
from document_helpers import pdf_pages, pdf_text

from regiodesk.db.models import Project, RegionSettings
from regiodesk.reports.meeting_docs import attendance_pdf, decision_pdf, invitation_pdf, minutes_pdf
from regiodesk.services.agenda import AgendaService
from regiodesk.services.conduct import MeetingConduct


@pytest.fixture
def held(lag):
    """The lag meeting held: 7 present, one deputy, one conflict on the selection, votes recorded."""
    db = lag["db"]
    with db.transaction() as session:
        session.add(
            RegionSettings(name="LEADER-Region Obermain-Jura", letterhead_text="Geschäftsstelle Lichtenfels")
        )
    conduct = MeetingConduct(db)
    for key in ("m0", "m1", "m4", "m5", "m6", "m7", "m8"):
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    conduct.set_attendance(lag["meeting"], lag["m9"], "vertreten", represented_by_id=lag["s9"])
    conduct.declare_conflict(lag["items"]["select"], lag["m5"], "seiner Tätigkeit für den Projektträger")
    AgendaService(db).update(lag["items"]["select"], decision_text="Die LAG wählt den Dorfladen aus.")
    conduct.record_vote(lag["items"]["select"], 5, 1, 1)
    conduct.record_vote(lag["items"]["budget"], 2, 5, 1)
    return lag


def test_minutes_state_quorum_conflict_numbers_and_results(held):
    pdf = minutes_pdf(held["db"], held["meeting"])
    text = pdf_text(pdf)
    assert "Niederschrift: LAG Obermain" in text
    assert "LEADER-Region Obermain-Jura" in text
    assert "8 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten (80,0 %)" in text
    assert "davon 1 durch ihre Stellvertretung" in text
    assert "vertreten durch S9 Stellv09" in text
    assert (
        "M5 Mitglied05 hat an Beratung und Beschlussfassung zu TOP 2 nicht teilgenommen "
        "(Interessenkonflikt: seiner Tätigkeit für den Projektträger)." in text
    )
    # 7 entitled after the exclusion: 2 public, 5 WiSo.
    flat = text
    assert (
        "stimmberechtigt 7, davon WiSo-Partner 5 (71,4 %); größte Interessengruppe Öffentlicher Sektor 2 "
        "(28,6 %)" in flat
    )
    assert "Ja 5, Nein 1, Enthaltung 1" in flat
    assert "Ergebnis: angenommen." in flat
    assert "Die LAG wählt den Dorfladen aus." in flat
    assert "Ergebnis: abgelehnt." in flat
    assert "Sitzungsleitung" in text and "Protokoll" in text
    pages = pdf_pages(pdf)
    assert f"Seite {pages} von {pages}" in text


def test_minutes_say_when_a_vote_was_not_quorate(held):
    conduct = MeetingConduct(held["db"])
    for key in ("m4", "m6", "m7"):  # three WiSo members declare conflicts: 2 public of 4 = 50 % > 49 %
        # declared after the vote by show of hands: the office gives the counts without them
        conduct.declare_conflict(held["items"]["select"], held[key], "Verwandtschaft", recount=(3, 0, 1))
    flat = pdf_text(minutes_pdf(held["db"], held["meeting"]))
    assert "nicht beschlussfähig – ein Beschluss ist nicht zustande gekommen" in flat
    assert "Interessengruppe Öffentlicher Sektor hat 2 von 4 Stimmen (50,0 %)" in flat


def test_invitation_lists_items_and_projects_but_not_the_offices_notice_check(held):
    text = pdf_text(invitation_pdf(held["db"], held["meeting"]))
    assert "Einladung zur Sitzung: LAG Obermain" in text
    assert "Montag, 09.03.2026 18:30 Uhr" in text
    assert "Projekt: Dorfladen Weißenbrunn" in text
    # the office's own check belongs in the window (ui/meetings/documents.py), not in the members' letter
    assert "Ladungsfrist" not in text and "spätestens am" not in text and "zu versenden" not in text
    assert "Seite 1 von 1" in text


def test_attendance_list_has_every_member_by_group_with_deputies(held):
    text = pdf_text(attendance_pdf(held["db"], held["meeting"]))
    for n in range(10):
        assert f"Mitglied{n:02d}" in text
        assert f"Stellv{n:02d}" in text
    assert "Stimmberechtigte Mitglieder – Öffentlicher Sektor" in text
    assert "Beraterin" in text
    assert "Unterschrift" in text


def test_decision_extract_is_one_page(held):
    pdf = decision_pdf(held["db"], held["items"]["select"])
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 1
    assert "Beschlussauszug" in text
    assert "TOP 2: Projektauswahl Dorfladen" in text
    assert "Ergebnis: angenommen." in text
    assert "stimmberechtigt 7, davon WiSo-Partner 5" in text


def test_a_long_meeting_breaks_across_pages_with_numbers(lag):
    agenda = AgendaService(lag["db"])
    for n in range(40):
        agenda.add(
            lag["meeting"],
            f"Bericht {n} über die Arbeit der Arbeitsgruppe Dorfentwicklung",
            discussion="Aussprache. " * 40,
        )
    pdf = minutes_pdf(lag["db"], lag["meeting"])
    pages = pdf_pages(pdf)
    assert pages > 3
    text = pdf_text(pdf)
    assert all(f"Seite {n} von {pages}" in text for n in range(1, pages + 1))


def test_minutes_and_votes_rest_on_the_same_numbers_with_a_deputy_on_an_own_row(lag):
    db = lag["db"]
    conduct = MeetingConduct(db)
    for key in ("m0", "m1", "m4"):
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    conduct.set_attendance(lag["meeting"], lag["m9"], "entschuldigt")
    conduct.set_attendance(lag["meeting"], lag["s9"], "anwesend")  # the deputy on a row of his own
    conduct.set_attendance(
        lag["meeting"],
        lag["m6"],
        "anwesend",
        represented_by_id=lag["s6"],
        left_before_item_id=lag["items"]["budget"],
    )
    conduct.record_vote(lag["items"]["budget"], 5, 0, 0)
    text = pdf_text(minutes_pdf(db, lag["meeting"]))
    assert "Stellvertretung für M9 Mitglied09" in text and "Gast" not in text
    assert "5 von 10 stimmberechtigten Mitgliedern anwesend oder vertreten (50,0 %), davon 1 durch" in text
    assert "bei diesem Punkt anwesend oder vertreten: 5; an der Abstimmung stimmberechtigt: 5" in text
    assert "verlässt die Sitzung vor TOP 3, danach vertreten durch S6 Stellv06" in text
    assert "S6 Stellv06 für M6 Mitglied06; S9 Stellv09 für M9 Mitglied09" in text


def test_minutes_of_a_selection_name_score_grant_every_group_and_a_late_conflict(lag):
    db = lag["db"]
    with db.transaction() as session:
        project = session.get(Project, lag["project"])
        project.grant_cents = 4_500_000
    conduct = MeetingConduct(db)
    for n in range(10):
        conduct.set_attendance(lag["meeting"], lag[f"m{n}"], "anwesend")
    named = {lag[f"m{n}"]: "ja" for n in range(10)}
    conduct.record_vote(lag["items"]["select"], 10, 0, 0, named=named)
    conduct.declare_conflict(lag["items"]["select"], lag["m5"], "Vorsitzende des Trägervereins")
    text = pdf_text(minutes_pdf(db, lag["meeting"]))
    assert "Beantragte Förderung (Zuschuss): 45.000,00 €" in text
    assert "Bewertung: keine Auswahlkriterien hinterlegt" in text
    assert (
        "öffentlicher Sektor 4 (44,4 %), WiSo-Partner 5 (55,6 %); nach Interessengruppen: "
        "Öffentlicher Sektor 4 (44,4 %), Soziales 2 (22,2 %), Umwelt 2 (22,2 %), Wirtschaft 1 (11,1 %)"
        in text
    )
    assert (
        "M5 Mitglied05 hat an Beratung und Beschlussfassung zu TOP 2 nicht teilgenommen "
        "(Interessenkonflikt: Vorsitzende des Trägervereins)." in text
    )
    assert "erst nach der Abstimmung erklärt; die Abstimmung wurde ohne M5 Mitglied05 neu ausgezählt" in text
    assert "Ja 9, Nein 0, Enthaltung 0" in text
