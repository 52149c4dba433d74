"""Project status transitions (the project pipeline)."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from regiodesk.db.models import Project
from regiodesk.domain.enums import ProjectStatus as S
from regiodesk.domain.errors import DomainError
from regiodesk.domain.pipeline import (
    CLOSED_STATES,
    DATE_FIELD,
    DATE_FIELD_LABEL,
    DATE_ORDER,
    FINAL_STATES,
    TRANSITIONS,
    Transition,
    allowed_next,
    check_transition,
    is_final,
    transition,
)

END = {S.WITHDRAWN, S.LAPSED}

#: Written out independently of the module: the moves the issue asks for.
EXPECTED: dict[S, set[S]] = {
    S.IDEA: {S.IN_CONSULTATION} | END,
    S.IN_CONSULTATION: {S.SELECTED, S.REJECTED, S.DEFERRED} | END,
    S.SELECTED: {S.APPLIED} | END,
    S.REJECTED: {S.IN_CONSULTATION},
    S.DEFERRED: {S.IN_CONSULTATION, S.SELECTED, S.REJECTED, S.DEFERRED} | END,
    S.APPLIED: {S.APPROVED} | END,
    S.APPROVED: {S.IN_PROGRESS} | END,
    S.IN_PROGRESS: {S.COMPLETED} | END,
    S.COMPLETED: {S.PROOF_CHECKED} | END,
    S.PROOF_CHECKED: set(),
    S.WITHDRAWN: set(),
    S.LAPSED: set(),
}

PAIRS = list(product(S, S))
ALLOWED = [(a, b) for a, b in PAIRS if b in EXPECTED[a]]
FORBIDDEN = [(a, b) for a, b in PAIRS if b not in EXPECTED[a] and a != b]


def test_every_status_has_an_entry():
    assert set(TRANSITIONS) == set(S) == set(EXPECTED)


@pytest.mark.parametrize("status", list(S))
def test_allowed_next(status):
    assert set(allowed_next(status)) == EXPECTED[status]
    assert len(allowed_next(status)) == len(EXPECTED[status])
    assert allowed_next(status.value) == allowed_next(status)


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_every_allowed_transition(current, target):
    check_transition(current, target)
    check_transition(current.value, target.value)


@pytest.mark.parametrize(("current", "target"), FORBIDDEN)
def test_every_forbidden_transition(current, target):
    with pytest.raises(DomainError) as info:
        check_transition(current, target)
    message = str(info.value)
    assert message.startswith(
        f"Ein Projekt im Status „{current.label}“ kann nicht auf „{target.label}“ gesetzt werden"
    )
    for allowed in EXPECTED[current]:
        assert f"„{allowed.label}“" in message


@pytest.mark.parametrize("status", list(S))
def test_staying_in_the_same_status_is_accepted(status):
    check_transition(status, status)


def test_message_lists_the_allowed_states_in_menu_order():
    with pytest.raises(DomainError) as info:
        check_transition(S.IDEA, S.APPROVED)
    assert str(info.value) == (
        "Ein Projekt im Status „Idee“ kann nicht auf „bewilligt“ gesetzt werden, "
        "nur auf „in Beratung“, „zurückgezogen“ oder „verfallen“."
    )


def test_message_with_a_single_allowed_state():
    with pytest.raises(DomainError) as info:
        check_transition(S.REJECTED, S.SELECTED)
    assert str(info.value) == (
        "Ein Projekt im Status „LAG-Beschluss: abgelehnt“ kann nicht auf „LAG-Beschluss: ausgewählt“ "
        "gesetzt werden, nur auf „in Beratung“."
    )


def test_message_for_a_final_state():
    with pytest.raises(DomainError) as info:
        check_transition(S.PROOF_CHECKED, S.COMPLETED)
    assert str(info.value) == (
        "Ein Projekt im Status „Verwendungsnachweis geprüft“ kann nicht auf „abgeschlossen“ gesetzt "
        "werden: „Verwendungsnachweis geprüft“ ist ein Endstatus, der Status bleibt so."
    )


def test_unknown_status():
    with pytest.raises(DomainError, match="Unbekannter Projektstatus: „genehmigt“"):
        check_transition("genehmigt", S.IDEA)
    with pytest.raises(DomainError, match="Unbekannter Projektstatus"):
        allowed_next("genehmigt")


def test_final_and_closed_states():
    assert {S.PROOF_CHECKED, S.WITHDRAWN, S.LAPSED} == FINAL_STATES
    assert FINAL_STATES | {S.REJECTED} == CLOSED_STATES
    assert {s for s in S if is_final(s)} == FINAL_STATES
    assert not is_final(S.REJECTED)
    assert all(allowed_next(s) == () for s in FINAL_STATES)


def test_withdrawal_and_lapse_from_every_open_state():
    for status in set(S) - CLOSED_STATES:
        assert set(allowed_next(status)) >= END, status


def test_every_status_is_reachable_from_idea_and_every_open_one_can_end():
    reached, frontier = {S.IDEA}, [S.IDEA]
    while frontier:
        for nxt in allowed_next(frontier.pop()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    assert reached == set(S)
    for status in set(S) - FINAL_STATES:
        seen, todo = set(), [status]
        while todo:
            current = todo.pop()
            seen.add(current)
            todo.extend(n for n in allowed_next(current) if n not in seen)
        assert seen & FINAL_STATES, status


# --- dates ------------------------------------------------------------------------------------------


def test_date_fields():
    assert dict(DATE_FIELD) == {
        S.SELECTED: "lag_decision_on",
        S.REJECTED: "lag_decision_on",
        S.DEFERRED: "lag_decision_on",
        S.APPLIED: "applied_on",
        S.APPROVED: "approved_on",
        S.IN_PROGRESS: "starts_on",
        S.COMPLETED: "completed_on",
        S.PROOF_CHECKED: "proof_of_use_on",
    }


def test_date_fields_are_project_columns():
    columns = set(Project.__table__.columns.keys())
    assert set(DATE_FIELD.values()) <= columns
    assert set(DATE_ORDER) <= columns
    assert set(DATE_FIELD_LABEL) == set(DATE_FIELD.values())


def test_transition_names_the_date_field():
    assert transition(S.SELECTED, S.APPLIED, date(2025, 3, 1)) == Transition(
        S.SELECTED, S.APPLIED, date(2025, 3, 1), "applied_on"
    )
    assert transition("idee", "in_beratung", date(2025, 3, 1)).date_field is None
    assert transition(S.APPLIED, S.WITHDRAWN, date(2025, 3, 1)).date_field is None


def test_staying_sets_no_date_except_a_renewed_deferral():
    assert transition(S.SELECTED, S.SELECTED, date(2025, 3, 1)).date_field is None
    assert transition(S.DEFERRED, S.DEFERRED, date(2025, 3, 1)).date_field == "lag_decision_on"


def test_transition_needs_a_date():
    with pytest.raises(DomainError, match=r"Für „Antrag gestellt“ fehlt das Datum\."):
        transition(S.SELECTED, S.APPLIED, None)


def test_transition_checks_the_move_first():
    with pytest.raises(DomainError, match="kann nicht auf"):
        transition(S.IDEA, S.APPROVED, date(2025, 3, 1))


def test_transition_date_not_in_the_future():
    today = date(2025, 3, 1)
    assert transition(S.SELECTED, S.APPLIED, today, today=today).on == today
    with pytest.raises(DomainError, match=r"\(02\.03\.2025\) liegt in der Zukunft"):
        transition(S.SELECTED, S.APPLIED, date(2025, 3, 2), today=today)


def test_transition_date_not_before_an_earlier_event():
    dates = {"lag_decision_on": date(2025, 3, 1), "applied_on": date(2025, 4, 1), "approved_on": None}
    assert transition(S.APPLIED, S.APPROVED, date(2025, 4, 1), dates).on == date(2025, 4, 1)
    with pytest.raises(DomainError) as info:
        transition(S.APPLIED, S.APPROVED, date(2025, 3, 31), dates)
    assert str(info.value) == (
        "Das Datum für „bewilligt“ (31.03.2025) liegt vor dem Datum „Antragstellung“ (01.04.2025)."
    )
    with pytest.raises(DomainError, match="LAG-Beschluss"):
        transition(S.APPLIED, S.APPROVED, date(2025, 2, 28), {"lag_decision_on": date(2025, 3, 1)})


def test_an_early_start_may_precede_the_approval():
    dates = {"approved_on": date(2025, 6, 1)}
    assert transition(S.APPROVED, S.IN_PROGRESS, date(2025, 5, 1), dates).date_field == "starts_on"


def test_a_new_lag_decision_is_not_compared_with_the_previous_one():
    dates = {"lag_decision_on": date(2025, 6, 1)}
    assert transition(S.DEFERRED, S.SELECTED, date(2025, 5, 1), dates).date_field == "lag_decision_on"
