"""Files that would take the program down or slip bad text in (issue 25), and what both importers
share: one rule for CSV lines that do not fit, control characters removed, no 'Nr.' house number."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sheet_helpers import add_cell, forged_size, with_control_characters, xlsx, zip_bomb
from sqlalchemy import select

from regiodesk.db.models import Contact, Project
from regiodesk.imports import ImportFileError
from regiodesk.imports.reader import read_table
from regiodesk.services.contacts_import import ContactImportService
from regiodesk.services.projects_import import ProjectImportService

ROOT = Path(__file__).resolve().parents[2]


def _read_in_a_small_process(path: Path) -> tuple[str, float]:
    """Read ``path`` in a child process limited to 1 GiB of address space: (its output, seconds).

    Before the guards, reading these files asked for 512 GiB (and aborted the process), or took
    3.9 GB and 44 s; a refusal must come quickly and within that limit.
    """
    code = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        from regiodesk.imports.reader import read_table
        from regiodesk.imports import ImportFileError
        try:
            read_table(sys.argv[1])
        except ImportFileError as error:
            print("refused:", error)
        else:
            print("read")
        """
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip(), time.monotonic() - started


def _list(path, rows=5000):
    book = Workbook()
    ws = book.active
    ws.append(["Name", "E-Mail"])
    for n in range(rows):
        ws.append([f"Person {n}", f"p{n}@example.de"])
    book.save(path)
    return path


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit via resource (Linux)")
@pytest.mark.parametrize(
    ("cell", "rows", "says"),
    [
        ("XFD1048576", 2, "reicht bis Zelle XFD1048576 (1.048.576 Zeilen, 16.384 Spalten)"),
        ("XFD2", 5000, "reicht bis Zelle XFD5001"),
    ],
)
def test_one_value_far_outside_the_list_is_refused_quickly_with_little_memory(tmp_path, cell, rows, says):
    path = _list(tmp_path / "liste.xlsx", rows)
    add_cell(path, cell if cell != "XFD2" else "XFD5001")
    out, seconds = _read_in_a_small_process(path)
    assert out.startswith("refused: Das Blatt „Sheet“ ") and says in out, out
    assert "bitte die Zeilen und Spalten nach der Liste löschen" in out
    assert seconds < 20


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit via resource (Linux)")
def test_a_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_unpacked(tmp_path):
    path = tmp_path / "liste.xlsx"
    zip_bomb(path, unpacked_mb=1024)
    assert path.stat().st_size < 2 * 2**20
    out, seconds = _read_in_a_small_process(path)
    assert out == (
        "refused: „liste.xlsx“ würde entpackt 1024 MB belegen (regiodesk liest höchstens 300 MB). "
        "Die Datei ist beschädigt oder keine gewöhnliche Liste."
    )
    assert seconds < 20


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit via resource (Linux)")
def test_a_member_holding_more_than_its_directory_says_is_refused_before_calamine_reads_it(tmp_path):
    path = tmp_path / "liste.xlsx"
    forged_size(path, hidden_mb=1024)
    out, seconds = _read_in_a_small_process(path)
    assert out == (
        "refused: „liste.xlsx“ enthält mehr, als ihr Inhaltsverzeichnis angibt "
        "(xl/worksheets/sheet1.xml). Die Datei ist beschädigt oder manipuliert und wird nicht gelesen."
    )
    assert seconds < 20


def test_the_window_and_the_cli_get_the_same_refusal_through_the_pipeline(db, tmp_path):
    path = _list(tmp_path / "liste.xlsx", 2)
    add_cell(path, "XFD3")
    with pytest.raises(ImportFileError, match="reicht bis Zelle XFD3"):
        ContactImportService(db).preview(path)
    with pytest.raises(ImportFileError, match="reicht bis Zelle XFD3"):
        ContactImportService(db).read(path)  # what the dialog calls first


def test_a_csv_line_with_thousands_of_delimiters_is_refused_alike(db, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Name;E-Mail\nAnna;anna@example.de\n" + ";" * 20000 + "x\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="reicht bis Zelle"):
        ProjectImportService(db).preview(path)


@pytest.mark.slow
def test_a_list_of_ordinary_width_far_down_is_still_read(tmp_path):
    path = _list(tmp_path / "liste.xlsx", 3)
    add_cell(path, "B60000", "spät@example.de")  # within 1,000 columns and 5 million cells
    table = read_table(path)
    assert table.rows[-1].number == 60000


