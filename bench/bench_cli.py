# ruff: noqa: E501  (the floor scripts are SQL and Python in strings, kept readable on one line each)
"""Every command as a user (or the office's scheduled task) runs it, beside its floor.

    /work/venv/bin/python bench/bench_cli.py --db /tmp/large.regiodesk [--runs 3]

Each line starts a fresh Python process, end to end (start, imports, opening the file, the work,
writing the file, exit), once unmeasured first (bytecode written, file in the page cache) and then
``--runs`` times; the median is shown with the process's peak memory. Beside each command runs
its floor: a short script doing the same work the simplest way with the same libraries (sqlite3,
openpyxl in write-only mode, plain reportlab), started the same way.

The file is not changed: commands that write (sync, import) work on copies in a temporary folder.

Targets (issue 23), on the large region (``make_large_region.py``; ``--contacts 80000`` for 80k):

* a read-only command's fixed cost (``list bodies``: start, imports, open, a few rows, exit) < 0.35 s
* ``print minutes`` < 0.5 s; idle ``sync`` (nothing new on either side) < 0.2 s
* ``export projects`` ≤ 1.5 × its floor; ``export contacts`` ≤ 1.3 × its floor and < 300 MB peak
* ``import contacts`` (the region's contacts as a list) ≤ 3 × its floor

Exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REGIODESK = [sys.executable, "-m", "regiodesk"]

FLOOR_FIXED = """
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = con.execute("SELECT id, name FROM body WHERE deleted_at IS NULL ORDER BY name").fetchall()
print(len(rows))
"""

FLOOR_MINUTES = """
import sqlite3, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
meeting = sys.argv[2]
title, starts, place = con.execute(
    "SELECT title, starts_at, location FROM meeting WHERE id = ?", (meeting,)).fetchone()
items = con.execute(
    "SELECT number, title, discussion, decision_text FROM agenda_item "
    "WHERE meeting_id = ? AND deleted_at IS NULL ORDER BY position", (meeting,)).fetchall()
people = con.execute(
    "SELECT c.last_name, c.first_name, a.status FROM attendance a JOIN contact c ON c.id = a.contact_id "
    "WHERE a.meeting_id = ? AND a.deleted_at IS NULL", (meeting,)).fetchall()
votes = {row[0]: row[1:] for row in con.execute(
    "SELECT v.agenda_item_id, v.yes, v.no, v.abstain, v.result FROM vote v JOIN agenda_item i "
    "ON i.id = v.agenda_item_id WHERE i.meeting_id = ? AND v.deleted_at IS NULL", (meeting,))}
styles = getSampleStyleSheet()
story = [Paragraph(f"Protokoll: {title}", styles["Title"]), Paragraph(f"{starts} {place}", styles["Normal"])]
story.append(Table([[f"{l}, {f}", s] for l, f, s in people] or [[""]]))
for number, item_title, discussion, decision in items:
    story.append(Paragraph(f"TOP {number} {item_title}", styles["Heading2"]))
    story.append(Paragraph(discussion or "", styles["Normal"]))
    story.append(Paragraph(decision or "", styles["Normal"]))
SimpleDocTemplate(sys.argv[3], pagesize=A4).build(story)
"""

FLOOR_SYNC = """
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
logged = con.execute("SELECT MAX(seq) FROM change_log").fetchone()[0]
devices = con.execute("SELECT device_id, applied_seq, log_seq FROM sync_device").fetchall()
journals = os.path.join(sys.argv[2], "journals")
for device in os.listdir(journals) if os.path.isdir(journals) else []:
    os.listdir(os.path.join(journals, device))
print(logged, len(devices))
"""

FLOOR_PROJECTS = """
import sqlite3, sys
from openpyxl import Workbook
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
book = Workbook(write_only=True)
sheet = book.create_sheet("Projekte")
sheet.append(["Nr.", "Titel", "Träger", "Handlungsfeld", "Status", "Gesamtkosten", "förderfähig", "Zuschuss",
              "Fördersatz", "LAG-Beschluss", "ausgezahlt"])
for row in con.execute(
    "SELECT p.id, p.title, c.organisation, a.code, p.status, p.total_cost_gross_cents, p.eligible_cost_cents, "
    "p.grant_cents, p.funding_rate_bp, p.lag_decision_on, "
    "(SELECT SUM(amount_cents) FROM payment WHERE project_id = p.id AND deleted_at IS NULL) "
    "FROM project p LEFT JOIN contact c ON c.id = p.sponsor_id LEFT JOIN action_field a ON a.id = p.action_field_id "
    "WHERE p.deleted_at IS NULL ORDER BY p.title"):
    values = list(row)
    for n in (5, 6, 7, 10):
        values[n] = (values[n] or 0) / 100
    values[8] = (values[8] or 0) / 10000
    sheet.append(values)
