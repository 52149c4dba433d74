"""Data protection for one person: the Auskunft (Art. 15), erasure (Art. 17) and, where minutes
or funding files must be kept, restriction instead (Art. 18) — as the office relies on them."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

import pytest
from contact_helpers import person
from document_helpers import pdf_text
from sqlalchemy import select

from regiodesk.db.models import Address, ChangeLogEntry, Contact, ContactEmail, ContactPhone
from regiodesk.domain.errors import NotFoundError
from regiodesk.reports import contact_letters, contacts_export
from regiodesk.reports.meeting_docs import minutes_pdf
from regiodesk.services.bodies import BodyService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.contact_details import set_contact_tags
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService, ContactFilter, ContactListService
from regiodesk.services.contacts_privacy import PrivacyService, RetentionRequired
from regiodesk.services.lookups import options
from regiodesk.services.meetings import MeetingService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.project_contacts import ProjectContactService
from regiodesk.services.projects import ProjectService


@pytest.fixture
def ayse(db):
    """Dr. Ayşe Öztürk: consents (one withdrawn), LAG member, present at a meeting, in a project,
    and with a changed surname in the change log."""
    cid = person(
        db,
        "Ayşe",
        "Yılmaz",
        salutation="Frau",
        title="Dr.",
        email="ayse.oeztuerk@example.org",
        phone="09571 4711",
        street="Marktplatz 3",
        postal_code="96247",
        city="Mühlbach",
        notes="bevorzugt Anruf vormittags",
    )
    ContactService(db).update(cid, {"last_name": "Öztürk"})
    set_contact_tags(db, cid, ["Presse"])
    consents = ConsentService(db, cid)
    consents.give(cid, "Newsletter", date(2025, 3, 1), "email", text="Ich möchte den Newsletter erhalten.")
    photos = consents.give(cid, "Fotos", date(2025, 1, 6), source="Teilnehmerliste Werkstatt")
    consents.withdraw(photos, date(2025, 2, 14))
    body = BodyService(db).create({"name": "LAG Obermain", "body_type": "lag"})
    MembershipService(db, body).create({"contact_id": cid, "role": "mitglied", "starts_on": date(2024, 5, 1)})
    meeting = MeetingService(db).create(
        {"body_id": body, "state": "eingeladen", "starts_at": datetime(2026, 3, 9, 18, 30)}
    )
    MeetingConduct(db).set_attendance(meeting, cid, "anwesend")
    project = ProjectService(db).create({"title": "Dorfladen Weißenbrunn", "status": "in_beratung"})
    ProjectContactService(db, project).create({"project_id": project, "contact_id": cid, "role": "Beraterin"})
    return {"id": cid, "body": body, "meeting": meeting, "project": project}


# ------------------------------------------------------------------------------------ Auskunft
def test_auskunft_json_holds_everything_about_the_person(db, ayse):
    data = json.loads(contact_letters.auskunft_json(db, ayse["id"]))
    k = data["kontakt"]
    assert (k["anrede"], k["titel"], k["vorname"], k["nachname"]) == ("Frau", "Dr.", "Ayşe", "Öztürk")
    assert k["notizen"] == "bevorzugt Anruf vormittags" and k["eingeschraenkt"] is False
    assert data["adressen"] == [
        {
            "art": "dienstlich",
            "strasse": "Marktplatz 3",
            "plz": "96247",
            "ort": "Mühlbach",
            "land": "Deutschland",
        }
    ]
    assert data["e_mail_adressen"] == [{"art": "dienstlich", "adresse": "ayse.oeztuerk@example.org"}]
    # as stored: the form stores the international form (see services.contact_values)
    assert data["telefonnummern"] == [{"art": "dienstlich", "nummer": "+49 9571 4711"}]
    assert data["schlagwoerter"] == ["Presse"]
    consents = {c["zweck"]: c for c in data["einwilligungen"]}
    assert consents["Newsletter"]["erteilt_am"] == "2025-03-01"
    assert consents["Newsletter"]["wie"] == "E-Mail"
    assert consents["Newsletter"]["text"] == "Ich möchte den Newsletter erhalten."
    assert consents["Newsletter"]["widerrufen_am"] is None
    assert consents["Fotos"]["widerrufen_am"] == "2025-02-14"
    assert consents["Fotos"]["quelle"] == "Teilnehmerliste Werkstatt"
    assert data["mitgliedschaften"] == [
        {
            "gremium": "LAG Obermain",
            "als": "Mitglied",
            "stimmberechtigt": True,
            "von": "2024-05-01",
            "bis": None,
        }
    ]
    assert [(s["datum"], s["teilnahme"]) for s in data["sitzungen"]] == [("2026-03-09", "anwesend")]
    assert data["projekte"] == [
        {"projekt": "Dorfladen Weißenbrunn", "rolle": "Beraterin", "status": "in Beratung"}
    ]
    # the change log: the old surname is part of what is held about her
    renames = [
        e for e in data["aenderungsprotokoll"] if e["feld"] == "Nachname" and e["vorgang"] == "geändert"
    ]
    assert [(e["alt"], e["neu"]) for e in renames] == [("Yılmaz", "Öztürk")]
    assert any(
        e["bereich"] == "Einwilligung" and e["neu"] == "Newsletter" for e in data["aenderungsprotokoll"]
    )
    # sorted as it happened: the insert of the contact comes before the rename
    times = [e["zeitpunkt"] for e in data["aenderungsprotokoll"]]
    assert times == sorted(times)


def test_auskunft_pdf_shows_the_same(db, ayse):
    text = pdf_text(contact_letters.auskunft_pdf(db, ayse["id"]))
    assert "Auskunft über gespeicherte personenbezogene Daten" in text
    for expected in (
        "Dr. Ayşe Öztürk",
        "Marktplatz 3",
        "Mühlbach",
        "ayse.oeztuerk@example.org",
        "+49 9571 4711",
        "Presse",
        "Newsletter",
        "01.03.2025",
        "14.02.2025",  # the withdrawal of the photo consent
        "LAG Obermain",
        "09.03.2026",
        "Dorfladen Weißenbrunn",
        "Beraterin",
        "Yılmaz",  # the old surname in the change log
        "bevorzugt Anruf vormittags",
    ):
        assert expected in text, expected
    assert "Seite 1 von" in text


def test_auskunft_of_an_unknown_person_is_a_clear_german_error(db):
    with pytest.raises(NotFoundError, match="Kontakt nicht gefunden"):
        PrivacyService(db).auskunft("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError, match="Kontakt nicht gefunden"):
        contact_letters.auskunft_pdf(db, "00000000-0000-0000-0000-000000000000")


# ------------------------------------------------------------------------------------ erasure
def _dump(db) -> str:
    """Every value in the database file as SQL text (what anyone opening the file could read)."""
    con = sqlite3.connect(db.path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


@pytest.mark.file_only(reason="searches the file's SQL dump for the erased values")
def test_erasing_a_person_without_records_to_keep_removes_every_personal_value(db):
    cid = person(
        db,
        "Kerstin",
        "Zwiebelhuber",
        salutation="Frau",
        email="zwiebelhuber@example.org",
        phone="0171 9988776",
        street="Hohlweg 7",
        postal_code="96253",
        city="Steinbühl",
        notes="Nachbarin von Herrn Maier",
    )
    ContactService(db).update(cid, {"last_name": "Zwiebelhuber-Kern"})
    set_contact_tags(db, cid, ["Presse"])
    ConsentService(db, cid).give(cid, "Newsletter", date(2025, 1, 1), text="Einwilligung Kerstin Z.")
    other = person(db, "Otto", "Bleibt", email="otto@example.org")
    assert PrivacyService(db).retention_reasons(cid) == []

    PrivacyService(db).erase(cid)

    with db.session() as session:
        contact = session.get(Contact, cid)
        assert contact.deleted_at is not None
        assert (contact.first_name, contact.last_name, contact.salutation, contact.notes) == ("", "", "", "")
        assert [
            e.address for e in session.scalars(select(ContactEmail).where(ContactEmail.contact_id == cid))
        ] == [""]
        assert [
            p.number for p in session.scalars(select(ContactPhone).where(ContactPhone.contact_id == cid))
        ] == [""]
        (address,) = session.scalars(select(Address).where(Address.contact_id == cid))
        assert (address.street, address.postal_code, address.city) == ("", "", "")
        assert address.deleted_at is not None
        # the change log keeps that a record existed and was deleted, not what it said
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.row_id == cid)).all()
        assert any(e.operation == "delete" for e in entries)
        assert all(e.old_value is None and e.new_value is None for e in entries if e.field != "deleted_at")
    dump = _dump(db)
    for value in ("Kerstin", "Zwiebelhuber", "zwiebelhuber@example.org", "9988776", "Hohlweg", "Nachbarin"):
        assert value not in dump, value
    assert "otto@example.org" in dump  # nobody else's data went with it
    assert ContactListService(db).ids() == [other]
    assert [r.id for r in ContactService(db).rows()] == [other]


def test_erasing_twice_says_the_person_is_gone(db):
    cid = person(db, "Kurt", "Kurz")
    PrivacyService(db).erase(cid)
    with pytest.raises(NotFoundError, match="nicht gefunden"):
        PrivacyService(db).erase(cid)
    with pytest.raises(NotFoundError):
        PrivacyService(db).auskunft(cid)


def test_a_person_in_minutes_and_funding_records_is_not_erased_but_offered_restriction(db, ayse):
    privacy = PrivacyService(db)
    reasons = privacy.retention_reasons(ayse["id"])
    assert "steht in Anwesenheitslisten von Sitzungen" in reasons
    assert "ist an einem Projekt beteiligt (Förderakte)" in reasons
    assert any("Mitglied" in r for r in reasons)
    with pytest.raises(RetentionRequired) as refused:
        privacy.erase(ayse["id"])
    message = str(refused.value)
    assert message.startswith("„Dr. Ayşe Öztürk“ kann nicht gelöscht werden")
    assert "Anwesenheitslisten" in message and "Förderakte" in message
    assert "Art. 18" in message and "eingeschränkt" in message
    assert refused.value.reasons == reasons
    # refused means: nothing changed
    data = privacy.auskunft(ayse["id"])
    assert data["kontakt"]["nachname"] == "Öztürk"
    assert data["e_mail_adressen"] == [{"art": "dienstlich", "adresse": "ayse.oeztuerk@example.org"}]


def test_a_project_sponsor_is_kept_for_the_funding_file(db):
    cid = person(db, "Paul", "Träger")
    ProjectService(db).create({"title": "Backhaus", "status": "bewilligt", "sponsor_id": cid})
    with pytest.raises(RetentionRequired, match="ist Projektträger"):
        PrivacyService(db).erase(cid)


def test_a_restricted_person_is_in_no_list_or_export_but_still_in_the_minutes(db, ayse):
    other = person(db, "Otto", "Offen", email="otto@example.org", city="Kulmbach")
    ConsentService(db, other).give(other, "Newsletter", date(2025, 1, 1))
    privacy = PrivacyService(db)
    privacy.restrict(ayse["id"])
    privacy.restrict(ayse["id"])  # twice is harmless

    assert privacy.restricted() == [(ayse["id"], "Dr. Ayşe Öztürk")]
    assert ContactListService(db).ids() == [other]
    assert [r.id for r in ContactService(db).rows()] == [other]
    assert ayse["id"] not in [value for value, _label in options(db, "contacts")]
    assert "ayse" not in " ".join(ContactListService(db).email_addresses())
    vcf = contacts_export.contacts_vcf(db).decode("utf-8")
    assert "Öztürk" not in vcf and "Otto" in vcf
    assert "Öztürk" not in contacts_export.contacts_csv(db).decode("utf-8-sig")
    assert ContactListService(db).ids(ContactFilter(consent="Newsletter")) == [other]
    # the minutes still name who was there
    assert "Öztürk" in pdf_text(minutes_pdf(db, ayse["meeting"]))
    assert [r.name for r in MeetingConduct(db).attendance(ayse["meeting"])] == ["Dr. Ayşe Öztürk"]

    privacy.lift_restriction(ayse["id"])
    assert ayse["id"] in ContactListService(db).ids()


def test_restricting_then_erasing(db, ayse):
    privacy = PrivacyService(db)
    privacy.restrict(ayse["id"])
    with pytest.raises(RetentionRequired):
        privacy.erase(ayse["id"])  # restriction does not lift the retention duty
    assert privacy.restricted() == [(ayse["id"], "Dr. Ayşe Öztürk")]
    # a restricted person with nothing to keep can still be erased
    loose = person(db, "Lea", "Los")
    privacy.restrict(loose)
    privacy.erase(loose)
    assert [cid for cid, _name in privacy.restricted()] == [ayse["id"]]


def test_auskunft_of_a_restricted_person(db, ayse):
    PrivacyService(db).restrict(ayse["id"])
    data = PrivacyService(db).auskunft(ayse["id"])
    assert data["kontakt"]["eingeschraenkt"] is True
    assert data["kontakt"]["nachname"] == "Öztürk"
    text = pdf_text(contact_letters.auskunft_pdf(db, ayse["id"]))
    assert "Verarbeitung eingeschränkt ja" in text
    assert "Dr. Ayşe Öztürk" in text


def test_auskunft_names_the_meeting_and_item_of_each_named_vote_and_conflict(lag):
    db = lag["db"]
    conduct = MeetingConduct(db)
    for n in range(10):
        conduct.set_attendance(lag["meeting"], lag[f"m{n}"], "anwesend")
    conduct.declare_conflict(lag["items"]["select"], lag["m4"], "Mitglied im Trägerverein")
    named = {lag[f"m{n}"]: "ja" if n < 7 else "nein" for n in range(10)}
    conduct.record_vote(lag["items"]["budget"], 7, 3, 0, named=named)
    data = json.loads(contact_letters.auskunft_json(db, lag["m8"]))
    assert data["abstimmungen_und_erklaerungen"] == [
        {
            "art": "namentliche Stimme",
            "gegenstand": "Sitzung am 09.03.2026, TOP 3 Jahresbudget",
            "angabe": "Nein",
        }
    ]
    entries = json.loads(contact_letters.auskunft_json(db, lag["m4"]))["abstimmungen_und_erklaerungen"]
    assert [(e["art"], e["gegenstand"], e["angabe"]) for e in entries] == [
        (
            "Interessenkonflikt",
            "Sitzung am 09.03.2026, TOP 2 Projektauswahl Dorfladen",
            "Mitglied im Trägerverein",
        ),
        ("namentliche Stimme", "Sitzung am 09.03.2026, TOP 3 Jahresbudget", "Ja"),
    ]


def test_auskunft_history_shows_labels_and_keeps_the_keys_beside_them(db, ayse):
    """„muendlich“ and „email“ are keys; the person reads „mündlich“ and „E-Mail“ (PDF and JSON)."""
    consents = ConsentService(db, ayse["id"])
    consent = consents.give(ayse["id"], "Pressefotos", date(2025, 4, 1), "muendlich")
    consents.update(consent, {"method": "email"})
    data = json.loads(contact_letters.auskunft_json(db, ayse["id"]))
    [change] = [
        e for e in data["aenderungsprotokoll"] if e["spalte"] == "method" and e["vorgang"] == "geändert"
    ]
    assert (change["feld"], change["alt"], change["neu"]) == (
        "wie erteilt",
        "mündlich",
        "E-Mail",
    )  # the form's label
    assert (change["alt_schluessel"], change["neu_schluessel"]) == ("muendlich", "email")
    assert change["tabelle"] == "consent"
    text = pdf_text(contact_letters.auskunft_pdf(db, ayse["id"]))
    assert "mündlich" in text and "E-Mail" in text
    assert "muendlich" not in text
