"""Opening a record named by its table and id (a line of a Chronik) where the user works on it:
a meeting, project, contact or body in its tab; a consultation, an event or a piece of press and
network work in its own window from Extras, the record chosen there."""

from __future__ import annotations

from regiodesk.ui.office_window import OfficeWindow

#: table -> the tab that shows its records
TAB_OF_TABLE = {"meeting": "meetings", "project": "projects", "contact": "contacts", "body": "bodies"}
#: table -> (tab, its method opening the window of that kind)
WINDOW_OF_TABLE = {
    "consultation": ("projects", "show_consultations"),
    "event": ("meetings", "show_events"),
    "activity": ("projects", "show_press_network"),
}


def can_open(table: str) -> bool:
    return table in TAB_OF_TABLE or table in WINDOW_OF_TABLE


def open_record_of(window: object, table: str, record_id: str) -> bool:
    """Show the record; False if it has no place to be shown or the tab being left keeps edits
    that cannot be saved (the user stays there and sees why)."""
    if not isinstance(window, OfficeWindow):
        return False  # a page shown on its own (a test), not in the main window
    if table in TAB_OF_TABLE:
        return window.open_record(TAB_OF_TABLE[table], record_id) is not None
    if table not in WINDOW_OF_TABLE:
        return False
    key, method = WINDOW_OF_TABLE[table]
    tab = window.open_record(key, "")
    if tab is None:
        return False
    place = getattr(tab, method)()
    inner = getattr(place, "tab", None)  # a record tab in a window of its own
    if inner is not None:
        inner.ensure_loaded()
        return inner.reveal(record_id)
    place.panel.reload(select=record_id)  # a list of records in a window of its own
    return place.selected_id() == record_id


__all__ = ["TAB_OF_TABLE", "WINDOW_OF_TABLE", "can_open", "open_record_of"]
