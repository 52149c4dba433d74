"""A consultation recorded on one laptop arrives on the other with its people, edits and deletion."""

from __future__ import annotations

from datetime import date

from regiodesk.services.activities import ConsultationService
from regiodesk.services.deadlines import due_deadlines


def test_a_consultation_syncs_to_the_second_laptop_with_its_people(pair, folder):
    anna, ben, ids = pair
    consultation = ConsultationService(anna.db).create(
        {
            "held_on": date(2026, 3, 2),
            "topic": "Dorfladen",
            "project_idea": "Dorfladen Unterau",
            "contact_ids": [ids[1], ids[0]],
            "follow_up_on": date(2026, 3, 20),
        }
    )
    anna.sync(folder)
    ben.sync(folder)
    on_ben = ConsultationService(ben.db)
    assert [c for c, _name in on_ben.contacts(consultation)] == [ids[1], ids[0]]
    assert on_ben.load(consultation)["topic"] == "Dorfladen"
    assert [d.label for d in due_deadlines(ben.db, today=date(2026, 3, 2))] == [
        "Wiedervorlage am 20.03.2026 (Beratung vom 02.03.2026: Dorfladen)"
    ]
    # Ben notes the outcome, Anna sees it; then Anna deletes it and it goes on Ben's laptop too
    on_ben.update(consultation, {"outcome": "Skizze bis Mai", "follow_up_done": True})
    ben.sync(folder)
    anna.sync(folder)
    assert ConsultationService(anna.db).load(consultation)["outcome"] == "Skizze bis Mai"
    ConsultationService(anna.db).delete(consultation)
    anna.sync(folder)
    ben.sync(folder)
    assert on_ben.rows() == []
    assert ben.rows(
        "SELECT count(*) FROM consultation_contact WHERE consultation_id = ? AND deleted_at IS NULL",
        consultation,
    ) == [(0,)]
