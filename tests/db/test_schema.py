"""Opening files: new files get the current schema; newer, foreign and corrupt
files are refused with a German message and left byte-for-byte unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from regiodesk.db.custody import backup_to
from regiodesk.db.database import Database
from regiodesk.db.models import metadata
from regiodesk.db.schema import APPLICATION_ID, HEAD, REVISIONS, DatabaseFileError, FileKind, inspect_file
from regiodesk.db.search_index import include_name

pytestmark = pytest.mark.file_only(reason="classifying, migrating and backing up database files")


def _open(path: Path) -> Database:
    return Database.open(path, device_id="test-device")


@pytest.mark.migrates
def test_new_file_gets_current_schema_and_marker(tmp_path):
    path = tmp_path / "neu.regiodesk"
    _open(path).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    con.close()
    assert inspect_file(path).kind is FileKind.CURRENT


@pytest.mark.migrates
def test_upgrade_from_empty_database_matches_the_models(tmp_path):
    path = tmp_path / "neu.regiodesk"
    _open(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, metadata())
    engine.dispose()
    assert diff == []


def test_known_revisions_match_the_migration_scripts():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "regiodesk.db:migrations")
    scripts = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == REVISIONS
    assert scripts.get_current_head() == HEAD


def test_reopening_a_current_file_keeps_its_data(db):
    from regiodesk.services.contacts import ContactService

    contact_id = ContactService(db).create({"kind": "person", "last_name": "Öztürk"})
    db.close()
    again = _open(db.path)
    assert ContactService(again).load(contact_id)["last_name"] == "Öztürk"
    again.close()


def _set_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


def _checkpointed(path: Path) -> bytes:
    """The file's bytes after folding the WAL back in, so byte comparisons are fair."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    return path.read_bytes()


def test_newer_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "neuer.regiodesk"
    _open(path).close()
    _set_revision(path, "9999")
    before = _checkpointed(path)
    with pytest.raises(DatabaseFileError, match="neueren regiodesk-Version"):
        _open(path)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()


def test_text_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "notizen.txt"
    path.write_text("Einkaufsliste: Brötchen\n", encoding="utf-8")
    with pytest.raises(DatabaseFileError, match="keine regiodesk-Datenbank"):
        _open(path)
    assert path.read_text(encoding="utf-8") == "Einkaufsliste: Brötchen\n"


def test_other_programs_sqlite_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "fremd.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE kunden (name TEXT)")
    con.execute("INSERT INTO kunden VALUES ('Müller')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseFileError, match="anderen Programm"):
        _open(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_refused_unchanged(damaged_file):
    before = damaged_file.read_bytes()
    with pytest.raises(DatabaseFileError, match="beschädigt"):
        _open(damaged_file)
    assert damaged_file.read_bytes() == before


def test_truncated_file_is_refused_unchanged(tmp_path, db):
    db.close()
    raw = _checkpointed(db.path)
    cut = tmp_path / "abgeschnitten.regiodesk"
    cut.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(DatabaseFileError):
        _open(cut)
    assert cut.read_bytes() == raw[: len(raw) // 3]


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "ordner.regiodesk"
    folder.mkdir()
    with pytest.raises(DatabaseFileError, match="Ordner"):
        _open(folder)


def test_empty_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "leer.regiodesk"
    path.touch()
    _open(path).close()
    assert inspect_file(path).kind is FileKind.CURRENT


def test_backup_copies_every_committed_row(db, tmp_path):
    from regiodesk.services.contacts import ContactService

    contact_id = ContactService(db).create({"kind": "person", "last_name": "Weiß"})
    copy = backup_to(db.path, tmp_path / "sicherung.regiodesk")
    restored = _open(copy)
    assert ContactService(restored).load(contact_id)["last_name"] == "Weiß"
    restored.close()


def test_failed_migration_restores_the_file(tmp_path, monkeypatch):
    """An older file whose upgrade fails is put back as it was, and a backup exists."""
    from regiodesk.db import database, schema

    path = tmp_path / "alt.regiodesk"
    _open(path).close()
    before = _checkpointed(path)
    monkeypatch.setattr(schema, "REVISIONS", ("0000", *REVISIONS))
    _set_revision(path, "0000")
    older = _checkpointed(path)
    assert older != before

    def broken_upgrade(_path):
        con = sqlite3.connect(_path)
        con.execute("DROP TABLE contact")
        con.commit()
        con.close()
        raise RuntimeError("Migration kaputt")

    monkeypatch.setattr(database, "_upgrade", broken_upgrade)
    backups = tmp_path / "backups"
    with pytest.raises(DatabaseFileError, match="wiederhergestellt"):
        Database.open(path, device_id="test-device", backup_dir=backups)
    from regiodesk.db.custody import list_backups

    [backup] = list_backups(path, root=backups)
    assert backup.reason == "vor-update-0000"
    con = sqlite3.connect(path)
    assert con.execute("SELECT COUNT(*) FROM contact").fetchone() == (0,)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0000",)
    con.close()


def test_every_migration_carries_a_file_full_of_records(tmp_path, demo_region):
    """Each step from the oldest schema to the newest on a file whose rows refer to each other
    (projects in calls, payments of projects, …): a step that copies a table others refer to was
    refused by the file's own references, so the office could not open its file after an update."""
    import shutil
    from datetime import date

    from database_helpers import take_back

    from regiodesk.db.schema import REVISIONS, inspect_file

    source = demo_region(tmp_path / "demo.regiodesk", device_id="test-device", today=date(2026, 11, 22))
    for older in REVISIONS[1:-1]:  # from 0002 on: 0001 cannot hold what later columns need
        path = tmp_path / f"alt-{older}.regiodesk"
        shutil.copy2(source, path)
        take_back(path, older)
        assert inspect_file(path).revision == older
        counts_before = _counts(path)  # the rows of the tables that schema has
        assert counts_before["project"] and counts_before["call"] and counts_before["payment"]
        again = Database.open(path, device_id="test-device", backup_dir=tmp_path / "backups")
        again.close()
        assert inspect_file(path).revision == REVISIONS[-1]
        after = _counts(path)
        assert {t: after[t] for t, n in counts_before.items() if after[t] != n} == {}, older


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(("sqlite_", "search_", "alembic"))
        ]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
