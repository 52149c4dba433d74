"""The window's listener comes back: a dropped LISTEN connection (server restarted, network gone) is
said in the status bar, tried again after growing pauses off the GUI thread, and once it is back
every list is read again (what changed meanwhile was not heard).

The tests marked ``server`` need a test server (REGIODESK_TEST_PG; ``.ci/run`` starts one).
"""

from __future__ import annotations

import re
import socket
import threading
from contextlib import closing

import pytest

from regiodesk.db import server
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs, server_window
from regiodesk.ui.operations import wait_for_operations

LOST = "Verbindung zum Server unterbrochen"
BACK = "Verbindung zum Server wiederhergestellt"


class Listening:
    """A stand-in for a listening connection: a socket the notifier can watch."""

    def __init__(self) -> None:
        self.ours, self.theirs = socket.socketpair()
        self.closed = False

    def fileno(self) -> int:
        return self.ours.fileno()

    def close(self) -> None:
        self.closed = True
        self.ours.close()
        self.theirs.close()


class ServerGone(Exception):
    """What psycopg raises while the server is away."""


@pytest.fixture
def watched(window, monkeypatch):
    """The window with short pauses; what its status bar said and how often it read every list."""
    monkeypatch.setattr(server_window, "RETRY_PAUSES", (0.01, 0.03, 0.05))
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    reloads: list[bool] = []
    monkeypatch.setattr(window, "reload_all", lambda: reloads.append(True))
    yield window, said, reloads
    window.server.stop_listening()
    wait_for_operations()


def _drop(window, monkeypatch) -> Listening:
    """Listen on a stand-in and let it drop as psycopg reports a lost server."""
    first = Listening()
    window.server._listen_on(first)
    monkeypatch.setattr(server, "received", lambda connection: None)
    window.server.listener.read()
    return first


def test_a_dropped_listener_is_tried_again_with_growing_pauses_and_then_every_list_read(
    watched, qtbot, monkeypatch
):
    window, said, reloads = watched
    outcomes: list[object] = [ServerGone("server closed the connection"), ServerGone("no route"), Listening()]
    on_gui_thread: list[bool] = []

    def listen(engine):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(server, "listen", listen)
    first = _drop(window, monkeypatch)
    assert first.closed and window.server.listener is None
    assert said[-1].startswith(f"{LOST} – neuer Versuch in ")
    qtbot.waitUntil(lambda: window.server.listener is not None, timeout=5000)
    assert on_gui_thread == [False, False, False]  # the window never waits for the server
    pauses = [float(m.group(1)) for text in said if (m := re.search(r"neuer Versuch in ([\d.]+) s", text))]
    assert pauses == [0.01, 0.03, 0.05]
    assert said.count(f"{LOST} – neuer Versuch …") == 3
    assert said[-1] == BACK and reloads == [True]  # read once, after it came back
    assert window.server.attempts == 0  # a later drop starts with the short pause again


def _listen_on_request(monkeypatch):
    """A reconnect attempt that waits until the test lets it answer: (asked, answer, its listener)."""
    asked, answer = threading.Event(), threading.Event()
    late = Listening()

    def listen(engine):
        asked.set()
        answer.wait(5)
        return late

    monkeypatch.setattr(server, "listen", listen)
    return asked, answer, late


def test_an_attempt_that_returns_after_another_database_was_opened_is_dropped(watched, qtbot, monkeypatch):
    window, _said, reloads = watched
    asked, answer, late = _listen_on_request(monkeypatch)
    _drop(window, monkeypatch)
    qtbot.waitUntil(asked.is_set, timeout=5000)
    window.server.stop_listening()  # what opening another database does
    answer.set()
    wait_for_operations()
    assert late.closed and window.server.listener is None and reloads == []
    assert not window.server.retry.isActive()


def test_closing_the_window_while_it_reconnects_reads_no_list_again(qtbot, db, monkeypatch):
    from regiodesk.ui.main_window import MainWindow

    monkeypatch.setattr(server_window, "RETRY_PAUSES", (0.01,))
    main = MainWindow(db)
    main.show()
    reloads: list[bool] = []
    monkeypatch.setattr(main, "reload_all", lambda: reloads.append(True))
    asked, answer, late = _listen_on_request(monkeypatch)
    _drop(main, monkeypatch)
    qtbot.waitUntil(asked.is_set, timeout=5000)
    threading.Timer(0.2, answer.set).start()  # the attempt returns while the window closes
    main.close()
    assert late.closed and reloads == [] and main.server.listener is None


# ---------------------------------------------------------------- on a server
@pytest.fixture
def window_on_server(qtbot, server_databases, monkeypatch):
    from regiodesk.db.database import Database
    from regiodesk.ui.main_window import MainWindow

    url = server_databases.fresh()
    monkeypatch.setattr(server_window, "RETRY_PAUSES", (0.05, 0.2))
    main = MainWindow(Database.open(url, device_id="laptop-b", create=False))
    main.show()
    qtbot.waitExposed(main)
    yield main, url
    monkeypatch.setattr(dialogs, "ask_discard_or_cancel", lambda *args: True)
    main.close()
    wait_for_operations()
    server_databases.drop(url)


@pytest.mark.server
def test_the_listener_comes_back_after_the_server_ended_its_connection(
    window_on_server, server_databases, qtbot
):
    from regiodesk.db.database import Database

    window, url = window_on_server
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    tab = window.show_tab("contacts")
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=10000)
    listening = window.server.listener.connection.info.backend_pid
    with closing(server_databases.connect(server_databases.admin_url)) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (listening,))
        admin.commit()
    qtbot.waitUntil(lambda: any(text.startswith(LOST) for text in said), timeout=10000)
    qtbot.waitUntil(lambda: BACK in said, timeout=10000)
    assert window.server.listener.connection.info.backend_pid != listening
    other = Database.open(url, device_id="laptop-a", create=False)
    try:
        with pytest.MonkeyPatch.context() as patch:  # another person's regiodesk
            patch.setattr(server, "SENDER", "the-other-program")
            added = ContactService(other).create(
                {"kind": "person", "first_name": "Nach", "last_name": "Neustart"}
            )
    finally:
        other.close()
    qtbot.waitUntil(lambda: tab.model.contains(added), timeout=10000)  # heard on the new connection
