"""The commands that look after the office file: `new`, `demo`, `check`, `backup`, `handover`, `sync`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from regiodesk.cli.common import EXIT_OK, EXIT_PROBLEM, db_location, db_path, office_for_writing
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import plural, tr

if TYPE_CHECKING:
    from regiodesk.sync.report import SyncReport


def new_office(args: argparse.Namespace) -> int:
    """A new office file with the current schema and its region (and the starter set if asked)."""
    if isinstance(db_location(args), str):
        from regiodesk.cli.server import new_on_server

        return new_on_server(args)
    path = db_path(args)
    if path.exists():
        raise DomainError(
            f"Die Datei „{path}“ gibt es schon. Eine neue Geschäftsstelle wird nur in eine neue Datei "
            "geschrieben; die vorhandene Datei bleibt unverändert."
        )
    from regiodesk.office import Office
    from regiodesk.services.region import RegionSetup, setup_region
    from regiodesk.services.starter import STARTERS

    office = Office.open(path, create=True)  # with its folder; the lock is held until closed
    try:
        starter = STARTERS[args.starter] if args.starter else None
        setup_region(office.db, RegionSetup({"name": args.region, "kind": "leader"}, starter=starter))
    except BaseException:
        office.close()
        for suffix in ("", "-wal", "-shm"):  # ours and new: nothing half-written stays
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    office.close()
    print(f"Neue Geschäftsstelle angelegt: {path}")
    return EXIT_OK


def demo(args: argparse.Namespace) -> int:
    """A demo region in a new file (--db), refused while the window has that file open."""
    from regiodesk.db.custody import DatabaseLock
    from regiodesk.services.demo import create_demo_file

    path = db_path(args)
    with contextlib.suppress(OSError):  # a folder that cannot be made: create_demo_file says so
        path.parent.mkdir(parents=True, exist_ok=True)  # the lock file lies beside the database
    with DatabaseLock(path):  # refused while the window (or another command) has the file open
        create_demo_file(path)
    print(f"Demo-Region angelegt: {path}")
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    """Schema, integrity, references and the count per area; exit 1 when a problem is found."""
    from regiodesk.db.integrity import check_file, check_server

    location = db_location(args)
    report = check_server(location) if isinstance(location, str) else check_file(location)
    print(f"Datei:    {report.path}")
    print(f"Schema:   {report.schema or '–'}")
    for note in report.notes:
        print(f"Hinweis:  {note}")
    if report.counts:
        width = max(len(area) for area in report.counts)
        print()
        print(f"{'Bereich'.ljust(width)}  {'aktiv':>8}  {'gelöscht':>8}")
        for area, (live, deleted) in report.counts.items():
            print(f"{area.ljust(width)}  {live:>8}  {deleted:>8}")
        print(f"{'Änderungsprotokoll'.ljust(width)}  {report.change_log_entries:>8}")
        print()
    if report.ok:
        print("Ergebnis: in Ordnung")
        return EXIT_OK
    for problem in report.problems:
        print(f"Problem:  {problem}")
    count = len(report.problems)
    print(
        f"regiodesk: {count} {'Problem' if count == 1 else 'Probleme'} in {report.path.name}", file=sys.stderr
    )
    return EXIT_PROBLEM


def backup(args: argparse.Namespace) -> int:
    """A backup now (``manuell``), or with --list the backups there are."""
    from regiodesk.cli.lists import print_table
    from regiodesk.db.custody import list_backups
    from regiodesk.i18n import format_datetime
    from regiodesk.office import Office

    location = db_location(args)
    if args.out is not None:
        # Opening refuses foreign, newer and damaged databases before anything is copied.
        with Office.open(location, lock=False) as office:
            print(tr("Sicherung angelegt: {path}", path=office.write_file(args.out)))
        return EXIT_OK
    path = db_path(args)
    if args.list:
        backups = list_backups(path)
        rows = [
            [format_datetime(b.created), b.reason, f"{b.size / 1024 / 1024:.1f} MB", str(b.path)]
            for b in backups
        ]
        print_table(
            ["Zeitpunkt", "Anlass", "Größe", "Datei"], rows, [False, False, True, False], max_width=90
        )
        print(f"\n{len(backups)} {'Sicherung' if len(backups) == 1 else 'Sicherungen'}")
        return EXIT_OK
    # Opening refuses foreign, newer and damaged files before anything is copied.
    with Office.open(path, lock=False) as office:
        print(f"Sicherung angelegt: {office.backup('manuell')}")
    return EXIT_OK


def handover(args: argparse.Namespace) -> int:
    """The handover file (VACUUM INTO) and, with --protocol, the Übergabeprotokoll as PDF."""
    from regiodesk.office import Office

    protocol = Path(args.protocol) if args.protocol else None
    if protocol is not None and not protocol.parent.is_dir():
        raise DomainError(tr("Den Ordner „{folder}“ gibt es nicht.", folder=protocol.parent))
    with Office.open(db_location(args), lock=False) as office:
        target, *written = office.handover(Path(args.out), protocol)
    print(tr("Übergabedatei angelegt: {path}", path=target))
    if written:
        print(tr("Übergabeprotokoll geschrieben: {path}", path=protocol))
    return EXIT_OK


def _idle_sync(path: Path, folder: Path) -> SyncReport | None:
    """The report of a sync with nothing to do, answered without SQLAlchemy (sync.idle), under the
    database's lock as the full run; None: the full run decides."""
    from regiodesk.db.custody import DatabaseLock
    from regiodesk.device import this_device
    from regiodesk.sync.idle import idle_sync

    if not path.is_file():
        return None  # the full run says what is missing
    device = this_device()
    with DatabaseLock(path):  # refused while the window has the file open, like the full run
        return idle_sync(path, folder, device.id, device.name)


def sync(args: argparse.Namespace) -> int:
    """Exchange changes with the shared folder; with --join a new database from the folder."""
    from regiodesk.office import Office

    location = db_location(args)
    if isinstance(location, str):
        return _sync_server(args, location)
    path = db_path(args)
    if args.join:
        # the window of this laptop synchronises with the same folder, without asking again
        joined, report = Office.join(args.folder, path, remember=True)
        print(f"Beigetreten: {joined}")
        print(f"Synchronisiert: {report.summary()}")
        return EXIT_OK
    idle = None if args.init else _idle_sync(path, Path(args.folder).expanduser())
    if idle is not None:
        report = idle
    else:
        with office_for_writing(args) as office:  # refused while the window has the file open
            report = office.sync(args.folder, initialize=args.init)
    _print_report(report)
    return EXIT_OK


def _sync_server(args: argparse.Namespace, url: str) -> int:
    """The server database as one device of the shared folder (a scheduled task on the server)."""
    if args.join:
        from regiodesk.db.server import label
        from regiodesk.sync.join import join_server

        report = join_server(args.folder, url)
        print(tr("Beigetreten: {where}", where=label(url)))
    else:
        with office_for_writing(args) as office:
            report = office.sync(args.folder, initialize=args.init)
    _print_report(report)
    return EXIT_OK


def _print_report(report: SyncReport) -> None:
    print(f"Synchronisiert: {report.summary()}")
    for name in report.skipped_files:
        print(f"Noch unvollständig (wird beim nächsten Mal gelesen): {name}")
    if report.conflicts:
        print(
            plural(report.conflicts, "{n} Konflikt", "{n} Konflikte")
            + ": bitte im Fenster unter „Datei → Konflikte der Synchronisierung“ prüfen."
        )