book.save(sys.argv[2])
"""

FLOOR_CONTACTS = """
import sqlite3, sys
from openpyxl import Workbook
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
book = Workbook(write_only=True)
sheet = book.create_sheet("Kontakte")
sheet.append(["Name", "Anrede", "Titel", "Vorname", "Nachname", "Institution", "Straße", "PLZ", "Ort", "Land",
              "E-Mail", "Telefon", "Schlagwörter", "Notizen"])
first = "(SELECT {col} FROM {table} WHERE contact_id = c.id AND deleted_at IS NULL ORDER BY created_at LIMIT 1)"
query = (
    "SELECT c.kind, c.salutation, c.title, c.first_name, c.last_name, c.organisation, "
    + first.format(col="street", table="address") + ", " + first.format(col="postal_code", table="address") + ", "
    + first.format(col="city", table="address") + ", " + first.format(col="country", table="address") + ", "
    + first.format(col="address", table="contact_email") + ", " + first.format(col="number", table="contact_phone")
    + ", (SELECT group_concat(t.name, ', ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL), c.notes "
    "FROM contact c WHERE c.deleted_at IS NULL AND c.restricted = 0 ORDER BY c.last_name, c.first_name"
)
for kind, *rest in con.execute(query):
    name = rest[4] if kind == "institution" else " ".join(p for p in (rest[1], rest[2], rest[3]) if p)
    sheet.append([name, *rest])
book.save(sys.argv[2])
"""

FLOOR_IMPORT = """
import sqlite3, sys, uuid
from openpyxl import load_workbook
book = load_workbook(sys.argv[2], read_only=True)
rows = list(book.active.iter_rows(values_only=True))
con = sqlite3.connect(sys.argv[1])
top = next(n for n, r in enumerate(rows) if r and "Nachname" in r)  # below the list's title lines
header = rows[top]
at = [header.index(name) for name in ("Anrede", "Titel", "Vorname", "Nachname", "Institution")]
body = [[r[n] if n < len(r) else None for n in at] for r in rows[top + 1:] if any(r)]
con.executemany(
    "INSERT INTO contact (id, kind, salutation, title, first_name, last_name, organisation, institution_type, "
    "public_sector, notes, restricted, created_at, modified_at) "
    "VALUES (?, 'person', ?, ?, ?, ?, ?, '', 0, '', 0, datetime('now'), datetime('now'))",
    [(str(uuid.uuid4()), *(v or "" for v in r)) for r in body],
)
con.commit()
print(len(body))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float


