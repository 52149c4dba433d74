"""Two installations writing under one device id (a copied installation, a cloned disk image):
when the cloud client renames one of two colliding journals, nothing may be lost."""

from __future__ import annotations

import sqlite3

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


def test_a_copy_of_a_laptop_whose_journals_collide_gets_a_new_id_and_nothing_is_lost(pair, folder, tmp_path):
    anna, ben, ids = pair
    path = tmp_path / "kopie.regiodesk"
    _copy_database(anna, path)  # the whole profile (or disk) copied: same id, same database
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


def test_a_copied_installation_that_joins_takes_a_new_id_at_its_first_sync(pair, folder, tmp_path):
    """The settings folder copied to a new laptop, which then joined: the folder already holds
    journals under its id that its database did not write."""
    anna, ben, ids = pair
    path, report = join(folder, tmp_path / "kopie.regiodesk", device_id=anna.device_id)
    copy = Laptop(path, copy_id := report and anna.device_id)
    assert any("neue Kennung" in notice for notice in report.notices)
    copy.close()
    copy = Laptop(path, copy_id)  # opened again under the id of its settings: the database knows better
    copy.contacts.update(ids[0], {"first_name": "Von der Kopie"})
    anna.contacts.update(ids[0], {"last_name": "Vom Original"})
    copy.sync(folder)
    assert copy.db.device_id != anna.device_id
    anna.sync(folder)
    ben.sync(folder)
    for laptop in (anna, ben):
        record = laptop.contacts.load(ids[0])
        assert (record["first_name"], record["last_name"]) == ("Von der Kopie", "Vom Original")
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


def test_own_changes_read_back_after_restoring_a_backup_are_not_sent_again_over_later_edits(pair, folder):
    """Sent again, they were restamped as new edits and won over what Ben changed after seeing them."""
    anna, ben, ids = pair
    from regiodesk.db.custody import make_backup, restore_backup

    backup = make_backup(anna.path, "test")
    anna.contacts.update(ids[0], {"first_name": "Nach der Sicherung"})
    anna.sync(folder)
    anna.close()
    restore_backup(backup, anna.path)
    anna.db = Laptop(anna.path, device(1)).db
    anna.sync(folder)  # reads her own change back from the folder
    ben.sync(folder)
    ben.contacts.update(ids[0], {"first_name": "Ben, danach"})
    ben.sync(folder)
    anna.sync(folder)
    anna.sync(folder)
    ben.sync(folder)
    for laptop in (anna, ben):
        assert laptop.contacts.load(ids[0])["first_name"] == "Ben, danach"
        assert laptop.conflicts() == []


def test_the_new_id_survives_a_laptop_dying_before_its_settings_are_written(pair, folder, tmp_path):
    """The settings (device.json) still name the old id: the database knows better, and the
    changes made under the old id meanwhile travel under the new one."""
    import json

    from regiodesk.device import this_device
    from regiodesk.paths import config_dir

    anna, ben, ids = pair
    path = tmp_path / "kopie.regiodesk"
    _copy_database(anna, path)
    settings = config_dir() / "device.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"id": anna.device_id, "name": "Kopie"}), encoding="utf-8")
    this_device.cache_clear()
    copy = Laptop(path, this_device().id)
    copy.contacts.update(ids[0], {"first_name": "Kopie 1"})
    [from_copy] = copy.sync(folder).journals_written
    parked = tmp_path / "unterwegs.json"
    from_copy.rename(parked)
    anna.contacts.update(ids[1], {"first_name": "Original"})
    [from_anna] = anna.sync(folder).journals_written
    parked.rename(from_anna.with_name(f"{from_anna.stem} (Konfliktkopie).json"))
    copy.sync(folder)
    new_id = copy.db.device_id
    assert new_id != anna.device_id
    assert json.loads(settings.read_text(encoding="utf-8"))["id"] == new_id  # this installation's id
    copy.close()
    # as if the settings had not been written before the laptop died
    settings.write_text(json.dumps({"id": anna.device_id, "name": "Kopie"}), encoding="utf-8")
    this_device.cache_clear()
    copy = Laptop(path, this_device().id)
    copy.contacts.update(ids[2], {"first_name": "Kopie 2"})  # logged under the old id
    copy.sync(folder)
    assert copy.db.device_id == new_id
    ben.sync(folder)
    assert [ben.contacts.load(i)["first_name"] for i in ids] == ["Kopie 1", "Original", "Kopie 2"]
    copy.close()
