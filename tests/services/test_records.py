"""The use cases behind every tab: create, validate, update, delete (tombstone), history."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from regiodesk import fields
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.services.projects import ProjectService


def _errors(call, *args) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        call(*args)
    return info.value.errors


# ----------------------------------------------------------------------- contacts
def test_contact_with_channels_round_trips(db):
    service = ContactService(db)
    cid = service.create(
        {
            "kind": "person",
            "salutation": "Frau",
            "first_name": "Ayşe",
            "last_name": "Öztürk",
            "email": " Ayse.Oeztuerk@Gemeinde-Muster.DE ",
            "phone": "09561 12-34",
            "postal_code": "96450",
            "city": "Coburg",
            "street": "Marktplatz 1",
        }
    )
    values = service.load(cid)
    assert values["email"] == "Ayse.Oeztuerk@gemeinde-muster.de"  # the mailbox as typed
    assert (values["street"], values["postal_code"], values["city"]) == ("Marktplatz 1", "96450", "Coburg")
    [row] = service.rows()
    assert row.values == (
        "Öztürk, Ayşe",
        "Person",
        "",
        "Coburg",
        "Ayse.Oeztuerk@gemeinde-muster.de",
        "09561 12-34",
    )


def test_contact_requires_a_name_and_a_valid_email(db):
    service = ContactService(db)
    errors = _errors(service.create, {"kind": "person", "email": "max mustermann@web.de"})
    assert errors == {
        "last_name": "Bitte einen Nachnamen eingeben.",
        "email": "„max mustermann@web.de“ ist keine gültige E-Mail-Adresse (sie enthält ein Leerzeichen).",
    }
    assert _errors(service.create, {"kind": "institution"}) == {
        "organisation": "Bitte den Namen der Institution eingeben."
    }
    assert service.rows() == []


def test_emptying_an_email_removes_it_and_keeps_history(db):
    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Weiß", "email": "weiss@example.de"})
    service.update(cid, {"email": ""})
    assert service.load(cid)["email"] == ""
    history = service.history(cid)
    assert any(h.record == "E-Mail-Adresse" and h.operation == "delete" for h in history)
    assert any(h.field == "address" and h.old == "weiss@example.de" for h in history)
    assert fields.label("contact_email", "address") == "E-Mail"


def test_history_of_a_new_record_shows_its_defaults_with_the_insert(db):
    """The log leaves column defaults out of an insert; the Verlauf shows them all the same."""
    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Öztürk", "city": "Coburg"})
    service.update(cid, {"last_name": "Öztürk-Weiß"})
    history = service.history(cid)
    created = {(h.record, h.field): h.new for h in history if h.operation == "insert"}
    assert created[("Kontakt", "last_name")] == "Öztürk"
    assert created[("Kontakt", "kind")] == "person"  # the default, not in the log
    assert created[("Kontakt", "public_sector")] is False
    assert created[("Adresse", "country")] == "Deutschland"
    assert ("Kontakt", "first_name") not in created  # an empty text is no news
    assert history[0].operation == "update"  # newest first; the defaults stay with their insert
    inserts = [n for n, h in enumerate(history) if h.operation == "insert" and h.record == "Kontakt"]
    assert inserts == list(range(inserts[0], inserts[0] + len(inserts)))


def test_history_reads_inserts_logged_field_by_field_as_before_schema_0005(db):
    """Files from before 0005 log an insert as one entry per field: their Verlauf stays the same."""
    from sqlalchemy import text

    from regiodesk.db.changelog import ROW, expand

    service = ContactService(db)
    cid = service.create({"kind": "person", "first_name": "Zoë", "last_name": "Lefèvre", "notes": "neu"})
    service.update(cid, {"last_name": "Lefèvre-Öztürk"})
    as_rows = [(h.operation, h.record, h.field, h.old, h.new) for h in service.history(cid)]
    with db.transaction() as session:
        [(seq, row)] = session.execute(
            text("SELECT seq, new_value FROM change_log WHERE row_id = :id AND field = :row"),
            {"id": cid, "row": ROW},
        ).all()
        for field, value in expand(ROW, row):
            session.execute(
                text(
                    "INSERT INTO change_log (table_name, row_id, operation, field, old_value, new_value, "
                    "device_id, hlc, changed_at) SELECT table_name, row_id, operation, :field, NULL, :value, "
                    "device_id, hlc, changed_at FROM change_log WHERE seq = :seq"
                ),
                {"field": field, "value": value, "seq": seq},
            )
        session.execute(text("DELETE FROM change_log WHERE seq = :seq"), {"seq": seq})
    by_field = [(h.operation, h.record, h.field, h.old, h.new) for h in service.history(cid)]
    assert sorted(by_field, key=repr) == sorted(as_rows, key=repr)
    assert ("insert", "Kontakt", "first_name", None, "Zoë") in by_field


def test_update_that_fails_validation_changes_nothing(db):
    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Schäfer", "email": "s@example.de"})
    _errors(service.update, cid, {"last_name": "Schäfer-Ludwig", "email": "kaputt"})
    assert service.load(cid)["last_name"] == "Schäfer"
    assert [h.operation for h in service.history(cid)].count("update") == 0


def test_text_longer_than_the_column_is_refused(db):
    errors = _errors(ContactService(db).create, {"kind": "person", "last_name": "x" * 101})
    assert errors["last_name"] == "„Nachname“ ist zu lang (höchstens 100 Zeichen)."


def test_deleting_a_contact_is_a_tombstone_with_its_channels(db):
    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Lefèvre", "email": "l@example.fr", "city": "Lyon"})
    service.delete(cid)
    assert service.rows() == []
    with pytest.raises(NotFoundError):
        service.load(cid)
    history = service.history(cid)
    deleted = {h.record for h in history if h.operation == "delete"}
    assert deleted == {"Kontakt", "E-Mail-Adresse", "Adresse"}


def test_delete_impact_names_what_refers_to_a_contact(db):
    contacts, projects = ContactService(db), ProjectService(db)
    cid = contacts.create({"kind": "institution", "organisation": "Markt Ebensfeld"})
    assert contacts.delete_impact(cid) == ""
    projects.create({"title": "Dorfladen", "status": "idee", "sponsor_id": cid})
    assert "Träger von 1 Projekt" in contacts.delete_impact(cid)
    assert "Projekten" not in contacts.delete_impact(cid)


def test_restricted_contacts_are_hidden_from_the_list(db):
    from regiodesk.db.models import Contact

    service = ContactService(db)
    cid = service.create({"kind": "person", "last_name": "Geheim"})
    with db.transaction() as session:
        session.get(Contact, cid).restricted = True
    assert service.rows() == []


# ------------------------------------------------------------------------- bodies
def test_body_defaults_follow_the_rules_of_procedure(db):
    service = BodyService(db)
    defaults = service.defaults()
    assert defaults["quorum_share_bp"] == 5000
    assert defaults["max_group_share_bp"] == 4900
    assert defaults["notice_days"] == 7
    assert defaults["double_quorum"] is True
    bid = service.create({"name": "LAG Obermain", "body_type": "lag"})
    assert service.load(bid)["notice_days"] == 7


def test_body_rules_are_range_checked(db):
    service = BodyService(db)
    errors = _errors(
        service.create, {"name": "", "body_type": "kaffeekranz", "notice_days": -1, "quorum_share_bp": 12000}
    )
    assert errors["name"] == "„Name“ muss ausgefüllt sein."
    assert "nicht zulässig" in errors["body_type"]
    assert errors["notice_days"] == "„Ladungsfrist (Tage)“ muss mindestens 0 sein."
    assert "zwischen 0 und 100 %" in errors["quorum_share_bp"]


def test_body_list_counts_voting_and_current_members(db):
    from regiodesk.db.models import Membership

    bodies, contacts = BodyService(db), ContactService(db)
    bid = bodies.create({"name": "LAG", "body_type": "lag"})
    people = [contacts.create({"kind": "person", "last_name": f"M{n}"}) for n in range(4)]
    with db.transaction() as session:
        session.add(Membership(body_id=bid, contact_id=people[0], role="vorsitz"))
        session.add(Membership(body_id=bid, contact_id=people[1], voting_right=False, role="beratend"))
        session.add(Membership(body_id=bid, contact_id=people[2], ends_on=date(2020, 1, 1)))
        session.add(Membership(body_id=bid, contact_id=people[3]))
    [row] = bodies.rows()
    assert row.values == ("LAG", "LAG", 2, 3)
    members = bodies.members(bid)
    assert members[0]["role"] == "vorsitz"
    bodies.delete(bid)
    assert bodies.rows() == []
    assert bodies.members(bid) == []


# ----------------------------------------------------------------------- meetings
def test_meeting_end_before_start_is_refused(db):
    bid = BodyService(db).create({"name": "LAG", "body_type": "lag"})
    service = MeetingService(db)
    errors = _errors(
        service.create,
        {
            "body_id": bid,
            "state": "geplant",
            "starts_at": datetime(2026, 3, 4, 18),
            "ends_at": datetime(2026, 3, 4, 17),
        },
    )
    assert errors == {"ends_at": "Das Ende der Sitzung liegt vor ihrem Beginn."}
    mid = service.create(
        {
            "body_id": bid,
            "state": "geplant",
            "starts_at": datetime(2026, 3, 4, 18),
            "ends_at": datetime(2026, 3, 4, 18),
        }
    )
    [row] = service.rows()
    assert row.id == mid and row.values[1] == "LAG" and row.values[4] == "geplant"


def test_meeting_needs_an_existing_body(db):
    service = MeetingService(db)
    errors = _errors(service.create, {"state": "geplant", "starts_at": datetime(2026, 3, 4, 18)})
    assert errors == {"body_id": "„Gremium“ muss ausgefüllt sein."}
    bodies = BodyService(db)
    bid = bodies.create({"name": "Alt", "body_type": "lag"})
    bodies.delete(bid)
    errors = _errors(service.create, {"body_id": bid, "state": "geplant", "starts_at": datetime(2026, 3, 4)})
    assert errors == {"body_id": "Der gewählte Eintrag für „Gremium“ existiert nicht mehr."}


# ----------------------------------------------------------------------- projects
def test_project_costs_must_be_consistent(db):
    service = ProjectService(db)
    errors = _errors(
        service.create,
        {
            "title": "Radweg",
            "status": "idee",
            "total_cost_gross_cents": 100_00,
            "eligible_cost_cents": 200_00,
            "grant_cents": 300_00,
        },
    )
    assert errors == {
        "eligible_cost_cents": "Die förderfähigen Kosten sind höher als die Gesamtkosten.",
        "grant_cents": "Der Zuschuss ist höher als die förderfähigen Kosten.",
    }
    errors = _errors(
        service.create,
        {"title": "Radweg", "status": "idee", "starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 30)},
    )
    assert errors == {"ends_on": "Das Projektende liegt vor dem Beginn."}
    errors = _errors(service.create, {"title": "Radweg", "status": "idee", "grant_cents": -1})
    assert errors == {"grant_cents": "„Zuschuss“ darf nicht negativ sein."}


def test_project_list_and_history(db):
    contacts, fields, service = ContactService(db), ActionFieldService(db), ProjectService(db)
    sponsor = contacts.create({"kind": "institution", "organisation": "Gemeinde Großheirath"})
    hf = fields.create({"code": "HF 2", "name": "Tourismus", "planned_budget_cents": 500_000_00})
    pid = service.create(
        {
            "title": "Wanderweg",
            "status": "bewilligt",
            "sponsor_id": sponsor,
            "action_field_id": hf,
            "eligible_cost_cents": 80_000_00,
            "grant_cents": 40_000_00,
        }
    )
    [row] = service.rows()
    assert row.values == (
        "Wanderweg",
        "Gemeinde Großheirath",
        "HF 2 Tourismus",
        "bewilligt",
        8_000_000,
        4_000_000,
    )
    service.update(pid, {"grant_cents": 38_000_00})
    changes = [(h.field, h.old, h.new) for h in service.history(pid) if h.operation == "update"]
    assert changes == [("grant_cents", 4_000_000, 3_800_000)]
    [hf_row] = fields.rows()
    assert hf_row.values == ("HF 2", "Tourismus", 50_000_000, 1, 3_800_000, 46_200_000)


def test_action_field_budget_counts_only_approved_live_projects(db):
    fields, service = ActionFieldService(db), ProjectService(db)
    hf = fields.create({"code": "HF 1", "name": "Daseinsvorsorge", "planned_budget_cents": 100_00})
    service.create(
        {
            "title": "Idee",
            "status": "idee",
            "action_field_id": hf,
            "grant_cents": 10_00,
            "eligible_cost_cents": 20_00,
        }
    )
    gone = service.create(
        {
            "title": "Weg",
            "status": "bewilligt",
            "action_field_id": hf,
            "grant_cents": 30_00,
            "eligible_cost_cents": 60_00,
        }
    )
    service.create(
        {
            "title": "Da",
            "status": "abgeschlossen",
            "action_field_id": hf,
            "grant_cents": 5_00,
            "eligible_cost_cents": 10_00,
        }
    )
    service.delete(gone)
    [row] = fields.rows()
    assert row.values[3:] == (2, 5_00, 95_00)
    assert "2 Projekte" in fields.delete_impact(hf)


def test_history_of_an_unknown_record(db):
    with pytest.raises(NotFoundError):
        ProjectService(db).history("nope")


@pytest.mark.file_only(reason="reads SQLite's query plans")
def test_a_records_change_log_is_read_through_an_index_not_the_whole_log(db):
    # The Verlauf, the Auskunft and the erasure ask for a record's entries by row id; reading
    # a large region's whole log for that took 0.7 s per click (seconds from a cold disk).
    from sqlalchemy import event

    from regiodesk.services.contacts_privacy import PrivacyService

    contacts = ContactService(db)
    cid = contacts.create({"kind": "person", "last_name": "Kaya", "email": "kaya@example.org"})
    asked: list[tuple[str, tuple]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "change_log" in statement and "WHERE" in statement and not executemany:
            asked.append((statement, tuple(parameters)))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert contacts.history(cid)
        privacy = PrivacyService(db)
        assert privacy.auskunft(cid)
        privacy.erase(cid)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert sum(s.startswith("UPDATE change_log") for s, _ in asked) == 1  # the erasure's
    assert len(asked) >= 3
    with db.engine.connect() as connection:
        for statement, parameters in asked:
            plan = " ".join(
                row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert "SCAN change_log" not in plan, (statement, plan)


def test_rows_for_some_ids_match_the_full_list(db):
    contacts = ContactService(db)
    ids = [
        contacts.create({"kind": "person", "last_name": f"N{n}", "email": f"n{n}@example.de"})
        for n in range(5)
    ]
    full = {row.id: row for row in contacts.rows()}
    some = contacts.rows(ids=ids[1:3])
    # the order is the list view's business (it sorts); the rows are exactly the asked ones
    assert sorted(row.id for row in some) == sorted(ids[1:3])
    assert all(row == full[row.id] for row in some)
    contacts.delete(ids[1])
    assert [row.id for row in contacts.rows(ids=ids[1:3])] == [ids[2]]


def test_a_column_that_cannot_be_empty_is_a_required_field(db):
    service = ActionFieldService(db)
    assert service.field("planned_budget_cents").required
    hf = service.create({"name": "Tourismus", "planned_budget_cents": 100})
    with pytest.raises(ValidationError) as info:
        service.update(hf, {"planned_budget_cents": None})
    assert info.value.errors == {"planned_budget_cents": "„Budget geplant“ muss ausgefüllt sein."}
    assert not ContactService(db).field("first_name").required  # empty text is a value


def test_the_streamed_contact_list_is_the_list_with_one_string_per_town(db):
    """80,000 contacts live in 14 towns: the list holds each town's name once."""
    service = ContactService(db)
    for last in ("Albrecht", "Bauer", "Christ"):
        service.create({"kind": "person", "last_name": last, "city": "Bad Rodach", "organisation": "LAG"})
    service.create({"kind": "institution", "organisation": "Markt Ebern", "city": ""})
    streamed = list(service.stream_rows())
    assert sorted(streamed, key=lambda r: r.id) == sorted(service.rows(), key=lambda r: r.id)
    towns = [row.values[3] for row in streamed if row.values[3]]
    assert towns == ["Bad Rodach"] * 3
    assert towns[0] is towns[1] is towns[2]
    assert sorted(row.values[0] for row in streamed) == ["Albrecht", "Bauer", "Christ", "Markt Ebern"]


@pytest.mark.file_only(reason="writes a row's stored text with sqlite3, as another tool would")
@pytest.mark.parametrize(
    "stored", ["2026-01-01 10:00:00", "2026-01-01T10:00:00.5", "2026-01-01 10:00:00.250"]
)
def test_a_record_another_tool_stamped_in_its_own_format_can_be_saved_and_deleted(db, stored):
    """The version check compares the stored text: a moment written in another form than the
    program's must not make the record unsaveable (it matched nothing and every save was refused)."""
    import sqlite3

    from regiodesk.services.contacts import ContactService

    contacts = ContactService(db)
    ids = [contacts.create({"kind": "person", "last_name": name}) for name in ("Alt", "Weg")]
    con = sqlite3.connect(db.path)
    with con:
        con.executemany("UPDATE contact SET modified_at = ? WHERE id = ?", [(stored, i) for i in ids])
    con.close()
    seen = contacts.load(ids[0])
    contacts.update(ids[0], {"last_name": "Neu"}, seen=seen)
    assert contacts.load(ids[0])["last_name"] == "Neu"
    contacts.delete(ids[1], seen=contacts.load(ids[1]))
    assert ids[1] not in {row.id for row in contacts.rows()}
