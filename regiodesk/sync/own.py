"""This device's own journals in the shared folder: written again when damaged, and a new device id
when another installation writes under this one's (a copied installation, a cloned disk image).

A mixin of :class:`regiodesk.sync.engine.SyncService`; what it keeps lives in ``sync_meta``.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from regiodesk.db.changelog import expand
from regiodesk.db.models import ChangeLogEntry, SyncDevice, SyncMeta
from regiodesk.db.schema import HEAD
from regiodesk.i18n import tr
from regiodesk.sync import folder as files
from regiodesk.sync.entries import LOG_COLUMNS, BadEntry, checked_entries
from regiodesk.sync.folder import IncompleteFile, Journal

if TYPE_CHECKING:
    from regiodesk.db.database import Database
    from regiodesk.sync.incoming import Incoming
    from regiodesk.sync.report import SyncReport

#: What a database keeps of its own journals (sync_meta keys): its writer mark, their checksums,
#: which were checked, which were written again. A joined or renamed laptop starts without them.
OWN_JOURNAL_KEYS = (
    "writer",
    "own_journals_sha",
    "own_journals_checked",
    "own_journals_reissued",
    "own_received",
)
#: old device id -> the new one this database took when another installation wrote under the old
RENAMED = "renamed"
#: change_log.seq of own changes read back from own journals (a restored backup): never sent again
OWN_RECEIVED = "own_received"


class OwnJournals:
    db: Database

    if TYPE_CHECKING:  # provided by the SyncService (sync.engine)

        def dataset_id(self, session: Session) -> str: ...
        def _devices(self, session: Session) -> dict[str, SyncDevice]: ...

    def _own_received(self, session: Session) -> list[int]:
        """change_log.seq of this device's own changes applied from its journals in the folder."""
        seqs = self._meta_json(session, OWN_RECEIVED).get("seqs", [])
        return [n for n in seqs if isinstance(n, int)]

    def _meta_json(self, session: Session, key: str) -> dict[str, Any]:
        row = session.get(SyncMeta, key)
        try:
            value = json.loads(row.value) if row is not None else {}
        except ValueError:
            value = {}
        return value if isinstance(value, dict) else {}

    @staticmethod
    def _set_meta_json(session: Session, key: str, value: dict[str, Any]) -> None:
        row = session.get(SyncMeta, key)
        text_value = json.dumps(value, sort_keys=True)
        if row is None:
            session.add(SyncMeta(key=key, value=text_value))
        else:
            row.value = text_value

    def _writer(self, session: Session) -> str:
        """This database's random mark in its journals (new for a joined laptop and a new id)."""
        row = session.get(SyncMeta, "writer")
        if row is None:
            row = SyncMeta(key="writer", value=uuid.uuid4().hex)
            session.add(row)
        return row.value

    def _remember_own(self, session: Session, journal: Journal) -> None:
        written = self._meta_json(session, "own_journals_sha")
        written[str(journal.seq)] = journal.sha256
        self._set_meta_json(session, "own_journals_sha", written)

    def _own_folder(self, folder: Path, incoming: Incoming, report: SyncReport) -> bool:
        """Check this device's own journals in the folder; True if this laptop took a new id.

        * Another installation writes under this device's id (a copied installation or a cloned
          disk image): a journal under its id written by another database, or a number it wrote
          holding another file (the cloud client renamed one of two colliding files, which is then
          never read). This laptop takes a new id and sends what may be lost under it.
        * An own journal damaged for good is written again under a new number (``reissues``):
          journals are write-once, and the new one takes the damaged one's place in the order.

        A journal checked once is checked again only when its size or time changes.
        """
        me = self.db.device_id
        numbers = incoming.journals.get(me, {})
        if not numbers:
            return False
        with self.db.transaction() as session:
            devices = self._devices(session)
            mine = devices[me]
            writer = self._writer(session)
            written = self._meta_json(session, "own_journals_sha")
            checked = self._meta_json(session, "own_journals_checked")
            reissued = self._meta_json(session, "own_journals_reissued")
            foreign = [
                seq
                for (device_id, seq), journal in incoming.loaded.items()
                if device_id == me and seq > mine.written_seq and journal.writer not in ("", writer)
            ]
            lost: list[int] = []
            damaged: list[int] = []
            for seq in sorted(n for n in numbers if n <= mine.written_seq and str(n) not in reissued):
                path = numbers[seq]
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if checked.get(str(seq)) == [stat.st_size, stat.st_mtime_ns]:
                    continue
                journal = self._own_journal(path, seq)
                if journal is None:
                    if files.settled(path, stat):
                        damaged.append(seq)
                elif written.get(str(seq), journal.sha256) != journal.sha256:
                    lost.append(seq)  # not the file this database wrote under this number
                elif journal.writer not in ("", writer):
                    foreign.append(seq)  # e.g. the laptop this database was copied from
                else:
                    checked[str(seq)] = [stat.st_size, stat.st_mtime_ns]
            if not (foreign or lost):
                for seq in damaged:
                    # a damaged journal written again is written again for all it stood for
                    replaced = sorted({int(n) for n, m in reissued.items() if m == seq} | {seq})
                    new_seq = self._write_reissue(folder, session, mine, numbers, replaced, report)
                    if new_seq is not None:
                        reissued.update((str(n), new_seq) for n in replaced)
                        report.notices.append(
                            tr(
                                "Die eigene Änderungsdatei Nr. {seq} im gemeinsamen Ordner war beschädigt; "
                                "ihre Änderungen wurden als Nr. {new} neu geschrieben.",
                                seq=seq,
                                new=new_seq,
                            )
                        )
                self._set_meta_json(session, "own_journals_checked", checked)
                self._set_meta_json(session, "own_journals_reissued", reissued)
                return False
            new_id = self._take_new_id(session, devices, numbers, min(lost, default=None))
        self._go_on_as(new_id)
        report.notices.append(
            tr(
                "Ein zweiter Laptop schreibt unter derselben Gerätekennung in den gemeinsamen Ordner "
                "(eine kopierte Installation oder ein kopiertes Festplattenabbild). Damit nichts verloren "
                "geht, hat dieser Laptop eine neue Kennung erhalten ({id}) und sendet seine Änderungen "
                "unter ihr.",
                id=new_id[:8],
            )
        )
        return True

    def _take_new_id(
        self, session: Session, devices: dict[str, SyncDevice], numbers: dict[int, Path], lost: int | None
    ) -> str:
        """Give this database a new device id; its changes not safely in the folder go under it.

        The old id becomes another device: its journals from the first one this laptop did not
        write (or lost) on are applied here like any other laptop's. The new id is stored in the
        database first (``renamed``), so a laptop that dies before its settings are written goes
        on as the new id all the same (:meth:`_adopt_new_id`).
        """
        old = self.db.device_id
        mine = devices[old]
        new_id = str(uuid.uuid4())
        unsent = ChangeLogEntry.seq > mine.log_seq
        if lost is not None:
            before = self._readable_before(numbers, lost)
            low = before.max_hlc if before is not None else ""
            resend: ColumnElement[bool] = unsent | (ChangeLogEntry.hlc >= low)
            mine.applied_seq = before.seq if before is not None else 0
            mine.max_hlc = before.complete_hlc if before is not None else ""
        else:
            resend = unsent
        received = set(self._own_received(session))
        seqs = [
            n
            for n in session.scalars(
                select(ChangeLogEntry.seq).where(ChangeLogEntry.device_id == old, resend)
            )
            if n not in received
        ]
        self._move_entries(session, seqs, new_id)
        session.add(
            SyncDevice(device_id=new_id, name=mine.name, applied_seq=0, max_hlc="", written_seq=0, log_seq=0)
        )
        mine.written_seq = 0
        renamed = self._meta_json(session, RENAMED)
        renamed[old] = {"to": new_id, "seq": session.scalar(select(func.max(ChangeLogEntry.seq))) or 0}
        self._set_meta_json(session, RENAMED, renamed)
        for key in OWN_JOURNAL_KEYS:
            row = session.get(SyncMeta, key)
            if row is not None:
                session.delete(row)
        if self.db.is_server:  # every client of the server stamps as the new id from its next start
            from regiodesk.db.server import PARTICIPANT_ID

            participant = session.get(SyncMeta, PARTICIPANT_ID)
            if participant is not None:
                participant.value = new_id
        return new_id

    @staticmethod
    def _move_entries(session: Session, seqs: list[int], device_id: str) -> None:
        """Log entries ``seqs`` become ``device_id``'s (to be sent under it)."""
        for start in range(0, len(seqs), 500):
            session.execute(
                ChangeLogEntry.__table__.update()
                .where(ChangeLogEntry.seq.in_(seqs[start : start + 500]))
                .values(device_id=device_id)
            )

    def _go_on_as(self, new_id: str) -> None:
        """This database (and this installation, if it was the old id) writes as ``new_id`` from now."""
        from regiodesk.device import replace_id

        old = self.db.device_id
        self.db.device_id = new_id  # the recorder names the database's
        self.db.recorder._clock = None  # stamps carry the device: the next ones the new id
        replace_id(old, new_id)

    def _adopt_new_id(self) -> None:
        """Go on as the id this database took (:meth:`_take_new_id`) if opened under the old one
        (its settings were not written, or another program opened it), with the changes made under
        the old one since the last sync: those logged after the database last synced."""
        with self.db.transaction() as session:
            renamed = self._meta_json(session, RENAMED)
            old = self.db.device_id
            if self.db.is_server:
                # Every old id: the windows still open on the server write under the id they
                # started with, while this sync started under the new one (the database's).
                olds = [o for o in renamed if isinstance(renamed[o], dict) and _newest(renamed, o) == old]
            elif isinstance(renamed.get(old), dict):
                olds = [old]
            else:
                return
            new_id = _newest(renamed, old)
            for one in olds:
                since = int(renamed[one].get("seq", 0))
                seqs = list(
                    session.scalars(
                        select(ChangeLogEntry.seq).where(
                            ChangeLogEntry.device_id == one, ChangeLogEntry.seq > since
                        )
                    )
                )
                self._move_entries(session, seqs, new_id)
        if new_id != old:
            self._go_on_as(new_id)

    def _mark_synced(self) -> None:
        """Remember how far the log reached at the end of this sync, for :meth:`_adopt_new_id`:
        entries of an old id logged later were made here, not received."""
        with self.db.transaction() as session:
            renamed = self._meta_json(session, RENAMED)
            if not renamed:
                return
            last = session.scalar(select(func.max(ChangeLogEntry.seq))) or 0
            for value in renamed.values():
                if isinstance(value, dict):
                    value["seq"] = last
            self._set_meta_json(session, RENAMED, renamed)

    def _own_journal(self, path: Path, seq: int) -> Journal | None:
        """The own journal at ``path`` if it is sound, else None."""
        try:
            journal = files.read_journal(path)
            checked_entries(journal)
        except (IncompleteFile, files.BadJournal, BadEntry, OSError):
            return None
        return journal if journal.device_id == self.db.device_id and journal.seq == seq else None

    def _readable_before(self, numbers: dict[int, Path], seq: int) -> Journal | None:
        """The newest readable own journal numbered below ``seq`` (not one written again)."""
        return next(
            (j for n in range(seq - 1, 0, -1) if (j := self._readable(numbers.get(n))) is not None), None
        )

    def _readable(self, path: Path | None) -> Journal | None:
        """The journal at ``path`` if it is readable and in the order of sending (no re-issue,
        whose stamps belong to the place of the journal it stands for)."""
        if path is None:
            return None
        try:
            journal = files.read_journal(path)
        except (IncompleteFile, files.BadJournal, OSError):
            return None
        return None if journal.reissues else journal

    def _write_reissue(
        self, folder: Path, session: Session, mine: SyncDevice, numbers: dict[int, Path], replaced, report
    ) -> int | None:
        """The changes of the own journals ``replaced`` (the first one damaged, the others written
        again for it before and damaged too) again, from this database's change log.

        Which entries it held follows from its readable neighbours: from the newest stamp of the
        one before to the oldest of the one after (stamps at both edges are sent again; a laptop
        that has them already skips them). The knowledge vector claims only what this laptop had
        of the others below those stamps, which is all the changes can have been based on. Written
        even without entries (erased since): the others must not wait for it.
        """
        me = self.db.device_id
        seq = replaced[0]
        before = self._readable_before(numbers, seq)
        after = next(
            (
                j
                for n in range(seq + 1, mine.written_seq + 1)
                if (j := self._readable(numbers.get(n))) is not None and j.entries
            ),
            None,
        )
        low = before.max_hlc if before is not None else ""
        high = min(e[6] for e in after.entries) if after is not None else None
        stmt = select(*LOG_COLUMNS).where(
            ChangeLogEntry.device_id == me,
            ChangeLogEntry.hlc >= low,
            ChangeLogEntry.seq <= mine.log_seq,
        )
        if high is not None:
            stmt = stmt.where(ChangeLogEntry.hlc <= high)
        rows = sorted((r._asdict() for r in session.execute(stmt)), key=lambda r: (r["hlc"], r["seq"]))
        entries = [
            [
                r["table_name"],
                r["row_id"],
                r["operation"],
                name,
                r["old_value"],
                value,
                r["hlc"],
                r["changed_at"].isoformat(),
            ]
            for r in rows
            for name, value in expand(r["field"], r["new_value"])
        ]
        newest = max((e[6] for e in entries), default=low)
        bound = high if high is not None else newest
        # never more than this laptop claims to know of a device in its ordinary journals
        claimed = {d.device_id: d.max_hlc for d in session.scalars(select(SyncDevice)) if d.max_hlc}
        vector = {
            device: min(hlc, claimed[device])
            for device, hlc in session.execute(
                select(ChangeLogEntry.device_id, func.max(ChangeLogEntry.hlc))
                .where(ChangeLogEntry.device_id != me, ChangeLogEntry.hlc < bound)
                .group_by(ChangeLogEntry.device_id)
            )
            if device in claimed
        }
        complete = max((e[6] for e in entries if high is None or e[6] < high), default="")
        complete = max(complete, before.complete_hlc if before is not None else "")
        new_seq = max(mine.written_seq, files.highest_number(folder, me)) + 1
        from regiodesk.sync.devices import own_name

        name = own_name(self.db) or mine.name
        journal = Journal(
            me,
            new_seq,
            vector,
            entries,
            name,
            HEAD,
            self.dataset_id(session),
            complete_hlc=complete,
            reissues=tuple(replaced),
            writer=self._writer(session),
        )
        report.journals_written.append(files.write_journal(folder, journal))
        self._remember_own(session, journal)
        if mine.applied_seq == new_seq - 1:
            mine.applied_seq = new_seq
        mine.written_seq = new_seq
        return new_seq


def _newest(renamed: dict[str, Any], device_id: str) -> str:
    """The id ``device_id`` goes on as after every renaming recorded in ``renamed``."""
    while isinstance(renamed.get(device_id), dict):
        device_id = str(renamed[device_id]["to"])
    return device_id
