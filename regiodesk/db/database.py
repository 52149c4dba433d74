"""Opening a database file (or a database on a PostgreSQL server): create, check, back up and
migrate, or refuse.

One :class:`Database` per open file. Sessions come from :meth:`Database.session`
and always carry the change-log recorder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, String, Text, create_engine, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import QueuePool

from regiodesk.db import meanwhile
from regiodesk.db.base import Record
from regiodesk.db.changelog import ChangeRecorder, holds_writer_lock
from regiodesk.db.schema import (
    APPLICATION_ID,
    HEAD,
    DatabaseFileError,
    FileKind,
    FileState,
    inspect_file,
    missing_message,
    readonly_connect,
    refusal_message,
    write_refusal,
)
from regiodesk.domain.errors import ChangedMeanwhileError
from regiodesk.domain.text import clean_text
from regiodesk.i18n import tr
from regiodesk.location import is_server_url


def _configure_connection(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # FULL: a committed transaction survives a power cut, which a laptop will have.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


@cache
def _text_attributes(model: type[Record]) -> tuple[tuple[str, bool], ...]:
    """The attributes of ``model`` stored as text, each with whether it may hold line breaks.

    Text columns hold the multi-line fields; a String(n) column holds one line (names,
    titles, places: no field of a form lets them hold more).
    """
    return tuple(
        (prop.key, isinstance(prop.columns[0].type, Text))
        for prop in sa_inspect(model).column_attrs
        if len(prop.columns) == 1 and isinstance(prop.columns[0].type, String)
    )


def _clean_texts(session: Session, _flush_context, _instances) -> None:
    """No control characters reach the file, whichever service wrote the text.

    The services clean their input by field (a single-line field turns a line break into a
    space); this is the net below them all: every text written through the ORM loses its
    control characters and bidirectional overrides (``clean_text``; line breaks kept in a Text
    column, a space in a one-line String column). Excel refuses such characters, so one
    stored NUL would break every export. JSON the program
    writes itself (a saved filter, a vote's snapshot) is left alone: JSON escapes the C0
    controls itself, and a line break put into one of its strings would make it unreadable.
    """
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, Record):
            continue
        state = sa_inspect(obj)
        changed = obj.__dict__ if state.pending else state.committed_state
        for key, multiline in _text_attributes(type(obj)):
            if key not in changed:
                continue
            value = obj.__dict__.get(key)
            if type(value) is not str:
                continue
            cleaned = clean_text(value, multiline=multiline)
            if cleaned != value and not _program_json(value):
                setattr(obj, key, cleaned)


def _program_json(value: str) -> bool:
    """JSON the program wrote (a raw U+2028 in it must not become a line break inside a string)."""
    if value[:1] not in ("{", "[", '"'):
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _index_changes(session: Session) -> None:
    """The search index takes in this transaction's change-log entries before it commits.

    Whichever writer wrote the log (the recorder, a bulk import, sync), it commits here; a
    transaction rolled back leaves no trace in the index either (``db.search_index``).
    """
    from regiodesk.db import search_index  # a command that only reads never needs it

    session.flush()  # the last changes are logged at this flush, before the commit's own
    connection = search_index.driver_connection(session.connection())
    search_index.catch_up(connection, locked=holds_writer_lock(session))
    if session.info.pop(search_index.PURGE, False):
        search_index.purge(connection)


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _configure_connection)
    return engine


def _read_only_engine(path: Path) -> Engine:
    """An engine that can only read ``path`` (see :func:`readonly_connect` for the WAL files)."""
    # As SQLAlchemy does for a file URL: a pool of connections that may move between threads
    # (the window reads off the GUI thread), not the single-thread pool of an in-memory URL.
    engine = create_engine(
        "sqlite://", creator=lambda: readonly_connect(path, check_same_thread=False), poolclass=QueuePool
    )

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    return engine


class Database:
    def __init__(self, path: Path, engine: Engine, device_id: str | None, server: str = ""):
        #: The file; on a server only a name (the database's), for labels.
        self.path = path
        #: The server database's address without its password; '' for a file.
        self.server = server
        self.engine = engine
        self._device_id = device_id
        #: The device's name where the database keeps it (a server: „Server obermain“); '' for a file,
        #: whose name is this machine's setting.
        self.device_name = ""
        #: Set when the file turns out to be damaged after opening: every write is then refused.
        self.damaged: str = ""
        #: Why this file can only be read (a read-only file, folder or medium); '' if writable.
        self.read_only: str = ""
        self.recorder = ChangeRecorder(self)
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @property
    def device_id(self) -> str:
        """The device the change log names for changes made here: this machine's id for a file
        (``device.this_device``, looked up when first needed: a command that only reads never reads
        the machine's settings for it); on a server the server database's own
        (``db.server.participant``)."""
        if self._device_id is None:
            from regiodesk.device import this_device

            self._device_id = this_device().id
        return self._device_id

    @device_id.setter
    def device_id(self, device_id: str) -> None:
        self._device_id = device_id

    @classmethod
    def open(
        cls,
        path: Path | str,
        device_id: str | None = None,
        backup_dir: Path | None = None,
        deep_check: bool = True,
        create: bool = True,
    ) -> Database:
        """Open ``path``, creating or migrating it; refuse newer, foreign or corrupt files.

        Raises :class:`DatabaseFileError` with a German message; the file is then unchanged.
        ``deep_check=False`` leaves out the page-by-page quick_check (the window runs it in the
        background right after start and calls :meth:`mark_damaged` if it fails).
        ``create=False``: a missing or empty (0-byte) file is refused, not made a new office;
        only an explicit "new" (and the first start) creates one.
        A file that cannot be written (read-only file, folder or medium) is opened for reading
        only: :attr:`read_only` says why, and every write is refused with that reason.
        ``path`` may name a database on a PostgreSQL server instead (``postgresql://…``): it is
        created or migrated there in one transaction, or refused alike (``db.server``). There
        ``device_id`` is the server database's own participant id, not this machine's: several
        people on several machines write to it, and the folder sync sees one device.
        """
        if is_server_url(path):
            if device_id is None:
                from regiodesk.device import this_device

                device_id = this_device().id
            return cls._open_server(str(path), device_id, create)
        path = Path(path).expanduser().absolute()
        state = inspect_file(path, deep=deep_check)
        if state.kind in (FileKind.NEWER, FileKind.FOREIGN, FileKind.CORRUPT, FileKind.UNREADABLE):
            raise DatabaseFileError(refusal_message(path, state))
        if state.kind is FileKind.NEW and not create:
            raise DatabaseFileError(missing_message(path))
        refusal = write_refusal(path) if path.parent.is_dir() else ""
        if refusal:
            if state.kind is FileKind.CURRENT:
                db = cls(path, _read_only_engine(path), device_id)
                db.read_only = refusal
                return db
            if state.kind is FileKind.OLDER:
                raise DatabaseFileError(
                    tr(
                        "„{name}“ stammt von einer älteren regiodesk-Version und muss vor dem Öffnen "
                        "aktualisiert werden; das geht nicht: {refusal} Die Datei wurde nicht verändert.",
                        name=path.name,
                        refusal=refusal,
                    )
                )
            raise DatabaseFileError(
                tr("„{name}“ kann nicht angelegt werden: {refusal}", name=path.name, refusal=refusal)
            )
        if state.kind is FileKind.NEW:
            path.parent.mkdir(parents=True, exist_ok=True)
            _create(path)
        elif state.kind is FileKind.OLDER:
            _migrate(path, state, backup_dir)
        return cls(path, make_engine(path), device_id)

    @classmethod
    def _open_server(cls, url: str, device_id: str, create: bool) -> Database:
        """Open a database on a PostgreSQL server: create or migrate it (in one transaction), or refuse."""
        from regiodesk.db import server  # psycopg's side: a file never needs it

        engine = server.connect(url)
        try:
            state = server.inspect_server(engine)
            if state.kind in (FileKind.NEWER, FileKind.FOREIGN, FileKind.CORRUPT):
                raise DatabaseFileError(server.refusal(url, state))
            if state.kind is FileKind.NEW and not create:
                raise DatabaseFileError(server.empty_refusal(url))
            read_only = server.read_only_reason(engine)
            if read_only and state.kind is not FileKind.CURRENT:
                raise DatabaseFileError(
                    tr(
                        "{reason} Die Datenbank muss erst eingerichtet oder aktualisiert werden.",
                        reason=read_only,
                    )
                )
            if state.kind in (FileKind.NEW, FileKind.OLDER):
                # PostgreSQL's DDL is transactional: the whole migration or nothing. No file backup:
                # the server is backed up by its own tools (pg_dump) or `regiodesk backup --out`.
                with engine.begin() as connection:
                    server.take_migration_lock(connection)
                    _upgrade_on(connection)
            # One participant of the shared-folder sync, whoever writes from whichever machine:
            # the database's own id stamps every change made on it (db.server.participant).
            device_id, name = server.participant(engine, url, device_id, writable=not read_only)
        except BaseException:
            engine.dispose()
            raise
        db = cls(Path(server.database_name(url)), engine, device_id, server=server.label(url))
        db.device_name = name
        db.read_only = read_only
        return db

    @property
    def is_server(self) -> bool:
        """Whether this database lies on a PostgreSQL server (not in a file)."""
        return bool(self.server)

    @property
    def location(self) -> str:
        """The file's path or the server database's address (without password), as shown."""
        return self.server or str(self.path)

    def backup_before(self, reason: str) -> Path | None:
        """A backup of the file before a change that cannot be undone in one step; its path.

        None on a server: the change is one transaction there, and the server is backed up by
        its own tools (or ``regiodesk backup --out``).
        """
        if self.is_server:
            return None
        from regiodesk.db.custody import make_backup

        return make_backup(self.path, reason)

    def mark_damaged(self, detail: str) -> None:
        """From now on refuse every write: a damaged file is never written to."""
        self.damaged = detail

    def session(self) -> Session:
        session = self._factory()
        # Before the recorder: the change log (and so sync) carries the cleaned text.
        event.listen(session, "before_flush", _clean_texts)
        # the versions read, before the recorder sets new ones: a refusal then says who and what
        event.listen(session, "before_flush", meanwhile.note_versions)
        event.listen(session, "after_commit", meanwhile.forget_versions)
        self.recorder.attach(session)
        if not self.read_only:
            event.listen(session, "before_commit", _index_changes)
        return session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any error.

        A row someone else wrote since it was read (the version check of ``db.base.Record``)
        rolls the whole step back with a German message naming who changed which fields to
        what (``db.meanwhile``), whichever service wrote it (a vote, a status step, a payment);
        the forms' services decide such a clash field by field (``services.records``)."""
        session = self.session()
        try:
            with session, session.begin():
                yield session
        except StaleDataError as error:
            with self.session() as fresh:  # what is stored now, after the rollback
                message = meanwhile.refusal(fresh, session.info.get(meanwhile.VERSIONS, {}))
            raise ChangedMeanwhileError(message) from error

    def close(self) -> None:
        self.engine.dispose()


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "regiodesk.db:migrations")
    config.attributes["connection"] = connection
    return config


def _migration_engine(path: Path) -> Engine:
    """An engine whose transactions are SQLite's own, so a whole migration commits or none of it.

    The sqlite3 driver begins a transaction only before INSERT, UPDATE and DELETE and runs CREATE
    TABLE and the like outside of one, each committed at once. A migration killed halfway (a power
    cut, a crash) then left new tables behind in a file still marked with the old revision, and
    every later upgrade failed on them, so the file could not be opened again. Here the driver
    leaves transactions alone and every one starts with BEGIN IMMEDIATE (SQLAlchemy's recipe
    for pysqlite), which makes DDL transactional as SQLite itself supports.
    """
    engine = make_engine(path)

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        # A migration may copy a table that others refer to (Alembic's batch mode on SQLite:
        # create, copy, drop, rename); with the references enforced, dropping the old table is
        # refused as soon as a row refers to it. They are checked once the migration is done
        # (see _upgrade) instead.
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _upgrade_on(connection) -> None:
    """Alembic to head on ``connection``, in its transaction, then the search index filled."""
    from alembic import command

    from regiodesk.db import search_index

    command.upgrade(_alembic_config(connection), "head")
    # A migration that changes what is searched marks the index stale: it is filled
    # here, with the current schema, and commits or fails with the migration.
    search_index.catch_up(search_index.driver_connection(connection))


def _upgrade(path: Path) -> None:
    engine = _migration_engine(path)
    try:
        with engine.begin() as connection:
            broken_before = _broken_references(connection)
            _upgrade_on(connection)
            broken = _broken_references(connection) - broken_before
            if broken:  # rolls the whole migration back; the caller puts the backup back
                raise RuntimeError(f"references broken by the migration: {sorted(broken)[:5]}")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        engine.dispose()
    # WAL is a property of the file, set once here (outside a transaction, as SQLite requires)
    # rather than on every connect: opening a file just to read it must not rewrite its header.
    engine = make_engine(path)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode = WAL")
    finally:
        engine.dispose()


def _broken_references(connection) -> set[tuple]:
    """Rows whose reference points nowhere (PRAGMA foreign_key_check), as (table, rowid, parent)."""
    return {tuple(row[:3]) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def _create(path: Path) -> None:
    try:
        _upgrade(path)
    except Exception:
        # Never leave a half-created file behind that looks like a database.
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise


def _migrate(path: Path, state: FileState, backup_dir: Path | None) -> None:
    """Back up, then upgrade; on failure put the backup back and refuse."""
    from regiodesk.db.custody import backup_to, make_backup

    backup = make_backup(path, f"vor-update-{state.revision}", root=backup_dir)
    try:
        _upgrade(path)
    except Exception as error:
        backup_to(backup, path)
        raise DatabaseFileError(
            tr(
                "Die Datenbank „{name}“ konnte nicht auf den aktuellen Stand ({head}) gebracht "
                "werden: {error}. Der vorherige Stand ist wiederhergestellt.",
                name=path.name,
                head=HEAD,
                error=error,
            )
        ) from error
