"""Umlaufverfahren: answers within the deadline, the same checks as in a meeting, a stored result."""

from __future__ import annotations

from datetime import date

import pytest

from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.services.written_procedure import WrittenProcedureService


@pytest.fixture
def procedure(lag):
    service = WrittenProcedureService(lag["db"])
    wp = service.create(
        {
            "body_id": lag["body"],
            "subject": "Auswahl Dorfladen im Umlauf",
            "project_id": lag["project"],
            "is_selection_decision": True,
            "required_majority": "einfach",
            "started_on": date(2026, 4, 1),
            "deadline": date(2026, 4, 14),
        }
    )
    return service, wp


def test_answers_list_every_voting_member_without_answer_first(lag, procedure):
    service, wp = procedure
    rows = service.answers(wp)
    assert len(rows) == 10
    assert {r.answer for r in rows} == {"keine_rueckmeldung"}


def test_answers_after_the_deadline_or_without_date_are_refused(lag, procedure):
    service, wp = procedure
    with pytest.raises(ValidationError, match="nach der Frist"):
        service.record_answer(wp, lag["m0"], "ja", date(2026, 4, 15))
    with pytest.raises(ValidationError, match="wann die Antwort eingegangen"):
        service.record_answer(wp, lag["m0"], "ja", None)
    with pytest.raises(ValidationError, match="Grund"):
        service.record_answer(wp, lag["m0"], "interessenkonflikt", date(2026, 4, 2))
    with pytest.raises(DomainError, match="kein stimmberechtigtes Mitglied"):
        service.record_answer(wp, lag["s0"], "ja", date(2026, 4, 2))


def test_closing_before_the_deadline_needs_every_answer(lag, procedure):
    service, wp = procedure
    service.record_answer(wp, lag["m0"], "ja", date(2026, 4, 2))
    with pytest.raises(DomainError, match="fehlen noch Antworten"):
        service.close(wp, today=date(2026, 4, 10))


def test_written_procedure_result_with_conflict_and_double_quorum(lag, procedure):
    service, wp = procedure
    answers = {"m0": "ja", "m1": "ja", "m4": "ja", "m5": "nein", "m6": "enthaltung", "m7": "ja", "m8": "ja"}
    for key, answer in answers.items():
        service.record_answer(wp, lag[key], answer, date(2026, 4, 3))
    service.record_answer(wp, lag["m9"], "interessenkonflikt", date(2026, 4, 3), "Vorstand des Trägervereins")
    check = service.evaluate(wp)
    assert len(check.voters) == 7 and check.double.wiso == 5
    assert (check.yes, check.no, check.abstain) == (5, 1, 1)
    result = service.close(wp, today=date(2026, 4, 15))
    assert result.result.value == "angenommen"
    # a selection decided in writing moves the project as a meeting's vote does
    history = ProjectPipeline(lag["db"]).history(lag["project"])
    assert ProjectService(lag["db"]).load(lag["project"])["status"] == "ausgewaehlt"
    assert history[-1].changed_on == date(2026, 4, 14) and "Umlaufverfahren" in history[-1].note
    [row] = service.rows()
    assert row.values[-1] == "angenommen"
    with pytest.raises(DomainError, match="abgeschlossen"):
        service.record_answer(wp, lag["m2"], "ja", date(2026, 4, 4))


def test_too_few_answers_are_not_quorate(lag, procedure):
    service, wp = procedure
    for key in ("m4", "m5", "m6", "m7"):
        service.record_answer(wp, lag[key], "ja", date(2026, 4, 3))
    check = service.close(wp, today=date(2026, 4, 15))
    assert check.result.value == "nicht_beschlussfaehig"
    assert "4 von 10" in check.problems[0]


def test_result_pdf_lists_answers_and_numbers(lag, procedure):
    import io
    import re

    from pypdf import PdfReader

    from regiodesk.reports.procedure_docs import procedure_result_pdf

    service, wp = procedure
    for key in ("m0", "m1", "m4", "m5", "m6", "m7"):
        service.record_answer(wp, lag[key], "ja", date(2026, 4, 3))
    service.record_answer(wp, lag["m8"], "interessenkonflikt", date(2026, 4, 3), "Nachbar des Projekts")
    service.close(wp, today=date(2026, 4, 15))
    pdf = procedure_result_pdf(lag["db"], wp)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Ergebnis des Umlaufverfahrens" in text
    assert "01.04.2026 bis 14.04.2026" in text
    assert "Interessenkonflikt (Nachbar des Projekts)" in text
    assert "geantwortet: 7 (70,0 %)" in text
    assert "stimmberechtigt 6, davon WiSo-Partner 4 (66,7 %)" in text
    assert "nach Interessengruppen: Öffentlicher Sektor 2 (33,3 %), Soziales 2 (33,3 %)" in text
    assert "Bewertung keine Auswahlkriterien hinterlegt" in text  # the project's score (rule 7)
    assert "Ergebnis: angenommen." in text


def test_a_rejection_in_writing_rejects_the_project_and_not_quorate_leaves_it(lag, procedure):
    service, wp = procedure
    for key in ("m0", "m1", "m4", "m5", "m6", "m7", "m8"):
        service.record_answer(wp, lag[key], "nein", date(2026, 4, 3))
    service.close(wp, today=date(2026, 4, 15))
    assert ProjectService(lag["db"]).load(lag["project"])["status"] == "abgelehnt"


def test_a_written_procedure_that_is_not_quorate_does_not_move_the_project(lag, procedure):
    service, wp = procedure
    service.record_answer(wp, lag["m4"], "ja", date(2026, 4, 3))
    service.close(wp, today=date(2026, 4, 15))
    assert ProjectService(lag["db"]).load(lag["project"])["status"] == "in_beratung"
