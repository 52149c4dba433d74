"""Two people saving the same record at once: nothing lost, the clash named with who and both values.

Each person is a Database object of their own on the same data: on the server signed in as their
own PostgreSQL role (``anna``, ``bernd``), in a file as two windows or a window and a CLI run (two
devices' names). A person's form holds the values it was loaded with (``seen``); what someone else
changed meanwhile is never overwritten. The PostgreSQL variants need REGIODESK_TEST_PG.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import date

import pytest
from server_helpers import SERVER
from sqlalchemy.engine import make_url

from regiodesk.db.database import Database
from regiodesk.db.models import SyncDevice
from regiodesk.services.contacts import ContactService
from regiodesk.services.records import DeletedMeanwhile, EditClash


@dataclass
class Person:
    name: str
    db: Database

    @property
    def contacts(self) -> ContactService:
        return ContactService(self.db)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def people(request, tmp_path):
    """(anna, bernd, names): two people on one database, and how a message names each."""
    if request.param == "sqlite":
        path = tmp_path / "office.regiodesk"
        anna = Database.open(path, device_id="laptop-anna")
        with anna.transaction() as session:  # the names sync learned from the devices' journals
            session.add(SyncDevice(device_id="laptop-anna", name="Laptop Anna"))
            session.add(SyncDevice(device_id="laptop-bernd", name="Laptop Bernd"))
        bernd = Database.open(path, device_id="laptop-bernd")
        yield Person("Laptop Anna", anna), Person("Laptop Bernd", bernd)
        anna.close()
        bernd.close()
        return
    if not SERVER:
        pytest.skip("REGIODESK_TEST_PG ist nicht gesetzt: kein PostgreSQL-Server für die Tests")
    servers = request.getfixturevalue("server_databases")
    url = servers.fresh()
    roles = [f"{servers.prefix}_anna".lower(), f"{servers.prefix}_bernd".lower()]
    with closing(servers.connect(url)) as con:
        con.autocommit = True
        for role in roles:
            con.execute(f'DROP ROLE IF EXISTS "{role}"')
            con.execute(f'CREATE ROLE "{role}" LOGIN')
            con.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"')
            con.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    anna, bernd = (
        Database.open(make_url(url).set(username=role).render_as_string(False), device_id=f"laptop-{n}")
        for n, role in enumerate(roles)
    )
    yield Person(roles[0], anna), Person(roles[1], bernd)
    anna.close()
    bernd.close()
    servers.drop(url)
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        for role in roles:
            with closing(servers.connect(url)) as there:
                there.autocommit = True
                there.execute(f'DROP OWNED BY "{role}"')
            con.execute(f'DROP ROLE IF EXISTS "{role}"')


def _contact(person: Person) -> str:
    return person.contacts.create(
        {"kind": "person", "first_name": "Anna", "last_name": "Becker", "notes": "Bürgermeisterin"}
    )


def test_two_people_changing_different_fields_both_keep_their_change(people):
    anna, bernd = people
    record = _contact(anna)
    anna_form, bernd_form = anna.contacts.load(record), bernd.contacts.load(record)

    anna.contacts.update(record, {"first_name": "Anne"}, seen=anna_form)
    bernd.contacts.update(record, {"notes": "Bürgermeisterin, Vorsitzende"}, seen=bernd_form)

    stored = anna.contacts.load(record)
    assert stored["first_name"] == "Anne"  # bernd's save did not write his stale first name back
    assert stored["notes"] == "Bürgermeisterin, Vorsitzende"


def test_the_same_field_changed_by_both_keeps_the_first_and_names_who_and_both_values(people):
    anna, bernd = people
    record = _contact(anna)
    anna_form, bernd_form = anna.contacts.load(record), bernd.contacts.load(record)
    anna.contacts.update(record, {"first_name": "Anne"}, seen=anna_form)

    with pytest.raises(EditClash) as clash:
        bernd.contacts.update(record, {"first_name": "Annette", "notes": "neu"}, seen=bernd_form)

    assert clash.value.errors["first_name"] == (
        f"Der Eintrag wurde inzwischen von {anna.name} geändert: Vorname: Ihr Wert „Annette“, "
        "jetzt „Anne“. Nichts wurde überschrieben; übernehmen Sie den gewünschten Wert und "
        "speichern Sie erneut."
    )
    stored = bernd.contacts.load(record)
    assert (stored["first_name"], stored["notes"]) == ("Anne", "Bürgermeisterin")  # nothing of bernd's
    # having seen it, bernd saves again and wins, knowingly
    bernd.contacts.update(record, {"first_name": "Annette"}, seen=stored)
    assert anna.contacts.load(record)["first_name"] == "Annette"


def test_saving_a_record_someone_else_deleted_says_who_and_writes_nothing(people):
    anna, bernd = people
    record = _contact(anna)
    bernd_form = bernd.contacts.load(record)
    anna.contacts.delete(record, seen=anna.contacts.load(record))

    with pytest.raises(DeletedMeanwhile, match=f"inzwischen von {anna.name} gelöscht"):
        bernd.contacts.update(record, {"first_name": "Annette"}, seen=bernd_form)
    with anna.db.session() as session:
        from regiodesk.db.models import Contact

        row = session.get(Contact, record)
        assert row is not None and row.first_name == "Anna" and row.deleted_at is not None


def test_deleting_a_record_someone_else_changed_meanwhile_is_refused(people):
    anna, bernd = people
    record = _contact(anna)
    bernd_form = bernd.contacts.load(record)
    anna.contacts.update(record, {"notes": "bleibt Ansprechpartnerin"}, seen=anna.contacts.load(record))

    with pytest.raises(EditClash) as clash:
        bernd.contacts.delete(record, seen=bernd_form)

    message = clash.value.errors["notes"]
    assert message.startswith(f"Der Eintrag wurde inzwischen von {anna.name} geändert: Notizen:")
    assert "Nichts wurde gelöscht" in message
    assert [row.id for row in anna.contacts.rows()] == [record]  # still there
    bernd.contacts.delete(record, seen=bernd.contacts.load(record))  # seen now: deleted
    assert anna.contacts.rows() == []


def test_a_change_between_reading_and_writing_is_caught_by_the_row_version(people, monkeypatch):
    """The moment between a save's reading and its writing: the ORM's version check (modified_at).

    Anna's save reads the record; before it writes, bernd's save of the same field commits.
    """
    anna, bernd = people
    record = _contact(anna)
    service = anna.contacts
    validate = type(service).validate
    calls = []

    def bernd_saves_in_between(self, values):
        if not calls:
            calls.append(1)
            bernd.contacts.update(record, {"first_name": "Annette"})
        return validate(self, values)

    monkeypatch.setattr(type(service), "validate", bernd_saves_in_between)
    with pytest.raises(
        EditClash, match=f"von {bernd.name} geändert: Vorname: Ihr Wert „Anne“, jetzt „Annette“"
    ):
        service.update(record, {"first_name": "Anne"})
    assert bernd.contacts.load(record)["first_name"] == "Annette"

    # another field changed in between: written on top of it, nothing lost
    calls.clear()
    monkeypatch.setattr(
        type(service),
        "validate",
        lambda self, values: (
            calls or (calls.append(1), bernd.contacts.update(record, {"notes": "Vorsitz"})),
            validate(self, values),
        ),
    )
    service.update(record, {"last_name": "Becker-Roth"})
    stored = bernd.contacts.load(record)
    assert (stored["first_name"], stored["last_name"], stored["notes"]) == (
        "Annette",
        "Becker-Roth",
        "Vorsitz",
    )


def test_the_verlauf_names_the_person_who_changed_a_field(people):
    anna, bernd = people
    record = _contact(anna)
    bernd.contacts.update(record, {"first_name": "Annette"}, seen=bernd.contacts.load(record))

    history = anna.contacts.history(record)
    change = next(e for e in history if e.field == "first_name" and e.operation == "update")
    insert = next(e for e in history if e.operation == "insert")
    if anna.db.is_server:  # the person's role, written by the server itself
        assert (change.author, insert.author) == (bernd.name, anna.name)
    else:  # a file: the device says who
        assert change.author is None and change.device_id == "laptop-bernd"


def test_any_step_that_writes_a_row_changed_meanwhile_is_refused_in_german_and_writes_nothing(people):
    """Not only the forms: a service writing a loaded row (a vote, a status step) after someone
    else wrote it gets the German refusal naming who changed what, and nothing of its step is
    stored."""
    from regiodesk.db.models import Contact
    from regiodesk.domain.errors import ChangedMeanwhileError

    anna, bernd = people
    contact = anna.contacts.create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    with pytest.raises(ChangedMeanwhileError) as refused, anna.db.transaction() as session:
        row = session.get(Contact, contact)
        bernd.contacts.update(contact, {"first_name": "Evi"})  # between anna's reading and writing
        row.last_name = "Maier"
        session.add(Contact(kind="person", last_name="Nebenbei"))  # part of the same step
    assert str(refused.value) == (
        f"Kontakt „Evi Huber“ wurde inzwischen von {bernd.name} geändert: Vorname jetzt „Evi“. "
        "Nichts von diesem Schritt wurde gespeichert. Bitte sehen Sie sich den neuen Stand an und "
        "wiederholen Sie den Schritt."
    )
    assert anna.contacts.load(contact)["first_name"] == "Evi"  # bernd's change stays
    assert anna.contacts.load(contact)["last_name"] == "Huber"  # anna's step was not written
    assert not [r for r in anna.contacts.rows() if r.values[0].startswith("Nebenbei")]


def test_undo_of_a_new_record_refuses_when_another_person_changed_it_meanwhile(people):
    """On a server everyone writes as the server's one sync device: the person tells who else it was."""
    from regiodesk.services.undo import ChangedMeanwhile, ChangeSet, UndoService, recording

    anna, bernd = people
    with recording(anna.db) as seqs:
        contact = anna.contacts.create({"kind": "person", "first_name": "Eva", "last_name": "Neu"})
    bernd.contacts.update(contact, {"notes": "von Bernd ergänzt"})
    with pytest.raises(ChangedMeanwhile, match="Neu"):
        UndoService(anna.db).revert(ChangeSet(tuple(seqs)))
    assert anna.contacts.load(contact)["notes"] == "von Bernd ergänzt"


