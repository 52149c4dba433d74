"""The tabs of the main window: the Übersicht, then five thin specialisations of RecordTab.

The window builds a tab when it is first shown: at start only the visible one is imported
and constructed, so a large office file opens quicker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regiodesk.ui.record_tab import RecordTab


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    #: imports the tab's class when the tab is first shown (each tab's package holds its ``tab`` module)
    load: Callable[[], type[RecordTab]]


def _overview() -> type[RecordTab]:
    from regiodesk.ui.overview.tab import OverviewTab

    return OverviewTab  # type: ignore[return-value]  # not a RecordTab, but answers the window as one


def _bodies() -> type[RecordTab]:
    from regiodesk.ui.bodies.tab import BodiesTab

    return BodiesTab


def _meetings() -> type[RecordTab]:
    from regiodesk.ui.meetings.tab import MeetingsTab

    return MeetingsTab


def _projects() -> type[RecordTab]:
    from regiodesk.ui.projects.tab import ProjectsTab

    return ProjectsTab


def _contacts() -> type[RecordTab]:
    from regiodesk.ui.contacts.tab import ContactsTab

    return ContactsTab


def _monitoring() -> type[RecordTab]:
    from regiodesk.ui.monitoring.tab import MonitoringTab

    return MonitoringTab


#: In the order the tabs appear.
TABS: tuple[TabSpec, ...] = (
    # What is due opens first; it answers the window as a RecordTab does (ui.overview.tab).
    TabSpec("overview", "Übersicht", _overview),
    TabSpec("bodies", "Gremien", _bodies),
    TabSpec("meetings", "Sitzungen", _meetings),
    TabSpec("projects", "Projekte", _projects),
    TabSpec("contacts", "Kontakte", _contacts),
    TabSpec("monitoring", "Monitoring", _monitoring),
)

__all__ = ["TABS", "TabSpec"]
