"""Commands that write the database hold its lock: while the window (or another command) has the
file open they stop with a clear German message and exit code 1, and change nothing."""

from __future__ import annotations

import sqlite3

import pytest
from openpyxl import Workbook

from regiodesk.cli import main
from regiodesk.db.custody import DatabaseLock
from regiodesk.services.contacts import ContactService


def _snapshot(path) -> tuple:
    con = sqlite3.connect(path)
    try:
        return (
            con.execute("SELECT COUNT(*) FROM contact").fetchone()[0],
            con.execute("SELECT COUNT(*) FROM project").fetchone()[0],
            con.execute("SELECT COUNT(*) FROM change_log").fetchone()[0],
            con.execute("SELECT COUNT(*) FROM setting").fetchone()[0],
        )
    finally:
        con.close()


@pytest.fixture
def office(db, tmp_path):
    ContactService(db).create({"kind": "person", "first_name": "Erika", "last_name": "Vorhanden"})
    db.close()
    contacts = tmp_path / "kontakte.csv"
    contacts.write_text("Vorname;Nachname;E-Mail\nJörg;Müller;jm@example.de\n", encoding="utf-8")
    book = Workbook()
    book.active.append(["Projekttitel", "Status"])
    book.active.append(["Dorfladen", "Idee"])
    projects = tmp_path / "projekte.xlsx"
    book.save(projects)
    return {"db": db.path, "contacts": contacts, "projects": projects}


@pytest.mark.parametrize("area", ["contacts", "projects"])
def test_an_import_while_the_window_has_the_file_open_is_refused(office, area, capsys):
    before = _snapshot(office["db"])
    with DatabaseLock(office["db"]):  # as the window holds it
        code = main(["--db", str(office["db"]), "import", area, str(office[area])])
        err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("regiodesk: Die Datenbank ist bereits geöffnet (regiodesk auf ")
    assert "Bitte dort schließen" in err
    assert _snapshot(office["db"]) == before
    assert not list(office["db"].parent.glob("userdata/**/*vor-import*"))  # not even a backup
    # once the window is closed the same import goes through, and releases the lock again
    assert main(["--db", str(office["db"]), "import", area, str(office[area])]) == 0
    assert _snapshot(office["db"]) != before
    assert not DatabaseLock(office["db"]).path.exists()
    with DatabaseLock(office["db"]):
        pass


def test_a_failed_import_releases_the_lock(office, tmp_path, capsys):
    broken = tmp_path / "leer.csv"
    broken.write_text("", encoding="utf-8")
    assert main(["--db", str(office["db"]), "import", "contacts", str(broken)]) == 1
    capsys.readouterr()
    with DatabaseLock(office["db"]):  # not left locked
        pass


def test_demo_into_a_path_another_regiodesk_is_creating_is_refused(tmp_path, capsys):
    path = tmp_path / "neu" / "demo.regiodesk"
    path.parent.mkdir()
    with DatabaseLock(path):
        assert main(["--db", str(path), "demo"]) == 1
    assert "bereits geöffnet" in capsys.readouterr().err
    assert not path.exists()


def test_reading_commands_work_while_the_window_has_the_file_open(office, tmp_path, capsys):
    with DatabaseLock(office["db"]):
        assert main(["--db", str(office["db"]), "list", "contacts"]) == 0
        assert main(["--db", str(office["db"]), "check"]) == 0
        assert main(["--db", str(office["db"]), "handover", "--out", str(tmp_path / "u.regiodesk")]) == 0
    assert "Vorhanden" in capsys.readouterr().out
