"""Cooperation projects through the service: partners, one lead partner, shares that add up."""

from __future__ import annotations

import pytest
from project_helpers import make_region, new_project
from sqlalchemy import select

from regiodesk.db.models import CooperationPartner
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services.cooperation import CooperationPartnerService, cooperation_summary
from regiodesk.services.projects import ProjectService


def _cooperation(db, **values):
    region = make_region(db)
    project = new_project(
        db,
        title="Kulturerbe Mühlen",
        cooperation=True,
        sponsor_id=region["verein"],
        total_cost_gross_cents=40_000_00,
        grant_cents=24_000_00,
        cooperation_total_cost_cents=100_000_00,
        **values,
    )
    return project, CooperationPartnerService(db, project)


def _partner(service, project, name, cost, grant=None, lead=False):
    return service.create(
        {
            "project_id": project,
            "lag_name": name,
            "country": "Österreich",
            "cost_share_cents": cost,
            "grant_cents": grant,
            "lead_partner": lead,
        }
    )


def test_partners_whose_shares_add_up_give_a_summary_without_problems(db):
    project, service = _cooperation(db)
    _partner(service, project, "LAG Mühlviertler Alm", 35_000_00, 21_000_00, lead=True)
    _partner(service, project, "LAG Frankenjura", 25_000_00, 15_000_00)
    summary = cooperation_summary(db, project)
    assert summary is not None and summary.problems == ()
    assert summary.lead_partner == "LAG Mühlviertler Alm"
    own, *partners = summary.lines
    assert own.own and own.name == "LEADER-Region Testtal" and own.share_bp == 4000
    assert [(p.name, p.share_bp) for p in partners] == [
        ("LAG Frankenjura", 2500),
        ("LAG Mühlviertler Alm", 3500),
    ]
    assert [row.values[0] for row in service.rows()] == ["LAG Frankenjura", "LAG Mühlviertler Alm"]


def test_a_missing_share_is_reported_in_german_until_it_is_entered(db):
    project, service = _cooperation(db)
    _partner(service, project, "LAG Frankenjura", 25_000_00)
    [problem] = cooperation_summary(db, project).problems
    assert "es fehlen 35.000,00 €" in problem


def test_shares_over_the_total_are_refused_and_nothing_is_stored(db):
    project, service = _cooperation(db)
    _partner(service, project, "LAG Frankenjura", 60_000_00)
    with pytest.raises(ValidationError) as error:
        _partner(service, project, "LAG Zuviel", 1)
    assert "zu viel: 0,01 €" in error.value.errors["cost_share_cents"]
    with db.session() as session:
        assert len(session.scalars(select(CooperationPartner)).all()) == 1


def test_a_second_lead_partner_is_refused_also_when_editing(db):
    project, service = _cooperation(db)
    _partner(service, project, "LAG A", 10_00, lead=True)
    second = _partner(service, project, "LAG B", 10_00)
    with pytest.raises(ValidationError, match="Federführend ist schon „LAG A“"):
        service.update(second, {"lead_partner": True})
    assert service.load(second)["lead_partner"] is False
    service.update(second, {"country": "Tschechien"})  # its own lead flag unchanged: no conflict
    assert service.load(second)["country"] == "Tschechien"


def test_a_partner_grant_above_its_cost_share_is_refused(db):
    project, service = _cooperation(db)
    with pytest.raises(ValidationError, match="höher als sein Kostenanteil"):
        _partner(service, project, "LAG A", 100_00, 100_01)


def test_partners_only_for_a_cooperation_project(db):
    region = make_region(db)
    project = new_project(db, title="Dorfladen", sponsor_id=region["verein"])
    with pytest.raises(DomainError, match="nicht als Kooperationsprojekt markiert"):
        _partner(CooperationPartnerService(db, project), project, "LAG A", 100)
    assert cooperation_summary(db, project) is None
    ProjectService(db).update(project, {"cooperation": True})
    _partner(CooperationPartnerService(db, project), project, "LAG A", 100)
    assert cooperation_summary(db, project).problems == (
        "Die Gesamtkosten aller Partner fehlen; die Kostenanteile sind nicht geprüft.",
    )


def test_partner_changes_are_in_the_projects_verlauf(db):
    project, service = _cooperation(db)
    partner = _partner(service, project, "LAG Frankenjura", 25_000_00)
    service.update(partner, {"cost_share_cents": 30_000_00})
    entries = ProjectService(db).history(project)
    changed = [(e.record, e.field, e.old, e.new) for e in entries if e.table == "cooperation_partner"]
    assert ("Kooperationspartner", "cost_share_cents", 25_000_00, 30_000_00) in changed
    assert any(
        e.operation == "insert" and e.field == "lag_name" for e in entries if e.table == "cooperation_partner"
    )


def test_each_partner_names_its_own_contact_person_in_the_list_of_all_cooperations(db):
    """The Bewilligungsstelle's list reads every cooperation at once (one query for all the
    contact persons): each partner line keeps its own Ansprechperson, a partner without one none."""
    from regiodesk.services.contacts import ContactService
    from regiodesk.services.cooperation import cooperation_summaries_in

    project, _service = _cooperation(db)
    other = new_project(db, title="Mühlenradweg", cooperation=True, cooperation_total_cost_cents=50_000_00)
    contacts = ContactService(db)
    anna = contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Gruber"})
    jan = contacts.create({"kind": "person", "first_name": "Jan", "last_name": "Nowak"})
    for project_id, name, contact in (
        (project, "LAG Mühlviertler Alm", anna),
        (project, "LAG Frankenjura", None),
        (other, "LAG Südböhmen", jan),
    ):
        CooperationPartnerService(db, project_id).create(
            {"project_id": project_id, "lag_name": name, "country": "Österreich", "contact_id": contact}
        )
    with db.session() as session:
        summaries = cooperation_summaries_in(session)
    named = {
        (summary.project_title, line.name): line.contact
        for summary in summaries.values()
        for line in summary.lines
        if not line.own
    }
    assert named == {
        ("Kulturerbe Mühlen", "LAG Mühlviertler Alm"): "Anna Gruber",
        ("Kulturerbe Mühlen", "LAG Frankenjura"): "",
        ("Mühlenradweg", "LAG Südböhmen"): "Jan Nowak",
    }
    assert cooperation_summary(db, other).lines[1].contact == "Jan Nowak"
