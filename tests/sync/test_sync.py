"""Two and three laptops through one shared folder: convergence, conflicts, deletions, refusals."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from sync_helpers import Laptop, device

from regiodesk.sync import SyncError, SyncService, join
from regiodesk.sync.folder import IDENTITY, JOURNALS, journal_path


@pytest.fixture
def pair(tmp_path, folder):
    """Anna's laptop with five contacts, synced; Ben's laptop joined from the folder."""
    anna = Laptop(tmp_path / "anna.regiodesk", device(1))
    ids = [
        anna.contacts.create({"kind": "person", "last_name": f"Name {n}", "email": f"p{n}@example.de"})
        for n in range(5)
    ]
    anna.sync(folder)
    path, _report = join(folder, tmp_path / "ben.regiodesk", device_id=device(2))
    ben = Laptop(path, device(2))
    yield anna, ben, ids
    anna.close()
    ben.close()


def test_first_sync_sets_up_the_folder_with_an_identity_journals_and_a_snapshot(tmp_path, folder):
    anna = Laptop(tmp_path / "anna.regiodesk", device(1))
    anna.contacts.create({"kind": "person", "last_name": "Öztürk"})
    report = anna.sync(folder)
    assert report.initialized and report.sent > 0
    identity = json.loads((folder / IDENTITY).read_text(encoding="utf-8"))
    assert identity["format"] == 1
    assert journal_path(folder, device(1), 1).exists()
    assert report.snapshot is not None and report.snapshot.exists()
    # the live database never goes into the folder
    assert not list(folder.rglob("anna.regiodesk"))
    anna.close()


def test_joined_laptop_has_everything_and_changes_travel_both_ways(pair, folder):
    anna, ben, ids = pair
    assert ben.contact_state() == anna.contact_state()
    assert ben.email_state() == anna.email_state()
    ben.contacts.update(ids[0], {"first_name": "Çağlar"})
    new = anna.contacts.create({"kind": "institution", "organisation": "Gemeinde Überall"})
    ben.sync(folder)
    report = anna.sync(folder)
    assert report.received > 0 and report.conflicts == 0
    ben.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "Çağlar"
    assert ben.contacts.load(new)["organisation"] == "Gemeinde Überall"
    assert ben.contact_state() == anna.contact_state()


def test_rows_arrive_with_their_column_defaults_although_the_log_leaves_defaults_out(pair, folder, tmp_path):
    """Inserts log no default values (db.changelog.logged_fields): the other laptop fills them in."""
    anna, ben, _ids = pair
    from regiodesk.db.models import Contact
    from regiodesk.services.contacts_import import ContactImportService

    lines = ["Name;PLZ Ort;E-Mail", "Zoë Weiß;96450 Coburg;zoe@example.de", "Gemeinde Überall;;"]
    source = tmp_path / "liste.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ContactImportService(anna.db)
    service.run(service.preview(source))  # the bulk writer
    with anna.db.transaction() as session:
        session.add(Contact())  # nothing but defaults: one entry all the same
        session.add(Contact(kind="institution", organisation="Mairie", public_sector=True, notes="Partner"))
    anna.sync(folder)
    ben.sync(folder)
    everything = "SELECT * FROM {} ORDER BY id"
    for table in ("contact", "address", "contact_email"):
        assert ben.rows(everything.format(table)) and _content(ben, table) == _content(anna, table), table


def _content(laptop, table: str) -> list[tuple]:
    """Every column but the bookkeeping times (a received row is stamped with the change's time)."""
    names = [
        r[1] for r in laptop.rows(f"PRAGMA table_info({table})") if r[1] not in ("created_at", "modified_at")
    ]
    return laptop.rows(f"SELECT {', '.join(names)} FROM {table} ORDER BY id")


def test_same_field_changed_on_both_laptops_is_a_listed_conflict_and_the_loser_stays_in_the_log(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"last_name": "Müller"})
    anna.contacts.update(ids[0], {"last_name": "Mueller-Schmidt"})  # later: wins
    ben.sync(folder)
    report = anna.sync(folder)
    ben.sync(folder)
    assert report.conflicts == 1
    assert (
        anna.contacts.load(ids[0])["last_name"] == ben.contacts.load(ids[0])["last_name"] == "Mueller-Schmidt"
    )
    [at_anna] = anna.conflicts()
    assert (at_anna.field_label, at_anna.local_value, at_anna.other_value) == (
        "Nachname",
        "Mueller-Schmidt",
        "Müller",
    )
    assert at_anna.winner == "local" and "Mueller-Schmidt" in at_anna.record_label
    [at_ben] = ben.conflicts()
    assert (at_ben.local_value, at_ben.other_value, at_ben.winner) == ("Müller", "Mueller-Schmidt", "other")
    # nothing discarded: the losing value is in both change logs
    for laptop in (anna, ben):
        values = [
            v
            for (v,) in laptop.rows(
                "SELECT new_value FROM change_log WHERE row_id = ? AND field = 'last_name'", ids[0]
            )
        ]
        assert json.dumps("Müller", ensure_ascii=False) in values


