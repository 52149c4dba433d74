"""The import pipeline with an office's old project list: Handlungsfelder named differently,
grants kept as formulas, the LAG decision date, and the choices remembered for the next list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from project_helpers import make_region
from sheet_helpers import save_results, xlsx
from sqlalchemy import func, select

from regiodesk.db.models import ActionField, Call, Project, Setting
from regiodesk.domain.errors import DomainError
from regiodesk.imports.catalogues import CREATE, EMPTY, MAP, Catalogue, Entry, choice_key, leading_code
from regiodesk.imports.reader import read_table
from regiodesk.services.projects_import import ProjectImportService

DATA = Path(__file__).parent / "data"
HEADER = ["lfd. Nr.", "Projekttitel", "Handlungsfeld", "förderfähige Kosten", "Fördersatz", "LEADER-Mittel",
          "LAG-Beschluss"]  # fmt: skip


def _region(db) -> dict:
    region = make_region(db)
    with db.transaction() as session:
        first = ActionField(
            code="HF 1",
            name="Lebensqualität und Daseinsvorsorge",
            funding_period_id=region["period"],
            position=1,
        )
        second = ActionField(code="HF 2", name="Wirtschaft", funding_period_id=region["period"], position=2)
        session.add_all([first, second])
        session.flush()
        region["hf1"], region["hf2"] = first.id, second.id
    return region


def _old_list(path, rows=None):
    """An office's list: a running number, old Handlungsfeld names, the grant as a formula."""
    rows = rows or [
        [1, "Dorfladen", "HF 1 Daseinsvorsorge", 10000, 0.5, "=D3*E3", "22.11.2024"],
        [2, "Radweg", "HF 3 Tourismus", 20000, 0.6, "=D4*E4", "01.03.2025"],
        [3, "Backhaus", "HF 1 Daseinsvorsorge", 4000, 0.5, "=D5*E5", None],
    ]
    xlsx(path, [["Projektliste LAG Testtal (alt)"], HEADER, *rows])
    save_results(path, {f"F{n}": str(int(r[3] * r[4])) for n, r in enumerate(rows, start=3)})
    return path


def _projects(db) -> dict[str, Project]:
    with db.session() as session:
        projects = session.scalars(select(Project).where(Project.deleted_at.is_(None))).all()
        for p in projects:
            session.expunge(p)
    return {p.title: p for p in projects}


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


# ------------------------------------------------------------------------------- suggestions
def test_a_value_is_suggested_by_its_code_first_then_by_similar_words():
    entries = [
        Entry("1", "HF 1", "Lebensqualität und Daseinsvorsorge"),
        Entry("2", "HF 2", "Wirtschaft und Tourismus"),
        Entry("3", "HF 3", "Klima"),
    ]
    catalogue = Catalogue("action_field", "Handlungsfeld", entries, {})
    assert catalogue.suggestions("HF 1 Daseinsvorsorge")[0].id == "1"
    assert catalogue.suggestions("HF1: Dorfleben")[0].id == "1"  # the code alone decides
    assert [e.id for e in catalogue.suggestions("Tourismus")] == ["2"]  # words, no code
    assert catalogue.suggestions("Verkehr") == []  # nothing alike: no suggestion at all
    assert leading_code("EZ 1.2: Nahversorgung") == "EZ 1.2" and leading_code("Tourismus") == ""
    assert catalogue.named("hf 2").id == "2" and catalogue.named("Klima").id == "3"
    assert catalogue.named("HF 9") is None


# ------------------------------------------------------------------------------- the old list
def test_unknown_handlungsfelder_are_listed_once_with_suggestions_and_never_applied_unseen(db, tmp_path):
    region = _region(db)
    service = ProjectImportService(db)
    preview = service.preview(_old_list(tmp_path / "alt.xlsx"))
    # "lfd. Nr." is no field; the LAG decision date and the formula column are found by name
    assert preview.mapping == [
        "", "title", "action_field", "eligible_cost_cents", "funding_rate_bp", "grant_cents",
        "lag_decision_on",
    ]  # fmt: skip
    unknown = {u.text: u for u in preview.unknown_values}
    assert set(unknown) == {"HF 1 Daseinsvorsorge", "HF 3 Tourismus"}
    daseins = unknown["HF 1 Daseinsvorsorge"]
    assert daseins.rows == [3, 5] and daseins.label == "Handlungsfeld"
    assert [e.id for e in daseins.suggestions][:1] == [region["hf1"]]
    assert daseins.choice is None and unknown["HF 3 Tourismus"].can_create
    # without a choice the rows are refused with today's reason: the suggestion is not applied
    assert [r.number for r in preview.unreadable] == [3, 4, 5]
    assert preview.row(3).errors == [
        "Das Handlungsfeld „HF 1 Daseinsvorsorge“ gibt es nicht. Vorhanden: "
        "HF 1 Lebensqualität und Daseinsvorsorge, HF 2 Wirtschaft."
    ]
    assert preview.row(3).notes() == ["LEADER-Mittel: aus Formel übernommen"]


