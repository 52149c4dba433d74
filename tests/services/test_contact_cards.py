"""The contact cards every list, export and letter reads: the same card whichever way it is
assembled (the whole list reads each table once, a filtered list names its contacts)."""

from __future__ import annotations

from datetime import datetime, timezone

from contact_helpers import person

from regiodesk.db.models import Address, Contact, ContactEmail, ContactPhone
from regiodesk.services.contact_details import set_contact_tags
from regiodesk.services.contacts_lists import ALL, ContactFilter, ContactListService


def _details(db, contact_id: str) -> None:
    """Two addresses, e-mails and phones each, entered in a known order (the oldest first)."""
    with db.transaction() as session:
        for n, (street, email, number, kind) in enumerate(
            (
                ("Marktplatz 1", "anna@amt.example", "+49 9561 12345", "dienstlich"),
                ("Am Anger 5", "anna@privat.example", "+49 171 1234567", "mobil"),
            )
        ):
            stamp = datetime(2026, 1, 1 + n, tzinfo=timezone.utc)
            session.add(Address(contact_id=contact_id, street=street, city="Mühlbach", created_at=stamp))
            session.add(ContactEmail(contact_id=contact_id, address=email, created_at=stamp))
            session.add(ContactPhone(contact_id=contact_id, number=number, kind=kind, created_at=stamp))


def test_the_whole_list_and_a_filtered_one_give_the_same_cards(db):
    anna = person(db, "Anna", "Zeller")
    _details(db, anna)
    set_contact_tags(db, anna, ["Presse", "Beirat"])
    bert = person(db, "Bert", "Adler")
    hidden = person(db, "Carla", "Berg")
    with db.transaction() as session:
        session.get(Contact, hidden).restricted = True
    service = ContactListService(db)

    every = service.cards(ALL)
    filtered = service.cards(ContactFilter(kind="person"))

    assert every == filtered
    assert [c.id for c in every] == [bert, anna]  # sorted by name, the restricted one left out
    card = every[1]
    assert (card.street, card.city) == ("Marktplatz 1", "Mühlbach")  # the oldest address
    assert card.emails == [("dienstlich", "anna@amt.example"), ("dienstlich", "anna@privat.example")]
    assert card.phones == [("dienstlich", "+49 9561 12345"), ("mobil", "+49 171 1234567")]
    assert card.tags == ["Beirat", "Presse"]
    assert service.card(anna) == card
    assert service.card(hidden).last_name == "Berg"  # the Auskunft still finds a restricted one
