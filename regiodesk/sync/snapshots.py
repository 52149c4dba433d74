"""Snapshots of the whole database in the shared folder, for a laptop that joins (sync.join).

A file is copied with VACUUM INTO. A server database is written as the ordinary office file
through the same path as ``backup --out`` (``db.transfer.write_office_file``: one consistent
moment of the server, checked, renamed into place); the server's own participant id stays
behind, so the laptop that joins from it is a device of its own and knows the server as one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from regiodesk.db.schema import HEAD
from regiodesk.sync import folder as files
from regiodesk.sync.folder import FORMAT

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from regiodesk.db.database import Database
    from regiodesk.db.models import SyncDevice

#: A new snapshot for joining laptops when the newest one is older than this.
SNAPSHOT_AGE_DAYS = 30
#: How many of its own snapshots a device keeps in the folder.
SNAPSHOTS_KEPT = 2


def snapshot_due(folder: Path) -> bool:
    """A sync writes a snapshot: the folder has no complete one, or its newest is too old."""
    existing = files.snapshots(folder)
    if not existing:
        return True
    newest_ms = int(existing[0].path.name.split("_", 1)[0])
    return time.time() * 1000 - newest_ms > SNAPSHOT_AGE_DAYS * 86_400_000


def _write_server_snapshot(db: Database, data: Path) -> None:
    """A server database as an office file at ``data``: made and checked outside the folder (a
    database in the making has -wal files a cloud client must not pick up), then copied in under
    a temporary name and renamed, as every file of the folder."""
    import shutil
    import tempfile

    from regiodesk.db.transfer import write_office_file
    from regiodesk.files import moved_into_place

    with tempfile.TemporaryDirectory(prefix="regiodesk-") as scratch:
        written = write_office_file(db, Path(scratch) / data.name)
        with moved_into_place(data, overwrite=False) as partial:
            shutil.copyfile(written, partial)


class Snapshots:
    """Writing snapshots; a mixin of the SyncService."""

    db: Database

    if TYPE_CHECKING:  # provided by the SyncService (sync.engine)

        def dataset_id(self, session: Session) -> str: ...
        def _devices(self, session: Session) -> dict[str, SyncDevice]: ...

    def write_snapshot(self, folder: Path) -> Path:
        """The whole database for a laptop that joins, with what it contains (an office file)."""
        me = self.db.device_id
        stamp = int(time.time() * 1000)
        data, manifest_path = files.snapshot_paths(folder, stamp, me)
        data.parent.mkdir(parents=True, exist_ok=True)
        if self.db.is_server:
            _write_server_snapshot(self.db, data)
        else:
            from regiodesk.db.custody import handover

            handover(self.db.path, data)  # VACUUM INTO a .part name, checked, then renamed
        with self.db.transaction() as session:
            devices = [
                {"device_id": d.device_id, "name": d.name, "applied_seq": d.applied_seq, "max_hlc": d.max_hlc}
                for d in self._devices(session).values()
            ]
            dataset = self.dataset_id(session)
        manifest = {
            "format": FORMAT,
            "schema": HEAD,
            "dataset_id": dataset,
            "device_id": me,
            "size": data.stat().st_size,
            "sha256": files.file_sha256(data),
            "devices": devices,
        }
        files.write_once(
            manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"), me
        )
        own = [s for s in files.snapshots(folder) if s.manifest.get("device_id") == me]
        for old in own[SNAPSHOTS_KEPT:]:
            old.path.with_suffix(".json").unlink(missing_ok=True)
            old.path.unlink(missing_ok=True)
        return data
