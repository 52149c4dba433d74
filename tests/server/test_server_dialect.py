"""What SQLite and PostgreSQL say differently, said in one place (regiodesk/db/dialect.py).

No server needed: the translations and compiled expressions are checked as text; the tests
of tests/db, tests/services and tests/server run them on a server.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from regiodesk.db.dialect import german_date, postgres_sql
from regiodesk.location import is_server_url, sqlalchemy_url


@pytest.mark.parametrize(
    ("location", "server"),
    [
        ("postgresql://anna@server/obermain", True),
        ("postgresql+psycopg://anna@server/obermain", True),
        ("  POSTGRES://anna@server/obermain", True),
        ("postgresql.regiodesk", False),  # a file that happens to be named so
        ("C:/Büro/postgresql://x", False),
        (None, False),
    ],
)
def test_a_server_is_told_from_a_file_by_its_scheme_only(location, server):
    assert is_server_url(location) is server


def test_every_spelling_of_a_server_url_uses_psycopg():
    for url in ("postgresql://a@h/d", "postgres://a@h/d", "postgresql+psycopg://a@h/d"):
        assert sqlalchemy_url(url) == "postgresql+psycopg://a@h/d"


def test_sqlite_sql_of_the_search_index_is_said_for_postgresql():
    sql = (
        "SELECT m.id, strftime('%d.%m.%Y', m.starts_at), (SELECT group_concat(address, ' ') FROM e) "
        "FROM meeting m WHERE m.id IN (?, ?) AND m.title LIKE 'x%'"
    )
    assert postgres_sql(sql) == (
        "SELECT m.id, to_char(m.starts_at, 'DD.MM.YYYY'), (SELECT string_agg(address, ' ') FROM e) "
        "FROM meeting m WHERE m.id IN (%s, %s) AND m.title LIKE 'x%%'"
    )


def test_a_german_date_in_sql_on_either_database():
    meeting = Table("meeting", MetaData(), Column("starts_at", DateTime))
    query = select(german_date(meeting.c.starts_at))
    assert "strftime" in str(query.compile(dialect=sqlite.dialect()))
    compiled = query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    assert "to_char(meeting.starts_at, 'DD.MM.YYYY')" in str(compiled)


def test_server_tables_take_what_a_file_takes():
    """A file holds longer texts than String(n) says (a clock stamp naming its device) and 64-bit
    integers: on a server the same declarations make unbounded VARCHAR and BIGINT."""
    table = Table("t", MetaData(), Column("hlc", String(40)), Column("cents", Integer), Column("notes", Text))
    ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
    assert "hlc VARCHAR," in ddl and "cents BIGINT" in ddl and "notes TEXT" in ddl
    assert "VARCHAR(40)" in str(CreateTable(table).compile(dialect=sqlite.dialect()))


def test_every_advisory_lock_has_its_own_key():
    """A sync holds its lock for the whole run while its own writes take the writers' lock: with one
    key for both the sync waited for itself for ever."""
    from regiodesk.db import dialect

    keys = [dialect.MIGRATION_LOCK, dialect.SYNC_LOCK, dialect.WRITER_LOCK_KEY]
    assert len(set(keys)) == len(keys)
    assert str(dialect.WRITER_LOCK_KEY) in dialect.WRITER_LOCK
