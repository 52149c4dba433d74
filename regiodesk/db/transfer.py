"""Moving an office between a file and a PostgreSQL server, whole: every row, the whole history.

``import-file`` copies a laptop's file onto an empty server database; ``backup --out`` and
``handover`` copy a server database into a new office file, which is then an ordinary file
(checked, opened and synchronised like any other). Every table of the models is copied as it is
stored: records with their tombstones, attachments, settings, the change log with its numbers
(sync and the Verlauf rely on them), the sync state and the dataset id (the office stays the
same office wherever it lies). The search index is derived: rebuilt in the same transaction.

What belongs to one database only stays with it: a server's own participant id in the
shared-folder sync (``db.server.PARTICIPANT_KEYS``) is neither copied out nor overwritten, so a
file written from a server (a backup, a handover, a snapshot for a joining laptop) is an ordinary
office file, and a server that takes a file in is a participant of its own. A server is read in
one snapshot (REPEATABLE READ): the others go on working meanwhile, and the copy must still be
one moment's state (every change-log entry with the record it changed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from regiodesk.db import search_index
from regiodesk.db.database import Database
from regiodesk.db.dialect import defer_references
from regiodesk.db.models import all_tables
from regiodesk.db.server import PARTICIPANT_KEYS
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

#: Rows read and written at a time (attachments can be megabytes each).
BATCH = 500
#: Rows a new database holds before anything was done in it (its dataset id).
_MADE_AT_CREATION = {"sync_meta"}


def _tables() -> list[Table]:
    return list(all_tables())


def filled_tables(db: Database) -> list[str]:
    """The tables of ``db`` that hold rows (a new, empty database has none but its dataset id)."""
    found = []
    with db.session() as session:
        for table in _tables():
            if table.name in _MADE_AT_CREATION:
                continue
            if session.execute(select(table).limit(1)).first() is not None:
                found.append(table.name)
    return found


def copy_office(source: Database, target: Database, progress: Callable[[str], None] | None = None) -> int:
    """Copy every row of ``source`` into the empty ``target`` in one transaction; returns the rows.

    Refuses (German DomainError, nothing changed) when ``target`` holds data already.
    """
    target.recorder.refuse_if_damaged()
    if target.read_only:
        raise DomainError(
            tr(
                "{reason} Die Datenbank kann nur gelesen werden; nichts wurde geändert.",
                reason=target.read_only,
            )
        )
    filled = filled_tables(target)
    if filled:
        raise DomainError(
            tr(
                "Die Zieldatenbank „{name}“ ist nicht leer (z. B. {tables}). Eine Bürodatei wird nur in "
                "eine leere Datenbank übernommen; nichts wurde geändert.",
                name=target.location,
                tables=", ".join(filled[:3]),
            )
        )
    try:
        return _copy(source, target, progress)
    except DBAPIError as error:  # a value the target refuses (PostgreSQL: NUL in a text)
        detail = " ".join(str(error.orig).split())
        raise DomainError(
            tr(
                "Die Daten konnten nicht nach „{name}“ übernommen werden: {detail}. Nichts wurde übernommen.",
                name=target.location,
                detail=detail,
            )
        ) from error


def _copy(source: Database, target: Database, progress: Callable[[str], None] | None) -> int:
    copied = 0
    with source.session() as reading, target.transaction() as writing:
        if source.is_server:  # one moment's state while the others go on writing
            reading.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        defer_references(writing)
        out = writing.connection()
        for table in _tables():
            query = select(table)
            if table.name == "sync_meta":
                out.execute(table.delete().where(table.c.key.not_in(PARTICIPANT_KEYS)))
                query = query.where(table.c.key.not_in(PARTICIPANT_KEYS))
            elif table.name in _MADE_AT_CREATION:
                out.execute(table.delete())
            rows = reading.execute(query).mappings()
            while batch := rows.fetchmany(BATCH):
                out.execute(insert(table), [dict(row) for row in batch])
                copied += len(batch)
            if progress is not None:
                progress(table.name)
        _continue_numbering(out)
        search_index.mark_stale(search_index.driver_connection(out))
    return copied


def write_office_file(source: Database, target: Path) -> Path:
    """``source`` as an ordinary new office file at ``target`` (a server's backup, handover and
    sync snapshot): every record, attachment, setting and the whole change log, with the office's
    dataset id; written under a temporary name, checked, then renamed: never half a file."""
    from regiodesk.db.custody import check_handover_file, refuse_existing_target
    from regiodesk.files import moved_into_place

    target = Path(target).expanduser()
    refuse_existing_target(target)
    with moved_into_place(target, overwrite=False) as partial:
        copy = Database.open(partial, device_id=source.device_id)
        try:
            copy_office(source, copy)
        finally:
            copy.close()
        check_handover_file(partial)
    return target


def _continue_numbering(connection) -> None:
    """A server's counters go on after the numbers copied (the change log's seq, a conflict's id)."""
    if connection.dialect.name != "postgresql":
        return  # SQLite numbers on from the largest key itself
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True:
                largest = connection.execute(select(func.max(column))).scalar()
                if largest is not None:
                    connection.execute(
                        text("SELECT setval(pg_get_serial_sequence(:table, :column), :value)"),
                        {"table": table.name, "column": column.name, "value": largest},
                    )
