"""The member list of a body: composition at a glance, adding and removing members, the lists."""

from __future__ import annotations

import pytest
from document_helpers import pdf_text
from PySide6.QtCore import Qt
from ui_helpers import choose, click, tick, type_into

from regiodesk.services.contacts import ContactService
from regiodesk.services.memberships import MembershipService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def panel(lag, show_tab):
    tab = show_tab("bodies")
    assert tab.select_id(lag["body"])
    return tab.panel


def member_names(panel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def add_member(qtbot, panel, name: str, group: str, public: bool):
    dialog = panel.new_membership()
    assert dialog.windowTitle() == "Neues Mitglied"
    type_into(qtbot, dialog.form.editor("contact_id"), name)
    choose(dialog.form.editor("role"), "mitglied")
    tick(dialog.form.editor("voting_right"))
    type_into(qtbot, dialog.form.editor("interest_group_id"), group)
    tick(dialog.form.editor("public_sector"), public)
    click(qtbot, dialog.save_button)
    return dialog


def test_composition_is_shown_and_a_breach_is_warned(qtbot, lag, panel, window):
    assert len(member_names(panel)) == 11  # ten voting members and the advisor
    text = panel.composition.text()
    assert "10 stimmberechtigt" in text
    assert "öffentlicher Sektor 4 (40 %), WiSo-Partner 6 (60 %)" in text
    assert not panel.banner.isVisible()

    contacts = ContactService(lag["db"])
    for n in range(3):
        contacts.create({"kind": "person", "first_name": "Bürgermeister", "last_name": f"Neu{n}"})
    panel.show_for(lag["body"])
    for n in range(3):
        dialog = add_member(qtbot, panel, f"Neu{n}, Bürgermeister", "Öffentlicher Sektor", True)
        assert not dialog.isVisible(), dialog.form.general_error.text()
    # 7 of 13 voting members are public: 53.8 % is above the 49 % the rules allow
    assert "öffentlicher Sektor 7 (53,8 %)" in panel.composition.text()
    assert panel.banner.isVisible()
    assert "Zusammensetzung verstößt gegen die Geschäftsordnung" in panel.banner.text()
    tab = window.tab("bodies")
    row = tab.model.row_of(lag["body"])
    assert tab.model.data(tab.model.index(row, 2)) == "13"  # the body list counts the voting members


def test_a_member_without_person_is_refused_and_input_kept(qtbot, lag, panel):
    before = len(MembershipService(lag["db"], lag["body"]).rows())
    dialog = panel.new_membership()
    choose(dialog.form.editor("role"), "mitglied")
    type_into(qtbot, dialog.form.editor("interest_group_id"), "Wirtschaft")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error_text("contact_id")
    assert dialog.form.editor("interest_group_id").currentText() == "Wirtschaft"
    assert len(MembershipService(lag["db"], lag["body"]).rows()) == before
    dialog.form.mark_clean()
    dialog.reject()


def test_delete_key_in_the_member_list_removes_the_membership_not_the_body(
    qtbot, lag, panel, window, monkeypatch
):
    panel.select(panel.model.id_at(1))
    name = member_names(panel)[1]
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or True)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert asked and f"Die Mitgliedschaft von „{name}“ entfernen?" in asked[0]
    assert name not in member_names(panel)
    assert window.tab("bodies").current_id == lag["body"]  # the body is still there and shown
    assert len(member_names(panel)) == 10


def test_member_list_pdf_and_excel_are_written_where_the_user_says(qtbot, lag, panel, tmp_path, monkeypatch):
    target = tmp_path / "liste"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: target)
    click(qtbot, panel.pdf_button)
    wait_for_operations()
    pdf = tmp_path / "liste.pdf"  # the ending is added
    text = pdf_text(pdf)
    assert "LAG Obermain" in text and "Mitglied03" in text and "Seite 1 von" in text

    from openpyxl import load_workbook

    click(qtbot, panel.excel_button)
    wait_for_operations()
    sheet = load_workbook(tmp_path / "liste.xlsx").active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert any(isinstance(v, str) and "Mitglied03" in v for v in values)


def test_members_are_listed_in_the_order_of_the_member_list_pdf(qtbot, lag, panel, db):
    """Chair first, voting before advisory members, then by surname in German order (Ä with A)."""
    from regiodesk.services.bodies import BodyService

    contacts, members = ContactService(db), MembershipService(db, lag["body"])
    chair = contacts.create({"kind": "person", "first_name": "Zoë", "last_name": "Zeller"})
    members.create({"contact_id": chair, "role": "vorsitz"})
    early = contacts.create({"kind": "person", "first_name": "Ärne", "last_name": "Ärmel"})
    members.create({"contact_id": early, "role": "mitglied"})
    panel.show_for(lag["body"])
    shown = member_names(panel)
    assert shown[:2] == ["Zoë Zeller", "Ärne Ärmel"]
    assert shown[-1] == "Beraterin"  # advisory, without a vote: last
    assert shown == [m["name"] for m in BodyService(db).members(lag["body"])]
