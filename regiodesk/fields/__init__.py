"""Fields and their values: declared once, shown one way.

``fields_of(table)`` gives a record's form fields, ``field(table, column)`` any declared column,
``label(table, column)`` its German name and ``display(table, column, value)`` the text a user
reads for a stored value (also a value from the change log, where dates are ISO text). Services,
forms, lists, the Verlauf, the sync's conflicts, documents and the command line all ask here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from regiodesk.fields.kinds import NUMERIC, Column, Field, Kind
from regiodesk.fields.tables import COMMON, LOOKUP_TABLES, TABLES
from regiodesk.fields.values import display_value, format_number, format_quantity, from_log, yes_no
from regiodesk.i18n import tr

__all__ = [
    "COMMON",
    "LOOKUP_TABLES",
    "NUMERIC",
    "TABLES",
    "Column",
    "Field",
    "Kind",
    "display",
    "display_value",
    "field",
    "fields_of",
    "format_number",
    "format_quantity",
    "from_log",
    "label",
    "yes_no",
]

_COMMON = {f.name: f for f in COMMON}
_BY_NAME: dict[str, dict[str, Field]] = {t: {f.name: f for f in fs} for t, fs in TABLES.items()}


def fields_of(table: str, *names: str, without: str | Collection[str] = ()) -> tuple[Field, ...]:
    """The form fields of ``table`` in form order; with ``names``, exactly those, in that order;
    ``without`` leaves some out (a list that edits a catalogue entry's ``active`` elsewhere)."""
    if names:
        declared = _BY_NAME[table]
        return tuple(declared[name] for name in names)
    left_out = {without} if isinstance(without, str) else set(without)
    return tuple(f for f in TABLES[table] if f.form and f.name not in left_out)


def field(table: str, column: str) -> Field | None:
    """The declaration of one column, or None for a column nobody is shown (ids, parent links)."""
    return _BY_NAME.get(table, {}).get(column) or _COMMON.get(column)


def label(table: str, column: str) -> str:
    """The German name of a column (the column's own name only for an undeclared one)."""
    declared = field(table, column)
    return tr(declared.label) if declared is not None else column


def display(
    table: str,
    column: str,
    value: Any,
    *,
    name_of: Callable[[str, str], str | None] | None = None,
) -> str:
    """The text a user reads for ``value`` stored in ``table.column``.

    A reference shows the name ``name_of(lookup, id)`` gives (the id itself without it).
    """
    declared = field(table, column)
    if declared is None:
        return display_value(value)
    if declared.kind is Kind.REF and isinstance(value, str) and declared.lookup and name_of is not None:
        return name_of(declared.lookup, value) or value
    return display_value(from_log(value, declared.kind), declared.kind, declared.choices)
