"""Sync: applying 10,000 changes from another laptop beside its floor, and a sync with nothing new.

    /work/venv/bin/python bench/bench_sync.py [--contacts 20000] [--changes 10000] [--runs 3]

Per run, in a fresh temporary folder: laptop A gets ``--contacts`` contacts (with e-mails) and
sets up the shared folder; laptop B joins from the snapshot. A then changes ``--changes`` fields
(first names and notes of half as many contacts) and sends them; B's sync that applies them is
timed (it includes the backup before applying, as a user waits for it), then B's second sync,
which finds nothing new. Prints the median and maximum; exit code 1 if a target is missed.
Targets: applying 10,000 changes < 5 s (issue 7) and within 4x its floor (issue 23); a sync
with nothing new < 0.2 s.

The floor (:func:`floor`) is the same work done the simplest way with the same libraries, on a
copy of B taken just before B's sync (SQLite's backup API, untimed), in the same run:

* the backup before applying, with SQLite's backup API (regiodesk's time includes it, and a
  user waits for it: it is custody, not overhead);
* reading the journal files A wrote, parsing them with ``json`` and checking their checksum
  (sha256 over the canonical JSON, as the folder format demands: without it a half-arrived file
  would be applied);
* in one sqlite3 transaction: every field change written to its row (``UPDATE … SET field,
  modified_at``, grouped by table and field, in the journal's order so the last change of a
  field wins) and every entry appended to ``change_log`` as the real apply does (the log is the
  sync journal and the history, so it is the same work, not extra).

The floor does not decide anything: no merge rule (it trusts that every incoming change wins, as
it does here), no conflict or deletion handling, no check of the entries' values, no search
index update. Those are what regiodesk does beyond the floor; the ratio says what they cost.
After each run the floor's rows are compared with B's, so the floor cannot silently do less.
The floor's backup is printed on its own line, and a second ratio leaves it out of both sides
(regiodesk's backup taken as long as the floor's: the same API on the same file), for whoever
counts the backup as no part of the floor.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from regiodesk.db.bulk import insert_logged
from regiodesk.db.database import Database
from regiodesk.db.models import Contact, ContactEmail
from regiodesk.sync import SyncService, join

A, B = "00000001-aaaa-bbbb-cccc-000000000001", "00000002-aaaa-bbbb-cccc-000000000002"


def one_run(root: Path, contacts: int, changes: int, run_number: int = 0) -> dict[str, float]:
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
    copy = root / "b-floor.regiodesk"
    with closing(sqlite3.connect(b.path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    # Alternate which one goes first, so that neither always meets the colder cache.
    first_floor = run_number % 2 == 1
    if first_floor:
        floor_s, backup_s = floor(copy, sent.journals_written, root / "floor-backup.regiodesk")
    t = time.perf_counter()
    applied = SyncService(b).run(folder)
    apply = time.perf_counter() - t
    if not first_floor:
        floor_s, backup_s = floor(copy, sent.journals_written, root / "floor-backup.regiodesk")
    assert applied.received == sent.sent, (applied.received, sent.sent)
    assert same_contacts(b.path, copy), "the floor's rows differ from regiodesk's"
    t = time.perf_counter()
    nothing = SyncService(b).run(folder)
    noop = time.perf_counter() - t
    assert nothing.received == nothing.sent == 0
    a.close()
    b.close()
    return {
        "send": send,
        "apply": apply,
        "floor": floor_s,
        "backup": backup_s,
        "noop": noop,
        "changes": float(sent.sent),
    }


def floor(path: Path, journals: list[Path], backup: Path) -> tuple[float, float]:
    """Seconds for the same work as B's apply done the simplest way (see the module docstring),
    and the seconds of its backup among them."""
    t = time.perf_counter()
    connection = sqlite3.connect(path)
    target = sqlite3.connect(backup)
    connection.backup(target)
    target.close()
    backed_up = time.perf_counter() - t
    updates: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    log = []
    for journal in journals:
        document = json.loads(journal.read_bytes().decode("utf-8"))
        stated = document.pop("sha256")
        body = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(body.encode("utf-8")).hexdigest() == stated
        device = document["device_id"]
        for table, row, operation, field, old, new, hlc, changed_at in document["entries"]:
            at = datetime.fromisoformat(changed_at).astimezone(timezone.utc).replace(tzinfo=None)
            stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
            updates[(table, field)].append((json.loads(new), stamp, row))
            log.append((table, row, operation, field, old, new, device, hlc, stamp))
    with connection:  # one transaction
        for (table, field), rows in updates.items():
            connection.executemany(f"UPDATE {table} SET {field} = ?, modified_at = ? WHERE id = ?", rows)
        connection.executemany(
            "INSERT INTO change_log (table_name, row_id, operation, field, old_value, new_value, "
            "device_id, hlc, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log,
        )
    connection.close()
    return time.perf_counter() - t, backed_up


def same_contacts(one: Path, other: Path) -> bool:
    """Both files hold the same contacts and the same number of change-log entries."""
    query = "SELECT id, first_name, last_name, notes, deleted_at FROM contact ORDER BY id"
    counts = "SELECT count(*) FROM change_log"
    with closing(sqlite3.connect(one)) as a, closing(sqlite3.connect(other)) as b:
        same = a.execute(query).fetchall() == b.execute(query).fetchall()
        return same and a.execute(counts).fetchone() == b.execute(counts).fetchone()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=20000)
    parser.add_argument("--changes", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for run_number in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["REGIODESK_DATA_DIR"] = tmp  # backups go with the folder
            results.append(one_run(Path(tmp), args.contacts, args.changes, run_number))
    changes = int(results[0]["changes"])
    rows = [
        (f"A sendet {changes} Änderungen", "send", None),
        (f"B wendet {changes} Änderungen an", "apply", 5.0),
        ("  Untergrenze (dieselbe Arbeit, sqlite3)", "floor", None),
        ("    davon Sicherung (Backup-API)", "backup", None),
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
    ratios = [r["apply"] / r["floor"] for r in results]
    ratio = statistics.median(ratios)
    flag = "" if ratio <= 4 else "  VERFEHLT"
    missed |= bool(flag)
    spread = ", ".join(f"{r:.1f}" for r in ratios)
    print(f"{'Anwenden / Untergrenze':40} {ratio:8.1f}x {max(ratios):8.1f}x {'<= 4x':>8}{flag}  ({spread})")
    bare = [(r["apply"] - r["backup"]) / (r["floor"] - r["backup"]) for r in results]
    spread = ", ".join(f"{r:.1f}" for r in bare)
    label = "  beide ohne Sicherung"
    print(f"{label:40} {statistics.median(bare):8.1f}x {max(bare):8.1f}x {'–':>8}  ({spread})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
