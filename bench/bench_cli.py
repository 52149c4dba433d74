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

# The same sheets, rows, columns, cell formats, row heights, sum lines and print setup as the user's
# file (regiodesk's own layout numbers written in), the simplest way: one WriteOnlyCell per cell.
FLOOR_PROJECTS = r"""
import sqlite3, sys, textwrap
from datetime import date
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
STATUS = {"idee": "Idee", "in_beratung": "in Beratung", "ausgewaehlt": "LAG-Beschluss: ausgewählt", "abgelehnt": "LAG-Beschluss: abgelehnt", "zurueckgestellt": "LAG-Beschluss: zurückgestellt", "antrag_gestellt": "Antrag gestellt", "bewilligt": "bewilligt", "in_umsetzung": "in Umsetzung", "abgeschlossen": "abgeschlossen", "vn_geprueft": "Verwendungsnachweis geprüft", "zurueckgezogen": "zurückgezogen", "verfallen": "verfallen"}
SPONSOR = {"kommune": "Kommune", "verein": "Verein", "unternehmen": "Unternehmen", "privatperson": "Privatperson", "kirche": "Kirche", "oeffentlich": "Sonstige öffentliche Stelle", "sonstige": "Sonstige"}
DECISION = {"ausgewaehlt": "ausgewählt", "abgelehnt": "abgelehnt", "zurueckgestellt": "zurückgestellt"}
MONEY, PERCENT, DATE = '#,##0.00 "€"', "0.0 %", "DD.MM.YYYY"
BOLD, FILL = Font(name="Calibri", size=11, bold=True), PatternFill("solid", fgColor="E4E9EF")
HEAD, TOP, WRAP = Alignment(vertical="center", wrap_text=True), Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
region = con.execute("SELECT name FROM region_settings WHERE deleted_at IS NULL").fetchone()[0]
decisions = {p: DECISION[s] for p, s in con.execute("SELECT project_id, to_status FROM project_status_change WHERE deleted_at IS NULL AND to_status IN ('ausgewaehlt', 'abgelehnt', 'zurueckgestellt') ORDER BY created_at, changed_on")}
points = dict(con.execute("SELECT s.project_id, SUM(s.points) FROM score s JOIN selection_criterion k ON k.id = s.criterion_id WHERE s.deleted_at IS NULL AND k.deleted_at IS NULL GROUP BY s.project_id"))
paid = dict(con.execute("SELECT project_id, SUM(amount_cents) FROM payment WHERE deleted_at IS NULL GROUP BY project_id"))
d = lambda v: date.fromisoformat(v) if v else None
m = lambda v: v / 100 if v is not None else None
rows = []
for (pid, title, desc, sponsor, stype, field, goal, call, coop, area, ptype, status, gross, net, eligible, rate, grant, cofin_by, cofin, own,
     starts, ends, lag_on, applied, approved, file_no, completed, proof, notes) in con.execute(
    "SELECT p.id, p.title, p.short_description, COALESCE(NULLIF(c.organisation, ''), TRIM(c.first_name || ' ' || c.last_name)), p.sponsor_type, "
    "TRIM(a.code || ' ' || a.name), TRIM(g.code || ' ' || g.name), k.name, p.cooperation, p.project_area, p.project_type, p.status, "
    "p.total_cost_gross_cents, p.total_cost_net_cents, p.eligible_cost_cents, p.funding_rate_bp, p.grant_cents, p.cofinancing_source, "
    "p.cofinancing_cents, p.own_share_cents, p.starts_on, p.ends_on, p.lag_decision_on, p.applied_on, p.approved_on, p.approval_file_number, "
    "p.completed_on, p.proof_of_use_on, p.notes FROM project p LEFT JOIN contact c ON c.id = p.sponsor_id "
    "LEFT JOIN action_field a ON a.id = p.action_field_id LEFT JOIN development_goal g ON g.id = p.development_goal_id "
    "LEFT JOIN call k ON k.id = p.call_id WHERE p.deleted_at IS NULL"):
    rows.append(((field or "~").casefold(), title.casefold(), [
        title, desc, sponsor, SPONSOR.get(stype), field, goal, call, "ja" if coop else "nein", area, ptype, STATUS[status], m(gross), m(net),
        m(eligible), rate / 10000 if rate is not None else None, m(grant), cofin_by, m(cofin), m(own), d(starts), d(ends), d(lag_on),
        decisions.get(pid) if lag_on else None, points.get(pid), d(applied), d(approved), file_no, m(paid.get(pid)), d(completed), d(proof), notes]))
rows.sort(key=lambda r: r[:2])
book = Workbook(write_only=True)
book.properties.title, book.properties.creator = "Projektliste", "regiodesk"

def lines(text, width):
    return sum(max(1, len(textwrap.wrap(part, int(width)))) for part in text.split("\n"))

def sheet(title, heads, widths, formats, wraps, data, totals, orientation, pages):
    ws = book.create_sheet(title)
    for n, w in enumerate(widths):
        ws.column_dimensions[chr(65 + n) if n < 26 else "A" + chr(39 + n)].width = w
    ws.freeze_panes = "A2"
    last = chr(64 + len(heads)) if len(heads) <= 26 else "A" + chr(38 + len(heads))
    ws.auto_filter.ref = f"A1:{last}{len(data) + 1}"
    ws.page_setup.paperSize, ws.page_setup.orientation = "9", orientation
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = pages, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    if pages > 1:
        ws.print_title_cols, ws.page_setup.pageOrder = "A:A", "overThenDown"
    ws.print_options.gridLines = True
    ws.oddHeader.left.text, ws.oddHeader.right.text = f"Projektliste – {title}", f"{region} · Stand {date.today():%d.%m.%Y}"
    ws.oddFooter.center.text = "Seite &P von &N"
    head = []
    for h in heads:
        c = WriteOnlyCell(ws, h)
        c.font, c.fill, c.alignment = BOLD, FILL, HEAD
        head.append(c)
    ws.row_dimensions[1].height = 32
    ws.append(head)
    for r, values in enumerate(data, start=2):
        tall = max(lines(v, widths[n]) if wraps[n] and isinstance(v, str) else 1 for n, v in enumerate(values))
        cells = []
        for n, v in enumerate(values):
            if v is None or v == "":
                cells.append(None)
                continue
            c = WriteOnlyCell(ws, v)
            if isinstance(v, str) and v[0] in "=+-@":
                c.data_type = "s"
            c.alignment = WRAP if wraps[n] else TOP
            if formats[n] and not isinstance(v, str):
                c.number_format = formats[n]
            cells.append(c)
        if tall > 1:
            ws.row_dimensions[r].height = min(tall * 15 + 2, 409)
        ws.append(cells)
        ws.row_dimensions.pop(r, None)
    if totals:
        ws.append([])
        for label, states in totals:  # r: the last data row
            line = [WriteOnlyCell(ws, label)]
            line[0].font, line[0].alignment = BOLD, WRAP
            for n in range(1, len(heads)):
                letter = chr(65 + n) if n < 26 else "A" + chr(39 + n)
                rng = f"{letter}2:{letter}{len(data) + 1}"
                if n not in (11, 12, 13, 15, 17, 18, 27):
                    formula = None
                elif states is None:
                    formula = f"=SUBTOTAL(109,{rng})"
                else:
                    names = ",".join(f'"{s}"' for s in states)
                    formula = f"=SUMPRODUCT(SUBTOTAL(109,OFFSET({letter}2,ROW({rng})-2,0))*ISNUMBER(MATCH(K2:K{len(data) + 1},{{{names}}},0)))"
                c = WriteOnlyCell(ws, formula)
                c.font = BOLD
                if formula:
                    c.number_format = MONEY
                line.append(c)
            ws.row_dimensions[r + 2].height = lines(label, widths[0] * 0.9) * 15 + 2
            ws.append(line)
            ws.row_dimensions.pop(r + 2, None)
            r += 1

bound = ["LAG-Beschluss: ausgewählt", "Antrag gestellt", "bewilligt", "in Umsetzung", "abgeschlossen", "Verwendungsnachweis geprüft"]
sheet("Projekte",
      ["Titel", "Kurzbeschreibung", "Projektträger", "Art des Trägers", "Handlungsfeld", "Entwicklungsziel", "Projektaufruf", "Kooperationsprojekt",
       "Projektgebiet", "Projektart", "Status", "Gesamtkosten brutto", "Gesamtkosten netto", "förderfähige Kosten", "Fördersatz", "Zuschuss",
       "Kofinanzierung durch", "Kofinanzierung", "Eigenanteil", "Beginn", "Ende", "LAG-Beschluss am", "LAG-Beschluss", "Punkte",
       "Antrag gestellt am", "bewilligt am", "Aktenzeichen Bewilligungsstelle", "ausgezahlt", "abgeschlossen am", "Verwendungsnachweis am", "Notizen"],
      [40, 50, 32, 17, 30, 30, 26, 21, 28, 17, 24, 17, 17, 17, 12, 17, 28, 17, 17, 12, 12, 18, 16, 8, 20, 14, 20, 17, 18, 24, 40],
      [None] * 11 + [MONEY, MONEY, MONEY, PERCENT, MONEY, None, MONEY, MONEY, DATE, DATE, DATE, None, "0", DATE, DATE, None, MONEY, DATE, DATE, None],
      [1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [r[2] for r in rows],
      [("Summe der angezeigten Projekte (alle Status)", None),
       (f"Summe davon mit gebundenem Budget ({', '.join(bound)})", bound),
       (f"Summe davon bewilligt ({', '.join(bound[2:])})", bound[2:])],
      "landscape", 4)
own = con.execute("SELECT lag_name FROM region_settings WHERE deleted_at IS NULL").fetchone()[0] or region
partners = []
for pid, title, kind, agreed, total, grant in con.execute(
    "SELECT id, title, cooperation_kind, cooperation_agreement_on, total_cost_gross_cents, grant_cents FROM project "
    "WHERE cooperation = 1 AND deleted_at IS NULL"):
    others = con.execute("SELECT lag_name, country, lead_partner, contact_id, cost_share_cents, grant_cents FROM cooperation_partner "
                         "WHERE project_id = ? AND deleted_at IS NULL ORDER BY lag_name", (pid,)).fetchall()
    check = "Anteile gehen auf" if others else "Für das Kooperationsprojekt ist noch kein Partner eingetragen."
    for name, country, lead, contact, cost, share_grant in [(f"{own} (eigene LAG)", "Deutschland", not others, None, total, grant), *others]:
        partners.append((title.casefold(), [title, kind, d(agreed), name, country, "ja" if lead else "nein", contact, m(cost),
                                            cost / total if others and cost and total else None, m(share_grant), check]))
partners.sort(key=lambda r: r[0])
sheet("Kooperationspartner", ["Projekt", "Art der Kooperation", "Vereinbarung vom", "Partner", "Staat", "federführend", "Ansprechperson",
                              "Kostenanteil", "Anteil", "Zuschuss", "Prüfung"],
      [36, 18, 12, 30, 14, 11, 22, 15, 9, 15, 36], [None, None, DATE, None, None, None, None, MONEY, PERCENT, MONEY, None],
      [1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1], [r[1] for r in partners], [], "landscape", 1)
book.save(sys.argv[2])
"""

