"""A process killed with SIGKILL (battery empty, crash, task manager) while it makes a backup,
migrates an older file or writes leaves a database that passes integrity_check, opens, and still
has every change committed before the kill.

Each case runs the work in a child process and kills it at several points: when a marker shows
the work has begun (the backup's .part file, a statement of the migration) and after a delay.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from regiodesk.db.custody import STAMP, backup_to, list_backups, make_backup
from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry, Contact
from regiodesk.db.schema import HEAD, FileKind, inspect_file
from regiodesk.services.contacts import ContactService

pytestmark = [pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = 2500
NOTE = "Ausführliche Notiz zur Zusammenarbeit mit der Geschäftsstelle. " * 120  # about 8 KB

# Every child commits one contact first and prints its id: a change committed before the kill.
PRELUDE = """
import os, signal, sys, threading
from pathlib import Path
from regiodesk.db.database import Database
from regiodesk.services.contacts import ContactService
path = Path(sys.argv[1])
"""

BACKUP_CHILD = (
    PRELUDE
    + """
from regiodesk.db.custody import make_backup
db = Database.open(path, device_id="crash")
print(ContactService(db).create({"kind": "person", "last_name": "Vor der Sicherung"}), flush=True)
db.close()
print("started", flush=True)
make_backup(path, "absturz", root=Path(sys.argv[2]))
print("done", flush=True)
"""
)

MIGRATION_CHILD = (
    PRELUDE
    + """
from sqlalchemy import event
from sqlalchemy.engine import Engine
marker, delay = sys.argv[3], float(sys.argv[4])

def kill_soon():
    threading.Timer(delay, os.kill, (os.getpid(), signal.SIGKILL)).start()

def watch(_conn, _cursor, statement, *_args):
    if marker and marker in statement:
        kill_soon()

event.listen(Engine, "before_cursor_execute", watch)
print("started", flush=True)
Database.open(path, device_id="crash", backup_dir=Path(sys.argv[2]))
print("done", flush=True)
"""
)

WRITE_CHILD = (
    PRELUDE
    + """
from regiodesk.db.bulk import insert_logged
from regiodesk.db.models import Contact
db = Database.open(path, device_id="crash")
contacts = ContactService(db)
print(contacts.create({"kind": "person", "last_name": "Vor dem Schreiben"}), flush=True)
print("started", flush=True)
if sys.argv[2] == "bulk":  # one long transaction, writing all the time
    with db.transaction() as session:
        for chunk in range(20):
            people = [Contact(kind="person", last_name=f"Masse {n}", notes="x" * 1000) for n in range(1000)]
            insert_logged(session, db.recorder, people)
else:  # many short ones, each printed once committed
    for n in range(100000):
        print(contacts.create({"kind": "person", "last_name": f"Einzeln {n}"}), flush=True)
print("done", flush=True)
"""
)


def _start(script: str, *args: object) -> tuple[subprocess.Popen, str]:
    """Start a child and wait until it begins its work; return it and what it printed before
    (the id of the contact it committed, if it did)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    before = []
    while (line := child.stdout.readline()).strip() != "started":
        if not line:  # end of output: the child died before it began
            child.wait()
            pytest.fail(f"the child stopped before its work (exit code {child.returncode}): {before}")
        before.append(line.strip())
    return child, " ".join(before)


def _kill(child: subprocess.Popen) -> tuple[bool, list[str]]:
    """SIGKILL the child if it still runs; return whether it did and what it printed."""
    killed = child.poll() is None
    if killed:
        os.kill(child.pid, signal.SIGKILL)
    # Read through the same buffered stream _start read from: communicate(timeout=…) reads the
    # pipe's descriptor and would skip lines readline() had already pulled into the buffer.
    assert child.stdout is not None
    with child.stdout:
        out = child.stdout.read()
    child.wait(timeout=30)
    return killed, out.split()


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _open(path: Path, backups: Path | None = None) -> Database:
    return Database.open(path, device_id="nachher", backup_dir=backups)


def _count(db: Database, prefix: str) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).where(Contact.last_name.startswith(prefix)))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """A region of 2,500 contacts with long notes, about 45 MB with its change log."""
    from regiodesk.db.bulk import insert_logged

    path = tmp_path_factory.mktemp("gross") / "gross.regiodesk"
    db = Database.open(path, device_id="vorher")
    with db.transaction() as session:
        people = [
            Contact(kind="person", first_name="Vorname", last_name=f"Name {n}", notes=NOTE)
            for n in range(CONTACTS)
        ]
        insert_logged(session, db.recorder, people)
    db.close()
    return path


@pytest.fixture
def office(big_file, tmp_path) -> Path:
    return backup_to(big_file, tmp_path / "office.regiodesk")


def _assert_sound(path: Path, committed: str, backups: Path | None = None) -> None:
    assert _integrity(path) == "ok"
    db = _open(path, backups)
    try:
        assert ContactService(db).load(committed)["last_name"].startswith("Vor ")
        assert _count(db, "Name ") == CONTACTS
    finally:
        db.close()


