"""Setting up a new region: settings through the change log, the starter set, the Stammdaten."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from regiodesk.db.models import ChangeLogEntry, Consent, Indicator, InterestGroup, RegionSettings
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.services import lookups
from regiodesk.services.bodies import BodyService
from regiodesk.services.catalogues import (
    ConsentPurposeService,
    FundingPeriodCatalogue,
    InterestGroupCatalogue,
    TagCatalogue,
)
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.region import (
    PeriodSetup,
    RegionService,
    RegionSetup,
    current_funding_period_id,
    has_region_settings,
    setup_region,
)
from regiodesk.services.starter import LEADER

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


def _setup(db, **settings) -> str:
    values = {"name": "LEADER-Region Testtal", "lag_name": "LAG Testtal e. V.", "kind": "leader", **settings}
    period = PeriodSetup("LEADER 2023–2027", date(2023, 1, 1), date(2027, 12, 31), 1_500_000_00)
    return setup_region(db, RegionSetup(values, period, PNG, "image/png", LEADER))


@pytest.mark.file_only(reason="asks the start window's sqlite3 preview of the file")
def test_setup_writes_settings_period_and_starter_set_in_the_change_log(db):
    assert not has_region_settings(db.path)
    settings_id = _setup(db, office_phone="09131 123", land="BY")
    assert has_region_settings(db.path)
    values = RegionService(db).load(settings_id)
    assert values["lag_name"] == "LAG Testtal e. V." and values["land"] == "BY"
    assert values["default_max_group_share_bp"] == 4900 and values["default_notice_days"] == 7
    assert current_funding_period_id(db) is not None
    with db.session() as session:
        groups = {g.name: g.public_sector for g in session.scalars(select(InterestGroup))}
        assert groups == {g.name: g.public_sector for g in LEADER.interest_groups}
        assert groups["Öffentlicher Sektor"] is True and groups["Wirtschaft"] is False
        assert {i.name for i in session.scalars(select(Indicator))} >= {"Anzahl Projekte", "Teilnehmende"}
        logged = set(session.scalars(select(ChangeLogEntry.table_name)))
    assert {"region_settings", "interest_group", "funding_period", "consent_purpose"} <= logged
    assert RegionService(db).logo(settings_id) == (PNG, "image/png")


def test_a_second_setup_is_refused_and_changes_nothing(db):
    _setup(db)
    with pytest.raises(DomainError, match="schon eine Region"):
        _setup(db, name="Andere Region")
    with db.session() as session:
        assert session.scalar(select(RegionSettings.name)) == "LEADER-Region Testtal"


@pytest.mark.file_only(reason="asks the start window's sqlite3 preview of the file")
def test_invalid_setup_writes_nothing(db):
    with pytest.raises(ValidationError):
        setup_region(db, RegionSetup({"name": " ", "kind": "leader"}))
    with pytest.raises(ValidationError, match="PNG- oder JPEG"):
        setup_region(
            db, RegionSetup({"name": "R", "kind": "leader"}, logo=b"<svg/>", logo_mime="image/svg+xml")
        )
    assert not has_region_settings(db.path)


def test_settings_round_trip_through_the_change_log(db):
    settings_id = _setup(db)
    service = RegionService(db)
    service.update(
        settings_id,
        {
            "application_deadline_value": 12,
            "application_deadline_unit": "weeks",
            "cofinancing_share_bp": 3000,
            "private_needs_public_cofinancing": True,
            "signatory_name": "Dr. Eva Muster",
        },
    )
    values = service.load(settings_id)
    assert (values["application_deadline_value"], values["application_deadline_unit"]) == (12, "weeks")
    history = {(e.field, e.new) for e in service.history(settings_id) if e.operation == "update"}
    assert ("signatory_name", "Dr. Eva Muster") in history
    with pytest.raises(ValidationError):
        service.update(settings_id, {"application_deadline_unit": "tage"})


def test_a_new_body_takes_the_regions_rules_of_procedure(db):
    settings_id = _setup(db)
    RegionService(db).update(settings_id, {"default_notice_days": 14, "default_max_group_share_bp": 4000})
    body_id = BodyService(db).create({"name": "LAG", "body_type": "lag"})
    values = BodyService(db).load(body_id)
    assert values["notice_days"] == 14 and values["max_group_share_bp"] == 4000


def test_a_new_meeting_gets_the_default_minute_taker(db):
    from datetime import datetime

    from regiodesk.services.meetings import MeetingService

    settings_id = _setup(db)
    manager = ContactService(db).create({"kind": "person", "last_name": "Muster", "first_name": "Eva"})
    RegionService(db).update(settings_id, {"default_minute_taker_id": manager})
    body_id = BodyService(db).create({"name": "LAG", "body_type": "lag"})
    meeting = MeetingService(db).create({"body_id": body_id, "starts_at": datetime(2027, 3, 9, 18, 30)})
    assert MeetingService(db).load(meeting)["minute_taker_id"] == manager
    other = ContactService(db).create({"kind": "person", "last_name": "Other"})
    chosen = MeetingService(db).create(
        {"body_id": body_id, "starts_at": datetime(2027, 4, 9, 18, 30), "minute_taker_id": other}
    )
    assert MeetingService(db).load(chosen)["minute_taker_id"] == other


def test_deactivated_group_is_not_offered_but_stays_on_its_membership(db):
    _setup(db)
    groups = InterestGroupCatalogue(db)
    economy = next(r.id for r in groups.rows() if r.values[1] == "Wirtschaft")
    body_id = BodyService(db).create({"name": "LAG", "body_type": "lag"})
    person = ContactService(db).create({"kind": "person", "last_name": "Huber", "first_name": "Anna"})
    membership = MembershipService(db).create(
        {"body_id": body_id, "contact_id": person, "interest_group_id": economy, "voting_right": True}
    )
    groups.set_active(economy, False)
    assert economy not in dict(lookups.options(db, "interest_groups"))
    assert lookups.label_of(db, "interest_groups", economy) == "Wirtschaft (inaktiv)"
    MembershipService(db).update(membership, {"role": "mitglied"})  # saving again keeps it
    assert MembershipService(db).load(membership)["interest_group_id"] == economy
    with pytest.raises(DomainError, match="Mitgliedschaft"):
        groups.delete(economy)
    unused = next(r.id for r in groups.rows() if r.values[1] == "Zivilgesellschaft")
    groups.delete(unused)
    assert unused not in [r.id for r in groups.rows()]


def test_a_seat_takes_the_public_sector_flag_of_its_interest_group(db):
    _setup(db)
    groups = {label: gid for gid, label in lookups.options(db, "interest_groups")}
    body_id = BodyService(db).create({"name": "LAG", "body_type": "lag"})
    mayor = ContactService(db).create({"kind": "person", "last_name": "Bürgermeisterin"})
    members = MembershipService(db, body_id)
    seat = members.create(
        {"contact_id": mayor, "role": "mitglied", "interest_group_id": groups["Öffentlicher Sektor"]}
    )
    assert members.load(seat)["public_sector"] is True
    members.update(seat, {"interest_group_id": groups["Wirtschaft"], "public_sector": True})
    assert members.load(seat)["public_sector"] is False


def test_catalogue_names_are_unique(db):
    tags = TagCatalogue(db)
    tags.create({"name": "Presse"})
    with pytest.raises(ValidationError, match="gibt es schon"):
        tags.create({"name": "presse"})


def test_period_in_use_cannot_be_deleted(db):
    _setup(db)
    period = current_funding_period_id(db)
    with pytest.raises(DomainError, match="Regionseinstellungen"):
        FundingPeriodCatalogue(db).delete(period)


def test_renaming_a_consent_purpose_renames_its_consents(db):
    _setup(db)
    purposes = ConsentPurposeService(db)
    newsletter = next(r.id for r in purposes.rows() if r.values[1] == "Newsletter")
    person = ContactService(db).create({"kind": "person", "last_name": "Huber"})
    consents = ConsentService(db, person)
    consent = consents.give(person, "Newsletter", date(2026, 1, 5))
    purposes.update(newsletter, {"name": "Newsletter der LAG"})
    with db.session() as session:
        assert session.get(Consent, consent).purpose == "Newsletter der LAG"
    assert "Newsletter der LAG" in consents.purposes()
    with pytest.raises(DomainError, match="Einwilligung"):
        purposes.delete(newsletter)
    # a purpose not offered is refused for a new consent; an old stored one is still accepted
    with pytest.raises(ValidationError):
        consents.give(person, "Erfunden", date(2026, 1, 5))
    purposes.set_active(newsletter, False)
    assert "Newsletter der LAG" not in lookups.options(db, lookups.CONSENT_PURPOSES)
    consents.update(consent, {"source": "Formular"})
