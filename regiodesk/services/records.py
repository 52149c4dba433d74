"""The shared use cases of every record list: list, load, validate, save, delete, history.

One subclass per area declares its fields and list columns and, where needed,
overrides a step. Each public method owns its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, utcnow
from regiodesk.db.changelog import BOOKKEEPING, ROW, decode_value, expand, scalar_defaults
from regiodesk.db.database import Database
from regiodesk.db.meanwhile import author_name, last_entry, record_name
from regiodesk.db.models import ChangeLogEntry
from regiodesk.domain.errors import ChangedMeanwhileError, DomainError, NotFoundError, ValidationError
from regiodesk.domain.text import clean_text
from regiodesk.fields import Column, Field, Kind, display, label
from regiodesk.i18n import tr

R = TypeVar("R", bound=Record)

#: Rows a list query fetches at a time (see :meth:`RecordService.stream_rows`). Small: a batch
#: alive through one of Python's middle garbage collections counts as long-lived, and batches of
#: 2,000 made it run full collections of the whole program while a list of 80,000 contacts was
#: read, each holding the GIL (the window stood still) for 150-200 ms.
LIST_BATCH = 100


class EditClash(ValidationError):
    """Someone else changed a field since the user's form was loaded: nothing was written.

    A :class:`ValidationError`, so a form shows each message beside its field and keeps the input.
    """


class DeletedMeanwhile(NotFoundError):
    """Someone else deleted the record while the user edited it: nothing was written."""


@dataclass(frozen=True, slots=True)
class ListRow:
    """One line of a record list: typed values in column order (slotted: a list holds 80,000)."""

    id: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime
    device_id: str
    record: str
    #: the table of the changed row (the record's own, or a child's: an e-mail, an address)
    table: str
    operation: str
    field: str
    old: Any
    new: Any
    #: The log entry's number (None for a column default shown with an insert): what the
    #: Verlauf's „diesen Wert wiederherstellen“ refers to.
    seq: int | None = None
    #: Who made the change on a server: the person's PostgreSQL role (None in a file: the device says).
    author: str | None = None


class RecordService(Generic[R]):
    model: type[R]
    fields: ClassVar[tuple[Field, ...]]
    columns: ClassVar[tuple[Column, ...]]
    #: Fields whose stored value an update may save again as it is even when today's check would
    #: refuse it (an e-mail stored by an older version or another device): ``check_rules`` finds
    #: the stored values in ``_unchanged`` while an update runs.
    kept_as_stored: ClassVar[tuple[str, ...]] = ()
    _unchanged: dict[str, Any] = {}  # noqa: RUF012 (replaced per update, never mutated)

    def __init__(self, db: Database):
        self.db = db

    # ----------------------------------------------------------------- reading
    def field(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def rows(self, ids: Collection[str] | None = None) -> list[ListRow]:
        """Live records as list rows (all, or only ``ids``: a list refreshes one saved row cheaply).

        Subclasses select exactly their columns.
        """
        with self.db.session() as session:
            return list(self._rows(session, ids))

    def stream_rows(self) -> Iterator[ListRow]:
        """All live records as list rows, read in batches while they are consumed.

        A list of 80,000 contacts then never exists twice at once (as database rows and as
        list rows); the session stays open until the last row is taken.
        """
        with self.db.session() as session:
            yield from self._rows(session)

    def _only(self, stmt, ids: Collection[str] | None):
        """Restrict a list query to ``ids`` (None: no restriction)."""
        return stmt if ids is None else stmt.where(self.model.__table__.c.id.in_(list(ids)))

    def _batched(self, stmt, ids: Collection[str] | None):
        """:meth:`_only`, and a query of columns reads in batches instead of the ORM's default
        of buffering the whole result first (the list of a large region; not for entities,
        whose eager loads would refuse it). The rows of ``ids`` (a saved row read again) come in
        one piece: on a server a batched read is a cursor of its own, four round trips for a row."""
        if ids is not None and len(ids) <= LIST_BATCH:
            return self._only(stmt, ids)
        return self._only(stmt, ids).execution_options(yield_per=LIST_BATCH)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        # the table's columns, not the ORM's attributes: a command that lists never configures
        # the mappers (a subclass selecting its own columns may do either)
        table = self.model.__table__.c
        stmt = select(table.id, *(table[c.key] for c in self.columns)).where(table.deleted_at.is_(None))
        for row in session.execute(self._batched(stmt, ids)):
            yield ListRow(row[0], tuple(row[1:]))

    def defaults(self) -> dict[str, Any]:
        """Values of a new record before the user types anything."""
        values: dict[str, Any] = {}
        scalar = scalar_defaults(self.model)  # not the callable ones (a new id, the time)
        for field in self.fields:
            default = scalar.get(field.name)
            if field.kind is Kind.BOOL and default is None:
                default = False
            values[field.name] = default
        return values

    def load(self, record_id: str) -> dict[str, Any]:
        with self.db.session() as session:
            obj = self._get(session, record_id)
            return self._values_of(session, obj)

    def _values_of(self, session: Session, obj: Record) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name, None) for f in self.fields}

    def _get(self, session: Session, record_id: str) -> R:
        obj = session.get(self.model, record_id)
        if obj is not None and obj.deleted_at is not None:
            # someone deleted it while it was open in a form (or a list): say who; the form keeps
            # what was typed (a save is refused like any other)
            raise DeletedMeanwhile(
                tr(
                    "{record} wurde inzwischen von {author} gelöscht. "
                    "„Gelöschte Einträge“ holt den Eintrag zurück.",
                    record=record_name(obj),
                    author=author_name(session, last_entry(session, record_id, ("deleted_at",))),
                )
            )
        if obj is None:
            raise NotFoundError(
                tr(
                    "{model_label} nicht gefunden (vielleicht inzwischen gelöscht).",
                    model_label=self.model.label,
                )
            )
        return obj

    def display_name(self, record_id: str) -> str:
        with self.db.session() as session:
            return self._get(session, record_id).display_name()

    # -------------------------------------------------------------- validating
    def validate(self, values: dict[str, Any]) -> None:
        """Raise :class:`ValidationError` naming every field that cannot be saved."""
        errors: dict[str, str] = {}
        for field in self.fields:
            value = values.get(field.name)
            if field.required and (value is None or (isinstance(value, str) and not value.strip())):
                errors[field.name] = f"„{field.label}“ muss ausgefüllt sein."
                continue
            if value is None:
                continue
            message = _check_kind(field, value, self.max_length(field))
            if message:
                errors[field.name] = message
        errors.update({k: v for k, v in self.check_rules(values).items() if k not in errors})
        if errors:
            raise ValidationError(errors)

    def max_length(self, field: Field) -> int | None:
        """The most characters a text field can hold (declared, else the column's length)."""
        if field.max_length:
            return field.max_length
        column = self.model.__table__.columns.get(field.name)
        return getattr(column.type, "length", None) if column is not None else None

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        """Rules across fields (an end before a start, …); field name -> German message."""
        return {}

    # ------------------------------------------------------------------ writing
    def cleaned(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` without control characters (text pasted from Word, Outlook, a PDF).

        A multi-line field keeps its line breaks (as ``\\n``), a single-line one gets a space.
        """
        kinds = {f.name: f.kind for f in self.fields}
        return {
            name: clean_text(value, multiline=kinds.get(name, Kind.MULTILINE) is Kind.MULTILINE)
            if isinstance(value, str)
            else value
            for name, value in values.items()
        }

    def create(self, values: dict[str, Any]) -> str:
        full = {**self.defaults(), **self.cleaned(values)}
        self.validate(full)
        with self.db.transaction() as session:
            self._check_references(session, full)
            obj = self.model()
            # Values first, then add: a query inside _apply must not autoflush a half-filled row.
            self._apply(session, obj, full)
            session.add(obj)
            session.flush()
            self._created(session, obj)
            return obj.id

    def _created(self, session: Session, obj: R) -> None:
        """Hook after a new record got its id (e.g. the first line of its history)."""

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        """Save the fields in ``values``; only those are written (another person's change of
        another field stays).

        ``seen``: the values the user's form was loaded with (``load``). A field the user changed
        that someone else changed too since then is not overwritten: :class:`EditClash` names
        who and both values, and nothing is written. Without ``seen`` (a script) only a change
        between reading and writing here is caught.
        """
        cleaned = self.cleaned(values)
        try:
            self._update(record_id, cleaned, seen)
        finally:
            self._unchanged = {}

    def _update(self, record_id: str, cleaned: dict[str, Any], seen: dict[str, Any] | None) -> None:
        def write(session: Session, obj: R, stored: dict[str, Any]) -> None:
            if seen is not None:
                self._refuse_clash(session, obj, stored, cleaned, seen)
            full = {**stored, **cleaned}
            # read here, in the save's own transaction: on a server a load of its own
            # beforehand cost a session and a round trip per table
            self._unchanged = {name: stored[name] for name in self.kept_as_stored}
            self.validate(full)
            self._check_references(session, full)
            self._apply(session, obj, full)

        def again(read: dict[str, Any]) -> None:
            nonlocal seen
            self._recheck(record_id, cleaned, read)
            # they changed none of the user's fields: write them on top of their change
            seen = {**read, **(seen or {})}

        self._write_checked(record_id, write, again)

    def _write_checked(
        self,
        record_id: str,
        write: Callable[[Session, R, dict[str, Any]], None],
        again: Callable[[dict[str, Any]], None],
    ) -> None:
        """``write(session, record, its stored values)`` in one transaction, for a save or a delete.

        If someone wrote the row between our reading and our writing (the version check), the
        row is looked at again: ``again(what we had read)`` raises the clash in German when the
        other change matters, else the write is repeated once on top of it; a record that keeps
        changing under us (a sync writing many rows) is refused with a German message."""
        for _attempt in range(2):
            read: dict[str, Any] = {}
            try:
                with self.db.transaction() as session:
                    obj = self._get(session, record_id)
                    stored = self._values_of(session, obj)
                    read = dict(stored)
                    write(session, obj, stored)
                return
            except ChangedMeanwhileError:
                self._mend_version_text(record_id)
                again(read)
        raise _busy()

    def _refuse_clash(
        self,
        session: Session,
        obj: Record,
        stored: dict[str, Any],
        mine: dict[str, Any],
        seen: dict[str, Any],
        deleting: bool = False,
    ) -> None:
        """Raise :class:`EditClash` for each field in ``mine`` whose stored value is no longer the
        ``seen`` one (and not already the user's): changed meanwhile by someone else."""
        clashes = {
            name: (value, stored[name])
            for name, value in mine.items()
            if name in seen
            and name in stored
            and stored[name] != seen[name]
            and (deleting or stored[name] != _clean(value))
        }
        if not clashes:
            return
        table = obj.__tablename__
        errors = {}
        for name, (value, now) in clashes.items():
            author = author_name(session, last_entry(session, obj.id, (name, ROW)))
            errors[name] = tr(
                "Der Eintrag wurde inzwischen von {author} geändert: {field}: Ihr Wert „{mine}“, "
                "jetzt „{now}“. ",
                author=author,
                field=label(table, name),
                mine=display(table, name, value, name_of=self._name_of),
                now=display(table, name, now, name_of=self._name_of),
            ) + (
                tr("Nichts wurde gelöscht; sehen Sie sich die Änderung an und löschen Sie erneut.")
                if deleting
                else tr(
                    "Nichts wurde überschrieben; übernehmen Sie den gewünschten Wert und speichern "
                    "Sie erneut."
                )
            )
        raise EditClash(errors)

    def _mend_version_text(self, record_id: str) -> None:
        """Write the row's ``modified_at`` (its version) again as the program writes it.

        In a file the version check compares the stored text. A row another tool wrote (a
        moment without microseconds, a ``T`` between date and time) never matched, and the
        record could not be saved at all. The same moment in the program's own form changes
        nothing else; where the text was already so (a real change by someone else) this
        writes nothing, and the clash is decided as before."""
        table = self.model.__table__
        with self.db.transaction() as session:
            moment = session.scalar(select(table.c.modified_at).where(table.c.id == record_id))
            if moment is not None:
                session.execute(update(table).where(table.c.id == record_id).values(modified_at=moment))

    def _recheck(
        self, record_id: str, mine: dict[str, Any], read: dict[str, Any], deleting: bool = False
    ) -> None:
        """After a write refused by the version check: the clash in German if the other change
        touched the user's fields (or the record is gone); returns if it did not (the write may
        be repeated)."""
        with self.db.session() as session:
            obj = self._get(session, record_id)
            self._refuse_clash(session, obj, self._values_of(session, obj), mine, read, deleting)

    def _name_of(self, lookup: str, record_id: str) -> str | None:
        from regiodesk.services import lookups

        return dict(lookups.options(self.db, lookup)).get(record_id) or lookups.label_of(
            self.db, lookup, record_id
        )

    def _check_references(self, session: Session, values: dict[str, Any]) -> None:
        from regiodesk.services import lookups

        errors = {
            f.name: f"Der gewählte Eintrag für „{f.label}“ existiert nicht mehr."
            for f in self.fields
            if f.kind is Kind.REF
            and f.lookup
            and values.get(f.name)
            and not lookups.exists(session, f.lookup, values[f.name])
        }
        if errors:
            raise ValidationError(errors)

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        for field in self.fields:
            if field.name in values and hasattr(type(obj), field.name):
                set_if_changed(obj, field.name, _clean(values[field.name]))

    def delete(self, record_id: str, seen: dict[str, Any] | None = None) -> None:
        """Tombstone the record (it stays in the file and in the change log).

        ``seen``: the values the user was shown (``load``); if someone else changed one of them
        since, the deletion is refused (:class:`EditClash`), as it is when the record changes
        between reading and writing here.
        """

        def write(session: Session, obj: R, stored: dict[str, Any]) -> None:
            if seen is not None:
                self._refuse_clash(session, obj, stored, seen, seen, deleting=True)
            now = utcnow()
            obj.deleted_at = now
            for child in self._dependents(session, obj):
                if child.deleted_at is None:
                    child.deleted_at = now

        def again(read: dict[str, Any]) -> None:
            # changed between reading and writing: refused if what the user saw changed
            self._recheck(record_id, read, read, deleting=True)

        self._write_checked(record_id, write, again)

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        """Rows that make no sense without ``obj`` and are deleted with it."""
        return ()

    def delete_impact(self, record_id: str) -> str:
        """A German sentence on what else refers to the record, for the confirmation."""
        return ""

    # ------------------------------------------------------------------ history
    def history(self, record_id: str) -> list[HistoryEntry]:
        """The record's change log (and its children's), newest first.

        An insert logs no column defaults (see :func:`regiodesk.db.changelog.logged_fields`);
        here they are shown with it again ("angelegt: Status Idee"), except empty texts.
        """
        with self.db.session() as session:
            obj = session.get(self.model, record_id)
            if obj is None:
                raise NotFoundError(tr("{model_label} nicht gefunden.", model_label=self.model.label))
            owned: dict[str, Record] = {record_id: obj}
            for child in self._history_children(session, obj):
                owned[child.id] = child
            stmt = (
                select(ChangeLogEntry)
                .where(ChangeLogEntry.row_id.in_(list(owned)))
                .order_by(ChangeLogEntry.hlc.desc(), ChangeLogEntry.seq.desc())
            )
            logged = list(session.scalars(stmt))
        # an insert's row entry stands for one entry per field
        fields = [(e, field, new) for e in logged for field, new in expand(e.field, e.new_value)]
        inserted: dict[str, set[str]] = {}
        last_insert: dict[str, int] = {}
        for n, (e, field, _new) in enumerate(fields):
            if e.operation == "insert":
                inserted.setdefault(e.row_id, set()).add(field)
                last_insert[e.row_id] = n
        entries = []
        for n, (e, field, new_value) in enumerate(fields):
            label, table = owned[e.row_id].label, e.table_name
            old, new = decode_value(e.old_value), decode_value(new_value)
            entry = HistoryEntry(
                e.changed_at, e.device_id, label, table, e.operation, field, old, new, e.seq, e.author
            )
            entries.append(entry)
            if last_insert.get(e.row_id) == n:
                entries.extend(
                    HistoryEntry(
                        e.changed_at,
                        e.device_id,
                        label,
                        table,
                        "insert",
                        name,
                        None,
                        default,
                        author=e.author,
                    )
                    for name, default in scalar_defaults(type(owned[e.row_id])).items()
                    if name not in inserted[e.row_id] and default != "" and name not in BOOKKEEPING
                )
        return entries

    def _history_children(self, session: Session, obj: Record) -> Sequence[Record]:
        return self._dependents(session, obj)


def _busy() -> DomainError:
    """A record changed twice while one save was being written (a sync writing many rows)."""
    return DomainError(
        tr("Der Eintrag wurde gerade mehrfach von anderer Seite geändert; bitte speichern Sie erneut.")
    )


def set_if_changed(obj: Record, name: str, value: Any) -> None:
    # Reading first loads the old value, so the change log records it.
    if getattr(obj, name) != value:
        setattr(obj, name, value)


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_kind(field: Field, value: Any, max_length: int | None) -> str:
    label = field.label
    kind = field.kind
    if kind in (Kind.INT, Kind.MONEY, Kind.PERCENT, Kind.QUANTITY):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"„{label}“ muss eine Zahl sein."
        if kind in (Kind.MONEY, Kind.QUANTITY) and value < 0:
            return f"„{label}“ darf nicht negativ sein."
        if kind is Kind.PERCENT and not 0 <= value <= 10000:
            return f"„{label}“ muss zwischen 0 und 100 % liegen."
        if field.minimum is not None and value < field.minimum:
            return f"„{label}“ muss mindestens {field.minimum} sein."
        if field.maximum is not None and value > field.maximum:
            return f"„{label}“ darf höchstens {field.maximum} sein."
    elif kind is Kind.DATE:
        if not isinstance(value, date) or isinstance(value, datetime):
            return f"„{label}“ muss ein Datum sein."
    elif kind is Kind.DATETIME:
        if not isinstance(value, datetime):
            return f"„{label}“ muss Datum und Uhrzeit sein."
    elif kind is Kind.BOOL:
        if not isinstance(value, bool):
            return f"„{label}“ muss ja oder nein sein."
    elif kind is Kind.CHOICE:
        assert field.choices is not None
        if value not in {v for v, _ in field.choices.choices()}:
            return f"„{value}“ ist für „{label}“ nicht zulässig."
    elif kind in (Kind.TEXT, Kind.MULTILINE, Kind.REF):
        if not isinstance(value, str):
            return f"„{label}“ muss ein Text sein."
        if max_length and len(value) > max_length:
            return f"„{label}“ ist zu lang (höchstens {max_length} Zeichen)."
    return ""


def end_not_before_start(
    values: dict[str, Any], start: str, end: str, message: str = "Das Ende liegt vor dem Beginn."
) -> dict[str, str]:
    first, last = values.get(start), values.get(end)
    if first is not None and last is not None and last < first:
        return {end: message}
    return {}
