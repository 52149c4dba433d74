"""Holding a LAG meeting through the services: members, agenda, attendance, conflicts, votes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from regiodesk.db.models import InterestGroup, Project, Vote
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services.agenda import AgendaService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.memberships import MembershipService


def _attend(lag, *present, represented=()):
    conduct = MeetingConduct(lag["db"])
    for key in present:
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    for key in represented:
        n = key[1:]
        conduct.set_attendance(lag["meeting"], lag[key], "vertreten", represented_by_id=lag[f"s{n}"])
    return conduct


def test_composition_of_a_balanced_lag_has_no_warnings(lag):
    composition = MembershipService(lag["db"]).composition(lag["body"], date(2026, 3, 9))
    assert composition.voting == 10
    assert composition.public == 4
    assert composition.by_group[0] == ("Öffentlicher Sektor", 4)
    assert composition.warnings == ()


def test_composition_warns_when_the_public_sector_holds_too_many_votes(lag):
    db = lag["db"]
    contacts, members = ContactService(db), MembershipService(db, lag["body"])
    with db.session() as session:
        public = session.query(InterestGroup).filter_by(name="Öffentlicher Sektor").one().id
    for n in range(2):
        person = contacts.create({"kind": "person", "last_name": f"Bürgermeister{n}"})
        members.create(
            {"contact_id": person, "role": "mitglied", "interest_group_id": public, "public_sector": True}
        )
    warnings = members.composition(lag["body"], date(2026, 3, 9)).warnings
    assert any("„Öffentlicher Sektor“ hat 6 von 12 Stimmen (50,0 %)" in w for w in warnings)
    assert not any(w.startswith("Nur") for w in warnings)  # exactly 50 % WiSo still holds


def test_membership_rules(lag):
    members = MembershipService(lag["db"], lag["body"])
    with pytest.raises(ValidationError) as info:
        members.create(
            {
                "contact_id": lag["m0"],
                "role": "mitglied",
                "deputy_id": lag["m0"],
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2025, 1, 1),
            }
        )
    assert info.value.errors["deputy_id"] == "Ein Mitglied kann nicht seine eigene Stellvertretung sein."
    assert info.value.errors["ends_on"] == "„Mitglied bis“ liegt vor „Mitglied seit“."
    with pytest.raises(ValidationError, match="bereits Mitglied"):
        members.create({"contact_id": lag["m0"], "role": "mitglied"})
    with pytest.raises(ValidationError, match="kein Stimmrecht"):
        members.create({"contact_id": lag["s0"], "role": "beratend", "voting_right": True})


def test_agenda_numbers_and_reordering(lag):
    agenda = AgendaService(lag["db"])
    sub = agenda.add(lag["meeting"], "Kassenbericht", "information", parent_id=lag["items"]["budget"])
    assert [(r.number, r.title) for r in agenda.items(lag["meeting"])] == [
        ("1", "Begrüßung"),
        ("2", "Projektauswahl Dorfladen"),
        ("3", "Jahresbudget"),
        ("3.1", "Kassenbericht"),
    ]
    agenda.move(lag["items"]["budget"], -1)
    assert [r.number + " " + r.title for r in agenda.items(lag["meeting"])] == [
        "1 Begrüßung",
        "2 Jahresbudget",
        "2.1 Kassenbericht",
        "3 Projektauswahl Dorfladen",
    ]
    agenda.remove(lag["items"]["welcome"])
    assert [r.number for r in agenda.items(lag["meeting"])] == ["1", "1.1", "2"]
    assert sub in [r.id for r in agenda.items(lag["meeting"])]
    with pytest.raises(ValidationError, match="verknüpftes Projekt"):
        agenda.add(lag["meeting"], "Auswahl ohne Projekt", "beschluss", is_selection_decision=True)


def test_quorum_fails_with_four_of_ten_and_the_vote_is_stored_as_not_quorate(lag):
    conduct = _attend(lag, "m0", "m4", "m6", "m8")
    check = conduct.check_vote(lag["items"]["budget"], 4, 0, 0)
    assert check.result.value == "nicht_beschlussfaehig"
    assert "4 von 10" in check.problems[0]
    vote_id = conduct.record_vote(lag["items"]["budget"], 4, 0, 0)
    with lag["db"].session() as session:
        vote = session.get(Vote, vote_id)
        assert (vote.result, vote.entitled, vote.members_total) == ("nicht_beschlussfaehig", 4, 10)


def test_exactly_half_present_is_quorate(lag):
    conduct = _attend(lag, "m0", "m1", "m4", "m6", "m8")
    check = conduct.check_vote(lag["items"]["budget"], 3, 1, 1)
    assert check.quorum.holds and check.result.value == "angenommen"


def test_deputy_standing_in_counts_for_the_member(lag):
    conduct = _attend(lag, "m0", "m4", "m6", "m8", represented=("m9",))
    check = conduct.check_vote(lag["items"]["budget"], 5, 0, 0)
    assert len(check.voters) == 5
    assert [v.by_deputy for v in check.voters if v.member_id == lag["m9"]] == [True]


def test_conflict_excludes_a_member_and_breaks_the_double_quorum(lag):
    # 6 present: 3 public, 3 WiSo. A WiSo member declares a conflict: 3 public of 5 = 60 % public.
    conduct = _attend(lag, "m0", "m1", "m2", "m4", "m6", "m8")
    item = lag["items"]["select"]
    with pytest.raises(DomainError, match="Grund"):
        conduct.declare_conflict(item, lag["m4"], "  ")
    conduct.declare_conflict(item, lag["m4"], "Geschäftsführer des Projektträgers")
    check = conduct.check_vote(item, 5, 0, 0)
    assert check.result.value == "nicht_beschlussfaehig"
    assert check.sentence.startswith("stimmberechtigt 5, davon WiSo-Partner 2 (40,0 %)")
    with pytest.raises(DomainError, match="6"):
        conduct.check_vote(item, 6, 0, 0)  # more votes than entitled voters
    conduct.record_vote(item, 5, 0, 0)
    with lag["db"].session() as session:
        assert session.get(Project, lag["project"]).status == "in_beratung"  # no decision taken


def test_adopted_selection_decision_moves_the_project(lag):
    conduct = _attend(lag, "m0", "m1", "m4", "m5", "m6", "m7", "m8")
    item = lag["items"]["select"]
    vote_id = conduct.record_vote(item, 5, 1, 1)
    with lag["db"].session() as session:
        project = session.get(Project, lag["project"])
        assert (project.status, project.lag_decision_on, project.lag_decision_item_id) == (
            "ausgewaehlt",
            date(2026, 3, 9),
            item,
        )
        snapshot = json.loads(session.get(Vote, vote_id).entitled_snapshot)
        assert len(snapshot["voters"]) == 7


def test_member_leaving_before_an_item_is_not_counted_for_it(lag):
    items = lag["items"]
    conduct = _attend(lag, "m0", "m1", "m4", "m6")
    conduct.set_attendance(lag["meeting"], lag["m8"], "anwesend", left_before_item_id=items["budget"])
    assert len(conduct.check_vote(items["select"], 5, 0, 0).voters) == 5
    budget = conduct.check_vote(items["budget"], 4, 0, 0)
    assert len(budget.voters) == 4
    assert budget.result.value == "nicht_beschlussfaehig"


def test_leaving_before_arriving_is_refused(lag):
    conduct = MeetingConduct(lag["db"])
    with pytest.raises(DomainError, match="Gehen liegt vor dem Kommen"):
        conduct.set_attendance(
            lag["meeting"],
            lag["m0"],
            "anwesend",
            arrived_at_item_id=lag["items"]["budget"],
            left_before_item_id=lag["items"]["select"],
        )
    # "vertreten" without a name means the personal deputy, the only one who may stand in
    conduct.set_attendance(lag["meeting"], lag["m0"], "vertreten")
    row = next(r for r in conduct.attendance(lag["meeting"]) if r.contact_id == lag["m0"])
    assert row.represented_by_id == lag["s0"]


def test_attendance_list_orders_voting_members_first(lag):
    conduct = _attend(lag, "m3")
    rows = conduct.attendance(lag["meeting"])
    assert len(rows) == 11
    assert rows[-1].name == "Beraterin" and not rows[-1].voting_right
    assert next(r for r in rows if r.contact_id == lag["m3"]).status == "anwesend"
    assert next(r for r in rows if r.contact_id == lag["m2"]).status is None


def test_meeting_state_moves_one_step_at_a_time(lag):
    meetings = MeetingService(lag["db"])
    with pytest.raises(ValidationError) as info:
        meetings.update(lag["meeting"], {"state": "protokoll_genehmigt"})
    assert "kann nicht auf „Protokoll genehmigt“ gesetzt werden" in info.value.errors["state"]
    meetings.update(lag["meeting"], {"state": "durchgefuehrt"})
    meetings.update(lag["meeting"], {"state": "protokoll_genehmigt"})
    assert meetings.load(lag["meeting"])["state"] == "protokoll_genehmigt"


def test_late_invitation_is_warned_about(lag):
    meetings = MeetingService(lag["db"])
    meetings.update(lag["meeting"], {"invitation_sent_on": date(2026, 3, 2)})
    assert meetings.warnings(lag["meeting"]) == []
    meetings.update(lag["meeting"], {"invitation_sent_on": date(2026, 3, 4)})
    [warning] = meetings.warnings(lag["meeting"])
    assert "Ladungsfrist von 7 Tagen ist nicht eingehalten" in warning and "2 Tage zu spät" in warning


def _all_present(lag):
    conduct = MeetingConduct(lag["db"])
    for n in range(10):
        conduct.set_attendance(lag["meeting"], lag[f"m{n}"], "anwesend")
    return conduct


def test_a_named_vote_must_name_every_voter_once_and_add_up(lag):
    conduct = _all_present(lag)
    item = lag["items"]["budget"]
    named = {lag[f"m{n}"]: "ja" if n < 7 else "nein" for n in range(10)}
    missing = dict(named)
    del missing[lag["m9"]]
    with pytest.raises(DomainError, match="fehlt die Stimme von: M9 Mitglied09"):
        conduct.record_vote(item, 7, 2, 0, named=missing)
    with pytest.raises(DomainError, match="ergeben Ja 7, Nein 3, Enthaltung 0"):
        conduct.record_vote(item, 8, 2, 0, named=named)
    with pytest.raises(DomainError, match="nicht stimmberechtigt"):
        conduct.record_vote(item, 7, 3, 0, named={**named, lag["s0"]: "ja"})
    with pytest.raises(DomainError, match="Ja, Nein oder Enthaltung"):
        conduct.record_vote(item, 7, 3, 0, named={**named, lag["m0"]: "interessenkonflikt"})
    assert conduct.current_vote(item) is None  # every refusal stored nothing
    vote_id = conduct.record_vote(item, 7, 3, 0, named=named)
    assert conduct.named_choices(vote_id) == named


def test_a_deputy_standing_in_votes_by_name_for_the_seat(lag):
    conduct = _all_present(lag)
    conduct.set_attendance(lag["meeting"], lag["m2"], "vertreten", represented_by_id=lag["s2"])
    named = {lag[f"m{n}"]: "ja" for n in range(10) if n != 2} | {lag["s2"]: "nein"}
    vote_id = conduct.record_vote(lag["items"]["budget"], 9, 1, 0, named=named)
    assert conduct.named_choices(vote_id)[lag["m2"]] == "nein"  # by seat
    assert (lag["m2"], lag["s2"], "nein") in conduct.named_votes(vote_id)  # seat, who voted, choice
