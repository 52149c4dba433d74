"""What SQLite and PostgreSQL say differently, in one place.

The program speaks SQLite's SQL where it writes SQL by hand (the search index, the bulk
inserts, sync): ``?`` placeholders, ``group_concat``, ``strftime``. On a PostgreSQL server
(``--db postgresql://…``) the same statements run through :func:`plain_connection`, which
translates these few forms; the ORM's own SQL needs nothing, SQLAlchemy compiles it per
dialect. Expressions the ORM cannot say alike on both (a German date) are built here
(:func:`german_date`). Everything only a file has (PRAGMAs, WAL, the lock, quick_check, the
backup API) stays in the file's open path (``db.database``, ``db.schema``, ``db.custody``).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import func, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Integer, String

# ------------------------------------------------ PostgreSQL advisory locks (one home for the keys)
#: The lock every migration of a server database takes first: two people starting a new
#: regiodesk at once migrate one after the other (the second finds nothing to do).
MIGRATION_LOCK = 0x5247444B
#: The lock a shared-folder sync of a server database holds for its whole run (session-level):
#: two people syncing at once must not both write the server's journal N.
SYNC_LOCK = MIGRATION_LOCK + 1
#: The writers' lock (below). Each key is its own: a sync holds SYNC_LOCK on one connection for
#: its whole run while its own writes take this one on another.
WRITER_LOCK_KEY = MIGRATION_LOCK + 2

#: On a server, one writing transaction at a time from its first change-log entry to its commit,
#: as SQLite's file lock makes it in a file (a transaction advisory lock of this database, freed
#: by the commit or rollback). Without it two people saving at once on a server got change-log
#: seqs that became visible out of order, so the search index's mark (``search_index.catch_up``)
#: could pass over an entry not yet committed, and both numbered new index documents alike
#: (a duplicate key: the second save failed). Taken by ``changelog.ChangeRecorder``.
WRITER_LOCK = f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})"


class PlainConnection(Protocol):
    """The part of a DB-API connection the hand-written SQL uses (sqlite3's own shape)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...


def plain_connection(connection: Any) -> PlainConnection:
    """The driver connection under an SQLAlchemy ``Connection``, speaking SQLite's SQL.

    On SQLite the sqlite3 connection itself (no cost); on PostgreSQL a thin translator.
    """
    driver = connection.connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return driver
    return _PostgresConnection(driver)


class _PostgresConnection:
    """psycopg's connection taking SQLite's SQL (see :func:`postgres_sql`)."""

    def __init__(self, driver: Any):
        self._driver = driver

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        return self._driver.execute(postgres_sql(sql), tuple(parameters) or None)

    def executemany(self, sql: str, parameters: Any) -> Any:
        cursor = self._driver.cursor()
        cursor.executemany(postgres_sql(sql), [tuple(row) for row in parameters])
        return cursor


_STRFTIME = re.compile(r"strftime\('%d\.%m\.%Y', ([\w.]+)\)")


@lru_cache(maxsize=512)
def postgres_sql(sql: str) -> str:
    """SQLite's SQL as the program writes it, said for PostgreSQL.

    ``?`` becomes ``%s`` (psycopg's placeholder, a literal ``%`` doubled), ``group_concat``
    becomes ``string_agg`` and the one ``strftime`` format used becomes ``to_char``. Only these
    forms are used by hand-written SQL; a test runs every such statement on both.
    """
    sql = _STRFTIME.sub(r"to_char(\1, 'DD.MM.YYYY')", sql)
    sql = sql.replace("group_concat(", "string_agg(")
    return sql.replace("%", "%%").replace("?", "%s")


def placeholder(connection: Any) -> str:
    """The driver's placeholder of a parameter in SQL given to ``exec_driver_sql``."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


class german_date(FunctionElement[str]):
    """A date or datetime column as text ``22.11.2026``, on either database."""

    type = String()
    inherit_cache = True


@compiles(german_date)
def _german_date_sqlite(element: german_date, compiler: Any, **kw: Any) -> str:
    return compiler.process(func.strftime("%d.%m.%Y", *element.clauses), **kw)


@compiles(german_date, "postgresql")
def _german_date_postgres(element: german_date, compiler: Any, **kw: Any) -> str:
    return compiler.process(func.to_char(*element.clauses, "DD.MM.YYYY"), **kw)


def defer_references(session: Any) -> None:
    """References are checked at the commit, not at each statement (sync writes in any order).

    SQLite: ``PRAGMA defer_foreign_keys``; PostgreSQL defers the references declared
    DEFERRABLE (``SET CONSTRAINTS ALL DEFERRED``).
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
    else:
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))


# A server database takes what a file takes. SQLite does not enforce a String's length, and a
# file holds longer values than the declarations say (a change log's clock stamp names the
# device: 58 characters in a String(40)); SQLite's integers have 64 bits (amounts in cents
# beyond 21 million euros). On PostgreSQL the tables are therefore made with VARCHAR without a
# length (as fast as with one) and BIGINT, so that every office file can move onto a server.
@compiles(String, "postgresql")
def _string_without_length(type_: String, compiler: Any, **kw: Any) -> str:
    return "VARCHAR"


@compiles(Integer, "postgresql")
def _integer_of_64_bits(type_: Integer, compiler: Any, **kw: Any) -> str:
    return "BIGINT"
