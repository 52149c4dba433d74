"""The bulk writer stores and logs rows exactly as the session would."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from regiodesk.db.bulk import insert_log_entries, insert_logged, insert_logged_rows, update_rows
from regiodesk.db.changelog import expand
from regiodesk.db.models import ChangeLogEntry, Contact, ContactEmail


def _raw(db, sql: str) -> list[tuple]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _columns(db, table: str) -> list[str]:
    return [r[1] for r in _raw(db, f"PRAGMA table_info({table})") if r[1] not in ("id", "modified_at")]


@pytest.mark.file_only(reason="compares SQLite's stored text byte by byte")
def test_rows_are_stored_like_rows_written_through_the_session(db):
    """Same text for every column (dates with six-digit microseconds, booleans as 0/1)."""
    with db.transaction() as session:
        session.add(Contact(kind="person", last_name="Weiß", public_sector=True))
    with db.transaction() as session:
        insert_logged_rows(
            session, db.recorder, [(Contact, {"kind": "person", "last_name": "Weiß", "public_sector": True})]
        )
    columns = ", ".join(f"typeof({c}), length({c})" for c in _columns(db, "contact"))
    orm, bulk = _raw(db, f"SELECT {columns} FROM contact ORDER BY created_at")
    assert orm == bulk
    created = [r[0] for r in _raw(db, "SELECT created_at FROM contact ORDER BY created_at")]
    assert all(len(text) == 26 and text[10] == " " for text in created)  # 2026-11-23 12:00:00.000000


def test_created_at_keeps_the_given_order_and_reads_back_as_utc(db):
    addresses = [f"p{n}@example.de" for n in range(50)]
    with db.transaction() as session:
        contact = Contact(kind="person", last_name="Öztürk")
        session.add(contact)
        session.flush()
        cid = contact.id
        insert_logged_rows(
            session, db.recorder, [(ContactEmail, {"contact_id": cid, "address": a}) for a in addresses]
        )
    with db.session() as session:
        stored = session.execute(select(ContactEmail.address, ContactEmail.created_at)).all()
    by_time = [a for a, _at in sorted(stored, key=lambda r: r[1])]
    assert by_time == addresses  # "the oldest e-mail is the primary one"
    assert all(at.tzinfo == timezone.utc for _a, at in stored)


def test_a_given_created_at_is_kept(db):
    moment = datetime(2024, 2, 29, 23, 59, 59, tzinfo=timezone.utc)
    with db.transaction() as session:
        contact = Contact(kind="institution", organisation="Gemeinde Ahorn", created_at=moment)
        insert_logged(session, db.recorder, [contact])
    with db.session() as session:
        assert session.get(Contact, contact.id).created_at == moment


def test_logged_like_the_session_logs(db):
    values = {"kind": "institution", "organisation": "Markt Ebensfeld", "public_sector": True, "notes": ""}
    with db.transaction() as session:
        one = Contact(**values)
        session.add(one)
    with db.transaction() as session:
        insert_logged_rows(session, db.recorder, [(Contact, dict(values))])
    with db.session() as session:
        entries = session.execute(
            select(
                ChangeLogEntry.row_id,
                ChangeLogEntry.operation,
                ChangeLogEntry.field,
                ChangeLogEntry.new_value,
            )
        ).all()
    orm = [e[1:] for e in entries if e[0] == one.id]
    bulk = [e[1:] for e in entries if e[0] != one.id]
    assert sorted(orm) == sorted(bulk) and len(orm) == 1  # one entry for the row
    [(_operation, field, new_value)] = bulk
    assert [f for f, _v in expand(field, new_value)] == ["kind", "organisation", "public_sector"]


def _update_two(db, first_id: str, second_id: str) -> datetime:
    """As sync writes the other laptops' values: „Erste“ in the public sector, „Zweite“ not, both
    with the batch's one modified_at (returned)."""
    moment = datetime(2026, 12, 6, 20, 0, 0, 123456, tzinfo=timezone.utc)
    with db.transaction() as session:
        update_rows(
            session,
            Contact.__table__,
            ["public_sector", "last_name", "modified_at"],
            [(True, "Erste", moment, first_id), (False, "Zweite", moment, second_id)],
        )
    return moment


@pytest.mark.file_only(reason="compares SQLite's stored text byte by byte")
def test_updated_rows_are_stored_as_the_session_stores_them(db):
    """Sync writes the other laptops' values with update_rows: the same text as an ORM update,
    and the batch's one modified_at (converted once) on every row."""
    with db.transaction() as session:
        first = Contact(kind="person", last_name="A", public_sector=False)
        second = Contact(kind="person", last_name="B", public_sector=True)
        third = Contact(kind="person", last_name="C", public_sector=False)
        session.add_all([first, second, third])
    with db.transaction() as session:
        session.get(Contact, third.id).public_sector = True  # the session's way, for comparison
    moment = _update_two(db, first.id, second.id)
    rows = _raw(
        db,
        "SELECT last_name, public_sector, typeof(public_sector), modified_at FROM contact ORDER BY last_name",
    )
    assert rows[:2] == [
        ("C", 1, "integer", rows[0][3]),
        ("Erste", 1, "integer", "2026-12-06 20:00:00.123456"),
    ]
    assert rows[2] == ("Zweite", 0, "integer", "2026-12-06 20:00:00.123456")
    with db.session() as session:
        assert session.get(Contact, first.id).modified_at == moment


def test_updated_rows_read_back_as_written_on_either_database(db):
    with db.transaction() as session:
        people = [Contact(kind="person", last_name=name, public_sector=False) for name in ("A", "B")]
        session.add_all(people)
    moment = _update_two(db, people[0].id, people[1].id)
    with db.session() as session:
        first, second = (session.get(Contact, person.id) for person in people)
        assert (first.last_name, first.public_sector, first.modified_at) == ("Erste", True, moment)
        assert (second.last_name, second.public_sector, second.modified_at) == ("Zweite", False, moment)


def test_log_entries_from_elsewhere_keep_their_order_and_moments(db):
    moments = [datetime(2026, 12, 6, 9, n, tzinfo=timezone.utc) for n in (0, 0, 5)]
    entries = [
        ("contact", f"row-{n}", "update", "last_name", None, f'"{n}"', "other-device", f"hlc-{n}", at)
        for n, at in enumerate(moments)
    ]
    with db.transaction() as session:
        insert_log_entries(session, entries)
    with db.session() as session:
        logged = session.execute(
            select(ChangeLogEntry.row_id, ChangeLogEntry.device_id, ChangeLogEntry.changed_at)
            .where(ChangeLogEntry.device_id == "other-device")
            .order_by(ChangeLogEntry.seq)
        ).all()
    assert [tuple(r) for r in logged] == [(f"row-{n}", "other-device", at) for n, at in enumerate(moments)]
