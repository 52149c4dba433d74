"""`regiodesk search`: the one search from the command line, as text and as JSON."""

from __future__ import annotations

import json
import sqlite3

from regiodesk.cli import main
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService


def test_search_prints_the_hits_grouped_by_kind(db, capsys):
    ContactService(db).create({"kind": "person", "first_name": "Jörg", "last_name": "Müller"})
    project = ProjectService(db).create({"title": "Müllers Mühle", "status": "idee"})
    assert main(["--db", str(db.path), "search", "mueller"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Projekte (1):",
        f"  {project[:8]}  Müllers Mühle  (Idee)",
        "",
        "Personen (1):",
        out.splitlines()[4],
    ]
    assert out.splitlines()[4].endswith("  Müller, Jörg")


def test_search_json_says_where_each_hit_opens(db, capsys):
    contact = ContactService(db).create({"kind": "institution", "organisation": "Gemeinde Straßdorf"})
    assert main(["--db", str(db.path), "search", "Strassdorf", "--json"]) == 0
    [group] = json.loads(capsys.readouterr().out)
    assert (group["kind"], group["label"], group["total"]) == ("institution", "Institutionen", 1)
    assert group["hits"] == [
        {
            "kind": "institution",
            "record_id": contact,
            "title": "Gemeinde Straßdorf",
            "detail": "",
            "tab": "contacts",
            "tab_record_id": contact,
            "part_id": "",
            "opens": "",
        }
    ]


def test_nothing_found_and_nothing_asked(db, capsys):
    assert main(["--db", str(db.path), "search", "xyzzy"]) == 0
    assert capsys.readouterr().out == "Nichts gefunden für „xyzzy“.\n"
    assert main(["--db", str(db.path), "search"]) == 1
    assert capsys.readouterr().err == (
        "regiodesk: Bitte angeben, wonach gesucht werden soll, z. B. regiodesk search Müller.\n"
    )


def test_limit_and_rebuild(db, capsys):
    for n in range(4):
        ContactService(db).create({"kind": "person", "last_name": f"Huber{n}"})
    db.close()
    con = sqlite3.connect(db.path)
    con.execute("DELETE FROM search_index")  # an index gone wrong: check would say so
    con.commit()
    con.close()
    assert main(["--db", str(db.path), "search", "huber"]) == 0
    assert capsys.readouterr().out.startswith("Nichts gefunden")
    assert main(["--db", str(db.path), "search", "--rebuild", "huber", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Suchindex neu aufgebaut: 4 Einträge.", "Personen (4), die ersten 2:"]
    assert len(lines) == 4
    assert main(["--db", str(db.path), "search", "huber", "--limit", "0"]) == 1
    assert capsys.readouterr().err == "regiodesk: --limit muss mindestens 1 sein.\n"
