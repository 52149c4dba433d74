"""The password of a server sign-in: typed for this run or kept in the operating system's keyring,
handed to the driver when it connects, and never in an address, a preference, a log or a message.

The tests marked ``server`` need a test server (REGIODESK_TEST_PG); the keyring is always a fake.
"""

from __future__ import annotations

import getpass
import logging
from contextlib import closing

import pytest
from keyring_helpers import fake_keyring
from sqlalchemy.engine import make_url

from regiodesk.db import server, server_password
from regiodesk.db.database import Database
from regiodesk.db.schema import DatabaseFileError

SECRET = "Kirchturm-7-Zwiebel"
DOWN = "postgresql://anna@127.0.0.1:1/leader_mitte"  # nobody listens on port 1


@pytest.fixture(autouse=True)
def nothing_typed_this_run():
    yield
    server_password._this_run.clear()


def test_the_keyring_account_names_user_server_port_and_database():
    account = server_password.account
    assert account("postgresql://anna@server.kreis.local:5432/leader_mitte") == (
        "anna@server.kreis.local:5432/leader_mitte"
    )
    assert account("postgresql://anna@/leader?host=/var/run/postgresql&port=5433") == (
        "anna@/var/run/postgresql:5433/leader"
    )
    # libpq's defaults: the operating system's user on localhost
    assert account("postgresql:///leader") == f"{getpass.getuser()}@localhost:5432/leader"


def test_without_a_keyring_nothing_is_kept_and_the_reason_is_german():
    assert not server_password.keyring_available()  # the tests' "null" keyring keeps nothing
    assert (
        server_password.store(DOWN, SECRET)
        == "Der Schlüsselbund des Betriebssystems ist hier nicht verfügbar."
    )
    assert server_password.password_for(DOWN) is None


def test_a_kept_password_is_found_for_its_database_only_and_can_be_forgotten(monkeypatch):
    keyring = fake_keyring(monkeypatch)
    assert server_password.keyring_available()
    assert server_password.store(DOWN, SECRET) == ""
    assert keyring.passwords == {("regiodesk", "anna@127.0.0.1:1/leader_mitte"): SECRET}
    assert server_password.password_for(DOWN) == SECRET
    assert server_password.password_for(DOWN.replace("leader_mitte", "leader_sued")) is None
    server_password.remember_for_this_run(DOWN, "heute-getippt")
    assert server_password.password_for(DOWN) == "heute-getippt"  # typed now wins over the kept one
    server_password.forget_for_this_run(DOWN)
    server_password.forget(DOWN)
    assert keyring.passwords == {} and server_password.password_for(DOWN) is None
    server_password.forget(DOWN)  # forgetting twice is no error


def test_a_locked_keyring_is_passed_over_and_its_failure_is_said_without_the_password(monkeypatch, caplog):
    fake_keyring(monkeypatch, fail=True)
    with caplog.at_level(logging.DEBUG):
        assert server_password.stored(DOWN) is None
        refusal = server_password.store(DOWN, SECRET)
    assert refusal.startswith("Das Passwort konnte nicht im Schlüsselbund")
    assert SECRET not in refusal and SECRET not in caplog.text


def test_a_refusal_never_shows_the_password_it_was_tried_with(monkeypatch, caplog):
    fake_keyring(monkeypatch).set_password("regiodesk", server_password.account(DOWN), SECRET)
    with caplog.at_level(logging.DEBUG), pytest.raises(DatabaseFileError) as refused:
        Database.open(DOWN)
    assert "Der Server antwortet nicht" in str(refused.value)
    server_password.remember_for_this_run(DOWN, SECRET + "-getippt")
    with caplog.at_level(logging.DEBUG), pytest.raises(DatabaseFileError) as listed:
        server.list_regions(DOWN)
    for text in (str(refused.value), str(listed.value), caplog.text):
        assert SECRET not in text


@pytest.mark.server
def test_the_kept_password_is_handed_to_the_driver_not_put_into_the_address(server_databases, monkeypatch):
    url = server_databases.fresh()
    try:
        fake_keyring(monkeypatch).set_password("regiodesk", server_password.account(url), SECRET)
        with closing(Database.open(url, create=False)) as db:
            connection = db.engine.raw_connection()
            try:
                assert connection.dbapi_connection.info.password == SECRET
            finally:
                connection.close()
            assert SECRET not in db.location and SECRET not in str(db.engine.url)
            assert make_url(db.engine.url).password is None
    finally:
        server_password._this_run.clear()
        server_databases.drop(url)


@pytest.mark.server
def test_an_unknown_user_with_a_kept_password_is_refused_without_it(server_databases, monkeypatch, caplog):
    nobody = make_url(server_databases.admin_url).set(username="niemand_hier").render_as_string(False)
    fake_keyring(monkeypatch).set_password("regiodesk", server_password.account(nobody), SECRET)
    with caplog.at_level(logging.DEBUG), pytest.raises(DatabaseFileError) as refused:
        Database.open(nobody)
    assert "Diesen Benutzer gibt es auf dem Server nicht" in str(refused.value)
    assert SECRET not in str(refused.value) and SECRET not in caplog.text