def test_a_payment_changed_meanwhile_refuses_the_other_step_naming_who_and_the_amount_now(
    people, monkeypatch
):
    """Bernd corrects a payment; while his step runs (between its reading and its writing) anna
    books another amount on it. His step is refused with her name and the amount now, and none
    of it is written: not the amount, not the note."""
    from project_helpers import make_region, new_project

    from regiodesk.domain.errors import ChangedMeanwhileError
    from regiodesk.services.payments import PaymentService
    from regiodesk.services.project_pipeline import ProjectPipeline

    anna, bernd = people
    make_region(anna.db)
    project = new_project(anna.db, status="antrag_gestellt", grant_cents=10_000_00)
    ProjectPipeline(anna.db).change_status(project, "bewilligt", date(2026, 2, 1), today=date(2026, 11, 20))
    payment = PaymentService(anna.db).add(project, date(2026, 3, 1), 4_000_00, note="1. Teilzahlung")

    check = PaymentService._check
    calls: list[int] = []

    def anna_books_in_between(self, *args, **kwargs):
        if self.db is bernd.db and not calls:
            calls.append(1)
            PaymentService(anna.db).update(payment, date(2026, 3, 1), 3_000_00, note="1. Teilzahlung")
        return check(self, *args, **kwargs)

    monkeypatch.setattr(PaymentService, "_check", anna_books_in_between)
    with pytest.raises(ChangedMeanwhileError) as refused:
        PaymentService(bernd.db).update(payment, date(2026, 3, 2), 5_000_00, note="korrigiert")

    assert str(refused.value).startswith(
        f"Auszahlung wurde inzwischen von {anna.name} geändert: Betrag jetzt „3.000,00 €“. "
        "Nichts von diesem Schritt wurde gespeichert."
    )
    [row] = PaymentService(bernd.db).payments(project)
    assert (row.paid_on, row.amount_cents, row.note) == (date(2026, 3, 1), 3_000_00, "1. Teilzahlung")


