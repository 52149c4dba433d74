"""One search over everything: every kind is found, German spellings fold, the index follows every
change in its own transaction (deleted records drop out, restored ones come back)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from regiodesk.db import search_index
from regiodesk.db.models import Contact
from regiodesk.services.agenda import AgendaService
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_privacy import PrivacyService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.projects import ProjectService
from regiodesk.services.search import SearchService, match_expression
from regiodesk.services.written_procedure import WrittenProcedureService


def _found(db, typed: str) -> dict[str, list[str]]:
    """kind -> titles of the hits."""
    return {group.kind: [hit.title for hit in group.hits] for group in SearchService(db).search(typed)}


def _index_rows(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM search_doc").fetchone()[0]
    finally:
        con.close()


def test_each_kind_is_found_and_opens_in_its_tab(lag):
    db = lag["db"]
    ContactService(db).create({"kind": "institution", "organisation": "Gemeinde Wolkenfeld"})
    ContactService(db).create({"kind": "person", "first_name": "Wolke", "last_name": "Sieben"})
    ProjectService(db).create({"title": "Wolkenweg am Main", "status": "idee"})
    BodyService(db).create({"name": "Arbeitsgruppe Wolkenbruch", "body_type": "arbeitsgruppe"})
    MeetingService(db).update(lag["meeting"], {"location": "Wolkenhalle"})
    AgendaService(db).update(lag["items"]["budget"], decision_text="Die LAG beschließt den Wolkenplan.")
    WrittenProcedureService(db).create(
        {
            "body_id": lag["body"],
            "subject": "Wolkenkratzer ablehnen",
            "required_majority": "einfach",
            "started_on": date(2026, 4, 1),
            "deadline": date(2026, 4, 15),
        }
    )
    AttachmentService(db).add("project", lag["project"], "wolken-skizze.pdf", b"%PDF")

    groups = {group.kind: group for group in SearchService(db).search("wolk")}

    assert set(groups) == {
        "institution",
        "person",
        "project",
        "body",
        "meeting",
        "agenda",
        "procedure",
        "attachment",
    }
    assert [h.title for h in groups["institution"].hits] == ["Gemeinde Wolkenfeld"]
    assert [h.title for h in groups["person"].hits] == ["Sieben, Wolke"]
    agenda = groups["agenda"].hits[0]
    assert agenda.title == "TOP 3: Jahresbudget"
    assert (agenda.tab, agenda.tab_record_id) == ("meetings", lag["meeting"])
    assert agenda.part_id == agenda.record_id  # the item is selected in the meeting's agenda
    meeting = groups["meeting"].hits[0]
    assert (meeting.tab, meeting.tab_record_id) == ("meetings", lag["meeting"])
    assert "LAG Obermain" in meeting.title and "09.03.2026" in meeting.detail
    # a meeting is found by its day too („LAG 2026“)
    assert _found(db, "obermain 2026")["meeting"] == [meeting.title]
    assert _found(db, "09.03.2026")["meeting"] == [meeting.title]
    attachment = groups["attachment"].hits[0]
    # an attachment opens the record it belongs to
    assert (attachment.title, attachment.tab, attachment.tab_record_id) == (
        "wolken-skizze.pdf",
        "projects",
        lag["project"],
    )
    assert attachment.detail == "Anhang bei „Dorfladen Weißenbrunn“"
    assert [h.title for h in groups["body"].hits] == ["Arbeitsgruppe Wolkenbruch"]
    assert groups["procedure"].hits[0].title == "Wolkenkratzer ablehnen"
    # the groups come in the order of the tabs
    assert [g.kind for g in SearchService(db).search("wolk")][:3] == ["body", "meeting", "agenda"]


def test_the_offices_own_work_is_found_and_opens_in_its_window(db):
    """Events, consultations and press and network work, by every text a user writes into them,
    each opened in the window it is shown in (from the Sitzungen or the Projekte tab)."""
    from regiodesk.services.activities import ConsultationService, EventService
    from regiodesk.services.press_network import ActivityService

    project = ProjectService(db).create({"title": "Dorfladen Weißenbrunn", "status": "idee"})
    event = EventService(db).create(
        {
            "kind": "workshop",
            "title": "Zukunftswerkstatt Ortskern",
            "starts_at": datetime(2026, 4, 1, 18, 0),
            "location": "Dorfgemeinschaftshaus Steinbühl",
            "programme": "Begrüßung, Kartoffelkombinat, Rundgang",
        }
    )
    consultation = ConsultationService(db).create(
        {
            "held_on": date(2026, 2, 3),
            "topic": "Fördermöglichkeiten",
            "project_id": project,
            "outcome": "Kostenschätzung vom Schreinermeister einholen",
        }
    )
    idea = ConsultationService(db).create(
        {"held_on": date(2026, 2, 10), "topic": "Bürgerbus", "project_idea": "Bürgerbus Oberland"}
    )
    activity = ActivityService(db).create(
        {
            "kind": "pressemitteilung",
            "held_on": date(2026, 5, 6),
            "title": "Neue Projekte ausgewählt",
            "medium": "Obermain-Tagblatt",
            "participants": "Landratsamt Lichtenfels",
        }
    )

    def hit(typed: str, kind: str):
        groups = {group.kind: group for group in SearchService(db).search(typed)}
        assert kind in groups, f"{typed!r} finds no {kind}: {sorted(groups)}"
        return groups[kind].hits[0]

    found = hit("kartoffelkomb", "event")  # the programme
    assert (found.record_id, found.title, found.opens, found.part_id) == (
        event,
        "Zukunftswerkstatt Ortskern",
        "event",
        event,
    )
    assert (
        found.tab == "meetings"
        and found.detail == "Workshop · 01.04.2026 18:00 · Dorfgemeinschaftshaus Steinbühl"
    )
    assert hit("steinbuehl", "event").record_id == event  # the place, in the other spelling
    assert hit("01.04.2026", "event").record_id == event  # the day

    found = hit("schreinerm", "consultation")  # what was agreed
    assert (found.record_id, found.title, found.opens, found.tab) == (
        consultation,
        "Fördermöglichkeiten",
        "consultation",
        "projects",
    )
    assert found.detail == "Beratung am 03.02.2026 · Dorfladen Weißenbrunn"
    assert hit("buergerbus oberl", "consultation").detail == "Beratung am 10.02.2026 · Bürgerbus Oberland"
    assert hit("buergerbus", "consultation").record_id == idea

    found = hit("tagblatt", "activity")  # the medium
    assert (found.record_id, found.opens, found.tab) == (activity, "activity", "projects")
    assert found.detail == "Pressemitteilung · 06.05.2026 · Obermain-Tagblatt"
    assert hit("landratsamt lichtenf", "activity").record_id == activity  # the partners

    # their attachments open them too
    AttachmentService(db).add("event", event, "Einladung-Werkstatt.pdf", b"%PDF")
    AttachmentService(db).add("activity", activity, "Pressetext.docx", b"PK")
    assert (hit("einladung werkst", "attachment").opens, hit("einladung werkst", "attachment").part_id) == (
        "event",
        event,
    )
    assert hit("presset", "attachment").opens == "activity"
    assert hit("presset", "attachment").detail == "Anhang bei „Neue Projekte ausgewählt“"

    # changed and deleted ones follow at once
    EventService(db).update(event, {"title": "Ortskernwerkstatt"})
    assert hit("ortskernw", "event").title == "Ortskernwerkstatt"
    ActivityService(db).delete(activity)
    assert "activity" not in _found(db, "tagblatt")
    # the groups come in the order of the tabs and their windows
    kinds = [group.kind for group in SearchService(db).search("dorfladen")]
    assert kinds == ["project", "consultation"]  # a consultation is found by its project's title
    ProjectService(db).update(project, {"title": "Dorfmarkt Weißenbrunn"})
    assert _found(db, "dorfmarkt") == {
        "project": ["Dorfmarkt Weißenbrunn"],
        "consultation": ["Fördermöglichkeiten"],
    }
    assert "consultation" not in _found(db, "dorfladen")


def test_every_table_whose_attachments_are_indexed_has_its_owner_shown():
    """An attachment found but its owner not shown would be left out of the hits."""
    from regiodesk.services import search

    assert set(search._OWNERS) == set(search_index.ATTACHMENT_OWNERS)


def test_notes_emails_and_places_of_a_contact_are_searched(db):
    contacts = ContactService(db)
    contacts.create(
        {"kind": "person", "last_name": "Kern", "notes": "kennt den Bürgermeister", "email": "kern@bsp.de"}
    )
    assert _found(db, "buergermeister") == {"person": ["Kern"]}
    assert _found(db, "kern@bsp") == {"person": ["Kern"]}


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Müller", "Müller"),
        ("Müller", "Mueller"),
        ("Müller", "muller"),
        ("Mueller", "Mueller"),
        ("Straße", "Strasse"),
        ("Strasse", "Straße"),
        ("Öztürk", "oeztuerk"),
        ("Müller-Lüdenscheidt", "lüden"),
    ],
)
def test_german_spellings_find_each_other(db, stored, typed):
    ContactService(db).create({"kind": "person", "last_name": stored})
    assert _found(db, typed) == {"person": [stored]}


def test_every_term_must_match_as_the_beginning_of_a_word(db):
    contacts = ContactService(db)
    contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Schmidt"})
    assert _found(db, "ann beck") == {"person": ["Becker, Anna"]}
    assert _found(db, "ecker") == {}  # not inside a word: "Becker" is found by its beginning


def test_typed_fts_syntax_is_just_text(db):
    ContactService(db).create({"kind": "person", "last_name": "Becker"})
    for typed in ['"', "NEAR(", "becker*", "-becker", "becker OR", "kind:person", "^becker", "*", "()"]:
        SearchService(db).search(typed)  # never an FTS5 syntax error
    assert _found(db, '"becker"') == {"person": ["Becker"]}
    assert match_expression("!!! ...") == ""
    assert SearchService(db).search("  ") == []


def test_a_deleted_record_drops_out_and_a_restored_one_comes_back(db):
    contacts = ContactService(db)
    contact_id = contacts.create({"kind": "person", "last_name": "Zander"})
    contacts.delete(contact_id)
    assert _found(db, "zander") == {}
    with db.transaction() as session:  # what a restore does: the tombstone is cleared
        session.get(Contact, contact_id).deleted_at = None
    assert _found(db, "zander") == {"person": ["Zander"]}


def test_a_renamed_record_is_found_by_its_new_name_only(db):
    projects = ProjectService(db)
    project_id = projects.create({"title": "Dorfladen", "status": "idee"})
    projects.update(project_id, {"title": "Bürgerhaus"})
    assert _found(db, "dorfladen") == {}
    assert _found(db, "bürgerhaus") == {"project": ["Bürgerhaus"]}


def test_a_restricted_contact_is_not_found(db):
    contact_id = ContactService(db).create({"kind": "person", "last_name": "Geheim"})
    PrivacyService(db).restrict(contact_id)
    assert _found(db, "geheim") == {}
    PrivacyService(db).lift_restriction(contact_id)
    assert _found(db, "geheim") == {"person": ["Geheim"]}


def test_a_deleted_meeting_takes_its_agenda_items_along(lag):
    db = lag["db"]
    assert "agenda" in _found(db, "jahresbudget")
    MeetingService(db).delete(lag["meeting"])
    assert _found(db, "jahresbudget") == {}


@pytest.mark.file_only(reason="reads the file's FTS5 tables with sqlite3")
def test_a_rolled_back_transaction_leaves_no_index_row(db):
    before = _index_rows(db.path)
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(Contact(kind="person", last_name="Flüchtig"))
        session.flush()  # logged in the change log, then rolled back with it
        raise RuntimeError("abgebrochen")
    assert _index_rows(db.path) == before
    assert _found(db, "flüchtig") == {}


@pytest.mark.file_only(reason="reads the file's FTS5 tables with sqlite3")
def test_the_index_is_written_in_the_transaction_of_the_change(db):
    """Committed together: a change and its index row are in the file at the same moment."""
    with db.transaction() as session:
        session.add(Contact(kind="person", last_name="Gleichzeitig"))
    con = sqlite3.connect(db.path)
    try:
        (indexed,) = con.execute("SELECT value FROM search_state").fetchone()
        (logged,) = con.execute("SELECT max(seq) FROM change_log").fetchone()
    finally:
        con.close()
    assert indexed == logged
    assert _found(db, "gleichzeitig") == {"person": ["Gleichzeitig"]}


def test_an_email_added_later_finds_its_contact(db):
    from regiodesk.services.contact_details import ContactEmailService

    contact_id = ContactService(db).create({"kind": "person", "last_name": "Ohnepost"})
    ContactEmailService(db, contact_id).create({"address": "spaet@example.org", "kind": "dienstlich"})
    assert _found(db, "spaet") == {"person": ["Ohnepost"]}


@pytest.mark.file_only(reason="reads the file's FTS5 tables with sqlite3")
def test_rebuild_gives_what_was_kept_current_and_check_sees_a_stale_index(lag):
    db = lag["db"]
    ContactService(db).create({"kind": "person", "last_name": "Müller"})
    con = db.engine.raw_connection()
    try:
        raw = con.driver_connection
        assert search_index.stale_documents(raw) == (0, 0)
        raw.execute("DELETE FROM search_index WHERE rowid = (SELECT max(id) FROM search_doc)")
        assert search_index.stale_documents(raw)[0] == 1
        count = search_index.rebuild(raw)
        raw.commit()
        assert search_index.stale_documents(raw) == (0, 0)
    finally:
        con.close()
    assert count == _index_rows(db.path)
    assert _found(db, "mueller") == {"person": ["Müller"]}


def test_many_matches_are_counted_and_a_few_shown(db):
    contacts = ContactService(db)
    for n in range(12):
        contacts.create({"kind": "person", "last_name": f"Huber{n:02d}"})
    [group] = SearchService(db).search("huber", per_kind=5)
    assert (group.total, len(group.hits), group.label) == (12, 5, "Personen")


@pytest.mark.file_only(reason="reads the file's FTS5 tables with sqlite3")
def test_check_reports_an_index_that_differs_from_the_data(db):
    from regiodesk.db.integrity import check_file

    ContactService(db).create({"kind": "person", "last_name": "Prüfling"})
    assert check_file(db.path).ok
    con = sqlite3.connect(db.path)
    con.execute("UPDATE search_index SET text = 'anders' WHERE rowid = (SELECT max(id) FROM search_doc)")
    con.commit()
    con.close()
    report = check_file(db.path)
    assert [p for p in report.problems if "Suchindex" in p] == [
        "Einträge des Suchindex, die von den Daten abweichen: 1 (die Daten selbst sind davon "
        "nicht betroffen). Neu aufbauen: regiodesk --db DATEI search --rebuild"
    ]
    con = sqlite3.connect(db.path)
    con.execute("UPDATE search_state SET value = -1")
    con.commit()
    con.close()
    report = check_file(db.path)
    assert report.ok and "Der Suchindex wird beim nächsten Speichern neu aufgebaut." in report.notes
    with db.transaction():
        pass  # the next save rebuilds it
    assert check_file(db.path).ok and not check_file(db.path).notes


def _index_holds(path, word: bytes) -> bool:
    """Whether any segment of the FTS5 index holds ``word`` (also as a deleted document's word)."""
    con = sqlite3.connect(path)
    try:
        return any(word in (block or b"") for (block,) in con.execute("SELECT block FROM search_index_data"))
    finally:
        con.close()


@pytest.mark.file_only(reason="reads the file's FTS5 tables with sqlite3")
def test_an_erased_person_leaves_no_word_in_the_index(db):
    """DSGVO Art. 17: FTS5 keeps a deleted document's words until it merges; erasing merges."""
    contacts = ContactService(db)
    erased = contacts.create({"kind": "person", "last_name": "Xylophonistin", "email": "qq@zyxw.de"})
    contacts.create({"kind": "person", "last_name": "Bleibt"})
    contacts.delete(contacts.create({"kind": "person", "last_name": "Papierkorbine"}))
    assert _index_holds(db.path, b"xylophon")
    assert _index_holds(db.path, b"papierkorb")  # an ordinary deletion: the words linger
    PrivacyService(db).erase(erased)
    assert not _index_holds(db.path, b"xylophon") and not _index_holds(db.path, b"zyxw")
    assert _found(db, "bleibt") == {"person": ["Bleibt"]}


def test_a_file_from_before_the_index_gets_it_filled_when_migrated(tmp_path):
    """A file of the schema before the index (built by the migrations up to there, as an older
    regiodesk left it) gets the index filled when it is opened and migrated."""
    from alembic import command

    from regiodesk.db.database import Database, _alembic_config, _migration_engine
    from regiodesk.db.schema import APPLICATION_ID

    path = tmp_path / "alt.regiodesk"
    engine = _migration_engine(path)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0007")  # the revision before the index
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO contact (id, kind, salutation, title, first_name, last_name, organisation, "
        "institution_type, public_sector, notes, restricted, created_at, modified_at) VALUES "
        "('c-1', 'person', '', '', '', 'Altbestand', '', '', 0, '', 0, '2026-01-01 10:00:00', "
        "'2026-01-01 10:00:00')"
    )
    con.commit()
    con.close()
    again = Database.open(path, device_id="test-device", backup_dir=tmp_path / "backups")
    try:
        assert _found(again, "altbestand") == {"person": ["Altbestand"]}
    finally:
        again.close()


def test_a_file_of_the_schema_before_the_offices_work_was_searched_finds_it_when_migrated(tmp_path):
    """A file whose index knew nothing of events (schema 0012, as the regiodesk before left it,
    its index current) finds them once opened and migrated (migration 0013 marks it stale)."""
    from alembic import command

    from regiodesk.db.database import Database, _alembic_config, _migration_engine
    from regiodesk.db.schema import APPLICATION_ID

    path = tmp_path / "alt.regiodesk"
    engine = _migration_engine(path)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0012")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.exec_driver_sql(
                "INSERT INTO event (id, kind, title, starts_at, location, organiser, co_organisers, "
                "programme, notes, created_at, modified_at) VALUES ('e-1', 'exkursion', "
                "'Exkursion Streuobstwiesen', '2026-09-12 09:00:00', '', '', '', '', '', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
            search_index.rebuild(search_index.driver_connection(connection))  # what 0012's code kept
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM search_doc WHERE row_id = 'e-1'").fetchone() == (1,)
    con.execute("DELETE FROM search_doc WHERE row_id = 'e-1'")  # the old code had no event document
    con.execute("DELETE FROM search_index WHERE kind = 'event'")
    con.commit()
    con.close()
    again = Database.open(path, device_id="test-device", backup_dir=tmp_path / "backups")
    try:
        assert _found(again, "streuobst") == {"event": ["Exkursion Streuobstwiesen"]}
    finally:
        again.close()
