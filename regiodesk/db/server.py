"""A regiodesk database on a PostgreSQL server (``--db postgresql://…``): connecting and classifying.

The counterpart of ``db.schema`` for a file: what is this database, answered before anything
is written, and every refusal in German. What only a file has (the lock, WAL, quick_check,
the file backups) has no place here; the server keeps several people apart itself and
PostgreSQL's own tools back it up. The password is never part of our files: libpq reads it
from ``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf``) or a service file.
"""

from __future__ import annotations

import logging
import re
import uuid
from urllib.parse import unquote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from regiodesk.db.location import sqlalchemy_url
from regiodesk.db.schema import DatabaseFileError, FileKind, FileState, state_of_revision
from regiodesk.i18n import tr

#: The lock every migration of a server database takes first: two people starting a new
#: regiodesk at once migrate one after the other (the second finds nothing to do).
MIGRATION_LOCK = 0x5247444B

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


def connect(url: str) -> Engine:
    """An engine for ``url`` whose first connection succeeded; refuses in German otherwise."""
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
    # a server that does not answer: a clear message after 10 seconds, not a hanging window
    engine = create_engine(parsed, connect_args={"connect_timeout": 10}, pool_pre_ping=True)
    event.listen(engine, "connect", _configure_connection)
    announce_commits(engine)
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        engine.dispose()
        raise DatabaseFileError(connection_refusal(url, error)) from None
    return engine


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
            "Passwort steht in der Datei .pgpass (Windows: %APPDATA%\\postgresql\\pgpass.conf), nie in "
            "der Adresse."
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
        may_write = connection.exec_driver_sql(
            "SELECT coalesce(has_table_privilege(to_regclass('change_log'), 'INSERT'), "
            "has_schema_privilege(current_schema(), 'CREATE'))"
        ).scalar()
    return "" if may_write else tr("Ihre Anmeldung am Server darf diese Datenbank nur lesen.")


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
