"""Fixtures shared by every test: a private data folder and a fresh database.

Tests never touch the user's real folders: REGIODESK_DATA_DIR points into
tmp_path for every test.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "userdata"
    monkeypatch.setenv("REGIODESK_DATA_DIR", str(data))
    from regiodesk.device import this_device

    this_device.cache_clear()
    yield data
    this_device.cache_clear()


@pytest.fixture
def db(tmp_path):
    from regiodesk.db.database import Database

    database = Database.open(tmp_path / "office.regiodesk", device_id="test-device")
    yield database
    database.close()


GROUPS = {"Öffentlicher Sektor": True, "Wirtschaft": False, "Soziales": False, "Umwelt": False}


@pytest.fixture
def damaged_file(tmp_path):
    """A regiodesk file with 300 contacts, two pages of their e-mails overwritten with garbage.

    Header, application id and schema version still read fine, so only a page-by-page check
    (quick_check) finds the damage: the case a quick open must not miss.
    """
    import sqlite3

    from regiodesk.db.database import Database
    from regiodesk.services.contacts import ContactService

    source = Database.open(tmp_path / "heil.regiodesk", device_id="test-device")
    service = ContactService(source)
    for n in range(300):
        service.create({"kind": "person", "last_name": f"Name {n}", "email": f"p{n}@example.de"})
    source.close()
    con = sqlite3.connect(source.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
    # pages of the e-mail table, which opening the file does not read (SQLite's dbstat table)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    pages = [
        n
        for (n,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = 'contact_email' AND pagetype = 'leaf' ORDER BY pageno"
        )
    ]
    con.close()
    assert len(pages) >= 4
    raw = bytearray(source.path.read_bytes())
    for n in pages[len(pages) // 2 : len(pages) // 2 + 2]:
        raw[(n - 1) * size : n * size] = b"\xff" * size
    damaged = tmp_path / "beschaedigt.regiodesk"
    damaged.write_bytes(bytes(raw))
    return damaged


@pytest.fixture
def lag(db):
    """A LAG of 10 voting members: 4 public, 2 each Wirtschaft/Soziales/Umwelt, each with a deputy;
    one meeting on 9 March 2026 with a welcome, a selection decision on a project and a budget item."""
    from datetime import datetime

    from regiodesk.db.models import InterestGroup
    from regiodesk.services.agenda import AgendaService
    from regiodesk.services.bodies import BodyService
    from regiodesk.services.contacts import ContactService
    from regiodesk.services.meetings import MeetingService
    from regiodesk.services.memberships import MembershipService
    from regiodesk.services.projects import ProjectService

    with db.transaction() as session:
        groups = {}
        for n, (name, public) in enumerate(GROUPS.items()):
            group = InterestGroup(name=name, public_sector=public, position=n)
            session.add(group)
            session.flush()
            groups[name] = group.id
    contacts = ContactService(db)
    body_id = BodyService(db).create({"name": "LAG Obermain", "body_type": "lag"})
    members = MembershipService(db, body_id)
    plan = ["Öffentlicher Sektor"] * 4 + ["Wirtschaft"] * 2 + ["Soziales"] * 2 + ["Umwelt"] * 2
    people = {}
    for n, group in enumerate(plan):
        person = contacts.create({"kind": "person", "first_name": f"M{n}", "last_name": f"Mitglied{n:02d}"})
        deputy = contacts.create({"kind": "person", "first_name": f"S{n}", "last_name": f"Stellv{n:02d}"})
        members.create(
            {
                "contact_id": person,
                "role": "mitglied",
                "interest_group_id": groups[group],
                "public_sector": GROUPS[group],
                "deputy_id": deputy,
            }
        )
        people[f"m{n}"], people[f"s{n}"] = person, deputy
    advisor = contacts.create({"kind": "person", "last_name": "Beraterin"})
    members.create({"contact_id": advisor, "role": "beratend", "voting_right": False})
    project = ProjectService(db).create({"title": "Dorfladen Weißenbrunn", "status": "in_beratung"})
    meeting = MeetingService(db).create(
        {"body_id": body_id, "state": "eingeladen", "starts_at": datetime(2026, 3, 9, 18, 30)}
    )
    agenda = AgendaService(db)
    items = {
        "welcome": agenda.add(meeting, "Begrüßung"),
        "select": agenda.add(
            meeting, "Projektauswahl Dorfladen", "beschluss", project_id=project, is_selection_decision=True
        ),
        "budget": agenda.add(meeting, "Jahresbudget", "beschluss"),
    }
    return {"db": db, "body": body_id, "meeting": meeting, "items": items, "project": project, **people}
