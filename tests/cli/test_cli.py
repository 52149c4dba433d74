"""The command line, run as a user runs it: exit codes, German messages, output."""

from __future__ import annotations

import json
import sqlite3

import pytest

from regiodesk import __version__
from regiodesk.cli import main
from regiodesk.db.schema import HEAD
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"regiodesk {__version__}"


def test_check_a_sound_file(db, capsys):
    ContactService(db).create({"kind": "person", "last_name": "Müller"})
    cid = ContactService(db).create({"kind": "person", "last_name": "Weg"})
    ContactService(db).delete(cid)
    assert main(["--db", str(db.path), "check"]) == 0
    out = capsys.readouterr().out
    assert f"Schema:   {HEAD}" in out  # the newest revision this version knows
    assert "Ergebnis: in Ordnung" in out
    kontakte = next(line for line in out.splitlines() if line.startswith("Kontakte"))
    assert kontakte.split()[1:] == ["1", "1"]


def test_check_reports_a_broken_reference(db, capsys):
    db.close()
    con = sqlite3.connect(db.path)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute(
        "INSERT INTO project (id, title, status, short_description, project_type, cooperation, project_area, "
        "cofinancing_source, approval_file_number, notes, sponsor_id, created_at, modified_at) VALUES "
        "('p1', 'X', 'idee', '', '', 0, '', '', '', '', 'missing', '2026-01-01', '2026-01-01')"
    )
    con.commit()
    con.close()
    assert main(["--db", str(db.path), "check"]) == 1
    captured = capsys.readouterr()
    assert "foreign_key_check: project" in captured.out
    assert "Problem" in captured.err


def test_check_refuses_a_missing_or_foreign_file(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "fehlt.regiodesk"), "check"]) == 1
    assert "gibt es nicht" in capsys.readouterr().out
    text = tmp_path / "brief.txt"
    text.write_text("Sehr geehrte Damen und Herren", encoding="utf-8")
    assert main(["--db", str(text), "check"]) == 1
    assert "keine regiodesk-Datenbank" in capsys.readouterr().out
    assert text.read_text(encoding="utf-8") == "Sehr geehrte Damen und Herren"


def test_check_does_not_create_a_file(tmp_path):
    path = tmp_path / "nichts.regiodesk"
    main(["--db", str(path), "check"])
    assert not path.exists()


