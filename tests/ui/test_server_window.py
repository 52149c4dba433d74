"""The window on a database on a PostgreSQL server: Datei → Mit Server verbinden …, what only a file
has switched off or explained, and the lists read again when someone else changed something.

The tests marked ``server`` need a test server (REGIODESK_TEST_PG; ``.ci/run`` starts one).
"""

from __future__ import annotations

import pytest
from ui_helpers import opened_window, type_into

from regiodesk import app, preferences
from regiodesk.db import server
from regiodesk.location import server_url, url_parts
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations
from regiodesk.ui.server_dialog import ServerDialog
from regiodesk.ui.server_window import affected_tabs

SYNC_TEXTS = {
    "S&ynchronisieren",
    "Synchronisierung &einrichten …",
    "&Konflikte der Synchronisierung …",
    "Einer Synchronisierung &beitreten …",
}


def file_menu_actions(window) -> dict[str, object]:
    menu = window.menuBar().actions()[0].menu()
    return {action.text(): action for action in menu.actions() if not action.isSeparator()}


# ---------------------------------------------------------------- without a server
@pytest.mark.parametrize(
    ("tables", "tabs"),
    [
        ({"contact", "change_log"}, {"contacts"}),
        ({"contact_email"}, {"contacts"}),
        ({"project", "payment"}, {"projects"}),
        ({"change_log", "sync_meta"}, set()),  # written with every change: no list to read
        ({"region_settings"}, None),  # shown in several places: every list
        ({"*"}, None),  # a list too long to send
        ({"contact", "attachment"}, None),
    ],
)
def test_the_tables_others_changed_name_the_tabs_that_read_again(tables, tabs):
    assert affected_tabs(tables) == tabs


def test_the_address_is_made_from_the_fields_without_a_password():
    assert server_url("server.kreis.local", 5432, "leader_mitte", "anna") == (
        "postgresql://anna@server.kreis.local:5432/leader_mitte"
    )
    socket = server_url("/var/run/postgresql", 5433, "leader", "anna")
    assert socket == "postgresql://anna@/leader?host=/var/run/postgresql&port=5433"
    assert url_parts(socket) == ("/var/run/postgresql", 5433, "leader", "anna")
    assert url_parts("postgresql://anna@server:6000/leader") == ("server", 6000, "leader", "anna")


def test_a_server_down_is_said_in_the_dialog_and_nothing_else_happens(qtbot, window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(window.files, "open_database", lambda path, create=False: opened.append(path))
    dialog = ServerDialog(window)
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(1)  # nobody listens there
    dialog.database.setText("leader")
    dialog.user.setText("anna")
    assert not dialog.try_connect()
    assert not dialog.problem.isHidden()
    assert "Der Server antwortet nicht" in dialog.problem.text()
    assert dialog.result() != ServerDialog.DialogCode.Accepted and dialog.url == ""
    dialog.database.setText(" ")
    assert not dialog.try_connect()
    assert dialog.problem.text().startswith("Bitte den Namen der Datenbank angeben")
    assert opened == [] and preferences.recent_locations() == [window.db.path]


def test_the_window_on_a_file_offers_connecting_and_keeps_its_sync(window):
    actions = file_menu_actions(window)
    names = list(actions)
    assert names.index("Mit &Server verbinden …") == names.index("Ö&ffnen …") + 1
    assert not actions["Kopie als &Datei speichern …"].isVisible()
    assert all(actions[text].isEnabled() for text in SYNC_TEXTS)
    assert window.server.listener is None


def test_a_remembered_server_is_offered_in_recent_files_without_password(window):
    preferences.remember_file("postgresql://anna@server.kreis.local:5432/leader_mitte")
    assert preferences.recent_files() == [window.db.path]  # the server is no file
    window._fill_recent_menu()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert texts[0] == "&1 leader_mitte  (Server: postgresql://anna@server.kreis.local:5432/leader_mitte)"
    assert window.recent_menu.actions()[0].isEnabled()


# ---------------------------------------------------------------- on a server
@pytest.fixture
def server_url_of_office(server_databases):
    url = server_databases.fresh()
    yield url
    server_databases.drop(url)


@pytest.fixture
def server_window(qtbot, server_url_of_office, monkeypatch):
    from regiodesk.db.database import Database

    database = Database.open(server_url_of_office, device_id="laptop-b", create=False)
    with opened_window(qtbot, monkeypatch, database, own_database=True) as main:
        yield main


@pytest.mark.server
def test_the_window_opens_a_server_database_without_what_only_a_file_has(server_window, monkeypatch):
    window = server_window
    assert window.db.is_server
    assert window.path_label.text().startswith("postgresql://")
    actions = file_menu_actions(window)
    for text in SYNC_TEXTS:
        assert not actions[text].isEnabled()
        assert "gemeinsamen Ordner" in actions[text].statusTip()
    assert actions["Kopie als &Datei speichern …"].isVisible()
    remembered = preferences.recent_locations()[0]
    assert isinstance(remembered, str) and remembered.startswith("postgresql://")
    assert ":" not in remembered.split("@")[0].removeprefix("postgresql://")  # no password
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "confirm", lambda _parent, _title, text, yes=None: asked.append(text) or False
    )
    assert window.backup_now() is None
    assert window.show_backups() is None
    assert len(asked) == 2 and "Sicherungen macht der Server (pg_dump" in asked[0]
    assert "Datei → Kopie als Datei speichern …" in asked[0]


