"""`regiodesk trash` and `regiodesk restore`: the deleted records, and one brought back."""

from __future__ import annotations

import json

from contact_helpers import person

from regiodesk.cli import main
from regiodesk.services.contact_details import ContactEmailService
from regiodesk.services.contacts import ContactService


def test_trash_lists_the_deleted_records_and_restore_brings_one_back(db, capsys):
    anna = person(db, "Anna", "Becker", email="anna@example.de")
    person(db, "Ben", "Schmidt")
    ContactService(db).delete(anna)
    path = str(db.path)
    db.close()

    assert main(["--db", path, "trash"]) == 0
    out = capsys.readouterr().out
    assert anna[:8] in out and "Kontakt" in out and "Anna Becker" in out and "Ben" not in out
    assert "1 gelöschter Eintrag" in out
    assert main(["--db", path, "trash", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["kind"], listed["name"]) == (anna, "Kontakt", "Anna Becker")

    assert main(["--db", path, "restore", anna[:8]]) == 0
    assert capsys.readouterr().out.strip() == "Wiederhergestellt: Kontakt „Anna Becker“"
    from regiodesk.db.database import Database

    reopened = Database.open(path, device_id="test-device")
    try:
        assert ContactService(reopened).load(anna)["email"] == "anna@example.de"
        assert [r.values[0] for r in ContactEmailService(reopened, anna).rows()] == ["anna@example.de"]
    finally:
        reopened.close()
    assert main(["--db", path, "trash", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_restore_says_in_german_what_it_cannot_do(db, capsys):
    anna = person(db, "Anna", "Becker")
    path = str(db.path)
    db.close()
    assert main(["--db", path, "restore", anna[:8]]) == 1
    err = capsys.readouterr().err
    assert err.startswith("regiodesk: Kein gelöschter Eintrag") and err.count("\n") == 1
    assert main(["--db", path, "restore", "ab"]) == 1
    assert "zu kurz" in capsys.readouterr().err
