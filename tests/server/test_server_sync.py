"""The server database as one participant of the shared-folder sync (issue 24).

A laptop that works offline keeps its file and exchanges changes with the server office through
the folder; whoever writes to the server from whichever machine, the folder sees one device (the
server database's own id). Needs a test server (REGIODESK_TEST_PG).
"""

from __future__ import annotations

import threading
import time
from contextlib import closing

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sync_helpers import Laptop, device

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.dialect import SYNC_LOCK
from regiodesk.db.models import ChangeLogEntry
from regiodesk.db.server import PARTICIPANT_ID, advisory_lock
from regiodesk.services.contacts import ContactService
from regiodesk.sync import SyncError, SyncService, join
from regiodesk.sync.folder import JOURNALS

pytestmark = pytest.mark.server


@pytest.fixture
def server_url(server_databases):
    url = server_databases.fresh()
    yield url
    server_databases.drop(url)


class Client:
    """One person's regiodesk on one machine, connected to the server database."""

    def __init__(self, url: str, machine: str):
        self.db = Database.open(url, device_id=machine)
        self.contacts = ContactService(self.db)

    def sync(self, folder):
        return SyncService(self.db).run(folder)

    def contact_state(self) -> list[tuple]:
        with self.db.session() as session:
            from sqlalchemy import text

            query = "SELECT id, kind, first_name, last_name, deleted_at IS NOT NULL FROM contact ORDER BY id"
            return [tuple(row) for row in session.execute(text(query))]

    def close(self) -> None:
        self.db.close()


@pytest.fixture
def office(server_url, folder, tmp_path):
    """(anna and bernd on the server, a laptop joined from the server's snapshot, three contacts)."""
    anna, bernd = Client(server_url, "rechner-anna"), Client(server_url, "rechner-bernd")
    ids = [anna.contacts.create({"kind": "person", "last_name": f"Name {n}"}) for n in range(3)]
    report = anna.sync(folder)
    assert report.initialized and report.snapshot is not None
    path, _report = join(folder, tmp_path / "dorf.regiodesk", device_id=device(1))
    laptop = Laptop(path, device(1))
    yield anna, bernd, laptop, ids
    for one in (anna, bernd, laptop):
        one.close()


def _log_entries(laptop: Laptop, row_id: str, field: str) -> int:
    return laptop.rows("SELECT count(*) FROM change_log WHERE row_id = ? AND field = ?", row_id, field)[0][0]


def test_the_server_is_one_device_whoever_writes_to_it(office, server_databases, server_url, folder):
    anna, bernd, laptop, _ids = office
    assert anna.db.device_id == bernd.db.device_id != "rechner-anna"
    assert anna.db.device_name == f"Server {make_url(server_url).database}"
    with closing(server_databases.connect(server_url)) as con:
        assert con.execute("SELECT value FROM sync_meta WHERE key = %s", (PARTICIPANT_ID,)).fetchone() == (
            anna.db.device_id,
        )
        assert {d for (d,) in con.execute("SELECT DISTINCT device_id FROM change_log")} == {anna.db.device_id}
    # one device in the folder, named as the server, whatever number of people wrote
    assert [p.name for p in (folder / JOURNALS).iterdir()] == [anna.db.device_id]
    # the laptop joined from the server's snapshot: everything there, the server known by its name
    assert laptop.contact_state() == anna.contact_state()
    assert laptop.rows("SELECT name FROM sync_device WHERE device_id = ?", anna.db.device_id) == [
        (anna.db.device_name,)
    ]
    # the snapshot is an ordinary office file: the server's own id stayed on the server
    assert laptop.rows("SELECT count(*) FROM sync_meta WHERE key LIKE 'server_device%'") == [(0,)]


