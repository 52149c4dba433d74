"""Writing the minutes of a large meeting: 25 agenda items, 30 attendees, a vote on every item.

    /work/venv/bin/python bench/bench_minutes.py [--runs 5]

The meeting is built through the services (as the window stores it) in a temporary file:
a LAG of 30 voting members in four interest groups, 25 items of which 20 are decisions
(10 of them project selections with a conflict of interest each), one member leaving before
item 20. The table shows the median and the slowest of ``--runs`` runs of each document,
timed from the call to the finished PDF bytes (fonts registered once, as in the program).

Target (issue 3): the minutes are written in under 1 s. Exit code 1 when missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

TARGET_SECONDS = 1.0
GROUPS = {"Öffentlicher Sektor": True, "Wirtschaft": False, "Soziales": False, "Umwelt": False}


def build(path: Path):
    from regiodesk.db.database import Database
    from regiodesk.db.models import InterestGroup
    from regiodesk.services.agenda import AgendaService
    from regiodesk.services.bodies import BodyService
    from regiodesk.services.conduct import MeetingConduct
    from regiodesk.services.contacts import ContactService
    from regiodesk.services.meetings import MeetingService
    from regiodesk.services.memberships import MembershipService
    from regiodesk.services.projects import ProjectService

    db = Database.open(path, device_id="bench")
    with db.transaction() as session:
        groups = {}
        for n, (name, public) in enumerate(GROUPS.items()):
            group = InterestGroup(name=name, public_sector=public, position=n)
            session.add(group)
            session.flush()
            groups[name] = group.id
    contacts = ContactService(db)
    body = BodyService(db).create({"name": "LAG Benchmark", "body_type": "lag"})
    members = MembershipService(db, body)
    plan = ["Öffentlicher Sektor"] * 12 + ["Wirtschaft"] * 6 + ["Soziales"] * 6 + ["Umwelt"] * 6
    people = []
    for n, group in enumerate(plan):
        person = contacts.create(
            {"kind": "person", "first_name": f"Vorname{n}", "last_name": f"Mitglied{n:02d}"}
        )
        members.create(
            {"contact_id": person, "role": "mitglied", "interest_group_id": groups[group],
             "public_sector": GROUPS[group]}
        )  # fmt: skip
        people.append(person)
    meeting = MeetingService(db).create(
        {"body_id": body, "state": "durchgefuehrt", "starts_at": datetime(2026, 3, 9, 18, 30),
         "location": "Sitzungssaal"}
    )  # fmt: skip
    agenda = AgendaService(db)
    projects = ProjectService(db)
    items = []
    for n in range(25):
        if n % 5 == 0:
            items.append(agenda.add(meeting, f"Bericht {n + 1}", "information"))
        elif n % 2:
            project = projects.create({"title": f"Projekt {n + 1}", "status": "in_beratung"})
            items.append(
                agenda.add(meeting, f"Projektauswahl {n + 1}", "beschluss", project_id=project,
                           is_selection_decision=True)
            )  # fmt: skip
        else:
            items.append(agenda.add(meeting, f"Beschluss {n + 1}", "beschluss"))
    conduct = MeetingConduct(db)
    for n, person in enumerate(people):
        conduct.set_attendance(
            meeting, person, "anwesend", left_before_item_id=items[19] if n == 29 else None
        )
    decisions = [item for n, item in enumerate(items) if n % 5]
    for n, item in enumerate(decisions):
        if n % 2 == 0:
            conduct.declare_conflict(item, people[13 + n % 10], "Vorsitz im Trägerverein")
        check = conduct.check_vote(item, 0, 0, 0)
        entitled = len(check.voters)
        conduct.record_vote(item, entitled - 3, 2, 1)
    return db, meeting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    from regiodesk.reports import meeting_docs

    with tempfile.TemporaryDirectory() as folder:
        os.environ["REGIODESK_DATA_DIR"] = folder  # backups go with the folder
        started = time.perf_counter()
        db, meeting = build(Path(folder) / "bench.regiodesk")
        print(f"meeting built in {time.perf_counter() - started:.1f} s (not measured)\n")
        meeting_docs.minutes_pdf(db, meeting)  # fonts registered, modules imported: as on a second print
        rows = []
        ok = True
        for name, render in (
            ("Protokoll", meeting_docs.minutes_pdf),
            ("Einladung", meeting_docs.invitation_pdf),
            ("Anwesenheitsliste", meeting_docs.attendance_pdf),
        ):
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                data = render(db, meeting)
                times.append(time.perf_counter() - started)
            target = TARGET_SECONDS if name == "Protokoll" else None
            met = target is None or max(times) < target
            ok &= met
            rows.append((name, statistics.median(times), max(times), len(data) // 1024, target, met))
        db.close()

    print(f"{'document':<18} {'median s':>9} {'max s':>7} {'KiB':>6}  target")
    for name, median, worst, size, target, met in rows:
        goal = f"< {target:.1f} s {'ok' if met else 'MISSED'}" if target else "-"
        print(f"{name:<18} {median:>9.3f} {worst:>7.3f} {size:>6}  {goal}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
