"""Command line: `regiodesk [--db FILE] [--demo] [COMMAND ...]`.

Without a command it opens the window. Every command exits 0 on success and
non-zero with one clear German line on stderr otherwise. Nothing here imports
Qt; the window is started through `regiodesk.app` only when asked for.

A command's module (and with it SQLAlchemy, reportlab, …) is imported only when that
command runs, so `--version`, `--help` and a usage error answer at once.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from regiodesk.cli.choices import EXPORTS, PRINTS
from regiodesk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_USAGE,
    OPEN_THROUGH_COMMON,
    db_location,
    db_path,
    start_up_without_collector,
)
from regiodesk.cli.parser import build_parser
from regiodesk.domain.errors import DomainError

__all__ = ["EXIT_OK", "EXIT_PROBLEM", "EXIT_USAGE", "EXPORTS", "PRINTS", "build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; ``argv`` None: this process's own arguments, and a command that has
    finished ends the process at once (see :func:`_end_process`)."""
    args = build_parser().parse_args(argv)
    if argv is None and args.command in OPEN_THROUGH_COMMON:
        start_up_without_collector()
    status = _main(args)
    if argv is None and args.command is not None:
        _end_process(status)
    return status


def _end_process(status: int) -> NoReturn:
    """End the process without Python's teardown of its modules (0.1–0.15 s after SQLAlchemy, the
    models and reportlab: every object of ~500 modules freed one by one, for nothing).

    Safe because, when a command has returned, everything is written and closed: every command
    closes its database in ``finally``/``with`` (SQLite has committed; an engine disposed), files
    are written through ``write_atomically`` or closed ``with`` blocks, and stdout has been flushed
    in :func:`_main`. What Python would still do at exit is done here: the ``atexit`` functions
    (logging's flush, openpyxl's temporary files, weakref finalizers) and flushing both streams.
    Only the process that runs ``main()`` as its entry point (``argv`` None: the ``regiodesk``
    command, ``python -m regiodesk``, the frozen launcher) ends this way; the window never does.
    """
    atexit._run_exitfuncs()  # what the interpreter runs first at a normal exit
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
            stream.flush()
    os._exit(status)


def _main(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            return _open_window(args)
        status = _run(args)
        sys.stdout.flush()  # a reader that went away shows up here, inside this try
        return status
    except DomainError as error:
        print(f"regiodesk: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except PermissionError as error:  # a read-only folder for --out, a file another user owns
        print(f"regiodesk: {_permission_message(error)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``regiodesk list contacts | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # A medium that turned read-only under us (a share, a stick's lock switch) although the
        # operating system said it was writable: one German line, not SQLite's English trace.
        if "readonly database" in str(error):
            print("regiodesk: Die Datenbank ist schreibgeschützt; nichts wurde geändert.", file=sys.stderr)
            return EXIT_PROBLEM
        # A damaged page that a command read (commands do not check every page before they start).
        from regiodesk.db.schema import reads_as_damage

        if reads_as_damage(error):
            print(f"regiodesk: {_damage_message(args)}", file=sys.stderr)
            return EXIT_PROBLEM
        raise


def _damage_message(args: argparse.Namespace) -> str:
    from regiodesk.i18n import tr

    return tr(
        "„{name}“ ist beschädigt: beim Lesen fand sich eine unlesbare Seite. Nichts wurde geändert. "
        "„regiodesk --db {path} check“ zeigt, was betroffen ist; im Programm stellt "
        "„Datei → Sicherung wiederherstellen …“ die letzte heile Sicherung her.",
        name=db_path(args).name,
        path=db_path(args),
    )


def _run(args: argparse.Namespace) -> int:
    """Run the command: its module is imported here, when it is the one asked for."""
    command = args.command
    if command == "list":
        from regiodesk.cli.lists import list_area

        return list_area(args)
    if command == "settings":
        from regiodesk.cli.lists import show_settings

        return show_settings(args)
    if command == "print":
        from regiodesk.cli.documents import print_document

        return print_document(args)
    if command == "export":
        from regiodesk.cli.documents import export

        return export(args)
    if command == "import":
        from regiodesk.cli.imports import import_list

        return import_list(args)
    if command == "new":
        from regiodesk.cli.custody import new_office

        return new_office(args)
    if command == "demo":
        from regiodesk.cli.custody import demo

        return demo(args)
    if command == "check":
        from regiodesk.cli.custody import check

        return check(args)
    if command == "backup":
        from regiodesk.cli.custody import backup

        return backup(args)
    if command == "handover":
        from regiodesk.cli.custody import handover

        return handover(args)
    if command == "import-file":
        from regiodesk.cli.server import import_file

        return import_file(args)
    if command == "server":
        from regiodesk.cli.server import setup

        return setup(args)
    if command == "sync":
        from regiodesk.cli.custody import sync

        return sync(args)
    if command == "search":
        from regiodesk.cli.search import search

        return search(args)
    if command in ("trash", "restore"):
        from regiodesk.cli import trash

        return trash.trash(args) if command == "trash" else trash.restore(args)
    raise AssertionError(f"command {command!r} is in the parser but not run here")


def _permission_message(error: PermissionError) -> str:
    if not error.filename:
        return f"Keine Berechtigung: {error.strerror or error}."
    path = Path(error.filename)
    if not path.exists():  # a file to be made (or its temporary name): the folder refuses
        return f"Keine Berechtigung, im Ordner „{path.parent}“ eine Datei anzulegen."
    return f"Keine Berechtigung für „{path}“."


def _open_window(args: argparse.Namespace) -> int:
    if args.demo:
        from regiodesk.paths import demo_db_path
        from regiodesk.services.demo import create_demo_file

        path = args.db or demo_db_path()
        if not Path(path).exists():
            create_demo_file(Path(path))
    else:
        path = db_location(args)  # a file, or a database on a PostgreSQL server
    from regiodesk.app import run_gui

    return run_gui(path if isinstance(path, str) else Path(path), quit_after_start=args.quit_after_start)
