"""Contacts for the contact tests, made through the service as the window makes them."""

from __future__ import annotations

from regiodesk.services.contacts import ContactService


def person(db, first, last, **values) -> str:
    """A person with first and last name (and any other field of the contact form); its id."""
    return ContactService(db).create({"kind": "person", "first_name": first, "last_name": last, **values})
