"""Sync: applying 10,000 changes from another laptop, and a sync with nothing new.

    /work/venv/bin/python bench/bench_sync.py [--contacts 20000] [--changes 10000] [--runs 3]

Per run, in a fresh temporary folder: laptop A gets ``--contacts`` contacts (with e-mails) and
sets up the shared folder; laptop B joins from the snapshot. A then changes ``--changes`` fields
(first names and phone numbers of many contacts) and sends them; B's sync that applies them is
timed (it includes the backup before applying, as a user waits for it), then B's second sync,
which finds nothing new. Prints the median and maximum; exit code 1 if a target is missed.
Targets (issue 7): applying 10,000 changes < 5 s; a sync with nothing new < 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from regiodesk.db.bulk import insert_logged
from regiodesk.db.database import Database
from regiodesk.db.models import Contact, ContactEmail
from regiodesk.sync import SyncService, join

A, B = "00000001-aaaa-bbbb-cccc-000000000001", "00000002-aaaa-bbbb-cccc-000000000002"


def one_run(root: Path, contacts: int, changes: int) -> dict[str, float]:
    folder = root / "shared"
    folder.mkdir()
    a = Database.open(root / "a.regiodesk", device_id=A)
    with a.transaction() as session:
        people = [Contact(kind="person", first_name="", last_name=f"Name {n}") for n in range(contacts)]
        insert_logged(session, a.recorder, people)
        insert_logged(
            session,
            a.recorder,
            [ContactEmail(contact_id=p.id, address=f"p{n}@example.de") for n, p in enumerate(people)],
        )
    SyncService(a).run(folder)
    path, _ = join(folder, root / "b.regiodesk", device_id=B)
    b = Database.open(path, device_id=B)
    with a.transaction() as session:
        ids = list(session.scalars(select(Contact.id).order_by(Contact.id).limit(changes // 2)))
        for n, contact in enumerate(session.scalars(select(Contact).where(Contact.id.in_(ids)))):
            contact.first_name = f"Vorname {n}"
            contact.notes = f"geändert in Lauf {n}"
    t = time.perf_counter()
    sent = SyncService(a).run(folder)
    send = time.perf_counter() - t
    t = time.perf_counter()
    applied = SyncService(b).run(folder)
    apply = time.perf_counter() - t
    assert applied.received == sent.sent, (applied.received, sent.sent)
    t = time.perf_counter()
    nothing = SyncService(b).run(folder)
    noop = time.perf_counter() - t
    assert nothing.received == nothing.sent == 0
    a.close()
    b.close()
    return {"send": send, "apply": apply, "noop": noop, "changes": float(sent.sent)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--changes", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["REGIODESK_DATA_DIR"] = tmp  # backups go with the folder
            results.append(one_run(Path(tmp), args.contacts, args.changes))
    changes = int(results[0]["changes"])
    rows = [
        (f"A sendet {changes} Änderungen", "send", None),
        (f"B wendet {changes} Änderungen an", "apply", 5.0),
        ("Synchronisieren ohne Neues", "noop", 0.2),
    ]
    print(f"{args.contacts} Kontakte, {args.runs} Läufe")
    print(f"{'Schritt':40} {'Median':>9} {'Max':>9} {'Ziel':>8}")
    missed = False
    for label, key, target in rows:
        values = [r[key] for r in results]
        median, worst = statistics.median(values), max(values)
        goal = f"< {target:g} s" if target else "–"
        flag = "" if target is None or median < target else "  VERFEHLT"
        missed |= bool(flag)
        print(f"{label:40} {median:8.3f}s {worst:8.3f}s {goal:>8}{flag}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
