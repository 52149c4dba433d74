"""The sqlite3-only answer to a sync with nothing new (sync.idle): given only when the full run
would send, receive and write nothing, and never otherwise (then the full run decides)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time

import pytest
from sync_helpers import Laptop

from regiodesk.sync import SyncError
from regiodesk.sync import folder as files
from regiodesk.sync.idle import idle_sync


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(laptop: Laptop, folder) -> tuple:
    """What a sync can change: the sync tables, the log, and every file in the folder."""
    tables = tuple(
        laptop.rows(sql)
        for sql in (
            "SELECT key, value FROM sync_meta ORDER BY key",
            "SELECT * FROM sync_device ORDER BY device_id",
            "SELECT count(*), max(seq) FROM change_log",
        )
    )
    listing = sorted(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    )
    return tables, tuple(listing)


@pytest.fixture
def settled(pair, folder):
    """Anna after full runs that left nothing to do (her own journal checked once)."""
    anna, ben, ids = pair
    anna.sync(folder)
    anna.sync(folder)
    return anna, ben, ids


def _idle(laptop: Laptop, folder, name: str = ""):
    return idle_sync(laptop.path, folder, laptop.device_id, name)


def test_nothing_new_is_answered_as_the_full_run_answers_it(settled, folder):
    anna, _ben, _ids = settled
    before = _state(anna, folder)
    file_before = _digest(anna.path)
    fast = _idle(anna, folder)
    assert fast is not None
    assert _digest(anna.path) == file_before  # the database is only read
    full = anna.sync(folder)
    assert fast.summary() == full.summary() == "0 Änderungen gesendet, 0 Änderungen empfangen"
    assert _state(anna, folder) == before  # the full run had nothing to do either


def test_an_own_change_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    anna.contacts.create({"kind": "person", "last_name": "Neu"})
    assert _idle(anna, folder) is None
    assert anna.sync(folder).sent > 0


def test_another_laptops_journal_goes_to_the_full_run(settled, folder):
    anna, ben, ids = settled
    ben.contacts.update(ids[0], {"last_name": "Geändert"})
    ben.sync(folder)
    assert _idle(anna, folder) is None
    assert anna.sync(folder).received > 0


def test_a_journal_still_arriving_goes_to_the_full_run(settled, folder):
    anna, ben, _ids = settled
    partial = files.journal_path(folder, ben.device_id, 1)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b'{"format": 1, "entr')  # the cloud client has not finished
    assert _idle(anna, folder) is None
    assert anna.sync(folder).skipped_files  # the full run tells the user


def test_a_journal_of_an_unknown_device_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    stranger = files.journal_path(folder, "99999999-aaaa-bbbb-cccc-000000000009", 1)
    stranger.parent.mkdir(parents=True)
    stranger.write_bytes(b"{}")
    assert _idle(anna, folder) is None


def test_an_own_journal_changed_since_its_check_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    own = files.journal_path(folder, anna.device_id, 1)
    stat = own.stat()
    os.utime(own, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert _idle(anna, folder) is None
    before = anna.rows("SELECT value FROM sync_meta WHERE key = 'own_journals_checked'")
    anna.sync(folder)  # checks it again and remembers it as it is now
    assert anna.rows("SELECT value FROM sync_meta WHERE key = 'own_journals_checked'") != before
    assert _idle(anna, folder) is not None


def test_an_own_journal_never_checked_goes_to_the_full_run(pair, folder):
    anna, _ben, _ids = pair  # synced once: her journal was written, not yet read back
    assert files.journal_path(folder, anna.device_id, 1).exists()
    assert _idle(anna, folder) is None


def test_a_due_snapshot_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    for path in (folder / files.SNAPSHOTS).iterdir():
        old = int((time.time() - 31 * 86_400) * 1000)
        _stamp, rest = path.name.split("_", 1)
        path.rename(path.with_name(f"{old:015d}_{rest}"))
    assert _idle(anna, folder) is None
    assert anna.sync(folder).snapshot is not None


def test_a_folder_without_identity_goes_to_the_full_run(settled, tmp_path):
    anna, _ben, _ids = settled
    empty = tmp_path / "leer"
    empty.mkdir()
    assert _idle(anna, empty) is None
    with pytest.raises(SyncError, match="ist leer"):
        anna.sync(empty)


def test_another_offices_folder_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    identity = folder / files.IDENTITY
    body = json.loads(identity.read_text(encoding="utf-8"))
    identity.write_text(json.dumps({**body, "dataset_id": "fremd", "region_settings_id": "fremd"}))
    assert _idle(anna, folder) is None
    with pytest.raises(SyncError, match="anderen Datenbank"):
        anna.sync(folder)


def test_a_newer_folder_format_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    identity = folder / files.IDENTITY
    body = json.loads(identity.read_text(encoding="utf-8"))
    identity.write_text(json.dumps({**body, "format": files.FORMAT + 1}))
    assert _idle(anna, folder) is None
    with pytest.raises(SyncError, match="neueren regiodesk-Version"):
        anna.sync(folder)


def test_a_missing_folder_goes_to_the_full_run(settled, tmp_path):
    anna, _ben, _ids = settled
    assert _idle(anna, tmp_path / "fehlt") is None


def test_a_new_device_id_to_go_on_under_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    _set_meta(anna, "renamed", json.dumps({anna.device_id: {"to": "neu", "seq": 0}}))
    assert _idle(anna, folder) is None


def test_a_new_laptop_name_goes_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    assert _idle(anna, folder, name="Anna-Laptop") is not None
    assert _idle(anna, folder, name="Anna im Büro") is None


def test_own_changes_read_back_still_to_account_for_go_to_the_full_run(settled, folder):
    anna, _ben, _ids = settled
    _set_meta(anna, "own_received", json.dumps({"seqs": [10_000]}))
    assert _idle(anna, folder) is None


def test_a_database_that_never_synced_goes_to_the_full_run(tmp_path, folder):
    from sync_helpers import device

    fresh = Laptop(tmp_path / "neu.regiodesk", device(3))
    try:
        assert _idle(fresh, folder) is None
    finally:
        fresh.close()


def test_a_damaged_database_goes_to_the_full_run(settled, folder, tmp_path):
    anna, _ben, _ids = settled
    broken = tmp_path / "kaputt.regiodesk"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert idle_sync(broken, folder, anna.device_id) is None


def _set_meta(laptop: Laptop, key: str, value: str) -> None:
    con = sqlite3.connect(laptop.path)
    with con:
        con.execute("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)", (key, value))
    con.close()
