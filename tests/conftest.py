"""Fixtures shared by every test: a private data folder and a fresh database.

Tests never touch the user's real folders: REGIODESK_DATA_DIR points into
tmp_path for every test.

A new database file is a copy of one template migrated once per session (see
``new_files_from_template``); a test about creating a file with Alembic itself is marked
``@pytest.mark.migrates``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from database_helpers import copy_database, open_test_database
from server_helpers import SERVER, ServerDatabases

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real keyring (db.server_password): keyring's backend that keeps
# nothing; a test that needs one sets a fake of its own (tests/server/test_server_password.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"

#: Free space /dev/shm must have before the tests' files go there (a run writes well under 2 GB).
MEMORY_TEMP_ROOT_FREE = 4 * 2**30


#: Allocations between two young-generation garbage collections in a test process (Python: 700).
GC_YOUNG_THRESHOLD = 50_000


def pytest_configure(config):
    """The tests' files (tmp_path) in memory where the machine has room for them; fewer garbage
    collections.

    A test run allocates far more objects than a program at work (thousands of SQLAlchemy
    statements and Qt widgets a test); with Python's default thresholds the collector ran a
    full collection of every live object dozens of times, a sixth of the CPU time of
    tests/services and tests/reports. Cycles are still collected, only in larger batches, and
    what they left unclosed is still reported.

    regiodesk syncs every commit to disk (synchronous=FULL, a power cut must not lose data), and
    the tests commit tens of thousands of times: one fsync takes 5 to 10 ms on a disk and next
    to nothing in /dev/shm. What the tests check does not depend on it (a killed process leaves
    the same file either way). ``--basetemp`` or PYTEST_DEBUG_TEMPROOT (pytest's own setting)
    choose another place; without a roomy /dev/shm the files stay in the system's temp folder.
    """
    import gc
    import shutil

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        roomy = shutil.disk_usage("/dev/shm").free >= MEMORY_TEMP_ROOT_FREE
    except OSError:
        return
    if roomy and os.access("/dev/shm", os.W_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"


#: The program's own ``regiodesk.db.database._create`` (Alembic to head), for ``migrates`` tests.
_real_create = None


@pytest.fixture(scope="session", autouse=True)
def new_files_from_template(tmp_path_factory):
    """Every new database file of the session is a copy of one migrated here, once.

    The template is made by ``Database.open`` on a new file, the program's normal open path
    (Alembic to head, application id, WAL), so it is exactly what a user gets. From then on that
    path makes a new file by copying the template instead of migrating again (half a second
    each); everything else ``Database.open`` does (checking the file, the device id, the change
    recorder) still happens for every file, and a test's file stays at the test's own path.
    Older files are still migrated for real. The template is the path this fixture yields.
    """
    global _real_create
    from regiodesk.db import database

    def create_from_template(path):
        copy_database(template, path)

    with pytest.MonkeyPatch.context() as patch:
        # Session and module fixtures (templates, demo regions) run before a test's own data
        # folder is set: they too must never touch the user's real folders.
        patch.setenv("REGIODESK_DATA_DIR", str(tmp_path_factory.mktemp("session-userdata")))
        template = tmp_path_factory.mktemp("template") / "template.regiodesk"
        database.Database.open(template, device_id="template").close()
        _real_create = database._create
        patch.setattr(database, "_create", create_from_template)
        yield template


@pytest.fixture(autouse=True)
def real_migration_when_marked(request, new_files_from_template, monkeypatch):
    """``@pytest.mark.migrates``: this test's new files are migrated with Alembic, as without the template."""
    if request.node.get_closest_marker("migrates"):
        from regiodesk.db import database

        monkeypatch.setattr(database, "_create", _real_create)


@pytest.fixture(scope="session")
def demo_region(tmp_path_factory):
    """``demo_region(path, device_id=..., today=...)`` puts the demo region (``create_demo_file``)
    at the new ``path`` and returns it.

    The region is built once per session for each device and day (a few seconds each) and copied,
    so modules that only read it do not build their own; every caller gets a file of its own.
    """
    from regiodesk.services.demo import create_demo_file

    built = {}

    def copy(path, *, device_id, today):
        key = (device_id, today)
        if key not in built:
            built[key] = tmp_path_factory.mktemp("demo-template") / "demo.regiodesk"
            create_demo_file(built[key], device_id=device_id, today=today)
        return copy_database(built[key], path)

    return copy


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    data = tmp_path / "userdata"
    monkeypatch.setenv("REGIODESK_DATA_DIR", str(data))
    from regiodesk.device import this_device

    this_device.cache_clear()
    yield data
    this_device.cache_clear()


#: The test folders whose ``db`` is given on SQLite and, with REGIODESK_TEST_PG, on PostgreSQL.
ON_BOTH = ("db", "services", "reports", "sync")
_TESTS = Path(__file__).parent


def pytest_generate_tests(metafunc):
    """``db`` on both databases in the folders of ``ON_BOTH`` (not for a ``file_only`` test)."""
    if "db" not in metafunc.fixturenames or not SERVER:
        return
    if metafunc.definition.get_closest_marker("file_only"):
        return
    folder = Path(metafunc.definition.path).relative_to(_TESTS).parts[0]
    if folder in ON_BOTH:
        on_server = pytest.param("postgresql", marks=pytest.mark.server)
        metafunc.parametrize("backend", ["sqlite", on_server], indirect=True)


@pytest.fixture
def backend(request):
    """Where ``db`` lies: "sqlite" (a file) or "postgresql" (see ``pytest_generate_tests``)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def server_databases():
    """This worker's databases on the test server (``tests/server_helpers.py``)."""
    if not SERVER:
        pytest.skip("REGIODESK_TEST_PG ist nicht gesetzt: kein PostgreSQL-Server für die Tests")
    servers = ServerDatabases(SERVER, os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield servers
    servers.close()


@pytest.fixture
def db(request, tmp_path, backend):
    """A fresh, migrated database: a file, or a database of its own on the test server."""
    if backend == "postgresql":
        servers = request.getfixturevalue("server_databases")
        template = None
        if "lag" in request.fixturenames:
            lag_file, _ids = request.getfixturevalue("lag_template")
            template = servers.template("lag", fill=lambda target: _copy_file_into(lag_file, target))
        url = servers.fresh(template)
        database = servers.open(url)
        yield database
        database.close()
        servers.drop(url)
        return
    database = open_test_database(request, tmp_path / "office.regiodesk")
    yield database
    database.close()


def _copy_file_into(path, target) -> None:
    from regiodesk.db.database import Database
    from regiodesk.db.transfer import copy_office

    source = Database.open(path, device_id="template")
    try:
        copy_office(source, target)
    finally:
        source.close()


GROUPS = {"Öffentlicher Sektor": True, "Wirtschaft": False, "Soziales": False, "Umwelt": False}


@pytest.fixture
def damaged_file(tmp_path, damaged_template):
    """A regiodesk file with 300 contacts, two pages of their e-mails overwritten with garbage.

    Header, application id and schema version still read fine, so only a page-by-page check
    (quick_check) finds the damage: the case a quick open must not miss.
    """
    damaged = tmp_path / "beschaedigt.regiodesk"
    damaged.write_bytes(damaged_template.read_bytes())
    return damaged


@pytest.fixture(scope="session")
def damaged_template(tmp_path_factory):
    """The file of ``damaged_file``, made once per session (300 contacts take seconds); never opened."""
    import sqlite3

    from regiodesk.db.bulk import insert_logged
    from regiodesk.db.database import Database
    from regiodesk.db.models import Contact, ContactEmail

    folder = tmp_path_factory.mktemp("damaged")
    source = Database.open(folder / "heil.regiodesk", device_id="test-device")
    # one logged bulk insert, as an import writes them (300 single creates take seconds)
    with source.transaction() as session:
        people = [Contact(kind="person", last_name=f"Name {n}") for n in range(300)]
        insert_logged(session, source.recorder, people)
        emails = [ContactEmail(contact_id=p.id, address=f"p{n}@example.de") for n, p in enumerate(people)]
        insert_logged(session, source.recorder, emails)
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
    damaged = folder / "beschaedigt.regiodesk"
    damaged.write_bytes(bytes(raw))
    return damaged


@pytest.fixture
def lag(db, lag_template):
    """A LAG of 10 voting members: 4 public, 2 each Wirtschaft/Soziales/Umwelt, each with a deputy;
    one meeting on 9 March 2026 with a welcome, a selection decision on a project and a budget item.

    It is in ``db`` from the start: the ``db`` fixture copies it from ``lag_template`` when the
    test uses ``lag`` (see ``open_test_database``).
    """
    from regiodesk.db.models import Body

    _path, ids = lag_template
    with db.session() as session:
        assert session.get(Body, ids["body"]), "db was not made by open_test_database(request, ...)"
    return {"db": db, **ids}


@pytest.fixture(scope="session")
def lag_template(tmp_path_factory):
    """The database of ``lag``, built once per session through the services: (path, its ids)."""
    from regiodesk.db.database import Database

    path = tmp_path_factory.mktemp("lag") / "lag.regiodesk"
    db = Database.open(path, device_id="test-device")
    try:
        ids = _build_lag(db)
    finally:
        db.close()
    return path, ids


def _build_lag(db) -> dict:
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
    return {"body": body_id, "meeting": meeting, "items": items, "project": project, **people}


@pytest.fixture
def folder(tmp_path):
    """The office's shared folder (a synced cloud folder), empty."""
    shared = tmp_path / "Nextcloud-Geschaeftsstelle"
    shared.mkdir()
    return shared