def test_choosing_the_other_value_is_a_new_change_that_reaches_the_other_laptop(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[1], {"last_name": "Ben"})
    anna.contacts.update(ids[1], {"last_name": "Anna"})
    ben.sync(folder)
    anna.sync(folder)
    [conflict] = anna.conflicts()
    SyncService(anna.db).choose(conflict.id, "other")
    assert anna.contacts.load(ids[1])["last_name"] == "Ben"
    assert anna.conflicts() == [] and anna.conflicts(open_only=False)[0].decided
    anna.sync(folder)
    ben.sync(folder)
    assert ben.contacts.load(ids[1])["last_name"] == "Ben"


def test_different_fields_of_one_record_merge_without_conflict(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[2], {"first_name": "Françoise"})
    anna.contacts.update(ids[2], {"last_name": "Lefèvre"})
    ben.sync(folder)
    assert anna.sync(folder).conflicts == 0
    ben.sync(folder)
    for laptop in (anna, ben):
        record = laptop.contacts.load(ids[2])
        assert (record["first_name"], record["last_name"]) == ("Françoise", "Lefèvre")


def test_deletion_wins_over_a_record_not_modified_after_it(pair, folder):
    anna, ben, ids = pair
    anna.contacts.delete(ids[3])
    anna.sync(folder)
    ben.sync(folder)
    deleted = ben.rows("SELECT deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[3])
    assert deleted == [(1,)]
    emails = ben.rows("SELECT deleted_at IS NOT NULL FROM contact_email WHERE contact_id = ?", ids[3])
    assert emails and all(flag for (flag,) in emails)
    assert ben.conflicts() == []


def test_an_edit_unaware_of_a_deletion_brings_the_record_back_with_its_rows_and_is_listed(pair, folder):
    anna, ben, ids = pair
    anna.contacts.delete(ids[4])  # with its e-mail
    ben.contacts.update(ids[4], {"first_name": "Noch da"})  # later, not knowing
    anna.sync(folder)
    ben_report = ben.sync(folder)
    anna_report = anna.sync(folder)
    for laptop in (anna, ben):
        assert laptop.rows("SELECT deleted_at, first_name FROM contact WHERE id = ?", ids[4]) == [
            (None, "Noch da")
        ]
        assert laptop.rows(
            "SELECT count(*) FROM contact_email WHERE contact_id = ? AND deleted_at IS NULL", ids[4]
        ) == [(1,)]
    assert ben_report.conflicts == 1 and anna_report.restored == 1
    assert [c.kind for c in anna.conflicts()] == ["restored"]
    assert [c.kind for c in ben.conflicts()] == ["delete_ignored"]
    assert anna.contact_state() == ben.contact_state() and anna.email_state() == ben.email_state()


def test_a_deletion_made_after_seeing_the_edit_wins(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Zuerst"})
    ben.sync(folder)
    anna.sync(folder)
    anna.contacts.delete(ids[0])
    anna.sync(folder)
    ben.sync(folder)
    assert ben.rows("SELECT deleted_at IS NOT NULL FROM contact WHERE id = ?", ids[0]) == [(1,)]
    assert ben.conflicts() == [] and anna.conflicts() == []


def test_a_laptop_whose_clock_is_a_day_ahead_does_not_win_later_edits(pair, folder):
    anna, ben, ids = pair
    anna.set_clock_skew(24 * 3600 * 1000)
    anna.contacts.update(ids[0], {"first_name": "Vom Morgen"})
    anna.sync(folder)
    ben.sync(folder)
    ben.contacts.update(ids[0], {"first_name": "Heute, danach"})  # Ben saw Anna's edit: his is later
    ben.sync(folder)
    assert anna.sync(folder).conflicts == 0
    assert anna.contacts.load(ids[0])["first_name"] == "Heute, danach"


def test_sync_with_nothing_new_changes_nothing(pair, folder):
    anna, _ben, _ids = pair
    before = (anna.log_count(), sorted(p.name for p in folder.rglob("*")))
    report = anna.sync(folder)
    assert (report.sent, report.received, report.backup) == (0, 0, None)
    assert (anna.log_count(), sorted(p.name for p in folder.rglob("*"))) == before


def test_a_sync_that_applies_changes_backs_up_first(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "X"})
    ben.sync(folder)
    report = anna.sync(folder)
    assert report.backup is not None and "vor-sync" in report.backup.name and report.backup.exists()


# ------------------------------------------------------------------------- what the folder does


def test_a_half_copied_journal_is_skipped_and_applied_when_complete(pair, folder, tmp_path):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Halb"})
    report = ben.sync(folder)
    [written] = report.journals_written
    whole = written.read_bytes()
    written.write_bytes(whole[: len(whole) // 2])  # the sync client is still uploading
    before = anna.contact_state()
    half = anna.sync(folder)
    assert half.skipped_files and half.received == 0
    assert anna.contact_state() == before
    written.write_bytes(whole)
    assert anna.sync(folder).received > 0
    assert anna.contacts.load(ids[0])["first_name"] == "Halb"


def test_conflicted_copies_and_stray_files_are_never_read(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Echt"})
    [written] = ben.sync(folder).journals_written
    fake = json.loads(written.read_text(encoding="utf-8"))
    fake["entries"][0][5] = json.dumps("Kopie")
    for name in (
        f"{written.stem} (conflicted copy 2026-11-20).json",
        f"{written.stem}-DESKTOP-1234.json",
        f"{written.stem}.json.tmp",
    ):
        (written.parent / name).write_text(json.dumps(fake), encoding="utf-8")
    shutil.copytree(written.parent, written.parent.with_name(written.parent.name + " (1)"))
    anna.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "Echt"


def test_the_same_journal_delivered_twice_does_no_harm(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Einmal"})
    ben.sync(folder)
    anna.sync(folder)
    count = anna.log_count()
    # as if the journal arrived again: forget having applied it
    with anna.db.transaction() as session:
        from regiodesk.db.models import SyncDevice

        session.get(SyncDevice, device(2)).applied_seq = 0
    report = anna.sync(folder)
    assert report.received == 0 and anna.log_count() == count
    assert anna.contacts.load(ids[0])["first_name"] == "Einmal"


def test_an_own_insert_coming_back_is_known_by_its_row_entry(pair, folder):
    """The log holds an insert as one row entry, the journal field by field: reading an own
    journal again (a restored backup does) must recognise every field as already logged."""
    anna, _ben, _ids = pair
    anna.contacts.create({"kind": "person", "first_name": "Zoë", "last_name": "Lefèvre", "notes": "neu"})
    anna.sync(folder)
    count = anna.log_count()
    with anna.db.transaction() as session:
        from regiodesk.db.models import SyncDevice

        session.get(SyncDevice, device(1)).applied_seq = 0  # as if her own journals were new
    report = anna.sync(folder)
    assert report.received == 0 and anna.log_count() == count


def test_journals_are_applied_in_order_even_when_they_arrive_out_of_order(pair, folder, tmp_path):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Eins"})
    [first] = ben.sync(folder).journals_written
    ben.contacts.update(ids[0], {"first_name": "Zwei"})
    [_second] = ben.sync(folder).journals_written
    parked = tmp_path / "parked.json"
    first.rename(parked)  # only the second has arrived
    report = anna.sync(folder)
    assert report.received == 0 and report.waiting_for
    assert anna.contacts.load(ids[0])["first_name"] == ""
    parked.rename(first)
    anna.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "Zwei"
    assert anna.conflicts() == []


def test_a_change_waits_for_the_changes_it_was_based_on_from_a_third_laptop(pair, folder, tmp_path):
    """Ben adds an e-mail to a contact Anna created; Clara sees Ben's journal before Anna's."""
    anna, ben, _ids = pair
    path, _ = join(folder, tmp_path / "clara.regiodesk", device_id=device(3))
    clara = Laptop(path, device(3))
    created = anna.contacts.create({"kind": "person", "last_name": "Neu von Anna"})
    anna.sync(folder)
    ben.sync(folder)
    ben.contacts.update(created, {"email": "neu@example.de"})
    ben.sync(folder)
    anna_dir = folder / JOURNALS / device(1)
    hidden = tmp_path / "anna-journals"
    shutil.move(anna_dir, hidden)  # Anna's files have not reached Clara's folder yet
    report = clara.sync(folder)
    assert report.received == 0 and report.waiting_for
    shutil.move(hidden, anna_dir)
    clara.sync(folder)
    assert clara.contacts.load(created)["email"] == "neu@example.de"
    assert clara.contact_state() == anna.contact_state()
    clara.close()


def test_restoring_a_backup_and_syncing_recovers_the_changes_sent_since(pair, folder):
    anna, ben, ids = pair
    from regiodesk.db.custody import make_backup, restore_backup

    backup = make_backup(anna.path, "test")
    anna.contacts.update(ids[0], {"first_name": "Nach der Sicherung"})
    anna.sync(folder)
    anna.close()
    restore_backup(backup, anna.path)
    anna = Laptop(anna.path, device(1))
    assert anna.contacts.load(ids[0])["first_name"] == ""
    anna.contacts.update(ids[1], {"first_name": "Neu danach"})
    anna.sync(folder)  # own journal comes back; the new one gets a fresh number
    assert anna.contacts.load(ids[0])["first_name"] == "Nach der Sicherung"
    ben.sync(folder)
    assert ben.contacts.load(ids[1])["first_name"] == "Neu danach"
    assert ben.contact_state() == anna.contact_state()
    anna.close()


# ------------------------------------------------------------------------------------ refusals


def _unchanged(laptop: Laptop, folder):
    return laptop.log_count(), laptop.contact_state(), sorted(str(p) for p in folder.rglob("*"))


def test_an_empty_folder_after_syncing_is_refused(pair, tmp_path):
    anna, _ben, _ids = pair
    empty = tmp_path / "leer"
    empty.mkdir()
    before = _unchanged(anna, empty)
    with pytest.raises(SyncError, match="leer, obwohl"):
        anna.sync(empty)
    assert _unchanged(anna, empty) == before


def test_a_folder_of_another_region_is_refused(pair, tmp_path):
    anna, _ben, _ids = pair
    other = Laptop(tmp_path / "andere.regiodesk", device(7))
    other.contacts.create({"kind": "person", "last_name": "Fremd"})
    foreign = tmp_path / "andere-region"
    foreign.mkdir()
    other.sync(foreign)
    before = _unchanged(anna, foreign)
    with pytest.raises(SyncError, match="anderen Datenbank"):
        anna.sync(foreign)
    assert _unchanged(anna, foreign) == before
    other.close()


def test_a_folder_with_other_files_but_no_sync_is_refused(tmp_path):
    anna = Laptop(tmp_path / "anna.regiodesk", device(1))
    documents = tmp_path / "Dokumente"
    documents.mkdir()
    (documents / "Haushaltsplan.xlsx").write_bytes(b"x")
    with pytest.raises(SyncError, match="andere Dateien"):
        anna.sync(documents)
    assert sorted(p.name for p in documents.iterdir()) == ["Haushaltsplan.xlsx"]
    anna.close()


def test_a_folder_of_a_newer_format_is_refused(pair, folder):
    anna, _ben, _ids = pair
    identity = json.loads((folder / IDENTITY).read_text(encoding="utf-8"))
    identity["format"] = 99
    (folder / IDENTITY).write_text(json.dumps(identity), encoding="utf-8")
    before = _unchanged(anna, folder)
    with pytest.raises(SyncError, match="neueren regiodesk-Version"):
        anna.sync(folder)
    assert _unchanged(anna, folder) == before


def test_a_journal_from_a_newer_version_stops_the_sync_before_anything_changes(pair, folder):
    anna, ben, ids = pair
    from regiodesk.sync.folder import canonical, checksum

    ben.contacts.update(ids[0], {"first_name": "Neu"})
    [written] = ben.sync(folder).journals_written
    document = json.loads(written.read_text(encoding="utf-8"))
    document.pop("sha256")
    document["schema"] = "0999"
    written.write_bytes(canonical(dict(document, sha256=checksum(document))))
    anna.contacts.update(ids[1], {"first_name": "Wartet"})  # not sent either: nothing leaves
    before = _unchanged(anna, folder)
    with pytest.raises(SyncError, match="neuere regiodesk-Version"):
        anna.sync(folder)
    assert _unchanged(anna, folder) == before


def test_a_missing_folder_is_a_clear_message(pair, tmp_path):
    anna, _ben, _ids = pair
    with pytest.raises(SyncError, match="gibt es nicht"):
        anna.sync(tmp_path / "nicht-da")


def test_a_damaged_database_is_never_synced(pair, folder):
    anna, _ben, _ids = pair
    anna.db.mark_damaged("Testschaden")
    before = sorted(str(p) for p in folder.rglob("*"))
    with pytest.raises(Exception, match="beschädigt"):
        anna.sync(folder)
    assert sorted(str(p) for p in folder.rglob("*")) == before


def test_joining_needs_a_folder_with_a_snapshot(tmp_path, folder):
    with pytest.raises(SyncError, match="keine regiodesk-Synchronisierung"):
        join(folder, tmp_path / "neu.regiodesk", device_id=device(3))
    assert not (tmp_path / "neu.regiodesk").exists()


def test_joining_refuses_to_overwrite_a_file(pair, folder):
    anna, _ben, _ids = pair
    with pytest.raises(SyncError, match="gibt es schon"):
        join(folder, anna.path, device_id=device(3))


def test_a_new_laptop_joins_while_the_others_are_off(pair, folder, tmp_path):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Nach dem Stand"})
    ben.sync(folder)
    ben.close()
    anna.close()  # nobody else is online
    path, report = join(folder, tmp_path / "clara.regiodesk", device_id=device(3))
    clara = Laptop(path, device(3))
    assert report.received > 0
    assert clara.contacts.load(ids[0])["first_name"] == "Nach dem Stand"
    assert clara.conflicts() == []
    clara.close()
    # the fixture closes anna and ben again; closing twice is harmless


def test_a_large_change_is_split_into_files_that_claim_only_what_they_complete(pair, folder, monkeypatch):
    """One import is one clock stamp; split over several files, only the last completes it, so a
    laptop that has the first file only does not count itself as knowing the import."""
    from regiodesk.db.bulk import insert_logged
    from regiodesk.db.models import Contact
    from regiodesk.sync import engine
    from regiodesk.sync.folder import read_journal

    anna, ben, _ids = pair
    monkeypatch.setattr(engine, "MAX_ENTRIES", 7)
    with anna.db.transaction() as session:
        insert_logged(
            session,
            anna.db.recorder,
            [
                Contact(kind="person", first_name="Zoë", last_name=f"Import {n}", notes="aus Liste")
                for n in range(6)
            ],
        )
    report = anna.sync(folder)
    journals = [read_journal(path) for path in report.journals_written]
    assert len(journals) > 2 and all(len(j.entries) <= 7 for j in journals)
    stamp = journals[0].max_hlc
    assert all(j.max_hlc == stamp for j in journals)
    assert [j.complete_hlc < stamp for j in journals] == [True] * (len(journals) - 1) + [False]
    ben.sync(folder)
    assert ben.contact_state() == anna.contact_state()


def test_an_insert_logged_as_one_row_entry_travels_field_by_field(pair, folder):
    """The log keeps an insert as one entry; journals keep one entry per field, as laptops expect."""
    from regiodesk.db.changelog import ROW
    from regiodesk.sync.folder import read_journal

    anna, ben, _ids = pair
    new = anna.contacts.create(
        {"kind": "person", "first_name": "Zoë", "last_name": "Lefèvre", "notes": "neu"}
    )
    assert anna.rows("SELECT field FROM change_log WHERE row_id = ?", new) == [(ROW,)]
    report = anna.sync(folder)
    [journal] = [read_journal(path) for path in report.journals_written]
    sent = {e[3]: json.loads(e[5]) for e in journal.entries if e[1] == new}
    assert sent == {"first_name": "Zoë", "last_name": "Lefèvre", "notes": "neu"}
    assert all(e[3] != ROW for e in journal.entries)
    ben.sync(folder)
    assert ben.contact_state() == anna.contact_state()
    # Ben's later edit wins over the row entry's field on Anna's side, and is no conflict: her
    # log's row entry is read field by field when his change is weighed against it
    ben.contacts.update(new, {"notes": "von Ben"})
    ben.sync(folder)
    assert anna.sync(folder).conflicts == 0
    assert anna.contacts.load(new)["notes"] == "von Ben"
    assert ben.contact_state() == anna.contact_state()


def test_a_row_with_more_fields_than_a_journal_holds_goes_whole_into_one(pair, folder, monkeypatch):
    from regiodesk.sync import engine
    from regiodesk.sync.folder import read_journal

    anna, ben, _ids = pair
    monkeypatch.setattr(engine, "MAX_ENTRIES", 2)
    new = anna.contacts.create(
        {"kind": "person", "first_name": "Zoë", "last_name": "Lefèvre", "notes": "neu"}
    )
    journals = [read_journal(path) for path in anna.sync(folder).journals_written]
    assert [
        len([e for e in j.entries if e[1] == new]) for j in journals if any(e[1] == new for e in j.entries)
    ] == [3]
    ben.sync(folder)
    assert ben.contact_state() == anna.contact_state()


def test_a_conflict_is_labelled_and_shown_as_the_window_shows_the_field(pair, folder):
    """The Konflikte view, the CLI and the Verlauf share one label and one value format per field:
    a consent's method reads „wie erteilt: mündlich“, not „method: muendlich“; a reference is a name."""
    from regiodesk import fields
    from regiodesk.services.contacts_lists import ConsentService
    from regiodesk.services.projects import ProjectService

    anna, ben, ids = pair
    consent = ConsentService(anna.db).create(
        {"contact_id": ids[0], "purpose": "Newsletter", "given_on": date(2026, 1, 5), "method": "formular"}
    )
    project = ProjectService(anna.db).create({"title": "Dorfladen", "status": "idee"})
    anna.sync(folder)
    ben.sync(folder)
    ConsentService(ben.db).update(consent, {"method": "muendlich"})
    ProjectService(ben.db).update(project, {"sponsor_id": ids[1]})
    ConsentService(anna.db).update(consent, {"method": "email"})  # later: wins
    ProjectService(anna.db).update(project, {"sponsor_id": ids[2]})
    ben.sync(folder)
    anna.sync(folder)
    shown = {c.field: (c.field_label, c.local_value, c.other_value) for c in anna.conflicts()}
    assert (
        shown["method"]
        == (fields.label("consent", "method"), "E-Mail", "mündlich")
        == (
            "wie erteilt",
            "E-Mail",
            "mündlich",
        )
    )
    assert shown["sponsor_id"] == ("Projektträger", "Name 2", "Name 1")
