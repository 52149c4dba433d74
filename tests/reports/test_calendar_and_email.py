"""The meeting's calendar entry and invitation e-mail draft, parsed as the receiving programs would."""

from __future__ import annotations

import email
from datetime import datetime, timezone
from email import policy

from regiodesk.reports.calendar import fold, meeting_ics
from regiodesk.reports.email_draft import (
    MAX_ENCODED_BYTES,
    invitation_draft,
    invitation_eml,
    member_addresses,
)
from regiodesk.services.agenda import AgendaService
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_has_local_time_with_timezone_escaped_text_and_crlf(lag):
    db = lag["db"]
    MeetingService(db).update(
        lag["meeting"], {"location": "Rathaus, Sitzungssaal; 1. OG", "title": "LAG-Sitzung"}
    )
    AgendaService(db).add(
        lag["meeting"],
        "Ein sehr langer Tagesordnungspunkt über die Förderung der "
        "Dorfgemeinschaftshäuser in allen Gemeinden der Region",
    )
    raw = meeting_ics(db, lag["meeting"], now=datetime(2026, 2, 1, 12, 0, tzinfo=timezone.utc)).decode(
        "utf-8"
    )
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))
    lines = _unfold(raw)
    assert "DTSTART;TZID=Europe/Berlin:20260309T183000" in lines
    assert "DTEND;TZID=Europe/Berlin:20260309T203000" in lines  # two hours when no end is set
    assert "LOCATION:Rathaus\\, Sitzungssaal\\; 1. OG" in lines
    assert "SUMMARY:LAG-Sitzung" in lines
    assert f"UID:{lag['meeting']}@regiodesk" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert (
        "TOP 4 Ein sehr langer Tagesordnungspunkt über die Förderung der Dorfgemeinschaftshäuser"
        in description
    )
    assert raw.count("BEGIN:VEVENT") == 1 and "BEGIN:VTIMEZONE" in raw


def test_folding_never_splits_a_character():
    line = "DESCRIPTION:" + "ä" * 100
    parts = fold(line)
    assert "".join(p.lstrip(" ") if n else p for n, p in enumerate(parts)) == line
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)


