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
    QUANTITY = "quantity"  # int thousandths of a unit (indicator values: 12,5 Besucher → 12500)
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
    #: What the column means, shown over its header (e.g. how a figure is computed).
    tooltip: str = ""


#: German names of logged columns that a service does not declare as a form field (child
#: records such as addresses and payments, bookkeeping, columns edited elsewhere), so the
#: Verlauf never shows an English column name.
COLUMN_LABELS: dict[str, str] = {
    "deleted_at": "gelöscht am",
    "restricted": "gesperrt (DSGVO Art. 18)",
    "position": "Reihenfolge",
    "active": "aktiv",
    "project_type": "Projektart",
    "project_area": "Projektgebiet",
    "cofinancing_source": "Kofinanzierung durch",
    "cofinancing_cents": "Kofinanzierung",
    "own_share_cents": "Eigenanteil",
    "applied_on": "Antrag gestellt am",
    "approved_on": "bewilligt am",
    "completed_on": "abgeschlossen am",
    "proof_of_use_on": "Verwendungsnachweis am",
    "kind": "Art",
    "country": "Land",
    "number": "Nummer",
    "purpose": "Zweck",
    "given_on": "erteilt am",
    "method": "Verfahren",
    "source": "Quelle",
    "text": "Text",
    "withdrawn_on": "widerrufen am",
    "paid_on": "gezahlt am",
    "amount_cents": "Betrag",
    "final": "Schlusszahlung",
    "note": "Notiz",
    "name": "Name",
    "function": "Funktion",
    "reason": "Grund",
    "status": "Status",
    "from_status": "Status vorher",
    "to_status": "Status neu",
    "changed_on": "Datum",
    "changed_by": "erfasst von",
    "agenda_item_id": "Beschluss (Tagesordnungspunkt)",
    "project_id": "Projekt",
    "criterion_id": "Kriterium",
    "points": "Punkte",
    "justification": "Begründung",
}
