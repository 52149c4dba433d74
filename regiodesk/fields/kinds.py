"""What a field is: its kind, German label, whether it is required, its choices.

The ground floor of the program: nothing here knows the database, the services or Qt,
so every layer above can ask a field for its label and kind.
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
    QUANTITY = "quantity"  # int thousandths of a unit (indicator values: 12,5 Besucher → 12500)
    DATE = "date"
    DATETIME = "datetime"  # naive local wall-clock time (bookkeeping times: UTC)
    BOOL = "bool"
    CHOICE = "choice"  # value of a LabelledEnum
    REF = "ref"  # id of another record, from a lookup


#: Kinds shown right-aligned, as numbers are in every German office table.
NUMERIC = frozenset({Kind.INT, Kind.MONEY, Kind.PERCENT, Kind.QUANTITY})


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
    #: False for a column that is logged and shown (Verlauf, sync conflicts) but not edited in the
    #: record's own form (set by a workflow: a status change, a vote, a deletion).
    form: bool = True


@dataclass(frozen=True)
class Column:
    """A column of a record list. ``kind`` decides formatting and sorting."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    width: int = 0
    #: What the column means, shown over its header (e.g. how a figure is computed).
    tooltip: str = ""