def test_killed_while_making_a_backup(office, tmp_path):
    backups = tmp_path / "sicherungen"
    killed_mid_backup = 0
    for delay in (0.0, 0.02, 0.05):
        child, committed = _start(BACKUP_CHILD, office, backups)
        deadline = time.monotonic() + 20
        while not list(backups.glob("*/*.part")) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)  # the backup has begun once its .part file is there
        time.sleep(delay)
        killed, out = _kill(child)
        killed_mid_backup += killed and "done" not in out
        _assert_sound(office, committed)
        # a backup under its final name is always whole; a half one is only ever a .part
        for backup in list_backups(office, root=backups):
            assert _integrity(backup.path) == "ok"
            assert inspect_file(backup.path).kind is FileKind.CURRENT
    assert killed_mid_backup >= 2, "the kills came too late to hit a backup"
    # a backup under the very name a killed one left half-written (same second, same reason) is whole
    leftovers = list(backups.glob("*/*.part"))
    assert leftovers
    stamp = datetime.strptime(leftovers[0].stem.partition("_")[0], STAMP)
    again = make_backup(office, "absturz", root=backups, now=stamp)
    assert again.with_suffix(".part") == leftovers[0]
    assert _integrity(again) == "ok"
    _assert_sound(again, committed)
    # the half-written ones are removed once they are a day old
    old = time.time() - 2 * 24 * 3600
    for leftover in backups.glob("*/*.part*"):
        os.utime(leftover, (old, old))
    make_backup(office, "danach", root=backups)
    assert not list(backups.glob("*/*.part*"))


@pytest.mark.parametrize(
    ("marker", "delay"),
    [
        ("CREATE TABLE sync_conflict", 0.0),  # 0002 done, 0003 begun: the half that once stuck
        ("CREATE INDEX ix_change_log_device_seq", 0.005),  # inside the index build over the log
        ("", 0.25),  # wherever it is by then
    ],
)
def test_killed_while_migrating_an_older_file(office, tmp_path, marker, delay):
    from alembic import command

    from regiodesk.db.database import _alembic_config, make_engine

    db = _open(office)
    committed = ContactService(db).create({"kind": "person", "last_name": "Vor dem Update"})
    db.close()
    engine = make_engine(office)
    with engine.begin() as connection:  # the file as regiodesk 0001 left it
        command.downgrade(_alembic_config(connection), "0001")
    engine.dispose()
    assert inspect_file(office).kind is FileKind.OLDER

    backups = tmp_path / "sicherungen"
    child, _ = _start(MIGRATION_CHILD, office, backups, marker, delay if marker else 0)
    if marker:  # the child kills itself at the marked statement
        child.communicate(timeout=60)
        killed = child.returncode == -signal.SIGKILL
    else:
        time.sleep(delay)
        killed, _ = _kill(child)
    assert killed or not marker  # the marked statements are always reached
    assert _integrity(office) == "ok"
    assert inspect_file(office).kind in (FileKind.OLDER, FileKind.CURRENT)
    # opening again finishes the migration (the kill left either the old or the new schema)
    _assert_sound(office, committed, backups)
    assert inspect_file(office).kind is FileKind.CURRENT
    con = sqlite3.connect(office)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    con.close()
    for backup in list_backups(office, root=backups):  # the backup before the update is whole
        assert _integrity(backup.path) == "ok"


@pytest.mark.parametrize("delay", [0.0, 0.15])
def test_killed_during_one_long_write_transaction(office, delay):
    child, committed = _start(WRITE_CHILD, office, "bulk")
    wal = Path(f"{office}-wal")
    deadline = time.monotonic() + 20
    while child.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 1_000_000:
            break  # uncommitted pages of the transaction are spilling into the WAL
        time.sleep(0.002)
    time.sleep(delay)
    killed, out = _kill(child)
    assert killed and "done" not in out, "the bulk insert finished before the kill"
    _assert_sound(office, committed)
    db = _open(office)
    try:
        assert _count(db, "Masse ") == 0  # all or nothing: the transaction never committed
        with db.session() as session:
            logged = session.scalar(select(func.count()).where(ChangeLogEntry.new_value.like('"Masse %')))
        assert logged == 0
    finally:
        db.close()


@pytest.mark.parametrize("delay", [0.4])
def test_killed_between_and_inside_many_short_transactions(office, delay):
    child, committed = _start(WRITE_CHILD, office, "single")
    time.sleep(delay)
    killed, printed = _kill(child)
    assert killed and "done" not in printed
    assert printed, "not a single contact was committed before the kill"
    _assert_sound(office, committed)
    db = _open(office)
    try:
        contacts = ContactService(db)
        for contact_id in printed:  # every id printed was committed: none may be missing
            assert contacts.load(contact_id)["last_name"].startswith("Einzeln ")
        # at most the one being written when the kill came is there without having been printed
        assert _count(db, "Einzeln ") in (len(printed), len(printed) + 1)
    finally:
        db.close()
