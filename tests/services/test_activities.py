"""Consultations and events: what the office records of its own work (issue 22)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from regiodesk.db.models import ConsentPurpose, ConsultationContact
from regiodesk.domain.errors import ValidationError
from regiodesk.services.activities import (
    ConsultationService,
    EventParticipantService,
    EventService,
    event_recipients,
)
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService
from regiodesk.services.deadlines import due_deadlines, project_deadlines
from regiodesk.services.projects import ProjectService


@pytest.fixture
def people(db):
    contacts = ContactService(db)
    return [
        contacts.create(
            {"kind": "person", "first_name": "Eva", "last_name": "Huber", "email": "eva@example.de"}
        ),
        contacts.create(
            {"kind": "person", "first_name": "Max", "last_name": "Roth", "email": "max@example.de"}
        ),
        contacts.create({"kind": "person", "first_name": "Ida", "last_name": "Kern"}),
        contacts.create(
            {"kind": "person", "first_name": "Ole", "last_name": "Lang", "email": "ole@example.de"}
        ),
    ]


def _consultation(db, **values):
    base = {"held_on": date(2026, 3, 2), "topic": "Dorfladen", "project_idea": "Dorfladen Unterau"}
    return ConsultationService(db).create({**base, **values})


# --------------------------------------------------------------------------- consultations
def test_a_consultation_about_an_idea_is_stored_with_its_people_in_order(db, people):
    service = ConsultationService(db)
    cid = _consultation(db, contact_ids=[people[1], people[0]], duration_minutes=90, outcome="Skizze bis Mai")
    values = service.load(cid)
    assert (values["contact_1"], values["contact_2"], values["contact_3"]) == (people[1], people[0], None)
    assert values["duration_minutes"] == 90 and values["project_id"] is None
    [row] = service.rows()
    assert row.values[:4] == (date(2026, 3, 2), "Dorfladen", "Idee: Dorfladen Unterau", "Max Roth, Eva Huber")


def test_without_project_the_idea_is_required_with_a_german_message(db):
    with pytest.raises(ValidationError) as error:
        ConsultationService(db).create({"held_on": date(2026, 3, 2), "topic": "Anfrage"})
    assert "Projektidee" in error.value.errors["project_idea"]
    assert ConsultationService(db).rows() == []


def test_a_consultation_about_a_project_needs_no_idea_and_is_listed_with_the_project(db):
    project = ProjectService(db).create({"title": "Mehrgenerationenplatz", "status": "idee"})
    cid = ConsultationService(db).create(
        {"held_on": date(2026, 2, 1), "topic": "Kosten", "project_id": project}
    )
    other = _consultation(db)
    assert [r.id for r in ConsultationService(db, project).rows()] == [cid]
    assert {r.id for r in ConsultationService(db).rows()} == {cid, other}
    assert ConsultationService(db).rows([cid])[0].values[2] == "Mehrgenerationenplatz"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"follow_up_on": date(2026, 3, 1)}, "follow_up_on"),  # a day before the talk
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"topic": ""}, "topic"),
        ({"held_on": None}, "held_on"),
    ],
)
def test_impossible_consultations_are_refused_and_nothing_is_stored(db, values, field):
    with pytest.raises(ValidationError) as error:
        _consultation(db, **values)
    assert field in error.value.errors
    assert ConsultationService(db).rows() == []


def test_the_follow_up_on_the_day_of_the_talk_is_allowed(db):
    assert _consultation(db, follow_up_on=date(2026, 3, 2))


def test_the_same_person_twice_is_refused(db, people):
    with pytest.raises(ValidationError) as error:
        _consultation(db, contact_1=people[0], contact_2=people[0])
    assert "schon" in error.value.errors["contact_2"]


def test_editing_the_slots_keeps_the_people_beyond_the_third(db, people):
    service = ConsultationService(db)
    cid = _consultation(db, contact_ids=people)
    service.update(cid, {"contact_2": None, "topic": "Dorfladen und Café"})
    assert [c for c, _ in service.contacts(cid)] == [people[0], people[2], people[3]]
    service.update(cid, {"contact_ids": [people[3]]})
    assert [c for c, _ in service.contacts(cid)] == [people[3]]


def test_deleting_a_consultation_takes_its_links_along(db, people):
    service = ConsultationService(db)
    cid = _consultation(db, contact_ids=people[:2])
    service.delete(cid)
    assert service.rows() == []
    with db.session() as session:
        links = session.scalars(select(ConsultationContact).where(ConsultationContact.consultation_id == cid))
        assert all(link.deleted_at is not None for link in links)


def test_the_follow_up_is_a_deadline_until_it_is_done(db):
    project = ProjectService(db).create({"title": "Radweg", "status": "in_beratung"})
    ConsultationService(db).create(
        {
            "held_on": date(2026, 3, 2),
            "topic": "Trasse",
            "project_id": project,
            "follow_up_on": date(2026, 3, 20),
        }
    )
    idea = _consultation(db, follow_up_on=date(2026, 3, 10))
    on_the_day = due_deadlines(db, today=date(2026, 3, 10))
    assert [(r.title, r.kind, r.overdue) for r in on_the_day] == [
        ("Projektidee: Dorfladen Unterau", "wiedervorlage", False),
        ("Radweg", "wiedervorlage", False),
    ]
    assert on_the_day[0].project_id == "" and on_the_day[1].project_id == project
    late = due_deadlines(db, today=date(2026, 3, 11))
    assert late[0].overdue and late[0].label.startswith("Überfällig: Wiedervorlage am 10.03.2026")
    assert [r.title for r in project_deadlines(db, project, date(2026, 3, 11))] == ["Radweg"]
    ConsultationService(db).update(idea, {"follow_up_done": True})
    assert [r.title for r in due_deadlines(db, today=date(2026, 3, 11))] == ["Radweg"]


# --------------------------------------------------------------------------- events
def _event(db, **values):
    base = {"kind": "projektboerse", "title": "Projektbörse 2026", "starts_at": datetime(2026, 4, 22, 18, 0)}
    return EventService(db).create({**base, **values})


def test_an_event_with_registrations_walk_ins_and_attendance(db, people):
    events = EventService(db)
    eid = _event(db, location="Bürgerhaus Unterau")
    participants = EventParticipantService(db, eid)
    eva = participants.register(people[0], date(2026, 4, 1))
    max_ = participants.register(people[1], date(2026, 4, 2))
    guest = participants.add_walk_in("Gerda Gast", "Heimatverein")
    assert [p.name for p in events.participants(eid)] == ["Gerda Gast", "Eva Huber", "Max Roth"]  # by surname
    events.record_attendance(eid, {eva, guest})
    numbers = events.numbers(eid)
    assert (numbers.total, numbers.counted, numbers.registered, numbers.attended, numbers.walk_ins) == (
        2,
        False,
        2,
        2,
        1,
    )
    assert not next(p for p in events.participants(eid) if p.id == max_).attended
    [row] = events.rows()
    assert row.values[1:] == ("Projektbörse", "Projektbörse 2026", "Bürgerhaus Unterau", 2, 2)


def test_a_recorded_head_count_is_the_total_with_its_breakdown(db):
    events = EventService(db)
    eid = _event(
        db, participants_total=40, participants_female=22, participants_male=18, participants_under_27=5
    )
    numbers = events.numbers(eid)
    assert (numbers.total, numbers.counted) == (40, True)
    assert numbers.by_gender == {"participants_female": 22, "participants_male": 18}
    assert numbers.by_age == {"participants_under_27": 5}
    assert events.rows()[0].values[-1] == 40


@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"participants_female": 41}, "participants_female"),
        ({"participants_female": 30, "participants_male": 11}, "participants_male"),  # 41 > 40
        ({"participants_under_27": 30, "participants_over_64": 11}, "participants_over_64"),
    ],
)
def test_counts_above_the_total_are_refused(db, counts, field):
    with pytest.raises(ValidationError) as error:
        _event(db, participants_total=40, **counts)
    assert "Teilnehmendenzahl insgesamt (40)" in error.value.errors[field]
    assert EventService(db).rows() == []


def test_counts_that_add_up_to_the_total_are_fine(db):
    assert _event(db, participants_total=40, participants_female=30, participants_male=10)


def test_an_event_ending_before_it_starts_is_refused(db):
    with pytest.raises(ValidationError) as error:
        _event(db, ends_at=datetime(2026, 4, 22, 17, 0))
    assert "vor ihrem Beginn" in error.value.errors["ends_at"]


def test_a_contact_registers_once_and_a_guest_needs_a_name(db, people):
    eid = _event(db)
    participants = EventParticipantService(db, eid)
    participants.register(people[0])
    with pytest.raises(ValidationError) as twice:
        participants.register(people[0])
    assert "schon angemeldet" in twice.value.errors["contact_id"]
    with pytest.raises(ValidationError) as nameless:
        participants.add_walk_in("  ")
    assert "Namen" in nameless.value.errors["name"]
    assert len(EventService(db).participants(eid)) == 1


def test_deleting_an_event_takes_its_participants_along(db, people):
    events = EventService(db)
    eid = _event(db)
    EventParticipantService(db, eid).register(people[0])
    assert "1 Anmeldungen" in events.delete_impact(eid)
    events.delete(eid)
    assert events.rows() == [] and EventParticipantService(db, eid).rows() == []


def test_the_e_mail_goes_to_registered_contacts_with_address_and_consent_where_required(db, people):
    eid = _event(db)
    participants = EventParticipantService(db, eid)
    for person in people:
        participants.register(person, date(2026, 4, 1))
    participants.add_walk_in("Gerda Gast")
    # no purpose „Veranstaltungen“ in the catalogue: every registration with an address
    plain = event_recipients(db, eid, date(2026, 4, 10))
    assert [a for _, a in plain.addresses] == ["eva@example.de", "ole@example.de", "max@example.de"]
    assert plain.left_out == [("Ida Kern", "keine E-Mail-Adresse")]
    with db.transaction() as session:
        session.add(ConsentPurpose(name="Veranstaltungen", position=1))
    consents = ConsentService(db)
    consents.give(people[0], "Veranstaltungen", date(2026, 1, 1))
    withdrawn = consents.give(people[1], "Veranstaltungen", date(2026, 1, 1))
    consents.withdraw(withdrawn, date(2026, 4, 5))
    strict = event_recipients(db, eid, date(2026, 4, 10))
    assert [a for _, a in strict.addresses] == ["eva@example.de"]
    assert ("Max Roth", "keine gültige Einwilligung „Veranstaltungen“") in strict.left_out
    # before the withdrawal Max still had consent
    assert len(event_recipients(db, eid, date(2026, 4, 4)).addresses) == 2


def test_a_participant_is_kept_for_the_funding_file_and_named_in_the_auskunft(db, people):
    from regiodesk.services.contacts_privacy import PrivacyService, RetentionRequired

    eid = _event(db)
    EventParticipantService(db, eid).register(people[0], date(2026, 4, 1))
    _consultation(db, contact_ids=[people[0]])
    privacy = PrivacyService(db)
    with pytest.raises(RetentionRequired, match="Teilnehmerliste einer Veranstaltung"):
        privacy.erase(people[0])
    others = privacy.auskunft(people[0])["weitere_verweise"]
    assert {(o["bereich"], o["eintrag"]) for o in others} == {
        ("Teilnahme", "Projektbörse 2026 22.04.2026"),
        ("Gesprächspartner", "Beratung 02.03.2026: Dorfladen"),
    }
