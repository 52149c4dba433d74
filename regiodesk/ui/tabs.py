"""The tabs of the main window: the Übersicht, then five thin specialisations of RecordTab.

The window builds a tab when it is first shown: at start only the visible one is imported
and constructed, so a large office file opens quicker.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regiodesk.ui.record_tab import RecordTab


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    #: "module:Class" below regiodesk.ui (each tab's package holds its ``tab`` module)
    target: str

    def load(self) -> type[RecordTab]:
        module, name = self.target.split(":")
        return getattr(import_module(f"regiodesk.ui.{module}"), name)


#: In the order the tabs appear.
TABS: tuple[TabSpec, ...] = (
    # What is due opens first; it answers the window as a RecordTab does (ui.overview.tab).
    TabSpec("overview", "Übersicht", "overview.tab:OverviewTab"),
    TabSpec("bodies", "Gremien", "bodies.tab:BodiesTab"),
    TabSpec("meetings", "Sitzungen", "meetings.tab:MeetingsTab"),
    TabSpec("projects", "Projekte", "projects.tab:ProjectsTab"),
    TabSpec("contacts", "Kontakte", "contacts.tab:ContactsTab"),
    TabSpec("monitoring", "Monitoring", "monitoring.tab:MonitoringTab"),
)

__all__ = ["TABS", "TabSpec"]
