"""The shared folder's files: identity, per-device journals, snapshots. Nothing here touches the database.

Layout (every file written once, to a temporary name first, and never rewritten)::

    regiodesk-sync.json                       identity: format version, the office's dataset id
    journals/<device-id>/00000001.json        one device's changes, numbered without gaps
    snapshots/<stamp>_<device-id>.regiodesk   a whole database for a laptop that joins
    snapshots/<stamp>_<device-id>.json        its manifest (checksum, what it contains)

A file a sync client has not finished copying fails its checksum and is retried next time; a
"conflicted copy" a sync client makes has a name that matches none of these patterns and is
never read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

#: Format of the folder and its files; a newer one is refused, never guessed at.
FORMAT = 1
IDENTITY = "regiodesk-sync.json"
JOURNALS = "journals"
SNAPSHOTS = "snapshots"
JOURNAL_NAME = re.compile(r"^(\d{8})\.json$")
SNAPSHOT_NAME = re.compile(r"^(\d{15})_([A-Za-z0-9_-]{1,64})\.json$")
#: A device folder is named by the device's id; a copy ("… (1)", "… conflicted copy") is ignored.
DEVICE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SyncError(DomainError):
    """Synchronising cannot go on; the message says why in German, and nothing was changed."""


@dataclass(frozen=True)
class Identity:
    format: int
    dataset_id: str
    region_settings_id: str | None
    region_name: str


@dataclass
class Journal:
    device_id: str
    seq: int
    #: What the writing device had seen of the others when it made these changes: device -> hlc.
    vector: dict[str, str]
    #: [table, row, operation, field, old, new, hlc, changed_at], oldest first
    entries: list[list[Any]]
    device_name: str = ""
    schema: str = ""
    dataset_id: str = ""
    #: Every entry of this device stamped up to here is in this journal or an earlier one.
    complete_hlc: str = ""
    #: The numbers of this device's own journals found damaged whose changes this one carries again.
    reissues: tuple[int, ...] = ()
    #: The writing database's random mark: two installations writing under one device id differ here.
    writer: str = ""
    #: The file's checksum (set when written or read).
    sha256: str = ""

    @property
    def max_hlc(self) -> str:
        return max((e[6] for e in self.entries), default="")


@dataclass
class FolderScan:
    #: device -> {seq: path} of complete-looking journal names
    journals: dict[str, dict[int, Path]] = field(default_factory=dict)


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(body)).hexdigest()


def write_once(target: Path, data: bytes, owner: str = "") -> None:
    """Write ``data`` to a temporary name, flush it to disk, then give it its final name.

    Never replaces an existing file: a journal, once in the folder, is never rewritten. The
    temporary name carries ``owner`` (the writing device's id) where the folder does not say
    whose it is, so that a device cleans up only its own leftovers (:func:`remove_stale_temporaries`).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise SyncError(tr("Die Datei „{name}“ gibt es im gemeinsamen Ordner schon.", name=target.name))
    tag = f"{owner}." if owner else ""
    tmp = target.with_name(f".{target.name}.{tag}{secrets.token_hex(4)}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        try:
            os.link(tmp, target)  # fails if the target exists: no race with another writer
        except FileExistsError:
            raise SyncError(
                tr("Die Datei „{name}“ gibt es im gemeinsamen Ordner schon.", name=target.name)
            ) from None
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if target.exists():
                raise SyncError(
                    tr("Die Datei „{name}“ gibt es im gemeinsamen Ordner schon.", name=target.name)
                ) from None
            os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)


#: A temporary file of this device older than this is left from a write that was interrupted
#: (the database lock keeps two syncs of one device apart; no write takes an hour).
STALE_AFTER_S = 3600


def remove_stale_temporaries(folder: Path, device_id: str, now: float | None = None) -> list[Path]:
    """Delete this device's temporary files left by an interrupted write; never another's."""
    mine = re.escape(device_id)
    candidates = [
        (folder, re.compile(rf"^\.{re.escape(IDENTITY)}\.{mine}\.[0-9a-f]{{8}}\.tmp$")),
        (folder / JOURNALS / device_id, re.compile(r"^\.\d{8}\.json\.[0-9a-f]{8}\.tmp$")),
        (
            folder / SNAPSHOTS,
            re.compile(rf"^(\.\d{{15}}_{mine}\.json\..*\.tmp|\d{{15}}_{mine}\.regiodesk\.part)$"),
        ),
    ]
    moment = now if now is not None else time.time()
    removed = []
    for directory, pattern in candidates:
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            lonely_snapshot = (
                directory.name == SNAPSHOTS
                and path.suffix == ".regiodesk"
                and path.name.endswith(f"_{device_id}.regiodesk")
                and not path.with_suffix(".json").exists()
            )
            if not (pattern.match(path.name) or lonely_snapshot):
                continue
            with contextlib.suppress(OSError):
                if moment - path.stat().st_mtime > STALE_AFTER_S:
                    path.unlink()
                    removed.append(path)
    return removed


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------------- identity


def read_identity(folder: Path) -> Identity | None:
    """The folder's identity, None if there is none; SyncError if it is unreadable or newer."""
    path = folder / IDENTITY
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = int(data["format"])
    except (OSError, ValueError, KeyError, TypeError):
        raise SyncError(
            tr(
                "Die Kennungsdatei des gemeinsamen Ordners ({name}) ist unvollständig oder beschädigt. "
                "Vielleicht lädt der Cloud-Dienst sie gerade noch herunter; bitte später erneut "
                "synchronisieren. Es wurde nichts verändert.",
                name=IDENTITY,
            )
        ) from None
    if version > FORMAT:
        raise SyncError(
            tr(
                "Der gemeinsame Ordner wurde von einer neueren regiodesk-Version angelegt (Format {found}, "
                "diese Version kennt {known}). Bitte regiodesk aktualisieren. Es wurde nichts verändert.",
                found=version,
                known=FORMAT,
            )
        )
    return Identity(
        version,
        str(data.get("dataset_id", "")),
        data.get("region_settings_id"),
        str(data.get("region_name", "")),
    )


def same_dataset(identity: Identity, here: Identity) -> bool:
    """The folder's identity is that of the database ``here`` (its data set, or its region)."""
    return identity.dataset_id == here.dataset_id or (
        identity.region_settings_id is not None and identity.region_settings_id == here.region_settings_id
    )


def write_identity(folder: Path, identity: Identity, owner: str = "") -> None:
    body = {
        "format": identity.format,
        "dataset_id": identity.dataset_id,
        "region_settings_id": identity.region_settings_id,
        "region_name": identity.region_name,
        "program": "regiodesk",
    }
    write_once(folder / IDENTITY, json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"), owner)


def visible_entries(folder: Path) -> list[str]:
    """Names in the folder a person would see (hidden files of the system or sync client left out)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if not p.name.startswith((".", "~")) and p.name.lower() != "desktop.ini"
    )


# ----------------------------------------------------------------------------------- journals


def journal_path(folder: Path, device_id: str, seq: int) -> Path:
    return folder / JOURNALS / device_id / f"{seq:08d}.json"


def scan(folder: Path) -> FolderScan:
    result = FolderScan()
    root = folder / JOURNALS
    if not root.is_dir():
        return result
    for device_dir in root.iterdir():
        if not (device_dir.is_dir() and DEVICE_NAME.match(device_dir.name)):
            continue
        numbers: dict[int, Path] = {}
        for path in device_dir.iterdir():
            match = JOURNAL_NAME.match(path.name)
            if match:
                numbers[int(match.group(1))] = path
        result.journals[device_dir.name] = numbers
    return result


def highest_number(folder: Path, device_id: str) -> int:
    device_dir = folder / JOURNALS / device_id
    if not device_dir.is_dir():
        return 0
    numbers = [int(m.group(1)) for p in device_dir.iterdir() if (m := JOURNAL_NAME.match(p.name))]
    return max(numbers, default=0)


def write_journal(folder: Path, journal: Journal) -> Path:
    body = {
        "format": FORMAT,
        "schema": journal.schema,
        "dataset_id": journal.dataset_id,
        "device_id": journal.device_id,
        "device_name": journal.device_name,
        "seq": journal.seq,
        "vector": journal.vector,
        "complete_hlc": journal.complete_hlc,
        "entries": journal.entries,
    }
    if journal.reissues:
        body["reissues"] = list(journal.reissues)
    if journal.writer:
        body["writer"] = journal.writer
    journal.sha256 = checksum(body)
    document = dict(body, sha256=journal.sha256)
    path = journal_path(folder, journal.device_id, journal.seq)
    write_once(path, canonical(document))  # the device's own folder says whose it is
    return path


class IncompleteFile(Exception):
    """Unreadable or failing its checksum: still arriving, or damaged (see :func:`settled`)."""


class BadJournal(Exception):
    """Whole (its checksum holds) but not what regiodesk writes; the message says why, in German."""

    def __init__(self, reason: str, device_name: str = ""):
        super().__init__(reason)
        #: the writer's name as the file states it, to name the laptop in the message
        self.device_name = device_name


#: A file whose checksum fails is taken for damaged, not still arriving, once it has not
#: changed for this long (a cloud client writes a file within seconds to minutes).
SETTLED_AFTER_S = 10 * 60


def settled(path: Path, before: os.stat_result | None = None, now: float | None = None) -> bool:
    """True if ``path`` is no longer being written: unchanged since ``before`` and old enough."""
    try:
        after = path.stat()
    except OSError:
        return False
    if before is not None and (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        return False
    return (now if now is not None else time.time()) - after.st_mtime > SETTLED_AFTER_S


def read_journal(path: Path) -> Journal:
    """The journal at ``path``.

    IncompleteFile if it is not whole (arriving or damaged), BadJournal if it is whole but
    malformed, SyncError if it comes from a newer version.
    """
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
        stated = document.pop("sha256")
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        raise IncompleteFile(path.name) from None
    if not isinstance(document, dict) or checksum(document) != stated:
        raise IncompleteFile(path.name)
    version = document.get("format", 0)
    if not isinstance(version, int):
        raise BadJournal(tr("Formatangabe ungültig"), str(document.get("device_name", "")))
    if version > FORMAT:
        raise SyncError(
            tr(
                "Ein anderer Laptop ({name}) verwendet eine neuere regiodesk-Version. Bitte regiodesk "
                "aktualisieren; bis dahin wird nicht synchronisiert. Es wurde nichts verändert.",
                name=document.get("device_name") or document.get("device_id", "?"),
            )
        )
    stated_name = document.get("device_name")
    name = stated_name if isinstance(stated_name, str) else ""
    device_id, seq, entries = document.get("device_id"), document.get("seq"), document.get("entries")
    vector = document.get("vector") or {}
    reissues = document.get("reissues", [])
    texts = ("device_name", "schema", "dataset_id", "complete_hlc", "writer")
    if not (isinstance(device_id, str) and DEVICE_NAME.match(device_id)):
        raise BadJournal(tr("Gerätekennung fehlt oder ist ungültig"), name)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise BadJournal(tr("Nummer fehlt oder ist ungültig"), name)
    if not isinstance(entries, list):
        raise BadJournal(tr("keine Liste von Einträgen"), name)
    if not (isinstance(vector, dict) and all(isinstance(v, str) for v in vector.values())):
        raise BadJournal(tr("Wissensstand ungültig"), name)
    if any(not isinstance(document.get(key, ""), str) for key in texts):
        raise BadJournal(tr("Kopfangaben ungültig"), name)
    if not isinstance(reissues, list) or any(
        not isinstance(n, int) or isinstance(n, bool) or not 0 < n < seq for n in reissues
    ):
        raise BadJournal(tr("Nummer der ersetzten Datei ungültig"), name)
    return Journal(
        device_id=device_id,
        seq=seq,
        vector={str(k): v for k, v in vector.items()},
        entries=entries,
        device_name=document.get("device_name", ""),
        schema=document.get("schema", ""),
        dataset_id=document.get("dataset_id", ""),
        complete_hlc=document.get("complete_hlc", ""),
        reissues=tuple(reissues),
        writer=document.get("writer", ""),
        sha256=stated,
    )


# ---------------------------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Snapshot:
    path: Path
    manifest: dict[str, Any]

    @property
    def devices(self) -> list[dict[str, Any]]:
        return list(self.manifest.get("devices", []))


def snapshot_paths(folder: Path, stamp_ms: int, device_id: str) -> tuple[Path, Path]:
    base = folder / SNAPSHOTS / f"{stamp_ms:015d}_{device_id}"
    return base.with_suffix(".regiodesk"), base.with_suffix(".json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshots(folder: Path) -> list[Snapshot]:
    """Snapshots whose manifest is readable and whose database file is complete, newest first."""
    root = folder / SNAPSHOTS
    if not root.is_dir():
        return []
    found = []
    for manifest_path in root.iterdir():
        if not SNAPSHOT_NAME.match(manifest_path.name):
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data = manifest_path.with_suffix(".regiodesk")
        if not data.exists() or data.stat().st_size != manifest.get("size"):
            continue
        found.append(Snapshot(data, manifest))
    return sorted(found, key=lambda s: s.path.name, reverse=True)


def cloud_path_warning(path: Path) -> str:
    """A German warning if ``path`` lies in a cloud-synced or network folder, else ''.

    SQLite's locking breaks on network file systems and a sync client separates a database
    from its -wal file; the database belongs on the laptop, the shared folder gets journals.
    """
    text = str(Path(path).expanduser().absolute())
    lowered = text.lower()
    markers = (
        "nextcloud",
        "owncloud",
        "onedrive",
        "dropbox",
        "google drive",
        "googledrive",
        "icloud",
        "seafile",
        "pcloud",
        "magentacloud",
        "sharepoint",
        "tresorit",
        "box sync",
    )
    found = next((m for m in markers if m in lowered), "")
    network = text.startswith("\\\\") or text.startswith("//") or _on_network_mount(text)
    if not (found or network):
        return ""
    return tr(
        "Die Datenbank „{name}“ liegt in einem {where}. Dort kann sie beschädigt werden (der "
        "Sync-Dienst trennt sie von ihren Hilfsdateien, die Sperre zwischen zwei Laptops wirkt nicht). "
        "Bitte legen Sie die Datenbank auf diesen Laptop und tauschen Sie Änderungen über "
        "„Datei → Synchronisieren“ mit dem gemeinsamen Ordner aus.",
        name=Path(text).name,
        where=tr("Cloud-Ordner") if found else tr("Netzwerkordner"),
    )


def _on_network_mount(text: str) -> bool:
    """Linux: is ``text`` below a mount point of a network file system?"""
    try:
        lines = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    network_types = {"cifs", "smbfs", "smb3", "nfs", "nfs4", "sshfs", "fuse.sshfs", "davfs", "fuse.rclone"}
    best = ""
    best_type = ""
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount, kind = parts[1], parts[2]
        if (text == mount or text.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
            best, best_type = mount, kind
    return best_type in network_types
