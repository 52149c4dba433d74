"""Synchronising one database with a shared folder: send own changes, apply the others', list conflicts.

The rules (shared/DESIGN.md, "Sync through a shared folder"):

* Every device writes the entries of its change log it has not sent yet as numbered, write-once
  journal files. Each journal carries the writer's *knowledge vector*: for every other device the
  newest clock stamp of that device's changes it had applied when it made these changes (a
  device sends before it applies, so that vector is exactly what its changes were based on).
* A journal is applied only after the same device's previous one, and only once this database
  knows at least what the journal's writer knew (causal order). A missing or half-arrived file
  therefore makes its device wait; nothing is applied out of order.
* Per field, the entry with the newest hybrid-logical-clock stamp wins. If the value held here
  was made without the other side knowing it (its stamp is newer than the other side's
  knowledge of its device) and the values differ, both changed the field concurrently: the
  conflict is listed, and the losing value stays in the change log.
* A deletion wins only over a record not modified after it: a deletion arriving after a newer
  edit is ignored (and listed); an edit made without knowledge of a deletion and newer than it
  brings the record back (and is listed).
"""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, bindparam, exists, func, select, text
from sqlalchemy.orm import Session

from regiodesk.db.base import Base, Record, utcnow
from regiodesk.db.changelog import decode_value, expand
from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry, RegionSettings, SyncConflict, SyncDevice, SyncMeta
from regiodesk.db.schema import HEAD, REVISIONS
from regiodesk.domain import merge
from regiodesk.domain.hlc import Timestamp
from regiodesk.domain.merge import DELETED_AT, Conflict, Decision, RowState, Version
from regiodesk.i18n import format_date, format_datetime, tr
from regiodesk.sync import cascade
from regiodesk.sync import folder as files
from regiodesk.sync.entries import BadEntry, checked_entries
from regiodesk.sync.folder import FORMAT, Identity, IncompleteFile, Journal, SyncError
from regiodesk.sync.own import OWN_RECEIVED, OwnJournals

#: A journal file holds at most this many entries (a 20,000-contact import becomes several files).
MAX_ENTRIES = 20_000
#: A new snapshot for joining laptops when the newest one is older than this.
SNAPSHOT_AGE_DAYS = 30
#: How many of its own snapshots a device keeps in the folder.
SNAPSHOTS_KEPT = 2


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    restored: int = 0
    #: Journal files that could not be read yet (still arriving); retried next time.
    skipped_files: list[str] = field(default_factory=list)
    #: Devices whose next journal is not there yet, by name.
    waiting_for: list[str] = field(default_factory=list)
    #: Journal files damaged for good or holding what regiodesk never writes (not applied).
    damaged_files: list[str] = field(default_factory=list)
    #: What the user must know or do, one German sentence each (damaged files, a new device id).
    notices: list[str] = field(default_factory=list)
    journals_written: list[Path] = field(default_factory=list)
    journals_applied: int = 0
    initialized: bool = False
    snapshot: Path | None = None
    backup: Path | None = None

    def summary(self) -> str:
        parts = [
            tr("{n} Änderungen gesendet", n=self.sent),
            tr("{n} Änderungen empfangen", n=self.received),
        ]
        if self.conflicts:
            parts.append(tr("{n} Konflikte", n=self.conflicts))
        if self.skipped_files:
            parts.append(tr("{n} Dateien noch unvollständig (später erneut)", n=len(self.skipped_files)))
        if self.waiting_for:
            parts.append(tr("wartet auf {names}", names=", ".join(self.waiting_for)))
        if self.initialized:
            parts.append(tr("gemeinsamer Ordner eingerichtet"))
        return " ".join([", ".join(parts), *self.notices])


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the Konflikte view shows it."""

    id: int
    table_name: str
    row_id: str
    record_label: str
    field: str
    field_label: str
    kind: str
    local_value: str
    other_value: str
    winner: str
    hlc: str
    other_device: str
    detected_at: datetime
    decided: bool


# ------------------------------------------------------------------------------ column values


def _tables() -> dict[str, Any]:
    return {t.name: t for t in Base.metadata.sorted_tables}


def _models() -> dict[str, type[Record]]:
    return {
        m.class_.__tablename__: m.class_
        for m in Base.registry.mappers
        if isinstance(m.class_, type) and issubclass(m.class_, Record)
    }


def column_value(column, value: Any) -> Any:
    """A decoded log value as the column's Python type (dates travel as ISO text)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if getattr(kind, "impl", None) is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)  # UTC column
        return moment
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    return value


