"""A new laptop joins: the newest complete snapshot from the folder, then the journals after it.

The other laptops need not be online; everything comes from the folder.
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
    snapshot = _newest_sound_snapshot(folder, identity.dataset_id)
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
        with db.transaction() as session:
            # The snapshot's conflicts were the other laptop's to decide, its own journals its own.
            session.execute(delete(SyncConflict))
            session.execute(delete(SyncMeta).where(SyncMeta.key.in_([*OWN_JOURNAL_KEYS, RENAMED])))
        report = SyncService(db).run(folder)
    finally:
        db.close()
    return target, report


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
