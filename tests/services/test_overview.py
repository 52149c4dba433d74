"""The Übersicht: each kind of line, what it says, when it is urgent and what it opens."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from regiodesk.db.custody import make_backup
from regiodesk.db.models import AgendaItem, Project, SyncConflict
from regiodesk.services.bodies import BodyService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.overview import Target, read_overview
from regiodesk.services.project_pipeline import ProjectPipeline
from tests.project_helpers import make_region, new_project

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def region(db):
    return make_region(db)


@pytest.fixture
def body(db, region):
    return BodyService(db).create({"name": "LAG Testtal", "notice_days": 14})


def _meeting(db, body_id, starts_at, **values) -> str:
    return MeetingService(db).create(
        {"body_id": body_id, "starts_at": starts_at, "state": "geplant"} | values
    )


# --- meetings ------------------------------------------------------------------------------------


def test_next_meetings_say_when_the_invitation_must_go_out(db, body):
    soon = _meeting(db, body, datetime(2026, 3, 20, 18), title="12. LAG-Sitzung")
    later = _meeting(db, body, datetime(2026, 5, 4, 18), title="13. LAG-Sitzung")
    lines = read_overview(db, TODAY).meetings
    assert [line.target for line in lines] == [Target("meetings", soon), Target("meetings", later)]
    first, second = lines
    assert (first.title, first.due) == ("12. LAG-Sitzung, 18:00 Uhr", date(2026, 3, 20))
    # 14 days' notice: the invitation must go out on 06.03. at the latest, four days from today
    assert first.detail == "Einladung noch nicht versandt – spätestens am 06.03.2026 (noch 4 Tage)"
    assert first.urgent
    assert second.detail == "Einladung noch nicht versandt – spätestens am 20.04.2026 (noch 49 Tage)"
    assert not second.urgent


def test_an_invitation_sent_in_time_late_or_missed(db, body):
    # 14 days' notice: for the 10.03. the last day was 24.02., for the 25.03. it is 11.03.
    _meeting(
        db,
        body,
        datetime(2026, 3, 10, 18),
        title="A",
        state="eingeladen",
        invitation_sent_on=date(2026, 3, 1),
    )
    _meeting(
        db,
        body,
        datetime(2026, 3, 25, 18),
        title="B",
        state="eingeladen",
        invitation_sent_on=date(2026, 3, 2),
    )
    _meeting(db, body, datetime(2026, 3, 12, 18), title="C")  # last day was 26.02.
    by_title = {line.title.split(",")[0]: line for line in read_overview(db, TODAY).meetings}
    assert by_title["A"].detail == "Einladung am 01.03.2026 versandt – Ladungsfrist nicht eingehalten"
    assert by_title["A"].urgent
    assert (by_title["B"].detail, by_title["B"].urgent) == ("Einladung am 02.03.2026 versandt", False)
    assert (
        by_title["C"].detail == "Einladung nicht versandt – Ladungsfrist (14 Tage) seit 26.02.2026 verpasst"
    )
    assert by_title["C"].urgent


def test_past_held_and_cancelled_meetings_are_not_listed_and_at_most_five(db, body):
    _meeting(db, body, datetime(2026, 2, 27, 18), title="vorbei")
    _meeting(db, body, datetime(2026, 3, 3, 18), title="abgesagt", state="abgesagt")
    for n in range(7):
        _meeting(db, body, datetime(2026, 4, 1 + n, 18), title=f"S{n}")
    titles = [line.title.split(",")[0] for line in read_overview(db, TODAY).meetings]
    assert titles == ["S0", "S1", "S2", "S3", "S4"]


# --- deadlines -----------------------------------------------------------------------------------


def _selected(db, decided: date, title: str) -> str:
    project = new_project(db, title=title, status="in_beratung")
    ProjectPipeline(db).change_status(project, "ausgewaehlt", decided, today=decided)
    return project


def test_deadlines_within_thirty_days_and_overdue_ones(db, region):
    # six months for the application (the region's default)
    lapsing = _selected(db, date(2025, 8, 20), "Dorfladen")  # due 20.02.2026: passed, approval lapses
    soon = _selected(db, date(2025, 9, 15), "Mitfahrbank")  # due 16.03.2026 (15.03. is a Sunday)
    _selected(db, date(2025, 10, 20), "Radweg")  # due 20.04.2026: beyond 30 days
    lines = read_overview(db, TODAY).deadlines
    assert [line.target for line in lines] == [Target("projects", lapsing), Target("projects", soon)]
    assert lines[0].detail.startswith(
        "Frist für den Antrag abgelaufen am 20.02.2026 – LAG-Zustimmung verfällt"
    )
    assert lines[0].detail.endswith("seit 10 Tagen")
    assert lines[0].urgent
    assert lines[1].detail.startswith("Antragstellung bis 16.03.2026")
    assert lines[1].detail.endswith("in 14 Tagen")
    assert not lines[1].urgent


def test_a_proof_of_use_due_is_listed(db, region):
    project = new_project(db, title="Dorfplatz", status="abgeschlossen")
    with db.transaction() as session:
        session.get(Project, project).completed_on = date(2025, 9, 5)
    (line,) = read_overview(db, TODAY).deadlines
    assert line.target == Target("projects", project)
    assert line.detail.startswith("Verwendungsnachweis bis 05.03.2026")
    assert line.urgent  # three days left


# --- projects waiting for the office --------------------------------------------------------------


def test_projects_waiting_for_the_office_with_their_next_step(db, region, body):
    idea = new_project(db, title="Bürgerbus", status="idee")
    advised = new_project(db, title="Dorfladen", status="in_beratung")
    planned = new_project(db, title="Radweg", status="in_beratung")
    new_project(db, title="Museum", status="bewilligt")  # the Bewilligungsstelle moves next
    meeting = _meeting(db, body, datetime(2026, 4, 20, 18))
    with db.transaction() as session:
        session.add(AgendaItem(meeting_id=meeting, title="Radweg", project_id=planned, kind="beschluss"))
    lines = read_overview(db, TODAY).waiting
    targets = {line.target.record_id: line for line in lines}
    assert set(targets) == {idea, advised}  # the Radweg is on the agenda of the coming meeting
    assert "nächster Schritt: Projektträger beraten" in targets[idea].detail
    assert targets[advised].detail.startswith("in Beratung seit ")
    assert "einer LAG-Sitzung zur Entscheidung vorlegen" in targets[advised].detail


# --- sync conflicts and the backup ----------------------------------------------------------------


def _conflict(db, decided: bool) -> None:
    now = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
    with db.transaction() as session:
        session.add(
            SyncConflict(
                table_name="contact",
                row_id="x",
                field="phone",
                local_hlc="1",
                other_hlc="2",
                other_device="d",
                winner="other",
                detected_at=now,
                decided_at=now if decided else None,
            )
        )


def test_waiting_sync_conflicts_are_one_line_to_the_conflicts_view(db):
    assert read_overview(db, TODAY).conflicts == []
    _conflict(db, decided=True)
    assert read_overview(db, TODAY).conflicts == []
    _conflict(db, decided=False)
    _conflict(db, decided=False)
    (line,) = read_overview(db, TODAY).conflicts
    assert (line.title, line.target, line.urgent) == ("2 Konflikte", Target("conflicts"), True)


@pytest.mark.file_only(reason="about the file's backups")
def test_the_last_backup_and_a_missing_or_old_one(db, tmp_path):
    root = tmp_path / "sicherungen"
    (line,) = read_overview(db, TODAY, backup_root=root).backup
    assert (line.title, line.urgent, line.target) == ("Noch keine Sicherung", True, Target("backups"))
    make_backup(db.path, "manuell", root, now=datetime(2026, 2, 27, 17, 5))
    (line,) = read_overview(db, TODAY, backup_root=root).backup
    assert (line.title, line.detail, line.urgent) == (
        "Letzte Sicherung 27.02.2026 17:05",
        "1 Sicherung auf diesem Rechner",
        False,
    )
    (line,) = read_overview(db, TODAY + timedelta(days=10), backup_root=root).backup
    assert line.urgent  # older than a week


def test_on_a_server_the_backup_line_says_the_server_backs_up(db, backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("about a database on a server")
    (line,) = read_overview(db, TODAY, backup_root=tmp_path / "sicherungen").backup
    assert (line.title, line.urgent, line.target) == ("Sicherung durch den Server", False, Target("backups"))
    assert "pg_dump" in line.detail and "Kopie als Datei speichern" in line.detail
