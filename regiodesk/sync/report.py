"""What one sync did, for the window, the CLI and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from regiodesk.i18n import plural, tr


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
            plural(self.sent, "{n} Änderung gesendet", "{n} Änderungen gesendet"),
            plural(self.received, "{n} Änderung empfangen", "{n} Änderungen empfangen"),
        ]
        if self.conflicts:
            parts.append(plural(self.conflicts, "{n} Konflikt", "{n} Konflikte"))
        if self.skipped_files:
            parts.append(
                plural(
                    len(self.skipped_files),
                    "{n} Datei noch unvollständig (später erneut)",
                    "{n} Dateien noch unvollständig (später erneut)",
                )
            )
        if self.waiting_for:
            parts.append(tr("wartet auf {names}", names=", ".join(self.waiting_for)))
        if self.initialized:
            parts.append(tr("gemeinsamer Ordner eingerichtet"))
        return " ".join([", ".join(parts), *self.notices])