def test_mapping_one_value_and_creating_another_imports_every_row_with_grant_and_lag_date(db, tmp_path):
    region = _region(db)
    service = ProjectImportService(db)
    path = _old_list(tmp_path / "alt.xlsx")
    choices = {
        choice_key("action_field", "HF 1 Daseinsvorsorge"): MAP + region["hf1"],
        choice_key("action_field", "hf 3 tourismus"): CREATE,  # any spelling of the same value
    }
    preview = service.preview(path, choices=choices)
    assert not preview.unreadable
    result = service.run(preview)
    assert result.summary() == (
        "3 neu angelegt, 0 aktualisiert, 0 übersprungen; neu angelegt: Handlungsfeld „HF 3 Tourismus“"
    )
    p = _projects(db)
    assert p["Dorfladen"].action_field_id == p["Backhaus"].action_field_id == region["hf1"]
    assert (p["Dorfladen"].grant_cents, p["Radweg"].grant_cents) == (5000_00, 12000_00)
    assert p["Dorfladen"].lag_decision_on == date(2024, 11, 22)
    assert p["Radweg"].lag_decision_on == date(2025, 3, 1) and p["Backhaus"].lag_decision_on is None
    with db.session() as session:
        created = session.get(ActionField, p["Radweg"].action_field_id)
        assert (created.code, created.name, created.funding_period_id) == (
            "HF 3",
            "Tourismus",
            region["period"],
        )
        assert created.position == 3
    assert _count(db, ActionField) == 3  # created once for the value, not per row


def test_leaving_a_value_empty_imports_the_rows_without_it(db, tmp_path):
    _region(db)
    service = ProjectImportService(db)
    choices = {
        choice_key("action_field", "HF 1 Daseinsvorsorge"): EMPTY,
        choice_key("action_field", "HF 3 Tourismus"): EMPTY,
    }
    preview = service.preview(_old_list(tmp_path / "alt.xlsx"), choices=choices)
    assert preview.row(3).warnings == ["Handlungsfeld „HF 1 Daseinsvorsorge“ bleibt leer (so gewählt)."]
    service.run(preview)
    assert {p.action_field_id for p in _projects(db).values()} == {None}
    assert _count(db, ActionField) == 2


def test_the_choices_are_remembered_and_applied_to_the_next_list(db, tmp_path):
    region = _region(db)
    service = ProjectImportService(db)
    choices = {
        choice_key("action_field", "HF 1 Daseinsvorsorge"): MAP + region["hf1"],
        choice_key("action_field", "HF 3 Tourismus"): MAP + region["hf2"],
    }
    service.run(service.preview(_old_list(tmp_path / "2024.xlsx"), choices=choices))
    rows = [[7, "Dorfgemeinschaftshaus", "HF 3 Tourismus", 1000, 0.5, "=D3*E3", None]]
    preview = service.preview(_old_list(tmp_path / "2025.xlsx", rows))
    (value,) = preview.unknown_values
    assert (value.choice, value.remembered) == (MAP + region["hf2"], True)
    assert value.choice_text() == "→ HF 2 Wirtschaft"
    assert not preview.unreadable
    # the user may still decide otherwise for this list: "" is "no choice", overriding memory
    again = service.preview(tmp_path / "2025.xlsx", choices={value.key: ""})
    assert again.unknown_values[0].choice is None and again.unreadable
    service.run(preview)
    assert _projects(db)["Dorfgemeinschaftshaus"].action_field_id == region["hf2"]
    # undoing the choice in an import that is written forgets it for the next list
    service.run(again)
    assert service.preview(tmp_path / "2025.xlsx").unknown_values[0].choice is None


