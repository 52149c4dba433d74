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
