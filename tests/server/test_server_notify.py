"""Lists refresh when someone else changes something: every commit on a server names its tables
(LISTEN/NOTIFY), and a listener on its own connection hears them without polling a table.

Needs a test server (REGIODESK_TEST_PG; ``.ci/run`` starts one): skipped without it.
"""

from __future__ import annotations

import select
from contextlib import closing

import pytest

from regiodesk.db import server
from regiodesk.db.database import Database
from regiodesk.db.models import Contact
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService

pytestmark = pytest.mark.server


def _heard(listener, seconds: float = 5.0) -> set[str]:
    """What the listener received once its socket is readable (as the window's QSocketNotifier)."""
    tables: set[str] = set()
    while select.select([listener.fileno()], [], [], seconds)[0]:
        got = server.received(listener)
        assert got is not None
        tables |= got
        seconds = 0.2  # the rest of what arrived together
    return tables


def as_other_program(work):
    """``work()`` done as another person's regiodesk (its notifications carry another mark)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(server, "SENDER", "the-other-program")
        return work()


@pytest.fixture
def two_offices(server_databases):
    """One office on the server, opened twice (two people): the writer and the one who listens."""
    name = f"{server_databases.prefix}_notify"
    server_databases._create(name)
    url = server_databases.url(name)
    writer = Database.open(url, device_id="laptop-a")
    reader = Database.open(url, device_id="laptop-b", create=False)
    yield writer, reader
    writer.close()
    reader.close()
    server_databases.drop(url)


def test_a_committed_change_names_its_tables_to_the_other_listener(two_offices):
    writer, reader = two_offices
    with closing(server.listen(reader.engine)) as listener:
        anna = {"kind": "person", "first_name": "Anna", "last_name": "Berg"}
        as_other_program(lambda: ContactService(writer).create(anna))
        heard = _heard(listener)
        assert "contact" in heard
        assert "project" not in heard
        as_other_program(lambda: ProjectService(writer).create({"title": "Dorfladen Oberau"}))
        assert "project" in _heard(listener)


def test_a_rolled_back_transaction_and_reading_send_nothing(two_offices):
    writer, reader = two_offices

    def read_and_roll_back() -> None:
        ContactService(writer).rows()
        with pytest.raises(RuntimeError), writer.transaction() as session:
            session.add(Contact(kind="person", first_name="Nie", last_name="Gespeichert"))
            session.flush()
            raise RuntimeError("abgebrochen")

    with closing(server.listen(reader.engine)) as listener:
        as_other_program(read_and_roll_back)
        assert _heard(listener, 0.5) == set()


def test_the_program_does_not_hear_its_own_changes(two_offices):
    writer, reader = two_offices
    with closing(server.listen(reader.engine)) as listener:
        ContactService(writer).create({"kind": "person", "first_name": "Eigene", "last_name": "Änderung"})
        assert _heard(listener, 0.5) == set()
