"""Two installations writing under one device id (a copied installation, a cloned disk image):
when the cloud client renames one of two colliding journals, nothing may be lost."""

from __future__ import annotations

import sqlite3

import pytest
from sync_helpers import Laptop, device

from regiodesk.sync import join
from regiodesk.sync.folder import JOURNALS


def _copy_database(source: Laptop, target) -> None:
    """A copy of the whole file, as a copied profile folder or a cloned disk holds it."""
    src, dst = sqlite3.connect(source.path), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.mark.parametrize("how", ["joined", "copied"])
def test_a_second_installation_with_the_same_id_gets_a_new_one_and_nothing_is_lost(
    pair, folder, tmp_path, how
):
    anna, ben, ids = pair
    if how == "joined":  # the settings folder copied to a new laptop, which then joined
        path, _ = join(folder, tmp_path / "kopie.regiodesk", device_id=anna.device_id)
    else:  # the whole profile (or disk) copied
        path = tmp_path / "kopie.regiodesk"
        _copy_database(anna, path)
    copy = Laptop(path, anna.device_id)
    copy.contacts.update(ids[0], {"first_name": "Von der Kopie"})
    anna.contacts.update(ids[1], {"first_name": "Vom Original"})
    # both sync before the cloud client has brought the other's file: the same number twice
    [from_copy] = copy.sync(folder).journals_written
    parked = tmp_path / "unterwegs.json"
    from_copy.rename(parked)
    [from_anna] = anna.sync(folder).journals_written
    assert from_anna.name == from_copy.name
    # the cloud client keeps one under the name and renames the other (never read)
    parked.rename(from_anna.with_name(f"{from_anna.stem} (Konfliktkopie).json"))

    report = copy.sync(folder)
    anna_report = anna.sync(folder)
    ben.sync(folder)
    copy.sync(folder)
    anna.sync(folder)
    for laptop in (anna, ben, copy):
        assert laptop.contacts.load(ids[0])["first_name"] == "Von der Kopie"
        assert laptop.contacts.load(ids[1])["first_name"] == "Vom Original"
    assert anna.contact_state() == ben.contact_state() == copy.contact_state()
    # the copy noticed, said so, and took a new id; the original keeps its own
    assert copy.db.device_id != anna.device_id
    assert any("neue Kennung" in notice for notice in report.notices)
    assert (folder / JOURNALS / copy.db.device_id).is_dir()
    assert anna.db.device_id == device(1) and not anna_report.notices
    # later changes of the copy travel under its new id
    copy.contacts.update(ids[2], {"first_name": "Danach"})
    copy.sync(folder)
    ben.sync(folder)
    assert ben.contacts.load(ids[2])["first_name"] == "Danach"
    copy.close()


def test_a_restored_backup_keeps_its_id(pair, folder):
    """Journals ahead of what the database wrote, from the same database: no second writer."""
    anna, _ben, ids = pair
    from regiodesk.db.custody import make_backup, restore_backup

    backup = make_backup(anna.path, "test")
    anna.contacts.update(ids[0], {"first_name": "Nach der Sicherung"})
    anna.sync(folder)
    anna.close()
    restore_backup(backup, anna.path)
    anna.db = Laptop(anna.path, device(1)).db
    report = anna.sync(folder)
    assert anna.db.device_id == device(1) and not report.notices
    assert anna.contacts.load(ids[0])["first_name"] == "Nach der Sicherung"
