"""Decisions that hold up before a Bewilligungsstelle (issue 18): deputies, attendance over the
agenda, the public sector as one group, late conflicts, votes in the future, written procedures."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from regiodesk.db.models import Membership, NamedVote, Project, Vote
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services import conduct as conduct_module
from regiodesk.services.agenda import AgendaService
from regiodesk.services.bodies import BodyService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.memberships import InterestGroupService, MembershipService
from regiodesk.services.written_procedure import WrittenProcedureService


def attend(lag, *keys, status="anwesend"):
    conduct = MeetingConduct(lag["db"])
    for key in keys:
        conduct.set_attendance(lag["meeting"], lag[key], status)
    return conduct


def stored_attendance(lag):
    return {r.contact_id: r for r in MeetingConduct(lag["db"]).attendance(lag["meeting"])}


# --- only the personal deputy, one person one vote -----------------------------------------------


def test_someone_else_cannot_stand_in_and_nothing_changes(lag):
    conduct = attend(lag, "m0")
    with pytest.raises(DomainError, match=r"Nur die persönliche Stellvertretung.*S1 Stellv01"):
        conduct.set_attendance(lag["meeting"], lag["m1"], "vertreten", represented_by_id=lag["s2"])
    assert stored_attendance(lag)[lag["m1"]].status is None


def test_deputy_of_a_deputy_cannot_stand_in(lag):
    # m1's personal deputy is s1; s1 is not a member, so s1 has no deputy; m2's deputy s2 cannot step in.
    conduct = attend(lag, "m0")
    with pytest.raises(DomainError, match="persönliche Stellvertretung"):
        conduct.set_attendance(lag["meeting"], lag["m1"], "vertreten", represented_by_id=lag["s2"])


def test_deputy_for_two_seats_is_refused_with_one_vote_message(lag):
    db = lag["db"]
    with db.transaction() as session:  # s1 is personal deputy of m1 and m2
        m2 = session.query(Membership).filter_by(contact_id=lag["m2"]).one()
        m2.deputy_id = lag["s1"]
    conduct = attend(lag, "m0")
    conduct.set_attendance(lag["meeting"], lag["m1"], "vertreten", represented_by_id=lag["s1"])
    with pytest.raises(DomainError, match="S1 Stellv01 hat nur eine Stimme"):
        conduct.set_attendance(lag["meeting"], lag["m2"], "vertreten", represented_by_id=lag["s1"])
    assert stored_attendance(lag)[lag["m2"]].status is None  # the refused row is not stored


def test_deputy_who_is_a_member_present_keeps_one_vote(lag):
    db = lag["db"]
    with db.transaction() as session:  # m2 (a member) is m1's personal deputy
        m1 = session.query(Membership).filter_by(contact_id=lag["m1"]).one()
        m1.deputy_id = lag["m2"]
    conduct = attend(lag, "m2")
    with pytest.raises(DomainError, match=r"M2 Mitglied02 hat nur eine Stimme.*eigenen Sitz"):
        conduct.set_attendance(lag["meeting"], lag["m1"], "vertreten", represented_by_id=lag["m2"])


def test_named_vote_records_who_voted_for_which_seat(lag):
    conduct = attend(lag, *(f"m{n}" for n in range(9)))
    conduct.set_attendance(lag["meeting"], lag["m9"], "vertreten", represented_by_id=lag["s9"])
    named = {lag[f"m{n}"]: "ja" for n in range(9)} | {lag["m9"]: "nein"}  # keyed by the seat
    vote_id = conduct.record_vote(lag["items"]["budget"], 9, 1, 0, named=named)
    with lag["db"].session() as session:
        row = session.query(NamedVote).filter_by(vote_id=vote_id, choice="nein").one()
        seat = session.get(Membership, row.membership_id)
        assert (row.contact_id, seat.contact_id) == (lag["s9"], lag["m9"])
        voters = json.loads(session.get(Vote, vote_id).entitled_snapshot)["voters"]
    [deputy] = [v for v in voters if v["by_deputy"]]
    assert (deputy["member_id"], deputy["voted_by_id"], deputy["voted_by"]) == (
        lag["m9"],
        lag["s9"],
        "S9 Stellv09",
    )


# --- arrivals and departures per agenda item ---------------------------------------------------------


def test_departure_handed_to_the_deputy_keeps_the_seat_for_later_votes(lag):
    items = lag["items"]
    conduct = attend(lag, "m0", "m1", "m4", "m6", "m8")
    conduct.set_attendance(
        lag["meeting"],
        lag["m9"],
        "anwesend",
        represented_by_id=lag["s9"],
        left_before_item_id=items["budget"],
    )
    select = conduct.presence(lag["meeting"], items["select"])
    budget = conduct.presence(lag["meeting"], items["budget"])
    assert [v.person_id for v in select.present if v.member_id == lag["m9"]] == [lag["m9"]]
    assert [v.person_id for v in budget.present if v.member_id == lag["m9"]] == [lag["s9"]]
    assert len(conduct.check_vote(items["budget"], 6, 0, 0).present) == 6


def test_departure_before_the_vote_changes_its_quorum(lag):
    items = lag["items"]
    conduct = attend(lag, "m0", "m1", "m4", "m6")
    conduct.set_attendance(lag["meeting"], lag["m8"], "anwesend", left_before_item_id=items["budget"])
    assert conduct.presence(lag["meeting"], items["select"]).quorum.holds is True  # 5 of 10
    later = conduct.presence(lag["meeting"], items["budget"])
    assert (len(later.present), later.quorum.holds) == (4, False)
    assert conduct.check_vote(items["budget"], 4, 0, 0).result.value == "nicht_beschlussfaehig"


def test_deputy_recorded_on_an_own_row_is_named_as_deputy_and_counted_alike(lag):
    conduct = attend(lag, "m0", "m1", "m4", "m6")
    conduct.set_attendance(lag["meeting"], lag["m9"], "entschuldigt")
    conduct.set_attendance(lag["meeting"], lag["s9"], "anwesend")
    row = stored_attendance(lag)[lag["s9"]]
    assert row.deputy_for == "M9 Mitglied09"
    start = conduct.presence(lag["meeting"])
    assert (len(start.present), start.by_deputy) == (5, 1)
    assert len(conduct.check_vote(lag["items"]["select"], 5, 0, 0).present) == 5


# --- the public sector as one group ------------------------------------------------------------------


def split_public_lag(db):
    """8 voting members: Kommunen 2 + Landkreis 2 (both public), Wirtschaft 2, Umwelt 2."""
    groups = InterestGroupService(db)
    ids = {
        name: groups.create({"name": name, "public_sector": public})
        for name, public in (
            ("Kommunen", True),
            ("Landkreis", True),
            ("Wirtschaft2", False),
            ("Umwelt2", False),
        )
    }
    body = BodyService(db).create({"name": "LAG Split", "body_type": "lag"})
    members = MembershipService(db, body)
    contacts = ContactService(db)
    people = []
    for n, name in enumerate(
        ["Kommunen", "Kommunen", "Landkreis", "Landkreis"] + ["Wirtschaft2"] * 2 + ["Umwelt2"] * 2
    ):
        person = contacts.create({"kind": "person", "last_name": f"Split{n}"})
        # the membership flag says WiSo: the group decides
        members.create(
            {"contact_id": person, "role": "mitglied", "interest_group_id": ids[name], "public_sector": False}
        )
        people.append(person)
    meeting = MeetingService(db).create({"body_id": body, "starts_at": datetime(2026, 3, 10, 18, 0)})
    return body, meeting, people, ids


def test_public_sector_split_into_two_groups_at_half_is_not_quorate(lag):
    db = lag["db"]
    body, meeting, people, _ids = split_public_lag(db)
    item = AgendaService(db).add(meeting, "Auswahl", "beschluss", project_id=lag["project"])
    conduct = MeetingConduct(db)
    for person in people:
        conduct.set_attendance(meeting, person, "anwesend")
    check = conduct.check_vote(item, 8, 0, 0)
    assert check.double.public == 4
    assert check.result.value == "nicht_beschlussfaehig"
    assert any("Öffentlicher Sektor (Kommunen, Landkreis) hat 4 von 8" in p for p in check.problems)
    composition = MembershipService(db).composition(body, date(2026, 3, 10))
    assert composition.public == 4
    assert any("Öffentlicher Sektor (Kommunen, Landkreis)" in w for w in composition.warnings)


def test_membership_follows_the_public_flag_of_its_group(lag):
    db = lag["db"]
    _body, _meeting, people, ids = split_public_lag(db)
    with db.session() as session:
        flags = {
            m.contact_id: m.public_sector
            for m in session.query(Membership).filter(Membership.contact_id.in_(people))
        }
    assert [flags[p] for p in people] == [True] * 4 + [False] * 4
    InterestGroupService(db).update(ids["Landkreis"], {"public_sector": False})
    with db.session() as session:
        flags = {
            m.contact_id: m.public_sector
            for m in session.query(Membership).filter(Membership.contact_id.in_(people))
        }
    assert [flags[p] for p in people] == [True, True, False, False] + [False] * 4


# --- selection decisions ------------------------------------------------------------------------------


def test_a_beschluss_on_a_project_is_a_selection_decision_unless_said_otherwise(lag):
    agenda = AgendaService(lag["db"])
    default = agenda.add(lag["meeting"], "Auswahl", "beschluss", project_id=lag["project"])
    chosen = agenda.add(
        lag["meeting"], "Kostenänderung", "beschluss", project_id=lag["project"], is_selection_decision=False
    )
    info = agenda.add(lag["meeting"], "Bericht", "information", project_id=lag["project"])
    rows = {r.id: r.is_selection_decision for r in agenda.items(lag["meeting"])}
    assert (rows[default], rows[chosen], rows[info]) == (True, False, False)
    agenda.update(info, kind="beschluss")  # becomes a project decision: selection by default
    assert next(r for r in agenda.items(lag["meeting"]) if r.id == info).is_selection_decision is True


# --- late conflicts -------------------------------------------------------------------------------------


def test_conflict_declared_after_a_named_vote_recounts_it(lag):
    items = lag["items"]
    conduct = attend(lag, *(f"m{n}" for n in range(10)))
    named = {lag[f"m{n}"]: ("nein" if n == 5 else "ja") for n in range(10)}
    conduct.record_vote(items["select"], 9, 1, 0, named=named)
    conduct.declare_conflict(items["select"], lag["m5"], "Vorsitzende des Trägervereins")
    vote = conduct.current_vote(items["select"])
    assert (vote.yes, vote.no, vote.entitled) == (9, 0, 9)
    snapshot = json.loads(vote.entitled_snapshot)
    assert [v["member_id"] for v in snapshot["excluded"]] == [lag["m5"]]
    assert "erst nach der Abstimmung erklärt" in snapshot["note"] and "Nein 1" in snapshot["note"]
    assert lag["m5"] not in conduct.named_choices(vote.id)


def test_conflict_declared_after_a_show_of_hands_needs_the_counts_without_them(lag):
    items = lag["items"]
    conduct = attend(lag, "m0", "m1", "m4", "m5", "m6", "m7")
    conduct.record_vote(items["select"], 5, 1, 0)
    with pytest.raises(DomainError, match="bitte die Stimmen ohne M5 Mitglied05 angeben"):
        conduct.declare_conflict(items["select"], lag["m5"], "Projektträger")
    assert conduct.conflicts(items["select"]) == []  # nothing stored
    conduct.declare_conflict(items["select"], lag["m5"], "Projektträger", recount=(4, 1, 0))
    vote = conduct.current_vote(items["select"])
    assert (vote.yes, vote.no, vote.entitled, vote.result) == (4, 1, 5, "angenommen")
    # 2 public of 5 = 40 %: still quorate after the recount
    with pytest.raises(DomainError, match="schon abgestimmt"):
        conduct.withdraw_conflict(conduct.conflicts(items["select"])[0].id)


def test_conflict_of_someone_not_voting_leaves_the_vote_alone(lag):
    conduct = attend(lag, "m0", "m1", "m4", "m5", "m6", "m7")
    vote_id = conduct.record_vote(lag["items"]["select"], 5, 1, 0)
    conduct.declare_conflict(lag["items"]["select"], lag["m9"], "abwesend, aber befangen")
    assert conduct.current_vote(lag["items"]["select"]).id == vote_id


# --- votes in the future ------------------------------------------------------------------------------


def test_no_vote_for_a_meeting_that_has_not_begun(lag, monkeypatch):
    conduct = attend(lag, *(f"m{n}" for n in range(10)))
    monkeypatch.setattr(conduct_module, "now_local", lambda: datetime(2026, 3, 9, 18, 29))
    with pytest.raises(DomainError, match=r"beginnt erst am 09\.03\.2026 um 18:30 Uhr"):
        conduct.record_vote(lag["items"]["select"], 10, 0, 0)
    assert conduct.current_vote(lag["items"]["select"]) is None
    with lag["db"].session() as session:
        assert session.get(Project, lag["project"]).lag_decision_on is None
    monkeypatch.setattr(conduct_module, "now_local", lambda: datetime(2026, 3, 9, 18, 30))
    conduct.record_vote(lag["items"]["select"], 10, 0, 0)  # from the start on it is recorded


# --- written procedure ---------------------------------------------------------------------------------


def procedure_values(lag):
    return {
        "body_id": lag["body"],
        "subject": "Budget im Umlauf",
        "required_majority": "einfach",
        "started_on": date(2026, 4, 1),
        "deadline": date(2026, 4, 14),
    }


def test_written_procedure_refused_where_the_rules_do_not_allow_it(lag):
    service = WrittenProcedureService(lag["db"])
    wp = service.create(procedure_values(lag))
    BodyService(lag["db"]).update(lag["body"], {"written_procedure_allowed": False})
    with pytest.raises(DomainError, match="lässt kein Umlaufverfahren zu"):
        service.create(procedure_values(lag))
    with pytest.raises(DomainError, match="lässt kein Umlaufverfahren zu"):
        service.record_answer(wp, lag["m0"], "ja", date(2026, 4, 2))
    with pytest.raises(DomainError, match="lässt kein Umlaufverfahren zu"):
        service.close(wp, today=date(2026, 4, 20))


@pytest.mark.parametrize(("deadline", "refused"), [(date(2026, 4, 9), True), (date(2026, 4, 10), False)])
def test_deadline_cannot_move_before_an_answer_received(lag, deadline, refused):
    service = WrittenProcedureService(lag["db"])
    wp = service.create(procedure_values(lag))
    service.record_answer(wp, lag["m0"], "ja", date(2026, 4, 10))
    if refused:
        with pytest.raises(ValidationError, match="nicht vor bereits eingegangene Antworten"):
            service.update(wp, {"deadline": deadline})
        assert service.load(wp)["deadline"] == date(2026, 4, 14)
    else:
        service.update(wp, {"deadline": deadline})  # received on the last day: in time
        assert service.evaluate(wp).yes == 1
