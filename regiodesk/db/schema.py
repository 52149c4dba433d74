"""What kind of file is this? Answered read-only, before anything is written.

Kept free of Alembic imports so that opening a current file at start-up stays
fast; the list of known revisions is checked against Alembic by a test.
"""

from __future__ import annotations

import os
import sqlite3
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

#: PRAGMA application_id of a regiodesk database ("RGDK").
APPLICATION_ID = 0x5247444B
#: Alembic revisions in order, oldest first; the last is the current schema.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
HEAD = REVISIONS[-1]

SQLITE_HEADER = b"SQLite format 3\x00"


#: What SQLite says when it reads a damaged page (or a file that is no database at all).
DAMAGE_SIGNS = ("database disk image is malformed", "file is not a database", "database corruption")


def reads_as_damage(error: BaseException) -> bool:
    """Whether ``error`` is SQLite meeting a damaged page (sqlite3's or SQLAlchemy's wrapping of it)."""
    return any(sign in str(error) for sign in DAMAGE_SIGNS)


class FileKind(Enum):
    NEW = "new"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"
    CORRUPT = "corrupt"
    #: A sound file SQLite cannot read here: a WAL file whose -wal lies in a read-only folder
    #: without its -shm (the shared memory SQLite would have to create beside it).
    UNREADABLE = "unreadable"


class FileState(NamedTuple):  # not a dataclass: the module is on the way to the first window
    kind: FileKind
    revision: str | None = None
    detail: str = ""


class DatabaseFileError(DomainError):
    """The file cannot be opened; the message says why, and the file is unchanged."""


def write_refusal(path: Path) -> str:
    """'' if regiodesk may write ``path`` (and the files SQLite keeps beside it); else why not.

    A read-only file, a read-only folder (SQLite writes its -wal and -shm there, regiodesk its
    lock), a read-only medium. Asked of the operating system, so it also holds on Windows
    (the read-only attribute) and for root on a file made immutable (chattr +i).
    """
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return f"Die Datei „{path.name}“ ist schreibgeschützt."
    if not os.access(folder, os.W_OK):
        return f"Der Ordner „{folder}“ ist schreibgeschützt."
    return ""


def _wal_mode(path: Path) -> bool:
    """The file is in WAL mode (header bytes 18 and 19 are 2), read from its header only."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[:16] == SQLITE_HEADER and header[18:20] == b"\x02\x02"


def readonly_connect(path: Path, **options) -> sqlite3.Connection:
    """A connection that only reads and leaves the folder as it found it.

    A WAL file opened ``mode=ro`` makes SQLite create the -wal and -shm files beside it (and,
    read-only, it never removes them again); in a read-only folder it cannot, and the file does
    not open at all ("unable to open database file", SQLite's documentation on WAL, "Read-Only
    Databases"). Without a -wal file nobody has the file open and no committed change waits in
    a WAL, so ``immutable=1`` reads the file alone and creates nothing. With a -wal file beside
    it, SQLite must read it (immutable would ignore its changes): plain ``mode=ro``, which
    needs the -shm as well when the folder is read-only. The rare writer starting in the
    moment of reading can at worst make a check report a problem; it can never be harmed.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if _wal_mode(path) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, **options)


