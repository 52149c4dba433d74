"""`regiodesk server setup`: the database, the team's and the read-only role, and the grants.

Run once by the server's administrator; afterwards the team works without being superuser, a
reader reads everything and changes nothing. Needs a test server (REGIODESK_TEST_PG).
"""

from __future__ import annotations

from contextlib import closing

import pytest
from sqlalchemy.engine import make_url

from regiodesk.cli import main
from regiodesk.cli.server import setup_statements

pytestmark = pytest.mark.server


@pytest.fixture
def region(server_databases):
    """A database name (and its roles' prefix) of this worker, removed with its roles afterwards."""
    servers = server_databases
    name = f"{servers.prefix}_region".lower()
    logins = (f"{name}_anna", f"{name}_carl")
    yield name, logins
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in (*logins, f"{name}_office", f"{name}_readonly"):
            con.execute(f'DROP ROLE IF EXISTS "{role}"')


def _as(servers, user: str, database: str) -> str:
    return make_url(servers.admin_url).set(username=user, database=database).render_as_string(False)


def test_setup_makes_a_database_the_team_writes_and_a_reader_only_reads(
    server_databases, region, tmp_path, capsys
):
    servers = server_databases
    name, (anna, carl) = region
    admin = servers.admin_url
    assert main(["--db", admin, "server", "setup", "--name", name, "--staff", anna, "--readers", carl]) == 0
    assert f"Datenbank „{name}“ eingerichtet" in capsys.readouterr().out

    # the team (not superuser) creates the region; the tables belong to the office's role
    assert main(["--db", _as(servers, anna, name), "new", "--region", "LAG Obermain"]) == 0
    with closing(servers.connect(_as(servers, "postgres", name))) as con:
        owners = {
            owner for (owner,) in con.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")
        }
        assert owners == {f"{name}_office"}
        # the search's trigram extension, created by the administrator (so the team need not be allowed to)
        assert con.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() == (1,)
        assert con.execute(f"SELECT rolsuper FROM pg_roles WHERE rolname = '{anna}'").fetchone() == (False,)
    capsys.readouterr()

    # the reader sees everything and changes nothing, with a German reason
    assert main(["--db", _as(servers, carl, name), "settings"]) == 0
    assert "LAG Obermain" in capsys.readouterr().out
    assert main(["--db", _as(servers, carl, name), "import-file", str(tmp_path / "x.regiodesk")]) == 1
    assert "nur lesen" in capsys.readouterr().err


def test_setup_refuses_an_existing_database_and_unsafe_names_and_creates_nothing(
    server_databases, region, capsys
):
    name, _logins = region
    admin = server_databases.admin_url
    assert main(["--db", admin, "server", "setup", "--name", name]) == 0
    capsys.readouterr()
    assert main(["--db", admin, "server", "setup", "--name", name]) == 1
    assert "gibt es auf dem Server schon" in capsys.readouterr().err
    assert main(["--db", admin, "server", "setup", "--name", "Region; DROP TABLE x"]) == 1
    assert "taugt nicht als Name" in capsys.readouterr().err
    assert main(["--db", admin, "server", "setup", "--name", name + "_b", "--staff", "Anna Müller"]) == 1
    with closing(server_databases.connect(admin)) as con:
        assert con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name + "_b",)).fetchone() is None


def test_the_documented_sql_is_the_sql_setup_runs():
    """docs/server.md shows the statements for those who set up by hand: they must not drift apart."""
    from pathlib import Path

    documented = (Path(__file__).parents[2] / "docs" / "server.md").read_text(encoding="utf-8")
    for _where, statement in setup_statements("region", ["anna"], ["carl"]):
        assert statement + ";" in documented, statement
