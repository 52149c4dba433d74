"""Kontakte: persons and institutions; the list may hold tens of thousands."""

from __future__ import annotations

from regiodesk.services.contacts import ContactService
from regiodesk.ui.record_tab import RecordTab


class ContactsTab(RecordTab):
    key = "contacts"
    title = "Kontakte"
    service_class = ContactService
    sort_by = "name"
    # 20,000 contacts take about half a second to read: not on the GUI thread.
    background_load = True
