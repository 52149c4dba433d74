"""What the shared folder can do to journals: damaged for good, still arriving, well-formed but
wrong content, temporary files left by an interrupted write. Nothing is lost and nothing is
applied half."""

from __future__ import annotations

import json
import os
import time

import pytest

from regiodesk.sync.folder import JOURNALS, canonical, checksum, read_journal

HOUR = 3600


def _age(path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def _damage(path, age: float = HOUR) -> None:
    """Bytes changed in place (a disk or cloud client fault): valid JSON, wrong checksum."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["entries"][0][5] = json.dumps("verfälscht")
    path.write_bytes(canonical(document))
    _age(path, age)


def _rewrite(path, change) -> None:
    """Content changed and the checksum made to fit: whole, but not what regiodesk writes."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("sha256")
    change(document)
    path.write_bytes(canonical(dict(document, sha256=checksum(document))))


def test_a_damaged_journal_is_named_and_its_laptop_writes_it_again_so_the_others_go_on(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Erste"})
    created = ben.contacts.create({"kind": "person", "last_name": "Neu bei Ben"})
    [damaged] = ben.sync(folder).journals_written
    ben.contacts.update(ids[1], {"first_name": "Zweite"})
    ben.contacts.update(created, {"first_name": "Danach"})  # needs the insert of the damaged file
    ben.sync(folder)
    _damage(damaged)

    report = anna.sync(folder)  # exits normally, but says what is wrong and what to do
    assert report.damaged_files == [f"{JOURNALS}/{ben.device_id}/{damaged.name}"]
    assert not report.skipped_files
    [notice] = report.notices
    assert "beschädigt" in notice and "„Ben-Laptop“" in notice and damaged.name in notice
    assert "Ben-Laptop" in report.summary()
    # the later journal waits: it may depend on the damaged one
    assert anna.contacts.load(ids[1])["first_name"] == ""

    ben_report = ben.sync(folder)  # Ben sees his own file damaged and writes its changes again
    [reissue] = ben_report.journals_written
    assert read_journal(reissue).reissues == (int(damaged.stem),)
    assert any("neu geschrieben" in n for n in ben_report.notices)
    assert ben.sync(folder).journals_written == []  # once only

    later = anna.sync(folder)
    assert later.damaged_files == [] and later.waiting_for == []
    assert anna.contacts.load(ids[0])["first_name"] == "Erste"
    assert anna.contacts.load(ids[1])["first_name"] == "Zweite"
    assert (anna.contacts.load(created)["first_name"], anna.contacts.load(created)["last_name"]) == (
        "Danach",
        "Neu bei Ben",
    )
    assert anna.contact_state() == ben.contact_state()


def test_a_journal_changed_a_moment_ago_is_still_arriving_not_damaged(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Unterwegs"})
    [arriving] = ben.sync(folder).journals_written
    _damage(arriving, age=5)  # the cloud client is writing it right now
    report = anna.sync(folder)
    assert report.skipped_files and report.damaged_files == [] and report.notices == []
    assert "noch unvollständig" in report.summary()
    assert ben.sync(folder).journals_written == []  # nothing to write again


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda d: d["entries"][0].__setitem__(5, json.dumps("kein Datum")), "Eintrag 1"),
        (lambda d: d["entries"].append(["contact", "x", "update"]), "3 statt 8"),
        (lambda d: d["entries"][0].__setitem__(3, "gibt_es_nicht"), "unbekanntes Feld"),
        (lambda d: d["entries"][0].__setitem__(6, "kein Zeitstempel"), "Zeitstempel"),
        (lambda d: d.__setitem__("seq", "drei"), "Nummer"),
        (lambda d: d.__setitem__("entries", {"a": 1}), "Einträge"),
    ],
)
def test_a_whole_journal_with_wrong_content_is_refused_as_a_whole_with_a_german_message(
    pair, folder, change, reason
):
    anna, ben, ids = pair
    from regiodesk.db.models import Consent

    with ben.db.transaction() as session:
        from datetime import date

        session.add(Consent(contact_id=ids[0], purpose="Newsletter", given_on=date(2026, 3, 1)))
    ben.contacts.update(ids[1], {"first_name": "Nicht halb"})
    [written] = ben.sync(folder).journals_written
    document = json.loads(written.read_text(encoding="utf-8"))
    first = next(n for n, e in enumerate(document["entries"]) if e[3] == "given_on")
    # put the date entry first, so "kein Datum" lands where a date belongs
    document["entries"].insert(0, document["entries"].pop(first))
    written.write_bytes(canonical(document))
    _rewrite(written, change)
    before = anna.rows("SELECT first_name FROM contact ORDER BY id")

    anna.contacts.update(ids[2], {"last_name": "Geht weiter"})
    report = anna.sync(folder)  # no traceback: refused, named, the rest goes on
    assert report.damaged_files == [f"{JOURNALS}/{ben.device_id}/{written.name}"]
    [notice] = report.notices
    assert "Ben-Laptop" in notice and reason in notice
    assert anna.rows("SELECT first_name FROM contact ORDER BY id") == before  # nothing of it applied
    assert anna.rows("SELECT count(*) FROM consent") == [(0,)]
    assert report.sent > 0  # Anna's own changes still go out
    ben.sync(folder)
    assert ben.contacts.load(ids[2])["last_name"] == "Geht weiter"


def test_text_arriving_through_sync_is_cleaned(pair, folder):
    anna, ben, ids = pair
    ben.contacts.update(ids[0], {"first_name": "Zoë"})
    [written] = ben.sync(folder).journals_written

    def smuggle(document):
        for entry in document["entries"]:
            if entry[3] == "first_name":
                entry[5] = json.dumps("Zo\u202eë\x07\nX")

    _rewrite(written, smuggle)
    anna.sync(folder)
    assert anna.contacts.load(ids[0])["first_name"] == "Zoë X"


def test_own_stale_temporary_files_are_removed_and_nobody_elses(pair, folder):
    anna, ben, _ids = pair
    own = folder / JOURNALS / anna.device_id / ".00000009.json.1a2b3c4d.tmp"
    fresh = folder / JOURNALS / anna.device_id / ".00000010.json.5e6f7a8b.tmp"
    foreign = folder / JOURNALS / ben.device_id / ".00000009.json.1a2b3c4d.tmp"
    for path in (own, fresh, foreign):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b'{"halb')
    _age(own, 2 * HOUR)
    _age(foreign, 2 * HOUR)
    anna.sync(folder)
    assert not own.exists()
    assert fresh.exists()  # perhaps being written right now
    assert foreign.exists()  # Ben's own to clean up