@pytest.mark.server
def test_a_copy_as_file_is_an_office_file_of_the_server_database(server_window, qtbot, tmp_path, monkeypatch):
    from regiodesk.db.database import Database

    person = ContactService(server_window.db).create(
        {"kind": "person", "first_name": "Eva", "last_name": "Kern"}
    )
    target = tmp_path / "kopie.regiodesk"
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args, **kwargs: target)
    monkeypatch.setattr("regiodesk.ui.server_window.announce_saved", lambda *args, **kwargs: None)
    server_window.show_backups()
    wait_for_operations()
    qtbot.waitUntil(target.exists, timeout=10000)
    copy = Database.open(target, device_id="check", create=False)
    try:
        assert ContactService(copy).load(person)["last_name"] == "Kern"
    finally:
        copy.close()


@pytest.mark.server
def test_the_lists_read_again_when_someone_else_changes_something(server_window, server_url_of_office, qtbot):
    from regiodesk.db.database import Database

    window = server_window
    assert window.server.listener is not None
    first = ContactService(window.db).create({"kind": "person", "first_name": "Anna", "last_name": "Berg"})
    tab = window.show_tab("contacts")
    qtbot.waitUntil(lambda: tab.is_loaded and tab.model.contains(first), timeout=10000)
    assert tab.select_id(first)
    type_into(qtbot, tab.form.editor("notes"), "noch nicht gespeichert")
    other = Database.open(server_url_of_office, device_id="laptop-a", create=False)
    try:
        with pytest.MonkeyPatch.context() as patch:  # another person's regiodesk
            patch.setattr(server, "SENDER", "the-other-program")
            second = ContactService(other).create({"kind": "person", "first_name": "Ben", "last_name": "Rau"})
    finally:
        other.close()
    qtbot.waitUntil(lambda: tab.model.contains(second), timeout=10000)
    assert tab.current_id == first
    assert tab.has_unsaved_edits()
    assert "noch nicht gespeichert" in tab.form.editor("notes").toPlainText()


@pytest.mark.server
def test_the_gui_start_on_a_server_address_shows_the_main_window(server_url_of_office, qtbot):
    shown: list[MainWindow] = []
    assert app.start_gui(server_url_of_office, shown.append, lambda: None)
    assert len(shown) == 1 and shown[0].db.is_server
    qtbot.addWidget(shown[0])
    shown[0].close()
    wait_for_operations()


@pytest.mark.server
def test_a_missing_server_database_at_start_is_explained(server_databases, monkeypatch, qapp):
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda _parent, text: messages.append(text))
    missing = server_databases.url(f"{server_databases.prefix}_gibt_es_nicht")
    assert app.open_first_database(missing) is None
    assert "Die Datenbank" in messages[0] and "gibt es auf dem Server nicht" in messages[0]


@pytest.fixture
def reader_url(server_databases):
    """A region made by `server setup` and its team; the address of a reader (a read-only role)."""
    from contextlib import closing

    from sqlalchemy.engine import make_url

    from regiodesk.cli import main

    servers = server_databases
    name = f"{servers.prefix}_lesen".lower()
    team, reader = f"{name}_anna", f"{name}_carl"

    def as_(user: str) -> str:
        return make_url(servers.admin_url).set(username=user, database=name).render_as_string(False)

    assert (
        main(
            [
                "--db",
                servers.admin_url,
                "server",
                "setup",
                "--name",
                name,
                "--staff",
                team,
                "--readers",
                reader,
            ]
        )
        == 0
    )
    assert main(["--db", as_(team), "new", "--region", "LAG Obermain"]) == 0
    yield as_(reader)
    with closing(servers.connect(servers.admin_url)) as con:
        con.autocommit = True
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for role in (team, reader, f"{name}_office", f"{name}_readonly"):
            con.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.server
def test_a_read_only_role_opens_the_window_read_only_and_says_why(reader_url, qtbot, capsys, monkeypatch):
    capsys.readouterr()
    shown: list[MainWindow] = []
    assert app.start_gui(reader_url, shown.append, lambda: None)
    window = shown[0]
    qtbot.addWidget(window)
    try:
        assert window.db.read_only
        assert (
            window.read_only_label.text()
            == "Nur lesen: Ihre Anmeldung am Server darf diese Datenbank nur lesen."
        )
        assert not window.new_action.isEnabled() and not window.save_action.isEnabled()
        assert window.windowTitle().endswith("(nur lesen)")
        assert window.server.listener is not None  # a reader hears the team's changes too
    finally:
        monkeypatch.setattr(dialogs, "ask_discard_or_cancel", lambda *args: True)
        window.close()
        wait_for_operations()


@pytest.mark.server
def test_the_handover_from_a_server_window_is_an_ordinary_office_file(
    server_window, qtbot, tmp_path, monkeypatch
):
    from regiodesk.db.database import Database

    person = ContactService(server_window.db).create(
        {"kind": "person", "first_name": "Ida", "last_name": "Roth"}
    )
    target = tmp_path / "Uebergabe.regiodesk"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: target)
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    assert server_window.write_handover() == target
    wait_for_operations()
    qtbot.waitUntil(lambda: bool(infos), timeout=20000)
    assert target.with_name("Uebergabe_Uebergabeprotokoll.pdf").read_bytes().startswith(b"%PDF")
    successor = Database.open(target, device_id="successor", create=False)
    try:
        assert not successor.is_server
        assert ContactService(successor).load(person)["last_name"] == "Roth"
    finally:
        successor.close()
