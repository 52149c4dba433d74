"""A regiodesk database on a PostgreSQL server (``--db postgresql://…``): connecting and classifying,
and its identity as one device of the shared-folder sync (:func:`participant`).

The counterpart of ``db.schema`` for a file: what is this database, answered before anything
is written, and every refusal in German. What only a file has (the lock, WAL, quick_check,
the file backups) has no place here; the server keeps several people apart itself and
PostgreSQL's own tools back it up. The password is never part of our files: it comes from
this run's memory or the operating system's keyring (``db.server_password``), or libpq reads
it from ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf``) or a service file.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from regiodesk.db import server_password
from regiodesk.db.dialect import MIGRATION_LOCK
from regiodesk.db.schema import DatabaseFileError, FileKind, FileState, state_of_revision
from regiodesk.i18n import tr
from regiodesk.location import sqlalchemy_url

#: sync_meta keys of the server database as ONE participant of the shared-folder sync, whoever
#: writes to it from whichever machine: its device id (the change log's ``device_id`` of every
#: change made on the server) and its name in the folder („Server obermain“). They belong to this
#: database only: a copy (``import-file``, ``backup --out``, a snapshot) never takes them along.
PARTICIPANT_ID = "server_device_id"
PARTICIPANT_NAME = "server_device_name"
PARTICIPANT_KEYS = (PARTICIPANT_ID, PARTICIPANT_NAME)

#: The channel on which every commit on a server names the tables it changed (LISTEN/NOTIFY):
#: the windows of the others read those lists again, without polling a table.
CHANNEL = "regiodesk_changes"
#: This program's mark on its notifications (a window ignores what it changed itself).
SENDER = uuid.uuid4().hex[:16]
#: The table a statement writes (what SQLAlchemy, db.bulk and sync send).
_WRITES = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)', re.I)
_CHANGED = "regiodesk_changed_tables"
#: PostgreSQL's limit for a payload is 8000 bytes; a longer list is cut (the listener then reads all).
_MAX_PAYLOAD = 7900
log = logging.getLogger(__name__)

#: Seconds until a server that does not answer is reported (a clear message, not a hanging window).
CONNECT_TIMEOUT = 10
#: While the person waits in the dialog (the region list, „Verbinden“): a shorter wait.
DIALOG_TIMEOUT = 5
#: TCP keepalives: a connection whose network went away unnoticed (no reset from the server,
#: e.g. a laptop's WLAN gone) is found dead after about a minute instead of never; the
#: listener then reconnects. Unix sockets ignore them.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def label(url: str) -> str:
    """``url`` as shown to people: without its password (and a socket folder not %-encoded)."""
    try:
        shown = (
            make_url(sqlalchemy_url(url)).set(drivername="postgresql").render_as_string(hide_password=True)
        )
    except (ArgumentError, ValueError):
        return url.split("@")[-1]
    return unquote(shown)


def database_name(url: str) -> str:
    try:
        return make_url(sqlalchemy_url(url)).database or ""
    except (ArgumentError, ValueError):
        return ""


def connect(url: str, password: str | None = None, *, timeout: int = CONNECT_TIMEOUT) -> Engine:
    """An engine for ``url`` whose first connection succeeded; refuses in German otherwise.

    ``password`` (else the one typed this run or kept in the keyring, else libpq's .pgpass) is
    handed to the driver at each connect, never put into the address.
    """
    parsed = _parsed(url)
    engine = create_engine(parsed, connect_args=connect_args(url, password, timeout), pool_pre_ping=True)
    event.listen(engine, "connect", _configure_connection)
    announce_commits(engine)
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        engine.dispose()
        raise DatabaseFileError(connection_refusal(url, error)) from None
    return engine


def connect_args(url: str, password: str | None = None, timeout: int = CONNECT_TIMEOUT) -> dict[str, object]:
    """What the driver is given beside the address: timeout, keepalives, the password kept out of band."""
    args: dict[str, object] = {"connect_timeout": timeout, **KEEPALIVES}
    secret = password if password is not None else server_password.password_for(url)
    if secret and make_url(sqlalchemy_url(url)).password is None:
        args["password"] = secret
    return args


def _parsed(url: str):
    """``url`` parsed for SQLAlchemy with its database named; refuses in German otherwise."""
    try:
        import psycopg  # noqa: F401 - the optional extra "server"
    except ImportError:
        raise DatabaseFileError(
            tr(
                "Für eine Datenbank auf einem PostgreSQL-Server fehlt der Treiber. Bitte installieren: "
                "pip install 'regiodesk[server]'"
            )
        ) from None
    try:
        parsed = make_url(sqlalchemy_url(url))
    except (ArgumentError, ValueError):
        raise DatabaseFileError(
            tr("„{url}“ ist keine gültige Serveradresse (postgresql://benutzer@rechner/datenbank).", url=url)
        ) from None
    if not parsed.database:
        raise DatabaseFileError(
            tr(
                "In „{url}“ fehlt der Name der Datenbank (postgresql://benutzer@rechner/datenbank).",
                url=label(url),
            )
        )
    return parsed


def _configure_connection(dbapi_connection, _record) -> None:
    # Texts and times exactly as on a file: UTF-8, UTC (the columns hold naive UTC).
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET client_encoding = 'UTF8'")
        cursor.execute("SET TIME ZONE 'UTC'")
        # No JIT compilation: it cost the contacts list (20,000 rows) 300 ms of compiling for
        # 230 ms of work, on every load (bench/bench_server.py); the program's queries are short
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def connection_refusal(url: str, error: BaseException) -> str:
    """Why the server refused or did not answer, in German (libpq's own words appended)."""
    detail = " ".join(str(getattr(error, "orig", error)).split())
    text = detail.lower()
    where = label(url)
    if "password authentication failed" in text or "no password supplied" in text:
        reason = tr(
            "Die Anmeldung am Server wurde abgelehnt: Benutzername oder Passwort stimmen nicht. Das "
            "Passwort kommt aus dem Schlüsselbund des Betriebssystems (wenn es dort gespeichert ist) "
            "oder aus der Datei .pgpass (Windows: %APPDATA%\\postgresql\\pgpass.conf), nie aus der "
            "Adresse."
        )
    elif "does not exist" in text and "database" in text:
        reason = tr(
            "Die Datenbank „{name}“ gibt es auf dem Server nicht. Sie wird mit „regiodesk server setup“ "
            "angelegt.",
            name=database_name(url),
        )
    elif "role" in text and "does not exist" in text:
        reason = tr("Diesen Benutzer gibt es auf dem Server nicht.")
    elif "permission denied" in text or "not permitted" in text:
        reason = tr("Dieser Benutzer darf die Datenbank nicht öffnen.")
    else:
        reason = tr("Der Server antwortet nicht (läuft er, stimmen Rechner und Port?).")
    return tr(
        "Keine Verbindung zu {where}. {reason} Nichts wurde geändert. ({detail})",
        where=where,
        reason=reason,
        detail=detail,
    )


def inspect_server(engine: Engine) -> FileState:
    """Classify the server database without modifying it (as ``schema.inspect_file`` a file)."""
    with engine.connect() as connection:
        return _state_on(connection)


def _state_on(connection: Connection) -> FileState:
    tables = {
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        )
    }
    if not tables:
        return FileState(FileKind.NEW)
    if "alembic_version" not in tables or "change_log" not in tables:
        return FileState(
            FileKind.FOREIGN, detail=tr("Die Datenbank enthält Tabellen eines anderen Programms.")
        )
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").fetchone()
    return state_of_revision(row[0] if row else None)


def refusal(url: str, state: FileState) -> str:
    """Why a server database is not opened (its kind is NEWER, FOREIGN or CORRUPT)."""
    name = database_name(url)
    if state.kind is FileKind.NEWER:
        return tr(
            "Die Datenbank „{name}“ wurde mit einer neueren regiodesk-Version angelegt (Schema {revision}). "
            "Bitte installieren Sie die aktuelle regiodesk-Version. Nichts wurde geändert.",
            name=name,
            revision=state.revision,
        )
    if state.kind is FileKind.FOREIGN:
        return tr(
            "„{name}“ ist keine regiodesk-Datenbank. {detail} Nichts wurde geändert.",
            name=name,
            detail=state.detail,
        )
    return tr(
        "Die Datenbank „{name}“ ist unvollständig ({detail}). Nichts wurde geändert.",
        name=name,
        detail=state.detail,
    )


def empty_refusal(url: str) -> str:
    return tr(
        "Die Datenbank „{name}“ auf dem Server ist leer. Eine neue Region legen Sie mit „new“ an, eine "
        "Bürodatei übernehmen Sie mit „import-file“.",
        name=database_name(url),
    )


def read_only_reason(engine: Engine) -> str:
    """Why this sign-in may only read (a read-only role); '' if it may write (or create the tables)."""
    with engine.connect() as connection:
        may_write = _may_write(connection)
    return "" if may_write else tr("Ihre Anmeldung am Server darf diese Datenbank nur lesen.")


def _may_write(connection: Connection) -> bool:
    return bool(
        connection.exec_driver_sql(
            "SELECT coalesce(has_table_privilege(to_regclass('change_log'), 'INSERT'), "
            "has_schema_privilege(current_schema(), 'CREATE'))"
        ).scalar()
    )


def take_migration_lock(connection) -> None:
    """One migration at a time per database, until the migration's transaction ends.

    Tables a migration creates belong to the database's owner (the office's group role, see
    ``regiodesk server setup``) when the person signed in is a member of it, so the next person's
    regiodesk can change them too.
    """
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    owner = connection.exec_driver_sql(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
    ).scalar()
    member = connection.exec_driver_sql(
        "SELECT pg_has_role(current_user, %(owner)s, 'MEMBER')", {"owner": owner}
    ).scalar()
    if member and owner != connection.exec_driver_sql("SELECT current_user").scalar():
        connection.exec_driver_sql('SET LOCAL ROLE "{}"'.format(owner.replace('"', '""')))


# ---------------------------------------------------------------- the regions on a server
#: Where the list of databases is asked: every server has "postgres" (unless an administrator
#: closed it), then the database typed in the dialog, then "template1".
_CATALOGUES = ("postgres", "template1")
#: libpq's words when the server is there but this one database is closed to the sign-in.
_CLOSED = ("does not exist", "permission denied for database", "pg_hba.conf", "not permitted")


@dataclass(frozen=True)
class RegionOnServer:
    """A regiodesk database on a server that the person signed in may open."""

    database: str
    #: The region's name ('' while the database has none yet).
    region: str
    #: CURRENT, OLDER (opening it migrates it) or NEWER (refused: a newer regiodesk made it).
    kind: FileKind
    read_only: bool

    def shown(self) -> str:
        """One line of the list: region, database and what is special about it."""
        text = f"{self.region} – {self.database}" if self.region else self.database
        notes = []
        if self.kind is FileKind.OLDER:
            notes.append(tr("ältere Version"))
        elif self.kind is FileKind.NEWER:
            notes.append(tr("neuere Version"))
        if self.read_only:
            notes.append(tr("nur lesen"))
        return f"{text}  ({', '.join(notes)})" if notes else text


def list_regions(
    url: str, password: str | None = None, *, timeout: int = DIALOG_TIMEOUT
) -> list[RegionOnServer]:
    """The regiodesk databases on the server of ``url`` that its user may open, by region name.

    ``url``'s database only serves to ask the server when its "postgres" database is closed to
    the user. Databases of other programs, empty ones, and those this sign-in may not or cannot
    open are left out silently. Refuses in German when the server does not answer or refuses
    the sign-in itself; nothing is written anywhere.
    """
    typed = database_name(url)
    candidates = dict.fromkeys([_CATALOGUES[0], *([typed] if typed else []), *_CATALOGUES[1:]])
    names: list[str] | None = None
    closed: DBAPIError | None = None
    for candidate in candidates:
        try:
            with _probe(_on_database(url, candidate), password, timeout) as connection:
                names = [
                    name
                    for (name,) in connection.exec_driver_sql(
                        "SELECT datname FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate "
                        "AND has_database_privilege(datname, 'CONNECT') ORDER BY datname"
                    )
                ]
            break
        except DBAPIError as error:
            if not any(sign in str(error.orig).lower() for sign in _CLOSED):
                raise DatabaseFileError(connection_refusal(url, error)) from None
            closed = closed or error
    if names is None:
        assert closed is not None
        raise DatabaseFileError(connection_refusal(url, closed))
    regions = [region for name in names if (region := _region_in(url, name, password, timeout))]
    return sorted(
        regions, key=lambda region: ((region.region or region.database).casefold(), region.database)
    )


def _on_database(url: str, database: str) -> str:
    return make_url(sqlalchemy_url(url)).set(database=database).render_as_string(hide_password=False)


def _probe(address: str, password: str | None, timeout: int) -> Connection:
    """One connection to ``address``, returned to nobody's pool when closed."""
    engine = create_engine(
        make_url(address), poolclass=NullPool, connect_args=connect_args(address, password, timeout)
    )
    return engine.connect()


def _region_in(url: str, database: str, password: str | None, timeout: int) -> RegionOnServer | None:
    """``database`` as a region of the list; None when it is no regiodesk database or cannot be read."""
    try:
        with _probe(_on_database(url, database), password, timeout) as connection:
            state = _state_on(connection)
            if state.kind not in (FileKind.CURRENT, FileKind.OLDER, FileKind.NEWER):
                return None
            read_only = not _may_write(connection)
            name = connection.exec_driver_sql(
                "SELECT name FROM region_settings WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1"
            ).scalar()
    except DBAPIError as error:  # closed to this sign-in, another program's tables, …: not listed
        log.debug("Datenbank %s nicht in der Liste: %s", database, " ".join(str(error.orig).split()))
        return None
    return RegionOnServer(database, name or "", state.kind, read_only)


# ---------------------------------------------------------------- one participant of the sync
def participant(engine: Engine, url: str, machine_id: str, writable: bool) -> tuple[str, str]:
    """The server database's own (device id, name) for the change log and the folder sync.

    Created once, on the first open by this version: a new id and „Server <datenbank>“. Changes
    that people made on the server before (under their machines' ids, which no device in the
    folder sends) become the server's, so its first sync sends them; the changes of devices the
    database knows from a folder (``sync_device``) stay theirs. A sign-in that may only read
    writes nothing and keeps ``machine_id`` (it logs no change anyway).
    """
    with engine.begin() as connection:
        found = _participant_keys(connection)
        if PARTICIPANT_ID in found or not writable:
            return found.get(PARTICIPANT_ID, machine_id), found.get(PARTICIPANT_NAME, "")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        found = _participant_keys(connection)  # another client may have been first
        if PARTICIPANT_ID in found:
            return found[PARTICIPANT_ID], found.get(PARTICIPANT_NAME, "")
        new_id, name = str(uuid.uuid4()), tr("Server {name}", name=database_name(url))
        connection.exec_driver_sql(
            "INSERT INTO sync_meta (key, value) VALUES (%(k1)s, %(v1)s), (%(k2)s, %(v2)s)",
            {"k1": PARTICIPANT_ID, "v1": new_id, "k2": PARTICIPANT_NAME, "v2": name},
        )
        connection.exec_driver_sql(
            "UPDATE change_log SET device_id = %(id)s WHERE EXISTS (SELECT 1 FROM sync_device) "
            "AND device_id NOT IN (SELECT device_id FROM sync_device)",
            {"id": new_id},
        )
    return new_id, name


def _participant_keys(connection) -> dict[str, str]:
    rows = connection.exec_driver_sql(
        "SELECT key, value FROM sync_meta WHERE key IN (%(k1)s, %(k2)s)",
        {"k1": PARTICIPANT_ID, "k2": PARTICIPANT_NAME},
    )
    return {key: value for key, value in rows}


@contextmanager
def advisory_lock(engine: Engine, key: int) -> Iterator[bool]:
    """Hold PostgreSQL's session-level advisory lock ``key`` for the block, if it is free.

    Yields whether it was taken (False: someone else holds it; nothing waits). On a connection
    of its own, committed at once (no transaction stays open for the block); the server drops
    the lock itself when the connection ends (a process that dies holds nothing).
    """
    connection = engine.connect()
    try:
        taken = bool(connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})").scalar())
        connection.commit()
        try:
            yield taken
        finally:
            if taken:
                try:
                    connection.exec_driver_sql(f"SELECT pg_advisory_unlock({key})")
                    connection.commit()
                except DBAPIError:  # the connection is gone, and with it the lock
                    connection.invalidate()
    finally:
        connection.close()


