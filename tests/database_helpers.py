"""New database files for tests: copies of one file migrated per session, not a migration each.

Migrating a new file with Alembic takes about half a second; the suite opens well over a thousand.
``tests/conftest.py`` builds one template per session through the program's own open path
(``Database.open`` on a new file: Alembic to head, application id, WAL) and from then on lets
the open path make every new file as a copy of it (see ``new_files_from_template`` there).
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path


def copy_database(source: Path, target: Path) -> Path:
    """``target``: a copy of the closed file ``source`` with a dataset id of its own.

    A plain file copy (not SQLite's backup API) is safe because no connection has ``source``
    open: its last connection checkpointed the WAL into the file and removed it. It is about ten
    times faster than the backup API (0.9 ms against 10 ms for the template).

    Every database the program creates gets a new random dataset id (migration 0003) that tells
    one office's data from another's in a sync folder; a copy must too, or two laptops created
    separately in a test would look like copies of one office.
    """
    assert not Path(str(source) + "-wal").exists(), f"{source} is still open"
    shutil.copyfile(source, target)
    con = sqlite3.connect(target)
    try:
        con.execute("UPDATE sync_meta SET value = ? WHERE key = 'dataset_id'", (str(uuid.uuid4()),))
        con.commit()
    finally:
        con.close()
    return target


def open_test_database(request, path: Path):
    """The test's database at the new ``path`` (what the ``db`` fixtures give).

    A test that uses the ``lag`` fixture gets a copy of the session's LAG (``lag_template`` in
    tests/conftest.py) instead of building it again; any other test an empty new database.
    """
    from regiodesk.db.database import Database

    if "lag" in request.fixturenames:
        template, _ids = request.getfixturevalue("lag_template")
        copy_database(template, path)
    return Database.open(path, device_id="test-device")


def take_back(path: Path, revision: str) -> Path:
    """``path`` (a closed office file) taken back to the schema ``revision``, as an earlier
    regiodesk left it; its rows of the tables that schema has stay."""
    from alembic import command

    from regiodesk.db.database import _alembic_config, _migration_engine

    engine = _migration_engine(path)
    try:
        with engine.begin() as connection:
            command.downgrade(_alembic_config(connection), revision)
    finally:
        engine.dispose()
    return path


def older_office_file(path: Path, revision: str = "0012") -> Path:
    """A new office file at ``path`` with one body in it („LAG Altmühl“), as the regiodesk of schema
    ``revision`` left it."""
    from regiodesk.db.database import Database
    from regiodesk.services.bodies import BodyService

    made = Database.open(path, device_id="test-device")
    try:
        BodyService(made).create({"name": "LAG Altmühl", "body_type": "lag"})
    finally:
        made.close()
    return take_back(path, revision)