@dataclass
class _RowState(RowState):
    """What the merge rule knows of a row (from the log and this sync), and where the row stands here."""

    #: The row is in its table (or is inserted by this sync).
    exists: bool = False
    #: Parent rows whose deletion takes this row along (sync.cascade), as (table, id).
    parents: set[tuple[str, str]] = field(default_factory=set)


@dataclass
class _Incoming:
    #: device -> {number: path} of every journal name in the folder
    journals: dict[str, dict[int, Path]]
    loaded: dict[tuple[str, int], Journal] = field(default_factory=dict)
    #: still arriving (or not this device's file): read again next time
    broken: set[tuple[str, int]] = field(default_factory=set)
    #: damaged or malformed for good: (device, seq) -> why, in German
    damaged: dict[tuple[str, int], str] = field(default_factory=dict)
    #: device -> its name as its journals state it
    names: dict[str, str] = field(default_factory=dict)


class _Batch:
    """The writes of one sync, collected in memory and written with a few statements."""

    def __init__(self) -> None:
        self.inserts: dict[tuple[str, str], dict[str, Any]] = {}
        self.updates: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        self.log: list[tuple] = []
        self.conflicts: list[dict[str, Any]] = []
        #: (device, hlc, deleted_at value) of deletions undone by the rules: rows deleted with them
        #: (same device, same deletion time, stamped in the same transaction) come back too.
        self.undone: set[tuple[str, str, str | None]] = set()


@dataclass
class _Run:
    """One application of journals: the rows' states, the writes collected, the report."""

    states: dict[tuple[str, str], _RowState]
    tables: dict[str, Any]
    batch: _Batch
    report: SyncReport
    now: datetime


# ----------------------------------------------------------------------------------- service


