"""Fresh PostgreSQL databases for tests, made quickly: a few per worker, emptied and refilled.

``REGIODESK_TEST_PG`` names a server and a database to administer it from, as a superuser
(``.ci/run`` starts a throwaway one: ``.ci/pg-throwaway start DIR``). Migrating a new database
takes half a second and even ``CREATE DATABASE … TEMPLATE …`` more than that (it copies the
system catalogs); emptying the tables of a used one with TRUNCATE and writing the template's
few rows back takes a few milliseconds. So each worker keeps its databases (their names carry
the process, so parallel workers never share one): a test leases one, reset to the contents
of its template (migrated by the program's own open path, then filled, e.g. with the LAG),
and gives it back at its end.
"""

from __future__ import annotations

import os
from collections import defaultdict
from itertools import count

from sqlalchemy.engine import make_url

#: The server the tests may use (and create and drop databases on); unset: SQLite only.
SERVER = os.environ.get("REGIODESK_TEST_PG", "")


class ServerDatabases:
    """The databases of one test worker on the test server."""

    def __init__(self, admin_url: str, worker: str):
        self.admin_url = admin_url
        self.prefix = f"rdtest_{os.getpid()}_{worker}"
        self._admin = self.connect(admin_url)
        self._admin.autocommit = True
        self._numbers = count()
        #: template key -> the rows of every table, as the template holds them
        self._contents: dict[str, dict[str, list[tuple]]] = {}
        self._free: dict[str, list[str]] = defaultdict(list)
        self._key_of: dict[str, str] = {}
        self._made: list[str] = []
        #: (the tables, their counting columns), the same in every database of the run
        self._schema: tuple[list[str], list[tuple[str, str]]] | None = None

    def connect(self, url: str):
        """A plain psycopg connection to the database of ``url`` (to look at it behind the program)."""
        import psycopg

        return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))

    def url(self, name: str) -> str:
        return (
            make_url(self.admin_url)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )

    def _create(self, name: str) -> str:
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.execute(f'CREATE DATABASE "{name}"')
        self._made.append(name)
        return self.url(name)

    def template(self, key: str = "empty", fill=None) -> str:
        """``key``, the template a lease is reset to: migrated by ``Database.open``, then ``fill(db)``."""
        if key not in self._contents:
            from regiodesk.db.database import Database

            url = self._new_database()
            db = Database.open(url, device_id="template")
            try:
                if fill is not None:
                    fill(db)
            finally:
                db.close()
            with self.connect(url) as con:
                self._contents[key] = {
                    table: con.execute(f'SELECT * FROM "{table}"').fetchall() for table in _tables(con)
                }
            self._key_of[url] = key
            self._free[key].append(url)
        return key

    def _new_database(self) -> str:
        return self._create(f"{self.prefix}_{next(self._numbers)}")

    def fresh(self, template: str | None = None) -> str:
        """The URL of a database holding what ``template`` holds (the migrated empty one if None)."""
        key = template or self.template()
        if self._free[key]:
            url = self._free[key].pop()
        else:
            url = self._new_database()
            from regiodesk.db.database import Database

            Database.open(url, device_id="template").close()  # the tables, then the template's rows
            self._key_of[url] = key
        self._reset(url, self._contents[key])
        return url

    def _reset(self, url: str, contents: dict[str, list[tuple]]) -> None:
        with self.connect(url) as con:
            if self._schema is None:
                serials = con.execute(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND column_default LIKE 'nextval%'"
                ).fetchall()
                self._schema = (_tables(con), serials)
            tables, serials = self._schema
            # the rows in any order: references are checked by the program's tests, not here.
            # DELETE, not TRUNCATE: a test leaves a few rows, and TRUNCATE makes every table's
            # and index's files anew (half a second for the whole schema)
            con.execute(
                "SET LOCAL session_replication_role = replica; "
                + " ".join(f'DELETE FROM "{table}";' for table in tables)
            )
            with con.cursor() as cursor:
                for table, rows in contents.items():
                    if rows:  # COPY: a third of the time of INSERTs for the LAG's thousand rows
                        with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                            for row in rows:
                                copy.write_row(row)
            # every office the program makes has a dataset id of its own (migration 0003): a copy too
            con.execute("UPDATE sync_meta SET value = gen_random_uuid()::text WHERE key = 'dataset_id'")
            for table, column in serials:
                con.execute(
                    f'SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max("{column}"), 0) + 1, false) '
                    f'FROM "{table}"',
                    (table, column),
                )

    def open(self, url: str, device_id: str = "test-device"):
        """``Database.open(url)`` of a leased database."""
        from regiodesk.db.database import Database

        return Database.open(url, device_id=device_id)

    def drop(self, url: str) -> None:
        """Give the database of ``url`` back (a leased one is reset when leased again)."""
        key = self._key_of.get(url)
        if key is None:
            self._admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
        else:
            self._free[key].append(url)

    def close(self) -> None:
        for name in self._made:
            self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.close()


def _tables(con) -> list[str]:
    """The tables of the database (Alembic's record of the schema too: a test may change it)."""
    return [
        name
        for (name,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    ]
