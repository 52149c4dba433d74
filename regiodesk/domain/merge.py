"""The merge rule of sync (shared/DESIGN.md, "Sync through a shared folder"), without a database.

A *version* is a value with the hybrid-logical-clock stamp and the device of the change that
wrote it (stamps are :meth:`regiodesk.domain.hlc.Timestamp.encode` text, which sorts like the
clock). A change arrives with what its writer had *seen*: for every device the newest stamp of
that device's changes it had applied (its knowledge vector).

Rules, for one row and one incoming change of one field:

1. **Last writer wins.** The version with the newer stamp holds the field.
2. **Conflicts are concurrent changes.** The value held here was made without the other side
   knowing it when its stamp is newer than what the writer had seen of its device; when both
   values differ (for a deletion: one deletes, the other does not), the conflict is listed with
   both values, whoever wins.
3. **A deletion wins only over a record not modified after it** (KeePassXC's rule). A deletion
   older than the row's newest change (of any field, or of a child row deleted with it) is
   ignored and listed; a change made without knowledge of a deletion and newer than it brings
   the record back and is listed. A new or changed child row is such a change of its parent.
4. **Rows deleted with a record follow it**: a deletion that did not take effect (ignored, older
   than the record's return, or overridden by an edit) is *undone*, and the caller brings back
   the rows that deletion took along.

:func:`decide` is a pure function; :meth:`RowState.record` then moves the row's state past the
change. A change delivered twice is decided once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The tombstone column: a value deletes the row, ``None`` restores it.
DELETED_AT = "deleted_at"

#: Which side's value holds after a conflict.
LOCAL = "local"
OTHER = "other"


@dataclass(frozen=True)
class Version:
    """A field's value as one change wrote it."""

    hlc: str
    device: str
    value: str | None  # JSON text as in the change log; for ``deleted_at`` None means "not deleted"


@dataclass(frozen=True)
class Conflict:
    """A conflict to list: ``kind`` is "field", "delete_ignored" or "restored"."""

    kind: str
    field: str
    local: Version
    other: Version
    winner: str


@dataclass(frozen=True)
class Decision:
    """What to do with one incoming change."""

    #: Write the incoming value into its field.
    apply: bool = False
    #: The row's tombstone after the change: True deleted, False present, None unchanged.
    deleted: bool | None = None
    #: An edit brought a deleted row back: its ``deleted_at`` is cleared besides the field.
    restores: bool = False
    conflicts: tuple[Conflict, ...] = ()
    #: Deletions that did not take effect: the rows deleted with them come back.
    undone: tuple[Version, ...] = ()


@dataclass
class RowState:
    """What this side knows of a row: enough to decide the next change."""

    deleted: bool = False
    #: field -> the version holding it (the newest stamp seen)
    winners: dict[str, Version] = field(default_factory=dict)
    #: The newest stamp of any change of the row.
    modified: str = ""
    #: The newest stamp of a content change of a row deleted with this one (an edit of this row).
    child_modified: str = ""
    #: Every deletion of the row seen (``deleted_at`` set), oldest first as they arrived.
    deletions: list[Version] = field(default_factory=list)
    #: Every change of the row delivered here, as (device, stamp, field).
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def delivered(self, name: str, incoming: Version) -> bool:
        """``incoming`` reached this side before (a copy of a journal, or its own change coming back)."""
        return (incoming.device, incoming.hlc, name) in self.seen

    def record(self, name: str, incoming: Version, decision: Decision) -> None:
        """Move the state past ``incoming`` as :func:`decide` decided it."""
        self.seen.add((incoming.device, incoming.hlc, name))
        current = self.winners.get(name)
        if current is None or incoming.hlc > current.hlc:
            self.winners[name] = incoming
        if incoming.hlc > self.modified:
            self.modified = incoming.hlc
        if name == DELETED_AT and incoming.value is not None and incoming not in self.deletions:
            self.deletions.append(incoming)
        if decision.deleted is not None:
            self.deleted = decision.deleted

    def record_child(self, hlc: str, decision: Decision) -> None:
        """Move the state past a change at ``hlc`` of a child row, as :func:`decide_child_edit` decided it."""
        if hlc > self.child_modified:
            self.child_modified = hlc
        if decision.deleted is not None:
            self.deleted = decision.deleted


