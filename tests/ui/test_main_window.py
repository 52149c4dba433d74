"""The main window: tabs, title, menus, switching files, recent files, preferences."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from ui_helpers import type_into

from regiodesk import __version__, preferences
from regiodesk.db.database import Database
from regiodesk.db.models import RegionSettings
from regiodesk.paths import config_dir
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.operations import wait_for_operations


def menu_texts(window) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_tabs_in_order_and_only_the_visible_one_loaded(window):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Übersicht", "Gremien", "Sitzungen", "Projekte", "Kontakte", "Monitoring"]
    assert window.current_tab() is window.tab("overview") and window.tab("overview").is_loaded
    assert not window.tab("bodies").is_loaded
    for key in ("bodies", "meetings", "projects", "contacts", "monitoring"):
        tab = window.tab(key)
        assert {"filter_edit", "view", "model", "form"} <= set(vars(tab)) | {"model"}
        assert callable(tab.reload) and callable(tab.ensure_loaded)
    assert not window.tab("contacts").is_loaded
    window.tab("contacts").ensure_loaded()
    assert window.tab("contacts").is_loaded


def test_menus_are_german_with_the_keyboard_shortcuts(window):
    assert menu_texts(window) == ["&Datei", "&Bearbeiten", "S&tammdaten", "E&xtras", "&Hilfe"]
    settings = window.settings_action
    assert settings.text() == "&Einstellungen der Region …"
    assert settings.shortcut().toString() == "Ctrl+,"  # the one the menu shows
    shortcuts = {
        action.text(): action.shortcut().toString()
        for action in window.menuBar().actions()[1].menu().actions()
        if not action.isSeparator()
    }
    assert shortcuts == {
        "&Rückgängig": "Ctrl+Z",
        "Wieder&holen": "Ctrl+Shift+Z",
        "&Neuer Eintrag": "Ctrl+N",
        "&Speichern": "Ctrl+S",
        "&Löschen": "Del",
        "&Filter": "Ctrl+F",
        "&Verlauf": "",
        "&Suchen …": "Ctrl+K",
        "&Gelöschte Einträge …": "",
    }
    placeholder = window.tab("contacts").filter_edit.placeholderText()
    assert placeholder == "Filtern … (Strg+F) · nur eine Spalte: art:…"


def test_window_title_names_region_and_file(db, window):
    assert window.windowTitle() == "t.regiodesk – regiodesk"
    with db.transaction() as session:
        session.add(RegionSettings(name="LEADER-Region Coburger Land"))
    window._update_title()
    assert window.windowTitle() == "LEADER-Region Coburger Land – t.regiodesk – regiodesk"


def test_status_bar_shows_path_and_counts(db, window, show_tab):
    assert window.path_label.text() == str(db.path)
    ContactService(db).create({"kind": "person", "last_name": "Müller"})
    show_tab("contacts")
    assert window.count_label.text() == "1 Eintrag"


def test_opening_a_foreign_file_keeps_the_old_database(tmp_path, db, window, monkeypatch):
    foreign = tmp_path / "notizen.regiodesk"
    foreign.write_text("Einkaufsliste: Milch, Brot\n", encoding="utf-8")
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, title, text: errors.append((title, text)))
    assert not window.open_database(foreign)
    assert errors == [
        (
            "Datei kann nicht geöffnet werden",
            "„notizen.regiodesk“ ist keine regiodesk-Datenbank. Die Datei ist keine Datenbank. "
            "Die Datei wurde nicht verändert.",
        )
    ]
    assert foreign.read_text(encoding="utf-8") == "Einkaufsliste: Milch, Brot\n"
    assert window.db is db
    assert window.tab("bodies").service.db is db


def test_open_database_switches_files_and_saves_edits_first(qtbot, tmp_path, db, window, show_tab):
    project = ProjectService(db).create({"title": "Dorfladen", "status": "idee"})
    tab = show_tab("projects")
    tab.select_id(project)
    type_into(qtbot, tab.form.editor("notes"), "vor dem Wechsel")
    other = tmp_path / "andere.regiodesk"
    Database.open(other, device_id="test-device").close()
    assert window.open_database(other)
    assert ProjectService(db).load(project)["notes"] == "vor dem Wechsel"
    assert window.db.path == other
    assert window.tab("projects").service.db is window.db
    assert window.windowTitle() == "andere.regiodesk – regiodesk"
    assert preferences.recent_files()[:2] == [other, db.path]


def test_open_database_with_unsaveable_edits_asks(qtbot, tmp_path, db, window, show_tab, monkeypatch):
    project = ProjectService(db).create({"title": "Dorfladen", "status": "idee"})
    tab = show_tab("projects")
    tab.select_id(project)
    type_into(qtbot, tab.form.editor("title"), "")
    other = tmp_path / "andere.regiodesk"
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_discard_or_cancel", lambda _p, _t, text: asked.append(text) or False)
    assert not window.open_database(other)
    assert window.db is db and not other.exists()
    assert "„Projekte“ können nicht gespeichert werden" in asked[0]
    assert tab.form.error_text("title") == "„Titel“ muss ausgefüllt sein."


def test_new_database_refuses_an_existing_file(tmp_path, window, monkeypatch):
    existing = tmp_path / "vorhanden.regiodesk"
    existing.write_bytes(b"")
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: existing)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    window.new_database()
    assert "gibt es schon" in errors[0]
    fresh = tmp_path / "neu.regiodesk"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: fresh)
    window.new_database()
    assert window.db.path == fresh and fresh.exists()


def test_recent_files_are_json_in_config_dir_at_most_eight(tmp_path, db, window):
    for n in range(10):
        preferences.remember_file(tmp_path / f"f{n}.regiodesk")
    stored = json.loads((config_dir() / preferences.RECENT_FILES.file).read_text(encoding="utf-8"))
    assert len(stored) == 8 and stored[0].endswith("f9.regiodesk")
    window._fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if not a.isSeparator()]
    missing = [a for a in actions if "nicht gefunden" in a.text()]
    assert len(missing) == 8 and not any(a.isEnabled() for a in missing)


def test_geometry_is_remembered_in_config_dir(qtbot, db, monkeypatch):
    first = MainWindow(db)
    first.show()
    first.resize(640, 480)  # within the offscreen screen (800 x 600)
    first.close()
    assert "geometry" in json.loads((config_dir() / preferences.WINDOW.file).read_text(encoding="utf-8"))
    second = MainWindow(db)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 480)


def test_about_names_version_path_and_region(db, window, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _parent, title, text: shown.append((title, text)))
    window.show_about()
    title, text = shown[0]
    assert title == "Über regiodesk"
    assert f"regiodesk {__version__}" in text
    assert str(db.path) in text
    assert "Region: (noch nicht eingerichtet)" in text


def test_demo_region_is_created_in_the_data_folder_and_opened(qtbot, private_data_dir, window, monkeypatch):
    demo = pytest.importorskip("regiodesk.services.demo")
    created: list = []

    def fake_create(path):
        created.append(path)
        Database.open(path, device_id="test-device").close()

    monkeypatch.setattr(demo, "create_demo_file", fake_create)
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    window.open_demo()
    qtbot.waitUntil(lambda: window.db.path.name == "demo-region.regiodesk", timeout=5000)
    assert created == [private_data_dir / "demo-region.regiodesk"]
    window.open_database(private_data_dir / "other.regiodesk", create=True)  # as Datei → Neu does
    window.open_demo()  # exists now: opened again, not created again
    assert window.db.path.name == "demo-region.regiodesk" and len(created) == 1


def test_demo_failure_is_reported_not_raised(qtbot, window, monkeypatch):
    demo = pytest.importorskip("regiodesk.services.demo")
    from regiodesk.domain.errors import DomainError

    def refuse(path):
        raise DomainError("Die Datei gibt es schon.")

    errors: list[str] = []
    monkeypatch.setattr(demo, "create_demo_file", refuse)
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    window.open_demo()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["Die Datei gibt es schon."]
    wait_for_operations()


START = """
import os, sys
from pathlib import Path
from regiodesk.app import setup_application
from regiodesk.db.database import Database
app = setup_application([])
from regiodesk.ui.main_window import MainWindow
window = MainWindow(Database.open(Path(sys.argv[1]), device_id="test-device"))
print(",".join(m for m in ("reportlab", "openpyxl", "alembic") if m in sys.modules))
"""


def test_start_up_imports_no_heavy_modules(tmp_path, private_data_dir):
    path = tmp_path / "start.regiodesk"
    Database.open(path, device_id="test-device").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REGIODESK_DATA_DIR": str(private_data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", START, str(path)], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_a_save_refreshes_only_the_tabs_that_show_its_area(qtbot, db, window, show_tab):
    from regiodesk.services.monitoring import ActionFieldService

    field = ActionFieldService(db).create({"code": "HF1", "name": "Dörfer"})
    monitoring = show_tab("monitoring")
    contacts = show_tab("contacts")
    projects = show_tab("projects")
    projects.new_record()
    type_into(qtbot, projects.form.editor("title"), "Dorfladen")
    type_into(qtbot, projects.form.editor("action_field_id"), "HF1 Dörfer")
    assert projects.save()
    assert monitoring._stale and not contacts._stale
    show_tab("monitoring")
    qtbot.waitUntil(lambda: not monitoring._stale)
    row = monitoring.model.row_of(field)
    assert monitoring.model.data(monitoring.model.index(row, 3)) == "1"  # Projekte