class SyncService(OwnJournals):
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
        if report.initialized or self._snapshot_due(folder):
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
        same = identity.dataset_id == here.dataset_id or (
            identity.region_settings_id is not None and identity.region_settings_id == here.region_settings_id
        )
        if not same:
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
        from regiodesk.device import this_device

        name = this_device().name if this_device().id == me else ""
        with self.db.transaction() as session:
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
                select(
                    ChangeLogEntry.seq,
                    ChangeLogEntry.table_name,
                    ChangeLogEntry.row_id,
                    ChangeLogEntry.operation,
                    ChangeLogEntry.field,
                    ChangeLogEntry.old_value,
                    ChangeLogEntry.new_value,
                    ChangeLogEntry.hlc,
                    ChangeLogEntry.changed_at,
                )
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

    # ---------------------------------------------------------------------------------- receive

    def _read_new(self, folder: Path, report: SyncReport) -> _Incoming:
        """Every complete journal not applied yet, its entries checked.

        A file still arriving (changed lately) is left for later. One that is old and stable but
        fails its checksum, or is whole but holds what regiodesk never writes, is damaged: it is
        not applied (nothing of it), and its device waits until that laptop writes the changes
        again under a new number (see :meth:`_reissue_damaged`).
        """
        found = files.scan(folder)
        with self.db.session() as session:
            applied = {d.device_id: d.applied_seq for d in session.scalars(select(SyncDevice))}
        incoming = _Incoming(found.journals)
        for device_id, numbers in found.journals.items():
            for seq in sorted(n for n in numbers if n > applied.get(device_id, 0)):
                path = numbers[seq]
                before = None
                try:
                    before = path.stat()
                    journal = files.read_journal(path)
                    if journal.device_id != device_id or journal.seq != seq:
                        raise files.BadJournal(tr("Name und Inhalt passen nicht zusammen"))
                    self._check_schema(journal)
                    try:
                        journal.entries = checked_entries(journal)
                    except BadEntry as error:
                        raise files.BadJournal(str(error), journal.device_name) from None
                except (IncompleteFile, OSError):
                    if files.settled(path, before):
                        incoming.damaged[(device_id, seq)] = tr("die Prüfsumme stimmt nicht")
                    else:
                        incoming.broken.add((device_id, seq))
                        report.skipped_files.append(f"{device_id[:8]}/{path.name}")
                    continue
                except files.BadJournal as error:
                    incoming.damaged[(device_id, seq)] = tr("ungültiger Inhalt: {reason}", reason=error)
                    if error.device_name:
                        incoming.names.setdefault(device_id, error.device_name)
                    continue
                if journal.device_name:
                    incoming.names[device_id] = journal.device_name
                incoming.loaded[(device_id, seq)] = journal
        return incoming

    def _receive(self, incoming: _Incoming, report: SyncReport) -> None:
        with self.db.transaction() as session:
            devices = self._devices(session)
            applied = {d: devices[d].applied_seq if d in devices else 0 for d in incoming.journals}
            knowledge = {d.device_id: d.max_hlc for d in devices.values()}
            registry = {d.device_id: d.name for d in devices.values()}
        loaded, broken, damaged = incoming.loaded, incoming.broken, incoming.damaged
        # A damaged journal's changes, written again by its laptop, take its place in the order.
        stand_in = {(j.device_id, n): j for j in loaded.values() for n in j.reissues}
        plan: list[tuple[int, Journal]] = []
        progress = True
        while progress:
            progress = False
            for device_id in incoming.journals:
                while True:
                    seq = applied[device_id] + 1
                    journal = loaded.get((device_id, seq))
                    if journal is None and (device_id, seq) in damaged:
                        journal = stand_in.get((device_id, seq))
                    if journal is None or (device_id, seq) in broken:
                        break
                    if any(knowledge.get(d, "") < h for d, h in journal.vector.items() if d != device_id):
                        break  # written knowing changes not here yet: after those
                    plan.append((seq, journal))
                    applied[device_id] = seq
                    knowledge[device_id] = max(knowledge.get(device_id, ""), journal.complete_hlc)
                    progress = True
        for device_id, numbers in incoming.journals.items():
            if not any(n > applied[device_id] for n in numbers):
                continue
            name = registry.get(device_id) or incoming.names.get(device_id, "")
            shown = name or tr("unbekannt, Kennung {id}", id=device_id[:8])
            report.waiting_for.append(shown)
            seq = applied[device_id] + 1
            if (device_id, seq) in damaged:
                path = numbers[seq]
                report.damaged_files.append(f"{files.JOURNALS}/{device_id}/{path.name}")
                report.notices.append(
                    tr(
                        "Die Datei „{file}“ des Laptops „{name}“ im gemeinsamen Ordner ist beschädigt "
                        "({why}) und wird nicht eingelesen; die späteren Änderungen dieses Laptops warten "
                        "auf sie. Bitte auf „{name}“ einmal synchronisieren: regiodesk schreibt diese "
                        "Änderungen dort neu, danach geht es hier weiter.",
                        file=f"{files.JOURNALS}/{device_id}/{path.name}",
                        name=shown,
                        why=damaged[(device_id, seq)],
                    )
                )
        if not plan:
            return
        from regiodesk.db.custody import make_backup

        report.backup = make_backup(self.db.path, "vor-sync")
        self._apply(plan, report)

    @staticmethod
    def _check_schema(journal: Journal) -> None:
        if journal.schema and journal.schema not in REVISIONS:
            raise SyncError(
                tr(
                    "Der Laptop „{name}“ verwendet eine neuere regiodesk-Version (Schema {schema}). "
                    "Bitte regiodesk aktualisieren; bis dahin wird nicht synchronisiert. Es wurde nichts "
                    "verändert.",
                    name=journal.device_name or journal.device_id[:8],
                    schema=journal.schema,
                )
            )

    def _apply(self, plan: list[tuple[int, Journal]], report: SyncReport) -> None:
        tables = _tables()
        with self.db.transaction() as session:
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
            journals = [journal for _seq, journal in plan]
            states = self._load_states(session, journals, tables)
            batch = _Batch()
            now = utcnow()
            run = _Run(states, tables, batch, report, now)
            for journal in journals:
                for entry in journal.entries:
                    self._apply_entry(run, journal, entry)
            before = session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
            self._write(session, batch, tables, now)
            me = self.db.device_id
            if any(journal.device_id == me for journal in journals):
                own = session.scalars(
                    select(ChangeLogEntry.seq).where(
                        ChangeLogEntry.device_id == me, ChangeLogEntry.seq > before
                    )
                )
                self._set_meta_json(session, OWN_RECEIVED, {"seqs": [*self._own_received(session), *own]})
            restored = self._undo_cascades(session, batch.undone, tables, now)
            self.follow_parents(session, [*states, *restored], now)
            devices = self._devices(session)
            for position, journal in plan:
                device = devices.get(journal.device_id)
                if device is None:
                    device = SyncDevice(
                        device_id=journal.device_id,
                        name="",
                        applied_seq=0,
                        max_hlc="",
                        written_seq=0,
                        log_seq=0,
                    )
                    session.add(device)
                    devices[journal.device_id] = device
                device.applied_seq = position
                device.max_hlc = max(device.max_hlc or "", journal.complete_hlc)
                if journal.device_name and journal.device_id != self.db.device_id:
                    device.name = journal.device_name
            newest = max((j.max_hlc for j in journals if j.max_hlc), default="")
            if newest:
                clock = self.db.recorder.clock(session)
                clock.receive(Timestamp.decode(newest), self.db.recorder.physical_ms())
            report.journals_applied = len(plan)

    def _load_states(self, session: Session, plan: list[Journal], tables) -> dict[tuple[str, str], _RowState]:
        wanted: dict[str, set[str]] = defaultdict(set)
        # the parents a child row of the plan gets (or keeps) by the plan's own entries
        named: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        by_child = defaultdict(list)
        for relation in cascade.relations():
            by_child[relation.child].append(relation)
        for journal in plan:
            for entry in journal.entries:
                if entry[0] in tables:
                    wanted[entry[0]].add(entry[1])
                    for relation in by_child.get(entry[0], ()):
                        if entry[3] == relation.column and isinstance(parent := decode_value(entry[5]), str):
                            named[(entry[0], entry[1])].add((relation.parent, parent))
        states: dict[tuple[str, str], _RowState] = {}
        self._load_rows(session, wanted, tables, states)
        # Parents of the plan's child rows, so that a new child counts as an edit of its parent.
        parents: dict[str, set[str]] = defaultdict(set)
        for key, found in named.items():
            states.setdefault(key, _RowState()).parents |= found
        for child, relations in by_child.items():
            ids = sorted(wanted.get(child, ()))
            table = tables[child]
            for start in range(0, len(ids), 500):
                columns = [table.c[r.column] for r in relations]
                chunk = ids[start : start + 500]
                for row in session.execute(select(table.c.id, *columns).where(table.c.id.in_(chunk))):
                    for relation, parent in zip(relations, row[1:], strict=True):
                        if parent is not None:
                            states[(child, row[0])].parents.add((relation.parent, parent))
        for key in list(states):
            for parent_table, parent_id in states[key].parents:
                if (parent_table, parent_id) not in states:
                    parents[parent_table].add(parent_id)
        self._load_rows(session, parents, tables, states)
        # How recently each parent's children were changed (an edit of the parent).
        for relation in cascade.relations():
            ids = sorted(row_id for (t, row_id) in states if t == relation.parent)
            child = tables[relation.child]
            for start in range(0, len(ids), 500):
                rows = session.execute(
                    select(child.c[relation.column], func.max(ChangeLogEntry.hlc))
                    .join(child, child.c.id == ChangeLogEntry.row_id)
                    .where(
                        ChangeLogEntry.table_name == relation.child,
                        ChangeLogEntry.field != "deleted_at",
                        child.c[relation.column].in_(ids[start : start + 500]),
                    )
                    .group_by(child.c[relation.column])
                )
                for parent_id, newest in rows:
                    state = states[(relation.parent, parent_id)]
                    state.child_modified = max(state.child_modified, newest or "")
        return states

    @staticmethod
    def _load_rows(session: Session, wanted: dict[str, set[str]], tables, states) -> None:
        for table_name, ids in wanted.items():
            table = tables[table_name]
            id_list = sorted(ids)
            for start in range(0, len(id_list), 500):
                chunk = id_list[start : start + 500]
                for row_id, deleted_at in session.execute(
                    select(table.c.id, table.c.deleted_at).where(table.c.id.in_(chunk))
                ):
                    states[(table_name, row_id)] = _RowState(exists=True, deleted=deleted_at is not None)
                for row_id, logged, device, hlc, logged_value in session.execute(
                    select(
                        ChangeLogEntry.row_id,
                        ChangeLogEntry.field,
                        ChangeLogEntry.device_id,
                        ChangeLogEntry.hlc,
                        ChangeLogEntry.new_value,
                    ).where(ChangeLogEntry.table_name == table_name, ChangeLogEntry.row_id.in_(chunk))
                ):
                    state = states.setdefault((table_name, row_id), _RowState())
                    for fname, value in expand(logged, logged_value):
                        state.seen.add((device, hlc, fname))
                        version = Version(hlc, device, value)
                        if fname == DELETED_AT and value is not None:
                            state.deletions.append(version)
                        current = state.winners.get(fname)
                        if current is None or hlc > current.hlc:
                            state.winners[fname] = version
                    if hlc > state.modified:
                        state.modified = hlc

    def _apply_entry(self, run: _Run, journal: Journal, entry: list[Any]) -> None:
        """Decide one journal entry by the merge rule (domain.merge) and collect its writes."""
        table_name, row_id, operation, fname, old, new, hlc, changed_at = entry
        origin = journal.device_id
        state = run.states.setdefault((table_name, row_id), _RowState())
        incoming = Version(hlc, origin, new)
        if state.delivered(fname, incoming):
            return  # delivered before (a copy of a journal, or our own change coming back)
        run.batch.log.append((table_name, row_id, operation, fname, old, new, origin, hlc, changed_at))
        run.report.received += 1
        table = run.tables.get(table_name)
        if table is None or fname not in table.c or (not state.exists and operation != "insert"):
            # kept in the log: this version has no place for it, or it changes a row never seen
            state.seen.add((origin, hlc, fname))
            return
        key = (table_name, row_id)
        if not state.exists:
            moment = datetime.fromisoformat(changed_at)
            run.batch.inserts[key] = {"id": row_id, "created_at": moment, "modified_at": moment}
            state.exists = True
        decision = merge.decide(state, fname, incoming, journal.vector)
        state.record(fname, incoming, decision)
        if decision.apply:
            self._set(run.batch, key, table.c[fname], new)
        self._follow(run, key, decision, listed=False)
        if fname != DELETED_AT and cascade.child_columns(table_name):
            self._edit_of_parents(run, journal, entry, state, listed=decision.restores)

    def _follow(self, run: _Run, key: tuple[str, str], decision: Decision, listed: bool) -> None:
        """The writes and the listing a decision asks for besides the incoming value itself.

        A row brought back by an edit comes back with the rows deleted with it by every deletion
        that edit did not know of (two laptops may have deleted it, each with the rows it knew).
        """
        if decision.restores:
            self._set(run.batch, key, run.tables[key[0]].c.deleted_at, None)
        run.batch.undone.update((d.device, d.hlc, d.value) for d in decision.undone)
        if listed:
            return
        for conflict in decision.conflicts:
            run.batch.conflicts.append(_conflict(key, conflict, run.now))
            run.report.conflicts += 1
            if conflict.kind == "restored":
                run.report.restored += 1

    def _edit_of_parents(
        self, run: _Run, journal: Journal, entry: list[Any], state: _RowState, listed: bool
    ) -> None:
        """A new or changed child row is an edit of the record it would be deleted with.

        Made after a deletion its writer did not know of, it brings the parent back (and the
        rows deleted with it), listed like any edit that undoes a deletion; a child brought back
        with its parent (``listed``) is listed once. Made before, the deletion wins; the child is
        then deleted with its parent after the batch is written (:meth:`follow_parents`).
        """
        table_name, _row, _operation, fname, _old, new, hlc, _changed = entry
        origin = journal.device_id
        for relation in cascade.relations():
            if relation.child == table_name and fname == relation.column and isinstance(new, str):
                parent = decode_value(new)
                if isinstance(parent, str):
                    state.parents.add((relation.parent, parent))
        for parent_key in sorted(state.parents):
            parent = run.states.get(parent_key)
            if parent is None:
                continue
            decision = merge.decide_child_edit(parent, hlc, origin, journal.vector)
            parent.record_child(hlc, decision)
            self._follow(run, parent_key, decision, listed)

    @staticmethod
    def _undo_cascades(
        session: Session, undone: set[tuple[str, str, str | None]], tables, now: datetime
    ) -> set[tuple[str, str]]:
        """A deletion that did not take effect takes the rows deleted with it along: the e-mails of a
        contact brought back by an edit come back with it. Rows deleted with a record carry the same
        deletion time from the same device, stamped within the same transaction (a minute at most).
        Returns the rows brought back."""
        restored: set[tuple[str, str]] = set()
        for device, hlc, value in sorted(undone, key=lambda u: (u[0], u[1], u[2] or "")):
            wall = Timestamp.decode(hlc).wall_ms
            group = session.execute(
                select(ChangeLogEntry.table_name, ChangeLogEntry.row_id, ChangeLogEntry.hlc).where(
                    ChangeLogEntry.hlc >= f"{wall - 60_000:015d}",
                    ChangeLogEntry.hlc < f"{wall + 60_001:015d}",
                    ChangeLogEntry.device_id == device,
                    ChangeLogEntry.field == "deleted_at",
                    ChangeLogEntry.new_value == value,
                )
            ).all()
            for table_name, row_id, row_hlc in group:
                latest = session.execute(
                    select(ChangeLogEntry.device_id, ChangeLogEntry.hlc)
                    .where(
                        ChangeLogEntry.table_name == table_name,
                        ChangeLogEntry.row_id == row_id,
                        ChangeLogEntry.field == "deleted_at",
                    )
                    .order_by(ChangeLogEntry.hlc.desc())
                    .limit(1)
                ).first()
                if table_name in tables and latest is not None and tuple(latest) == (device, row_hlc):
                    table = tables[table_name]
                    session.execute(
                        table.update()
                        .where(table.c.id == row_id, table.c.deleted_at.is_not(None))
                        .values(deleted_at=None, modified_at=now)
                    )
                    restored.add((table_name, row_id))
        return restored

    @staticmethod
    def follow_parents(session: Session, parents: Iterable[tuple[str, str]], now: datetime) -> None:
        """Child rows of ``parents`` (sync.cascade) share their parent's deletion.

        A child the deleting laptop did not know of (added concurrently, before the deletion) is
        deleted with its parent; when the parent comes back, such a child comes back with it. A
        child deleted by its own change (its change log says so) stays deleted. These states
        follow from the change log alone, so every laptop reaches the same.
        """
        wanted: dict[str, set[str]] = defaultdict(set)
        for table_name, row_id in parents:
            wanted[table_name].add(row_id)
        tables = _tables()
        for relation in cascade.relations():
            ids = sorted(wanted.get(relation.parent, ()))
            child = tables[relation.child]
            parent = tables[relation.parent].alias("parent")
            link = child.c[relation.column]
            own_deletion = (
                select(ChangeLogEntry.new_value)
                .where(
                    ChangeLogEntry.table_name == relation.child,
                    ChangeLogEntry.row_id == child.c.id,
                    ChangeLogEntry.field == "deleted_at",
                )
                .order_by(ChangeLogEntry.hlc.desc())
                .limit(1)
                .scalar_subquery()
            )
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                session.execute(
                    child.update()
                    .where(
                        link.in_(chunk),
                        child.c.deleted_at.is_(None),
                        exists().where(parent.c.id == link, parent.c.deleted_at.is_not(None)),
                    )
                    .values(
                        deleted_at=select(parent.c.deleted_at).where(parent.c.id == link).scalar_subquery(),
                        modified_at=now,
                    )
                )
                session.execute(
                    child.update()
                    .where(
                        link.in_(chunk),
                        child.c.deleted_at.is_not(None),
                        exists().where(parent.c.id == link, parent.c.deleted_at.is_(None)),
                        own_deletion.is_(None),
                    )
                    .values(deleted_at=None, modified_at=now)
                )

    @staticmethod
    def _set(batch: _Batch, key: tuple[str, str], column, json_value: str | None) -> None:
        value = column_value(column, decode_value(json_value))
        if key in batch.inserts:
            batch.inserts[key][column.key] = value
        else:
            batch.updates[key][column.key] = value

    def _write(self, session: Session, batch: _Batch, tables, now: datetime) -> None:
        order = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}
        grouped: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = defaultdict(list)
        for (table_name, _row), values in batch.inserts.items():
            grouped[(table_name, frozenset(values))].append(values)
        for (table_name, _keys), rows in sorted(grouped.items(), key=lambda item: order[item[0][0]]):
            session.execute(tables[table_name].insert(), rows)
        updates: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = defaultdict(list)
        for (table_name, row_id), values in batch.updates.items():
            if not values:
                continue
            params = {f"v_{k}": v for k, v in values.items()}
            params["v_modified_at"] = now
            params["b_id"] = row_id
            updates[(table_name, frozenset(values))].append(params)
        for (table_name, keys), rows in updates.items():
            table = tables[table_name]
            statement = (
                table.update()
                .where(table.c.id == bindparam("b_id"))
                .values({k: bindparam(f"v_{k}") for k in [*keys, "modified_at"]})
            )
            session.execute(statement, rows)
        if batch.log:
            session.execute(
                ChangeLogEntry.__table__.insert(),
                [
                    {
                        "table_name": t,
                        "row_id": r,
                        "operation": op,
                        "field": f,
                        "old_value": old,
                        "new_value": new,
                        "device_id": device,
                        "hlc": hlc,
                        "changed_at": datetime.fromisoformat(at),
                    }
                    for t, r, op, f, old, new, device, hlc, at in batch.log
                ],
            )
        if batch.conflicts:
            session.execute(SyncConflict.__table__.insert(), batch.conflicts)

    # -------------------------------------------------------------------------------- snapshots

    def _snapshot_due(self, folder: Path) -> bool:
        existing = files.snapshots(folder)
        if not existing:
            return True
        newest_ms = int(existing[0].path.name.split("_", 1)[0])
        return time.time() * 1000 - newest_ms > SNAPSHOT_AGE_DAYS * 86_400_000

    def write_snapshot(self, folder: Path) -> Path:
        """The whole database for a laptop that joins, with what it contains (VACUUM INTO)."""
        from regiodesk.db.custody import handover

        me = self.db.device_id
        stamp = int(time.time() * 1000)
        data, manifest_path = files.snapshot_paths(folder, stamp, me)
        data.parent.mkdir(parents=True, exist_ok=True)
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

    # -------------------------------------------------------------------------------- conflicts

    def conflicts(self, open_only: bool = True) -> list[ConflictView]:
        models = _models()
        with self.db.session() as session:
            stmt = select(SyncConflict).order_by(SyncConflict.id.desc())
            if open_only:
                stmt = stmt.where(SyncConflict.decided_at.is_(None))
            names = {d.device_id: d.name for d in session.scalars(select(SyncDevice))}
            result = []
            for c in session.scalars(stmt):
                model = models.get(c.table_name)
                record = session.get(model, c.row_id) if model is not None else None
                label = model.label if model is not None else c.table_name
                record_label = f"{label} „{record.display_name()}“" if record is not None else label
                result.append(
                    ConflictView(
                        id=c.id,
                        table_name=c.table_name,
                        row_id=c.row_id,
                        record_label=record_label,
                        field=c.field,
                        field_label=field_label(c.table_name, c.field),
                        kind=c.kind,
                        local_value=self._display(model, c, "local"),
                        other_value=self._display(model, c, "other"),
                        winner=c.winner,
                        hlc=c.other_hlc,
                        other_device=names.get(c.other_device) or c.other_device[:8],
                        detected_at=c.detected_at,
                        decided=c.decided_at is not None,
                    )
                )
            return result

    @staticmethod
    def _display(model, conflict: SyncConflict, side: str) -> str:
        if conflict.kind == "restored":
            return tr("gelöscht") if side == "local" else tr("bearbeitet, daher zurück")
        if conflict.kind == "delete_ignored":
            return tr("danach bearbeitet") if side == "local" else tr("gelöscht")
        raw = conflict.local_value if side == "local" else conflict.other_value
        value = decode_value(raw)
        if conflict.field == "deleted_at":
            return tr("gelöscht") if value is not None else tr("vorhanden")
        return display_value(model, conflict.field, value)

    def choose(self, conflict_id: int, side: str) -> None:
        """Make ``side``'s value ("local" or "other") the valid one: a new change, sent next time."""
        if side not in ("local", "other"):
            raise ValueError(side)
        models = _models()
        with self.db.transaction() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise SyncError(tr("Diesen Konflikt gibt es nicht mehr."))
            model = models.get(conflict.table_name)
            record = session.get(model, conflict.row_id) if model is not None else None
            if record is None:
                raise SyncError(tr("Der Eintrag dieses Konflikts ist nicht mehr vorhanden."))
            if conflict.kind == "restored":
                deleted = side == "local"
            elif conflict.kind == "delete_ignored":
                deleted = side == "other"
            else:
                deleted = None
            if deleted is not None:
                record.deleted_at = utcnow() if deleted else None
                if not deleted:  # back with the rows its deletions took, as where this arrives
                    session.flush()
                    self._undo_cascades(session, self._deletions(session, conflict), _tables(), utcnow())
            else:
                raw = conflict.local_value if side == "local" else conflict.other_value
                column = model.__table__.c[conflict.field]
                value = column_value(column, decode_value(raw))
                if conflict.field == "deleted_at":
                    value = utcnow() if value is not None else None
                if getattr(record, conflict.field) != value:
                    setattr(record, conflict.field, value)
            session.flush()
            # the rows deleted with the record follow it as they do on the laptops that receive this
            self.follow_parents(session, [(conflict.table_name, conflict.row_id)], utcnow())
            conflict.winner = side
            conflict.decided_at = utcnow()

    @staticmethod
    def _deletions(session: Session, conflict: SyncConflict) -> set[tuple[str, str, str | None]]:
        return {
            (device, hlc, value)
            for device, hlc, value in session.execute(
                select(ChangeLogEntry.device_id, ChangeLogEntry.hlc, ChangeLogEntry.new_value).where(
                    ChangeLogEntry.table_name == conflict.table_name,
                    ChangeLogEntry.row_id == conflict.row_id,
                    ChangeLogEntry.field == "deleted_at",
                    ChangeLogEntry.new_value.is_not(None),
                )
            )
        }

    def mark_decided(self, conflict_id: int) -> None:
        with self.db.transaction() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise SyncError(tr("Diesen Konflikt gibt es nicht mehr."))
            conflict.decided_at = conflict.decided_at or utcnow()


