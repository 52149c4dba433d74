"""Fresh PostgreSQL databases for tests, made quickly: one migrated template per worker, copied.

``REGIODESK_TEST_PG`` names a server and a database to administer it from (``.ci/run`` starts a
throwaway one: ``.ci/pg-throwaway start DIR``). Migrating a new database takes half a second;
``CREATE DATABASE … TEMPLATE …`` copies the migrated one in a fraction of it. Names carry the
xdist worker, so parallel workers never share a database.
"""

from __future__ import annotations

import os
import uuid
from itertools import count

from sqlalchemy import text
from sqlalchemy.engine import make_url

#: The server the tests may use (and create and drop databases on); unset: SQLite only.
SERVER = os.environ.get("REGIODESK_TEST_PG", "")


class ServerDatabases:
    """Databases of one test worker on the test server: templates made once, copies per test."""

    def __init__(self, admin_url: str, worker: str):
        import psycopg

        self.admin_url = admin_url
        self.prefix = f"rdtest_{os.getpid()}_{worker}"
        self._admin = psycopg.connect(
            make_url(admin_url).set(drivername="postgresql").render_as_string(False)
        )
        self._admin.autocommit = True
        self._numbers = count()
        self._templates: dict[str, str] = {}

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

    def _create(self, name: str, template: str | None = None) -> str:
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template is None:
            self._admin.execute(f'CREATE DATABASE "{name}"')
        else:
            self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)

    def template(self, key: str = "empty", fill=None) -> str:
        """The name of the template ``key``: migrated by the program's own open path, then ``fill(db)``."""
        if key not in self._templates:
            from regiodesk.db.database import Database

            name = f"{self.prefix}_tpl_{key}"
            base = self._templates.get("empty") if key != "empty" else None
            db = Database.open(self._create(name, base), device_id="template")
            try:
                if fill is not None:
                    fill(db)
            finally:
                db.close()
            self._templates[key] = name
        return self._templates[key]

    def fresh(self, template: str | None = None) -> str:
        """The URL of a new database, a copy of ``template`` (the migrated empty one if None)."""
        name = f"{self.prefix}_{next(self._numbers)}"
        url = self._create(name, template or self.template())
        return url

    def open(self, url: str, device_id: str = "test-device"):
        """``Database.open(url)`` with a dataset id of its own (as every new office gets)."""
        from regiodesk.db.database import Database

        db = Database.open(url, device_id=device_id)
        with db.transaction() as session:
            session.execute(
                text("UPDATE sync_meta SET value = :id WHERE key = 'dataset_id'"), {"id": str(uuid.uuid4())}
            )
        return db

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in self._templates.values():
            self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.close()
