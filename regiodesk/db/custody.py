"""Keeping the office safe: backups, restore, one writer at a time, and the handover file.

Copies of a live database are made only with SQLite's backup API or VACUUM INTO, never by
copying the file (a copy taken mid-write, or without its -wal file, can be corrupt).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from regiodesk.db.schema import FileKind, inspect_file, readonly_connect
from regiodesk.domain.errors import DomainError
from regiodesk.domain.retention import DEFAULT_POLICY, RetentionPolicy, backups_to_delete
from regiodesk.files import moved_into_place
from regiodesk.i18n import tr

STAMP = "%Y%m%d-%H%M%S"


def backup_to(source: Path, target: Path) -> Path:
    """Copy a live database with SQLite's backup API (never a plain file copy).

    The source is only read (so a read-only file or folder can be backed up, and nothing is
    left beside it).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    src = readonly_connect(Path(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int


def _host_name() -> str:
    """This computer's name for the lock file (without the socket module: not at start-up)."""
    if os.name == "nt":  # pragma: no cover - exercised on Windows
        return os.environ.get("COMPUTERNAME", "")
    return os.uname().nodename


def backup_folder(db_path: Path, root: Path | None = None) -> Path:
    """One folder per database (name plus a short hash of its full path), below the backup root."""
    import hashlib  # here, not on the way to the first window

    from regiodesk.paths import backup_dir

    resolved = str(Path(db_path).resolve())
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    return (root or backup_dir()) / f"{Path(db_path).stem}-{digest}"


def make_backup(db_path: Path, reason: str, root: Path | None = None, now: datetime | None = None) -> Path:
    """Back up the database now and thin out old backups; returns the new backup's path."""
    now = now or datetime.now()
    folder = backup_folder(db_path, root)
    safe_reason = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40] or "sicherung"
    target = folder / f"{now:{STAMP}}_{safe_reason}.regiodesk"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{now:{STAMP}}_{safe_reason}-{n}.regiodesk"
    partial = target.with_suffix(".part")
    backup_to(db_path, partial)
    partial.replace(target)
    thin_backups(db_path, root, now)
    _remove_stale_parts(folder)
    return target


#: A .part this old is what a backup killed midway (crash, power cut) left; a running one is younger.
STALE_PART_SECONDS = 24 * 3600


def _remove_stale_parts(folder: Path) -> None:
    """Half-written backups under .part never count as backups; after a day they are removed."""
    import time

    limit = time.time() - STALE_PART_SECONDS
    for pattern in ("*.part", "*.part-journal"):
        for leftover in folder.glob(pattern):
            try:
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()
            except OSError:
                pass  # gone already, or in use: the next backup tries again


def list_backups(db_path: Path, root: Path | None = None) -> list[BackupInfo]:
    folder = backup_folder(db_path, root)
    if not folder.is_dir():
        return []
    result = []
    for path in folder.glob("*.regiodesk"):
        stamp, _, reason = path.stem.partition("_")
        try:
            created = datetime.strptime(stamp, STAMP)
        except ValueError:
            continue  # not ours
        result.append(BackupInfo(path, created, reason, path.stat().st_size))
    return sorted(result, key=lambda b: b.created, reverse=True)


def newest_good_backup(db_path: Path, root: Path | None = None) -> BackupInfo | None:
    """The newest backup that opens and passes SQLite's quick_check."""
    for backup in list_backups(db_path, root):  # newest first
        if inspect_file(backup.path, deep=True).kind in (FileKind.CURRENT, FileKind.OLDER):
            return backup
    return None


def thin_backups(
    db_path: Path,
    root: Path | None = None,
    now: datetime | None = None,
    policy: RetentionPolicy = DEFAULT_POLICY,
) -> list[Path]:
    backups = list_backups(db_path, root)
    doomed = backups_to_delete([b.created for b in backups], now or datetime.now(), policy)
    removed = []
    for backup in backups:
        if backup.created in doomed:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore_backup(backup: Path, db_path: Path, root: Path | None = None) -> Path:
    """Put a backup back in place of the database; the current state is backed up first.

    The caller must have closed every connection to ``db_path``. Returns the path of the backup
    of the state that was replaced.
    """
    state = inspect_file(backup)
    if state.kind not in (FileKind.CURRENT, FileKind.OLDER):
        raise DomainError(
            tr("Die Sicherung „{name}“ ist nicht lesbar oder keine regiodesk-Datenbank.", name=backup.name)
        )
    before = make_backup(db_path, "vor-wiederherstellung", root) if db_path.exists() else db_path
    backup_to(backup, db_path)
    return before


def handover(db_path: Path, target: Path) -> Path:
    """One self-contained file for a successor: VACUUM INTO, then checked."""
    target = Path(target)
    refuse_existing_target(target)
    # Written under a temporary name and renamed when checked: never half a handover file.
    with moved_into_place(target, overwrite=False) as partial:
        con = readonly_connect(Path(db_path))  # VACUUM INTO only reads: a read-only file can be handed over
        try:
            con.execute("VACUUM INTO ?", (str(partial),))
        finally:
            con.close()
        check_handover_file(partial)
    return target


def refuse_existing_target(target: Path) -> None:
    """A handover (or backup) file is only ever made new, in a folder that exists."""
    if target.exists():
        raise DomainError(
            tr("„{name}“ gibt es schon; die Übergabedatei wird nur neu angelegt.", name=target.name)
        )
    if not target.parent.is_dir():
        raise DomainError(tr("Den Ordner „{folder}“ gibt es nicht.", folder=target.parent))


def check_handover_file(path: Path) -> None:
    """Make the new file a single file (no -wal to travel with it) and check every page of it."""
    check = sqlite3.connect(str(path))
    try:
        # A single file: rollback journal, so no -wal has to travel with it.
        check.execute("PRAGMA journal_mode = DELETE")
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:
        raise DomainError(tr("Die Übergabedatei ist bei der Prüfung durchgefallen und wurde verworfen."))


class DatabaseLock:
    """Only one regiodesk writes a database at a time (an OS lock on a file beside it).

    The operating system releases the lock when the process ends, so a crash never leaves a
    database locked for good.
    """

    def __init__(self, db_path: Path):
        self.path = Path(str(db_path) + ".lock")
        self._handle: BinaryIO | None = None

    def acquire(self) -> None:
        """Hold the lock; refuse (German) while another regiodesk holds it.

        In a read-only folder there is no lock to take and none to fear from another regiodesk:
        nobody can write there, and the database is opened for reading only.
        """
        folder = self.path.parent
        if not folder.is_dir():
            raise DomainError(tr("Den Ordner „{folder}“ gibt es nicht.", folder=folder))
        if not os.access(folder, os.W_OK):
            return
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the lifetime of the lock
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().decode("utf-8", "replace").strip() or "einem anderen Programm"
            handle.close()
            raise DomainError(
                tr(
                    "Die Datenbank ist bereits geöffnet ({holder}). Bitte dort schließen oder mit "
                    "dieser regiodesk-Instanz weiterarbeiten.",
                    holder=holder,
                )
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"regiodesk auf {_host_name()}, Prozess {os.getpid()}".encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
