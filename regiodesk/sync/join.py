"""A new laptop joins: the newest complete snapshot from the folder, then the journals after it.

The other laptops need not be online; everything comes from the folder.

A server joins alike (:func:`join_server`): the snapshot is taken into an empty server database
as ``import-file`` takes a file (``db.transfer.copy_office``), then it syncs as one more device,
under the server database's own participant id (never the snapshot writer's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete

from regiodesk.db.database import Database
from regiodesk.db.models import SyncConflict, SyncMeta
from regiodesk.db.schema import REVISIONS
from regiodesk.i18n import tr
from regiodesk.sync import folder as files
from regiodesk.sync.engine import SyncService
from regiodesk.sync.folder import SyncError
from regiodesk.sync.own import OWN_JOURNAL_KEYS, RENAMED
from regiodesk.sync.report import SyncReport


def join(folder: Path | str, target: Path | str, device_id: str | None = None) -> tuple[Path, SyncReport]:
    """Create the database ``target`` from ``folder``; returns its path and the first sync's report."""
    folder, target = Path(folder).expanduser(), Path(target).expanduser()
    if target.exists():
        raise SyncError(
            tr("„{name}“ gibt es schon; zum Beitreten bitte einen neuen Dateinamen wählen.", name=target.name)
        )
    snapshot = _snapshot_to_join(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    shutil.copyfile(snapshot.path, partial)
    partial.replace(target)
    try:
        db = Database.open(target, device_id=device_id)
    except Exception:
        target.unlink(missing_ok=True)
        raise
    try:
        report = _first_sync(db, folder)
    finally:
        db.close()
    return target, report


def join_server(folder: Path | str, url: str) -> SyncReport:
    """Take the folder's data into the empty server database ``url``, then sync it as a device.

    Refused in German, with nothing changed, when the server database holds data already.
    """
    import tempfile

    from regiodesk.db.transfer import copy_office, filled_tables

    folder = Path(folder).expanduser()
    snapshot = _snapshot_to_join(folder)
    db = Database.open(url)
    try:
        if filled_tables(db):
            raise SyncError(
                tr(
                    "Die Serverdatenbank „{name}“ ist nicht leer: beitreten kann nur eine leere. Eine "
                    "Datenbank mit Daten synchronisiert mit „sync --folder ORDNER“ (ohne --join); "
                    "nichts wurde geändert.",
                    name=db.location,
                )
            )
        with tempfile.TemporaryDirectory(prefix="regiodesk-") as scratch:
            # opened outside the folder: an older snapshot is migrated on the copy
            copy = Path(scratch) / snapshot.path.name
            shutil.copyfile(snapshot.path, copy)
            source = Database.open(copy, device_id=db.device_id, create=False)
            try:
                copy_office(source, db)
            finally:
                source.close()
        return _first_sync(db, folder)
    finally:
        db.close()


def _snapshot_to_join(folder: Path) -> files.Snapshot:
    if not folder.is_dir():
        raise SyncError(tr("Den gemeinsamen Ordner „{folder}“ gibt es nicht.", folder=folder))
    identity = files.read_identity(folder)
    if identity is None:
        raise SyncError(
            tr(
                "Der Ordner „{folder}“ enthält keine regiodesk-Synchronisierung. Bitte den Ordner wählen, "
                "den die anderen Laptops verwenden.",
                folder=folder,
            )
        )
    return _newest_sound_snapshot(folder, identity.dataset_id)


def _first_sync(db: Database, folder: Path) -> SyncReport:
    with db.transaction() as session:
        # The snapshot's conflicts were the other laptop's to decide, its own journals its own.
        session.execute(delete(SyncConflict))
        session.execute(delete(SyncMeta).where(SyncMeta.key.in_([*OWN_JOURNAL_KEYS, RENAMED])))
    return SyncService(db).run(folder)


def _newest_sound_snapshot(folder: Path, dataset_id: str) -> files.Snapshot:
    candidates = [s for s in files.snapshots(folder) if s.manifest.get("dataset_id") == dataset_id]
    if not candidates:
        raise SyncError(
            tr(
                "Im gemeinsamen Ordner liegt noch kein vollständiger Stand zum Beitreten. Bitte auf einem "
                "Laptop, der schon synchronisiert, einmal „Synchronisieren“ wählen und warten, bis der "
                "Cloud-Dienst die Dateien hochgeladen hat."
            )
        )
    for snapshot in candidates:
        if snapshot.manifest.get("schema") not in REVISIONS:
            raise SyncError(
                tr(
                    "Der Stand im gemeinsamen Ordner stammt von einer neueren regiodesk-Version. Bitte "
                    "regiodesk aktualisieren."
                )
            )
        if files.file_sha256(snapshot.path) == snapshot.manifest.get("sha256"):
            return snapshot
    raise SyncError(
        tr(
            "Der Stand zum Beitreten im gemeinsamen Ordner ist noch unvollständig (der Cloud-Dienst lädt ihn "
            "vielleicht gerade). Bitte später erneut versuchen."
        )
    )
