"""The five tabs of the main window, each a thin specialisation of RecordTab."""

from __future__ import annotations

from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.tabs.bodies import BodiesTab
from regiodesk.ui.tabs.contacts import ContactsTab
from regiodesk.ui.tabs.meetings import MeetingsTab
from regiodesk.ui.tabs.monitoring import MonitoringTab
from regiodesk.ui.tabs.projects import ProjectsTab

#: In the order the tabs appear.
TAB_CLASSES: tuple[type[RecordTab], ...] = (BodiesTab, MeetingsTab, ProjectsTab, ContactsTab, MonitoringTab)

__all__ = ["TAB_CLASSES", "BodiesTab", "ContactsTab", "MeetingsTab", "MonitoringTab", "ProjectsTab"]
