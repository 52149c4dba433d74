"""Who changed a row meanwhile, and what: the words of every clash.

Two places refuse a write because someone else changed the row since it was read: a form's save
(``services.records``: field by field, with both values) and any other step of a service
(a vote, an attendance, a payment …) through the row version's check, which
:meth:`regiodesk.db.database.Database.transaction` turns into
:class:`regiodesk.domain.errors.ChangedMeanwhileError`. Both name the person the same way, from
the change log: on a server the PostgreSQL role that wrote the entry (``author``), in a file the
device's name that sync learned (or „Gerät …“).

For the second, :func:`note_versions` keeps, per session, the version (``modified_at``) each row
had when the session read it; after the refusal :func:`refusal` looks at which of them moved and
at the log entries written since, and says who changed which fields to what.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.changelog import BOOKKEEPING, expand
from regiodesk.db.models import ChangeLogEntry
from regiodesk.i18n import tr

#: session.info key: (model, row id) -> the version the session read, of each row it changed
VERSIONS = "regiodesk.read_versions"


def record_name(obj: Record) -> str:
    """„Kontakt „Anna Becker““: how a message names a record."""
    try:
        name = obj.display_name()
    except Exception:  # a child row without a name of its own
        name = ""
    if name == obj.id[:8]:  # Record.display_name's last resort says nobody anything
        name = ""
    return tr("{label} „{name}“", label=tr(obj.label), name=name) if name else tr(obj.label)


def author_name(session: Session, entry: ChangeLogEntry | None) -> str:
    """Who wrote ``entry``: the person's role on a server, else the device as sync names it."""
    if entry is None:
        return tr("jemand anderem")
    if entry.author:
        return entry.author
    from regiodesk.db.models import SyncDevice
    from regiodesk.device import device_label

    known = session.execute(select(SyncDevice.device_id, SyncDevice.name).where(SyncDevice.name != ""))
    names = {device_id: name for device_id, name in known}
    return device_label(entry.device_id, names)


def last_entry(session: Session, row_id: str, fields: Sequence[str]) -> ChangeLogEntry | None:
    """The newest change-log entry of the row touching one of ``fields`` (else its newest at all:
    a field kept in a child row, a contact's e-mail)."""
    stmt = (
        select(ChangeLogEntry)
        .where(ChangeLogEntry.row_id == row_id)
        .order_by(ChangeLogEntry.hlc.desc(), ChangeLogEntry.seq.desc())
        .limit(1)
    )
    entry = session.scalars(stmt.where(ChangeLogEntry.field.in_(list(fields)))).first()
    return entry if entry is not None else session.scalars(stmt).first()


def note_versions(session: Session, _flush_context: Any, _instances: Any) -> None:
    """Before a flush: the version each changed row had when read (the first flush's, kept)."""
    versions: dict[tuple[type[Record], str], datetime] = session.info.setdefault(VERSIONS, {})
    for obj in session.dirty:
        if not isinstance(obj, Record):
            continue
        state = inspect(obj)
        if state.identity is None:
            continue
        key = (type(obj), state.identity[0])
        if key in versions:
            continue
        read = state.committed_state.get("modified_at", state.dict.get("modified_at"))
        if isinstance(read, datetime):
            versions[key] = read


def forget_versions(session: Session) -> None:
    """After a commit: the next transaction of the session reads its rows afresh."""
    session.info.pop(VERSIONS, None)


def refusal(session: Session, versions: dict[tuple[type[Record], str], datetime]) -> str:
    """The German refusal of a step that wrote a row changed since it was read (``session``: a
    fresh one, reading what is stored now): who changed what, where the log says it."""
    told = [
        text
        for (model, row_id), version in versions.items()
        if (text := _changed_row(session, model, row_id, version))
    ]
    said = (
        " ".join(told)
        if told
        else tr(
            "Ein Eintrag wurde inzwischen von anderer Seite geändert (von einer anderen Person, der "
            "Kommandozeile oder der Synchronisierung)."
        )
    )
    return (
        said
        + " "
        + tr(
            "Nichts von diesem Schritt wurde gespeichert. Bitte sehen Sie sich den neuen Stand an und "
            "wiederholen Sie den Schritt."
        )
    )


def _changed_row(session: Session, model: type[Record], row_id: str, version: datetime) -> str:
    """'' if the row is as the step read it; else who changed it and its fields now."""
    row = session.get(model, row_id)
    if row is not None and row.modified_at == version:
        return ""
    if row is None:
        return tr("{label} gibt es nicht mehr.", label=tr(model.label))
    entries = list(
        session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.row_id == row_id, ChangeLogEntry.changed_at > version)
            .order_by(ChangeLogEntry.seq)
        )
    )
    authors = _joined(dict.fromkeys(author_name(session, e) for e in entries)) or author_name(
        session, last_entry(session, row_id, ("modified_at",))
    )
    if row.deleted_at is not None:
        return tr("{record} wurde inzwischen von {author} gelöscht.", record=record_name(row), author=authors)
    fields = dict.fromkeys(name for e in entries for name, _new in expand(e.field, e.new_value))
    table = model.__tablename__
    now = [_now(table, name, getattr(row, name)) for name in fields if _shown(model, name)]
    if not now:
        return tr("{record} wurde inzwischen von {author} geändert.", record=record_name(row), author=authors)
    return tr(
        "{record} wurde inzwischen von {author} geändert: {fields}.",
        record=record_name(row),
        author=authors,
        fields="; ".join(now),
    )


def _shown(model: type[Record], name: str) -> bool:
    return name not in BOOKKEEPING and name != "deleted_at" and hasattr(model, name)


def _now(table: str, name: str, value: Any) -> str:
    """„Betrag jetzt „1.500,00 €““ (a reference only by its field: its id says nobody anything)."""
    from regiodesk.fields import Kind, display, field, label

    declared = field(table, name)
    if declared is not None and declared.kind is Kind.REF:
        return tr("{field} geändert", field=label(table, name))
    shown = display(table, name, value)
    return tr("{field} jetzt „{value}“", field=label(table, name), value=shown)


def _joined(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return tr("{first} und {last}", first=", ".join(names[:-1]), last=names[-1])
