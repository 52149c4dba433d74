"""An office's old project list imported through Datei → Importieren → Projekte …: Handlungsfelder
named differently are mapped or created in the Werte step, grants kept as formulas come in."""

from __future__ import annotations

from datetime import date

import pytest
from project_helpers import make_region
from sheet_helpers import save_results, xlsx
from sqlalchemy import select

from regiodesk.db.models import ActionField, Project
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def office(db):
    region = make_region(db)
    with db.transaction() as session:
        first = ActionField(
            code="HF 1",
            name="Lebensqualität und Daseinsvorsorge",
            funding_period_id=region["period"],
            position=1,
        )
        session.add_all(
            [first, ActionField(code="HF 2", name="Wirtschaft", funding_period_id=region["period"])]
        )
        session.flush()
        region["hf1"] = first.id
    return region


def _old_list(tmp_path):
    path = xlsx(
        tmp_path / "projekte_alt.xlsx",
        [
            ["Projektliste LAG Testtal, Stand 2024"],
            [
                "lfd. Nr.",
                "Projekttitel",
                "Handlungsfeld",
                "förderfähige Kosten",
                "Fördersatz",
                "LEADER-Mittel",
                "LAG-Beschluss",
            ],
            [1, "Dorfladen", "HF 1 Daseinsvorsorge", 10000, 0.5, "=D3*E3", "22.11.2024"],
            [2, "Radweg", "HF 3 Tourismus", 20000, 0.6, "=D4*E4", "01.03.2025"],
            [3, "Backhaus", "HF 1 Daseinsvorsorge", 4000, 0.5, "=D5*E5", None],
        ],
    )
    save_results(path, {"F3": "5000", "F4": "12000", "F5": "2000"})
    return path


def _idle(dialog):
    return lambda: not dialog._busy and dialog.preview is not None


def test_old_project_list_with_unknown_handlungsfelder_and_formulas_through_the_dialog(
    qtbot, db, office, window, tmp_path, monkeypatch
):
    path = _old_list(tmp_path)
    monkeypatch.setattr(dialogs, "ask_table_file", lambda *args: path)
    menu = {a.text().replace("&", ""): a for a in window.import_menu.actions()}
    assert set(menu) == {"Kontakte …", "Projekte …"}
    window.show_tab("contacts")  # the menu does not depend on the tab shown
    menu["Projekte …"].trigger()
    dialog = window.tab("projects")._windows["import"]
    qtbot.waitUntil(_idle(dialog), timeout=10000)
    assert window.current_tab() is window.tab("projects")

    # the values no Handlungsfeld matches are shown in their own step, once each, with rows
    assert dialog.steps.currentIndex() == dialog.values_tab
    assert dialog.steps.tabText(dialog.values_tab) == "Werte (2 offen)"
    table = dialog.values_table
    shown = [(table.item(r, 0).text(), table.item(r, 1).text(), table.item(r, 2).text()) for r in range(2)]
    assert shown == [("Handlungsfeld", "HF 1 Daseinsvorsorge", "2"), ("Handlungsfeld", "HF 3 Tourismus", "1")]
    assert table.item(0, 3).text() == "HF 1 Lebensqualität und Daseinsvorsorge"  # the suggestion
    combo = table.cellWidget(0, 4)
    items = [combo.itemText(i) for i in range(5)]
    assert items[:4] == [
        "nicht zugeordnet: Zeilen werden nicht importiert",  # a suggestion is never applied unseen
        "→ HF 1 Lebensqualität und Daseinsvorsorge (Vorschlag)",
        "neu anlegen: „HF 1 Daseinsvorsorge“",
        "leer lassen",
    ]
    assert dialog.preview.counts()["error"] == 3
    assert (
        "3 Werte" not in dialog.banner.text() and "2 Werte passen zu keinem Eintrag" in dialog.banner.text()
    )

    # the user takes the suggestion for one value and creates the other
    combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: _idle(dialog)() and dialog.preview.counts()["error"] == 1, timeout=10000)
    table.cellWidget(1, 4).setCurrentIndex(table.cellWidget(1, 4).findText("neu anlegen: „HF 3 Tourismus“"))
    qtbot.waitUntil(lambda: _idle(dialog)() and dialog.preview.counts()["error"] == 0, timeout=10000)
    assert dialog.steps.tabText(dialog.values_tab) == "Werte"
    hints = {dialog.model.text(r, 1): dialog.model.text(r, 4) for r in dialog.model.rows}
    assert hints["Dorfladen"] == "LEADER-Mittel: aus Formel übernommen"

    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    assert "3 neu angelegt" in infos[0] and "Handlungsfeld „HF 3 Tourismus“" in infos[0]
    with db.session() as session:
        fields = {f.id: f.display_name() for f in session.scalars(select(ActionField))}
        projects = {
            p.title: (fields.get(p.action_field_id), p.grant_cents, p.lag_decision_on)
            for p in session.scalars(select(Project))
        }
    assert projects == {
        "Dorfladen": ("HF 1 Lebensqualität und Daseinsvorsorge", 5000_00, date(2024, 11, 22)),
        "Radweg": ("HF 3 Tourismus", 12000_00, date(2025, 3, 1)),
        "Backhaus": ("HF 1 Lebensqualität und Daseinsvorsorge", 2000_00, None),
    }
    assert window.tab("projects").model.total_count == 3


def test_a_hostile_file_is_refused_in_the_dialog_with_the_german_reason(qtbot, db, office, window, tmp_path):
    from sheet_helpers import add_cell

    path = xlsx(tmp_path / "liste.xlsx", [["Projekttitel"], ["Dorfladen"]])
    add_cell(path, "XFD1048576")
    dialog = window.import_list("projects", path)
    qtbot.waitUntil(lambda: not dialog._busy and dialog.banner.isVisible(), timeout=10000)
    assert "reicht bis Zelle XFD1048576" in dialog.banner.text()
    assert dialog.preview is None and not dialog.import_button.isEnabled()
