"""Monitoring services: figures from the projects, the Stichtag snapshot, and the records behind them."""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from regiodesk.db import changelog
from regiodesk.db.models import FundingPeriod, Payment, RegionSettings
from regiodesk.domain.errors import ValidationError
from regiodesk.services.monitoring import (
    ActionFieldService,
    BudgetReallocationService,
    IndicatorService,
    IndicatorTargetService,
    IndicatorValueService,
)
from regiodesk.services.monitoring_figures import MonitoringService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService


class Clock:
    """The moment the change log stamps on changes; a test moves it forward."""

    def __init__(self, monkeypatch):
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
        monkeypatch.setattr(changelog, "utcnow", lambda: self.now)
        monkeypatch.setattr(changelog, "time", SimpleNamespace(time=lambda: self.now.timestamp()))

    def set(self, year: int, month: int, day: int) -> None:
        self.now = datetime(year, month, day, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def region(db, clock):
    """A region with three Handlungsfelder (500/300/200 T€) and its office's first year, 2025."""
    with db.transaction() as session:
        period = FundingPeriod(
            name="LEADER 2023–2027",
            starts_on=date(2023, 1, 1),
            ends_on=date(2027, 12, 31),
            total_budget_cents=0,
        )
        session.add(period)
        session.flush()
        # 12 months to apply: the projects selected in March 2025 still bind their grant at the end
        # of 2025 (with 6 months they would have lapsed in September, see the lapse tests below)
        session.add(
            RegionSettings(
                name="LEADER-Region Testtal",
                current_funding_period_id=period.id,
                application_deadline_value=12,
            )
        )
        period_id = period.id
    fields = ActionFieldService(db)
    hf = {
        n: fields.create(
            {"code": f"HF {n}", "name": name, "funding_period_id": period_id, "planned_budget_cents": budget}
        )
        for n, name, budget in (
            (1, "Dörfer", 500_000_00),
            (2, "Wirtschaft", 300_000_00),
            (3, "Natur", 200_000_00),
        )
    }
    return SimpleNamespace(db=db, clock=clock, hf=hf, period=period_id)


def project(db, title: str, field: str, grant: int, *moves: tuple[str, date]) -> str:
    pid = ProjectService(db).create(
        {"title": title, "status": "in_beratung", "action_field_id": field, "grant_cents": grant}
    )
    pipeline = ProjectPipeline(db)
    for status, on in moves:
        pipeline.change_status(pid, status, on)
    return pid


def pay(db, project_id: str, on: date, amount: int) -> str:
    with db.transaction() as session:
        payment = Payment(project_id=project_id, paid_on=on, amount_cents=amount)
        session.add(payment)
        session.flush()
        return payment.id


SELECTED = ("ausgewaehlt", date(2025, 3, 10))
APPLIED = ("antrag_gestellt", date(2025, 4, 1))
APPROVED = ("bewilligt", date(2025, 6, 2))


def lines(report) -> dict[str, tuple[int, int, int, int]]:
    return {
        line.code or line.name: (
            line.planned_cents,
            line.committed_cents,
            line.approved_cents,
            line.paid_cents,
        )
        for line in report.budget.lines
    }


# --------------------------------------------------------------------------- figures from the projects
def test_budget_from_projects_payments_and_a_reallocation(region):
    db, hf = region.db, region.hf
    a = project(db, "Dorfladen", hf[1], 100_000_00, SELECTED, APPLIED, APPROVED)
    project(db, "Radweg", hf[2], 60_000_00, SELECTED)
    project(db, "Idee", hf[3], 10_000_00)
    pay(db, a, date(2025, 9, 1), 40_000_00)
    pay(db, a, date(2026, 2, 1), 30_000_00)  # next year
    BudgetReallocationService(db).create(
        {
            "decided_on": date(2025, 11, 5),
            "from_action_field_id": hf[3],
            "to_action_field_id": hf[2],
            "amount_cents": 50_000_00,
        }
    )
    report = MonitoringService(db).report(2025)
    assert lines(report) == {
        "HF 1": (500_000_00, 100_000_00, 100_000_00, 40_000_00),
        "HF 2": (350_000_00, 60_000_00, 0, 0),
        "HF 3": (150_000_00, 0, 0, 0),
    }
    assert report.budget.total.remaining_cents == 1_000_000_00 - 160_000_00
    assert [p.title for p in report.projects] == ["Dorfladen", "Radweg"]
    assert report.activity.selected == 2 and report.activity.approved == 1
    nxt = MonitoringService(db).report(2026)
    assert lines(nxt)["HF 1"][3] == 70_000_00
    assert nxt.budget.lines[0].paid_in_year_cents == 30_000_00
    assert nxt.activity.selected == 0


def test_a_withdrawn_project_frees_its_grant_from_the_day_of_withdrawal(region):
    db, hf = region.db, region.hf
    a = project(db, "Backhaus", hf[1], 80_000_00, SELECTED, APPLIED, APPROVED)
    pay(db, a, date(2025, 8, 1), 5_000_00)
    ProjectPipeline(db).change_status(a, "zurueckgezogen", date(2026, 1, 20))
    service = MonitoringService(db)
    assert lines(service.report(2025))["HF 1"][1:] == (80_000_00, 80_000_00, 5_000_00)
    assert lines(service.report(2026))["HF 1"][1:] == (5_000_00, 5_000_00, 5_000_00)


def test_the_tolerance_warning_uses_the_regions_setting(region):
    db, hf = region.db, region.hf
    project(db, "A", hf[1], 50_000_00, SELECTED)
    project(db, "B", hf[2], 40_000_00, SELECTED)  # 40 % instead of 30 %
    project(db, "C", hf[3], 10_000_00, SELECTED)  # 10 % instead of 20 %
    service = MonitoringService(db)
    assert {w.field_id for w in service.budget(2025).warnings} == {hf[2], hf[3]}
    service.set_tolerance_bp(4000)
    assert service.tolerance_bp() == 4000
    assert {w.field_id for w in service.budget(2025).warnings} == {hf[3]}
    with pytest.raises(ValidationError):
        service.set_tolerance_bp(9000)


def test_indicators_computed_from_projects_and_recorded_per_year(region):
    db, hf = region.db, region.hf
    indicators = IndicatorService(db)
    count = indicators.create(
        {
            "action_field_id": hf[1],
            "name": "Projekte",
            "unit": "Anzahl",
            "kind": "output",
            "source": "anzahl_projekte",
        }
    )
    visitors = indicators.create(
        {
            "action_field_id": hf[1],
            "name": "Besucher",
            "unit": "Personen",
            "kind": "ergebnis",
            "source": "erfasst",
        }
    )
    targets = IndicatorTargetService(db, count)
    targets.create({"indicator_id": count, "year": 2025, "target_milli": 2000})
    with pytest.raises(ValidationError) as error:
        targets.create({"indicator_id": count, "year": 2025, "target_milli": 1000})
    assert "schon einen Zielwert" in str(error.value.errors["year"])
    IndicatorTargetService(db).create({"indicator_id": visitors, "year": 2025, "target_milli": 500_000})
    project(db, "Dorfladen", hf[1], 1_000_00, SELECTED)
    values = IndicatorValueService(db, visitors)
    values.create(
        {
            **values.defaults(),
            "year": 2025,
            "value_milli": 320_000,
            "source": "Zählung",
            "recorded_on": date(2025, 12, 1),
        }
    )
    with pytest.raises(ValidationError) as error:
        IndicatorValueService(db).create(
            {
                "indicator_id": count,
                "year": 2025,
                "value_milli": 1,
                "source": "x",
                "recorded_on": date(2025, 5, 1),
            }
        )
    assert "berechnet" in error.value.errors["indicator_id"]
    lines_ = {line.indicator.name: line for line in MonitoringService(db).indicators(2025)}
    assert (lines_["Projekte"].target_in_year, lines_["Projekte"].actual_in_year) == (2000, 1000)
    assert lines_["Besucher"].actual_in_year == 320_000
    assert lines_["Besucher"].progress == pytest.approx(0.64)


def test_reallocation_rules_in_german(region):
    db, hf = region.db, region.hf
    service = BudgetReallocationService(db)
    with pytest.raises(ValidationError) as error:
        service.create({"decided_on": date(2025, 5, 1), "amount_cents": 100})
    assert "von welchem oder zu welchem" in error.value.errors["to_action_field_id"]
    with pytest.raises(ValidationError) as error:
        service.create(
            {
                "decided_on": date(2025, 5, 1),
                "from_action_field_id": hf[1],
                "to_action_field_id": hf[1],
                "amount_cents": 1,
            }
        )
    assert "dasselbe" in error.value.errors["to_action_field_id"]
    with pytest.raises(ValidationError) as error:
        service.create(
            {
                "decided_on": date(2025, 5, 1),
                "from_action_field_id": hf[3],
                "to_action_field_id": hf[1],
                "amount_cents": 250_000_00,
            }
        )
    assert "200.000,00 €" in error.value.errors["amount_cents"]
    first = service.create(
        {
            "decided_on": date(2025, 5, 1),
            "from_action_field_id": hf[3],
            "to_action_field_id": hf[1],
            "amount_cents": 150_000_00,
        }
    )
    service.update(first, {"amount_cents": 200_000_00})  # its own amount does not count against it
    assert [row.values[3] for row in service.rows()] == [200_000_00]


# --------------------------------------------------------------------------- Stichtag
def test_a_later_change_does_not_alter_an_earlier_stichtag(region):
    db, hf, clock = region.db, region.hf, region.clock
    service = MonitoringService(db)
    indicators = IndicatorService(db)
    count = indicators.create(
        {
            "action_field_id": hf[1],
            "name": "Projekte",
            "unit": "Anzahl",
            "kind": "output",
            "source": "anzahl_projekte",
        }
    )
    target = IndicatorTargetService(db).create({"indicator_id": count, "year": 2025, "target_milli": 3000})
    clock.set(2025, 6, 3)
    a = project(db, "Dorfladen", hf[1], 100_000_00, SELECTED, APPLIED, APPROVED)
    b = project(db, "Radweg", hf[1], 60_000_00, SELECTED)
    c = project(db, "Naturpfad", hf[3], 20_000_00, SELECTED)
    clock.set(2025, 9, 2)
    pay(db, a, date(2025, 9, 1), 40_000_00)
    stichtag = date(2025, 12, 31)
    before = service.report(2025, as_of=stichtag)

    clock.set(2026, 2, 10)  # a year of changes after the Stichtag
    ProjectService(db).update(a, {"grant_cents": 120_000_00})
    ProjectService(db).update(b, {"action_field_id": hf[2]})
    ProjectPipeline(db).change_status(c, "zurueckgezogen", date(2026, 2, 10))
    pay(db, a, date(2026, 2, 10), 20_000_00)
    ActionFieldService(db).update(hf[1], {"planned_budget_cents": 450_000_00})
    BudgetReallocationService(db).create(
        {
            "decided_on": date(2026, 2, 10),
            "from_action_field_id": hf[3],
            "to_action_field_id": hf[2],
            "amount_cents": 1_00,
        }
    )
    IndicatorTargetService(db).update(target, {"target_milli": 5000})
    ProjectService(db).delete(b)
    after = service.report(2025, as_of=stichtag)

    assert lines(after) == lines(before)
    assert after.budget.total == before.budget.total
    assert after.projects == before.projects
    assert after.indicators == before.indicators
    assert after.activity == before.activity
    assert lines(before)["HF 1"] == (500_000_00, 160_000_00, 100_000_00, 40_000_00)
    # while the figures as they are now show every change
    now = service.report(2026)
    assert lines(now)["HF 1"] == (450_000_00, 120_000_00, 120_000_00, 60_000_00)
    assert lines(now)["HF 3"][1] == 0


def test_a_stichtag_in_the_middle_of_the_year_and_a_late_entry(region):
    db, hf, clock = region.db, region.hf, region.clock
    clock.set(2025, 3, 10)
    a = project(db, "Dorfladen", hf[1], 100_000_00, SELECTED)
    clock.set(2025, 7, 1)
    ProjectPipeline(db).change_status(a, "antrag_gestellt", date(2025, 6, 20))
    ProjectPipeline(db).change_status(a, "bewilligt", date(2025, 6, 30))
    service = MonitoringService(db)
    june = service.report(2025, as_of=date(2025, 6, 29))
    assert june.cutoff == date(2025, 6, 29)
    assert lines(june)["HF 1"][1:3] == (100_000_00, 0)
    # the approval of 30 June, typed in on 1 July, counts for a Stichtag after it
    assert lines(service.report(2025, as_of=date(2025, 6, 30)))["HF 1"][1:3] == (100_000_00, 100_000_00)
    # a payment of December entered in January counts for the year
    clock.set(2026, 1, 12)
    pay(db, a, date(2025, 12, 18), 25_000_00)
    assert lines(service.report(2025, as_of=date(2025, 12, 31)))["HF 1"][3] == 25_000_00


def test_a_project_moving_between_fields(region):
    db, hf, clock = region.db, region.hf, region.clock
    a = project(db, "Dorfladen", hf[1], 70_000_00, SELECTED)
    clock.set(2025, 8, 1)
    ProjectService(db).update(a, {"action_field_id": hf[2]})
    service = MonitoringService(db)
    assert lines(service.report(2025, as_of=date(2025, 7, 31)))["HF 1"][1] == 70_000_00
    moved = lines(service.report(2025, as_of=date(2025, 8, 1)))
    assert (moved["HF 1"][1], moved["HF 2"][1]) == (0, 70_000_00)


def test_periods_filter_the_fields(region):
    db = region.db
    with db.transaction() as session:
        old = FundingPeriod(name="LEADER 2014–2022", starts_on=date(2014, 1, 1), ends_on=date(2022, 12, 31))
        session.add(old)
        session.flush()
        old_id = old.id
    ActionFieldService(db).create(
        {"code": "HF A", "name": "Alt", "funding_period_id": old_id, "planned_budget_cents": 5}
    )
    service = MonitoringService(db)
    assert [line.code for line in service.budget(2025).lines] == ["HF 1", "HF 2", "HF 3"]
    assert [line.code for line in service.budget(2020, funding_period_id=old_id).lines] == ["HF A"]
    assert service.years(old_id) == list(range(2014, 2023))
    assert [name for _, name in service.funding_periods()] == ["LEADER 2014–2022", "LEADER 2023–2027"]