def quick_check(path: Path) -> str:
    """'' if SQLite's quick_check finds the file sound, else what it found (read-only).

    O(size of the file): about half a second for a large region's 300 MB, so the window runs
    it after it is shown (see ``Database.open(deep_check=False)``) and the CLI before it acts.
    """
    try:
        con = readonly_connect(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    found = [str(row[0]) for row in rows]
    return "" if found == ["ok"] else "; ".join(found[:5])


def inspect_file(path: Path, deep: bool = True) -> FileState:
    """Classify ``path`` without modifying it. ``deep`` adds SQLite's quick_check of every page."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(FileKind.NEW)
    if path.is_dir():
        return FileState(FileKind.FOREIGN, detail="Das ist ein Ordner, keine Datei.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return FileState(FileKind.FOREIGN, detail="Die Datei ist keine Datenbank.")
    try:
        con = readonly_connect(path)
        con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error as error:
        if write_refusal(path) and Path(f"{path}-wal").exists():
            return FileState(FileKind.UNREADABLE, detail=write_refusal(path))
        return FileState(FileKind.CORRUPT, detail=str(error))
    try:
        if deep:
            check = con.execute("PRAGMA quick_check").fetchall()
            if [row[0] for row in check] != ["ok"]:
                return FileState(FileKind.CORRUPT, detail="; ".join(str(r[0]) for r in check[:5]))
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            return FileState(FileKind.FOREIGN, detail="Die Datenbank gehört zu einem anderen Programm.")
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return FileState(FileKind.CORRUPT, detail="Die Versionsangabe der Datenbank fehlt.")
    except sqlite3.DatabaseError as error:
        return FileState(FileKind.CORRUPT, detail=str(error))
    finally:
        con.close()
    return state_of_revision(row[0] if row else None)


def state_of_revision(revision: str | None) -> FileState:
    """What a database's recorded schema revision says about it (a file's or a server's)."""
    if revision == HEAD:
        return FileState(FileKind.CURRENT, revision)
    if revision in REVISIONS:
        return FileState(FileKind.OLDER, revision)
    if revision is None:
        return FileState(FileKind.CORRUPT, detail=tr("Die Versionsangabe der Datenbank fehlt."))
    return FileState(FileKind.NEWER, revision)


def is_older(path: Path | str) -> bool:
    """Whether ``path`` is an office file of an earlier regiodesk: opening it updates it (a backup
    first); a database on a server (an address, not a path) updates itself."""
    if not isinstance(path, Path):
        return False
    try:
        return inspect_file(path.expanduser(), deep=False).kind is FileKind.OLDER
    except OSError:
        return False


def update_notice(path: Path) -> str:
    """What the user reads while an older file is updated (the window's notice, the command line)."""
    return tr(
        "„{name}“ stammt aus einer früheren regiodesk-Version und wird einmalig auf den neuen Stand "
        "gebracht. Vorher wird eine Sicherung angelegt …",
        name=path.name,
    )


def missing_message(path: Path) -> str:
    """Why a missing or empty file is not opened (nothing but "new" makes a file an office)."""
    if not path.exists():
        return f"Die Datei „{path}“ gibt es nicht."
    return (
        f"„{path.name}“ ist leer (0 Byte) und keine regiodesk-Datenbank. Die Datei wurde nicht "
        "verändert. Eine neue Datenbank legen Sie mit „Neu“ an."
    )


def refusal_message(path: Path, state: FileState) -> str:
    name = path.name
    if state.kind is FileKind.NEWER:
        return (
            f"„{name}“ wurde mit einer neueren regiodesk-Version angelegt (Schema {state.revision}). "
            "Bitte installieren Sie die aktuelle regiodesk-Version. Die Datei wurde nicht verändert."
        )
    if state.kind is FileKind.FOREIGN:
        return f"„{name}“ ist keine regiodesk-Datenbank. {state.detail} Die Datei wurde nicht verändert."
    if state.kind is FileKind.UNREADABLE:
        return (
            f"„{name}“ kann hier nicht gelesen werden: {state.detail} Neben der Datei liegen "
            f"noch nicht übernommene Änderungen („{name}-wal“), und SQLite müsste dort eine "
            "Hilfsdatei anlegen. Bitte den Schreibschutz aufheben oder die Datei samt "
            f"„{name}-wal“ an einen beschreibbaren Ort kopieren. Die Datei wurde nicht verändert."
        )
    return (
        f"„{name}“ ist beschädigt und kann nicht geöffnet werden ({state.detail}). "
        "Die Datei wurde nicht verändert. Bitte öffnen Sie eine Sicherung."
    )
