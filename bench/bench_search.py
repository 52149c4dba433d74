"""The search over everything (Strg+K): one keystroke's search on the large region, beside its floor.

    /work/venv/bin/python bench/bench_search.py [--db /tmp/large.regiodesk] [--runs 5]

Without ``--db`` the large region (bench/make_large_region.py) is written into a temporary
folder first. Types each word of WORDS one letter at a time and times, per keystroke, what the
window does a moment after the last key: ``SearchService.search`` (per kind the count and the
best hits from the FTS5 index, then the records shown). The floor is the same FTS5 queries
through a plain ``sqlite3`` connection on the same file, without SQLAlchemy and without reading
the records shown. The median of ``--runs`` runs per keystroke; the table shows each keystroke
and the median and maximum over all of them. Exit code 1 if a keystroke takes 50 ms or more.

Also reported: rebuilding the whole index (what migration 0007 does to an older file) and the
cost of the index on one save (a contact renamed: the commit takes in its change-log entry).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS = 50.0
#: what people type: a name with an umlaut, its transliteration, a place, two words, a TOP
WORDS = ("müller", "mueller", "gemeinde", "lag 2026", "top 3", "bürgerhaus", "dorfladen weiß")


def _floor(con: sqlite3.Connection, typed: str, per_kind: int = 5) -> int:
    """The FTS5 work of one keystroke, nothing else: per kind a count and the best ids."""
    from regiodesk.services.search import KINDS, RANKED_AT_MOST, match_expression

    expression = match_expression(typed)
    found = 0
    if not expression:
        return found
    for kind, _label in KINDS:
        query = f"kind : {kind} AND {{title text}} : ({expression})"
        count = "SELECT count(*) FROM search_index WHERE search_index MATCH ?"
        total = con.execute(count, (query,)).fetchone()[0]
        if not total:
            continue
        order = "ORDER BY rank" if total <= RANKED_AT_MOST else ""
        rows = con.execute(
            "SELECT d.row_id FROM search_index i JOIN search_doc d ON d.id = i.rowid "
            f"WHERE search_index MATCH ? {order} LIMIT ?",
            (query, per_kind + 3),
        ).fetchall()
        found += len(rows)
    return found


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="the large region (default: written into a temporary folder)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("REGIODESK_DATA_DIR", str(Path(folder) / "userdata"))
        path = args.db
        if path is None:
            path = Path(folder) / "large.regiodesk"
            make = ROOT / "bench" / "make_large_region.py"
            subprocess.run([sys.executable, str(make), str(path)], check=True)
        return _measure(path, args.runs)


def _measure(path: Path, runs: int) -> int:
    from regiodesk.db import search_index
    from regiodesk.db.database import Database
    from regiodesk.db.models import Contact
    from regiodesk.services.search import SearchService

    db = Database.open(path, device_id="bench-search", backup_dir=path.parent / "backups")
    service = SearchService(db)
    con = sqlite3.connect(path)
    documents = con.execute("SELECT count(*) FROM search_doc").fetchone()[0]
    print(f"{path.name}: {documents} Einträge im Suchindex, {runs} Läufe je Tastendruck\n")

    # warm: the first query compiles the statements and reads the index pages
    service.search("warm")
    _floor(con, "warm")
    print(f"{'getippt':<18} {'regiodesk':>10} {'Boden':>8}   Treffer")
    ours: list[float] = []
    floors: list[float] = []
    for word in WORDS:
        for end in range(1, len(word) + 1):
            typed = word[:end]
            if not typed.strip() or typed.endswith(" "):
                continue
            mine = statistics.median(_timed(lambda typed=typed: service.search(typed)) for _ in range(runs))
            floor = statistics.median(_timed(lambda typed=typed: _floor(con, typed)) for _ in range(runs))
            hits = sum(group.total for group in service.search(typed))
            ours.append(mine)
            floors.append(floor)
            print(f"{typed!r:<18} {mine:>8.1f} ms {floor:>6.1f} ms   {hits}")
    print(
        f"\n{'Tastendruck':<18} Median {statistics.median(ours):.1f} ms (Boden "
        f"{statistics.median(floors):.1f} ms), höchstens {max(ours):.1f} ms (Boden {max(floors):.1f} ms); "
        f"Ziel < {TARGET_MS:.0f} ms"
    )

    # one save: a contact renamed; its commit takes the change into the index
    with db.session() as session:
        contact_id = session.scalar(Contact.__table__.select().with_only_columns(Contact.id).limit(1))

    def rename(name: str) -> None:
        with db.transaction() as session:
            session.get(Contact, contact_id).last_name = name

    saves = [_timed(lambda n=n: rename(f"Bench{n}")) for n in range(runs * 4)]
    save = statistics.median(saves)
    print(f"{'Speichern':<18} Median {save:.1f} ms: ein Kontakt umbenannt, samt Suchindex")

    raw = db.engine.raw_connection()
    try:
        started = time.perf_counter()
        count = search_index.rebuild(raw.driver_connection)
        raw.driver_connection.rollback()  # measured, not kept
        took = time.perf_counter() - started
        print(f"{'Neuaufbau':<18} {took:.2f} s für {count} Einträge (Migration 0007)")
    finally:
        raw.close()
    con.close()
    db.close()
    return 0 if max(ours) < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
