"""The Jahresbericht's Tätigkeitsbericht: the office's work by the service areas of the
Musterleistungsbild, in the PDF text and in the workbook's cells (issue 22, part 3)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from document_helpers import pdf_text, unhyphenated
from openpyxl import load_workbook

from regiodesk.db.models import ActionField
from regiodesk.reports.annual_report import annual_report_pdf, annual_report_xlsx
from regiodesk.services.activities import ConsultationService, EventService
from regiodesk.services.office_work import office_work
from regiodesk.services.press_network import ActivityService
from regiodesk.services.projects import ProjectService


@pytest.fixture
def office(db):
    with db.transaction() as session:
        field = ActionField(code="HF 2", name="Tourismus", planned_budget_cents=0, position=2)
        session.add(field)
        session.flush()
        field_id = field.id
    project = ProjectService(db).create(
        {"title": "Radweg Mühlbach", "status": "idee", "action_field_id": field_id}
    )
    consultations = ConsultationService(db)
    consultations.create(
        {"held_on": date(2026, 2, 3), "topic": "Erstberatung", "project_id": project, "duration_minutes": 90}
    )
    consultations.create(
        {"held_on": date(2026, 3, 4), "topic": "Anfrage", "project_idea": "Hofladen", "duration_minutes": 45}
    )
    consultations.create({"held_on": date(2026, 4, 5), "topic": "Nachfrage", "project_id": project})
    consultations.create({"held_on": date(2025, 12, 30), "topic": "Vorjahr", "project_idea": "Alt"})
    EventService(db).create(
        {
            "kind": "projektboerse",
            "title": "Projektbörse Frühjahr",
            "starts_at": datetime(2026, 3, 20, 18),
            "ends_at": datetime(2026, 3, 20, 21),
            "location": "Bürgerhaus Steinbühl",
            "participants_total": 41,
            "participants_female": 23,
        }
    )
    activities = ActivityService(db)
    activities.create(
        {"kind": "pressemitteilung", "held_on": date(2026, 3, 1), "title": "LAG wählt Radweg aus"}
    )
    activities.create(
        {
            "kind": "artikel",
            "held_on": date(2026, 3, 9),
            "title": "Radweg kommt",
            "medium": "Fränkischer Tag",
            "link": "https://example.de/radweg",
        }
    )
    activities.create(
        {"kind": "druck", "held_on": date(2026, 5, 2), "title": "Flyer Regionalbudget", "print_run": 2500}
    )
    activities.create(
        {
            "kind": "landesnetzwerk",
            "held_on": date(2026, 6, 10),
            "title": "Treffen der LEADER-Manager",
            "participants": "LAG Rhön, LAG Frankenhöhe",
            "hours_milli": 6500,
        }
    )
    activities.create({"kind": "arbeitskreis", "held_on": date(2027, 1, 15), "title": "Nächstes Jahr"})
    return db


def test_the_figures_count_the_year_only(office):
    work = office_work(office, date(2026, 1, 1), date(2026, 12, 31))
    assert (work.consultations, work.consultation_minutes, work.consultations_timed) == (3, 135, 2)
    assert work.consultations_without_project == 1
    assert [(f.code, f.count, f.minutes) for f in work.by_field] == [("HF 2", 2, 90), ("", 1, 45)]
    assert [e.title for e in work.events] == ["Projektbörse Frühjahr"] and work.participants == 41
    assert work.event_minutes == 180
    assert [a.title for a in work.press] == ["LAG wählt Radweg aus", "Radweg kommt", "Flyer Regionalbudget"]
    assert [a.title for a in work.network] == [
        "Treffen der LEADER-Manager"
    ] and work.network_hours_milli == 6500
    assert work.print_run == 2500


def test_a_deleted_item_is_not_counted(office):
    service = ActivityService(office)
    [flyer] = [r for r in service.rows() if r.values[1] == "Flyer Regionalbudget"]
    service.delete(flyer.id)
    assert office_work(office, date(2026, 1, 1), date(2026, 12, 31)).print_run == 0


def test_the_pdf_has_the_four_service_areas_with_their_figures(office):
    text = unhyphenated(pdf_text(annual_report_pdf(office, 2026)))
    for heading in (
        "1. Tätigkeitsbericht der Geschäftsstelle",
        "1.1 Prozessgestaltung und Gremienarbeit",
        "1.2 Projektentwicklung und Beratung",
        "1.3 Information, Vernetzung und Qualifizierung",
        "1.4 Öffentlichkeitsarbeit",
    ):
        assert heading in text
    assert "Beratungsgespräche 3 2,3 Stunden (aus 2 Gesprächen mit Dauer); davon ohne Projekt: 1" in text
    assert "HF 2 Tourismus 2 1,5" in text
    assert "Projektbörse Frühjahr" in text and "weiblich 23" in text and "Teilnehmende insgesamt: 41" in text
    assert "Treffen der LEADER-Manager" in text and "LAG Rhön, LAG Frankenhöhe 6,5" in text
    assert "Radweg kommt" in text and "Fränkischer Tag" in text and "example.de/radweg" in text
    assert "Auflage der Druckerzeugnisse: 2.500" in text
    assert "Vorjahr" not in text and "Nächstes Jahr" not in text


def test_the_workbook_has_the_areas_and_the_lists(office):
    book = load_workbook(io.BytesIO(annual_report_xlsx(office, 2026)))
    rows = {
        (r[0], r[1]): (r[2], r[3]) for r in book["Tätigkeit"].iter_rows(min_row=2, values_only=True) if r[1]
    }
    assert rows[("Projektentwicklung und Beratung", "Beratungsgespräche")] == (3, pytest.approx(2.3))
    assert rows[("Projektentwicklung und Beratung", "Beratungsgespräche: HF 2 Tourismus")] == (
        2,
        pytest.approx(1.5),
    )
    assert rows[("Information, Vernetzung und Qualifizierung", "Teilnehmende an Veranstaltungen")][0] == 41
    assert rows[("Information, Vernetzung und Qualifizierung", "Netzwerkarbeit insgesamt")] == (
        1,
        pytest.approx(6.5),
    )
    assert rows[("Öffentlichkeitsarbeit", "Presseartikel")][0] == 1
    assert rows[("Öffentlichkeitsarbeit", "Auflage der Druckerzeugnisse")][0] == 2500
    events = next(book["Veranstaltungen"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert events[:6] == (
        datetime(2026, 3, 20, 18),
        "Projektbörse",
        "Projektbörse Frühjahr",
        "Bürgerhaus Steinbühl",
        41,
        23,
    )
    press = [r for r in book["Öffentlichkeitsarbeit"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [r[2] for r in press[:3]] == ["LAG wählt Radweg aus", "Radweg kommt", "Flyer Regionalbudget"]
    assert press[1][4] == "https://example.de/radweg" and press[2][5] == 2500
    network = book["Netzwerkarbeit"]
    assert network.cell(2, 4).value == "LAG Rhön, LAG Frankenhöhe" and float(network.cell(2, 5).value) == 6.5
