"""Field declarations shared by services (validation) and the UI (forms, list columns).

Each editable field of a record is declared once: name, German label, kind,
whether it is required. The UI builds its forms from these; services check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from regiodesk.domain.enums import LabelledEnum


class Kind(str, Enum):
    TEXT = "text"
    MULTILINE = "multiline"
    INT = "int"
    MONEY = "money"  # int cents
    PERCENT = "percent"  # int basis points
    DATE = "date"
    DATETIME = "datetime"  # naive local wall-clock time
    BOOL = "bool"
    CHOICE = "choice"  # value of a LabelledEnum
    REF = "ref"  # id of another record, from a lookup


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: type[LabelledEnum] | None = None
    #: For REF fields: the lookup that lists the records to choose from.
    lookup: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    group: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class Column:
    """A column of a record list. ``kind`` decides formatting and sorting."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    width: int = 0
