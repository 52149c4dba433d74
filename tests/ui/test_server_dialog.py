"""Datei → Mit Server verbinden …: the regions the person may open, listed and picked; the password
typed for this run or kept in the operating system's keyring, never in the preferences.

The tests marked ``server`` need a test server (REGIODESK_TEST_PG); the keyring is always a fake.
"""

from __future__ import annotations

import socket
import time

import pytest
from keyring_helpers import fake_keyring
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from regiodesk import preferences
from regiodesk.db import server, server_password
from regiodesk.db.schema import DatabaseFileError, FileKind
from regiodesk.location import url_parts
from regiodesk.paths import config_dir
from regiodesk.ui import server_dialog
from regiodesk.ui.operations import wait_for_operations
from regiodesk.ui.server_dialog import ServerDialog

SECRET = "Kirchturm-7-Zwiebel"
REMEMBERED = "postgresql://anna@server.kreis.local:5432/leader_mitte"
REGIONS = [
    server.RegionOnServer("leader_obermain", "LAG Obermain", FileKind.CURRENT, False),
    server.RegionOnServer("leader_steigerwald", "Steigerwald", FileKind.CURRENT, True),
    server.RegionOnServer("ile_neu", "Neuland", FileKind.NEWER, False),
]


@pytest.fixture(autouse=True)
def nothing_typed_this_run():
    yield
    server_password._this_run.clear()


@pytest.fixture
def dialog(qtbot):
    shown = ServerDialog(None, REMEMBERED)
    qtbot.addWidget(shown)
    yield shown
    wait_for_operations()


def _listed(qtbot, dialog) -> list[str]:
    dialog.list_button.click()
    qtbot.waitUntil(lambda: dialog.list_button.isEnabled(), timeout=10000)
    return [dialog.regions.item(row).text() for row in range(dialog.regions.count())]


def test_the_regions_on_the_server_are_listed_and_picking_one_fills_the_database(qtbot, dialog, monkeypatch):
    asked: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        server, "list_regions", lambda url, password=None: asked.append((url, password)) or REGIONS
    )
    dialog.password.setText(SECRET)
    assert _listed(qtbot, dialog) == [
        "LAG Obermain – leader_obermain",
        "Steigerwald – leader_steigerwald  (nur lesen)",
        "Neuland – ile_neu  (neuere Version)",
    ]
    assert asked == [("postgresql://anna@server.kreis.local:5432/leader_mitte", SECRET)]
    assert dialog.regions_note.isHidden()
    newer = dialog.regions.item(2)
    assert not newer.flags() & Qt.ItemFlag.ItemIsEnabled  # a newer regiodesk is needed: not pickable
    dialog.regions.setCurrentRow(1)
    assert dialog.database.text() == "leader_steigerwald"
    assert url_parts(dialog.address()) == ("server.kreis.local", 5432, "leader_steigerwald", "anna")
    qtbot.keyClicks(dialog.user, "x")  # another person: the list is not theirs
    assert dialog.regions.count() == 0 and dialog.database.text() == "leader_steigerwald"


