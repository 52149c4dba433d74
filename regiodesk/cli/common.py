"""What every command shares: its exit codes and how it opens the office file given by --db.

Light on purpose (standard library only at import): `main` and the parser import it on every run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def database_location(text: str) -> Path | str:
    """What --db names: a file, or a database on a PostgreSQL server (``postgresql://…``)."""
    from regiodesk.db.location import is_server_url

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

    return Office.open(db_location(args), lock=False, deep_check=False).db


def office_for_writing(args: argparse.Namespace):
    """The office a command writes: its lock held (refused while the window has it open) until
    ``office.close()``; a file that can only be read is refused before anything is done."""
    from regiodesk.office import Office

    return Office.open(db_location(args), writing=True)
