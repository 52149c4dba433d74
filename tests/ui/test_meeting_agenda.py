"""The agenda editor: add, sub-items, reorder by keys and buttons, numbers, remove, attachments."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from ui_helpers import choose, click, tick, type_into

from regiodesk.services.agenda import AgendaService
from regiodesk.services.attachments import AttachmentService
from regiodesk.ui import dialogs


@pytest.fixture
def agenda(lag, window, show_tab):
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    page = tab.panel.agenda_page
    tab.panel.show_page(page)
    return page


def numbers_and_titles(page) -> list[tuple[str, str]]:
    model = page.model
    return [
        (model.data(model.index(r, 0)), model.data(model.index(r, 1)).strip())
        for r in range(model.rowCount())
    ]


def stored(lag) -> list[tuple[str, str]]:
    return [(row.number, row.title) for row in AgendaService(lag["db"]).items(lag["meeting"])]


def test_add_edit_sub_item_and_numbers(qtbot, lag, agenda, window, qtmodeltester):
    qtmodeltester.check(agenda.model)
    assert numbers_and_titles(agenda) == [
        ("1", "Begrüßung"),
        ("2", "Projektauswahl Dorfladen"),
        ("3", "Jahresbudget"),
    ]
    assert agenda.model.data(agenda.model.index(1, 3)) == "Dorfladen Weißenbrunn (Projektauswahl)"

    dialog = agenda.new_item()
    type_into(qtbot, dialog.form.editor("title"), "Verschiedenes")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert stored(lag)[-1] == ("4", "Verschiedenes")
    assert agenda.selected_id() == AgendaService(lag["db"]).items(lag["meeting"])[-1].id
    qtmodeltester.check(agenda.model)
    tab = window.tab("meetings")
    assert tab.model.data(tab.model.index(tab.model.row_of(lag["meeting"]), 5)) == "4"  # TOPs in the list

    agenda.select(lag["items"]["select"])
    dialog = agenda.new_sub_item()
    assert dialog.windowTitle() == "Neuer Unterpunkt"
    type_into(qtbot, dialog.form.editor("title"), "Kofinanzierung")
    choose(dialog.form.editor("kind"), "beschluss")
    click(qtbot, dialog.save_button)
    assert ("2.1", "Kofinanzierung") in stored(lag)
    assert numbers_and_titles(agenda)[2] == ("2.1", "Kofinanzierung")

    agenda.select(lag["items"]["budget"])
    dialog = agenda.edit_item()
    assert dialog.attachments is not None
    type_into(qtbot, dialog.form.editor("title"), "Jahresbudget 2027")
    choose(dialog.form.editor("required_majority"), "zwei_drittel")
    type_into(qtbot, dialog.form.editor("decision_text"), "Die LAG beschließt das Budget.")
    click(qtbot, dialog.save_button)
    row = next(r for r in AgendaService(lag["db"]).items(lag["meeting"]) if r.id == lag["items"]["budget"])
    assert (row.title, row.required_majority, row.decision_text) == (
        "Jahresbudget 2027",
        "zwei_drittel",
        "Die LAG beschließt das Budget.",
    )


def test_errors_are_shown_beside_the_fields_and_the_input_kept(qtbot, lag, agenda, monkeypatch):
    dialog = agenda.new_item()
    tick(dialog.form.editor("is_selection_decision"))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error_text("title") == "Bitte einen Titel für den Tagesordnungspunkt eingeben."
    assert dialog.form.error_text("project_id") == "Eine Projektauswahl braucht ein verknüpftes Projekt."
    type_into(qtbot, dialog.form.editor("title"), "Projektauswahl Mitfahrbank")
    combo = dialog.form.editor("project_id")
    assert isinstance(combo, QComboBox)
    type_into(qtbot, combo, "Dorfladen Weißenbrunn")
    assert dialog.form.editor("is_selection_decision").isChecked()  # kept
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert stored(lag)[-1] == ("4", "Projektauswahl Mitfahrbank")
    # Cancelling typed input asks first.
    dialog = agenda.new_item()
    type_into(qtbot, dialog.form.editor("title"), "Entwurf")
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: False)
    dialog.reject()
    assert dialog.isVisible()
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    dialog.reject()
    assert not dialog.isVisible()
    assert len(stored(lag)) == 4


def test_reorder_with_keys_and_buttons(qtbot, lag, agenda, qtmodeltester):
    items = lag["items"]
    agenda.select(items["budget"])
    agenda.view.setFocus()
    qtbot.keyClick(agenda.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert stored(lag) == [("1", "Begrüßung"), ("2", "Jahresbudget"), ("3", "Projektauswahl Dorfladen")]
    assert agenda.selected_id() == items["budget"]  # the moved item stays selected
    qtbot.keyClick(agenda.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert stored(lag)[0] == ("1", "Jahresbudget")
    assert not agenda.up_button.isEnabled()
    click(qtbot, agenda.down_button)
    assert stored(lag) == [("1", "Begrüßung"), ("2", "Jahresbudget"), ("3", "Projektauswahl Dorfladen")]
    assert numbers_and_titles(agenda) == stored(lag)
    qtmodeltester.check(agenda.model)


def test_remove_asks_and_renumbers(qtbot, lag, agenda, monkeypatch):
    items = lag["items"]
    AgendaService(lag["db"]).add(lag["meeting"], "Kofinanzierung", parent_id=items["select"])
    agenda.reload()
    agenda.select(items["select"])
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or False)
    agenda.view.setFocus()
    qtbot.keyClick(agenda.view, Qt.Key.Key_Delete)  # removes the item, not the meeting
    assert "TOP 2 „Projektauswahl Dorfladen“ entfernen?" in asked[0]
    assert "Unterpunkte werden mit entfernt" in asked[0]
    assert len(stored(lag)) == 4
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    click(qtbot, agenda.remove_button)
    assert stored(lag) == [("1", "Begrüßung"), ("2", "Jahresbudget")]
    assert numbers_and_titles(agenda) == stored(lag)


def test_attach_a_project_sketch(qtbot, lag, agenda, monkeypatch, tmp_path):
    sketch = tmp_path / "Projektskizze Dorfladen.pdf"
    sketch.write_bytes(b"%PDF-1.4 sketch")
    agenda.select(lag["items"]["select"])
    dialog = agenda.edit_item()
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *args: sketch)
    click(qtbot, dialog.attachments.add_button)
    infos = AttachmentService(lag["db"]).list_for("agenda_item", lag["items"]["select"])
    assert [i.filename for i in infos] == ["Projektskizze Dorfladen.pdf"]
    assert dialog.attachments.list.count() == 1
    assert agenda.model.data(agenda.model.index(1, 5)) == "1"  # the Anhänge column
    dialog.attachments.list.setCurrentRow(0)
    target = tmp_path / "kopie"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *args: target.with_suffix(".regiodesk"))
    click(qtbot, dialog.attachments.save_button)
    assert (tmp_path / "kopie.pdf").read_bytes() == b"%PDF-1.4 sketch"  # never under a database's name
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    click(qtbot, dialog.attachments.remove_button)
    assert AttachmentService(lag["db"]).list_for("agenda_item", lag["items"]["select"]) == []
    dialog.reject()