def test_list_as_table_and_json(db, capsys):
    contacts = ContactService(db)
    cid = contacts.create({"kind": "person", "first_name": "Jörg", "last_name": "Müller", "city": "Kulmbach"})
    ProjectService(db).create(
        {
            "title": "Dorfladen Süd",
            "status": "bewilligt",
            "sponsor_id": cid,
            "eligible_cost_cents": 1_234_50,
            "grant_cents": 617_25,
        }
    )
    assert main(["--db", str(db.path), "list", "projects"]) == 0
    out = capsys.readouterr().out
    assert "Dorfladen Süd" in out and "1.234,50 €" in out and "617,25 €" in out
    assert "1 Eintrag" in out
    assert main(["--db", str(db.path), "list", "contacts", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1
    assert data[0]["id"] == cid
    assert data[0]["name"] == "Müller, Jörg"
    assert data[0]["city"] == "Kulmbach"


@pytest.mark.parametrize("area", ["bodies", "meetings", "projects", "contacts", "monitoring"])
def test_every_area_lists_as_json_array(db, capsys, area):
    assert main(["--db", str(db.path), "list", area, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_list_of_a_missing_file_fails_without_creating_it(tmp_path, capsys):
    path = tmp_path / "fehlt.regiodesk"
    assert main(["--db", str(path), "list", "bodies"]) == 1
    assert capsys.readouterr().err.strip() == f"regiodesk: Die Datei „{path}“ gibt es nicht."
    assert not path.exists()


def test_unknown_area_is_a_usage_error_in_german(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db.path), "list", "kaffee"])
    assert exit_info.value.code == 2
    assert "ungültige Auswahl: 'kaffee'" in capsys.readouterr().err


def test_refusal_of_a_newer_file_is_one_line_on_stderr(db, capsys):
    db.close()
    con = sqlite3.connect(db.path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert main(["--db", str(db.path), "list", "contacts"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("regiodesk: „office.regiodesk“ wurde mit einer neueren regiodesk-Version")
    assert "\n" not in err


def test_print_and_export_by_id_prefix(lag, tmp_path, capsys):
    path = str(lag["db"].path)
    out = tmp_path / "protokoll.pdf"
    assert main(["--db", path, "print", "minutes", lag["meeting"][:8], "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "protokoll.pdf.part").exists()
    decision = tmp_path / "beschluss.pdf"
    assert main(["--db", path, "print", "decision", lag["items"]["select"], "--out", str(decision)]) == 0
    assert decision.read_bytes().startswith(b"%PDF")
    ics = tmp_path / "sitzung.ics"
    assert main(["--db", path, "export", "ics", lag["meeting"][:6], "--out", str(ics)]) == 0
    assert b"BEGIN:VCALENDAR" in ics.read_bytes()
    capsys.readouterr()
    assert main(["--db", path, "list", "agenda", "--meeting", lag["meeting"][:8], "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["name"] for i in items] == [
        "TOP 1 Begrüßung",
        "TOP 2 Projektauswahl Dorfladen",
        "TOP 3 Jahresbudget",
    ]


def test_print_refuses_unknown_or_ambiguous_ids_without_writing(lag, tmp_path, capsys):
    path = str(lag["db"].path)
    out = tmp_path / "x.pdf"
    assert main(["--db", path, "print", "minutes", "ffff0000", "--out", str(out)]) == 1
    assert "Kein Eintrag „Sitzung“" in capsys.readouterr().err
    assert main(["--db", path, "print", "minutes", "ab", "--out", str(out)]) == 1
    assert "zu kurz" in capsys.readouterr().err
    assert main(["--db", path, "print", "decision", lag["meeting"], "--out", str(out)]) == 1
    assert "Tagesordnungspunkt" in capsys.readouterr().err
    assert not out.exists()


def test_member_list_as_pdf_and_excel(lag, tmp_path):
    path = str(lag["db"].path)
    pdf, xlsx = tmp_path / "mitglieder.pdf", tmp_path / "mitglieder.xlsx"
    assert main(["--db", path, "print", "members", lag["body"][:8], "--out", str(pdf)]) == 0
    assert main(["--db", path, "export", "members", lag["body"][:8], "--out", str(xlsx)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert xlsx.read_bytes().startswith(b"PK")


def test_backup_and_handover_commands(db, tmp_path, capsys):
    ContactService(db).create({"kind": "person", "last_name": "Übergabe"})
    path = str(db.path)
    assert main(["--db", path, "backup"]) == 0
    assert "Sicherung angelegt" in capsys.readouterr().out
    assert main(["--db", path, "backup", "--list"]) == 0
    assert "manuell" in capsys.readouterr().out
    target = tmp_path / "nachfolge.regiodesk"
    assert main(["--db", path, "handover", "--out", str(target)]) == 0
    assert main(["--db", str(target), "check"]) == 0
    assert main(["--db", path, "handover", "--out", str(target)]) == 1
    assert "gibt es schon" in capsys.readouterr().err


def test_a_closed_pipe_ends_quietly(db, monkeypatch, capsys):
    """``regiodesk list contacts | head -1``: no traceback when the reader stops early."""
    import os
    import sys

    from regiodesk.services.contacts import ContactService

    ContactService(db).create({"kind": "person", "first_name": "Anna", "last_name": "Alt"})
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    pipe = open(write_end, "w")  # noqa: SIM115 - closed below
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        assert main(["--db", str(db.path), "list", "contacts"]) == 0
    finally:
        monkeypatch.undo()
        pipe.close()
