"""Opening an office on a PostgreSQL server (``--db postgresql://…``): made, migrated, or refused in German.

Needs a test server (REGIODESK_TEST_PG; ``.ci/run`` starts one): skipped without it.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import closing

import pytest
from sqlalchemy import text

from regiodesk.db.database import Database
from regiodesk.db.schema import HEAD, DatabaseFileError
from regiodesk.domain.errors import DomainError
from regiodesk.office import Office
from regiodesk.services.contacts import ContactService
from regiodesk.services.search import SearchService

pytestmark = pytest.mark.server


@pytest.fixture
def empty_url(server_databases):
    """A new database without any table (what `server setup` leaves before the first start)."""
    name = f"{server_databases.prefix}_empty"
    server_databases._create(name)
    yield server_databases.url(name)
    server_databases.drop(server_databases.url(name))


def _tables(servers, url) -> set[str]:
    with closing(servers.connect(url)) as con:
        return {
            name for (name,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }


def test_an_empty_server_database_becomes_an_office_that_keeps_and_finds_what_is_written(empty_url):
    with closing(Database.open(empty_url, device_id="laptop-a")) as db:
        assert db.is_server and not db.read_only
        with db.session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        person = ContactService(db).create({"kind": "person", "first_name": "Jürgen", "last_name": "Müller"})
        other = ContactService(db).create(
            {"kind": "person", "first_name": "Anna", "last_name": "Müllerschön"}
        )
    with closing(Database.open(empty_url, device_id="laptop-b", create=False)) as again:
        assert ContactService(again).load(person)["last_name"] == "Müller"
        # folded as on a file: "mueller", "muller" and the first letters of each word find them
        for typed, expected in [
            ("mueller", {person, other}),
            ("muller jür", {person}),
            ("JUERGEN", {person}),
            ("mul anna", {other}),
            ("llersch", set()),  # a word's beginning, not its middle
        ]:
            found = {hit.record_id for group in SearchService(again).search(typed) for hit in group.hits}
            assert found == expected, typed


def test_an_empty_database_is_refused_unless_asked_to_create(server_databases, empty_url):
    with pytest.raises(DatabaseFileError, match="ist leer"):
        Database.open(empty_url, create=False)
    assert _tables(server_databases, empty_url) == set()


def test_a_database_of_a_newer_regiodesk_is_refused_unchanged(server_databases):
    url = server_databases.fresh()
    try:
        with closing(server_databases.connect(url)) as con:
            con.execute("UPDATE alembic_version SET version_num = '0099'")
            con.commit()
        with pytest.raises(DatabaseFileError, match="neueren regiodesk-Version"):
            Database.open(url)
        with closing(server_databases.connect(url)) as con:
            assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)
    finally:
        server_databases.drop(url)


def test_a_database_of_another_program_is_refused_unchanged(server_databases, empty_url):
    with closing(server_databases.connect(empty_url)) as con:
        con.execute("CREATE TABLE kunden (id integer)")
        con.commit()
    with pytest.raises(DatabaseFileError, match="keine regiodesk-Datenbank"):
        Database.open(empty_url)
    assert _tables(server_databases, empty_url) == {"kunden"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"database": "gibt_es_nicht"}, "Die Datenbank „gibt_es_nicht“ gibt es auf dem Server nicht"),
        ({"query": {"port": "1"}}, "Der Server antwortet nicht"),
        ({"username": "niemand"}, "Diesen Benutzer gibt es auf dem Server nicht"),
        ({"database": ""}, "fehlt der Name der Datenbank"),
    ],
)
def test_a_server_that_cannot_be_reached_is_named_in_german(server_databases, change, message):
    from sqlalchemy.engine import make_url

    change = dict(change)
    url = make_url(server_databases.url("x"))
    if "query" in change:
        url = url.update_query_dict(change.pop("query"))
    url = url.set(**change).render_as_string(hide_password=False)
    with pytest.raises(DatabaseFileError, match=message) as refused:
        Database.open(url)
    assert "Nichts wurde geändert" in str(refused.value) or "fehlt" in str(refused.value)


def test_a_wrong_password_is_refused_without_showing_it(server_databases, monkeypatch):
    """The password comes from libpq (.pgpass, PGPASSWORD), never from our files or the message."""
    servers = server_databases
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        con.execute("DROP ROLE IF EXISTS regiodesk_password_test")
        con.execute("CREATE ROLE regiodesk_password_test LOGIN PASSWORD 'richtig-geheim'")
    url = servers.fresh()
    try:
        from sqlalchemy.engine import make_url

        signed = make_url(url).set(username="regiodesk_password_test").render_as_string(hide_password=False)
        monkeypatch.setenv("PGPASSWORD", "falsch-geheim")
        with pytest.raises(DatabaseFileError, match="Benutzername oder Passwort stimmen nicht") as refused:
            Database.open(signed)
        assert "geheim" not in str(refused.value)
    finally:
        servers.drop(url)
        with closing(servers.connect(servers.admin_url)) as con:
            con.autocommit = True
            con.execute("DROP ROLE IF EXISTS regiodesk_password_test")


def test_a_read_only_role_reads_everything_and_changes_nothing(server_databases):
    servers = server_databases
    url = servers.fresh()
    role = f"{servers.prefix}_reader"
    try:
        with closing(servers.open(url)) as db:
            person = ContactService(db).create({"kind": "person", "last_name": "Lesbar"})
        with closing(servers.connect(url)) as con:
            con.autocommit = True
            con.execute(f"CREATE ROLE {role} LOGIN")
            con.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        from sqlalchemy.engine import make_url

        reader = make_url(url).set(username=role).render_as_string(hide_password=False)
        with closing(Database.open(reader)) as db:
            assert "nur lesen" in db.read_only
            assert ContactService(db).load(person)["last_name"] == "Lesbar"
            with pytest.raises(DomainError):
                ContactService(db).update(person, {"last_name": "Geändert"})
        with pytest.raises(DomainError, match="nur lesen"):
            Office.open(reader, writing=True)
    finally:
        with closing(servers.connect(url)) as con:
            con.autocommit = True
            con.execute(f"DROP OWNED BY {role}")  # its grants, so that the role can go
        servers.drop(url)
        with closing(servers.connect(servers.admin_url)) as con:
            con.autocommit = True
            con.execute(f"DROP ROLE IF EXISTS {role}")


def test_opening_a_file_never_imports_the_server_driver(tmp_path):
    """The file-only install has no psycopg: nothing on a file's way may need it."""
    path = tmp_path / "office.regiodesk"
    code = (
        "import sys\n"
        "from regiodesk.db.database import Database\n"
        "from regiodesk.services.search import SearchService\n"
        f"db = Database.open({str(path)!r}, device_id='x')\n"
        "SearchService(db).search('abc')\n"
        "db.close()\n"
        "assert not [m for m in sys.modules if m.startswith('psycopg')], 'psycopg imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_what_only_a_file_has_is_refused_for_a_server_in_german(server_databases, tmp_path):
    url = server_databases.fresh()
    try:
        with Office.open(url) as office:
            assert office.on_server and office.lock is None  # the server keeps its users apart
            with pytest.raises(DomainError, match="backup --out"):
                office.backup()
            with pytest.raises(DomainError, match="Nichts wurde geändert"):
                office.restore(tmp_path / "sicherung.regiodesk")
            assert office.backup_if_changed("beim-schliessen") is None
            assert office.db.backup_before("vor-import") is None
        assert not list(tmp_path.rglob("*.regiodesk"))  # no backup written anywhere
    finally:
        server_databases.drop(url)
