"""`regiodesk export ics [--cancel]` and `regiodesk export eml`, run as a user runs them."""

from __future__ import annotations

import email
from email import policy

import icalendar

from regiodesk.cli import main
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.memberships import MembershipService


def test_export_ics_and_its_cancellation(lag, tmp_path, capsys):
    path = str(lag["db"].path)
    entry, cancel = tmp_path / "sitzung.ics", tmp_path / "absage.ics"
    assert main(["--db", path, "export", "ics", lag["meeting"][:8], "--out", str(entry)]) == 0
    assert main(["--db", path, "export", "ics", lag["meeting"][:8], "--out", str(cancel), "--cancel"]) == 0
    assert capsys.readouterr().out.split("\n")[:2] == [f"geschrieben: {entry}", f"geschrieben: {cancel}"]
    planned = icalendar.Calendar.from_ical(entry.read_bytes())
    called_off = icalendar.Calendar.from_ical(cancel.read_bytes())
    [event], [cancelled] = planned.walk("VEVENT"), called_off.walk("VEVENT")
    assert planned["METHOD"] == "PUBLISH" and called_off["METHOD"] == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["UID"]) == str(event["UID"])
    assert int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])


def test_cancel_only_with_ics(lag, tmp_path, capsys):
    out = tmp_path / "x.eml"
    assert (
        main(["--db", str(lag["db"].path), "export", "eml", lag["meeting"], "--out", str(out), "--cancel"])
        == 2
    )
    assert "--cancel gibt es nur bei „export ics“" in capsys.readouterr().err
    assert not out.exists()


def test_export_eml_writes_one_draft_per_fifty_recipients(lag, tmp_path, capsys):
    db = lag["db"]
    contacts, members = ContactService(db), MembershipService(db, lag["body"])
    for k in range(55):
        person = contacts.create(
            {"kind": "person", "last_name": f"Müller, Dr. Hans {k}", "email": f"hans{k}@gemeinde.example"}
        )
        members.create({"contact_id": person, "role": "mitglied"})
    out = tmp_path / "Einladung.eml"
    assert main(["--db", str(db.path), "export", "eml", lag["meeting"][:8], "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    second = tmp_path / "Einladung_2.eml"
    assert f"geschrieben: {out}\ngeschrieben: {second}\n" in printed and "2 Entwürfe" in printed
    found = []
    for draft in (out, second):
        message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
        found += [(a.display_name, a.addr_spec) for a in message["Bcc"].addresses]
    assert sorted(found) == sorted((f"Müller, Dr. Hans {k}", f"hans{k}@gemeinde.example") for k in range(55))


def test_export_eml_of_a_cancelled_meeting_is_the_cancellation(lag, tmp_path):
    db = lag["db"]
    MeetingService(db).update(lag["meeting"], {"state": "abgesagt"})
    out = tmp_path / "Absage.eml"
    assert main(["--db", str(db.path), "export", "eml", lag["meeting"][:8], "--out", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Absage: ")
    [part] = message.iter_attachments()
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "CANCEL"
