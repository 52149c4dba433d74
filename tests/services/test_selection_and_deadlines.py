"""Selection criteria, scoring sheets, call rankings and the Fristen list across all projects."""

from __future__ import annotations

from datetime import date

import pytest
from project_helpers import make_region, new_project
from sqlalchemy import select

from regiodesk.db.models import RegionSettings
from regiodesk.domain.errors import ValidationError
from regiodesk.services.deadlines import due_deadlines, project_deadlines
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.selection import CriterionService, ScoringService

TODAY = date(2026, 11, 20)


@pytest.fixture
def region(db):
    return make_region(db)


def _score(db, project, points, region):
    entries = {
        cid: (p, f"Begründung {n}") for n, (cid, p) in enumerate(zip(region["criteria"], points, strict=True))
    }
    return ScoringService(db).save_sheet(project, entries)


def test_criteria_are_edited_per_funding_period(db, region):
    service = CriterionService(db, region["period"])
    assert [row.values[1] for row in service.rows()] == [
        "Beitrag zur LES",
        "Bürgerbeteiligung",
        "Klimaschutz",
        "Innovation",
    ]
    defaults = service.defaults()
    assert defaults["funding_period_id"] == region["period"] and defaults["position"] == 5
    new = service.create(defaults | {"title": "Demografie", "max_points": 5, "min_points": 2})
    assert service.load(new)["max_points"] == 5
    with pytest.raises(ValidationError) as error:
        service.create(defaults | {"title": "Falsch", "max_points": 2, "min_points": 3})
    assert "Mindestpunktzahl (3)" in error.value.errors["min_points"]


def test_scoring_sheet_total_minimum_and_mandatory_criteria(db, region):
    project = new_project(db, call_id=region["call"])
    sheet = ScoringService(db).sheet(project)
    assert [line.points for line in sheet.lines] == [None] * 4 and sheet.result.total == 0
    sheet = _score(db, project, [3, 3, 3, 2], region)
    assert (sheet.result.total, sheet.result.max_total, sheet.min_total) == (11, 12, 10)
    assert sheet.result.qualifies and sheet.minimum_text == "Mindestpunktzahl erreicht"
    assert sheet.lines[0].justification == "Begründung 0" and sheet.lines[0].required_points == 1
    sheet = _score(db, project, [0, 3, 3, 3], region)  # total 9 and a mandatory criterion at 0
    assert not sheet.result.qualifies and sheet.minimum_text == "Mindestpunktzahl nicht erreicht"
    assert sheet.result.mandatory_failed == (region["criteria"][0],)
    sheet = _score(db, project, [1, 3, 3, 3], region)
    assert sheet.result.qualifies


def test_scores_are_checked_all_or_nothing(db, region):
    project = new_project(db, call_id=region["call"])
    first, second = region["criteria"][:2]
    with pytest.raises(ValidationError) as error:
        ScoringService(db).save_sheet(project, {first: (2, "gut"), second: (4, "zu viel")})
    assert error.value.errors == {
        second: "„Bürgerbeteiligung“: 4 Punkte liegen außerhalb der Skala von 0 bis 3."
    }
    with pytest.raises(ValidationError, match="schriftlich begründen"):
        ScoringService(db).set_score(project, first, 2, "  ")
    assert ScoringService(db).sheet(project).result.total == 0
    ScoringService(db).set_score(project, first, 2, "gut")
    ScoringService(db).set_score(project, first, None)  # removed again
    assert ScoringService(db).sheet(project).lines[0].points is None