# ------------------------------------------------------------------------------- control characters
def test_control_characters_are_removed_and_word_line_breaks_kept_only_in_notes(db, tmp_path):
    path = xlsx(
        tmp_path / "outlook.xlsx",
        [
            ["Vorname", "Nachname", "Institution", "E-Mail", "Bemerkung"],
            [
                "Anna<VT>",
                "Bau<NUL>er",
                "Verein<BEL> <RLO>Testtal",
                "anna@example.de",
                "Zeile 1<VT>Zeile 2<NUL>",
            ],
        ],
    )
    with_control_characters(path)  # as Excel stores them: "_x000B_"
    assert read_table(path).rows[0].cells[0] == "Anna"  # cleaned as it is read
    ContactImportService(db).run(ContactImportService(db).preview(path))
    with db.session() as session:
        contact = session.scalars(select(Contact)).one()
        assert (contact.first_name, contact.last_name, contact.organisation) == (
            "Anna",
            "Bauer",
            "Verein Testtal",
        )
        assert contact.notes == "Zeile 1\nZeile 2"


def test_control_characters_in_a_projects_csv_are_removed_alike(db, tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_text(
        "Projekttitel;Kurzbeschreibung\nDorf\u202eladen\x0b;Erste Zeile\x0bzweite Zeile\x07\n",
        encoding="utf-8",
    )
    service = ProjectImportService(db)
    service.run(service.preview(path))
    with db.session() as session:
        project = session.scalars(select(Project)).one()
        assert (project.title, project.short_description) == ("Dorfladen", "Erste Zeile\nzweite Zeile")


# ------------------------------------------------------------------------------- CSV lines that do not fit
MIXED = (
    "Projekttitel;Name;E-Mail;Gesamtkosten\n"
    "Dorfladen;Anna Bauer;anna@example.de;1.000,00\n"
    "Radweg,Peter Koch,peter@example.de,2000\n"  # another program's line: commas
    "Backhaus;Eva Lang;eva@example.de;3.000,00;;x\n"  # one cell too many
)


@pytest.mark.parametrize("service_class", [ContactImportService, ProjectImportService])
def test_a_csv_with_mixed_delimiters_is_rejected_line_by_line_alike_by_both_importers(
    db, tmp_path, service_class
):
    path = tmp_path / "gemischt.csv"
    path.write_text(MIXED, encoding="utf-8")
    preview = service_class(db).preview(path)
    problems = {r.number: r.errors for r in preview.unreadable}
    assert problems == {
        3: [
            "Die ganze Zeile steht in einem Feld: sie ist mit Komma statt Semikolon getrennt. Bitte die "
            "Datei mit einem einheitlichen Trennzeichen speichern."
        ],
        4: [
            "Die Zeile hat 6 Felder, die Kopfzeile 4 Spalten (Trennzeichen: Semikolon). Bitte die Zeile "
            "prüfen: vermutlich ein Trennzeichen zu viel oder ein anderes Trennzeichen."
        ],
    }
    assert [r.number for r in preview.rows if not r.errors] == [2]
    # the stray "x" of line 4 adds no column of its own
    assert preview.headers == ["Projekttitel", "Name", "E-Mail", "Gesamtkosten"]


def test_no_project_is_titled_with_a_whole_raw_line(db, tmp_path):
    path = tmp_path / "gemischt.csv"
    path.write_text(MIXED, encoding="utf-8")
    service = ProjectImportService(db)
    service.run(service.preview(path))
    with db.session() as session:
        assert list(session.scalars(select(Project.title))) == ["Dorfladen"]


# ------------------------------------------------------------------------------- "Nr." is no house number
@pytest.mark.parametrize("header", ["Nr.", "lfd. Nr.", "Nummer", "Pos."])
def test_a_running_number_column_is_never_taken_for_a_house_number(db, tmp_path, header):
    path = xlsx(
        tmp_path / "liste.xlsx",
        [[header, "Name", "Straße", "PLZ", "Ort"], [17, "Anna Bauer", "Hauptstraße 5", "96450", "Coburg"]],
    )
    service = ContactImportService(db)
    preview = service.preview(path)
    assert preview.mapping[0] == ""
    assert preview.row(2).values["street"] == "Hauptstraße 5"
    # not even when an earlier version remembered it so
    from regiodesk.imports.mapping import header_key, remember

    with db.transaction() as session:
        remember(session, "contacts", [header], ["house_number"])
    assert service.suggested_mapping(preview.headers)[0] == ""
    assert header_key(header)
    # a real house number column still is one
    assert service.suggested_mapping(["Name", "Straße", "Hausnr."])[2] == "house_number"