def test_a_deactivated_handlungsfeld_is_no_target_and_a_remembered_choice_for_it_lapses(db, tmp_path):
    region = _region(db)
    service = ProjectImportService(db)
    key = choice_key("action_field", "HF 3 Tourismus")
    service.run(service.preview(_old_list(tmp_path / "a.xlsx"), choices={key: MAP + region["hf2"]}))
    with db.transaction() as session:
        session.get(ActionField, region["hf2"]).active = False
    rows = [
        [1, "Museum", "HF 3 Tourismus", 100, 0.5, "=D3*E3", None],
        [2, "Markt", "HF 2", 100, 0.5, "=D4*E4", None],
    ]
    preview = service.preview(_old_list(tmp_path / "b.xlsx", rows))
    values = {u.text: u for u in preview.unknown_values}
    assert values["HF 3 Tourismus"].choice is None  # the remembered target is inactive now
    assert "HF 2" in values  # an inactive Handlungsfeld takes no new project, even by its code
    assert region["hf2"] not in {e.id for e in values["HF 2"].entries}
    assert "HF 2 Wirtschaft" not in preview.row(3).errors[0]
    with pytest.raises(DomainError, match="gibt es bei Handlungsfeld nicht"):
        service.value_choice("Handlungsfeld:HF 3 Tourismus=HF 2")


def test_unknown_status_can_be_mapped_but_not_created_and_a_call_can_be_created(db, tmp_path):
    _region(db)
    service = ProjectImportService(db)
    path = xlsx(
        tmp_path / "s.xlsx", [["Titel", "Status", "Projektaufruf"], ["Dorfladen", "genehmigt", "Aufruf 2030"]]
    )
    preview = service.preview(path, create_missing=True)
    values = {u.text: u for u in preview.unknown_values}
    assert not values["genehmigt"].can_create and values["genehmigt"].choice is None
    assert values["Aufruf 2030"].choice == CREATE
    assert preview.row(2).errors[0].startswith("Den Status „genehmigt“ gibt es nicht.")
    key, choice = service.value_choice("Status:genehmigt=bewilligt")
    service.run(service.preview(path, choices={key: choice}, create_missing=True))
    laden = _projects(db)["Dorfladen"]
    assert laden.status == "bewilligt"
    with db.session() as session:
        assert session.get(Call, laden.call_id).name == "Aufruf 2030"


def test_a_project_type_written_differently_is_offered_the_regions_types_and_kept_otherwise(db, tmp_path):
    _region(db)  # the region knows "produktiv", "nicht produktiv", "Kooperation"
    service = ProjectImportService(db)
    path = xlsx(tmp_path / "t.xlsx", [["Titel", "Projektart"], ["Dorfladen", "nicht-produktiv (investiv)"]])
    preview = service.preview(path)
    (value,) = preview.unknown_values
    assert value.suggestions[0].id == "nicht produktiv" and value.choice is None
    assert not preview.unreadable  # kept as written unless the user maps it
    service.run(service.preview(path, choices={value.key: MAP + "nicht produktiv"}))
    assert _projects(db)["Dorfladen"].project_type == "nicht produktiv"


# ------------------------------------------------------------------------------- formulas
def test_a_formula_without_a_saved_value_is_reported_with_its_cell_and_the_rest_imported(db, tmp_path):
    region = _region(db)
    path = xlsx(
        tmp_path / "f.xlsx",
        [
            ["Projekttitel", "Handlungsfeld", "förderfähige Kosten", "Fördersatz", "Zuschuss"],
            ["Dorfladen", "HF 1", 10000, 0.5, "=C2*D2"],
            ["Radweg", "HF 2", 20000, 0.5, "=C3*D3"],
        ],
    )
    save_results(path, {"E2": "5000"})  # Excel saved the first; the second came from a script
    service = ProjectImportService(db)
    preview = service.preview(path)
    assert preview.row(2).notes() == ["Zuschuss: aus Formel übernommen"] and not preview.row(2).errors
    assert preview.row(3).errors == [
        "Spalte „Zuschuss“ (Zelle E3): Die Excel-Formel „=C3*D3“ ist ohne berechneten Wert gespeichert. "
        "Bitte die Datei in Excel oder LibreOffice öffnen, speichern und erneut einlesen."
    ]
    service.run(preview)
    assert set(_projects(db)) == {"Dorfladen"}
    assert _projects(db)["Dorfladen"].grant_cents == 5000_00
    assert _projects(db)["Dorfladen"].action_field_id == region["hf1"]


