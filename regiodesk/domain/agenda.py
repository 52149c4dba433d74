"""Agenda numbering, meeting states and the notice period (Ladungsfrist)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from regiodesk.domain.enums import MeetingState
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import plural, tr


@dataclass(frozen=True)
class AgendaEntry:
    """An item in agenda order: its id and the id of its parent item (None: top level)."""

    id: str
    parent_id: str | None = None


def number_agenda(items: Sequence[AgendaEntry]) -> dict[str, str]:
    """Numbers in agenda order: top-level items 1, 2, 3; sub-items 2.1, 2.2 under their parent.

    ``items`` are in display order; a sub-item follows its parent. A sub-item whose parent is not
    in the list is numbered as a top-level item, so a broken link never hides an item.
    """
    numbers: dict[str, str] = {}
    top = 0
    children: dict[str, int] = {}
    for item in items:
        if item.parent_id is not None and item.parent_id in numbers:
            children[item.parent_id] = children.get(item.parent_id, 0) + 1
            numbers[item.id] = f"{numbers[item.parent_id]}.{children[item.parent_id]}"
        else:
            top += 1
            numbers[item.id] = str(top)
    return numbers


def flatten_agenda(items: Sequence[tuple[str, str | None, int]]) -> list[AgendaEntry]:
    """Display order from (id, parent_id, position): parents by position, each followed by its children."""
    ids = {item_id for item_id, _, _ in items}
    top = sorted((i for i in items if i[1] is None or i[1] not in ids), key=lambda i: (i[2], i[0]))
    by_parent: dict[str, list[tuple[str, str | None, int]]] = {}
    for item in items:
        if item[1] is not None and item[1] in ids:
            by_parent.setdefault(item[1], []).append(item)
    ordered: list[AgendaEntry] = []

    def visit(item: tuple[str, str | None, int], parent: str | None) -> None:
        ordered.append(AgendaEntry(item[0], parent))
        for child in sorted(by_parent.get(item[0], []), key=lambda i: (i[2], i[0])):
            visit(child, item[0])

    for item in top:
        visit(item, None)
    return ordered


#: state -> states it may move to. One step forward, or one step back to correct a mistake.
#: A meeting not yet held can be called off (abgesagt), and a cancellation taken back.
TRANSITIONS: dict[MeetingState, tuple[MeetingState, ...]] = {
    MeetingState.PLANNED: (MeetingState.INVITED, MeetingState.CANCELLED),
    MeetingState.INVITED: (MeetingState.HELD, MeetingState.PLANNED, MeetingState.CANCELLED),
    MeetingState.HELD: (MeetingState.MINUTES_APPROVED, MeetingState.INVITED),
    MeetingState.MINUTES_APPROVED: (MeetingState.HELD,),
    MeetingState.CANCELLED: (MeetingState.PLANNED, MeetingState.INVITED),
}


def check_transition(current: MeetingState | str, target: MeetingState | str) -> None:
    """Raise :class:`DomainError` with a German message unless ``current`` may become ``target``."""
    current, target = MeetingState(current), MeetingState(target)
    if current == target:
        return
    if target not in TRANSITIONS[current]:
        allowed = " oder ".join(f"„{s.label}“" for s in TRANSITIONS[current])
        raise DomainError(
            tr(
                "Eine Sitzung im Status „{current_label}“ kann nicht auf "
                "„{target_label}“ gesetzt werden, nur auf {allowed}.",
                current_label=current.label,
                target_label=target.label,
                allowed=allowed,
            )
        )


def latest_invitation_date(meeting_day: date, notice_days: int) -> date:
    """The last day the invitation may go out so that ``notice_days`` full days lie in between.

    Counted as the usual Geschäftsordnung reads: invitation sent on day X, meeting on day
    X + notice_days or later (7 days' notice: sent Monday 1st, meeting Monday 8th at the earliest).
    """
    return meeting_day - timedelta(days=notice_days)


def notice_warning(meeting_day: date, notice_days: int, sent_on: date | None) -> str:
    """A German warning when the invitation went (or would go) out too late, else ''."""
    if sent_on is None:
        return ""
    latest = latest_invitation_date(meeting_day, notice_days)
    if sent_on <= latest:
        return ""
    short = (sent_on - latest).days
    return (
        f"Die Ladungsfrist von {plural(notice_days, '{n} Tag', '{n} Tagen')} ist nicht eingehalten: "
        "Die Einladung ging am "
        f"{sent_on:%d.%m.%Y} hinaus, spätestens am {latest:%d.%m.%Y} hätte sie versandt werden müssen "
        f"({plural(short, '{n} Tag', '{n} Tage')} zu spät)."
    )