def test_changes_travel_both_ways_once_and_nothing_is_echoed(office, folder):
    anna, bernd, laptop, ids = office
    laptop.contacts.update(ids[0], {"first_name": "Dorfgemeinschaftshaus"})
    anna.contacts.update(ids[1], {"first_name": "Anna schrieb"})
    bernd.contacts.update(ids[2], {"first_name": "Bernd schrieb"})
    new = bernd.contacts.create({"kind": "institution", "organisation": "Gemeinde Überall"})

    sent_by_laptop = laptop.sync(folder).sent
    server = bernd.sync(folder)  # either client may run it: the server database syncs
    assert server.received == sent_by_laptop > 0
    assert laptop.sync(folder).received == server.sent > 0
    assert anna.contacts.load(ids[0])["first_name"] == "Dorfgemeinschaftshaus"
    assert laptop.contacts.load(ids[1])["first_name"] == "Anna schrieb"
    assert laptop.contacts.load(ids[2])["first_name"] == "Bernd schrieb"
    assert laptop.contacts.load(new)["organisation"] == "Gemeinde Überall"
    assert laptop.contact_state() == anna.contact_state()
    # the server's history names who changed what: its people by their role, the laptop by its device
    with anna.db.session() as session:
        authors = dict(
            session.execute(
                select(ChangeLogEntry.row_id, ChangeLogEntry.author).where(
                    ChangeLogEntry.field == "first_name", ChangeLogEntry.row_id.in_(ids[:2])
                )
            ).all()
        )
    assert authors == {ids[0]: None, ids[1]: make_url(anna.db.server).username}
    # each change arrived on the laptop once
    assert _log_entries(laptop, ids[1], "first_name") == 1
    assert _log_entries(laptop, ids[2], "first_name") == 1

    # a second round with nothing new sends nothing: what came from the folder is not sent back
    again = anna.sync(folder)
    assert (again.sent, again.received) == (0, 0)
    assert (laptop.sync(folder).received, laptop.sync(folder).sent) == (0, 0)


def test_a_clash_between_laptop_and_server_is_decided_as_between_laptops(office, folder):
    anna, bernd, laptop, ids = office
    laptop.contacts.update(ids[0], {"first_name": "vom Laptop"})
    time.sleep(0.01)
    bernd.contacts.update(ids[0], {"first_name": "vom Server"})  # later: wins on both sides
    laptop.sync(folder)
    anna.sync(folder)
    laptop.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "vom Server"
    assert laptop.contacts.load(ids[0])["first_name"] == "vom Server"
    assert laptop.contact_state() == anna.contact_state()
    conflicts = SyncService(anna.db).conflicts() + laptop.conflicts()
    assert conflicts  # listed for a person to look at, the losing value kept


def test_deletions_travel_both_ways(office, folder):
    anna, bernd, laptop, ids = office
    laptop.contacts.delete(ids[0])
    bernd.contacts.delete(ids[1])
    laptop.sync(folder)
    anna.sync(folder)
    laptop.sync(folder)
    assert anna.contact_state() == laptop.contact_state()
    deleted = {row[0] for row in laptop.contact_state() if row[4]}
    assert deleted == {ids[0], ids[1]}


