"""Applying the other devices' journal entries to this database, by the merge rule (domain.merge).

The rule decides each entry (:func:`apply_entry`); this module loads what the rule needs to know
of the rows (their log, their tombstones, their parents and children), collects the writes the
decisions ask for in memory, and writes them with a few statements (:func:`write_batch`). Rows
deleted with a record follow it afterwards (:func:`undo_cascades`, :func:`follow_parents`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, Select, String, Table, exists, func, select, text
from sqlalchemy.orm import Session

from regiodesk import collector
from regiodesk.db.base import utcnow
from regiodesk.db.bulk import insert_log_entries, update_rows
from regiodesk.db.changelog import column_value, decode_value, expand
from regiodesk.db.dialect import defer_references
from regiodesk.db.models import ChangeLogEntry, SyncConflict, SyncDevice, all_tables
from regiodesk.domain import merge
from regiodesk.domain.hlc import Timestamp
from regiodesk.domain.merge import DELETED_AT, Conflict, Decision, RowState, Version
from regiodesk.sync import cascade
from regiodesk.sync.folder import Journal
from regiodesk.sync.own import OWN_RECEIVED
from regiodesk.sync.report import SyncReport

if TYPE_CHECKING:
    from regiodesk.db.database import Database


def tables_by_name() -> dict[str, Table]:
    """Every table by name."""
    return {t.name: t for t in all_tables()}


@dataclass
class _RowState(RowState):
    """What the merge rule knows of a row (from the log and this sync), and where the row stands here."""

    #: The row is in its table (or is inserted by this sync).
    exists: bool = False
    #: Parent rows whose deletion takes this row along (sync.cascade), as (table, id).
    parents: set[tuple[str, str]] = field(default_factory=set)


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


class Applying:
    """Applying planned journals in one transaction; a mixin of the SyncService."""

    db: Database

    if TYPE_CHECKING:  # provided by the SyncService (sync.engine, sync.own)

        def _devices(self, session: Session) -> dict[str, SyncDevice]: ...
        def _own_received(self, session: Session) -> list[int]: ...
        @staticmethod
        def _set_meta_json(session: Session, key: str, value: dict[str, Any]) -> None: ...

    def _apply(self, plan: list[tuple[int, Journal]], report: SyncReport) -> None:
        tables = tables_by_name()
        with collector.paused(), self.db.transaction() as session:  # a batch's many row states
            defer_references(session)
            journals = [journal for _seq, journal in plan]
            states = load_states(session, journals, tables)
            batch = _Batch()
            now = utcnow()
            run = _Run(states, tables, batch, report, now)
            for journal in journals:
                for entry in journal.entries:
                    apply_entry(run, journal, entry)
            before = session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
            write_batch(session, batch, tables, now)
            me = self.db.device_id
            if any(journal.device_id == me for journal in journals):
                own = session.scalars(
                    select(ChangeLogEntry.seq).where(
                        ChangeLogEntry.device_id == me, ChangeLogEntry.seq > before
                    )
                )
                self._set_meta_json(session, OWN_RECEIVED, {"seqs": [*self._own_received(session), *own]})
            restored = undo_cascades(session, batch.undone, tables, now)
            follow_parents(session, [*states, *restored], now)
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


def load_states(session: Session, plan: list[Journal], tables) -> dict[tuple[str, str], _RowState]:
    """The merge state of every row the plan changes, and of the parents of its child rows."""
    wanted: dict[str, set[str]] = defaultdict(set)
    # The merge rule asks a row's state only about the fields that arrive and its tombstone:
    # the log's other fields (an inserted contact's twenty) are not read out.
    asked: dict[str, set[str]] = defaultdict(lambda: {DELETED_AT})
    # rows the plan deletes (or restores): only the deletion rule asks how recently their
    # children were changed
    deleting: set[tuple[str, str]] = set()
    # the parents a child row of the plan gets (or keeps) by the plan's own entries
    named: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    by_child = defaultdict(list)
    for relation in cascade.relations():
        by_child[relation.child].append(relation)
    for journal in plan:
        for entry in journal.entries:
            if entry[0] in tables:
                wanted[entry[0]].add(entry[1])
                asked[entry[0]].add(entry[3])
                if entry[3] == DELETED_AT:
                    deleting.add((entry[0], entry[1]))
                for relation in by_child.get(entry[0], ()):
                    if entry[3] == relation.column and isinstance(parent := decode_value(entry[5]), str):
                        named[(entry[0], entry[1])].add((relation.parent, parent))
    states: dict[tuple[str, str], _RowState] = {}
    _load_rows(session, wanted, tables, states, asked)
    # Parents of the plan's child rows, so that a new child counts as an edit of its parent.
    parents: dict[str, set[str]] = defaultdict(set)
    for key, found in named.items():
        states.setdefault(key, _RowState()).parents |= found
    for child, relations in by_child.items():
        if not wanted.get(child):
            continue
        table = tables[child]
        columns = [table.c[r.column] for r in relations]
        for row in session.execute(select(table.c.id, *columns).where(table.c.id.in_(_keys_of(child)))):
            for relation, parent in zip(relations, row[1:], strict=True):
                if parent is not None:
                    states[(child, row[0])].parents.add((relation.parent, parent))
    for key in list(states):
        for parent_table, parent_id in states[key].parents:
            if (parent_table, parent_id) not in states:
                parents[parent_table].add(parent_id)
    _load_rows(session, parents, tables, states, asked)
    # How recently each parent's children were changed (an edit of the parent), for the rows
    # the plan deletes: the rule reads it nowhere else (merge._decide_deletion).
    parent_tables = {relation.parent for relation in cascade.relations()}
    present = _keep_keys(session, (key for key in deleting if key[0] in parent_tables and key in states))
    for relation in cascade.relations():
        if relation.parent not in present:
            continue
        child = tables[relation.child]
        rows = session.execute(
            select(child.c[relation.column], func.max(ChangeLogEntry.hlc))
            .join(child, child.c.id == ChangeLogEntry.row_id)
            .where(
                ChangeLogEntry.table_name == relation.child,
                ChangeLogEntry.field != "deleted_at",
                child.c[relation.column].in_(_keys_of(relation.parent)),
            )
            .group_by(child.c[relation.column])
        )
        for parent_id, newest in rows:
            state = states[(relation.parent, parent_id)]
            state.child_modified = max(state.child_modified, newest or "")
    return states


def _load_rows(
    session: Session, wanted: dict[str, set[str]], tables, states, asked: dict[str, set[str]]
) -> None:
    """The states of the rows ``wanted`` (table -> ids) from their table and their change log,
    as far as the fields ``asked`` (table -> names) go; the newest change counts every field.

    Leaves ``wanted`` in the key table (:func:`_keep_keys`).
    """
    _keep_keys(session, ((table_name, row_id) for table_name, ids in wanted.items() for row_id in ids))
    for table_name, ids in wanted.items():
        if not ids:
            continue
        table = tables[table_name]
        keys = _keys_of(table_name)
        fields = asked[table_name]
        for row_id, deleted_at in session.execute(
            select(table.c.id, table.c.deleted_at).where(table.c.id.in_(keys))
        ):
            states[(table_name, row_id)] = _RowState(exists=True, deleted=deleted_at is not None)
        # A row's entries in the order they were logged: the first of two with the same stamp
        # holds the field, and deletions are kept oldest first.
        for row_id, logged, device, hlc, logged_value in session.execute(
            select(
                ChangeLogEntry.row_id,
                ChangeLogEntry.field,
                ChangeLogEntry.device_id,
                ChangeLogEntry.hlc,
                ChangeLogEntry.new_value,
            )
            .where(ChangeLogEntry.table_name == table_name, ChangeLogEntry.row_id.in_(keys))
            .order_by(ChangeLogEntry.row_id, ChangeLogEntry.seq)
        ):
            state = states.setdefault((table_name, row_id), _RowState())
            for fname, value in expand(logged, logged_value, fields):
                state.seen.add((device, hlc, fname))
                version = Version(hlc, device, value)
                if fname == DELETED_AT and value is not None:
                    state.deletions.append(version)
                current = state.winners.get(fname)
                if current is None or hlc > current.hlc:
                    state.winners[fname] = version
            if hlc > state.modified:
                state.modified = hlc


#: The rows an application looks at, as (table, id): statements join this temporary table
#: instead of naming the ids in lists of 500 (5,000 changed contacts took 230 statements, each
#: with its list compiled anew, about half the time of applying them). Temporary: it lives in
#: this connection only, and the transaction that fills it drops it (:func:`_drop_keys`).
_KEYS = Table(
    "sync_apply_keys",
    MetaData(),
    Column("table_name", String(50), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    prefixes=["TEMPORARY"],
)


def _keep_keys(session: Session, keys: Iterable[tuple[str, str]]) -> set[str]:
    """Make ``keys`` (table, id) the content of the key table; returns the tables they are of."""
    session.execute(
        text(
            "CREATE TEMPORARY TABLE IF NOT EXISTS sync_apply_keys "
            "(table_name VARCHAR(50) NOT NULL, row_id VARCHAR(36) NOT NULL, PRIMARY KEY (table_name, row_id))"
        )
    )
    session.execute(_KEYS.delete())
    rows = [{"table_name": table_name, "row_id": row_id} for table_name, row_id in set(keys)]
    if rows:
        session.execute(_KEYS.insert(), rows)
    return {row["table_name"] for row in rows}


def _keys_of(table_name: str) -> Select:
    """The ids of ``table_name`` in the key table, for ``column.in_(…)``."""
    return select(_KEYS.c.row_id).where(_KEYS.c.table_name == table_name)


def _drop_keys(session: Session) -> None:
    session.execute(text("DROP TABLE IF EXISTS sync_apply_keys"))


def apply_entry(run: _Run, journal: Journal, entry: list[Any]) -> None:
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
        _set(run.batch, key, table.c[fname], new)
    _follow(run, key, decision, listed=False)
    if fname != DELETED_AT and cascade.child_columns(table_name):
        _edit_of_parents(run, journal, entry, state, listed=decision.restores)


def _follow(run: _Run, key: tuple[str, str], decision: Decision, listed: bool) -> None:
    """The writes and the listing a decision asks for besides the incoming value itself.

    A row brought back by an edit comes back with the rows deleted with it by every deletion
    that edit did not know of (two laptops may have deleted it, each with the rows it knew).
    """
    if decision.restores:
        _set(run.batch, key, run.tables[key[0]].c.deleted_at, None)
    run.batch.undone.update((d.device, d.hlc, d.value) for d in decision.undone)
    if listed:
        return
    for conflict in decision.conflicts:
        run.batch.conflicts.append(_conflict(key, conflict, run.now))
        run.report.conflicts += 1
        if conflict.kind == "restored":
            run.report.restored += 1


def _edit_of_parents(run: _Run, journal: Journal, entry: list[Any], state: _RowState, listed: bool) -> None:
    """A new or changed child row is an edit of the record it would be deleted with.

    Made after a deletion its writer did not know of, it brings the parent back (and the
    rows deleted with it), listed like any edit that undoes a deletion; a child brought back
    with its parent (``listed``) is listed once. Made before, the deletion wins; the child is
    then deleted with its parent after the batch is written (:func:`follow_parents`).
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
        _follow(run, parent_key, decision, listed)


