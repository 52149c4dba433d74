"""Rule 9 applied: the region's periods and Land read from the database, the lapse of a LAG approval
confirmed through the pipeline, and a lapsed approval binding no budget in Monitoring."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from regiodesk.db.models import Project, ProjectStatusChange, RegionSettings
from regiodesk.domain.errors import DomainError
from regiodesk.services.deadlines import lapse_due_projects, project_deadlines
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.services.monitoring_figures import MonitoringService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.region import rule_settings
from tests.project_helpers import make_region, new_project


@pytest.fixture
def region(db):
    return make_region(db)


def _settings(db, **values):
    with db.transaction() as session:
        settings = session.scalar(select(RegionSettings))
        for name, value in values.items():
            setattr(settings, name, value)


def _selected(db, day: date, title: str = "Dorfladen", **values) -> str:
    project = new_project(db, title=title, status="in_beratung", **values)
    ProjectPipeline(db).change_status(project, "ausgewaehlt", day, today=day)
    return project


# --- settings read from the database ----------------------------------------------------------------


def test_rule_settings_come_from_the_region(db, region):
    assert rule_settings(db).deadlines.application_value == 6
    _settings(db, application_deadline_value=12, application_deadline_unit="weeks", proof_of_use_months=3)
    _settings(db, land="by", cofinancing_share_bp=3000, private_needs_public_cofinancing=True)
    settings = rule_settings(db)
    assert (settings.deadlines.application_value, settings.deadlines.application_unit.value) == (12, "weeks")
    assert settings.deadlines.proof_of_use_months == 3
    assert settings.land == "BY" and date(2026, 1, 6) in settings.deadlines.holidays
    assert (settings.cofinancing_share_bp, settings.private_needs_public_cofinancing) == (3000, True)


def test_the_lands_holidays_end_the_period(db, region):
    # 14.10.2025 + 12 weeks = Tuesday 06.01.2026: Heilige Drei Könige in Bavaria, not in Lower Saxony
    _settings(db, application_deadline_value=12, application_deadline_unit="weeks", land="BY")
    project = _selected(db, date(2025, 10, 14))
    assert project_deadlines(db, project, date(2026, 1, 2))[0].due == date(2026, 1, 7)
    _settings(db, land="NI")
    assert project_deadlines(db, project, date(2026, 1, 2))[0].due == date(2026, 1, 6)
    _settings(db, land="")  # only the nationwide holidays: 06.01. is a working day
    assert project_deadlines(db, project, date(2026, 1, 2))[0].due == date(2026, 1, 6)


def test_easter_monday_is_a_holiday_everywhere(db, region):
    _settings(db, application_deadline_value=12, application_deadline_unit="weeks", land="")
    project = _selected(db, date(2026, 1, 12))  # + 12 weeks = Easter Monday 06.04.2026
    assert project_deadlines(db, project, date(2026, 4, 1))[0].due == date(2026, 4, 7)


def test_the_configured_months_are_used(db, region):
    _settings(db, application_deadline_value=12)
    project = _selected(db, date(2025, 1, 31))  # + 12 months = Saturday 31.01.2026 → Monday 02.02.
    assert project_deadlines(db, project, date(2025, 6, 1))[0].due == date(2026, 2, 2)
    assert lapse_due_projects(db, date(2026, 2, 2)) == []
    assert [r.due for r in lapse_due_projects(db, date(2026, 2, 3))] == [date(2026, 2, 2)]


# --- lapse confirmed through the pipeline -----------------------------------------------------------


def test_a_project_due_to_lapse_is_listed_and_confirmed_with_its_verlauf_entry(db, region):
    late = _selected(db, date(2025, 8, 31), "Dorfladen")  # due Monday 02.03.2026
    _selected(db, date(2025, 9, 30), "Backhaus")  # due 30.03.2026
    applied = _selected(db, date(2025, 8, 1), "Beantragt")
    ProjectPipeline(db).change_status(applied, "antrag_gestellt", date(2025, 9, 1), today=date(2025, 9, 1))
    today = date(2026, 3, 3)
    (due,) = lapse_due_projects(db, today)
    assert (due.project_id, due.due) == (late, date(2026, 3, 2))
    assert due.label == "Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt"

    ProjectPipeline(db).confirm_lapse(late, by="RM", today=today)
    assert ProjectPipeline(db).status(late) == "verfallen"
    last = ProjectPipeline(db).history(late)[-1]
    assert (last.from_status, last.to_status, last.changed_on, last.changed_by) == (
        "ausgewaehlt",
        "verfallen",
        date(2026, 3, 3),  # the day after the last day of the period
        "RM",
    )
    assert last.note.startswith("Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt")
    assert lapse_due_projects(db, today) == []


def test_confirming_a_lapse_that_is_not_due_changes_nothing(db, region):
    project = _selected(db, date(2025, 8, 31))
    with pytest.raises(DomainError, match="verfällt nicht"):
        ProjectPipeline(db).confirm_lapse(project, today=date(2026, 3, 2))  # the last day: in time
    with db.session() as session:
        assert session.get(Project, project).status == "ausgewaehlt"
        changes = session.scalars(
            select(ProjectStatusChange).where(ProjectStatusChange.project_id == project)
        )
        assert [c.to_status for c in changes] == ["in_beratung", "ausgewaehlt"]


# --- Monitoring: a lapsed approval binds no budget ---------------------------------------------------


def _field(db, region):
    return ActionFieldService(db).create(
        {
            "code": "HF 1",
            "name": "Dörfer",
            "funding_period_id": region["period"],
            "planned_budget_cents": 500_000_00,
        }
    )


def _committed(db, year, as_of=None):
    line = MonitoringService(db).report(year, as_of=as_of).budget.lines[0]
    return line.committed_cents, line.remaining_cents


def test_a_project_due_to_lapse_binds_no_budget_from_the_day_after_its_due_date(db, region):
    hf = _field(db, region)
    _selected(db, date(2025, 8, 31), action_field_id=hf, grant_cents=100_000_00)  # due 02.03.2026
    assert _committed(db, 2026, date(2026, 3, 2)) == (100_000_00, 400_000_00)
    assert _committed(db, 2026, date(2026, 3, 3)) == (0, 500_000_00)  # not confirmed yet
    assert _committed(db, 2025) == (100_000_00, 400_000_00)  # end of 2025: still binding
    report = MonitoringService(db).report(2026, as_of=date(2026, 3, 3))
    assert report.projects[0].status_label == "Antragsfrist abgelaufen (verfällt)"


def test_a_confirmed_lapse_frees_the_budget_and_an_application_keeps_it(db, region):
    hf = _field(db, region)
    lapsed = _selected(db, date(2025, 8, 31), "Verfallen", action_field_id=hf, grant_cents=100_000_00)
    kept = _selected(db, date(2025, 8, 31), "Beantragt", action_field_id=hf, grant_cents=30_000_00)
    ProjectPipeline(db).change_status(kept, "antrag_gestellt", date(2026, 2, 27), today=date(2026, 2, 27))
    ProjectPipeline(db).confirm_lapse(lapsed, today=date(2026, 4, 1))
    assert _committed(db, 2026) == (30_000_00, 470_000_00)
    assert _committed(db, 2026, date(2026, 3, 2)) == (130_000_00, 370_000_00)  # before the lapse


def test_the_handlungsfelder_list_uses_the_same_committed_and_remaining(db, region, monkeypatch):
    hf = _field(db, region)
    _selected(db, date(2025, 8, 31), action_field_id=hf, grant_cents=100_000_00)
    service = ActionFieldService(db)
    names = [c.key for c in service.columns]

    def row(today):
        monkeypatch.setattr(
            "regiodesk.services.monitoring.date", type("D", (), {"today": staticmethod(lambda: today)})
        )
        (line,) = service.rows()
        return line.values[names.index("committed_cents")], line.values[names.index("remaining_cents")]

    assert row(date(2026, 3, 2)) == (100_000_00, 400_000_00)
    assert row(date(2026, 3, 3)) == (0, 500_000_00)


def test_public_holidays_per_land():
    from regiodesk.services.holidays import public_holidays

    assert date(2026, 1, 6) in public_holidays("BY") and date(2026, 1, 6) not in public_holidays("NI")
    assert date(2026, 10, 31) in public_holidays("NI")  # Reformationstag
    assert date(2026, 9, 20) in public_holidays("TH")  # Weltkindertag
    for land in ("", None, "XX"):  # none or unknown: the nationwide holidays only
        holidays = public_holidays(land)
        assert date(2026, 4, 6) in holidays and date(2026, 10, 3) in holidays
        assert date(2026, 1, 6) not in holidays and date(2026, 10, 31) not in holidays
