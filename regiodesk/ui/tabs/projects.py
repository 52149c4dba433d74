"""Projekte: projects from idea to proof of use."""

from __future__ import annotations

from regiodesk.services.projects import ProjectService
from regiodesk.ui.record_tab import RecordTab


class ProjectsTab(RecordTab):
    key = "projects"
    title = "Projekte"
    service_class = ProjectService
    sort_by = "title"
    depends_on = frozenset({"contacts", "monitoring"})  # sponsors and Handlungsfelder
