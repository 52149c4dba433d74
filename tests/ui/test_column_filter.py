"""The list filter of a tab can name a column: „status:bewilligt“ looks at the status only."""

from __future__ import annotations

from ui_helpers import key_clicks

from regiodesk.services.projects import ProjectService


def test_the_projects_filter_names_the_status_column(qtbot, db, window, show_tab):
    projects = ProjectService(db)
    projects.create({"title": "Dorfladen", "status": "idee"})
    projects.create({"title": "Radweg", "status": "in_beratung"})
    tab = show_tab("projects")
    assert tab.filter_edit.placeholderText() == "Filtern … (Strg+F) · nur eine Spalte: status:…"

    tab.focus_filter()
    key_clicks(qtbot, tab.filter_edit, "status:beratung")
    assert [tab.model.values_at(r)[0] for r in range(tab.model.visible_count)] == ["Radweg"]
    assert window.count_label.text() == "1 von 2 Einträgen"
    tab.filter_edit.clear()
    key_clicks(qtbot, tab.filter_edit, "titel:rad")
    assert [tab.model.values_at(r)[0] for r in range(tab.model.visible_count)] == ["Radweg"]
