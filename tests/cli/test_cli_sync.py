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


def _synced_twice(tmp_path):
    folder = tmp_path / "geteilt"
    folder.mkdir()
    path = tmp_path / "anna.regiodesk"
    _office(path)
    for _ in range(2):  # the second run reads the first one's journal back: nothing new after it
        assert main(["--db", str(path), "sync", "--folder", str(folder)]) == 0
    return path, folder


def test_a_scheduled_sync_with_nothing_new_is_answered_without_the_full_run(tmp_path, capsys, monkeypatch):
    from regiodesk.sync.engine import SyncService

    path, folder = _synced_twice(tmp_path)
    full = capsys.readouterr().out.splitlines()[-1]
    assert full == "Synchronisiert: 0 Änderungen gesendet, 0 Änderungen empfangen"

    def no_full_run(*_args, **_kwargs):
        raise AssertionError("the full run was not needed")

    monkeypatch.setattr(SyncService, "run", no_full_run)
    assert main(["--db", str(path), "sync", "--folder", str(folder)]) == 0
    assert capsys.readouterr().out.strip() == full  # the same answer


def test_a_sync_with_an_own_change_takes_the_full_run(tmp_path, capsys):
    path, folder = _synced_twice(tmp_path)
    _office(path, "Markt Neudorf")  # a change made in the window meanwhile
    capsys.readouterr()
    assert main(["--db", str(path), "sync", "--folder", str(folder)]) == 0
    assert "0 Änderungen gesendet" not in capsys.readouterr().out


def test_an_idle_sync_while_the_window_has_the_database_open_is_refused(tmp_path, capsys):
    path, folder = _synced_twice(tmp_path)
    capsys.readouterr()
    with DatabaseLock(path):
        assert main(["--db", str(path), "sync", "--folder", str(folder)]) == 1
    assert "bereits geöffnet" in capsys.readouterr().err
