"""A form saved over a record someone else changed or deleted meanwhile (another window, a CLI
run, a colleague on the server): the clash is shown beside the field and nothing typed is lost."""

from __future__ import annotations

import pytest
from ui_helpers import click, type_into

from regiodesk.db.database import Database
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs


@pytest.fixture
def project(db):
    return ProjectService(db).create({"title": "Dorfladen Weißenbrunn", "status": "idee"})


@pytest.fixture
def elsewhere(db):
    """The same file opened a second time: a CLI run beside the window."""
    other = Database.open(db.path, device_id="cli-run")
    yield ProjectService(other)
    other.close()


def test_a_field_changed_elsewhere_is_not_overwritten_and_the_input_stays(
    qtbot, db, project, elsewhere, window, show_tab
):
    tab = show_tab("projects")
    tab.select_id(project)
    elsewhere.update(project, {"notes": "Antrag gestellt"})  # while the form is open

    type_into(qtbot, tab.form.editor("notes"), "Förderantrag bis März")
    click(qtbot, tab.save_button)

    message = tab.form.error_text("notes")
    assert message.startswith("Der Eintrag wurde inzwischen von Gerät cli-run geändert: Notizen:")
    assert "Ihr Wert „Förderantrag bis März“, jetzt „Antrag gestellt“" in message
    assert tab.form.editor("notes").toPlainText() == "Förderantrag bis März"
    assert ProjectService(db).load(project)["notes"] == "Antrag gestellt"


def test_saving_a_record_deleted_elsewhere_says_so_and_keeps_the_input(
    qtbot, db, project, elsewhere, window, show_tab, monkeypatch
):
    # closing the window at the end drops the input and says the record is gone
    monkeypatch.setattr(dialogs, "show_error", lambda *args: None)
    tab = show_tab("projects")
    tab.select_id(project)
    elsewhere.delete(project)

    type_into(qtbot, tab.form.editor("notes"), "Förderantrag bis März")
    click(qtbot, tab.save_button)

    assert "inzwischen von Gerät cli-run gelöscht" in tab.form.general_error.text()
    assert tab.form.editor("notes").toPlainText() == "Förderantrag bis März"


def test_deleting_a_record_changed_elsewhere_is_refused(
    qtbot, db, project, elsewhere, window, show_tab, monkeypatch
):
    tab = show_tab("projects")
    tab.select_id(project)
    elsewhere.update(project, {"title": "Dorfladen Weißenbrunn eG"})
    shown = []
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, title, text: shown.append((title, text)))

    click(qtbot, tab.delete_button)

    assert shown and shown[0][0] == "Löschen nicht möglich"
    assert "inzwischen von Gerät cli-run geändert" in shown[0][1]
    assert [row.id for row in ProjectService(db).rows()] == [project]
