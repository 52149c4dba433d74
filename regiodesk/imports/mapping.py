"""Which column is which field: matched by header names (German synonyms) and remembered.

A caller (contacts, projects) declares its :class:`TargetField`\\ s; :func:`suggest_mapping`
proposes a field per column, preferring what the user chose last time for a column of that
name (stored in the database, so the next file with the same headers needs no clicks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import Setting
from regiodesk.imports.reader import header_key

#: Field name of a column the user chose to leave out.
IGNORE = ""


@dataclass(frozen=True)
class TargetField:
    name: str
    label: str
    #: Header names meaning this field (any spelling: they are compared with :func:`header_key`).
    synonyms: tuple[str, ...] = ()
    #: raw, text, date, int, money, percent, bool: how a cell is converted (see imports.values)
    kind: str = "text"
    #: Several columns may map to it (a second e-mail or phone column).
    multiple: bool = False
    #: Text with line breaks (notes, a description); other text is folded onto one line.
    multiline: bool = False
    #: Headers never suggested for this field, not even by their first letters ("Nr." is no
    #: house number but a list's running number).
    never: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        return {header_key(s) for s in (self.label, *self.synonyms)} - {""}

    def refuses(self, key: str) -> bool:
        return key in {header_key(s) for s in self.never}


def header_hints(fields: Sequence[TargetField], remembered: Mapping[str, str] | None = None) -> set[str]:
    """Every normalised header name that points at a field (for finding the header row)."""
    hints = set(remembered or ())
    for f in fields:
        hints |= f.keys()
    return hints


def suggest_mapping(
    headers: Sequence[str], fields: Sequence[TargetField], remembered: Mapping[str, str] | None = None
) -> list[str]:
    """A field name per column ('' = not imported).

    Order of preference: the user's remembered choice for that header; a header equal to a
    field's label or synonym; a header that starts with one ('E-Mail privat'). A field takes
    one column unless it allows several.
    """
    remembered = dict(remembered or {})
    known = {f.name: f for f in fields}
    result: list[str] = [IGNORE] * len(headers)
    taken: set[str] = set()
    keys = [header_key(h) for h in headers]

    def take(column: int, name: str) -> None:
        result[column] = name
        if not known[name].multiple:
            taken.add(name)

    for column, key in enumerate(keys):
        if key in remembered and remembered[key] in known and known[remembered[key]].refuses(key):
            continue  # an old mapping from before the field refused this header
        if key in remembered and (remembered[key] == IGNORE or remembered[key] in known):
            if remembered[key] and remembered[key] not in taken:
                take(column, remembered[key])
            elif remembered[key] == IGNORE:
                result[column] = IGNORE
    decided = {c for c, k in enumerate(keys) if k in remembered}
    for exact in (True, False):
        for column, key in enumerate(keys):
            if column in decided or result[column] or not key:
                continue
            for f in fields:
                if f.name in taken or f.refuses(key):
                    continue
                names = f.keys()
                if key in names if exact else any(key.startswith(n) and len(n) >= 3 for n in names):
                    take(column, f.name)
                    break
    return result


# --------------------------------------------------------------------------- remembered mappings
# Remembered in the database (the Setting table), so a successor and every synced laptop get them:
# "import.mapping.<target>" holds header key -> field name, "import.values.<target>" holds
# "<field>|<value key>" -> the user's choice for a value no catalogue entry matched.
def _key(target: str) -> str:
    return f"import.mapping.{target}"


def _values_key(target: str) -> str:
    return f"import.values.{target}"


def _setting(session, key: str) -> Setting | None:
    return session.scalars(
        select(Setting)
        .where(Setting.key == key, Setting.deleted_at.is_(None))
        .order_by(Setting.modified_at.desc())
        .limit(1)
    ).first()


def _as_dict(row: Setting | None) -> dict[str, str]:
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _load(db: Database, key: str) -> dict[str, str]:
    with db.session() as session:
        return _as_dict(_setting(session, key))


def _merge(session, key: str, changes: Mapping[str, str]) -> None:
    row = _setting(session, key)
    updated = _as_dict(row) | dict(changes)
    text = json.dumps(updated, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=key, value=text))
    elif row.value != text:
        row.value = text


def load_remembered(db: Database, target: str) -> dict[str, str]:
    """The remembered choices for ``target`` ('contacts', 'projects'): header key -> field name."""
    return _load(db, _key(target))


def remember(session, target: str, headers: Sequence[str], mapping: Sequence[str]) -> None:
    """Add the user's choices for these headers to the remembered mapping (inside ``session``)."""
    changes = {}
    for header, name in zip(headers, mapping, strict=True):
        key = header_key(header)
        if key:
            changes[key] = name
    _merge(session, _key(target), changes)


def load_value_choices(db: Database, target: str) -> dict[str, str]:
    """The remembered choices for unknown catalogue values: "field|value key" -> choice."""
    return _load(db, _values_key(target))


def remember_value_choices(session, target: str, choices: Mapping[str, str]) -> None:
    """Add these value choices ("field|value key" -> choice) to the remembered ones."""
    if choices:
        _merge(session, _values_key(target), choices)
