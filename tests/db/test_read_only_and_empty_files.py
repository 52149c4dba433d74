"""Read-only files and folders, empty files and what a read-only command leaves behind.

A read-only file or folder is opened for reading: check, list, print and export work, every
command that writes stops with one German line. An empty (0-byte) or missing file is never
turned into an office by anything but an explicit "new". ``check`` leaves the folder as it
found it.

Tests run as root here, and root ignores file permissions: ``chattr +i`` (immutable) binds
root as well, so SQLite really meets a file or folder it cannot write (a permission that only
``os.access`` would report differently would not exercise SQLite's own behaviour, e.g. that a
WAL file in a read-only folder does not open at all without its -shm). Without root the
permission bits do the same.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from file_helpers import read_only

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.integrity import check_file
from regiodesk.db.schema import DatabaseFileError, FileKind, inspect_file
from regiodesk.services.contacts import ContactService


@pytest.fixture
def office(tmp_path) -> Path:
    """A closed regiodesk file with two contacts, alone in its folder."""
    folder = tmp_path / "ablage"
    folder.mkdir()
    db = Database.open(folder / "office.regiodesk", device_id="test-device")
    service = ContactService(db)
    service.create({"kind": "person", "first_name": "Anna", "last_name": "Amsel"})
    service.create({"kind": "person", "first_name": "Bert", "last_name": "Buchfink"})
    db.close()
    return folder / "office.regiodesk"


@pytest.fixture
def contact_list(tmp_path) -> Path:
    path = tmp_path / "kontakte.csv"
    path.write_text("Vorname;Nachname\nCarla;Coburg\n", encoding="utf-8")
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def one_german_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and "readonly database" not in err and "Errno" not in err
    return lines[0]


# ----------------------------------------------------------------------------- check leaves nothing
def test_check_leaves_the_folder_as_it_found_it(office, capsys):
    before = listing(office.parent)
    assert main(["--db", str(office), "check"]) == 0
    assert "Ergebnis: in Ordnung" in capsys.readouterr().out
    assert listing(office.parent) == before == ["office.regiodesk"]  # no -wal, no -shm


def test_check_of_a_file_in_use_still_reads_its_newest_changes(office):
    """While the file is open (its -wal beside it), check reads through the WAL, not past it."""
    db = Database.open(office, device_id="test-device")
    try:
        ContactService(db).create({"kind": "person", "first_name": "Dora", "last_name": "Dohle"})
        report = check_file(office)
        assert report.ok and report.counts["Kontakte"] == (3, 0)
    finally:
        db.close()
    assert listing(office.parent) == ["office.regiodesk"]


# ----------------------------------------------------------------------------- read-only folder / file
@pytest.mark.parametrize("what", ["folder", "file"])
def test_reading_commands_work_on_a_read_only_office(office, what, tmp_path, capsys):
    target = office.parent if what == "folder" else office
    db_args = ["--db", str(office)]
    with read_only(target):
        assert inspect_file(office).kind is FileKind.CURRENT
        assert main([*db_args, "check"]) == 0
        out = capsys.readouterr().out
        assert "in Ordnung" in out and "beschädigt" not in out
        assert main([*db_args, "list", "contacts"]) == 0
        assert "Amsel" in capsys.readouterr().out
        assert main([*db_args, "export", "contacts", "--out", str(tmp_path / "k.xlsx")]) == 0
        assert main([*db_args, "backup"]) == 0
        capsys.readouterr()
    assert listing(office.parent) == ["office.regiodesk"]


@pytest.mark.parametrize("what", ["folder", "file"])
def test_writing_commands_stop_with_one_german_line_on_a_read_only_office(
    office, what, contact_list, tmp_path, capsys
):
    target = office.parent if what == "folder" else office
    before = office.read_bytes()
    db_args = ["--db", str(office)]
    with read_only(target):
        assert main([*db_args, "import", "contacts", str(contact_list)]) == 1
        line = one_german_line(capsys.readouterr().err)
        assert "schreibgeschützt" in line and "nur gelesen" in line
        assert main([*db_args, "sync", "--folder", str(tmp_path / "geteilt")]) == 1
        assert "schreibgeschützt" in one_german_line(capsys.readouterr().err)
    assert office.read_bytes() == before
    assert listing(office.parent) == ["office.regiodesk"]


def test_a_read_only_office_opens_for_reading_and_refuses_a_write_in_german(office):
    with read_only(office.parent):
        db = Database.open(office, device_id="test-device")
        try:
            assert "schreibgeschützt" in db.read_only
            assert len(ContactService(db).rows()) == 2
            with pytest.raises(DatabaseFileError, match="nur gelesen"):
                ContactService(db).create({"kind": "person", "last_name": "Elster"})
        finally:
            db.close()
    assert listing(office.parent) == ["office.regiodesk"]


def test_a_wal_with_changes_in_a_read_only_folder_is_explained_not_called_damaged(office, tmp_path):
    """A -wal left by a crash, without its -shm, in a folder SQLite cannot write: it cannot be
    read here (immutable would ignore the changes in the -wal); the message says why."""
    live = sqlite3.connect(office)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("UPDATE contact SET last_name = 'Amsel-Neu' WHERE last_name = 'Amsel'")
    live.commit()
    copy = tmp_path / "kopie"
    copy.mkdir()
    shutil.copyfile(office, copy / office.name)  # as a crash leaves it: file and -wal, no -shm
    shutil.copyfile(f"{office}-wal", copy / f"{office.name}-wal")
    live.close()
    target = copy / office.name
    with read_only(copy):
        state = inspect_file(target)
        assert state.kind is FileKind.UNREADABLE
        with pytest.raises(DatabaseFileError) as refused:
            Database.open(target, device_id="test-device")
        assert "beschädigt" not in str(refused.value)
        assert "schreibgeschützt" in str(refused.value) and "-wal" in str(refused.value)
        report = check_file(target)
        assert not report.ok and "beschädigt" not in " ".join(report.problems)
    db = Database.open(target, device_id="test-device")  # writable again: the change is there
    try:
        assert any("Amsel-Neu" in str(row.values[0]) for row in ContactService(db).rows())
    finally:
        db.close()


# ----------------------------------------------------------------------------- empty and missing files
def test_an_empty_file_is_not_made_an_office_by_list_or_sync(tmp_path, capsys):
    empty = tmp_path / "leer.regiodesk"
    empty.write_bytes(b"")
    assert main(["--db", str(empty), "list", "contacts"]) == 1
    assert "leer (0 Byte)" in one_german_line(capsys.readouterr().err)
    assert main(["--db", str(empty), "sync", "--folder", str(tmp_path / "geteilt")]) == 1
    assert "leer (0 Byte)" in one_german_line(capsys.readouterr().err)
    assert main(["--db", str(empty), "export", "contacts", "--out", str(tmp_path / "k.csv")]) == 1
    capsys.readouterr()
    assert empty.read_bytes() == b""
    assert [name for name in listing(tmp_path) if name.startswith("leer")] == ["leer.regiodesk"]


def test_open_refuses_to_create_when_asked_not_to(tmp_path):
    missing = tmp_path / "fehlt.regiodesk"
    with pytest.raises(DatabaseFileError, match="gibt es nicht"):
        Database.open(missing, device_id="test-device", create=False)
    assert not missing.exists()


def test_an_output_folder_without_permission_is_one_german_line(office, tmp_path, capsys):
    out = tmp_path / "ausgabe"
    out.mkdir()
    with read_only(out):
        assert main(["--db", str(office), "export", "contacts", "--out", str(out / "k.xlsx")]) == 1
    assert f"Keine Berechtigung, im Ordner „{out}“" in one_german_line(capsys.readouterr().err)
    assert list(out.iterdir()) == []


def test_a_medium_read_only_although_reported_writable_is_one_german_line(
    office, contact_list, monkeypatch, capsys
):
    """A share or a stick's lock switch: the operating system says writable, SQLite finds otherwise."""
    import regiodesk.db.database as database

    monkeypatch.setattr(database, "write_refusal", lambda _path: "")
    before = office.read_bytes()
    with read_only(office):
        assert main(["--db", str(office), "import", "contacts", str(contact_list)]) == 1
    assert "schreibgeschützt" in one_german_line(capsys.readouterr().err)
    assert office.read_bytes() == before


def test_a_demo_into_a_read_only_folder_is_one_german_line(tmp_path, capsys):
    folder = tmp_path / "nur-lesen"
    folder.mkdir()
    with read_only(folder):
        assert main(["--db", str(folder / "demo.regiodesk"), "demo"]) == 1
        assert "schreibgeschützt" in one_german_line(capsys.readouterr().err)
        assert main(["--db", str(folder / "neu" / "demo.regiodesk"), "demo"]) == 1
        assert "gibt es nicht" in one_german_line(capsys.readouterr().err)
    assert list(folder.iterdir()) == []
