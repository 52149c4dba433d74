"""The server search's trigram indexes (migration 0012): made where pg_trgm may be created, used
by the search's queries, the same results without them, and a server that refuses the extension
still opens and finds.

Needs a test server (REGIODESK_TEST_PG).
"""

from __future__ import annotations

from contextlib import closing

import pytest
from sqlalchemy.engine import make_url

from regiodesk.db.database import Database, _alembic_config
from regiodesk.db.schema import HEAD
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService
from regiodesk.services.search import SearchService

pytestmark = pytest.mark.server

INDEXES = {"ix_search_index_title_trgm", "ix_search_index_text_trgm"}
#: what people type: whole words, first letters, two words, an umlaut and its transliteration
TYPED = (
    *("müller", "mueller", "mu", "m", "jürgen mül"),
    *("gemeinde", "dorfladen weiß", "weiss", "xyz", "lag 2026"),
)


def _indexes(servers, url) -> set[str]:
    with closing(servers.connect(url)) as con:
        return {
            name
            for (name,) in con.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'search_index'")
        } & INDEXES


def _fill(db) -> None:
    contacts = ContactService(db)
    for first, last in [("Jürgen", "Müller"), ("Anna", "Mueller"), ("Max", "Muller"), ("Eva", "Weiß")]:
        contacts.create({"kind": "person", "first_name": first, "last_name": last, "notes": "LAG 2026"})
    contacts.create({"kind": "institution", "organisation": "Gemeinde Mühlbach", "notes": "Dorfladen"})
    ProjectService(db).create({"title": "Dorfladen Weißenbach", "status": "idee"})
    ProjectService(db).create({"title": "Mühle am Bach", "status": "idee", "notes": "Gemeinde Weiss"})


def _found(db) -> dict[str, list[tuple[str, list[str]]]]:
    search = SearchService(db)
    return {
        typed: [(group.kind, [hit.record_id for hit in group.hits]) for group in search.search(typed)]
        for typed in TYPED
    }


def test_the_migration_makes_the_trigram_indexes_and_takes_them_back(server_databases):
    from alembic import command

    servers = server_databases
    url = servers.fresh()
    assert _indexes(servers, url) == INDEXES
    with closing(Database.open(url, device_id="test")) as db, db.engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0011")
    assert _indexes(servers, url) == set()
    with closing(Database.open(url, device_id="test")):  # migrates to the head again
        pass
    assert _indexes(servers, url) == INDEXES
    servers.drop(url)


def test_the_search_finds_the_same_with_and_without_the_indexes_and_uses_them(server_databases):
    servers = server_databases
    url = servers.fresh()
    with closing(Database.open(url, device_id="test")) as db:
        _fill(db)
        with_index = _found(db)
        with closing(servers.connect(url)) as con:
            con.execute("SET enable_seqscan = off")  # a table this small is read whole otherwise
            plan = " ".join(
                row[0]
                for row in con.execute(
                    # the pattern as search_index.find writes it for "müller" (the kind's own
                    # index left out of the question: on this small table it would be chosen)
                    "EXPLAIN SELECT count(*) FROM search_index i WHERE i.title ~ %s OR i.text ~ %s",
                    ("((^|[^[:alnum:]])muller)|((^|[^[:alnum:]])mueller)",) * 2,
                )
            )
            assert "ix_search_index_title_trgm" in plan and "ix_search_index_text_trgm" in plan
            con.execute("RESET enable_seqscan")
            for name in INDEXES:
                con.execute(f"DROP INDEX {name}")
            con.commit()
        assert _found(db) == with_index
    assert [(kind, len(ids)) for kind, ids in with_index["müller"]] == [("person", 3)]  # ü, ue, u
    assert with_index["xyz"] == []
    servers.drop(url)


@pytest.fixture
def without_create_right(server_databases):
    """A database whose tables a role may create (it owns the schema) but that may not create an
    extension in it (no CREATE on the database): what a locked-down server gives the office."""
    servers = server_databases
    name = f"{servers.prefix}_notrgm".lower()
    role = f"{name}_office"
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'DROP ROLE IF EXISTS "{role}"')
        con.execute(f'CREATE ROLE "{role}" LOGIN')
        con.execute(f'CREATE DATABASE "{name}"')
        con.execute(f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC')
        con.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO "{role}"')
    with closing(servers.connect(servers.url(name))) as con:
        con.autocommit = True
        con.execute(f'ALTER SCHEMA public OWNER TO "{role}"')
    yield servers.url(name), make_url(servers.url(name)).set(username=role).render_as_string(False)
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_server_that_refuses_the_extension_opens_without_the_indexes_and_still_finds(
    server_databases, without_create_right
):
    admin_url, office_url = without_create_right
    with closing(Database.open(office_url, device_id="test")) as db:
        _fill(db)
        found = _found(db)
    assert [kind for kind, _ids in found["müller"]] == ["person"] and len(found["müller"][0][1]) == 3
    assert found["dorfladen weiß"]
    with closing(server_databases.connect(admin_url)) as con:
        assert con.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() is None
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert _indexes(server_databases, admin_url) == set()