# ---------------------------------------------------------------- LISTEN/NOTIFY
def announce_commits(engine: Engine) -> None:
    """Every transaction on ``engine`` that writes names its tables on :data:`CHANNEL` when it commits.

    The writes are noted as they are sent (whoever writes: the change recorder, db.bulk, sync);
    ``pg_notify`` runs in the transaction just before its COMMIT, and PostgreSQL delivers it only
    once the commit succeeded (a rollback sends nothing). One statement per writing transaction.
    """
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "commit", _announce)
    event.listen(engine, "rollback", lambda connection: connection.info.pop(_CHANGED, None))


def _note_write(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    match = _WRITES.match(statement)
    if match:
        connection.info.setdefault(_CHANGED, set()).add(match.group(1).lower())


def _announce(connection) -> None:
    tables = connection.info.pop(_CHANGED, None)
    if not tables:
        return
    payload = f"{SENDER} {','.join(sorted(tables))}"
    if len(payload) > _MAX_PAYLOAD:
        payload = f"{SENDER} *"
    # On the driver's connection: through SQLAlchemy it would run this hook's events again.
    with connection.connection.dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


def listen(engine: Engine):
    """A connection of its own (out of ``engine``'s pool) that listens on :data:`CHANNEL`.

    Non-blocking use: wait until :func:`fileno` is readable (a QSocketNotifier), then
    :func:`received`. Close it with ``.close()``.
    """
    raw = engine.raw_connection()
    raw.detach()  # never handed back to the pool: it only listens
    connection = raw.dbapi_connection
    assert connection is not None
    connection.rollback()
    connection.autocommit = True
    connection.execute(f"LISTEN {CHANNEL}")
    return connection


def received(connection) -> set[str] | None:
    """The tables others changed since the last call (without blocking); ``{"*"}``: unknown, all.

    None: the connection to the server is lost (the listening ends).
    """
    pgconn = connection.pgconn
    try:
        pgconn.consume_input()
    except Exception as error:  # psycopg.OperationalError: the server went away
        log.warning("Benachrichtigungen des Servers nicht lesbar: %s", error)
        return None
    tables: set[str] = set()
    while (note := pgconn.notifies()) is not None:
        if note.relname.decode() != CHANNEL:
            continue
        sender, _, names = note.extra.decode("utf-8", "replace").partition(" ")
        if sender != SENDER:
            tables.update(name for name in names.split(",") if name)
    return tables
