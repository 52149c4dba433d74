"""The other devices' journals: read from the folder, checked, and put in causal order for applying.

A journal is applied only after the same device's previous one, and only once this database
knows at least what the journal's writer knew. A missing or half-arrived file makes its device
wait; a damaged one is named, and its laptop writes its changes again (sync.own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from regiodesk.db.models import SyncDevice
from regiodesk.db.schema import REVISIONS
from regiodesk.i18n import tr
from regiodesk.sync import folder as files
from regiodesk.sync.entries import BadEntry, checked_entries
from regiodesk.sync.folder import IncompleteFile, Journal, SyncError
from regiodesk.sync.report import SyncReport

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from regiodesk.db.database import Database


@dataclass
class Incoming:
    """The other devices' journals found in the folder and not applied yet."""

    #: device -> {number: path} of every journal name in the folder
    journals: dict[str, dict[int, Path]]
    loaded: dict[tuple[str, int], Journal] = field(default_factory=dict)
    #: still arriving (or not this device's file): read again next time
    broken: set[tuple[str, int]] = field(default_factory=set)
    #: damaged or malformed for good: (device, seq) -> why, in German
    damaged: dict[tuple[str, int], str] = field(default_factory=dict)
    #: device -> its name as its journals state it
    names: dict[str, str] = field(default_factory=dict)


class IncomingJournals:
    """Reading and ordering the others' journals; a mixin of the SyncService."""

    db: Database

    if TYPE_CHECKING:  # provided by the SyncService (sync.engine, sync.apply)

        def _devices(self, session: Session) -> dict[str, SyncDevice]: ...
        def _apply(self, plan: list[tuple[int, Journal]], report: SyncReport) -> None: ...

    def _read_new(self, folder: Path, report: SyncReport) -> Incoming:
        """Every complete journal not applied yet, its entries checked.

        A file still arriving (changed lately) is left for later. One that is old and stable but
        fails its checksum, or is whole but holds what regiodesk never writes, is damaged: it is
        not applied (nothing of it), and its device waits until that laptop writes the changes
        again under a new number (see :meth:`_reissue_damaged`).
        """
        found = files.scan(folder)
        with self.db.session() as session:
            applied = {d.device_id: d.applied_seq for d in session.scalars(select(SyncDevice))}
        incoming = Incoming(found.journals)
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

    def _receive(self, incoming: Incoming, report: SyncReport) -> None:
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
        report.backup = self.db.backup_before("vor-sync")
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
