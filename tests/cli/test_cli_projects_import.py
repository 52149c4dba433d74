"""import projects, run as a user runs it: summary, skipped and unreadable rows, --sheet, German errors."""

from __future__ import annotations

from openpyxl import Workbook
from project_helpers import make_region, new_project
from sqlalchemy import select

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.models import ActionField, Project


def _office(db):
    region = make_region(db)
    with db.transaction() as session:
        session.add(ActionField(code="HF 1", name="Lebensqualität", funding_period_id=region["period"]))
    new_project(db, title="Backhaus", approval_file_number="AZ-7")
    db.close()
    return region


def _book(path, sheets: dict[str, list[list]]):
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


HEADER = ["Projekttitel", "Träger", "Handlungsfeld", "Gesamtkosten", "Fördersatz", "Status", "Aktenzeichen"]


def _titles(path) -> set[str]:
    db = Database.open(path)
    try:
        with db.session() as session:
            return set(session.scalars(select(Project.title).where(Project.deleted_at.is_(None))))
    finally:
        db.close()


def test_import_projects_prints_the_mapping_skipped_unreadable_rows_and_the_summary(db, tmp_path, capsys):
    _office(db)
    path = _book(
        tmp_path / "projekte.xlsx",
        {
            "Liste": [
                ["Projekte der LAG Testtal"],
                [],
                [*HEADER, "intern"],
                [
                    "Dorfladen",
                    "Heimatverein Testtal e. V.",
                    "HF 1",
                    "12.000,00 €",
                    "50 %",
                    "ausgewählt",
                    "",
                    "x",
                ],
                ["Spielplatz", "Markt Neudorf", "HF 1", 2000, 0.8, "bewilligt", "", ""],
                ["Radweg", "", "HF 9", 100, "", "", "", ""],
                ["Backhaus neu", "", "", 100, "", "", "az-7", ""],
                ["Summe", None, None, "=SUM(D4:D7)"],
            ]
        },
    )
    assert main(["--db", str(db.path), "import", "projects", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Blatt „Liste“, Kopfzeile in Zeile 3"
    assert out[1].startswith(
        "Spalten: Projekttitel → Titel; Träger → Projektträger; Handlungsfeld → Handlungsfeld"
    )
    assert (
        "Gesamtkosten → Gesamtkosten brutto" in out[1]
        and "Aktenzeichen → Aktenzeichen Bewilligungsstelle" in out[1]
    )
    assert out[2] == "nicht übernommen: intern"
    assert "übersprungen: Zeile 7 Backhaus neu: schon vorhanden als Backhaus (gleiches Aktenzeichen)" in out
    assert (
        "Hinweis: Zeile 5 Spielplatz: Träger neu angelegt: „Markt Neudorf“ (kein Kontakt dieses Namens)."
        in out
    )
    assert any(
        line.startswith("nicht lesbar: Zeile 6: Das Handlungsfeld „HF 9“ gibt es nicht.") for line in out
    )
    assert (
        out[-1]
        == "Ergebnis: 2 neu angelegt, 0 aktualisiert, 1 übersprungen, 1 nicht lesbar; 1 Träger neu angelegt"
    )
    assert _titles(db.path) == {"Backhaus", "Dorfladen", "Spielplatz"}


def test_import_projects_from_a_chosen_sheet(db, tmp_path, capsys):
    _office(db)
    path = _book(
        tmp_path / "mappe.xlsx",
        {"2024": [HEADER, ["Altes Projekt"]], "2025": [HEADER, ["Neues Projekt", "", "", "1.000,00"]]},
    )
    assert main(["--db", str(db.path), "import", "projects", str(path), "--sheet", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Blatt „2025“" in out and "Ergebnis: 1 neu angelegt, 0 aktualisiert, 0 übersprungen" in out
    assert _titles(db.path) == {"Backhaus", "Neues Projekt"}


def test_import_projects_problems_end_with_one_german_line(db, tmp_path, capsys):
    _office(db)
    path = _book(tmp_path / "mappe.xlsx", {"Liste": [HEADER, ["Neu"]]})
    assert main(["--db", str(db.path), "import", "projects", str(path), "--sheet", "2030"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "regiodesk: Das Blatt „2030“ gibt es in „mappe.xlsx“ nicht. Vorhanden: Liste."
    assert main(["--db", str(db.path), "import", "projects", str(tmp_path / "fehlt.xlsx")]) == 1
    assert capsys.readouterr().err.startswith("regiodesk: Die Datei „")
    no_title = _book(tmp_path / "ohne.xlsx", {"Liste": [["Träger", "Gesamtkosten"], ["Verein", 100]]})
    assert main(["--db", str(db.path), "import", "projects", str(no_title)]) == 1
    assert "Keine Spalte ist dem Titel zugeordnet" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "gibtsnicht.regiodesk"), "import", "projects", str(path)]) == 1
    assert _titles(db.path) == {"Backhaus"}