@pytest.mark.parametrize(
    "header", ["LAG-Beschluss", "Beschlussdatum", "Datum LAG-Beschluss", "LAG-Beschluss am", "Beschluss LAG"]
)
def test_the_lag_decision_column_becomes_the_projects_selection_date(db, tmp_path, header):
    _region(db)
    service = ProjectImportService(db)
    path = xlsx(tmp_path / "l.xlsx", [["Titel", header], ["Dorfladen", "22.11.2025"]])
    preview = service.preview(path)
    assert preview.mapping == ["title", "lag_decision_on"]
    service.run(preview)
    assert _projects(db)["Dorfladen"].lag_decision_on == date(2025, 11, 22)


# ------------------------------------------------------------------------------- other formats
@pytest.mark.parametrize("name", ["projekte_alt.xls", "projekte_alt.ods"])
def test_old_excel_and_libreoffice_lists_are_read_with_formula_values(db, tmp_path, name):
    """Both files were saved by LibreOffice from the same list (grant = cost × rate as a formula)."""
    region = _region(db)
    service = ProjectImportService(db)
    choices = {
        choice_key("action_field", "HF 1 Daseinsvorsorge"): MAP + region["hf1"],
        choice_key("action_field", "HF 3 Tourismus"): CREATE,
    }
    preview = service.preview(DATA / name, choices=choices)
    assert preview.header_row == 2 and not preview.unreadable
    if name.endswith(".ods"):  # calamine tells no formula of an .xls apart: the value only
        assert preview.row(3).notes() == ["LEADER-Mittel: aus Formel übernommen"]
    service.run(preview)
    p = _projects(db)
    assert (p["Dorfladen"].grant_cents, p["Radweg"].grant_cents) == (5000_00, 12000_00)
    assert p["Dorfladen"].lag_decision_on == date(2024, 11, 22)
    assert p["Dorfladen"].funding_rate_bp == 5000 and p["Dorfladen"].action_field_id == region["hf1"]


def test_an_old_excel_file_whose_first_sheet_is_empty_is_read_from_the_sheet_with_the_list():
    """Saved by LibreOffice: an empty "Tabelle1", the list on "Projekte" (calamine: no range)."""
    table = read_table(DATA / "leeres_erstes_blatt.xls")
    assert [row.cells for row in table.rows] == [("Dorfladen", "Gemeinde Au"), ("Radweg", "Markt Bach")]
    assert table.sheets == ["Tabelle1", "Projekte"]


def test_remembered_choices_live_in_the_database_with_the_column_mapping(db, tmp_path):
    region = _region(db)
    service = ProjectImportService(db)
    key = choice_key("action_field", "HF 3 Tourismus")
    service.run(service.preview(_old_list(tmp_path / "a.xlsx"), choices={key: MAP + region["hf2"]}))
    with db.session() as session:
        keys = set(session.scalars(select(Setting.key).where(Setting.key.like("import.%"))))
    assert keys == {"import.mapping.projects", "import.values.projects"}


def test_a_failed_import_creates_no_entry_and_the_same_preview_can_be_imported_again(
    db, tmp_path, monkeypatch
):
    from regiodesk.services import projects_import

    region = _region(db)
    service = ProjectImportService(db)
    choices = {
        choice_key("action_field", "HF 1 Daseinsvorsorge"): MAP + region["hf1"],
        choice_key("action_field", "HF 3 Tourismus"): CREATE,
    }
    preview = service.preview(_old_list(tmp_path / "alt.xlsx"), choices=choices)
    real, calls = projects_import._create, []

    def failing(session, values, note, today):
        calls.append(values["title"])
        if len(calls) == 2:
            raise RuntimeError("Platte voll")
        real(session, values, note, today)

    monkeypatch.setattr(projects_import, "_create", failing)
    with pytest.raises(RuntimeError):
        service.run(preview)
    assert _count(db, ActionField) == 2 and _projects(db) == {}
    monkeypatch.setattr(projects_import, "_create", real)
    service.run(preview)
    assert _count(db, ActionField) == 3
    with db.session() as session:
        radweg = session.scalars(select(Project).where(Project.title == "Radweg")).one()
        assert session.get(ActionField, radweg.action_field_id).code == "HF 3"
