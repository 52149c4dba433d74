"""Synchronising one database with a shared folder: send own changes, apply the others', list conflicts.

The rules (shared/DESIGN.md, "Sync through a shared folder"):

* Every device writes the entries of its change log it has not sent yet as numbered, write-once
  journal files (:meth:`SyncService._send`). Each journal carries the writer's *knowledge
  vector*: for every other device the newest clock stamp of that device's changes it had applied
  when it made these changes (a device sends before it applies, so that vector is exactly what
  its changes were based on).
* A journal is applied only after the same device's previous one, and only once this database
  knows at least what the journal's writer knew (causal order, sync.incoming). A missing or
  half-arrived file therefore makes its device wait; nothing is applied out of order.
* Each entry is decided by the merge rule (domain.merge: last writer wins per field, concurrent
  changes listed, a deletion wins only over a record not modified after it) and written by
  sync.apply; the losing value stays in the change log, the conflict in sync.conflicts.

A database on a PostgreSQL server is ONE more device of the folder, however many people on
however many machines write to it:

* Identity: its own device id and name live in the database (``sync_meta``, created on the first
  open: ``db.server.participant``) and ``Database.open`` stamps every change made on the server
  with it, so "own changes" (``change_log.device_id == me``) are exactly the changes made there,
  by anyone, and the changes the folder brought keep their devices' ids and are never sent back.
* Sent exactly once: the log's numbers (``seq``) are drawn before their transactions commit, so
  ``_send`` first takes ``LOCK TABLE change_log IN SHARE MODE``: it waits for every save in flight
  and holds off new ones until the journal is written; no entry commits below the "sent up to"
  mark afterwards. The clients' stamps come after every committed one (``ChangeRecorder``).
* One sync at a time: the whole run holds a PostgreSQL advisory lock (``one_sync_at_a_time``);
  a second one is refused in German. On a file the file's own lock does this.
* Snapshots are written as the ordinary office file (sync.snapshots); a server joins a folder by
  taking a snapshot into an empty database (sync.join.join_server).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from regiodesk.db.changelog import expand
from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry, RegionSettings, SyncDevice, SyncMeta
from regiodesk.db.schema import HEAD
from regiodesk.domain.hlc import Timestamp
from regiodesk.i18n import tr
from regiodesk.sync import folder as files
from regiodesk.sync.apply import Applying, column_value, follow_parents
from regiodesk.sync.conflicts import ConflictDecisions, ConflictView
from regiodesk.sync.devices import own_name
from regiodesk.sync.entries import LOG_COLUMNS
from regiodesk.sync.folder import FORMAT, Identity, Journal, SyncError
from regiodesk.sync.incoming import IncomingJournals
from regiodesk.sync.own import OWN_RECEIVED, OwnJournals
from regiodesk.sync.report import SyncReport
from regiodesk.sync.snapshots import Snapshots, snapshot_due

#: A journal file holds at most this many entries (a 20,000-contact import becomes several files).
MAX_ENTRIES = 20_000

__all__ = ["MAX_ENTRIES", "ConflictView", "SyncReport", "SyncService", "column_value"]


# ----------------------------------------------------------------------------------- service


class SyncService(OwnJournals, IncomingJournals, Applying, Snapshots, ConflictDecisions):
    """One database's sync through a shared folder: this module runs it and sends; receiving
    (sync.incoming), applying (sync.apply), snapshots and conflicts live in their own modules."""

    #: A child row follows its parent's deletion (sync.apply.follow_parents).
    follow_parents = staticmethod(follow_parents)

    def __init__(self, db: Database):
        self.db = db

    # -------------------------------------------------------------------- state in the database

    def dataset_id(self, session: Session) -> str:
        value = session.get(SyncMeta, "dataset_id")
        if value is None:  # e.g. a file whose sync tables were emptied: a new identity
            value = SyncMeta(key="dataset_id", value=str(uuid.uuid4()))
            session.add(value)
            session.flush()
        return value.value

    def _devices(self, session: Session) -> dict[str, SyncDevice]:
        devices = {d.device_id: d for d in session.scalars(select(SyncDevice))}
        if not devices:
            # First sync of this file: what its change log holds of each device is known already
            # (a copy of another laptop's file knows that laptop's changes up to the copy).
            rows = session.execute(
                select(ChangeLogEntry.device_id, func.max(ChangeLogEntry.hlc)).group_by(
                    ChangeLogEntry.device_id
                )
            )
            for device_id, max_hlc in rows:
                device = SyncDevice(device_id=device_id, name="", applied_seq=0, max_hlc=max_hlc or "")
                device.written_seq = device.log_seq = 0
                session.add(device)
                devices[device_id] = device
        me = self.db.device_id
        if me not in devices:
            devices[me] = SyncDevice(
                device_id=me, name="", applied_seq=0, max_hlc="", written_seq=0, log_seq=0
            )
            session.add(devices[me])
        session.flush()
        return devices

    def _identity_here(self, session: Session) -> Identity:
        region = session.execute(
            select(RegionSettings.id, RegionSettings.name).order_by(RegionSettings.created_at).limit(1)
        ).first()
        return Identity(
            FORMAT,
            self.dataset_id(session),
            region[0] if region else None,
            (region[1] or "") if region else "",
        )

    def has_synced(self, session: Session) -> bool:
        return any(d.written_seq or d.applied_seq for d in session.scalars(select(SyncDevice)))

    # ---------------------------------------------------------------------------- the whole run

    def run(self, folder: Path | str, initialize: bool = False) -> SyncReport:
        """Send this device's changes to ``folder`` and apply the other devices' changes.

        Raises SyncError (German message) and changes nothing when the folder is missing, empty
        although this database has synced before, another region's, or of a newer format.
        """
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise SyncError(
                tr(
                    "Den gemeinsamen Ordner „{folder}“ gibt es nicht (oder er ist gerade nicht erreichbar). "
                    "Es wurde nichts verändert.",
                    folder=folder,
                )
            )
        self.db.recorder.refuse_if_damaged()
        with one_sync_at_a_time(self.db):
            return self._run(folder, initialize)

    def _run(self, folder: Path, initialize: bool) -> SyncReport:
        self._adopt_new_id()
        report = SyncReport()
        identity = files.read_identity(folder)
        with self.db.transaction() as session:
            here = self._identity_here(session)
            synced_before = self.has_synced(session)
        if identity is None:
            self._initialize(folder, here, synced_before, initialize)
            report.initialized = True
        else:
            self._check_identity(identity, here)
        # Everything new in the folder is read (and a newer version refused) before anything is sent.
        incoming = self._read_new(folder, report)
        if self._own_folder(folder, incoming, report):  # this laptop got a new id: read again
            report.skipped_files.clear()
            incoming = self._read_new(folder, report)
        self._send(folder, report)
        self._receive(incoming, report)
        if report.initialized or snapshot_due(folder):
            report.snapshot = self.write_snapshot(folder)
        files.remove_stale_temporaries(folder, self.db.device_id)
        self._mark_synced()
        return report

    def _initialize(self, folder: Path, here: Identity, synced_before: bool, initialize: bool) -> None:
        others = [
            name for name in files.visible_entries(folder) if name not in (files.JOURNALS, files.SNAPSHOTS)
        ]
        if others:
            raise SyncError(
                tr(
                    "Der Ordner „{folder}“ enthält andere Dateien ({names}), aber keine regiodesk-"
                    "Synchronisierung. Bitte einen leeren Ordner wählen (oder den, den die anderen Laptops "
                    "verwenden). Es wurde nichts verändert.",
                    folder=folder,
                    names=", ".join(others[:3]) + (" …" if len(others) > 3 else ""),
                )
            )
        if (synced_before or (folder / files.JOURNALS).exists()) and not initialize:
            raise SyncError(
                tr(
                    "Der gemeinsame Ordner „{folder}“ ist leer, obwohl diese Datenbank schon über einen "
                    "Ordner synchronisiert wurde. Ist der richtige Ordner gewählt und hat der Cloud-Dienst "
                    "ihn vollständig heruntergeladen? Es wurde nichts verändert. (Wer wirklich neu beginnen "
                    "will: regiodesk --db DATEI sync --folder ORDNER --init)",
                    folder=folder,
                )
            )
        files.write_identity(folder, here, self.db.device_id)

    @staticmethod
    def _check_identity(identity: Identity, here: Identity) -> None:
        if not files.same_dataset(identity, here):
            raise SyncError(
                tr(
                    "Der gemeinsame Ordner gehört zu einer anderen Datenbank ({theirs}) als diese ({ours}). "
                    "Bitte den richtigen Ordner wählen; ein neuer Laptop tritt mit „Einer Synchronisierung "
                    "beitreten“ bei. Es wurde nichts verändert.",
                    theirs=identity.region_name or tr("ohne Namen"),
                    ours=here.region_name or tr("ohne Namen"),
                )
            )

    # ------------------------------------------------------------------------------------- send

    def _send(self, folder: Path, report: SyncReport) -> None:
        me = self.db.device_id
        name = own_name(self.db)
        with self.db.transaction() as session:
            if self.db.is_server:
                # Every change made on the server up to here is committed, and none comes until
                # this is sent: the log's numbers are drawn before their transactions commit,
                # and an entry committed after a higher one was sent would never be sent.
                session.execute(text("LOCK TABLE change_log IN SHARE MODE"))
            devices = self._devices(session)
            mine = devices[me]
            if name:
                mine.name = name
            name = mine.name
            vector = {d.device_id: d.max_hlc for d in devices.values() if d.device_id != me and d.max_hlc}
            dataset = self.dataset_id(session)
            first = max(mine.written_seq, files.highest_number(folder, me)) + 1
            seq, cursor, sent_max = first, mine.log_seq, mine.max_hlc
            # A chunk of the log at a time: the first sync of a large office (780,000 fields) must not
            # hold them all in memory at once. Entries that did not fit into a file are read again for
            # the next one (restamping may have changed them); reading about twice what the last file
            # took keeps that cheap.
            fetch = MAX_ENTRIES
            # Own changes read back from the folder (a restored backup) are there already: sending
            # them again would restamp old values as new edits over the others' later ones.
            received = set(self._own_received(session))
            while fetched := self._unsent(session, me, cursor, fetch):
                rows = _fitting([r for r in fetched if r["seq"] not in received])
                if not rows:
                    cursor = fetched[-1]["seq"]
                    continue
                fetch = min(MAX_ENTRIES, 2 * len(rows))
                rows = self._restamp(session, rows, sent_max)
                rows.sort(key=lambda r: (r["hlc"], r["seq"]))
                entries = [
                    [
                        r["table_name"],
                        r["row_id"],
                        r["operation"],
                        field,
                        r["old_value"],
                        new,
                        r["hlc"],
                        r["changed_at"].isoformat(),
                    ]
                    for r in rows
                    for field, new in r["fields"]
                ]
                cursor = max(r["seq"] for r in rows)
                # "Seen up to h" must mean every entry stamped h or earlier: a stamp whose entries
                # go on in the next file (one import is one stamp) is complete only with that file.
                rest = session.scalar(
                    select(func.min(ChangeLogEntry.hlc)).where(
                        ChangeLogEntry.device_id == me, ChangeLogEntry.seq > cursor
                    )
                )
                complete = max((e[6] for e in entries if rest is None or e[6] < rest), default="")
                sent_max = max(sent_max, complete)
                if not entries:  # rows whose values were erased (Löschen): nothing left to send
                    continue
                journal = Journal(me, seq, vector, entries, name, HEAD, dataset, complete_hlc=sent_max)
                journal.writer = self._writer(session)
                report.journals_written.append(files.write_journal(folder, journal))
                self._remember_own(session, journal)
                report.sent += len(entries)
                seq += 1
            mine.log_seq = cursor
            self._set_meta_json(session, OWN_RECEIVED, {"seqs": [n for n in received if n > cursor]})
            if seq == first:
                return
            last = seq - 1
            if mine.applied_seq == first - 1:
                mine.applied_seq = last  # no gap: every own journal up to here is in this file
            mine.written_seq = last
            mine.max_hlc = sent_max

    @staticmethod
    def _unsent(session: Session, me: str, after: int, limit: int) -> list[dict[str, Any]]:
        """This device's next ``limit`` log entries after seq ``after``, in seq order."""
        return [
            row._asdict()
            for row in session.execute(
                select(*LOG_COLUMNS)
                .where(ChangeLogEntry.device_id == me, ChangeLogEntry.seq > after)
                .order_by(ChangeLogEntry.seq)
                .limit(limit)
            )
        ]

    def _restamp(self, session: Session, rows: list, sent_max: str) -> list:
        """Entries stamped before the last sent one but committed after it get fresh stamps.

        A device's journals must carry its stamps in increasing order, or another device's
        "seen up to" would claim entries it has not seen. Only possible with two writers racing.
        """
        late = sorted({r["hlc"] for r in rows if r["hlc"] <= sent_max})
        if not late:
            return rows
        clock = self.db.recorder.clock(session)
        clock.receive(Timestamp.decode(sent_max), self.db.recorder.physical_ms())
        fresh = {old: clock.now(self.db.recorder.physical_ms()).encode() for old in late}
        first = min(r["seq"] for r in rows)
        for old, new in fresh.items():
            session.execute(
                text(
                    "UPDATE change_log SET hlc = :new WHERE device_id = :me AND hlc = :old AND seq >= :first"
                ),
                {"new": new, "me": self.db.device_id, "old": old, "first": first},
            )
        for r in rows:
            r["hlc"] = fresh.get(r["hlc"], r["hlc"])
        return rows


