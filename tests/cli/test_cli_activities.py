"""`list consultations|events` and `print participants` from the command line."""

from __future__ import annotations

import json
from datetime import date, datetime

from document_helpers import pdf_text

from regiodesk.cli import main
from regiodesk.services.activities import ConsultationService, EventParticipantService, EventService
from regiodesk.services.contacts import ContactService


def _office(db) -> dict:
    eva = ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    consultation = ConsultationService(db).create(
        {
            "held_on": date(2026, 3, 2),
            "topic": "Dorfladen",
            "project_idea": "Dorfladen Unterau",
            "contact_ids": [eva],
            "duration_minutes": 45,
            "follow_up_on": date(2026, 4, 1),
        }
    )
    event = EventService(db).create(
        {"kind": "exkursion", "title": "Exkursion Dorfläden", "starts_at": datetime(2026, 6, 12, 9, 0)}
    )
    EventParticipantService(db, event).register(eva, date(2026, 6, 1))
    return {"consultation": consultation, "event": event}


def test_list_consultations_as_json_and_table(db, capsys):
    ids = _office(db)
    assert main(["--db", str(db.path), "list", "consultations", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["id"] == ids["consultation"]
    assert entry["name"] == "02.03.2026 Dorfladen"
    assert (entry["held_on"], entry["people"], entry["duration_minutes"]) == ("2026-03-02", "Eva Huber", 45)
    assert entry["about"] == "Idee: Dorfladen Unterau" and entry["follow_up_on"] == "2026-04-01"
    assert main(["--db", str(db.path), "list", "consultations"]) == 0
    out = capsys.readouterr().out
    assert "02.03.2026" in out and "Dorfladen Unterau" in out and "1 Eintrag" in out


def test_list_events_shows_kind_and_numbers(db, capsys):
    ids = _office(db)
    assert main(["--db", str(db.path), "list", "events", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["id"] == ids["event"] and entry["name"] == "Exkursion 12.06.2026 09:00"
    assert (entry["kind"], entry["title"], entry["registered"], entry["total"]) == (
        "Exkursion",
        "Exkursion Dorfläden",
        1,
        0,
    )


def test_print_participants_writes_the_list(db, tmp_path, capsys):
    ids = _office(db)
    out = tmp_path / "Teilnehmerliste.pdf"
    assert main(["--db", str(db.path), "print", "participants", ids["event"][:8], "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "Teilnehmerliste: Exkursion Dorfläden" in text and "Eva Huber" in text


def test_print_participants_of_an_unknown_event_fails_with_one_german_line(db, tmp_path, capsys):
    _office(db)
    out = tmp_path / "x.pdf"
    assert main(["--db", str(db.path), "print", "participants", "ffffffff", "--out", str(out)]) != 0
    assert not out.exists()
    error = capsys.readouterr().err.strip()
    assert error and len(error.splitlines()) == 1


def test_check_counts_consultations_and_events(db, capsys):
    _office(db)
    assert main(["--db", str(db.path), "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert next(line for line in lines if line.startswith("Beratungsgespräche")).split()[1:] == ["1", "0"]
    assert next(line for line in lines if line.startswith("Veranstaltungen")).split()[1:] == ["1", "0"]


def test_list_activities_as_json_and_table(db, capsys):
    from regiodesk.services.press_network import ActivityService

    ActivityService(db).create(
        {"kind": "artikel", "held_on": date(2026, 5, 4), "title": "Radweg kommt", "medium": "Fränkischer Tag"}
    )
    ActivityService(db).create(
        {
            "kind": "landesnetzwerk",
            "held_on": date(2026, 2, 1),
            "title": "LEADER-Treffen",
            "hours_milli": 6500,
        }
    )
    assert main(["--db", str(db.path), "list", "activities", "--json"]) == 0
    first, second = json.loads(capsys.readouterr().out)
    assert (first["name"], first["kind"], first["hours_milli"]) == (
        "01.02.2026 LEADER-Treffen",
        "LEADER-Netzwerk des Landes",
        6500,
    )
    assert (second["held_on"], second["medium"]) == ("2026-05-04", "Fränkischer Tag")
    assert main(["--db", str(db.path), "list", "activities"]) == 0
    out = capsys.readouterr().out
    assert "Radweg kommt" in out and "6,5" in out and "2 Einträge" in out