# The 15 columns the user gets (phones split into Telefon and Mobil, e-mail beyond the first), the
# note under the list and the print setup.
FLOOR_CONTACTS = r"""
import sqlite3, sys
from datetime import date
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
region = con.execute("SELECT name FROM region_settings WHERE deleted_at IS NULL").fetchone()[0]
book = Workbook(write_only=True)
book.properties.title, book.properties.creator = "Kontaktliste", "regiodesk"
ws = book.create_sheet("Kontakte")
heads = ["Name", "Art", "Anrede", "Titel", "Vorname", "Nachname", "Institution", "Straße", "PLZ", "Ort", "E-Mail",
         "weitere E-Mail-Adressen", "Telefon", "Mobil", "Schlagwörter"]
first = "(SELECT {col} FROM {table} WHERE contact_id = c.id AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1)"
every = "(SELECT group_concat({col}, ', ') FROM (SELECT {col} FROM {table} WHERE contact_id = c.id AND deleted_at IS NULL {where} ORDER BY created_at, id {skip}))"
query = (
    "SELECT c.kind, c.salutation, c.title, c.first_name, c.last_name, c.organisation, "
    + ", ".join(first.format(col=col, table="address") for col in ("street", "postal_code", "city")) + ", "
    + first.format(col="address", table="contact_email") + ", "
    + every.format(col="address", table="contact_email", where="", skip="LIMIT -1 OFFSET 1") + ", "
    + every.format(col="number", table="contact_phone", where="AND kind != 'mobil'", skip="") + ", "
    + every.format(col="number", table="contact_phone", where="AND kind = 'mobil'", skip="")
    + ", (SELECT group_concat(name, ', ') FROM (SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND t.deleted_at IS NULL ORDER BY t.name)) "
    "FROM contact c WHERE c.deleted_at IS NULL AND c.restricted = 0"
)
rows = []
for kind, *rest in con.execute(query):
    name = rest[4] if kind == "institution" else f"{rest[3]}, {rest[2]}".strip(", ")
    rows.append([name, "Institution" if kind == "institution" else "Person", *rest])
rows.sort(key=lambda r: r[0].casefold())
widths = [28, 13, 8, 11, 12, 11, 30, 26, 7, 18, 30, 30, 18, 18, 24]
for n, width in enumerate(widths):
    ws.column_dimensions[chr(65 + n)].width = width
ws.freeze_panes = "A2"
ws.auto_filter.ref = f"A1:O{len(rows) + 1}"
ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = "9", "landscape", 2, 0
ws.page_setup.pageOrder = "overThenDown"
ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
ws.print_title_rows, ws.print_title_cols = "1:1", "A:A"
ws.print_options.gridLines = True
ws.oddHeader.left.text, ws.oddHeader.right.text = "Kontaktliste", f"{region} · Stand {date.today():%d.%m.%Y}"
ws.oddFooter.center.text = "Seite &P von &N"
bold, fill, head = Font(name="Calibri", size=11, bold=True), PatternFill("solid", fgColor="E4E9EF"), Alignment(vertical="center", wrap_text=True)
header = []
for h in heads:
    c = WriteOnlyCell(ws, h)
    c.font, c.fill, c.alignment = bold, fill, head
    header.append(c)
ws.append(header)
for row in rows:
    ws.append([None if v == "" else v for v in row])
ws.append([])
ws.merged_cells.add(f"A{len(rows) + 3}:O{len(rows) + 3}")
note = WriteOnlyCell(ws, f"Stand {date.today():%d.%m.%Y} · alle Kontakte · {len(rows)} Kontakte · erstellt mit regiodesk")
note.alignment = Alignment(vertical="top", wrap_text=True)
ws.append([note])
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
