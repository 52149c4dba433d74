"""The office's own work: consultations (Beratungsgespräche) and events (Veranstaltungen).

Rules (each tested at its edges in ``tests/domain/test_activities.py``):

* **Follow-up of a consultation.** A consultation with a follow-up date (Wiedervorlage) is an
  open deadline until the follow-up is marked done. Like every deadline of the program it is met
  on its day and overdue from the day *after* it.
* **A consultation is about a project or a project idea.** An enquiry that never becomes a project
  still counts as a consultation (Musterleistungsbild: Projektentwicklung und Beratung); without a
  project it names the idea in words.
* **Participant numbers as funders ask them.** The total is the number counted at the event when
  the office recorded one (walk-ins who signed no list, a head count at a conference), else the
  participants whose attendance was recorded. Counts by gender and by age group are optional; a
  part never exceeds the total, and the parts of one breakdown together never exceed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regiodesk.domain.deadlines import Deadline, DeadlineKind

__all__ = [
    "AGE_GROUPS",
    "GENDERS",
    "ParticipantNumbers",
    "follow_up_deadline",
    "participant_number_problems",
    "participant_numbers",
]

#: Count fields of an event by gender, with their German labels.
GENDERS: tuple[tuple[str, str], ...] = (
    ("participants_female", "weiblich"),
    ("participants_male", "männlich"),
    ("participants_diverse", "divers"),
)
#: Count fields of an event by age group, with their German labels.
AGE_GROUPS: tuple[tuple[str, str], ...] = (
    ("participants_under_27", "unter 27 Jahre"),
    ("participants_over_64", "65 Jahre und älter"),
)


def follow_up_deadline(
    follow_up_on: date | None, done: bool, today: date, held_on: date, topic: str
) -> Deadline | None:
    """The open deadline of a consultation's follow-up, or None (no date, or done)."""
    if follow_up_on is None or done:
        return None
    text = f"Wiedervorlage am {follow_up_on:%d.%m.%Y} (Beratung vom {held_on:%d.%m.%Y}: {topic})"
    overdue = today > follow_up_on
    return Deadline(DeadlineKind.FOLLOW_UP, follow_up_on, overdue, f"Überfällig: {text}" if overdue else text)


@dataclass(frozen=True)
class ParticipantNumbers:
    """The numbers of one event as the annual report and the funders want them."""

    total: int
    #: the total is the head count the office entered (not the attendance list)
    counted: bool
    registered: int
    attended: int
    walk_ins: int
    #: field name -> count, only the counts that were recorded
    by_gender: dict[str, int]
    by_age: dict[str, int]


def participant_numbers(
    recorded_total: int | None,
    registered: int,
    attended: int,
    walk_ins: int,
    counts: dict[str, int | None],
) -> ParticipantNumbers:
    """Total = the recorded head count if there is one, else the recorded attendance."""
    total = recorded_total if recorded_total is not None else attended
    return ParticipantNumbers(
        total=total,
        counted=recorded_total is not None,
        registered=registered,
        attended=attended,
        walk_ins=walk_ins,
        by_gender={k: v for k, _ in GENDERS if (v := counts.get(k)) is not None},
        by_age={k: v for k, _ in AGE_GROUPS if (v := counts.get(k)) is not None},
    )


def participant_number_problems(recorded_total: int | None, counts: dict[str, int | None]) -> dict[str, str]:
    """Field name -> German message for counts that cannot be true of one event."""
    if recorded_total is None:
        return {}
    problems: dict[str, str] = {}
    for group in (GENDERS, AGE_GROUPS):
        given = [(name, label, counts.get(name)) for name, label in group]
        for name, label, value in given:
            if value is not None and value > recorded_total:
                problems[name] = (
                    f"„{label}“ ({value}) ist größer als die Teilnehmendenzahl insgesamt ({recorded_total})."
                )
        parts = sum(value for _, _, value in given if value is not None)
        last = next((name for name, _, value in reversed(given) if value is not None), None)
        if last is not None and last not in problems and parts > recorded_total:
            problems[last] = (
                f"Die Zahlen nach {'Geschlecht' if group is GENDERS else 'Altersgruppe'} ergeben "
                f"zusammen {parts}, mehr als die Teilnehmendenzahl insgesamt ({recorded_total})."
            )
    return problems