def test_invitation_draft_is_unsent_with_members_in_bcc_and_both_attachments(lag):
    db = lag["db"]
    contacts = ContactService(db)
    contacts.update(lag["m0"], {"email": "m0@gemeinde.example"})
    contacts.update(lag["s0"], {"email": "s0@verein.example"})
    contacts.update(lag["m1"], {"email": "M0@Gemeinde.example"})  # same address twice: once in Bcc
    message = email.message_from_bytes(invitation_eml(db, lag["meeting"]), policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert message["To"] is None
    bcc = message["Bcc"]
    assert "m0@gemeinde.example" in bcc and "s0@verein.example" in bcc
    assert bcc.lower().count("m0@gemeinde.example") == 1
    assert message["Subject"] == "Einladung: LAG Obermain am 09.03.2026"
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == [
        "Einladung_LAG_Obermain_2026-03-09.pdf",
        "Einladung_LAG_Obermain_2026-03-09.ics",
        "Projektsteckbrief_Dorfladen_Weißenbrunn.pdf",  # the sketch the invitation says is enclosed
    ]
    pdf = next(message.iter_attachments()).get_content()
    assert pdf.startswith(b"%PDF")
    assert "TOP 2  Projektauswahl Dorfladen" in message.get_body(("plain",)).get_content()


def test_member_addresses_can_leave_out_deputies(lag):
    contacts = ContactService(lag["db"])
    contacts.update(lag["s3"], {"email": "deputy@example.org"})
    assert member_addresses(lag["db"], lag["meeting"], with_deputies=False) == []
    assert member_addresses(lag["db"], lag["meeting"]) == ["S3 Stellv03 <deputy@example.org>"]


def _attachments(raw: bytes) -> dict[str, bytes]:
    message = email.message_from_bytes(raw, policy=policy.default)
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def test_invitation_draft_encloses_the_sketches_of_the_projects_on_the_agenda(lag):
    db = lag["db"]
    files = AttachmentService(db)
    files.add("agenda_item", lag["items"]["select"], "Skizze Dorfladen.pdf", b"%PDF-1.4 agenda sketch")
    files.add("project", lag["project"], "Projektskizze.docx", b"sketch of the sponsor")
    files.add("project", lag["project"], "Kostenschätzung.xlsx", b"not a sketch", description="Angebot")
    draft = invitation_draft(db, lag["meeting"])
    attached = _attachments(draft.eml)
    assert attached["TOP_2_Skizze Dorfladen.pdf"] == b"%PDF-1.4 agenda sketch"
    assert attached["Projektskizze.docx"] == b"sketch of the sponsor"
    assert attached["Projektsteckbrief_Dorfladen_Weißenbrunn.pdf"].startswith(b"%PDF")
    assert "Kostenschätzung.xlsx" not in attached
    assert draft.left_out == [] and draft.warning == ""
    text = email.message_from_bytes(draft.eml, policy=policy.default).get_body(("plain",)).get_content()
    assert "ebenso die Projektskizzen der zur Auswahl stehenden Projekte" in text


def test_a_draft_too_large_for_mail_servers_goes_without_the_large_files_and_names_them(lag):
    db = lag["db"]
    files = AttachmentService(db)
    big = bytes(range(256)) * 4096 * 8  # 8 MiB: 11,5 MB encoded
    files.add("project", lag["project"], "Projektskizze_Plaene.pdf", big)
    files.add("agenda_item", lag["items"]["select"], "Skizze.pdf", b"%PDF small")
    draft = invitation_draft(db, lag["meeting"])
    assert len(draft.eml) <= MAX_ENCODED_BYTES
    attached = _attachments(draft.eml)
    assert "Projektskizze_Plaene.pdf" not in attached and "TOP_2_Skizze.pdf" in attached
    assert [e.filename for e in draft.left_out] == ["Projektskizze_Plaene.pdf"]
    assert "Nicht angehängt: „Projektskizze_Plaene.pdf“ (11,5 MB)" in draft.warning
    text = email.message_from_bytes(draft.eml, policy=policy.default).get_body(("plain",)).get_content()
    assert "nicht bei und werden gesondert bereitgestellt:\n  - Projektskizze_Plaene.pdf" in text


def test_the_size_limit_is_met_exactly(lag):
    db = lag["db"]
    full = invitation_draft(db, lag["meeting"])
    assert full.left_out == []
    tight = invitation_draft(db, lag["meeting"], limit=len(full.eml))
    assert [e.filename for e in tight.left_out] == ["Projektsteckbrief_Dorfladen_Weißenbrunn.pdf"]


# ------------------------------------------------------- many members, moved and cancelled meetings
def _sixty_members_with_email(lag) -> list[tuple[str, str]]:
    """The 20 members and deputies of the fixture and 40 more: umlauts, "Dr.", commas in names."""
    from regiodesk.services.memberships import MembershipService

    db = lag["db"]
    contacts = ContactService(db)
    expected = []
    for n in range(10):
        for key in (f"m{n}", f"s{n}"):
            address = f"{key}@gemeinde.example"
            contacts.update(lag[key], {"email": address})
            expected.append((contacts.display_name(lag[key]), address))
    members = MembershipService(db, lag["body"])
    for k in range(40):
        values = (
            {"last_name": f"Müller, Dr. Hans {k}"},
            {"title": "Dr.", "first_name": "Jürgen", "last_name": f"Schröder-Weiß {k}"},
            {"first_name": "Änne", "last_name": f"Meier, Groß {k}"},
        )[k % 3]
        address = f"mitglied{k}.{'x' * (k % 17 + 1)}@verein-{k % 5}.example"  # never a dot before the @
        person = contacts.create({"kind": "person", **values, "email": address})
        members.create({"contact_id": person, "role": "mitglied"})
        expected.append((contacts.display_name(person), address))
    return expected


def _bcc(raw: bytes) -> list[tuple[str, str]]:
    from email.header import decode_header, make_header
    from email.utils import getaddresses

    default = email.message_from_bytes(raw, policy=policy.default)
    compat = email.message_from_bytes(raw, policy=policy.compat32)
    old = [(str(make_header(decode_header(n))), a) for n, a in getaddresses(compat.get_all("Bcc", []))]
    new = [(a.display_name, a.addr_spec) for a in default["Bcc"].addresses]
    assert old == new  # both parsers of Python read the same recipients
    return new


def test_sixty_members_get_two_drafts_and_every_address_parses_back(lag, tmp_path):
    expected = _sixty_members_with_email(lag)
    draft = invitation_draft(lag["db"], lag["meeting"])
    assert len(draft.emls) == 2 and draft.recipients == 60
    first, second = (_bcc(raw) for raw in draft.emls)
    assert len(first) == 50 and len(second) == 10
    assert sorted(first + second) == sorted(expected)
    assert any(name == "Müller, Dr. Hans 3" for name, _a in first + second)
    subjects = [email.message_from_bytes(raw, policy=policy.default)["Subject"] for raw in draft.emls]
    assert subjects == [
        "Einladung: LAG Obermain am 09.03.2026 (1/2)",
        "Einladung: LAG Obermain am 09.03.2026 (2/2)",
    ]
    assert "2 Entwürfe" in draft.warning and "bitte alle senden" in draft.warning
    paths = draft.write(tmp_path / "Einladung.eml")
    assert [p.name for p in paths] == ["Einladung.eml", "Einladung_2.eml"]
    # every draft carries the whole invitation
    for raw in draft.emls:
        assert len(list(email.message_from_bytes(raw, policy=policy.default).iter_attachments())) == 3


def _calendar_part(raw: bytes):
    message = email.message_from_bytes(raw, policy=policy.default)
    return next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")


def test_the_calendar_part_names_method_and_charset_and_matches_its_content(lag):
    import icalendar

    from regiodesk.db.models import RegionSettings

    # without the office's address there is no ORGANIZER, which a REQUEST needs: PUBLISH
    part = _calendar_part(invitation_eml(lag["db"], lag["meeting"]))
    assert part.get_param("method") == "PUBLISH" and part.get_param("charset") == "utf-8"
    assert icalendar.Calendar.from_ical(part.get_content())["METHOD"] == "PUBLISH"

    with lag["db"].transaction() as session:
        session.add(RegionSettings(name="LEADER-Region Obermain", office_email="info@obermain.example"))
    part = _calendar_part(invitation_eml(lag["db"], lag["meeting"]))
    assert part.get_param("method") == "REQUEST" and part.get_param("charset") == "utf-8"
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:info@obermain.example"


def test_a_moved_meeting_gets_a_higher_sequence_and_keeps_its_uid(lag):
    import icalendar

    db = lag["db"]
    meetings = MeetingService(db)

    def event():
        calendar = icalendar.Calendar.from_ical(meeting_ics(db, lag["meeting"]))
        [vevent] = calendar.walk("VEVENT")
        return calendar, vevent

    calendar, first = event()
    assert calendar["METHOD"] == "PUBLISH"
    assert int(first["SEQUENCE"]) == 0 and str(first["UID"]) == f"{lag['meeting']}@regiodesk"
    assert first["DTSTAMP"].dt.tzinfo is not None and first["LAST-MODIFIED"].dt.tzinfo is not None
    assert first["DTSTART"].dt == datetime(2026, 3, 9, 18, 30, tzinfo=first["DTSTART"].dt.tzinfo)
    assert str(first["DTSTART"].dt.tzinfo) == "Europe/Berlin"

    meetings.update(lag["meeting"], {"title": "LAG-Sitzung", "notes": "intern"})  # no move: same sequence
    assert int(event()[1]["SEQUENCE"]) == 0
    meetings.update(lag["meeting"], {"starts_at": datetime(2026, 3, 10, 18, 0)})
    assert int(event()[1]["SEQUENCE"]) == 1
    meetings.update(lag["meeting"], {"location": "Bürgerhaus", "ends_at": datetime(2026, 3, 10, 20, 0)})
    _calendar, moved = event()
    assert int(moved["SEQUENCE"]) == 3 and str(moved["UID"]) == str(first["UID"])
    assert str(moved["LOCATION"]) == "Bürgerhaus"
    assert moved["LAST-MODIFIED"].dt >= first["LAST-MODIFIED"].dt


def test_a_cancelled_meeting_is_sent_as_a_cancellation(lag):
    import icalendar

    db = lag["db"]
    ContactService(db).update(lag["m0"], {"email": "m0@gemeinde.example"})
    MeetingService(db).update(lag["meeting"], {"location": "Rathaus"})
    before = icalendar.Calendar.from_ical(meeting_ics(db, lag["meeting"])).walk("VEVENT")[0]
    MeetingService(db).update(lag["meeting"], {"state": "abgesagt"})

    calendar = icalendar.Calendar.from_ical(meeting_ics(db, lag["meeting"]))
    [cancel] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and str(cancel["STATUS"]) == "CANCELLED"
    assert str(cancel["UID"]) == str(before["UID"])
    assert int(cancel["SEQUENCE"]) == int(before["SEQUENCE"]) + 1

    draft = invitation_draft(db, lag["meeting"])
    message = email.message_from_bytes(draft.eml, policy=policy.default)
    assert message["Subject"] == "Absage: LAG Obermain am 09.03.2026"
    assert "ist abgesagt" in message.get_body(("plain",)).get_content()
    assert _bcc(draft.eml) == [("M0 Mitglied00", "m0@gemeinde.example")]
    part = _calendar_part(draft.eml)
    assert part.get_param("method") == "CANCEL" and part.get_param("charset") == "utf-8"
    assert icalendar.Calendar.from_ical(part.get_content())["METHOD"] == "CANCEL"
    assert [p.get_content_type() for p in message.iter_attachments()] == ["text/calendar"]  # no invitation


def test_a_cancellation_can_be_written_for_any_meeting(lag):
    import icalendar

    from regiodesk.reports.calendar import meeting_cancellation_ics

    calendar = icalendar.Calendar.from_ical(meeting_cancellation_ics(lag["db"], lag["meeting"]))
    assert calendar["METHOD"] == "CANCEL"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_a_member_whose_address_no_mail_server_takes_is_named_not_a_crash(lag):
    """An address with an umlaut before the @ may be stored (validation allows SMTPUTF8), but most
    mail servers refuse it: the invitation goes to the others and says whom to tell another way."""
    contacts = ContactService(lag["db"])
    contacts.update(lag["m0"], {"email": "jürgen.müller@gemeinde.example"})
    contacts.update(lag["m1"], {"email": "anna@gemeinde.example"})
    draft = invitation_draft(lag["db"], lag["meeting"])
    addresses = [a for _n, a in _bcc(draft.eml)]
    assert "anna@gemeinde.example" in addresses
    assert not any("gemeinde.example" in a and "ü" in a for a in addresses)
    name = contacts.display_name(lag["m0"])
    assert f"{name}: E-Mail-Adresse mit Umlaut vor dem @" in draft.warning
