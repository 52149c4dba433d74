"""Journals stay readable across versions: files written by an earlier regiodesk (the fixture was
written by commit 48e3670) are read and applied, and written again byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sync_helpers import Laptop, device

from regiodesk.db.models import SyncMeta
from regiodesk.sync.entries import checked_entries
from regiodesk.sync.folder import IDENTITY, JOURNALS, read_journal, write_journal

FIXTURE = Path(__file__).parent / "fixtures" / "journals_48e3670"
ANNA = device(1)
AYSE, INSTITUTION, REMOVED = (
    "1c344dc3-9dec-4a63-a623-45b056db4120",
    "f4e54226-c6e8-45c3-a070-5b5f6c632925",
    "64d52bde-cef3-428d-bddc-b8a899806cb8",
)


def fixture_journals() -> list[Path]:
    return sorted((FIXTURE / JOURNALS / ANNA).glob("*.json"))


def test_an_earlier_versions_journals_are_written_again_byte_for_byte(tmp_path):
    assert len(fixture_journals()) == 2
    for path in fixture_journals():
        journal = read_journal(path)
        checked_entries(journal)  # nothing in them this version refuses
        written = write_journal(tmp_path, journal)
        assert written.relative_to(tmp_path) == path.relative_to(FIXTURE)
        assert written.read_bytes() == path.read_bytes()


def test_an_earlier_versions_journals_are_applied(tmp_path):
    folder = tmp_path / "geteilt"
    shutil.copytree(FIXTURE, folder)
    dataset = json.loads((folder / IDENTITY).read_text(encoding="utf-8"))["dataset_id"]
    ben = Laptop(tmp_path / "ben.regiodesk", device(2))
    with ben.db.transaction() as session:
        session.merge(SyncMeta(key="dataset_id", value=dataset))
    report = ben.sync(folder)
    assert report.journals_applied == 2 and report.conflicts == 0 and not report.damaged_files
    assert ben.contact_state() == [
        (AYSE, "person", "Ayşe", "Öztürk", 0),
        (REMOVED, "person", "", "Weg", 1),
        (INSTITUTION, "institution", "", "", 0),
    ]
    assert [row[1:] for row in ben.email_state()] == [(AYSE, "c@example.de", 0)]
    ben.close()


def test_journals_written_now_have_the_earlier_versions_shape(tmp_path):
    folder = tmp_path / "geteilt"
    folder.mkdir()
    anna = Laptop(tmp_path / "anna.regiodesk", ANNA)
    anna.contacts.create({"kind": "person", "first_name": "Çağlar", "last_name": "Öztürk"})
    [path] = anna.sync(folder).journals_written
    anna.close()
    now, before = json.loads(path.read_bytes()), json.loads(fixture_journals()[0].read_bytes())
    assert sorted(now) == sorted(before)
    shape = {tuple(type(value).__name__ for value in entry) for entry in now["entries"]}
    assert shape <= {tuple(type(value).__name__ for value in entry) for entry in before["entries"]}
    assert (
        path.read_bytes()
        == json.dumps(now, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
