"""Which rows go with a deleted record, as the program deletes them, for the deletion rule of sync.

The program deletes a record together with the rows that make no sense without it
(``RecordService._dependents``: a contact with its e-mails, phone numbers, addresses, tags,
consents and affiliations; a body with its memberships; a meeting with its agenda; an
indicator with its targets and values; a consultation with
its people; an event with its participants). For sync this has two consequences (DESIGN.md: a
deletion wins only over a record not modified after it):

* a new or changed child row is an edit of its parent: made after a deletion it did not know
  of, it brings the parent back; made before, the deletion wins and the child goes with it;
* a child row the deleting laptop did not know of is deleted with its parent on arrival, so
  no detail is ever left without a visible owner.

``tests/sync/test_cascade.py`` checks this table against what the services really delete.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from regiodesk.db.models import all_tables

#: child table -> its foreign-key columns whose parent's deletion takes the child along
DELETED_WITH: dict[str, tuple[str, ...]] = {
    "contact_email": ("contact_id",),
    "contact_phone": ("contact_id",),
    "address": ("contact_id",),
    "contact_tag": ("contact_id",),
    "consent": ("contact_id",),
    "affiliation": ("person_id", "institution_id"),
    "membership": ("body_id",),
    "agenda_item": ("meeting_id",),
    "indicator_target": ("indicator_id",),
    "indicator_value": ("indicator_id",),
    "consultation_contact": ("consultation_id",),
    "event_participant": ("event_id",),
}


@dataclass(frozen=True)
class Relation:
    child: str
    column: str
    parent: str


@functools.cache
def relations() -> tuple[Relation, ...]:
    """Every (child table, foreign-key column, parent table) of :data:`DELETED_WITH`."""
    tables = {t.name: t for t in all_tables()}
    result = []
    for child, columns in DELETED_WITH.items():
        for column in columns:
            [foreign_key] = tables[child].c[column].foreign_keys
            result.append(Relation(child, column, foreign_key.column.table.name))
    return tuple(result)


def child_columns(table_name: str) -> tuple[str, ...]:
    return DELETED_WITH.get(table_name, ())
