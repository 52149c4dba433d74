"""„Anything new on either side?“ answered with sqlite3 and the folder's names, before SQLAlchemy.

Most scheduled ``regiodesk sync`` runs find nothing to do; the full run (sync.engine) would still
import SQLAlchemy and the models (0.4 s) to find that out. :func:`idle_sync` answers such a run
alone, and only when it is sure that the full run would send nothing, receive nothing and write
nothing, to the database or the folder:

* nothing to send: this device has no change-log entry after the last one it sent, and its name
  is what its journals already say;
* nothing to receive: no device has a journal in the folder numbered beyond what this database
  applied of it (a file still arriving or damaged counts: the full run reports it);
* no own journal to re-check: every own journal in the folder was checked with its present size
  and time (the full run's check for a copied installation and for damage, sync.own);
* no snapshot due, the folder's identity is this database's, this database has synced with it
  before and is not going on under a new device id (sync.own ``renamed``).

Whenever one of these is not so, or anything cannot be read, it returns None and the full run
decides (and says what is wrong). It reads the database only (``mode=ro``); the file is checked
as a reading command checks it (header, application id, schema), not page by page: nothing is
written to it here, and a damaged page it reads sends the run to the full sync, which refuses it.
The caller holds the database's lock, as the full run does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regiodesk.db.schema import FileKind, inspect_file, readonly_connect, write_refusal
from regiodesk.sync import folder as files
from regiodesk.sync.report import SyncReport
from regiodesk.sync.snapshots import snapshot_due

#: sync_meta keys whose stored text a full run would write again if it is missing or not in its
#: own form (sync.own ``_set_meta_json``): json.dumps(..., sort_keys=True).
_CHECKED, _REISSUED, _RECEIVED, _RENAMED = (
    "own_journals_checked",
    "own_journals_reissued",
    "own_received",
    "renamed",
)


def idle_sync(path: Path, folder: Path, device_id: str, device_name: str = "") -> SyncReport | None:
    """The report of a sync of ``path`` with ``folder`` that has nothing to do, or None if unsure.

    ``device_id``/``device_name``: this installation (regiodesk.device), as the full run takes
    them. When it answers, it has done what the full run does with nothing new: removed this
    device's temporary files left in the folder by an interrupted write.
    """
    try:
        if not _nothing_new(path, folder, device_id, device_name):
            return None
    except Exception:  # unsure (unreadable, damaged, half-written): the full run decides and says why
        return None
    files.remove_stale_temporaries(folder, device_id)
    return SyncReport()


def _nothing_new(path: Path, folder: Path, me: str, device_name: str) -> bool:
    if not folder.is_dir() or write_refusal(path):
        return False
    if inspect_file(path, deep=False).kind is not FileKind.CURRENT:
        return False  # to be migrated, refused or created: the full run's business
    identity = files.read_identity(folder)  # an unreadable or newer one raises: the full run says so
    if identity is None:
        return False
    con = readonly_connect(path)
    try:
        meta = dict(con.execute("SELECT key, value FROM sync_meta").fetchall())
        devices = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT device_id, name, applied_seq, written_seq, log_seq FROM sync_device"
            )
        }
        region = con.execute("SELECT id FROM region_settings ORDER BY created_at LIMIT 1").fetchone()
        unsent = (
            con.execute(
                "SELECT 1 FROM change_log WHERE device_id = ? AND seq > ? LIMIT 1",
                (me, devices[me][3]),
            ).fetchone()
            if me in devices
            else None
        )
    finally:
        con.close()
    if "dataset_id" not in meta or me not in devices or unsent is not None:
        return False
    here = files.Identity(files.FORMAT, meta["dataset_id"], region[0] if region else None, "")
    if not files.same_dataset(identity, here):
        return False
    if _meta(meta, _RENAMED, missing={}) != {}:
        return False  # a new device id to go on under (sync.own _adopt_new_id, _mark_synced)
    name, _applied, written, _log = devices[me]
    if device_name and device_name != name:
        return False  # the full run writes the new name into this database's registry
    if meta.get(_RECEIVED) != json.dumps({"seqs": []}, sort_keys=True):
        return False  # own changes read back from the folder still to be accounted for
    found = files.scan(folder)
    for device, numbers in found.journals.items():
        applied = devices[device][1] if device in devices else 0
        if any(n > applied for n in numbers):
            return False  # to receive, still arriving, or damaged: the full run reads and reports
    own = found.journals.get(me, {})
    if own and not _own_journals_checked(own, meta, written):
        return False
    return not snapshot_due(folder)


def _own_journals_checked(own: dict[int, Path], meta: dict[str, str], written: int) -> bool:
    """Every own journal in the folder was checked as it is now (sync.own ``_own_folder``)."""
    if "writer" not in meta:
        return False
    checked = _meta(meta, _CHECKED)
    reissued = _meta(meta, _REISSUED)
    if checked is None or reissued is None:
        return False
    for seq, journal in own.items():
        if seq > written:
            return False
        if str(seq) in reissued:
            continue
        try:
            stat = journal.stat()
        except OSError:
            continue  # gone meanwhile: the full run skips it too
        if checked.get(str(seq)) != [stat.st_size, stat.st_mtime_ns]:
            return False
    return True


def _meta(meta: dict[str, str], key: str, missing: Any = None) -> dict[str, Any] | None:
    """A sync_meta JSON object as the full run reads it; None (or ``missing`` if the key is not
    there) when the full run would write it again: absent, not an object, or not in its form."""
    if key not in meta:
        return missing
    text = meta[key]
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or json.dumps(value, sort_keys=True) != text:
        return None
    return value
