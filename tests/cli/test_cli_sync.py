"""`regiodesk sync`: exchange changes from a script or scheduled task; join a new laptop."""

from __future__ import annotations

from regiodesk.cli import main
from regiodesk.db.custody import DatabaseLock
from regiodesk.db.database import Database
from regiodesk.services.contacts import ContactService


def _office(path, name="Gemeinde Überall"):
    db = Database.open(path)
    contact = ContactService(db).create({"kind": "institution", "organisation": name})
    db.close()
    return contact


def test_sync_join_and_sync_back(tmp_path, capsys):
    folder = tmp_path / "geteilt"
    folder.mkdir()
    first = tmp_path / "anna.regiodesk"
    contact = _office(first)
    assert main(["--db", str(first), "sync", "--folder", str(folder)]) == 0
    assert "gesendet" in capsys.readouterr().out
    second = tmp_path / "ben.regiodesk"
    assert main(["--db", str(second), "sync", "--folder", str(folder), "--join"]) == 0
    assert "Beigetreten" in capsys.readouterr().out
    db = Database.open(second)
    assert ContactService(db).load(contact)["organisation"] == "Gemeinde Überall"
    db.close()


def test_sync_refusals_exit_1_with_one_german_line(tmp_path, capsys):
    path = tmp_path / "anna.regiodesk"
    _office(path)
    assert main(["--db", str(path), "sync", "--folder", str(tmp_path / "fehlt")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("regiodesk: Den gemeinsamen Ordner") and "\n" not in err


def test_sync_while_the_window_has_the_database_open_is_refused(tmp_path, capsys):
    folder = tmp_path / "geteilt"
    folder.mkdir()
    path = tmp_path / "anna.regiodesk"
    _office(path)
    with DatabaseLock(path):
        assert main(["--db", str(path), "sync", "--folder", str(folder)]) == 1
    assert "bereits geöffnet" in capsys.readouterr().err
    assert list(folder.iterdir()) == []
