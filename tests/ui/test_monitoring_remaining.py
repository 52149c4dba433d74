"""One „verbleibend“ per Handlungsfeld: the Handlungsfelder list and the overview of the running
year show the same figure on the demo region, and both name the definition in a tooltip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from regiodesk.db.models import ActionField
from regiodesk.domain.deadlines import application_due
from regiodesk.domain.monitoring import REMAINING_DEFINITION, year_window
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.services.region import rule_settings_in

TODAY = date.today()


@pytest.fixture
def db(tmp_path, demo_region):
    from regiodesk.db.database import Database

    path = demo_region(tmp_path / "demo.regiodesk", device_id="test-device", today=TODAY)
    database = Database.open(path, device_id="test-device")
    yield database
    database.close()


def _selected_due_soon(db) -> str:
    """A project of HF 1 selected by the LAG so long ago that its application is due in the next
    days: it still binds its grant today (rule 9 lapses it only the day after the due date)."""
    with db.session() as session:
        rules = rule_settings_in(session).deadlines
        field = session.scalar(select(ActionField).where(ActionField.code == "HF 1"))
        assert field is not None
        field_id = field.id
    project_id = ProjectService(db).create(
        {"title": "Dorfladen", "status": "idee", "action_field_id": field_id, "grant_cents": 80_000_00}
    )
    decided = TODAY - timedelta(days=1)
    while True:  # the latest decision day whose period still runs today
        due = application_due(
            decided - timedelta(days=1), rules.application_value, rules.application_unit, rules.holidays
        )
        if due < TODAY:
            break
        decided -= timedelta(days=1)
    assert application_due(decided, rules.application_value, rules.application_unit, rules.holidays) >= TODAY
    pipeline = ProjectPipeline(db)
    pipeline.change_status(project_id, "in_beratung", decided - timedelta(days=20))
    pipeline.change_status(project_id, "ausgewaehlt", decided)
    return project_id


def test_list_and_overview_show_the_same_remaining_budget(qtbot, window, show_tab):
    _selected_due_soon(window.db)
    tab = show_tab("monitoring")
    overview = tab.panel.overview
    overview.refresh()
    listed = {}
    model = tab.model
    codes = [c.key for c in model.columns]
    for row in range(model.rowCount()):
        code = model.data(model.index(row, codes.index("code")))
        listed[code] = model.data(model.index(row, codes.index("remaining_cents")))
    shown = {}
    budget = overview.budget_model
    for row in range(budget.rowCount() - 1):  # the last row is the total
        line = budget.row_at(row)
        shown[line.code] = budget.data(budget.index(row, 8))
    assert len(listed) == 5 and listed == shown
    # and both say what the figure means
    column = codes.index("remaining_cents")
    from PySide6.QtCore import Qt

    horizontal, tip = Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    assert model.headerData(column, horizontal, tip) == REMAINING_DEFINITION
    assert budget.headerData(8, horizontal, tip) == REMAINING_DEFINITION
    assert "Budgetumschichtungen" in REMAINING_DEFINITION and "LAG-Beschluss" in REMAINING_DEFINITION


def test_the_running_year_stands_on_today_a_stichtag_or_a_past_year_on_their_end():
    assert year_window(2026, today=date(2026, 12, 6)) == (date(2026, 1, 1), date(2026, 12, 6))
    assert year_window(2026, today=date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert year_window(2025, today=date(2026, 12, 6)) == (date(2025, 1, 1), date(2025, 12, 31))
    assert year_window(2027, today=date(2026, 12, 6)) == (date(2027, 1, 1), date(2027, 12, 31))
    # a Stichtag chosen by the user stands, even after today
    assert year_window(2026, date(2026, 12, 20), today=date(2026, 12, 6)) == (
        date(2026, 1, 1),
        date(2026, 12, 20),
    )