def undo_cascades(
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


def follow_parents(session: Session, parents: Iterable[tuple[str, str]], now: datetime) -> None:
    """Child rows of ``parents`` (sync.cascade) share their parent's deletion.

    A child the deleting laptop did not know of (added concurrently, before the deletion) is
    deleted with its parent; when the parent comes back, such a child comes back with it. A
    child deleted by its own change (its change log says so) stays deleted. These states
    follow from the change log alone, so every laptop reaches the same.
    """
    parent_tables = {relation.parent for relation in cascade.relations()}
    present = _keep_keys(session, (key for key in parents if key[0] in parent_tables))
    tables = tables_by_name()
    # Children go with a deleted parent only: most syncs delete none of the rows they touch,
    # and one look per parent table spares a statement per child table.
    deleting = {
        name
        for name in present
        if session.execute(
            select(tables[name].c.id)
            .where(tables[name].c.id.in_(_keys_of(name)), tables[name].c.deleted_at.is_not(None))
            .limit(1)
        ).first()
    }
    for relation in cascade.relations():
        if relation.parent not in present:
            continue
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
        if relation.parent in deleting:
            session.execute(
                child.update()
                .where(
                    link.in_(_keys_of(relation.parent)),
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
                link.in_(_keys_of(relation.parent)),
                child.c.deleted_at.is_not(None),
                exists().where(parent.c.id == link, parent.c.deleted_at.is_(None)),
                own_deletion.is_(None),
            )
            .values(deleted_at=None, modified_at=now)
        )
    _drop_keys(session)


def _set(batch: _Batch, key: tuple[str, str], column, json_value: str | None) -> None:
    value = column_value(column, decode_value(json_value))
    if key in batch.inserts:
        batch.inserts[key][column.key] = value
    else:
        batch.updates[key][column.key] = value


def write_batch(session: Session, batch: _Batch, tables, now: datetime) -> None:
    """Every write of ``batch`` in a few statements: inserts and updates grouped by their columns."""
    connection = session.connection()  # Core statements: the ORM has nothing to add to them
    order = {t.name: n for n, t in enumerate(all_tables())}
    grouped: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = defaultdict(list)
    for (table_name, _row), values in batch.inserts.items():
        grouped[(table_name, frozenset(values))].append(values)
    for (table_name, _keys), rows in sorted(grouped.items(), key=lambda item: order[item[0][0]]):
        connection.execute(tables[table_name].insert(), rows)
    updates: dict[tuple[str, tuple[str, ...]], list[tuple]] = defaultdict(list)
    for (table_name, row_id), values in batch.updates.items():
        if not values:
            continue
        names = tuple(sorted(values))
        updates[(table_name, names)].append((*(values[name] for name in names), now, row_id))
    for (table_name, names), changed in updates.items():
        update_rows(session, tables[table_name], [*names, "modified_at"], changed)
    # One journal's entries share a few moments (one per transaction there): each parsed once.
    moments: dict[str, datetime] = {}
    entries = []
    for table_name, row_id, operation, fname, old, new, device, hlc, at in batch.log:
        moment = moments.get(at)
        if moment is None:
            moment = moments[at] = datetime.fromisoformat(at)
        entries.append((table_name, row_id, operation, fname, old, new, device, hlc, moment))
    insert_log_entries(session, entries)
    if batch.conflicts:
        connection.execute(SyncConflict.__table__.insert(), batch.conflicts)


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