def _fitting(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first ``rows`` (in seq order) whose journal entries stay within MAX_ENTRIES.

    Journals carry one entry per field, so an insert's row entry (changelog.ROW) becomes one
    entry per field; each row gets them as ``row["fields"]``. A row whose fields alone are more
    than MAX_ENTRIES goes into a file of its own, whole.
    """
    fitting, total = [], 0
    for row in rows:
        row["fields"] = expand(row["field"], row["new_value"])
        total += len(row["fields"])
        if total > MAX_ENTRIES and fitting:
            break
        fitting.append(row)
    return fitting


def _conflict(key: tuple[str, str], conflict: Conflict, now: datetime) -> dict[str, Any]:
    """A ``sync_conflict`` row for ``conflict`` of the row ``key``."""
    return {
        "table_name": key[0],
        "row_id": key[1],
        "field": conflict.field,
        "kind": conflict.kind,
        "local_value": conflict.local.value,
        "other_value": conflict.other.value,
        "local_hlc": conflict.local.hlc,
        "other_hlc": conflict.other.hlc,
        "other_device": conflict.other.device,
        "winner": conflict.winner,
        "detected_at": now,
        "decided_at": None,
    }


def _services() -> Iterable[type]:
    import importlib
    import pkgutil

    import regiodesk.services as package
    from regiodesk.services.records import RecordService

    for module in pkgutil.iter_modules(package.__path__):
        if not module.ispkg:
            importlib.import_module(f"regiodesk.services.{module.name}")
    stack = list(RecordService.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        yield cls


def _field_of(table_name: str, name: str):
    for service in _services():
        model = getattr(service, "model", None)
        if getattr(model, "__tablename__", None) != table_name:
            continue
        for declared in getattr(service, "fields", ()):
            if declared.name == name:
                return declared
    return None


def field_label(table_name: str, name: str) -> str:
    from regiodesk.services.fields import COLUMN_LABELS

    declared = _field_of(table_name, name)
    if declared is not None:
        return tr(declared.label)
    if name == "deleted_at":
        return tr("Löschung")
    return tr(COLUMN_LABELS.get(name, name))


def display_value(model, name: str, value: Any) -> str:
    from regiodesk.i18n import format_cents, format_percent_bp
    from regiodesk.services.fields import Kind

    if value is None or value == "":
        return tr("(leer)")
    declared = _field_of(model.__tablename__, name) if model is not None else None
    kind = declared.kind if declared is not None else None
    if isinstance(value, bool) or kind is Kind.BOOL:
        return tr("ja") if value else tr("nein")
    if kind is Kind.MONEY and isinstance(value, int):
        return format_cents(value)
    if kind is Kind.PERCENT and isinstance(value, int):
        return format_percent_bp(value)
    if kind is Kind.CHOICE and declared is not None and declared.choices is not None:
        try:
            return str(declared.choices(value).label)
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, str) and kind in (Kind.DATE, Kind.DATETIME):
        try:
            if kind is Kind.DATE:
                return format_date(date.fromisoformat(value))
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    text_value = str(value)
    return text_value if len(text_value) <= 120 else text_value[:119] + "…"
