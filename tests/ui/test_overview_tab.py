"""The Übersicht tab: first on opening, a line for each kind, each line opening its record."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from regiodesk.db.models import SyncConflict
from regiodesk.services.bodies import BodyService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.overview import Target
from regiodesk.services.project_pipeline import ProjectPipeline
from tests.project_helpers import make_region, new_project


@pytest.fixture
def records(db):
    """A meeting next week, a project whose application is due soon, an idea, an open conflict."""
    make_region(db)
    today = date.today()
    body = BodyService(db).create({"name": "LAG Testtal", "notice_days": 7})
    meeting = MeetingService(db).create(
        {
            "body_id": body,
            "title": "Nächste LAG-Sitzung",
            "starts_at": datetime.combine(today + timedelta(days=10), datetime.min.time()).replace(hour=18),
            "state": "geplant",
        }
    )
    selected = new_project(db, title="Dorfladen", status="in_beratung")
    decided = today - timedelta(days=170)  # six months for the application: due in about two weeks
    ProjectPipeline(db).change_status(selected, "ausgewaehlt", decided, today=decided)
    idea = new_project(db, title="Bürgerbus", status="idee")
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
                detected_at=datetime.now(timezone.utc),
            )
        )
    return {"meeting": meeting, "selected": selected, "idea": idea}


def _line(tab, target: Target):
    return next(line for line in tab.lines() if line[2] == target)


def test_the_overview_is_the_first_tab_and_lists_each_kind(records, window):
    tab = window.current_tab()
    assert tab.key == "overview" and window.tabs.tabText(0) == "Übersicht"
    title, detail, _ = _line(tab, Target("meetings", records["meeting"]))
    assert title == "Nächste LAG-Sitzung, 18:00 Uhr"
    assert detail.startswith("Einladung noch nicht versandt – spätestens am ")
    title, detail, _ = _line(tab, Target("projects", records["selected"]))
    assert title == "Dorfladen" and detail.startswith("Antragstellung bis ")
    title, detail, _ = _line(tab, Target("projects", records["idea"]))
    assert title == "Bürgerbus" and "nächster Schritt: Projektträger beraten" in detail
    assert _line(tab, Target("conflicts"))[0] == "1 Konflikt"
    assert _line(tab, Target("backups"))[0] == "Noch keine Sicherung"
    # urgent: the meeting's invitation (three days left), the conflict, the missing backup
    assert window.count_label.text() == "3 dringende Punkte"


@pytest.mark.parametrize("kind", ["meeting", "selected", "idea"])
def test_a_line_opens_its_record_in_its_tab(qtbot, records, window, kind):
    tab = window.current_tab()
    key = "meetings" if kind == "meeting" else "projects"
    item = next(
        tab.tree.topLevelItem(n)
        for n in range(tab.tree.topLevelItemCount())
        if tab.tree.topLevelItem(n).data(0, 256) == Target(key, records[kind])
    )
    tab.tree.setCurrentItem(item)
    tab.tree.itemActivated.emit(item, 0)  # Enter or a double-click
    shown = window.current_tab()
    assert shown.key == key
    assert shown.current_id == records[kind] and shown.selected_id() == records[kind]


def test_conflicts_and_backup_lines_open_their_views(records, window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(window.sync_actions, "show_conflicts", lambda: opened.append("conflicts"))
    monkeypatch.setattr(window.custody, "show_backups", lambda: opened.append("backups"))
    tab = window.current_tab()
    assert tab.open_target(Target("conflicts")) and tab.open_target(Target("backups"))
    assert opened == ["conflicts", "backups"]
    assert window.current_tab() is tab


def test_a_backup_made_shows_when_the_tab_is_shown_again(records, window, show_tab):
    window.backup_now()
    show_tab("bodies")
    window.show_tab("overview")
    title = _line(window.current_tab(), Target("backups"))[0]
    assert title.startswith("Letzte Sicherung ")