def unseen(version: Version, device: str, seen: Mapping[str, str]) -> bool:
    """``version`` was made by another device than ``device`` and unknown to it."""
    return version.device != device and version.hlc > seen.get(version.device, "")


def decide(row: RowState, name: str, incoming: Version, seen: Mapping[str, str]) -> Decision:
    """The decision for a change of field ``name`` of ``row`` whose writer had seen ``seen``.

    A change delivered before decides nothing (it was decided when it first arrived).
    """
    if row.delivered(name, incoming):
        return Decision()
    local = row.winners.get(name)
    newer = local is None or incoming.hlc > local.hlc
    concurrent = local is not None and unseen(local, incoming.device, seen)
    if name == DELETED_AT:
        return _decide_deletion(row, local, incoming, newer, concurrent)
    conflicts = []
    if concurrent and local is not None and local.value != incoming.value:
        conflicts.append(Conflict("field", name, local, incoming, OTHER if newer else LOCAL))
    back = overridden_deletion(row, incoming.hlc, incoming.device, seen)
    if back is None:
        return Decision(apply=newer, conflicts=tuple(conflicts))
    conflicts.append(_restored(back, incoming))
    return Decision(
        apply=newer,
        deleted=False,
        restores=True,
        conflicts=tuple(conflicts),
        undone=unknown_deletions(row, incoming.hlc, incoming.device, seen),
    )


def decide_child_edit(parent: RowState, hlc: str, device: str, seen: Mapping[str, str]) -> Decision:
    """A child row deleted with ``parent`` was changed at ``hlc`` by ``device``: an edit of the parent.

    Made after a deletion its writer had not seen, it brings the parent back (and the rows
    deleted with it). Made before, the deletion wins; the child follows its parent.
    """
    back = overridden_deletion(parent, hlc, device, seen)
    if back is None:
        return Decision()
    return Decision(
        deleted=False,
        restores=True,
        conflicts=(_restored(back, Version(hlc, device, None)),),
        undone=unknown_deletions(parent, hlc, device, seen),
    )


def overridden_deletion(row: RowState, hlc: str, device: str, seen: Mapping[str, str]) -> Version | None:
    """The deletion an edit at ``hlc`` by ``device`` overrides: newer than it, and unknown to it."""
    deletion = row.winners.get(DELETED_AT)
    if (
        row.deleted
        and deletion is not None
        and deletion.value is not None
        and hlc > deletion.hlc
        and unseen(deletion, device, seen)
    ):
        return deletion
    return None


def unknown_deletions(row: RowState, hlc: str, device: str, seen: Mapping[str, str]) -> tuple[Version, ...]:
    """Every deletion older than an edit at ``hlc`` that its writer had not seen (two laptops may
    have deleted the row, each with the rows it knew): an edit bringing the row back undoes them."""
    return tuple(d for d in row.deletions if d.hlc < hlc and unseen(d, device, seen))


def _restored(deletion: Version, edit: Version) -> Conflict:
    return Conflict("restored", DELETED_AT, deletion, Version(edit.hlc, edit.device, None), OTHER)


def _decide_deletion(
    row: RowState, local: Version | None, incoming: Version, newer: bool, concurrent: bool
) -> Decision:
    modified_after = max(row.modified, row.child_modified) > incoming.hlc
    if not newer:
        conflicts: tuple[Conflict, ...] = ()
        if concurrent and local is not None and (local.value is None) != (incoming.value is None):
            conflicts = (Conflict("field", DELETED_AT, local, incoming, LOCAL),)
        undone: tuple[Version, ...] = ()
        if incoming.value is not None and not row.deleted and modified_after:
            # an older deletion of a record that came back: its rows come back with it, as they
            # did where this deletion arrived before the record came back
            undone = (incoming,)
        return Decision(conflicts=conflicts, undone=undone)
    if incoming.value is None:  # restored on the other side: with the rows every older deletion took
        return Decision(
            apply=True, deleted=False, undone=tuple(d for d in row.deletions if d.hlc < incoming.hlc)
        )
    if modified_after:
        # Changed here (or elsewhere) after the other side deleted it, unknown to that side:
        # the record stays.
        ignored = Conflict("delete_ignored", DELETED_AT, Version(row.modified, "", None), incoming, LOCAL)
        return Decision(conflicts=(ignored,), undone=(incoming,))
    return Decision(apply=True, deleted=True)
