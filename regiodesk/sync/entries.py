"""Checking a journal's entries before anything of it is applied.

A journal can be well-formed JSON with a valid checksum and still hold what no regiodesk wrote
(a tool, a bug, a hand edit): "kein Datum" where a date belongs, an entry with three fields
instead of eight. Every entry is checked for shape, types, a known table and field and a value
the column can hold; one bad entry refuses the whole file, so a file is applied whole or not at
all. Text arriving through sync is cleaned like every other entry point (domain.text.clean_text).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, String, Text

from regiodesk.db.changelog import BOOKKEEPING
from regiodesk.db.models import ChangeLogEntry, record_models
from regiodesk.db.schema import HEAD
from regiodesk.domain.hlc import Timestamp
from regiodesk.domain.text import clean_text
from regiodesk.i18n import tr
from regiodesk.sync.folder import Journal

#: The change-log columns a journal entry is written from, in the entry's order.
LOG_COLUMNS = (
    ChangeLogEntry.seq,
    ChangeLogEntry.table_name,
    ChangeLogEntry.row_id,
    ChangeLogEntry.operation,
    ChangeLogEntry.field,
    ChangeLogEntry.old_value,
    ChangeLogEntry.new_value,
    ChangeLogEntry.hlc,
    ChangeLogEntry.changed_at,
)

OPERATIONS = frozenset({"insert", "update", "delete", "restore"})


class BadEntry(Exception):
    """An entry no regiodesk writes; the message (German) says which and why."""


def _record_tables() -> dict[str, Any]:
    return {name: model.__table__ for name, model in record_models().items()}


def checked_entries(journal: Journal) -> list[list[Any]]:
    """The journal's entries, checked and with their text cleaned; BadEntry on the first bad one.

    A table or field this version does not know is kept (in the log only) when the journal comes
    from an older schema, whose tables may since have been dropped; from this schema it is an error.
    """
    tables = _record_tables()
    older = bool(journal.schema) and journal.schema != HEAD
    result = []
    for number, entry in enumerate(journal.entries, start=1):
        try:
            result.append(_checked(entry, tables, older))
        except BadEntry as error:
            raise BadEntry(tr("Eintrag {n}: {reason}", n=number, reason=error)) from None
    return result


def _checked(entry: Any, tables: dict[str, Any], older: bool) -> list[Any]:
    if not isinstance(entry, list) or len(entry) != 8:
        size = len(entry) if isinstance(entry, list) else 1
        raise BadEntry(tr("{n} statt 8 Angaben", n=size))
    table_name, row_id, operation, field, old, new, hlc, changed_at = entry
    for name, value in (("Tabelle", table_name), ("Kennung", row_id), ("Feld", field)):
        if not isinstance(value, str) or not value or len(value) > 64:
            raise BadEntry(tr("{what} fehlt oder ist ungültig", what=tr(name)))
    if operation not in OPERATIONS:
        raise BadEntry(tr("unbekannte Art der Änderung „{op}“", op=str(operation)[:40]))
    if not (old is None or isinstance(old, str)) or not (new is None or isinstance(new, str)):
        raise BadEntry(tr("ein Wert ist kein JSON-Text"))
    try:
        Timestamp.decode(hlc)
        datetime.fromisoformat(changed_at)
    except (ValueError, TypeError, AttributeError):
        raise BadEntry(tr("Zeitstempel ungültig")) from None
    try:
        decoded = None if new is None else json.loads(new)
        if old is not None:
            json.loads(old)
    except ValueError:
        raise BadEntry(tr("ein Wert ist kein gültiges JSON")) from None
    table = tables.get(table_name)
    if table is None or field not in table.c:
        if older:
            return list(entry)
        raise BadEntry(tr("unbekanntes Feld „{table}.{field}“", table=table_name[:40], field=field[:40]))
    if field in BOOKKEEPING:
        raise BadEntry(tr("das Feld „{field}“ wird nicht synchronisiert", field=field))
    column = table.c[field]
    cleaned = _value(column, decoded)
    if cleaned is not decoded:
        entry = [*entry[:5], json.dumps(cleaned, ensure_ascii=False), *entry[6:]]
    return list(entry)


def _value(column, value: Any) -> Any:
    """``value`` (decoded JSON) if ``column`` can hold it, text cleaned; BadEntry otherwise."""
    label = column.name
    if value is None:
        if not column.nullable:
            raise BadEntry(tr("„{field}“ darf nicht leer sein", field=label))
        return None
    kind = column.type
    impl = getattr(kind, "impl", None)
    if isinstance(kind, DateTime) or isinstance(impl, DateTime):
        if isinstance(value, str):
            try:
                datetime.fromisoformat(value)
                return value
            except ValueError:
                pass
        raise BadEntry(tr("„{value}“ ist kein Zeitpunkt ({field})", value=str(value)[:40], field=label))
    if isinstance(kind, Date):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
                return value
            except ValueError:
                pass
        raise BadEntry(tr("„{value}“ ist kein Datum ({field})", value=str(value)[:40], field=label))
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        raise BadEntry(tr("„{value}“ ist kein Ja/Nein ({field})", value=str(value)[:40], field=label))
    if isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise BadEntry(tr("„{value}“ ist keine ganze Zahl ({field})", value=str(value)[:40], field=label))
    if isinstance(kind, LargeBinary):
        if isinstance(value, dict) and isinstance(value.get("$base64"), str):
            try:
                base64.b64decode(value["$base64"], validate=True)
                return value
            except (binascii.Error, ValueError):
                pass
        raise BadEntry(tr("ungültige Datei ({field})", field=label))
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise BadEntry(tr("„{value}“ ist kein Text ({field})", value=str(value)[:40], field=label))
        cleaned = clean_text(value, multiline=isinstance(kind, Text))
        return value if cleaned == value else cleaned
    return value
