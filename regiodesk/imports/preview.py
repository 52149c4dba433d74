"""What every list import shows before it writes: the rows, what is wrong with them, what they
probably duplicate, and what the user chose to do with each (create, update or skip).

The contact and the project import share these; each adds what only it knows (a row's
display name, the consent purpose, sponsors created on the way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.imports.catalogues import UnknownValue

CREATE, UPDATE, SKIP, ERROR = "create", "update", "skip", "error"


@dataclass(frozen=True)
class ImportDuplicate:
    """What a row probably duplicates: an existing record, or an earlier row of the same file."""

    reason: str
    strong: bool
    #: The existing record (None: an earlier row of the file, see ``row``).
    record_id: str | None = None
    name: str = ""
    row: int | None = None

    def text(self) -> str:
        if self.row is not None:
            return tr("wie Zeile {n} ({reason})", n=self.row, reason=self.reason)
        return f"{self.name} ({self.reason})"


@dataclass
class PreviewRow:
    number: int
    #: Field -> value as the record would get it.
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[ImportDuplicate] = field(default_factory=list)
    action: str = CREATE
    #: The existing record an "update" writes to.
    target_id: str | None = None
    #: Headers of the columns whose value this row took from a formula's saved result.
    from_formula: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What the preview says about the row beside its errors and warnings."""
        if not self.from_formula:
            return []
        return [tr("{columns}: aus Formel übernommen", columns=", ".join(self.from_formula))]

    @property
    def name(self) -> str:
        """How the preview names the row."""
        raise NotImplementedError

    def problem_text(self) -> str:
        return tr("Zeile {n}: ", n=self.number) + "; ".join(self.errors)


#: The row type of one importer (its PreviewRow subclass).
R = TypeVar("R", bound=PreviewRow)


@dataclass
class ImportPreview(Generic[R]):
    path: Path
    sheet: str
    sheets: list[str]
    header_row: int
    headers: list[str]
    mapping: list[str]
    rows: list[R]
    #: Rows left out without being records: titles, a totals line, a note below it (row -> why).
    skipped: dict[int, str]
    #: Values that name no catalogue entry, once per field and spelling, with the choice in force.
    unknown_values: list[UnknownValue] = field(default_factory=list)

    #: The message when "update" has nothing to update ({n}: the row number).
    no_update_target: ClassVar[str] = (
        "Zeile {n}: Aktualisieren geht nur bei einem vorhandenen Datensatz, den die Zeile doppelt."
    )

    @property
    def unreadable(self) -> list[R]:
        return [r for r in self.rows if r.errors]

    def row(self, number: int) -> R:
        """The row of that number in the file (KeyError if there is none)."""
        return self._by_number[number]

    @cached_property
    def _by_number(self) -> dict[int, R]:
        # The dialog sets an action for every selected row: with a search per row, all 20,000
        # rows of a list took minutes.
        return {r.number: r for r in self.rows}

    def set_action(self, number: int, action: str, target_id: str | None = None) -> None:
        """The user's choice for one row: create, update (a record it duplicates) or skip."""
        row = self.row(number)
        if row.errors:
            raise DomainError(
                tr("Zeile {n} lässt sich nicht einlesen: {why}", n=number, why="; ".join(row.errors))
            )
        if action not in (CREATE, UPDATE, SKIP):
            raise DomainError(tr("Unbekannte Aktion „{action}“.", action=action))
        if action == UPDATE:
            targets = [d.record_id for d in row.duplicates if d.record_id]
            target_id = target_id or (targets[0] if targets else None)
            if target_id is None:
                raise DomainError(tr(self.no_update_target, n=number))
        row.action, row.target_id = action, target_id if action == UPDATE else None

    def counts(self) -> dict[str, int]:
        result = {CREATE: 0, UPDATE: 0, SKIP: 0, ERROR: 0}
        for r in self.rows:
            result[ERROR if r.errors else r.action] += 1
        return result


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int
    unreadable: list[str]
    #: Catalogue entries created for values the user chose to create ("Handlungsfeld „HF 3 …“").
    entries_created: tuple[str, ...] = ()

    def summary(self) -> str:
        text = tr(
            "{created} neu angelegt, {updated} aktualisiert, {skipped} übersprungen",
            created=self.created,
            updated=self.updated,
            skipped=self.skipped,
        )
        if self.unreadable:
            text += tr(", {n} nicht lesbar", n=len(self.unreadable))
        if self.entries_created:
            text += tr("; neu angelegt: {entries}", entries=", ".join(self.entries_created))
        return text