def run(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stderr is not None
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:6])} … failed:\n{errors[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def timed(command: list[str], env: dict[str, str], cwd: Path, runs: int, prepare=None) -> Run:
    """The median of ``runs`` runs after one unmeasured run (``prepare`` before each, not timed)."""
    results = []
    for n in range(runs + 1):
        if prepare is not None:
            prepare()
        result = run(command, env, cwd)
        if n:
            results.append(result)
    return Run(
        statistics.median(r.seconds for r in results),
        statistics.median(r.peak_mb for r in results),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Commands end to end beside their floors.")
    parser.add_argument("--db", type=Path, required=True, help="large region (bench/make_large_region.py)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    source = args.db.resolve()
    with tempfile.TemporaryDirectory(prefix="regiodesk-bench-cli-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, REGIODESK_DATA_DIR=str(folder / "data"), QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program has its bytecode
        repo = Path(__file__).resolve().parent.parent
        env["PYTHONPATH"] = str(repo)
        con = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        meeting = con.execute(
            "SELECT m.id FROM meeting m WHERE m.deleted_at IS NULL AND EXISTS (SELECT 1 FROM vote v "
            "JOIN agenda_item i ON i.id = v.agenda_item_id WHERE i.meeting_id = m.id) "
            "ORDER BY (SELECT COUNT(*) FROM agenda_item WHERE meeting_id = m.id) DESC LIMIT 1"
        ).fetchone()[0]
        contacts = con.execute("SELECT COUNT(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
        con.close()

        def py(script: str, *rest: str) -> list[str]:
            return [sys.executable, "-c", script, *rest]

        rows: list[tuple[str, Run, Run | None, str, bool | None]] = []

        def line(label: str, ours: Run, floor: Run | None, target: str, ok: bool | None) -> None:
            rows.append((label, ours, floor, target, ok))
            print(f"  measured: {label}", file=sys.stderr, flush=True)

        db = str(source)
        fixed = timed([*REGIODESK, "--db", db, "list", "bodies"], env, folder, args.runs)
        fixed_floor = timed(py(FLOOR_FIXED, db), env, folder, args.runs)
        line("list bodies (fixed cost)", fixed, fixed_floor, "< 0.35 s", fixed.seconds < 0.35)

        pdf = str(folder / "m.pdf")
        minutes = timed(
            [*REGIODESK, "--db", db, "print", "minutes", meeting, "--out", pdf], env, folder, args.runs
        )
        minutes_floor = timed(py(FLOOR_MINUTES, db, meeting, pdf), env, folder, args.runs)
        line("print minutes", minutes, minutes_floor, "< 0.5 s", minutes.seconds < 0.5)

        xlsx = str(folder / "p.xlsx")
        projects = timed(
            [*REGIODESK, "--db", db, "export", "projects", "--out", xlsx], env, folder, args.runs
        )
        projects_floor = timed(py(FLOOR_PROJECTS, db, xlsx), env, folder, args.runs)
        ratio = projects.seconds / projects_floor.seconds
        line("export projects", projects, projects_floor, "≤ 1.5 × floor", ratio <= 1.5)

        kxlsx = str(folder / "k.xlsx")
        export = timed([*REGIODESK, "--db", db, "export", "contacts", "--out", kxlsx], env, folder, args.runs)
        export_floor = timed(py(FLOOR_CONTACTS, db, kxlsx), env, folder, args.runs)
        ratio = export.seconds / export_floor.seconds
        line(
            f"export contacts ({contacts:,})",
            export,
            export_floor,
            "≤ 1.3 × floor, < 300 MB",
            ratio <= 1.3 and export.peak_mb < 300,
        )

        # idle sync: a copy that has synced once with a folder; nothing new on either side
        copy = folder / "sync.regiodesk"
        shutil.copy2(source, copy)
        shared = folder / "shared"
        shared.mkdir()
        run([*REGIODESK, "--db", str(copy), "sync", "--folder", str(shared), "--init"], env, folder)
        idle = timed([*REGIODESK, "--db", str(copy), "sync", "--folder", str(shared)], env, folder, args.runs)
        idle_floor = timed(py(FLOOR_SYNC, str(copy), str(shared)), env, folder, args.runs)
        line("sync, nothing new", idle, idle_floor, "< 0.2 s", idle.seconds < 0.2)

        # import: the region's contacts as a list, into a fresh copy each run
        target = folder / "import.regiodesk"
        fresh = folder / "fresh.regiodesk"
        run([*REGIODESK, "--db", str(fresh), "new", "--region", "Import"], env, folder)

        def reset() -> None:
            shutil.copy2(fresh, target)

        listing = folder / "liste.xlsx"
        run([*REGIODESK, "--db", db, "export", "contacts", "--out", str(listing)], env, folder)
        imported = timed(
            [*REGIODESK, "--db", str(target), "import", "contacts", str(listing)],
            env,
            folder,
            args.runs,
            prepare=reset,
        )
        import_floor = timed(
            py(FLOOR_IMPORT, str(target), str(listing)), env, folder, args.runs, prepare=reset
        )
        ratio = imported.seconds / import_floor.seconds
        line(f"import contacts ({contacts:,} rows)", imported, import_floor, "≤ 3 × floor", ratio <= 3)

    print(f"\nFile: {source} ({source.stat().st_size / 1_000_000:.0f} MB, {contacts:,} contacts)")
    print(f"median of {args.runs} runs after one unmeasured run; each a fresh process, end to end\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'command'.ljust(width)}  {'regiodesk':>9}  {'peak':>7}  {'floor':>7}  {'ratio':>5}  target")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 7}  {'-' * 7}  {'-' * 5}  {'-' * 30}")
    ok = True
    for label, ours, floor, target, passed in rows:
        floor_text = f"{floor.seconds:.2f} s" if floor else ""
        ratio_text = f"{ours.seconds / floor.seconds:.1f}" if floor else ""
        verdict = "" if passed is None else ("  ok" if passed else "  MISSED")
        ok = ok and passed is not False
        print(
            f"{label.ljust(width)}  {ours.seconds:>7.2f} s  {ours.peak_mb:>4.0f} MB  {floor_text:>7}  "
            f"{ratio_text:>5}  {target}{verdict}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
