"""The tests' new files (copies of one template per session, tests/conftest.py) are the files
the program creates: same schema, markers and rows, and a dataset id of their own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from regiodesk.db.database import Database

MASTER = "SELECT type, name, tbl_name, sql FROM sqlite_master"
PRAGMAS = ("application_id", "user_version", "journal_mode", "page_size", "auto_vacuum", "encoding")


def _describe(path: Path) -> dict:
    con = sqlite3.connect(path)
    try:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            # Lines sorted: Alembic's batch mode writes a rebuilt table's constraints in varying order.
            "schema": sorted(
                (kind, name, table, sorted((sql or "").split("\n")))
                for kind, name, table, sql in con.execute(MASTER)
            ),
            "pragmas": {name: con.execute(f"PRAGMA {name}").fetchone()[0] for name in PRAGMAS},
            "rows": {
                table: sorted(con.execute(f'SELECT * FROM "{table}"').fetchall())
                for table in tables
                if table != "sync_meta"
            },
            "meta": sorted(con.execute("SELECT key FROM sync_meta").fetchall()),
            "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
        }
    finally:
        con.close()


def _dataset_id(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM sync_meta WHERE key = 'dataset_id'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.migrates
def test_a_migrated_new_file_and_a_copy_of_the_template_are_alike(tmp_path, new_files_from_template):
    migrated = tmp_path / "migriert.regiodesk"
    Database.open(migrated, device_id="test-device").close()
    assert _describe(migrated) == _describe(new_files_from_template)
    assert _describe(migrated)["meta"] == [("dataset_id",)]


def test_every_new_file_has_its_own_dataset_id(tmp_path, new_files_from_template):
    """Two offices created apart must not look like copies of one in a sync folder."""
    paths = [tmp_path / "a.regiodesk", tmp_path / "b.regiodesk"]
    for path in paths:
        db = Database.open(path, device_id="test-device")
        assert db.path == path and db.device_id == "test-device"
        db.close()
    ids = {_dataset_id(path) for path in [*paths, new_files_from_template]}
    assert len(ids) == 3
    assert _describe(paths[0]) == _describe(new_files_from_template)
