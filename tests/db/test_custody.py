"""Backups, restore, the single-writer lock and the handover file."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime, timedelta

import pytest

from regiodesk.db.custody import DatabaseLock, handover, list_backups, make_backup, restore_backup
from regiodesk.db.database import Database
from regiodesk.db.schema import FileKind, inspect_file
from regiodesk.domain.errors import DomainError
from regiodesk.services.contacts import ContactService

pytestmark = pytest.mark.file_only(reason="backups, lock and handover of a database file")


def test_backup_list_and_restore_with_a_backup_of_the_replaced_state(db, tmp_path):
    contacts = ContactService(db)
    first = contacts.create({"kind": "person", "last_name": "Vorher"})
    backup = make_backup(db.path, "vor dem Import", root=tmp_path / "b")
    second = contacts.create({"kind": "person", "last_name": "Nachher"})
    [info] = list_backups(db.path, root=tmp_path / "b")
    assert info.path == backup and info.reason == "vor-dem-Import" and info.size > 0
    db.close()
    replaced = restore_backup(backup, db.path, root=tmp_path / "b")
    again = Database.open(db.path, device_id="test-device")
    names = {row.values[0] for row in ContactService(again).rows()}
    assert names == {"Vorher"}
    again.close()
    # the state that was replaced is itself a backup and still holds the later contact
    kept = Database.open(replaced, device_id="test-device")
    assert {r.id for r in ContactService(kept).rows()} == {first, second}
    kept.close()


def test_restore_refuses_a_broken_backup(db, tmp_path):
    broken = tmp_path / "kaputt.regiodesk"
    broken.write_bytes(b"nicht einmal SQLite")
    with pytest.raises(DomainError, match="nicht lesbar"):
        restore_backup(broken, db.path, root=tmp_path / "b")


def test_backups_are_thinned(db, tmp_path):
    start = datetime(2026, 1, 1, 12, 0)
    for day in range(40):
        make_backup(db.path, "schliessen", root=tmp_path / "b", now=start + timedelta(days=day))
    backups = list_backups(db.path, root=tmp_path / "b")
    assert 10 <= len(backups) < 40
    assert backups[0].created == start + timedelta(days=39)


def test_handover_is_one_checked_file_without_wal(db, tmp_path):
    cid = ContactService(db).create({"kind": "person", "last_name": "Nachfolgerin"})
    target = handover(db.path, tmp_path / "uebergabe.regiodesk")
    assert not (tmp_path / "uebergabe.regiodesk-wal").exists()
    assert inspect_file(target).kind is FileKind.CURRENT
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT COUNT(*) FROM change_log").fetchone()[0] > 0
    con.close()
    successor = Database.open(target, device_id="successor")
    assert ContactService(successor).load(cid)["last_name"] == "Nachfolgerin"
    successor.close()
    with pytest.raises(DomainError, match="gibt es schon"):
        handover(db.path, target)


def _try_lock(path, queue):
    try:
        DatabaseLock(path).acquire()
        queue.put("locked")
    except DomainError as error:
        queue.put(str(error))


def test_a_second_process_cannot_take_the_lock(db):
    with DatabaseLock(db.path):
        queue = multiprocessing.get_context("spawn").Queue()
        process = multiprocessing.get_context("spawn").Process(target=_try_lock, args=(db.path, queue))
        process.start()
        process.join(30)
        message = queue.get(timeout=5)
    assert message.startswith("Die Datenbank ist bereits geöffnet (regiodesk auf ")
    # released: now it can be taken again
    with DatabaseLock(db.path):
        pass
