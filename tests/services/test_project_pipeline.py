"""The project pipeline as the office uses it: every status change checked, dated, recorded."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from regiodesk.db.models import ChangeLogEntry, Project, ProjectStatusChange, Vote
from regiodesk.domain.errors import DomainError
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService

TODAY = date(2026, 11, 20)


def _state(db, project_id):
    with db.session() as session:
        p = session.get(Project, project_id)
        changes = session.scalar(
            select(func.count()).where(
                ProjectStatusChange.project_id == project_id, ProjectStatusChange.deleted_at.is_(None)
            )
        )
        log = session.scalar(select(func.count()).select_from(ChangeLogEntry))
        return (p.status, p.lag_decision_on, p.applied_on, p.approved_on, p.completed_on, changes, log)


def test_the_whole_course_sets_each_date_and_records_who_and_why(db):
    project = ProjectService(db).create({"title": "Dorfladen", "status": "idee"})
    pipeline = ProjectPipeline(db)
    steps = [
        ("in_beratung", date(2025, 1, 10)),
        ("ausgewaehlt", date(2025, 3, 9)),
        ("antrag_gestellt", date(2025, 5, 2)),
        ("bewilligt", date(2025, 7, 1)),
        ("in_umsetzung", date(2025, 8, 1)),
        ("abgeschlossen", date(2026, 5, 31)),
        ("vn_geprueft", date(2026, 9, 30)),
    ]
    for status, day in steps:
        assert pipeline.change_status(project, status, day, by="A. Fuchs", note=f"nach {status}", today=TODAY)
    values = ProjectService(db).load(project)
    assert values["status"] == "vn_geprueft" and values["lag_decision_on"] == date(2025, 3, 9)
    with db.session() as session:
        p = session.get(Project, project)
        assert (p.applied_on, p.approved_on, p.starts_on, p.completed_on, p.proof_of_use_on) == (
            date(2025, 5, 2),
            date(2025, 7, 1),
            date(2025, 8, 1),
            date(2026, 5, 31),
            date(2026, 9, 30),
        )
    history = pipeline.history(project)
    assert [h.to_status for h in history] == ["idee"] + [s for s, _ in steps]
    assert history[0].from_status is None and history[0].note == "Projekt angelegt."
    assert history[2].from_label == "in Beratung" and history[2].to_label == "LAG-Beschluss: ausgewählt"
    assert history[-1].changed_by == "A. Fuchs" and history[-1].changed_on == date(2026, 9, 30)
    assert pipeline.allowed_next(project) == []


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("idee", "bewilligt", "nur auf „in Beratung“, „zurückgezogen“ oder „verfallen“"),
        ("in_beratung", "antrag_gestellt", "kann nicht auf „Antrag gestellt“ gesetzt werden"),
        ("abgelehnt", "zurueckgezogen", "nur auf „in Beratung“"),
        ("zurueckgezogen", "in_beratung", "ist ein Endstatus"),
    ],
)
def test_a_forbidden_move_is_refused_in_german_and_changes_nothing(db, start, target, message):
    project = ProjectService(db).create({"title": "Dorfladen", "status": start})
    before = _state(db, project)
    with pytest.raises(DomainError, match=message):
        ProjectPipeline(db).change_status(project, target, date(2026, 1, 5), today=TODAY)
    assert _state(db, project) == before


def test_dates_out_of_order_or_in_the_future_are_refused(db):
    pipeline = ProjectPipeline(db)
    project = ProjectService(db).create({"title": "Dorfladen", "status": "in_beratung"})
    pipeline.change_status(project, "ausgewaehlt", date(2026, 3, 9), today=TODAY)
    before = _state(db, project)
    with pytest.raises(DomainError, match=r"liegt vor dem Datum „LAG-Beschluss“ \(09\.03\.2026\)"):
        pipeline.change_status(project, "antrag_gestellt", date(2026, 3, 1), today=TODAY)
    with pytest.raises(DomainError, match="in der Zukunft"):
        pipeline.change_status(project, "antrag_gestellt", date(2026, 12, 1), today=TODAY)
    assert _state(db, project) == before
    assert pipeline.change_status(project, "ausgewaehlt", date(2026, 3, 9), today=TODAY) is None  # same


def test_the_form_changes_status_only_through_the_pipeline(db):
    service = ProjectService(db)
    project = service.create({"title": "Dorfladen", "status": "in_beratung"})
    before = _state(db, project)
    with pytest.raises(DomainError, match="kann nicht auf „bewilligt“ gesetzt werden"):
        service.update(project, {"status": "bewilligt", "notes": "geändert"})
    assert _state(db, project) == before
    assert service.load(project)["notes"] == ""
    # The decision date typed in the same save is the date of the event.
    service.update(project, {"status": "ausgewaehlt", "lag_decision_on": date(2026, 3, 9)})
    history = ProjectPipeline(db).history(project)
    assert (history[-1].to_status, history[-1].changed_on) == ("ausgewaehlt", date(2026, 3, 9))
    assert history[-1].note == "Im Projektformular geändert."


def _attend(lag, *keys):
    conduct = MeetingConduct(lag["db"])
    for key in keys:
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    return conduct


def test_a_lag_vote_moves_the_project_through_the_pipeline_and_links_the_item(lag):
    db, item = lag["db"], lag["items"]["select"]
    conduct = _attend(lag, "m0", "m1", "m4", "m5", "m6", "m7", "m8")
    conduct.record_vote(item, 5, 1, 1)
    history = ProjectPipeline(db).history(lag["project"])
    last = history[-1]
    assert (last.from_status, last.to_status, last.changed_on) == (
        "in_beratung",
        "ausgewaehlt",
        date(2026, 3, 9),
    )
    assert last.agenda_item_id == item and last.changed_by == "LAG Obermain"
    assert last.decision == "TOP 2 der Sitzung LAG Obermain am 09.03.2026"
    # A corrected vote on the same item replaces the change instead of stacking a forbidden move.
    conduct.record_vote(item, 2, 5, 0)
    history = ProjectPipeline(db).history(lag["project"])
    assert [h.to_status for h in history] == ["in_beratung", "abgelehnt"]
    with db.session() as session:
        p = session.get(Project, lag["project"])
        assert (p.status, p.lag_decision_on, p.lag_decision_item_id) == ("abgelehnt", date(2026, 3, 9), item)
    # Corrected to "not quorate": no decision any more.
    conduct.set_attendance(lag["meeting"], lag["m4"], "entschuldigt")
    conduct.set_attendance(lag["meeting"], lag["m5"], "entschuldigt")
    conduct.set_attendance(lag["meeting"], lag["m6"], "entschuldigt")
    conduct.record_vote(item, 2, 2, 0)
    with db.session() as session:
        p = session.get(Project, lag["project"])
        assert (p.status, p.lag_decision_on, p.lag_decision_item_id) == ("in_beratung", None, None)


def test_a_project_still_at_idee_goes_through_in_beratung(lag):
    db = lag["db"]
    with db.transaction() as session:
        session.get(Project, lag["project"]).status = "idee"
    _attend(lag, "m0", "m1", "m4", "m5", "m6", "m7", "m8").record_vote(lag["items"]["select"], 5, 1, 1)
    assert [h.to_status for h in ProjectPipeline(db).history(lag["project"])][-2:] == [
        "in_beratung",
        "ausgewaehlt",
    ]


def test_a_different_result_after_the_project_moved_on_refuses_the_vote(lag):
    db, item = lag["db"], lag["items"]["select"]
    conduct = _attend(lag, "m0", "m1", "m4", "m5", "m6", "m7", "m8")
    first = conduct.record_vote(item, 5, 1, 1)
    ProjectPipeline(db).change_status(lag["project"], "antrag_gestellt", date(2026, 4, 1), today=TODAY)
    before = _state(db, lag["project"])
    with pytest.raises(DomainError, match="steht inzwischen auf „Antrag gestellt“"):
        conduct.record_vote(item, 1, 6, 0)
    assert _state(db, lag["project"]) == before
    assert conduct.current_vote(item).id == first  # the stored vote is untouched
    conduct.record_vote(item, 6, 1, 0)  # the same result with corrected counts is fine
    with db.session() as session:
        assert (
            session.scalar(select(func.count()).where(Vote.agenda_item_id == item, Vote.deleted_at.is_(None)))
            == 1
        )
        assert session.get(Project, lag["project"]).status == "antrag_gestellt"
