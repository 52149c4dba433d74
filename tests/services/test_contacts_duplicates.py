"""Duplicates (Dubletten): the variants offices type are found, different people are not, and a
merge loses nothing that refers to the merged-away contact."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from regiodesk.db.changelog import expand
from regiodesk.db.custody import list_backups
from regiodesk.db.models import (
    Address,
    Affiliation,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    ChangeLogEntry,
    ConflictOfInterest,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    Meeting,
    Membership,
    NamedVote,
    Project,
    ProjectContact,
    Vote,
    WrittenProcedure,
    WrittenProcedureAnswer,
)
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.services.contact_details import appearances, contact_tags, set_contact_tags
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_duplicates import DuplicateService, contact_references
from regiodesk.services.contacts_import import SKIP, ContactImportService
from regiodesk.services.contacts_lists import ConsentService, ContactListService


def _person(db, first, last, **values) -> str:
    return ContactService(db).create({"kind": "person", "first_name": first, "last_name": last, **values})


def _institution(db, name, **values) -> str:
    return ContactService(db).create({"kind": "institution", "organisation": name, **values})


def _found(db, **values) -> list[tuple[str, str, bool]]:
    """(id, reason, strong) of each candidate for the values about to be saved."""
    values.setdefault("kind", "person")
    return [(c.contact_id, c.reason, c.strong) for c in DuplicateService(db).candidates(values)]


# ------------------------------------------------------------------------------- detection
@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Hans", "Mueller"),  # umlaut written out
        ("Hans", "Muller"),  # umlaut dropped
        ("HANS", "MÜLLER"),  # case
        ("  Hans ", " Müller  "),  # extra whitespace
        ("H.", "Müller"),  # an initial
        ("Hans", "Müler"),  # one typo in a long enough name
    ],
)
def test_name_variants_at_the_same_institution_are_found(db, first, last):
    existing = _person(db, "Hans", "Müller", organisation="Gemeinde Ahorn")
    assert _found(db, first_name=first, last_name=last, organisation="GEMEINDE  AHORN") == [
        (existing, "ähnlicher Name bei derselben Institution", False)
    ]


@pytest.mark.parametrize(
    ("street", "postal_code", "city", "last"),
    [
        ("Hauptstr. 5", "96450", "Coburg", "Weiss"),  # ß as ss, street abbreviated
        ("Haupt-Straße 5", "96450", "", "weiß"),
        ("Hauptstrasse 5", "", "coburg", "WEISS"),  # the town instead of the postal code
    ],
)
def test_sz_and_street_variants_at_the_same_address_are_found(db, street, postal_code, city, last):
    existing = _person(
        db, "Zoë", "Weiß", street="Hauptstraße 5", postal_code="96450" if postal_code else "", city="Coburg"
    )
    place = {"street": street, "postal_code": postal_code, "city": city}
    assert _found(db, first_name="Zoe", last_name=last, **place) == [
        (existing, "ähnlicher Name unter derselben Adresse", False)
    ]


def test_same_email_with_a_different_name_is_a_strong_match(db):
    existing = _person(db, "Ayşe", "Öztürk", email="a.oeztuerk@ahorn.de")
    found = _found(db, first_name="Ayse", last_name="Yılmaz", email=" A.Oeztuerk@Ahorn.DE ")
    assert found == [(existing, "gleiche E-Mail-Adresse a.oeztuerk@ahorn.de", True)]


def test_legal_form_spellings_of_an_institution_are_one_institution(db):
    first = _institution(db, "Heimatverein Obermain e.V.")
    for spelling in ("Heimatverein Obermain e. V.", "HEIMATVEREIN OBERMAIN EV", "Heimatverein  Obermain"):
        assert _found(db, kind="institution", organisation=spelling) == [
            (first, "gleicher Name der Institution", False)
        ]


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"first_name": "Peter", "last_name": "Müller", "organisation": "Gemeinde Ahorn"}, "first name"),
        ({"first_name": "Hans", "last_name": "Schmidt", "organisation": "Gemeinde Ahorn"}, "last name"),
        ({"first_name": "Hans", "last_name": "Müller", "organisation": "Gemeinde Rödental"}, "elsewhere"),
        ({"first_name": "Hans", "last_name": "Müller"}, "no institution, address or e-mail in common"),
        ({"kind": "institution", "organisation": "Gemeinde Ahorn"}, "the institution is no person"),
    ],
)
def test_clearly_different_people_are_not_flagged(db, values, why):
    _person(db, "Hans", "Müller", organisation="Gemeinde Ahorn", email="hans@ahorn.de")
    assert _found(db, **values) == [], why


def test_short_names_one_letter_apart_are_different_people(db):
    _person(db, "Eva", "Kuhn", organisation="Gemeinde Ahorn")
    assert _found(db, first_name="Eva", last_name="Kahn", organisation="Gemeinde Ahorn") == []


def test_the_contact_being_edited_is_not_its_own_duplicate(db):
    cid = _person(db, "Hans", "Müller", email="hans@ahorn.de")
    assert DuplicateService(db).candidates({"last_name": "Müller", "email": "hans@ahorn.de"}, cid) == []


def test_batch_finds_every_pair_groups_them_and_ignores_deleted_contacts(db):
    mueller = _person(db, "Hans", "Müller", organisation="Gemeinde Ahorn", email="hans@ahorn.de")
    mueller2 = _person(db, "Hans", "Mueller", organisation="Gemeinde Ahorn")
    mueller3 = _person(db, "Johann", "Müller", email="HANS@ahorn.de")  # same address, other name
    verein = _institution(db, "Heimatverein Obermain e.V.")
    verein2 = _institution(db, "Heimatverein Obermain e. V.")
    _person(db, "Peter", "Müller", organisation="Gemeinde Ahorn")
    _person(db, "Hans", "Müller", organisation="Gemeinde Rödental")
    gone = _person(db, "Hans", "Müller", organisation="Gemeinde Ahorn")
    ContactService(db).delete(gone)

    service = DuplicateService(db)
    pairs = service.find_all()
    got = {(frozenset((p.a, p.b)), p.reason, p.strong) for p in pairs}
    assert got == {
        (frozenset((mueller, mueller3)), "gleiche E-Mail-Adresse hans@ahorn.de", True),
        (frozenset((mueller, mueller2)), "ähnlicher Name bei derselben Institution", False),
        (frozenset((verein, verein2)), "gleicher Name der Institution", False),
    }
    assert pairs[0].strong  # the certain ones first
    names = {p.a: p.a_name for p in pairs} | {p.b: p.b_name for p in pairs}
    assert names[verein2] == "Heimatverein Obermain e. V." and names[mueller2] == "Hans Mueller"
    assert service.groups(pairs) == sorted(
        [sorted([mueller, mueller2, mueller3]), sorted([verein, verein2])], key=lambda g: g[0]
    )


def test_import_marks_a_titled_and_respelled_name_as_a_duplicate_of_an_existing_contact(db, tmp_path):
    existing = _person(db, "Hans", "Müller", organisation="Gemeinde Ahorn")
    other = _person(db, "Jürgen", "Weiß", email="j.weiss@example.de")
    book = Workbook()
    ws = book.active
    ws.append(["Name", "Institution", "E-Mail"])
    ws.append(["Dr. Hans Mueller", "Gemeinde Ahorn", None])
    ws.append(["Weiss, Jürgen", None, "J.Weiss@example.de"])
    ws.append(["Hans Müller", "Gemeinde Rödental", None])
    path = tmp_path / "liste.xlsx"
    book.save(path)
    preview = ContactImportService(db).preview(path)
    row = preview.row(2)
    assert row.values["title"] == "Dr." and row.values["last_name"] == "Mueller"
    assert [(d.record_id, d.name, d.strong) for d in row.duplicates] == [(existing, "Hans Müller", False)]
    assert row.action == SKIP  # a similar name only: the user decides
    assert [(d.record_id, d.strong) for d in preview.row(3).duplicates] == [(other, True)]
    assert preview.row(3).action == "update" and preview.row(3).target_id == other
    assert preview.row(4).duplicates == [] and preview.row(4).action == "create"


# ------------------------------------------------------------------------------- merging
@pytest.fixture
def linked(db):
    """Two records of one person; the second (drop) appears everywhere a contact can appear."""
    keep = _person(
        db,
        "Hans",
        "Müller",
        salutation="Herr",
        email="hans@ahorn.de",
        phone="09561 12345",
        street="Hauptstraße 5",
        postal_code="96482",
        city="Ahorn",
        notes="Bürgermeister",
    )
    drop = _person(
        db,
        "Hans",
        "Mueller",
        title="Dr.",
        email="hans.mueller@web.de",
        phone="+49 9561 12345",  # the same number, written differently
        street="Am Anger 1",
        postal_code="96450",
        city="Coburg",
        notes="privat erreichbar",
    )
    other = _person(db, "Eva", "Lang")
    institution = _institution(db, "Gemeinde Ahorn")
    with db.transaction() as session:
        session.add_all(
            [
                ContactEmail(contact_id=drop, address="hans@ahorn.de", kind="privat"),  # a double
                ContactPhone(contact_id=drop, number="0171 1234567", kind="mobil"),
            ]
        )
        session.add(Affiliation(person_id=drop, institution_id=institution, function="Bürgermeister"))
        lag = Body(name="LAG Obermain")
        board = Body(name="Steuerungsgruppe")
        session.add_all([lag, board])
        session.flush()
        session.add(Membership(body_id=lag.id, contact_id=drop, institution_id=institution))
        session.add(Membership(body_id=board.id, contact_id=other, deputy_id=drop))
        meeting = Meeting(body_id=lag.id, starts_at=datetime(2026, 3, 9, 18, 30), chair_id=drop)
        session.add(meeting)
        session.flush()
        item = AgendaItem(meeting_id=meeting.id, title="Projektauswahl", number="1")
        session.add(item)
        session.flush()
        session.add(Attendance(meeting_id=meeting.id, contact_id=drop, status="anwesend"))
        session.add(Attendance(meeting_id=meeting.id, contact_id=other, represented_by_id=drop))
        session.add(ConflictOfInterest(agenda_item_id=item.id, contact_id=drop, reason="Vorstand"))
        voted = datetime(2026, 3, 9, 19, tzinfo=timezone.utc)
        vote = Vote(agenda_item_id=item.id, named=True, result="angenommen", recorded_at=voted)
        session.add(vote)
        session.flush()
        session.add(NamedVote(vote_id=vote.id, contact_id=drop, choice="ja"))
        procedure = WrittenProcedure(
            body_id=lag.id, subject="Budget 2026", started_on=date(2026, 4, 1), deadline=date(2026, 4, 15)
        )
        session.add(procedure)
        session.flush()
        session.add(WrittenProcedureAnswer(procedure_id=procedure.id, contact_id=drop, answer="ja"))
        project = Project(title="Dorfladen Weißenbrunn", sponsor_id=drop)
        planning = Project(title="Radweg Maintal")
        session.add_all([project, planning])
        session.flush()
        session.add(ProjectContact(project_id=planning.id, contact_id=drop, role="Planer"))
        session.add(Attachment(owner_table="contact", owner_id=drop, filename="vollmacht.pdf", data=b"%PDF"))
    set_contact_tags(db, keep, ["Presse", "LAG-Mitglied"])
    set_contact_tags(db, drop, ["presse", "Ehrenamt"])
    consents = ConsentService(db, drop)
    consents.give(drop, "Newsletter", date(2025, 1, 10), text="Ich möchte den Newsletter erhalten.")
    return {"db": db, "keep": keep, "drop": drop, "other": other, "institution": institution}


def _live(session, model, contact_id, column="contact_id"):
    return list(
        session.scalars(
            select(model)
            .where(getattr(model, column) == contact_id, model.deleted_at.is_(None))
            .order_by(model.created_at)
        )
    )


def test_merge_moves_everything_linked_and_tombstones_the_other(linked):
    db, keep, drop = linked["db"], linked["keep"], linked["drop"]
    before = {(m.__tablename__, a) for m, a in contact_references()}
    DuplicateService(db).merge(keep, drop, take_from_drop=["last_name"])

    with db.session() as session:
        # nothing refers to the merged-away contact any more, in any table that can refer to one
        for model, attr in contact_references():
            left = session.scalar(select(func.count()).where(getattr(model, attr) == drop))
            assert left == 0, f"{model.__tablename__}.{attr} still points at the merged contact"
        assert (
            session.scalar(
                select(func.count()).where(Attachment.owner_table == "contact", Attachment.owner_id == drop)
            )
            == 0
        )
        kept = session.get(Contact, keep)
        gone = session.get(Contact, drop)
        assert gone is not None and gone.deleted_at is not None  # a tombstone, not a hole
        assert kept.deleted_at is None
        # fields: chosen from the other, empty ones filled, the rest kept
        assert (kept.first_name, kept.last_name, kept.title, kept.notes) == (
            "Hans",
            "Mueller",
            "Dr.",
            "Bürgermeister",
        )
        assert sorted(e.address for e in _live(session, ContactEmail, keep)) == [
            "hans.mueller@web.de",
            "hans@ahorn.de",
        ]
        # the same number in two spellings is kept once (the kept contact's)
        assert sorted(p.number for p in _live(session, ContactPhone, keep)) == [
            "+49 9561 12345",
            "0171 1234567",
        ]
        assert sorted((a.street, a.city) for a in _live(session, Address, keep)) == [
            ("Am Anger 1", "Coburg"),
            ("Hauptstraße 5", "Ahorn"),
        ]
        assert [c.purpose for c in _live(session, Consent, keep)] == ["Newsletter"]
        assert [a.function for a in _live(session, Affiliation, keep, "person_id")] == ["Bürgermeister"]
        assert len(_live(session, Membership, keep)) == 1
        assert len(_live(session, Membership, keep, "deputy_id")) == 1
        assert len(_live(session, Attendance, keep)) == 1
        assert len(_live(session, Attendance, keep, "represented_by_id")) == 1
        assert len(_live(session, ConflictOfInterest, keep)) == 1
        assert len(_live(session, NamedVote, keep)) == 1
        assert len(_live(session, WrittenProcedureAnswer, keep)) == 1
        assert len(_live(session, Meeting, keep, "chair_id")) == 1
        assert [p.title for p in _live(session, Project, keep, "sponsor_id")] == ["Dorfladen Weißenbrunn"]
        assert [p.role for p in _live(session, ProjectContact, keep)] == ["Planer"]
        assert [a.filename for a in _live(session, Attachment, keep, "owner_id")] == ["vollmacht.pdf"]
    assert before == {(m.__tablename__, a) for m, a in contact_references()}

    assert contact_tags(db, keep) == ["Ehrenamt", "LAG-Mitglied", "Presse"]  # "presse" not twice
    assert ConsentService(db).has_valid(keep, "Newsletter", date(2026, 1, 1))
    areas = sorted((a.area, a.what) for a in appearances(db, keep))
    assert ("Gremium", "LAG Obermain") in areas and ("Gremium", "Steuerungsgruppe") in areas
    assert ("Projekt", "Dorfladen Weißenbrunn") in areas and ("Projekt", "Radweg Maintal") in areas
    assert any(area == "Sitzung" for area, _what in areas)
    # the merged-away contact is in no list and no duplicate pair any more
    assert drop not in ContactListService(db).ids()
    assert drop not in {row.id for row in ContactService(db).rows()}
    assert all(drop not in (p.a, p.b) for p in DuplicateService(db).find_all())


def test_merge_keeps_one_phone_when_both_hold_the_same_number_in_other_formats(linked):
    db, keep, drop = linked["db"], linked["keep"], linked["drop"]
    DuplicateService(db).merge(keep, drop)
    with db.session() as session:
        numbers = sorted(p.number for p in _live(session, ContactPhone, keep))
    assert numbers == ["+49 9561 12345", "0171 1234567"]


def test_merge_is_in_the_change_log_with_the_old_values(linked):
    db, keep, drop = linked["db"], linked["keep"], linked["drop"]
    DuplicateService(db).merge(keep, drop, take_from_drop=["last_name", "notes"])
    with db.session() as session:

        def entries(row_id, field):
            return [
                (e.operation, json.loads(e.old_value or "null"), json.loads(new or "null"))
                for e in session.scalars(
                    select(ChangeLogEntry).where(ChangeLogEntry.row_id == row_id).order_by(ChangeLogEntry.seq)
                )
                for f, new in expand(e.field, e.new_value)
                if f == field
            ]

        assert entries(keep, "last_name")[-1][1:] == ("Müller", "Mueller")
        assert entries(keep, "notes")[-1][1:] == ("Bürgermeister", "privat erreichbar")
        membership = session.scalars(select(Membership.id).where(Membership.contact_id == keep)).one()
        assert entries(membership, "contact_id")[-1][1:] == (drop, keep)
        sponsor = session.scalars(select(Project.id).where(Project.sponsor_id == keep)).one()
        assert entries(sponsor, "sponsor_id")[-1][1:] == (drop, keep)
        deleted = entries(drop, "deleted_at")
        assert deleted and deleted[-1][1] is None and deleted[-1][2] is not None
        # the merged-away record's own values stay readable in the log
        assert entries(drop, "last_name")[0][2] == "Mueller"
    history = ContactService(db).history(keep)
    assert history  # the history view of the kept contact shows the merge


@pytest.mark.file_only(reason="about the backup file made before the merge")
def test_merge_backs_up_first_and_carries_a_restriction_over(linked):
    db, keep, drop = linked["db"], linked["keep"], linked["drop"]
    from regiodesk.services.contacts_privacy import PrivacyService

    PrivacyService(db).restrict(drop)
    DuplicateService(db).merge(keep, drop)
    assert [b.reason for b in list_backups(db.path)] == ["vor-zusammenfuehrung"]
    assert keep in {cid for cid, _name in PrivacyService(db).restricted()}


def test_refused_merges_change_nothing(linked):
    db, keep, drop, institution = linked["db"], linked["keep"], linked["drop"], linked["institution"]
    service = DuplicateService(db)

    def log_size():
        with db.session() as session:
            return session.scalar(select(func.count()).select_from(ChangeLogEntry))

    before = log_size()
    with pytest.raises(DomainError, match="Person und eine Institution"):
        service.merge(keep, institution)
    with pytest.raises(DomainError, match="mit sich selbst"):
        service.merge(keep, keep)
    with pytest.raises(DomainError, match="Unbekannte Felder"):
        service.merge(keep, drop, take_from_drop=["id"])
    ContactService(db).delete(linked["other"])
    after_delete = log_size()
    assert after_delete > before
    with pytest.raises(NotFoundError):
        service.merge(keep, linked["other"])
    assert log_size() == after_delete
    assert list_backups(db.path) == []


def test_merge_choices_show_both_values(linked):
    db, keep, drop = linked["db"], linked["keep"], linked["drop"]
    choices = {c.name: c for c in DuplicateService(db).merge_choices(keep, drop)}
    assert (choices["last_name"].keep_value, choices["last_name"].drop_value) == ("Müller", "Mueller")
    assert choices["last_name"].differs and not choices["first_name"].differs
    assert choices["notes"].label == "Notizen"