def test_call_ranking_ties_budget_and_waiting_list(db, region):
    call = region["call"]  # budget 100.000 €
    a = new_project(db, title="Anbau Bürgerhaus", call_id=call, status="in_beratung", grant_cents=40_000_00)
    b = new_project(db, title="Backhaus", call_id=call, status="in_beratung", grant_cents=30_000_00)
    c = new_project(db, title="Café", call_id=call, status="in_beratung", grant_cents=50_000_00)
    d = new_project(db, title="Dorfladen", call_id=call, status="in_beratung", grant_cents=10_000_00)
    e = new_project(db, title="Eisstock", call_id=call, status="in_beratung", grant_cents=1_000_00)
    f = new_project(db, title="Freibad", call_id=call, status="zurueckgezogen", grant_cents=1_000_00)
    new_project(db, title="Garten", call_id=call, status="in_beratung")  # not scored
    _score(db, a, [2, 3, 3, 3], region)  # 11, mandatory (2, 3)
    _score(db, b, [3, 2, 3, 3], region)  # 11, mandatory (3, 2): ahead of a on the first mandatory criterion
    _score(db, c, [3, 3, 3, 3], region)  # 12
    _score(db, d, [3, 3, 2, 2], region)  # 10
    _score(db, e, [1, 1, 1, 1], region)  # 4: below the minimum total
    _score(db, f, [3, 3, 3, 3], region)
    ranking = ScoringService(db).rank_call(call)
    assert [(r.title, r.total, r.within_budget) for r in ranking.ranked] == [
        ("Café", 12, True),
        ("Backhaus", 11, True),
        ("Anbau Bürgerhaus", 11, False),  # 120.000 € would exceed the budget
        ("Dorfladen", 10, False),  # fits alone, but the funded list ended before it
    ]
    assert "weniger Punkte in den Pflichtkriterien" in ranking.ranked[2].reason
    assert ranking.funded_cents == 80_000_00
    assert {(n.title, n.reason) for n in ranking.not_ranked} == {
        ("Freibad", "zurückgezogen"),
        ("Garten", "noch nicht bewertet"),
        ("Eisstock", "Mindestpunktzahl verfehlt: 4 Punkte, erforderlich mindestens 10."),
    }


def test_a_qualifying_project_without_a_grant_is_incomplete_not_in_budget(db, region):
    call = region["call"]  # budget 100.000 €
    missing = new_project(db, title="Ohne Zuschuss", call_id=call, status="in_beratung")
    full = new_project(db, title="Mit Zuschuss", call_id=call, status="in_beratung", grant_cents=100_000_00)
    _score(db, missing, [3, 3, 3, 3], region)
    _score(db, full, [3, 3, 2, 2], region)
    ranking = ScoringService(db).rank_call(call)
    assert [(r.title, r.position, r.within_budget) for r in ranking.ranked] == [("Mit Zuschuss", 1, True)]
    assert [(n.title, n.total, n.reason, n.incomplete) for n in ranking.not_ranked] == [
        ("Ohne Zuschuss", 12, "unvollständig: kein Zuschuss angegeben", True)
    ]
    assert ranking.funded_cents == 100_000_00


def test_equal_points_and_grant_go_by_submission_then_title(db, region):
    call = region["call"]
    late = new_project(db, title="Ahorn", call_id=call, status="idee", grant_cents=10_000_00)
    early = new_project(db, title="Zeder", call_id=call, status="idee", grant_cents=10_000_00)
    ProjectPipeline(db).change_status(late, "in_beratung", date(2026, 3, 20), today=TODAY)
    ProjectPipeline(db).change_status(early, "in_beratung", date(2026, 3, 1), today=TODAY)
    same = new_project(db, title="Birke", call_id=call, status="idee", grant_cents=10_000_00)
    ProjectPipeline(db).change_status(same, "in_beratung", date(2026, 3, 20), today=TODAY)
    for project in (late, early, same):
        _score(db, project, [3, 3, 2, 2], region)
    ranking = ScoringService(db).rank_call(call)
    assert [r.title for r in ranking.ranked] == ["Zeder", "Ahorn", "Birke"]
    assert "späterer Eingang" in ranking.ranked[1].reason
    assert "Titel (alphabetisch)" in ranking.ranked[2].reason


def _set_rules(db, value, unit, proof_months=6):
    with db.transaction() as session:
        settings = session.scalar(select(RegionSettings))
        settings.application_deadline_value = value
        settings.application_deadline_unit = unit
        settings.proof_of_use_months = proof_months


def _selected_on(db, day, title):
    project = new_project(db, title=title, status="in_beratung")
    ProjectPipeline(db).change_status(project, "ausgewaehlt", day, today=day)
    return project