def test_a_save_still_open_when_the_sync_starts_is_sent(office, server_url, folder):
    """The log's numbers are drawn before the transactions commit: a save in flight while the
    sync starts (a person saving in the office) must not fall behind the sync's "sent up to"
    mark. The sync waits for it; a second save waits for the first (the writers' lock); a
    second sync meanwhile is refused at once."""
    anna, bernd, laptop, ids = office
    slow = anna.db.session()
    slow.begin()
    from regiodesk.db.models import Contact

    slow.get(Contact, ids[0]).first_name = "langsam gespeichert"
    slow.flush()  # its log entry has its number now, not yet committed
    second = threading.Thread(
        target=lambda: bernd.contacts.update(ids[1], {"first_name": "schnell gespeichert"}), daemon=True
    )
    second.start()

    done: list = []
    syncing = threading.Thread(target=lambda: done.append(bernd.sync(folder)), daemon=True)
    syncing.start()
    try:
        time.sleep(0.5)
        assert syncing.is_alive()  # the sync waits for the open save instead of sending past it
        carl = Client(server_url, "rechner-carl")
        with pytest.raises(SyncError, match="Eine andere Synchronisierung"):
            carl.sync(folder)  # a second sync meanwhile, from another machine: refused at once
        carl.close()
    finally:
        slow.commit()
        slow.close()
    syncing.join(30)
    second.join(30)
    assert done and done[0].sent > 0 and not second.is_alive()
    bernd.sync(folder)  # the second save, if it came after the sync's mark
    laptop.sync(folder)
    assert laptop.contacts.load(ids[0])["first_name"] == "langsam gespeichert"
    assert laptop.contacts.load(ids[1])["first_name"] == "schnell gespeichert"


def test_a_later_change_on_the_server_wins_on_the_laptop_although_its_machine_clock_is_behind(office, folder):
    anna, bernd, laptop, ids = office
    bernd.contacts.update(ids[1], {"first_name": "Bernd war schon da"})  # his clock is running
    anna.db.recorder.physical_ms = lambda: int(time.time() * 1000) + 3_600_000  # an hour ahead
    anna.contacts.update(ids[0], {"first_name": "zuerst"})
    bernd.contacts.update(ids[0], {"first_name": "danach"})  # the server keeps this one
    anna.sync(folder)
    laptop.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "danach"
    assert laptop.contacts.load(ids[0])["first_name"] == "danach"


def test_a_second_sync_of_the_server_at_the_same_time_is_refused(office, folder):
    anna, bernd, laptop, ids = office
    bernd.contacts.update(ids[0], {"first_name": "wartet"})
    with advisory_lock(anna.db.engine, SYNC_LOCK) as taken:  # anna's sync is running
        assert taken
        with pytest.raises(SyncError, match="Eine andere Synchronisierung"):
            bernd.sync(folder)
    assert laptop.sync(folder).received == 0  # nothing was sent meanwhile
    assert bernd.sync(folder).sent > 0  # afterwards it runs
    laptop.sync(folder)
    assert laptop.contacts.load(ids[0])["first_name"] == "wartet"


def test_the_command_line_syncs_a_server_and_a_laptop_joins_from_it(
    office, server_url, folder, tmp_path, capsys
):
    _anna, bernd, _laptop, ids = office
    bernd.contacts.update(ids[0], {"first_name": "über die Kommandozeile"})
    assert main(["--db", server_url, "sync", "--folder", str(folder)]) == 0, capsys.readouterr().err
    assert "1 Änderung gesendet" in capsys.readouterr().out
    second = tmp_path / "zweiter.regiodesk"
    assert main(["--db", str(second), "sync", "--folder", str(folder), "--join"]) == 0
    with closing(Database.open(second, device_id=device(2))) as db:
        assert ContactService(db).load(ids[0])["first_name"] == "über die Kommandozeile"


def test_a_server_joins_a_folder_of_laptops_only_into_an_empty_database(
    server_databases, server_url, folder, tmp_path, capsys
):
    laptop = Laptop(tmp_path / "anna.regiodesk", device(1))
    first = laptop.contacts.create({"kind": "person", "last_name": "Vom Laptop"})
    laptop.sync(folder)
    laptop.contacts.update(first, {"first_name": "nach dem Stand"})  # a journal after the snapshot
    laptop.sync(folder)

    assert main(["--db", server_url, "sync", "--folder", str(folder), "--join"]) == 0, capsys.readouterr().err
    assert "Beigetreten" in capsys.readouterr().out
    with closing(Database.open(server_url)) as server:
        assert ContactService(server).load(first)["first_name"] == "nach dem Stand"
        assert server.device_id != device(1)
        ContactService(server).update(first, {"last_name": "Vom Server"})
    assert main(["--db", server_url, "sync", "--folder", str(folder)]) == 0
    laptop.sync(folder)
    assert laptop.contacts.load(first)["last_name"] == "Vom Server"
    laptop.close()

    before = capsys.readouterr()
    assert main(["--db", server_url, "sync", "--folder", str(folder), "--join"]) == 1
    assert "nicht leer" in capsys.readouterr().err, before


