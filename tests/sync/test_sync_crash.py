"""A laptop that dies (SIGKILL: battery, crash) while it writes a journal or applies a sync leaves a
sound database that has every committed change, and the next sync finishes the job."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import Laptop, device

from regiodesk.sync import join

pytestmark = [pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX"), pytest.mark.slow]

CHILD = """
import sys
from regiodesk.db.database import Database
from regiodesk.sync import SyncService
db = Database.open(sys.argv[1], device_id=sys.argv[2])
print("started", flush=True)
SyncService(db).run(sys.argv[3])
print("done", flush=True)
"""


def _sync_and_kill(path: Path, device_id: str, folder: Path, after: float) -> bool:
    """Run a sync in another process and kill it after ``after`` seconds; True if it was killed."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), device_id, str(folder)],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"started"
    time.sleep(after)
    killed = child.poll() is None
    if killed:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return killed


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _many_changes(laptop: Laptop, ids: list[str], tag: str) -> None:
    with laptop.db.transaction() as session:
        from regiodesk.db.models import Contact

        for n, contact in enumerate(session.query(Contact).filter(Contact.id.in_(ids))):
            contact.first_name = f"{tag} {n}"
            contact.notes = f"{tag} Notiz {n}"


@pytest.fixture(scope="module")
def offices(tmp_path_factory) -> dict[str, Path]:
    """The two offices the tests start from, each built once: a folder with anna's and ben's files.

    Both begin with anna's 3,000 contacts synced and ben joined. "ben_synced": then ben changed
    all of them and synced. "anna_changed": instead anna changed all of them and has not synced. Every
    test works on a copy of its own (``office``): changing 3,000 contacts with their change log
    and syncing them takes seconds, which each test once spent on the same state.
    """
    from regiodesk.db.bulk import insert_logged
    from regiodesk.db.models import Contact

    root = tmp_path_factory.mktemp("offices")
    base = root / "base"
    folder = base / "geteilt"
    folder.mkdir(parents=True)
    anna = Laptop(base / "anna.regiodesk", device(1))
    with anna.db.transaction() as session:
        people = [Contact(kind="person", first_name="", last_name=f"Name {n}") for n in range(3000)]
        insert_logged(session, anna.db.recorder, people)
    ids = [p.id for p in people]
    anna.sync(folder)
    anna.close()
    path, _ = join(folder, base / "ben.regiodesk", device_id=device(2))
    Laptop(path, device(2)).close()
    (base / "ids.json").write_text(json.dumps(ids), encoding="utf-8")

    shutil.copytree(base, root / "ben_synced")
    ben = _laptop(root / "ben_synced", "ben")
    _many_changes(ben, ids, "Ben")
    ben.sync(root / "ben_synced" / "geteilt")
    ben.close()

    shutil.copytree(base, root / "anna_changed")
    anna = _laptop(root / "anna_changed", "anna")
    _many_changes(anna, ids, "Anna")
    anna.close()
    assert not list(root.glob("*/*-wal")), "a file is still open"
    return {"ben_synced": root / "ben_synced", "anna_changed": root / "anna_changed"}


def _laptop(office: Path, name: str) -> Laptop:
    return Laptop(office / f"{name}.regiodesk", device(1 if name == "anna" else 2))


@pytest.fixture
def office(offices, tmp_path):
    """``office(state)``: a copy of one of ``offices`` for this test: (folder, anna, ben, contact ids)."""
    opened = []

    def copy(state: str):
        # The files are closed (their WAL checkpointed into them), so a file copy is a sound
        # copy, and the same office: the dataset id stays.
        here = shutil.copytree(offices[state], tmp_path / state)
        anna, ben = _laptop(here, "anna"), _laptop(here, "ben")
        opened.extend((anna, ben))
        return here / "geteilt", anna, ben, json.loads((here / "ids.json").read_text(encoding="utf-8"))

    yield copy
    for laptop in opened:
        laptop.close()


@pytest.mark.parametrize("after", [0.05, 0.25, 0.6])
def test_killed_while_applying_a_sync(office, after):
    folder, anna, ben, ids = office("ben_synced")  # ben changed every contact and synced
    anna.contacts.update(ids[0], {"last_name": "Vor dem Absturz"})  # committed before: must survive
    anna.close()
    _sync_and_kill(anna.path, device(1), folder, after)
    assert _integrity(anna.path) == "ok"
    anna.db = Laptop(anna.path, device(1)).db
    assert anna.contacts.load(ids[0])["last_name"] == "Vor dem Absturz"
    anna.sync(folder)  # finishes (or finds nothing left to do)
    ben.sync(folder)
    assert anna.contact_state() == ben.contact_state()
    assert anna.contacts.load(ids[1])["first_name"].startswith("Ben")


@pytest.mark.parametrize("after", [0.02, 0.15, 0.4])
def test_killed_while_writing_its_journal(office, after):
    folder, anna, ben, ids = office("anna_changed")  # anna changed every contact, not yet synced
    anna.close()
    _sync_and_kill(anna.path, device(1), folder, after)
    assert _integrity(anna.path) == "ok"
    # no half journal under a final name: every journal that is there reads whole
    from regiodesk.sync.folder import read_journal

    for journal in (folder / "journals").glob("*/*.json"):
        read_journal(journal)
    anna.db = Laptop(anna.path, device(1)).db
    anna.sync(folder)
    ben.sync(folder)
    assert ben.contacts.load(ids[5])["first_name"].startswith("Anna")
    assert anna.contact_state() == ben.contact_state()
