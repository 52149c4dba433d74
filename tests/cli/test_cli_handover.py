"""`regiodesk --db FILE handover --out X.regiodesk [--protocol X.pdf]`: one file the successor opens
on another machine and continues in, and the Übergabeprotokoll beside it."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from document_helpers import pdf_text

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.integrity import AREAS
from regiodesk.db.schema import HEAD, FileKind, inspect_file
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService

TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, demo_region):
    path = tmp_path_factory.mktemp("demo") / "demo.regiodesk"
    return demo_region(path, device_id="predecessor", today=TODAY)


def _counts(path) -> dict[str, tuple[int, int]]:
    con = sqlite3.connect(path)
    try:
        tables = [table for _, table in AREAS] + [
            "change_log",
            "region_settings",
            "funding_period",
            "setting",
        ]
        return {
            table: con.execute(
                f"SELECT COUNT(*), COUNT(deleted_at) FROM {table}"
                if table != "change_log"
                else "SELECT COUNT(*), 0 FROM change_log"
            ).fetchone()
            for table in tables
        }
    finally:
        con.close()


def test_handover_with_protocol_and_the_successor_continues(demo_file, tmp_path, capsys):
    out = tmp_path / "Uebergabe.regiodesk"
    protocol = tmp_path / "Uebergabeprotokoll.pdf"
    before = _counts(demo_file)
    code = main(["--db", str(demo_file), "handover", "--out", str(out), "--protocol", str(protocol)])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert f"Übergabedatei angelegt: {out}" in printed
    assert f"Übergabeprotokoll geschrieben: {protocol}" in printed
    assert not list(tmp_path.glob("*.part"))

    # one file, current schema, the same rows as the original (the original is unchanged)
    assert inspect_file(out).kind is FileKind.CURRENT
    assert not (tmp_path / "Uebergabe.regiodesk-wal").exists()
    assert _counts(out) == before
    assert _counts(demo_file) == before

    # the protocol names the region, the LAG and a count
    text = pdf_text(protocol)
    assert "Übergabeprotokoll" in text and "Jurahöhen-Mühlbachtal" in text
    assert "Lokale Aktionsgruppe" in text
    assert f"Kontakte {before['contact'][0] - before['contact'][1]} " in text

    # the successor opens it on a new machine with another device id and adds a record
    successor = Database.open(out, device_id="successor")
    try:
        assert successor.damaged == ""
        contacts = ContactService(successor)
        new = contacts.create({"kind": "person", "first_name": "Nele", "last_name": "Nachfolgerin"})
        projects = ProjectService(successor)
        project = projects.create({"title": "Erstes Projekt der Nachfolge", "status": "idee"})
        assert contacts.load(new)["last_name"] == "Nachfolgerin"
        assert projects.load(project)["title"] == "Erstes Projekt der Nachfolge"
    finally:
        successor.close()
    after = _counts(out)
    assert after["contact"][0] == before["contact"][0] + 1
    assert after["project"][0] == before["project"][0] + 1
    assert after["change_log"][0] > before["change_log"][0]
    con = sqlite3.connect(out)
    devices = {row[0] for row in con.execute("SELECT DISTINCT device_id FROM change_log")}
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    con.close()
    assert devices == {"predecessor", "successor"}  # the whole history travelled, and goes on


def test_handover_without_protocol_writes_only_the_file(demo_file, tmp_path, capsys):
    out = tmp_path / "nur-datei.regiodesk"
    assert main(["--db", str(demo_file), "handover", "--out", str(out)]) == 0
    assert "Übergabeprotokoll" not in capsys.readouterr().out
    assert out.exists()
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.part"))


def test_an_existing_target_is_never_overwritten(db, tmp_path, capsys):
    ContactService(db).create({"kind": "person", "last_name": "Vorgänger"})
    out = tmp_path / "schon-da.regiodesk"
    out.write_bytes(b"alt")
    protocol = tmp_path / "protokoll.pdf"
    code = main(["--db", str(db.path), "handover", "--out", str(out), "--protocol", str(protocol)])
    assert code == 1
    assert "gibt es schon" in capsys.readouterr().err
    assert out.read_bytes() == b"alt"
    assert not protocol.exists()


def test_a_missing_folder_for_the_protocol_is_refused_before_anything_is_written(db, tmp_path, capsys):
    out = tmp_path / "uebergabe.regiodesk"
    protocol = tmp_path / "fehlt" / "protokoll.pdf"
    code = main(["--db", str(db.path), "handover", "--out", str(out), "--protocol", str(protocol)])
    assert code == 1
    assert "gibt es nicht" in capsys.readouterr().err
    assert not out.exists()
