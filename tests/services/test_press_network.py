"""Press and network work, and one timeline per contact and per project (issue 22, part 3)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.services.activities import ConsultationService, EventParticipantService, EventService
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.contacts import ContactService
from regiodesk.services.press_network import ActivityService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.services.timeline import (
    CONSULTATION,
    EVENT,
    MEETING,
    PRESS_NETWORK,
    STATUS,
    contact_timeline,
    project_timeline,
)


def _press(db, **values):
    base = {"kind": "pressemitteilung", "held_on": date(2026, 4, 2), "title": "LAG wählt drei Projekte"}
    return ActivityService(db).create({**base, **values})


# --------------------------------------------------------------------------- press and network work
def test_an_article_is_stored_listed_edited_and_deleted(db):
    service = ActivityService(db)
    aid = _press(
        db,
        kind="artikel",
        medium="Fränkischer Tag",
        link="https://example.de/artikel",
        title="Dorfladen eröffnet",
    )
    [row] = service.rows()
    assert row.values[:4] == (date(2026, 4, 2), "Dorfladen eröffnet", "Presseartikel", "Fränkischer Tag")
    service.update(aid, {**service.load(aid), "title": "Dorfladen Unterau eröffnet"})
    assert service.load(aid)["title"] == "Dorfladen Unterau eröffnet"
    service.delete(aid)
    assert service.rows() == []


def test_network_work_records_hours_partners_and_links_to_project_and_contact(db):
    project = ProjectService(db).create({"title": "Kooperation Streuobst", "status": "idee"})
    contact = ContactService(db).create({"kind": "institution", "organisation": "LAG Nachbarland"})
    aid = ActivityService(db).create(
        {
            "kind": "regionentreffen",
            "held_on": date(2026, 5, 12),
            "title": "Austausch Streuobst",
            "participants": "LAG Nachbarland, LAG Rhön",
            "hours_milli": 3500,
            "project_id": project,
            "contact_id": contact,
        }
    )
    [row] = ActivityService(db).rows()
    assert row.values[4] == "Kooperation Streuobst · LAG Nachbarland" and row.values[5] == 3500
    assert ActivityService(db).load(aid)["participants"] == "LAG Nachbarland, LAG Rhön"


def test_the_list_can_be_narrowed_to_kinds(db):
    _press(db)
    _press(db, kind="landesnetzwerk", title="Landestreffen LEADER")
    assert [r.values[1] for r in ActivityService(db, kinds={"landesnetzwerk"}).rows()] == [
        "Landestreffen LEADER"
    ]


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"print_run": 500}, "print_run", "nur Druckerzeugnisse"),
        ({"link": "example.de/artikel"}, "link", "http://"),
        ({"link": "https://example.de/mein artikel"}, "link", "Leerzeichen"),
        ({"hours_milli": 25_000}, "hours_milli", "24 Stunden"),
        ({"title": " "}, "title", "muss ausgefüllt sein"),
        ({"kind": "flugblatt"}, "kind", "nicht zulässig"),
    ],
)
def test_bad_input_gets_a_german_message_and_changes_nothing(db, values, field, words):
    with pytest.raises(ValidationError) as error:
        _press(db, **values)
    assert words in error.value.errors[field]
    assert ActivityService(db).rows() == []


def test_a_print_run_and_a_www_link_are_fine_for_printed_material(db):
    aid = _press(db, kind="druck", print_run=2000, link="www.region.de/flyer", title="Flyer Regionalbudget")
    assert ActivityService(db).load(aid)["print_run"] == 2000


def test_a_clipping_is_attached_to_the_item(db, tmp_path):
    aid = _press(db, kind="artikel", medium="Main-Post")
    clipping = tmp_path / "ausschnitt.pdf"
    clipping.write_bytes(b"%PDF-1.4 clipping")
    AttachmentService(db).add_file("activity", aid, clipping)
    assert [a.filename for a in AttachmentService(db).list_for("activity", aid)] == ["ausschnitt.pdf"]


# --------------------------------------------------------------------------- timeline
@pytest.fixture
def story(lag):
    """A municipality's mayor: a meeting attended, a consultation, an event, an article, a project."""
    db = lag["db"]
    mayor = lag["m0"]
    MeetingConduct(db).set_attendance(lag["meeting"], mayor, "anwesend")
    ConsultationService(db).create(
        {
            "held_on": date(2026, 2, 10),
            "topic": "Förderfähigkeit",
            "project_id": lag["project"],
            "contact_ids": [mayor],
        }
    )
    event = EventService(db).create(
        {"kind": "projektboerse", "title": "Projektbörse Frühjahr", "starts_at": datetime(2026, 4, 20, 18)}
    )
    EventParticipantService(db, event).register(mayor, date(2026, 4, 1))
    _press(
        db,
        held_on=date(2026, 3, 11),
        title="Dorfladen ausgewählt",
        project_id=lag["project"],
        contact_id=mayor,
    )
    ProjectService(db).update(
        lag["project"], {**ProjectService(db).load(lag["project"]), "sponsor_id": mayor}
    )
    ProjectPipeline(db).change_status(
        lag["project"], "ausgewaehlt", on=date(2026, 3, 9), today=date(2026, 3, 10)
    )
    return {**lag, "mayor": mayor}


def test_a_contacts_timeline_lists_everything_newest_first(story):
    created, *entries = contact_timeline(story["db"], story["mayor"])
    assert (created.kind, created.detail) == (STATUS, "in Beratung")  # the project was created today
    assert [(e.on, e.kind) for e in entries] == [
        (date(2026, 4, 20), EVENT),
        (date(2026, 3, 11), PRESS_NETWORK),
        (date(2026, 3, 9), MEETING),
        (date(2026, 3, 9), STATUS),
        (date(2026, 2, 10), CONSULTATION),
    ]
    event, press, meeting, status, consultation = entries
    assert event.detail == "Projektbörse, angemeldet" and meeting.detail == "anwesend"
    assert status.title == "Dorfladen Weißenbrunn" and status.detail.endswith("→ LAG-Beschluss: ausgewählt")
    assert consultation.detail == "Dorfladen Weißenbrunn" and press.kind_label == "Presse-/Netzwerkarbeit"


def test_the_timeline_is_filtered_by_kind(story):
    entries = contact_timeline(story["db"], story["mayor"], kinds={CONSULTATION, EVENT})
    assert [e.kind for e in entries] == [EVENT, CONSULTATION]


def test_a_projects_timeline_has_its_meetings_consultations_press_and_status(story):
    _created, *entries = project_timeline(story["db"], story["project"])
    assert [(e.on, e.kind) for e in entries] == [
        (date(2026, 3, 11), PRESS_NETWORK),
        (date(2026, 3, 9), MEETING),
        (date(2026, 3, 9), STATUS),
        (date(2026, 2, 10), CONSULTATION),
    ]
    assert entries[1].detail.endswith("Projektauswahl Dorfladen")


def test_deleted_items_leave_the_timeline_and_a_deleted_contact_has_none(story):
    db = story["db"]
    [press] = ActivityService(db).rows()
    ActivityService(db).delete(press.id)
    assert PRESS_NETWORK not in {e.kind for e in contact_timeline(db, story["mayor"])}
    with pytest.raises(NotFoundError):
        project_timeline(db, "no-such-project")
