"""Several regions on one server, one database each: the list of the regions a person may open.

Needs a test server (REGIODESK_TEST_PG; ``.ci/run`` starts one): skipped without it, except the
server that does not answer (a socket of our own).
"""

from __future__ import annotations

import socket
import time
from contextlib import closing

import pytest
from sqlalchemy.engine import make_url

from regiodesk.db import server
from regiodesk.db.database import Database
from regiodesk.db.schema import DatabaseFileError, FileKind
from regiodesk.services.region import RegionSetup, setup_region


def _as(url: str, user: str, database: str = "postgres") -> str:
    return make_url(url).set(username=user, database=database).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def regions(server_databases):
    """On the server: regions Obermain (Anna writes), Steigerwald (Anna reads), an older and a
    newer one, another program's database, an empty one and a region closed to Anna."""
    servers = server_databases
    prefix = f"{servers.prefix}_list"
    anna, stranger = f"{prefix}_anna", f"{prefix}_fremd"
    names = {
        key: f"{prefix}_{key}"
        for key in ("obermain", "steigerwald", "alt", "neu", "fremd", "leer", "geschlossen")
    }
    admin = servers._admin
    for role in (anna, stranger):
        admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.execute(f"CREATE ROLE {role} LOGIN")
    first = servers._create(names["obermain"])
    with closing(Database.open(first, device_id="server")) as db:
        setup_region(db, RegionSetup({"name": "LAG Obermain", "kind": "leader"}, period=None))
    for key in ("steigerwald", "alt", "neu", "geschlossen"):
        admin.execute(f'DROP DATABASE IF EXISTS "{names[key]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{names[key]}" TEMPLATE "{names["obermain"]}"')
        servers._made.append(names[key])
    servers._create(names["fremd"])
    servers._create(names["leer"])
    changes = {
        "steigerwald": [
            "UPDATE region_settings SET name = 'Steigerwald'",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {anna}",
        ],
        "alt": [
            "UPDATE region_settings SET name = 'LAG Altmühl'",
            "UPDATE alembic_version SET version_num = '0010'",
        ],
        "neu": [
            "UPDATE region_settings SET name = 'Neuland'",
            "UPDATE alembic_version SET version_num = '9001'",
        ],
        "fremd": ["CREATE TABLE kunden (id integer)"],
        "geschlossen": ["UPDATE region_settings SET name = 'Geheimregion'"],
        "obermain": [],
    }
    for key in ("obermain", "alt", "neu"):
        changes[key].append(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {anna}")
    for key, statements in changes.items():
        with closing(servers.connect(servers.url(names[key]))) as con:
            con.autocommit = True
            for statement in statements:
                con.execute(statement)
    admin.execute(f'REVOKE CONNECT ON DATABASE "{names["geschlossen"]}" FROM PUBLIC')
    yield {"anna": _as(servers.admin_url, anna), "stranger": _as(servers.admin_url, stranger), **names}
    for name in names.values():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for role in (anna, stranger):
        admin.execute(f"DROP ROLE IF EXISTS {role}")


def _mine(listed, regions) -> list[server.RegionOnServer]:
    """What the list shows of this test's databases (other tests' databases lie on the server too)."""
    ours = {regions[key] for key in ("obermain", "steigerwald", "alt", "neu", "fremd", "leer", "geschlossen")}
    return [region for region in listed if region.database in ours]


@pytest.mark.server
def test_the_list_names_each_region_the_person_may_open_and_leaves_out_the_rest(regions):
    listed = _mine(server.list_regions(regions["anna"]), regions)
    assert [(r.region, r.database) for r in listed] == [
        ("LAG Altmühl", regions["alt"]),
        ("LAG Obermain", regions["obermain"]),
        ("Neuland", regions["neu"]),
        ("Steigerwald", regions["steigerwald"]),
    ]  # not another program's database, not an empty one, not the region closed to Anna
    shown = {r.database: r.shown() for r in listed}
    assert shown[regions["obermain"]] == f"LAG Obermain – {regions['obermain']}"
    assert shown[regions["steigerwald"]] == f"Steigerwald – {regions['steigerwald']}  (nur lesen)"
    assert shown[regions["alt"]].endswith("(ältere Version)")
    assert shown[regions["neu"]].endswith("(neuere Version)")
    assert {r.database: r.kind for r in listed}[regions["alt"]] is FileKind.OLDER


@pytest.mark.server
def test_the_list_is_asked_in_the_typed_database_when_postgres_is_closed(regions, server_databases):
    admin = server_databases._admin
    admin.execute("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC")
    try:
        typed = make_url(regions["anna"]).set(database=regions["obermain"]).render_as_string(False)
        listed = _mine(server.list_regions(typed), regions)
        assert regions["steigerwald"] in {r.database for r in listed}
    finally:
        admin.execute("GRANT CONNECT ON DATABASE postgres TO PUBLIC")


@pytest.mark.server
def test_a_person_without_regions_gets_an_empty_list(regions):
    assert _mine(server.list_regions(regions["stranger"]), regions) == []


@pytest.mark.server
def test_a_person_unknown_to_the_server_is_told_so_in_german(regions):
    nobody = make_url(regions["anna"]).set(username="niemand_hier").render_as_string(False)
    with pytest.raises(DatabaseFileError, match="Diesen Benutzer gibt es auf dem Server nicht"):
        server.list_regions(nobody)


def test_a_server_that_does_not_answer_is_given_up_within_the_timeout():
    """A server that takes the connection and never answers must not hang the dialog."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(DatabaseFileError, match="Der Server antwortet nicht"):
            server.list_regions(f"postgresql://anna@127.0.0.1:{port}/leader", timeout=2)
        assert time.monotonic() - started < 4.5  # not once per database asked
