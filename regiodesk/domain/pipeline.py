"""The status of a project and the moves between them (the project pipeline).

The regular path::

    Idee → in Beratung → LAG-Beschluss (ausgewählt | abgelehnt | zurückgestellt)
    ausgewählt → Antrag gestellt → bewilligt → in Umsetzung → abgeschlossen → Verwendungsnachweis geprüft

Besides:

* ``zurückgestellt`` goes back to ``in Beratung`` or to a new LAG decision (``ausgewählt``,
  ``abgelehnt`` or ``zurückgestellt`` once more, a renewed deferral with its own date).
* ``abgelehnt`` ends the project, unless it is revised: then it goes back to ``in Beratung``.
  That is its only move (a rejected project is neither withdrawn nor lapses: it is over already).
* ``zurückgezogen`` (withdrawal by the sponsor) and ``verfallen`` (lapse) are possible from every
  state that is neither final nor ``abgelehnt``.
* Final, with no move at all: ``Verwendungsnachweis geprüft``, ``zurückgezogen``, ``verfallen``.

There are no backward steps: a status set by mistake is a correction, not a transition. Staying in
the same status is always accepted (nothing changes).

Every transition is an event with a date (the day it happened). :data:`DATE_FIELD` names the project
field the date is written to, where there is one; the others are only recorded in the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

__all__ = [
    "CLOSED_STATES",
    "DATE_FIELD",
    "DATE_FIELD_LABEL",
    "DATE_ORDER",
    "FINAL_STATES",
    "TRANSITIONS",
    "ProjectStatus",
    "Transition",
    "allowed_next",
    "check_transition",
    "is_final",
    "transition",
]

_S = ProjectStatus

FINAL_STATES: frozenset[ProjectStatus] = frozenset({_S.PROOF_CHECKED, _S.WITHDRAWN, _S.LAPSED})
"""States without any move."""

CLOSED_STATES: frozenset[ProjectStatus] = FINAL_STATES | {_S.REJECTED}
"""States of projects that are no longer pursued (``abgelehnt`` can still be revised)."""

_END = (_S.WITHDRAWN, _S.LAPSED)

TRANSITIONS: Mapping[ProjectStatus, tuple[ProjectStatus, ...]] = MappingProxyType(
    {
        _S.IDEA: (_S.IN_CONSULTATION, *_END),
        _S.IN_CONSULTATION: (_S.SELECTED, _S.REJECTED, _S.DEFERRED, *_END),
        _S.SELECTED: (_S.APPLIED, *_END),
        _S.REJECTED: (_S.IN_CONSULTATION,),
        _S.DEFERRED: (_S.IN_CONSULTATION, _S.SELECTED, _S.REJECTED, _S.DEFERRED, *_END),
        _S.APPLIED: (_S.APPROVED, *_END),
        _S.APPROVED: (_S.IN_PROGRESS, *_END),
        _S.IN_PROGRESS: (_S.COMPLETED, *_END),
        _S.COMPLETED: (_S.PROOF_CHECKED, *_END),
        _S.PROOF_CHECKED: (),
        _S.WITHDRAWN: (),
        _S.LAPSED: (),
    }
)
"""Status → the statuses it may move to, in the order a menu offers them."""

DATE_FIELD: Mapping[ProjectStatus, str] = MappingProxyType(
    {
        _S.SELECTED: "lag_decision_on",
        _S.REJECTED: "lag_decision_on",
        _S.DEFERRED: "lag_decision_on",
        _S.APPLIED: "applied_on",
        _S.APPROVED: "approved_on",
        _S.IN_PROGRESS: "starts_on",
        _S.COMPLETED: "completed_on",
        _S.PROOF_CHECKED: "proof_of_use_on",
    }
)
"""Target status → project field that receives the date of the transition.

