"""The office file and its custody, used alike by the window and the command line.

An :class:`Office` (like Anki's Collection) owns the open database and its lock (one writer at
a time), knows when it last backed the file up, and does what keeps the office safe: backup,
restore (a damaged file is moved aside first), synchronising through a shared folder, joining
one, the handover file for a successor, and switching to another file. Qt-free.

Importing this module stays light (no SQLAlchemy): the start window takes the lock through it
before the ORM has been imported in the background.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.location import is_server_url

if TYPE_CHECKING:
    from regiodesk.db.custody import BackupInfo, DatabaseLock
    from regiodesk.db.database import Database
    from regiodesk.sync import SyncReport

log = logging.getLogger(__name__)


class Office:
    """One open office file: the database, the lock held on it (None: opened only to read)."""

    def __init__(self, db: Database, lock: DatabaseLock | None = None):
        self.db = db
        #: Held while the file is open: a second regiodesk cannot write it meanwhile.
        self.lock = lock
        self._backed_up_at = self.last_change()  # a backup on close only if something changed

    # ------------------------------------------------------------ open and close
    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        create: bool = False,
        deep_check: bool = True,
        lock: DatabaseLock | bool = True,
        writing: bool = False,
    ) -> Office:
        """Open ``path`` with every check of :meth:`Database.open` (German DomainError if refused).

        ``lock``: True takes the file's lock first (refused while another regiodesk has the file
        open), False opens without it (a command that only reads), or a lock already held (it is
        released if the file is refused). ``create``: a missing or empty file becomes a new office
        (its folder too); otherwise it is refused. ``writing``: a file that can only be read is
        refused too. A refused file is never modified.
        """
        from regiodesk.db.database import Database

        if is_server_url(path):
            return cls._open_server(str(path), create=create, writing=writing)
        path = Path(path).expanduser()
        if writing and not create and not path.exists():
            raise DomainError(tr("Die Datei „{path}“ gibt es nicht.", path=path))  # the folder may be there
        held: DatabaseLock | None = None if isinstance(lock, bool) else lock
        try:
            if lock is True:
                from regiodesk.db.custody import DatabaseLock  # backups and restore: not to read

                if create:
                    path.parent.mkdir(parents=True, exist_ok=True)  # the lock lies beside the file
                held = DatabaseLock(path)
                held.acquire()
            db = Database.open(path, deep_check=deep_check, create=create)
        except BaseException:
            if held is not None:
                held.release()
            raise
        office = cls(db, held)
        if writing and db.read_only:
            office.close()
            raise DomainError(
                tr(
                    "{reason} Die Datenbank kann nur gelesen werden; nichts wurde geändert.",
                    reason=db.read_only,
                )
            )
        return office

    @classmethod
    def _open_server(cls, url: str, *, create: bool, writing: bool) -> Office:
        """An office on a PostgreSQL server: no lock (the server keeps its users apart)."""
        from regiodesk.db.database import Database

        db = Database.open(url, create=create)
        office = cls(db)
        if writing and db.read_only:
            office.close()
            raise DomainError(tr("{reason} Nichts wurde geändert.", reason=db.read_only))
        return office

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def on_server(self) -> bool:
        """Whether the office lies on a PostgreSQL server (no file, no lock, no file backups)."""
        return self.db.is_server

    def close(self, backup_reason: str | None = None) -> None:
        """Close the database and release the lock; ``backup_reason``: back it up first if changed."""
        if backup_reason:
            self.backup_if_changed(backup_reason)
        try:
            self.db.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def __enter__(self) -> Office:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def switch(self, path: Path | str, create: bool = False, before_close=None) -> Office:
        """Open another file and close this one (backed up first if it changed); the new Office.

        If the other file is refused this one stays open, untouched, and the error is raised.
        ``before_close()``: called once the other file is open, before this one is backed up and
        closed (the window lets its work on this file finish there).
        """
        other = Office.open(path, create=create)
        if before_close is not None:
            try:
                before_close()
            except BaseException:
                other.close()
                raise
        self.close(backup_reason="vor-dateiwechsel")
        return other

    # ------------------------------------------------------------ backups
    def last_change(self) -> int:
        """The newest change-log number: a backup on close is made only if it moved."""
        from sqlalchemy import func, select

        from regiodesk.db.models import ChangeLogEntry

        with self.db.session() as session:
            return session.scalar(select(func.max(ChangeLogEntry.__table__.c.seq))) or 0

    def backup(self, reason: str = "manuell") -> Path:
        """A backup now (SQLite's backup API); returns its path.

        On a server the backups are the server's business (pg_dump) or an office file written with
        :meth:`write_file` (``regiodesk backup --out``).
        """
        from regiodesk.db.custody import make_backup

        if self.on_server:
            raise DomainError(
                tr(
                    "Eine Datenbank auf dem Server wird mit den Mitteln des Servers gesichert (pg_dump) "
                    "oder als Bürodatei: regiodesk --db … backup --out DATEI.regiodesk"
                )
            )
        path = make_backup(self.path, reason)
        self._backed_up_at = self.last_change()
        return path

    def backup_if_changed(self, reason: str) -> Path | None:
        """A backup when the file changed since it was opened (or last backed up); never fatal."""
        if self.db.damaged or self.on_server:
            return None  # a damaged file is not copied over the good backups; a server backs up itself
        try:
            if self.last_change() == self._backed_up_at:
                return None
            return self.backup(reason)
        except Exception:  # a full disk must not keep the window from closing
            log.exception("Sicherung fehlgeschlagen: %s", self.path)
            return None

    def backups(self) -> list[BackupInfo]:
        from regiodesk.db.custody import list_backups

        return list_backups(self.path)

    def newest_good_backup(self) -> BackupInfo | None:
        from regiodesk.db.custody import newest_good_backup

        return newest_good_backup(self.path)

    def restore(self, backup: Path) -> None:
        """Put ``backup`` in place of the file (the lock stays held); the current state is backed up.

        A damaged file is never copied with the backup API: it is moved aside for an expert
        (``<name>.beschaedigt-<date>``) and its -wal/-shm removed. On failure the file is opened
        again as it is and the error raised.
        """
        from regiodesk.db.custody import restore_backup
        from regiodesk.db.database import Database

        if self.on_server:
            raise DomainError(
                tr(
                    "Eine Datenbank auf dem Server stellt die Verwaltung des Servers wieder her; eine "
                    "Bürodatei kommt mit „import-file“ in eine leere Datenbank. Nichts wurde geändert."
                )
            )
        path, damaged = self.path, self.db.damaged
        self.db.close()
        try:
            if damaged:
                path.replace(damaged_aside(path))
                for suffix in ("-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
            restore_backup(backup, path)
            self.db = Database.open(path)
        except Exception:
            log.exception("Wiederherstellen fehlgeschlagen: %s", backup)
            if path.exists():
                self.db = Database.open(path, deep_check=False)
            raise
        self._backed_up_at = self.last_change()

    # ------------------------------------------------------------ handover
    def handover(self, target: Path, protocol: Path | None = None) -> list[Path]:
        """One file for a successor (VACUUM INTO, checked) and, if asked, the Übergabeprotokoll."""
        from regiodesk.db.custody import handover
        from regiodesk.files import write_atomically

        target = Path(target)
        written = [self.write_file(target) if self.on_server else handover(self.path, target)]
        if protocol is not None:
            from regiodesk.reports.handover_docs import handover_pdf

            write_atomically(protocol, handover_pdf(self.db))  # a reader never sees half of it
            written.append(protocol)
        return written

    def write_file(self, target: Path) -> Path:
        """The office as an ordinary new office file at ``target`` (a server's backup and handover;
        see ``db.transfer.write_office_file``)."""
        from regiodesk.db.transfer import write_office_file

        return write_office_file(self.db, target)

    def take_file(self, source: Path | str) -> int:
        """Copy the office file ``source`` whole into this (empty) database; returns the rows copied.

        The file is only read: a newer, foreign or damaged one is refused; one of an older
        regiodesk is copied (SQLite's backup API) and the copy brought up to date, so the file
        itself stays as it was. Nothing changes on refusal.
        """
        import tempfile

        from regiodesk.db.custody import backup_to
        from regiodesk.db.schema import FileKind, inspect_file
        from regiodesk.db.transfer import copy_office

        source_path = Path(source).expanduser()
        if not source_path.is_file():
            raise DomainError(tr("Die Datei „{path}“ gibt es nicht.", path=source_path))
        if inspect_file(source_path, deep=False).kind is not FileKind.OLDER:
            with Office.open(source_path, lock=False) as office:
                return copy_office(office.db, self.db)
        with tempfile.TemporaryDirectory(prefix="regiodesk-") as folder:
            copy = backup_to(source_path, Path(folder) / source_path.name)
            with Office.open(copy, lock=False) as office:  # migrated here, the file untouched
                return copy_office(office.db, self.db)

    # ------------------------------------------------------------ sync
    def sync_folder(self) -> str:
        """The shared folder this laptop synchronises this file with ("" if none is set)."""
        from regiodesk.preferences import sync_settings

        return sync_settings(self.path).folder

    def sync(self, folder: Path | str | None = None, initialize: bool = False) -> SyncReport:
        """Send this file's changes to the shared folder and apply the others' (its setting if None)."""
        from regiodesk.sync import SyncService

        folder = folder or self.sync_folder()
        if not folder:
            raise DomainError(tr("Für diese Datenbank ist kein gemeinsamer Ordner eingerichtet."))
        return SyncService(self.db).run(Path(folder), initialize=initialize)

    def sync_on_close(self) -> None:
        """When this laptop is set to synchronise at close; never fatal (the next sync catches up)."""
        from regiodesk.preferences import sync_settings

        if self.on_server:
            return  # no shared-folder sync from the window on a server (its path is only a name)
        settings = sync_settings(self.path)
        if not (settings.at_close and settings.folder) or self.db.damaged or self.db.read_only:
            return
        try:
            report = self.sync(settings.folder)
            log.info("Synchronisiert beim Beenden: %s", report.summary())
        except Exception as error:
            log.warning("Synchronisieren beim Beenden fehlgeschlagen: %s", error)

    @staticmethod
    def join(folder: Path | str, target: Path | str, remember: bool = False) -> tuple[Path, SyncReport]:
        """A new laptop's own file made from the shared folder (snapshot plus journals).

        ``remember``: this laptop synchronises the new file with ``folder`` from now on.
        """
        from regiodesk.sync import join

        path, report = join(folder, target)
        if remember:
            from regiodesk.preferences import SyncSettings, save_sync_settings

            shared = Path(folder).expanduser().absolute()  # the window may start in another folder
            save_sync_settings(Path(path), SyncSettings(str(shared)))
        return path, report


def damaged_aside(path: Path) -> Path:
    """Where a damaged file is kept for an expert when a backup takes its place."""
    return path.with_name(f"{path.stem}.beschaedigt-{date.today().isoformat()}{path.suffix}")


def handover_name(region: str) -> str:
    """The suggested name of the handover file."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in (region or "regiodesk"))[:60].strip("-")
    return f"Uebergabe_{stem or 'regiodesk'}_{date.today().isoformat()}.regiodesk"


def protocol_beside(target: Path) -> Path:
    """The Übergabeprotokoll's place beside the handover file."""
    return target.with_name(target.stem + "_Uebergabeprotokoll.pdf")
