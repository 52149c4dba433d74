"""Scoring against the selection criteria and ranking a call against its budget (rule 8)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk.domain.errors import DomainError
from regiodesk.domain.ranking import (
    INCOMPLETE_NO_GRANT,
    Candidate,
    Criterion,
    RankedProject,
    ScoreResult,
    evaluate_scores,
    incomplete,
    rank_call,
)

# A sheet like the practice: 12 criteria scored 0–3, K1 and K2 mandatory, minimum total 28.
SHEET = [Criterion(f"K{i}", 3, mandatory=i in (1, 2), title=f"Kriterium {i}") for i in range(1, 13)]
MIN_TOTAL = 28


def full(points: int = 3, **overrides: int) -> dict[str, int]:
    scores = {c.id: points for c in SHEET}
    scores.update(overrides)
    return scores


# --- criteria ---------------------------------------------------------------------------------------


def test_required_points():
    assert Criterion("a", 3).required_points == 0
    assert Criterion("a", 3, mandatory=True).required_points == 1
    assert Criterion("a", 3, mandatory=True, min_points=2).required_points == 2
    assert Criterion("a", 3, min_points=2).required_points == 2


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"max_points": -1}, "Höchstpunktzahl darf nicht negativ"),
        (
            {"max_points": 3, "min_points": 4},
            r"Mindestpunktzahl \(4\) muss zwischen 0 und der Höchstpunktzahl",
        ),
        ({"max_points": 3, "min_points": -1}, "Mindestpunktzahl"),
        ({"max_points": 0, "mandatory": True}, "Pflichtkriterium"),
        ({"max_points": 2.5}, "ganze Zahlen"),
    ],
)
def test_invalid_criteria(kwargs, fragment):
    with pytest.raises(DomainError, match=fragment):
        Criterion("K", **kwargs)


# --- evaluate_scores --------------------------------------------------------------------------------


def test_full_marks():
    result = evaluate_scores(SHEET, full(), MIN_TOTAL)
    assert result == ScoreResult(
        total=36,
        max_total=36,
        min_total=28,
        mandatory_failed=(),
        minimum_reached=True,
        mandatory_points=(3, 3),
        unscored=(),
        messages=(),
    )
    assert result.qualifies
    assert result.summary == "36 von 36 Punkten, Mindestpunktzahl 28 erreicht"


def test_exactly_the_minimum_total_qualifies():
    result = evaluate_scores(SHEET, full(K3=0, K4=0, K5=1), MIN_TOTAL)
    assert result.total == 28
    assert result.minimum_reached and result.qualifies


def test_one_point_below_the_minimum_does_not():
    result = evaluate_scores(SHEET, full(K3=0, K4=0, K5=0), MIN_TOTAL)
    assert result.total == 27
    assert not result.minimum_reached and not result.qualifies
    assert result.messages == ("Mindestpunktzahl verfehlt: 27 Punkte, erforderlich mindestens 28.",)
    assert result.summary == "27 von 36 Punkten, Mindestpunktzahl 28 verfehlt"


def test_a_mandatory_criterion_with_zero_points_fails_despite_the_total():
    result = evaluate_scores(SHEET, full(K2=0), MIN_TOTAL)
    assert result.total == 33 and result.minimum_reached
    assert result.mandatory_failed == ("K2",)
    assert not result.qualifies
    assert result.messages == (
        "Pflichtkriterium „Kriterium 2“ nicht erfüllt: 0 Punkte, erforderlich mindestens 1.",
    )
    assert result.summary == "33 von 36 Punkten, Mindestpunktzahl 28 erreicht, 1 Kriterium nicht erfüllt"


def test_one_point_in_a_mandatory_criterion_is_enough():
    assert evaluate_scores(SHEET, full(K1=1, K2=1), MIN_TOTAL).mandatory_failed == ()


def test_min_points_of_a_criterion_are_honoured():
    sheet = [Criterion("a", 3, mandatory=True, min_points=2), Criterion("b", 3, min_points=1, title="Klima")]
    result = evaluate_scores(sheet, {"a": 1, "b": 0})
    assert result.mandatory_failed == ("a", "b")
    assert result.messages == (
        "Pflichtkriterium „a“ nicht erfüllt: 1 Punkt, erforderlich mindestens 2.",
        "Kriterium „Klima“ nicht erfüllt: 0 Punkte, erforderlich mindestens 1.",
    )
    assert result.minimum_reached  # no minimum total
    assert result.summary == "1 von 6 Punkten, 2 Kriterien nicht erfüllt"


def test_unscored_criteria_count_zero_and_are_named():
    result = evaluate_scores(SHEET, {c.id: 3 for c in SHEET[:10]}, MIN_TOTAL)
    assert result.total == 30
    assert result.unscored == ("K11", "K12")
    assert result.qualifies
    assert result.messages == (
        "Noch nicht bewertet (mit 0 Punkten gezählt): „Kriterium 11“, „Kriterium 12“.",
    )


def test_an_unscored_mandatory_criterion_fails():
    result = evaluate_scores(SHEET, {"K2": 3})
    assert result.mandatory_failed == ("K1",)


@pytest.mark.parametrize(("points", "shown"), [(-1, "-1 Punkte"), (4, "4 Punkte")])
def test_points_outside_the_scale_are_refused(points, shown):
    with pytest.raises(DomainError) as info:
        evaluate_scores(SHEET, full(K7=points))
    assert str(info.value) == f"Kriterium „Kriterium 7“: {shown} liegen außerhalb der Skala von 0 bis 3."


def test_points_at_both_ends_of_the_scale_are_fine():
    evaluate_scores(SHEET, full(K7=0))
    evaluate_scores(SHEET, full(K7=3))


@pytest.mark.parametrize(
    ("criteria", "points", "min_total", "fragment"),
    [
        (SHEET, {"K99": 1}, None, "Punkte für unbekannte Kriterien: K99."),
        ([*SHEET, Criterion("K1", 3)], {}, None, "Kriterien mehrfach im Bewertungsbogen: K1."),
        (SHEET, full(K1=True), None, "ganze Zahlen"),
        (SHEET, full(K1=1.5), None, "ganze Zahlen"),
        (SHEET, full(), -1, "Mindestpunktzahl darf nicht negativ"),
    ],
)
def test_invalid_scores(criteria, points, min_total, fragment):
    with pytest.raises(DomainError, match=fragment):
        evaluate_scores(criteria, points, min_total)


@given(st.lists(st.integers(0, 3), min_size=12, max_size=12), st.integers(0, 40))
def test_score_properties(values, min_total):
    result = evaluate_scores(SHEET, dict(zip((c.id for c in SHEET), values, strict=True)), min_total)
    assert result.total == sum(values)
    assert 0 <= result.total <= result.max_total == 36
    assert result.minimum_reached == (sum(values) >= min_total)
    assert set(result.mandatory_failed) == {c for c, v in (("K1", values[0]), ("K2", values[1])) if v == 0}
    assert result.qualifies == (not result.messages)


# --- rank_call --------------------------------------------------------------------------------------

TIE_SHEET = [
    Criterion("A", 3),
    Criterion("M1", 3, mandatory=True),
    Criterion("M2", 3, mandatory=True),
    Criterion("B", 10),
]


def project(
    id_: str,
    a: int = 0,
    m1: int = 2,
    m2: int = 2,
    b: int = 0,
    grant: int | None = 10_000_00,
    submitted: date | None = date(2025, 3, 1),
    title: str | None = None,
    min_total: int | None = 4,
) -> Candidate:
    score = evaluate_scores(TIE_SHEET, {"A": a, "M1": m1, "M2": m2, "B": b}, min_total)
    return Candidate(id_, title if title is not None else f"Projekt {id_}", score, grant, submitted)


def order(ranking: list[RankedProject]) -> list[str]:
    return [r.id for r in ranking]


def test_ranked_by_total():
    ranking = rank_call([project("x", b=1), project("y", b=5), project("z", b=3)], 10**9)
    assert order(ranking) == ["y", "z", "x"]
    assert [r.position for r in ranking] == [1, 2, 3]
    assert [r.total for r in ranking] == [9, 7, 5]


def test_tie_step_1_first_mandatory_criterion():
    # same total 6: the one with 3 points in M1 comes first, whatever the rest says
    first = project("first", m1=3, m2=1, grant=99_000_00, submitted=date(2025, 3, 9), title="Zoo")
    second = project("second", m1=2, m2=2, grant=1_000_00, submitted=date(2025, 3, 1), title="Aal")
    ranking = rank_call([second, first], 10**9)
    assert order(ranking) == ["first", "second"]
    assert "dahinter wegen: weniger Punkte in den Pflichtkriterien" in ranking[1].reason


def test_tie_step_1_then_the_second_mandatory_criterion():
    first = project("first", a=1, m1=2, m2=3, grant=99_000_00)
    second = project("second", a=2, m1=2, m2=2, grant=1_000_00)
    assert order(rank_call([second, first], 10**9)) == ["first", "second"]


def test_tie_step_2_lower_grant():
    cheap = project("cheap", grant=5_000_00, submitted=date(2025, 3, 9), title="Zoo")
    dear = project("dear", grant=5_000_01, submitted=date(2025, 3, 1), title="Aal")
    ranking = rank_call([dear, cheap], 10**9)
    assert order(ranking) == ["cheap", "dear"]
    assert ranking[1].reason.startswith(
        "4 Punkte; Gleichstand mit „Zoo“ (Platz 1), dahinter wegen: höherer Zuschuss;"
    )


def test_tie_step_3_earlier_submission_and_missing_dates_last():
    early = project("early", submitted=date(2025, 3, 1), title="Zoo")
    late = project("late", submitted=date(2025, 3, 2), title="Aal")
    undated = project("undated", submitted=None, title="Aaa")
    ranking = rank_call([undated, late, early], 10**9)
    assert order(ranking) == ["early", "late", "undated"]
    assert "dahinter wegen: späterer Eingang" in ranking[1].reason
    assert "dahinter wegen: ohne Eingangsdatum" in ranking[2].reason


def test_tie_step_4_title_in_german_order():
    titles = ["Pferdehof", "Ökohof Aue", "Obstwiese", "Dorfladen", "ärztehaus"]
    ranking = rank_call([project(t, title=t) for t in titles], 10**9)
    assert order(ranking) == ["ärztehaus", "Dorfladen", "Obstwiese", "Ökohof Aue", "Pferdehof"]
    assert "dahinter wegen: Titel (alphabetisch)" in ranking[1].reason


def test_tie_step_5_id_for_identical_entries():
    ranking = rank_call([project("b", title="Gleich"), project("a", title="Gleich")], 10**9)
    assert order(ranking) == ["a", "b"]
    assert "dahinter wegen: Reihenfolge der Erfassung" in ranking[1].reason


def test_no_tie_note_when_totals_differ():
    ranking = rank_call([project("x", b=1), project("y")], 10**9)
    assert "Gleichstand" not in ranking[1].reason


def test_only_qualifying_projects_are_ranked():
    at_minimum = project("at", min_total=4)  # total 4
    below = project("below", m1=1, m2=2, min_total=4)  # total 3
    mandatory_zero = project("zero", m1=0, b=9, min_total=4)
    ranking = rank_call([below, mandatory_zero, at_minimum], 10**9)
    assert order(ranking) == ["at"]


def test_budget_exactly_exhausted_is_within():
    ranking = rank_call([project("a", b=2, grant=60_000_00), project("b", b=1, grant=40_000_00)], 100_000_00)
    assert [(r.within_budget, r.cumulative) for r in ranking] == [(True, 60_000_00), (True, 100_000_00)]
    assert ranking[1].reason == "5 Punkte; im Budget (zusammen 100.000,00 € von 100.000,00 €)."


def test_one_cent_over_goes_to_the_waiting_list():
    ranking = rank_call([project("a", b=2, grant=60_000_00), project("b", b=1, grant=40_000_01)], 100_000_00)
    assert [r.within_budget for r in ranking] == [True, False]
    assert ranking[1].cumulative == 100_000_01
    assert ranking[1].reason == (
        "5 Punkte; Nachrückerliste: der Zuschuss (40.000,01 €) übersteigt das verbleibende Budget "
        "(40.000,00 €)."
    )


def test_strict_rank_order_no_cheaper_project_skips_ahead():
    a = project("a", b=3, grant=50_000_00)
    b = project("b", b=2, grant=80_000_00)  # does not fit: ends the funded list
    c = project("c", b=1, grant=10_000_00)  # would fit, but stays on the waiting list
    ranking = rank_call([c, b, a], 100_000_00)
    assert [(r.id, r.within_budget, r.cumulative) for r in ranking] == [
        ("a", True, 50_000_00),
        ("b", False, 130_000_00),
        ("c", False, 140_000_00),
    ]
    assert ranking[2].reason == (
        "5 Punkte; Nachrückerliste: die Förderliste endet vor Platz 2, dem ersten Projekt, "
        "das nicht mehr in das Budget passt."
    )


def test_zero_budget_and_zero_grant():
    ranking = rank_call([project("free", b=1, grant=0), project("paid", grant=1)], 0)
    assert [(r.id, r.within_budget) for r in ranking] == [("free", True), ("paid", False)]


def test_empty_call():
    assert rank_call([], 100) == []


def test_a_project_without_a_grant_is_incomplete_and_not_placed():
    missing = project("missing", b=5, grant=None)  # the best score, but no amount
    free = project("free", b=1, grant=0)  # 0 € is a stated amount: placed
    paid = project("paid", grant=10_00)
    ranking = rank_call([missing, free, paid], 10_00)
    assert [(r.id, r.position, r.within_budget, r.cumulative) for r in ranking] == [
        ("free", 1, True, 0),
        ("paid", 2, True, 10_00),  # the budget is not eaten by the incomplete project either
    ]
    assert incomplete([missing, free, paid]) == [(missing, "unvollständig: kein Zuschuss angegeben")]
    assert INCOMPLETE_NO_GRANT == "unvollständig: kein Zuschuss angegeben"


def test_a_project_below_the_minimum_without_a_grant_is_just_not_qualified():
    below = project("below", m1=0, grant=None)
    assert rank_call([below], 10**9) == [] and incomplete([below]) == []


@given(st.lists(st.one_of(st.none(), st.integers(0, 50_000_00)), max_size=8), st.integers(0, 100_000_00))
def test_incomplete_projects_never_change_the_places_of_the_others(grants, budget):
    projects = [project(f"p{n}", b=n % 4, grant=g) for n, g in enumerate(grants)]
    complete = [p for p in projects if p.grant_cents is not None]
    assert rank_call(projects, budget) == rank_call(complete, budget)
    assert {p.id for p, _ in incomplete(projects)} == {p.id for p in projects if p.grant_cents is None}


@pytest.mark.parametrize(
    ("projects", "budget", "fragment"),
    [
        ([], -1, "Budget des Aufrufs"),
        ([], 1.5, "Budget des Aufrufs"),
        ([project("a"), project("a")], 100, "Projekt a ist mehrfach im Aufruf."),
        ([project("a", grant=-1)], 100, "der Zuschuss muss ein Betrag ab 0"),
    ],
)
def test_invalid_calls(projects, budget, fragment):
    with pytest.raises(DomainError, match=fragment):
        rank_call(projects, budget)


candidates = st.lists(
    st.builds(
        project,
        id_=st.text("abc", min_size=1, max_size=3),
        a=st.integers(0, 3),
        m1=st.integers(0, 3),
        m2=st.integers(0, 3),
        b=st.integers(0, 10),
        grant=st.integers(0, 50_000_00),
        submitted=st.none() | st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 1, 10)),
        title=st.text("aäoöß ", max_size=3),
        min_total=st.none() | st.integers(0, 19),
    ),
    max_size=12,
    unique_by=lambda c: c.id,
)


@given(candidates, st.integers(0, 200_000_00))
def test_ranking_properties(projects, budget):
    ranking = rank_call(projects, budget)
    qualifying = [p for p in projects if p.score.qualifies]
    # a permutation of the qualifying projects, numbered 1..n
    assert sorted(order(ranking)) == sorted(p.id for p in qualifying)
    assert [r.position for r in ranking] == list(range(1, len(ranking) + 1))
    # totals never rise; cumulative sums are the running sums, hence monotone
    assert all(x.total >= y.total for x, y in pairwise(ranking))
    running = 0
    for r in ranking:
        running += r.grant
        assert r.cumulative == running
    assert all(x.cumulative <= y.cumulative for x, y in pairwise(ranking))
    # the funded projects are a prefix that fits; the first one left out does not fit
    funded = [r.within_budget for r in ranking]
    assert funded == sorted(funded, reverse=True)
    inside = [r for r in ranking if r.within_budget]
    assert sum(r.grant for r in inside) <= budget
    if len(inside) < len(ranking):
        assert ranking[len(inside)].cumulative > budget
    # the order does not depend on the input order
    assert order(rank_call(list(reversed(projects)), budget)) == order(ranking)