def test_changes_made_on_the_server_before_it_had_its_own_id_are_sent_by_it(
    server_databases, server_url, folder, tmp_path
):
    """A server database of an earlier version logged each person's machine; on the first open
    now those changes become the server's (no device in the folder would send them), while the
    changes of the laptops it knows from the folder stay theirs."""
    laptop = Laptop(tmp_path / "anna.regiodesk", device(1))
    first = laptop.contacts.create({"kind": "person", "last_name": "Vom Laptop"})
    laptop.sync(folder)
    assert main(["--db", server_url, "sync", "--folder", str(folder), "--join"]) == 0
    with closing(Database.open(server_url)) as earlier:
        earlier.device_id = "rechner-alt"  # what it stamped then
        ContactService(earlier).update(first, {"first_name": "alter Stand"})
    with closing(server_databases.connect(server_url)) as con:  # as an earlier version left it
        con.execute("DELETE FROM sync_meta WHERE key IN ('server_device_id', 'server_device_name')")
        con.execute("DELETE FROM sync_device WHERE device_id <> %s", (device(1),))
        con.commit()
    with closing(Database.open(server_url)) as server:
        with closing(server_databases.connect(server_url)) as con:
            devices = dict(con.execute("SELECT device_id, count(*) FROM change_log GROUP BY device_id"))
        assert set(devices) == {device(1), server.device_id}
        SyncService(server).run(folder)
    laptop.sync(folder)
    assert laptop.contacts.load(first)["first_name"] == "alter Stand"
    laptop.close()


def test_a_new_id_of_the_server_holds_for_every_client_and_nothing_written_under_the_old_is_lost(
    office, server_url, folder
):
    """Another installation writing under the server's id (a copy of its database syncing into the
    same folder) makes the server take a new id: stored in the database for every client, and the
    changes the windows still open write under the old id go out under the new one."""
    anna, bernd, laptop, ids = office
    old = anna.db.device_id
    service = SyncService(anna.db)
    with anna.db.transaction() as session:
        new = service._take_new_id(session, service._devices(session), {}, None)
    service._go_on_as(new)
    bernd.contacts.update(ids[0], {"first_name": "unter der alten Kennung"})  # opened before
    later = Client(server_url, "rechner-carl")
    assert later.db.device_id == new != old
    later.sync(folder)
    laptop.sync(folder)
    assert laptop.contacts.load(ids[0])["first_name"] == "unter der alten Kennung"
    later.close()


def test_a_snapshot_of_the_server_is_one_moment_although_people_go_on_saving(office, tmp_path):
    """The copy reads one table after the other; what someone saves meanwhile is in none of them
    (else the file could hold a change-log entry without its record, or the other way round)."""
    from regiodesk.db.transfer import copy_office

    anna, bernd, _laptop, _ids = office
    before = len(anna.contact_state())
    saved: list[str] = []

    def save_meanwhile(_table: str) -> None:
        if not saved:
            saved.append(bernd.contacts.create({"kind": "person", "last_name": "Mittendrin"}))

    copy = Database.open(tmp_path / "stand.regiodesk", device_id=device(3))
    try:
        copy_office(anna.db, copy, progress=save_meanwhile)
    finally:
        copy.close()
    written = Laptop(tmp_path / "stand.regiodesk", device(3))
    assert saved and len(written.contact_state()) == before
    assert written.rows("SELECT count(*) FROM change_log WHERE row_id = ?", saved[0]) == [(0,)]
    written.close()