def test_the_region_typed_before_is_chosen_in_the_list(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(server, "list_regions", lambda url, password=None: REGIONS)
    dialog.database.setText("leader_steigerwald")
    _listed(qtbot, dialog)
    assert dialog.regions.currentRow() == 1


def test_a_person_without_regions_is_told_so(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(server, "list_regions", lambda url, password=None: [])
    assert _listed(qtbot, dialog) == []
    assert dialog.regions_note.text() == "Auf diesem Server gibt es keine Region, die Sie öffnen dürfen."
    assert dialog.problem.isHidden()


def test_a_server_that_refuses_the_list_is_said_in_the_dialog(qtbot, dialog, monkeypatch):
    def refuse(url, password=None):
        raise DatabaseFileError(
            "Keine Verbindung zu postgresql://anna@server.kreis.local:5432/. Der Server antwortet nicht."
        )

    monkeypatch.setattr(server, "list_regions", refuse)
    assert _listed(qtbot, dialog) == []
    assert "Der Server antwortet nicht" in dialog.problem.text() and not dialog.problem.isHidden()
    assert dialog.database.text() == "leader_mitte"  # nothing else changed


def test_without_a_keyring_the_dialog_explains_pgpass_and_offers_no_keeping(dialog, monkeypatch):
    assert dialog.keep_password.isHidden()
    assert ".pgpass" in dialog.findChildren(server_dialog.QLabel)[0].text()
    monkeypatch.setattr(server_dialog, "check_server", lambda url, password=None: "")
    dialog.password.setText(SECRET)
    assert dialog.try_connect()
    assert server_password.password_for(dialog.url) == SECRET  # for the window's connection, this run only


def test_a_password_kept_in_the_keyring_and_forgotten_again(qtbot, monkeypatch):
    keyring = fake_keyring(monkeypatch)
    tried: list[str | None] = []
    monkeypatch.setattr(
        server_dialog, "check_server", lambda url, password=None: tried.append(password) or ""
    )
    first = ServerDialog(None, REMEMBERED)
    qtbot.addWidget(first)
    assert not first.keep_password.isHidden() and not first.keep_password.isChecked()
    assert first.keep_password.text() == "Passwort im Schlüsselbund des Betriebssystems speichern"
    first.password.setText(SECRET)
    first.keep_password.setChecked(True)
    assert first.try_connect()
    assert keyring.passwords == {("regiodesk", "anna@server.kreis.local:5432/leader_mitte"): SECRET}
    server_password._this_run.clear()  # the next start of regiodesk
    again = ServerDialog(None, first.url)
    qtbot.addWidget(again)
    assert again.keep_password.isChecked() and again.password.text() == ""
    assert again.password.placeholderText() == "im Schlüsselbund gespeichert"
    again.keep_password.setChecked(False)
    assert again.try_connect()
    assert tried == [SECRET, SECRET]  # the kept one was used, then removed as the person chose
    assert keyring.passwords == {}


def test_a_keyring_that_refuses_is_told_but_the_connection_is_made(qtbot, monkeypatch):
    fake_keyring(monkeypatch, fail=True)
    monkeypatch.setattr(server_dialog, "check_server", lambda url, password=None: "")
    dialog = ServerDialog(None, REMEMBERED)
    qtbot.addWidget(dialog)
    dialog.password.setText(SECRET)
    dialog.keep_password.setChecked(True)
    assert dialog.try_connect()
    assert (
        dialog.notice.startswith("Das Passwort konnte nicht im Schlüsselbund") and SECRET not in dialog.notice
    )


def test_connecting_to_a_server_that_does_not_answer_gives_up_after_the_dialog_timeout(dialog, monkeypatch):
    monkeypatch.setattr(server, "DIALOG_TIMEOUT", 2)  # libpq's shortest; the program waits 5 s
    with socket.socket() as silent:  # takes the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(silent.getsockname()[1])
        started = time.monotonic()
        assert not dialog.try_connect()
        assert time.monotonic() - started < 4.5
    assert "Der Server antwortet nicht" in dialog.problem.text()


# ---------------------------------------------------------------- on a server
@pytest.fixture
def two_regions(server_databases):
    """Two regions on the test server (Obermain, Steigerwald); the administrator's address."""
    from contextlib import closing

    from regiodesk.services.region import RegionSetup, setup_region

    urls = [server_databases.fresh(), server_databases.fresh()]
    for url, name in zip(urls, ("LAG Obermain", "LAG Steigerwald"), strict=True):
        with closing(server_databases.open(url)) as db:
            setup_region(db, RegionSetup({"name": name, "kind": "leader"}, period=None))
    yield urls
    for url in urls:
        server_databases.drop(url)


@pytest.mark.server
def test_the_window_connects_to_a_region_picked_from_the_list_and_keeps_no_password(
    two_regions, window, qtbot, monkeypatch
):
    keyring = fake_keyring(monkeypatch)
    obermain, steigerwald = (make_url(url) for url in two_regions)
    socket_folder, port = obermain.query["host"], int(obermain.query["port"])

    def answer(dialog: ServerDialog) -> int:
        dialog.host.setText(str(socket_folder))
        dialog.port.setValue(port)
        dialog.user.setText(str(obermain.username))
        dialog.password.setText(SECRET)
        dialog.keep_password.setChecked(True)
        listed = _listed(qtbot, dialog)
        assert f"LAG Obermain – {obermain.database}" in listed
        dialog.regions.setCurrentRow(listed.index(f"LAG Steigerwald – {steigerwald.database}"))
        assert dialog.try_connect()
        return ServerDialog.DialogCode.Accepted

    monkeypatch.setattr(ServerDialog, "exec", answer)
    assert window.server.connect_server()
    assert window.db.is_server and window.db.server.endswith(
        f"/{steigerwald.database}?host={socket_folder}&port={port}"
    )
    connection = window.db.engine.raw_connection()
    try:
        assert connection.dbapi_connection.info.password == SECRET  # typed, handed over at connect time
    finally:
        connection.close()
    assert list(keyring.passwords.values()) == [SECRET]
    assert isinstance(preferences.recent_locations()[0], str)
    for stored in config_dir().rglob("*"):
        if stored.is_file():
            assert SECRET not in stored.read_text(encoding="utf-8", errors="replace"), stored