@contextmanager
def one_sync_at_a_time(db: Database) -> Iterator[None]:
    """A server database is synchronised by one client at a time (PostgreSQL advisory lock);
    a file is kept to one writer by its own lock (db.custody.DatabaseLock)."""
    if not db.is_server:
        yield
        return
    from regiodesk.db.dialect import SYNC_LOCK
    from regiodesk.db.server import advisory_lock

    with advisory_lock(db.engine, SYNC_LOCK) as taken:
        if not taken:
            raise SyncError(
                tr(
                    "Eine andere Synchronisierung dieser Serverdatenbank läuft gerade (von einem anderen "
                    "Rechner oder Programm). Bitte später erneut versuchen; es wurde nichts verändert."
                )
            )
        yield


def _fitting(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first ``rows`` (in seq order) whose journal entries stay within MAX_ENTRIES.

    Journals carry one entry per field, so an insert's row entry (changelog.ROW) becomes one
    entry per field; each row gets them as ``row["fields"]``. A row whose fields alone are more
    than MAX_ENTRIES goes into a file of its own, whole.
    """
    fitting: list[dict[str, Any]] = []
    total = 0
    for row in rows:
        row["fields"] = expand(row["field"], row["new_value"])
        total += len(row["fields"])
        if total > MAX_ENTRIES and fitting:
            break
        fitting.append(row)
    return fitting
