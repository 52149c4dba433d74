"""Fixtures for the window tests: no real dialogs (offscreen Qt and the private data
folder come from tests/conftest.py).

Every dialog function is replaced by one that fails the test, so a test that
forgets to answer a question fails instead of hanging on an invisible modal box.
"""

from __future__ import annotations

import os

import pytest
from database_helpers import open_test_database
from ui_helpers import opened_window

#: Qt dialogs the window may open; tests answer them through monkeypatch.
DIALOGS = (
    "ask_open_file",
    "ask_save_file",
    "confirm",
    "choose",
    "ask_discard_or_cancel",
    "show_error",
    "show_info",
    "ask_after_open_failure",
    "ask_table_file",
    "ask_folder",
    "ask_text",
    "ask_printer",
)


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            # The offscreen platform cannot raise windows, grab the keyboard or propagate size
            # hints and says so as a warning; that is the test platform, not our code.
            item.add_marker(pytest.mark.qt_log_ignore(r"^This plugin does not support"))


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch):
    from regiodesk.ui import dialogs

    def unexpected(name):
        def fail(*args, **kwargs):
            raise AssertionError(f"unexpected dialog {name}: {args[1:]}")

        return fail

    for name in DIALOGS:
        monkeypatch.setattr(dialogs, name, unexpected(name))


@pytest.fixture
def db(request, tmp_path):
    database = open_test_database(request, tmp_path / "t.regiodesk")
    yield database
    database.close()


@pytest.fixture
def window(qtbot, db, monkeypatch):
    with opened_window(qtbot, monkeypatch, db) as main:
        yield main


@pytest.fixture
def show_tab(window, qtbot):
    """Switch to a tab the way a user does and wait until its list is there."""

    def show(key: str):
        tab = window.tab(key)
        if window.current_tab() is tab:
            tab.reload()  # the test may have added records through the services meanwhile
        window.show_tab(key)
        qtbot.waitUntil(lambda: tab.is_loaded, timeout=5000)
        return tab

    return show