def test_fristen_lists_due_and_overdue_across_projects(db, region):
    today = date(2026, 2, 20)
    # + 6 months = 28.02.2026 (month end), a Saturday: the period runs to Monday 02.03.2026
    due_soon = _selected_on(db, date(2025, 8, 31), "Dorfladen")
    overdue = _selected_on(db, date(2025, 8, 19), "Backhaus")  # due 19.02.2026: overdue since today
    on_the_day = _selected_on(db, date(2025, 8, 20), "Café")  # due today: still in time
    _selected_on(db, date(2026, 1, 10), "Weit weg")  # due 10.07.2026: beyond the horizon
    applied = _selected_on(db, date(2025, 8, 1), "Beantragt")
    ProjectPipeline(db).change_status(applied, "antrag_gestellt", date(2025, 9, 1), today=today)
    rows = due_deadlines(db, today=today, weeks=4)
    assert [(r.title, r.due, r.overdue, r.days_left) for r in rows] == [
        ("Backhaus", date(2026, 2, 19), True, -1),
        ("Café", date(2026, 2, 20), False, 0),
        ("Dorfladen", date(2026, 3, 2), False, 10),
    ]
    assert rows[0].label == "Frist für den Antrag abgelaufen am 19.02.2026 – LAG-Zustimmung verfällt"
    assert rows[0].kind_label == "Antragstellung"
    assert [r.title for r in due_deadlines(db, today=today, weeks=4, include_overdue=False)] == [
        "Café",
        "Dorfladen",
    ]
    assert project_deadlines(db, due_soon, today)[0].due == date(2026, 3, 2)
    assert project_deadlines(db, overdue, today)[0].overdue
    assert not project_deadlines(db, applied, today)
    assert project_deadlines(db, on_the_day, today)[0].days_left == 0


def test_leap_years_weeks_and_proof_of_use(db, region):
    _selected_on(db, date(2023, 8, 31), "Schaltjahr")  # + 6 months = 29.02.2024
    assert due_deadlines(db, today=date(2024, 2, 1), weeks=8)[0].due == date(2024, 2, 29)
    _set_rules(db, 12, "weeks", proof_months=3)
    rows = due_deadlines(db, today=date(2024, 2, 1), weeks=8)
    assert rows[0].due == date(2023, 11, 23) and rows[0].overdue  # 12 weeks after 31.08.2023
    completed = new_project(db, title="Fertig", status="in_umsetzung")
    ProjectPipeline(db).change_status(completed, "abgeschlossen", date(2025, 11, 30), today=date(2025, 12, 1))
    rows = project_deadlines(db, completed, date(2026, 2, 1))
    assert [(r.kind, r.due) for r in rows] == [
        ("verwendungsnachweis", date(2026, 3, 2))
    ]  # 30.11. + 3 months = Saturday 28.02.2026, so Monday
    assert rows[0].label == (
        "Verwendungsnachweis bis 02.03.2026 (3 Monate nach Abschluss am 30.11.2025; "
        "Fristende Samstag 28.02.2026, daher der nächste Werktag)"
    )


def test_the_sheets_of_a_meetings_selections_read_together_are_each_projects_own_sheet(db, region):
    """The minutes read every selection's sheet at once (sheets_in): each must be the sheet the
    project's own page shows, also for a project of no call and an unscored one."""
    from regiodesk.db.models import Project
    from regiodesk.services.scoring import sheets_in

    scored = new_project(db, title="Backhaus", call_id=region["call"], grant_cents=30_000_00)
    _score(db, scored, [3, 2, 3, 3], region)
    low = new_project(db, title="Eisstock", call_id=region["call"])
    _score(db, low, [1, 1, 1, 1], region)
    unscored = new_project(db, title="Garten", call_id=region["call"])
    without_call = new_project(db, title="Ohne Aufruf")
    ids = [scored, low, unscored, without_call]
    with db.session() as session:
        projects = [session.get(Project, pid) for pid in ids]
        together = sheets_in(session, projects)
    assert {pid: together[pid] for pid in ids} == {pid: ScoringService(db).sheet(pid) for pid in ids}
    assert together[scored].result.total == 11 and together[low].result.total == 4
    assert [line.points for line in together[unscored].lines] == [None] * 4
