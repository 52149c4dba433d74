"""What every command shares: its exit codes and how it opens the office file given by --db.

Light on purpose (standard library only at import): `main` and the parser import it on every run.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from regiodesk import collector

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

#: The commands that open their file through :func:`open_existing` or :func:`office_for_writing`
#: before any work on data: the ones that start up without the cyclic garbage collector.
OPEN_THROUGH_COMMON = frozenset(
    {"list", "settings", "print", "export", "import", "search", "trash", "restore"}
)


def start_up_without_collector() -> None:
    """Import a command's modules (SQLAlchemy, the models, its services) without the cyclic
    garbage collector.

    They make some 100,000 objects that live until the process ends (under 1,000 of them garbage),
    and the collector, run every 700 new objects, traverses the growing heap again and again: 11 %
    of ``list bodies``' instructions (2,335 -> 2,086 million), 35-40 ms on the shared VM.
    :func:`open_existing` and :func:`office_for_writing` switch it back on before the command works
    on data (see :func:`_start_up_done`).
    """
    global _held_for_start_up
    if not _held_for_start_up:
        _held_for_start_up = True
        collector.hold()


#: :func:`start_up_without_collector` holds the collector off (a command's own hold, e.g. an
#: export's, goes on after the start-up's ends)
_held_for_start_up = False


def _start_up_done() -> None:
    """The command's modules are imported and its file is open: what exists now lives until the
    process ends. It is frozen (never traversed again, ``gc.freeze``) and the collector switched
    back on for the objects the command's work makes (unless the command holds it off itself).
    Nothing happens where the start-up did not hold it (the window, tests, a command called as a
    function)."""
    global _held_for_start_up
    if _held_for_start_up:
        _held_for_start_up = False
        gc.freeze()
        collector.release()


def database_location(text: str) -> Path | str:
    """What --db names: a file, or a database on a PostgreSQL server (``postgresql://…``)."""
    from regiodesk.location import is_server_url

    return text.strip() if is_server_url(text) else Path(text)


def db_location(args: argparse.Namespace) -> Path | str:
    """The file or server database of --db, else the default database in the user's data folder."""
    if isinstance(args.db, str):
        return args.db
    return db_path(args)


def db_path(args: argparse.Namespace) -> Path:
    """The file of --db, else the default database in the user's data folder (refused for a server)."""
    if isinstance(args.db, str):
        from regiodesk.domain.errors import DomainError
        from regiodesk.i18n import tr

        raise DomainError(
            tr(
                "Dieser Befehl arbeitet mit einer Datenbankdatei, nicht mit einer Datenbank auf einem "
                "Server; nichts wurde geändert."
            )
        )
    if args.db is not None:
        return Path(args.db).expanduser()
    from regiodesk.paths import default_db_path

    return default_db_path()


def open_existing(args: argparse.Namespace):
    """The database for a command that only reads (no lock: the window may have it open).

    Never creates: a missing or empty (0-byte) file is refused; only `new` and `demo` make an office.
    Header, application id and schema are checked, not every page (SQLite's quick_check takes a
    second per 300 MB): a damaged page a command reads ends it with a German message (see main),
    and `check` and the window look at every page.
    """
    from regiodesk.office import Office

    location = db_location(args)
    _say_if_older(location)
    db = Office.open(location, lock=False, deep_check=False).db
    _start_up_done()
    return db


def office_for_writing(args: argparse.Namespace):
    """The office a command writes: its lock held (refused while the window has it open) until
    ``office.close()``; a file that can only be read is refused before anything is done."""
    from regiodesk.office import Office

    location = db_location(args)
    _say_if_older(location)
    office = Office.open(location, writing=True)
    _start_up_done()
    return office


def _say_if_older(location: Path | str) -> None:
    """A file of an earlier regiodesk is updated by the open that follows (seconds for a large one):
    said on stderr first, where a script's log has it and its output (stdout) stays clean."""
    from regiodesk.db.schema import is_older, update_notice

    if is_older(location):
        assert isinstance(location, Path)
        print(update_notice(location), file=sys.stderr, flush=True)