Moving to ``Idee``, ``in Beratung``, ``zurückgezogen`` or ``verfallen`` sets no field.
"""

DATE_FIELD_LABEL: Mapping[str, str] = MappingProxyType(
    {
        "lag_decision_on": "LAG-Beschluss",
        "applied_on": "Antragstellung",
        "approved_on": "Bewilligung",
        "starts_on": "Beginn der Umsetzung",
        "completed_on": "Abschluss",
        "proof_of_use_on": "Verwendungsnachweis",
    }
)
"""German names of the events behind the date fields, for messages."""

DATE_ORDER: tuple[str, ...] = (
    "lag_decision_on",
    "applied_on",
    "approved_on",
    "completed_on",
    "proof_of_use_on",
)
"""Date fields in the order the events must happen. ``starts_on`` is not in it: an early start
(vorzeitiger Maßnahmebeginn) may lie before the approval."""


def _status(value: ProjectStatus | str) -> ProjectStatus:
    try:
        return ProjectStatus(value)
    except ValueError:
        raise DomainError(tr("Unbekannter Projektstatus: „{value}“.", value=value)) from None


def allowed_next(status: ProjectStatus | str) -> tuple[ProjectStatus, ...]:
    """The statuses a project in ``status`` may move to (empty for a final state)."""
    return TRANSITIONS[_status(status)]


def is_final(status: ProjectStatus | str) -> bool:
    """Whether ``status`` allows no move at all."""
    return _status(status) in FINAL_STATES


def _names(states: tuple[ProjectStatus, ...]) -> str:
    quoted = [f"„{s.label}“" for s in states]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " oder " + quoted[-1]


def check_transition(current: ProjectStatus | str, target: ProjectStatus | str) -> None:
    """Raise :class:`DomainError` with a German message unless ``current`` may become ``target``.

    The same status is always accepted (nothing changes).
    """
    current, target = _status(current), _status(target)
    if current == target:
        return
    allowed = TRANSITIONS[current]
    if target in allowed:
        return
    start = f"Ein Projekt im Status „{current.label}“ kann nicht auf „{target.label}“ gesetzt werden"
    if not allowed:
        raise DomainError(
            tr(
                "{start}: „{current_label}“ ist ein Endstatus, der Status bleibt so.",
                start=start,
                current_label=current.label,
            )
        )
    raise DomainError(tr("{start}, nur auf {allowed}.", start=start, allowed=_names(allowed)))


@dataclass(frozen=True)
class Transition:
    """A checked status change: the new status, the day of the event and the field it sets."""

    current: ProjectStatus
    target: ProjectStatus
    on: date
    date_field: str | None
    """Project field that receives ``on`` (see :data:`DATE_FIELD`), ``None`` when none."""


def transition(
    current: ProjectStatus | str,
    target: ProjectStatus | str,
    on: date | None,
    dates: Mapping[str, date | None] | None = None,
    today: date | None = None,
) -> Transition:
    """Check a status change on day ``on`` and say which date field it sets.

    Raises :class:`DomainError` (German) when the move is not allowed (:func:`check_transition`), the
    date is missing, lies after ``today`` (when given) or before an earlier event of the project:
    ``dates`` holds the project's current date fields; a date set by the move must not lie before
    the dates of the events that precede it in :data:`DATE_ORDER`. Staying in the same status sets no
    date, except a renewed deferral (a new LAG decision).
    """
    current, target = _status(current), _status(target)
    check_transition(current, target)
    if on is None:
        raise DomainError(tr("Für „{target_label}“ fehlt das Datum.", target_label=target.label))
    if today is not None and on > today:
        raise DomainError(
            tr(
                "Das Datum für „{target_label}“ ({on:%d.%m.%Y}) liegt in der Zukunft; "
                "eingetragen wird der Tag, an dem es geschehen ist.",
                target_label=target.label,
                on=on,
            )
        )
    moves = current != target or target in TRANSITIONS[current]
    date_field = DATE_FIELD.get(target) if moves else None
    if date_field in DATE_ORDER and dates:
        for earlier in DATE_ORDER[: DATE_ORDER.index(date_field)]:
            day = dates.get(earlier)
            if day is not None and on < day:
                raise DomainError(
                    tr(
                        "Das Datum für „{target_label}“ ({on:%d.%m.%Y}) liegt vor dem Datum "
                        "„{earlier_label}“ ({day:%d.%m.%Y}).",
                        target_label=target.label,
                        on=on,
                        earlier_label=DATE_FIELD_LABEL[earlier],
                        day=day,
                    )
                )
    return Transition(current, target, on, date_field)
