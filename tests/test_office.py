"""The Office: one open file with its lock, backups, restore, switching, sync, join and handover."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from file_helpers import read_only

from regiodesk import preferences
from regiodesk.db.custody import DatabaseLock, backup_folder, list_backups, make_backup
from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.office import Office, damaged_aside, handover_name
from regiodesk.paths import config_dir
from regiodesk.services.contacts import ContactService


def _office_file(path: Path, *names: str) -> Path:
    db = Database.open(path, device_id="test-device")
    for name in names:
        ContactService(db).create({"kind": "person", "last_name": name})
    db.close()
    return path


def _names(db: Database) -> list[str]:
    return sorted(row.values[0] for row in ContactService(db).rows())


def _lock_is_free(path: Path) -> bool:
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except DomainError:
        return False
    lock.release()
    return True


# ---------------------------------------------------------------- open, close, the lock
def test_open_holds_the_lock_until_close(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    office = Office.open(path)
    assert _names(office.db) == ["Amsel"]
    with pytest.raises(DomainError, match="bereits geöffnet"):
        Office.open(path)  # a second regiodesk (window or command) is refused
    office.close()
    assert _lock_is_free(path)
    assert not Path(str(path) + ".lock").exists()
    office.close()  # twice is harmless


def test_reading_without_the_lock_works_while_another_holds_it(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    with Office.open(path) as writer, Office.open(path, lock=False) as reader:
        assert reader.lock is None and _names(reader.db) == ["Amsel"]
        assert writer.lock is not None
    assert _lock_is_free(path)


def test_a_refused_file_is_untouched_and_its_lock_released(tmp_path):
    foreign = tmp_path / "brief.regiodesk"
    foreign.write_bytes(b"PK\x03\x04 kein SQLite")
    with pytest.raises(DomainError, match="keine regiodesk-Datenbank"):
        Office.open(foreign)
    assert foreign.read_bytes() == b"PK\x03\x04 kein SQLite"
    assert _lock_is_free(foreign)


def test_a_lock_already_held_is_released_when_the_file_is_refused(tmp_path):
    empty = tmp_path / "leer.regiodesk"
    empty.write_bytes(b"")
    lock = DatabaseLock(empty)
    lock.acquire()
    with pytest.raises(DomainError, match="leer"):
        Office.open(empty, lock=lock)
    assert _lock_is_free(empty) and empty.read_bytes() == b""


def test_a_missing_file_is_created_only_when_asked(tmp_path):
    missing = tmp_path / "neu" / "region.regiodesk"
    with pytest.raises(DomainError, match="gibt es nicht"):
        Office.open(missing)
    assert not missing.parent.exists()
    with Office.open(missing, create=True) as office:  # its folder too, as on the first start
        assert office.path == missing.absolute() and _names(office.db) == []
    assert missing.exists()


def test_a_read_only_file_opens_for_reading_but_is_refused_for_writing(tmp_path):
    path = _office_file(tmp_path / "ablage" / "buero.regiodesk", "Amsel")
    with read_only(path.parent):
        with Office.open(path) as office:
            assert office.db.read_only and _names(office.db) == ["Amsel"]
        with pytest.raises(DomainError, match="kann nur gelesen werden; nichts wurde geändert"):
            Office.open(path, writing=True)
    assert sorted(p.name for p in path.parent.iterdir()) == ["buero.regiodesk"]


# ---------------------------------------------------------------- switching
def test_switch_backs_up_the_changed_file_and_releases_its_lock(tmp_path):
    first = _office_file(tmp_path / "eins.regiodesk")
    second = _office_file(tmp_path / "zwei.regiodesk", "Zweite")
    office = Office.open(first)
    ContactService(office.db).create({"kind": "person", "last_name": "Neu"})
    calls = []
    other = office.switch(second, before_close=lambda: calls.append(office.db.path))
    assert calls == [first.absolute()]  # before the old file is closed
    assert _names(other.db) == ["Zweite"]
    assert [b.reason for b in list_backups(first)] == ["vor-dateiwechsel"]
    assert _lock_is_free(first) and not _lock_is_free(second)
    other.close()


def test_switch_to_an_unchanged_file_makes_no_backup_and_a_refused_one_keeps_the_open_file(tmp_path):
    first = _office_file(tmp_path / "eins.regiodesk", "Amsel")
    foreign = tmp_path / "brief.regiodesk"
    foreign.write_text("Hallo", encoding="utf-8")
    office = Office.open(first)
    with pytest.raises(DomainError):
        office.switch(foreign)
    assert _names(office.db) == ["Amsel"] and not _lock_is_free(first)  # still open, still locked
    office.switch(_office_file(tmp_path / "zwei.regiodesk")).close()
    assert list_backups(first) == []  # nothing changed: no backup


# ---------------------------------------------------------------- backups and restore
def test_backup_only_when_changed(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    with Office.open(path) as office:
        assert office.backup_if_changed("beim-beenden") is None
        ContactService(office.db).create({"kind": "person", "last_name": "Neu"})
        made = office.backup_if_changed("beim-beenden")
        assert made is not None and made.exists()
        assert office.backup_if_changed("beim-beenden") is None  # backed up: unchanged since
        office.backup("manuell")
    assert sorted(b.reason for b in list_backups(path)) == ["beim-beenden", "manuell"]


def test_close_with_a_reason_backs_up_a_changed_file(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk")
    office = Office.open(path)
    ContactService(office.db).create({"kind": "person", "last_name": "Neu"})
    office.close(backup_reason="beim-beenden")
    assert [b.reason for b in list_backups(path)] == ["beim-beenden"]


def test_restore_puts_the_backup_in_place_and_keeps_the_current_state(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Vorher")
    with Office.open(path) as office:
        backup = office.backup("manuell")
        ContactService(office.db).create({"kind": "person", "last_name": "Nachher"})
        office.restore(backup)
        assert _names(office.db) == ["Vorher"]
        assert not _lock_is_free(path)  # the lock is held throughout
        assert office.backup_if_changed("beim-beenden") is None  # the restored state is the baseline
    kept = [b for b in list_backups(path) if b.reason == "vor-wiederherstellung"]
    again = Database.open(kept[0].path, device_id="test-device")
    assert _names(again) == ["Nachher", "Vorher"]  # the replaced state is itself a backup
    again.close()


def test_restore_over_a_damaged_file_moves_it_aside_and_removes_wal_and_shm(damaged_file, tmp_path):
    good = _office_file(tmp_path / "vorher.regiodesk", "Gesichert")
    folder = backup_folder(damaged_file)
    folder.mkdir(parents=True)
    (folder / "20261101-093000_manuell.regiodesk").write_bytes(good.read_bytes())
    damaged_bytes = damaged_file.read_bytes()
    office = Office.open(damaged_file, deep_check=False)  # the window's quick start
    office.db.mark_damaged("Seite 7 beschädigt")  # as the background check does
    backup = office.newest_good_backup()
    assert backup is not None and backup.created.day == 1
    for suffix in ("-wal", "-shm"):  # what SQLite kept beside the damaged file
        Path(str(damaged_file) + suffix).write_bytes(b"alt")
    office.restore(backup.path)
    assert _names(office.db) == ["Gesichert"] and not office.db.damaged
    aside = damaged_aside(damaged_file)
    assert aside.name == f"beschaedigt.beschaedigt-{date.today().isoformat()}.regiodesk"
    assert aside.read_bytes() == damaged_bytes  # kept for an expert, never copied over the backups
    assert not any(b.reason == "vor-wiederherstellung" for b in list_backups(damaged_file))
    office.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(str(damaged_file) + suffix).exists()


def test_a_failed_restore_leaves_the_file_open_as_it_was(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    broken = tmp_path / "kaputt.regiodesk"
    broken.write_bytes(b"nicht einmal SQLite")
    with Office.open(path) as office:
        with pytest.raises(DomainError, match="nicht lesbar"):
            office.restore(broken)
        assert _names(office.db) == ["Amsel"]


# ---------------------------------------------------------------- handover
def test_handover_writes_the_file_and_the_protocol(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    target = tmp_path / handover_name("LEADER Überall")
    protocol = tmp_path / "protokoll.pdf"
    with Office.open(path, lock=False) as office:
        assert office.handover(target, protocol) == [target, protocol]
        with pytest.raises(DomainError, match="gibt es schon"):
            office.handover(target)
    assert target.name == f"Uebergabe_LEADER-Überall_{date.today().isoformat()}.regiodesk"
    assert protocol.read_bytes().startswith(b"%PDF")
    successor = Database.open(target, device_id="test-device")
    assert _names(successor) == ["Amsel"]
    successor.close()


# ---------------------------------------------------------------- sync and join
def test_sync_and_join_through_a_shared_folder(tmp_path):
    folder = tmp_path / "geteilt"
    folder.mkdir()
    path = _office_file(tmp_path / "anna.regiodesk", "Amsel")
    with Office.open(path, writing=True) as office:
        with pytest.raises(DomainError, match="kein gemeinsamer Ordner"):
            office.sync()
        assert "gesendet" in office.sync(folder).summary()
    joined, _report = Office.join(folder, tmp_path / "ben.regiodesk", remember=True)
    assert preferences.sync_settings(joined.absolute()).folder == str(folder)
    with Office.open(joined) as ben:
        assert _names(ben.db) == ["Amsel"]
        assert ben.sync_folder() == str(folder)
        ben.sync()  # the remembered folder


# ---------------------------------------------------------------- preferences and the start
def test_preferences_fall_back_to_their_defaults_and_are_written_whole(tmp_path):
    assert preferences.recent_files() == []
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / preferences.RECENT_FILES.file).write_text("{kaputt", encoding="utf-8")
    assert preferences.recent_files() == []  # a broken file means the default
    preferences.remember_file(tmp_path / "a.regiodesk")
    assert preferences.recent_files() == [(tmp_path / "a.regiodesk").absolute()]
    assert json.loads((config_dir() / preferences.RECENT_FILES.file).read_text(encoding="utf-8"))
    assert sorted(p.name for p in config_dir().iterdir()) == [preferences.RECENT_FILES.file]  # no temp file
    assert len({p.file for p in preferences.ALL}) == len(preferences.ALL)  # one file per preference


def test_importing_the_office_does_not_pull_sqlalchemy_into_the_start():
    code = (
        "import sys, regiodesk.office\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'PySide6'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_backup_made_elsewhere_is_found_as_the_newest_good_one(tmp_path):
    path = _office_file(tmp_path / "buero.regiodesk", "Amsel")
    make_backup(path, "manuell")
    with Office.open(path) as office:
        assert [b.reason for b in office.backups()] == ["manuell"]
        assert office.newest_good_backup() == office.backups()[0]