def test_a_step_on_a_row_deleted_meanwhile_says_who_deleted_it(people):
    from regiodesk.db.models import Contact
    from regiodesk.domain.errors import ChangedMeanwhileError

    anna, bernd = people
    contact = anna.contacts.create({"kind": "institution", "organisation": "Gemeinde Au"})
    with pytest.raises(ChangedMeanwhileError) as refused, anna.db.transaction() as session:
        row = session.get(Contact, contact)
        bernd.contacts.delete(contact)
        row.notes = "Ansprechpartner neu"
    assert str(refused.value).startswith(f"Kontakt „Gemeinde Au“ wurde inzwischen von {bernd.name} gelöscht.")


def test_two_people_saving_at_the_same_moment_both_get_saved_and_found(people):
    """One writer at a time, on a server as in a file: bernd's save waits while anna's step is
    being written, and the search finds both changes afterwards. On the server the second save
    failed on a duplicate index number, or its change was never indexed (its log entry became
    visible after the index's mark had passed it)."""
    import threading

    from regiodesk.db.models import Contact
    from regiodesk.services.search import SearchService

    anna, bernd = people
    first = anna.contacts.create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    second = anna.contacts.create({"kind": "person", "first_name": "Jan", "last_name": "Berg"})
    failures: list[BaseException] = []

    def bernd_saves() -> None:
        try:
            bernd.contacts.update(second, {"last_name": "Yilmaz"})
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    bernd_thread = threading.Thread(target=bernd_saves)
    with anna.db.transaction() as session:
        session.get(Contact, first).last_name = "Zander"
        session.flush()  # anna's step is being written
        bernd_thread.start()
        bernd_thread.join(0.5)
        assert bernd_thread.is_alive()  # waits for anna's step to end
    bernd_thread.join(10)
    assert not bernd_thread.is_alive() and failures == []
    search = SearchService(anna.db)
    for typed, record in (("zander", first), ("yilmaz", second)):
        assert [hit.record_id for group in search.search(typed) for hit in group.hits] == [record]
