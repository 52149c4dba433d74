"""export projects, print project, print scoring and list calls, run as a user runs them."""

from __future__ import annotations

import io

from document_helpers import pdf_text
from openpyxl import load_workbook
from project_helpers import make_region, new_project

from regiodesk.cli import main
from regiodesk.services.selection import ScoringService


def _office(db):
    region = make_region(db)
    project = new_project(db, title="Dorfladen Weißenbrunn", call_id=region["call"], grant_cents=30_000_00)
    ScoringService(db).save_sheet(project, {c: (3, "stark") for c in region["criteria"]})
    new_project(db, title="Backhaus", call_id=region["call"])
    db.close()
    return region, project


def test_export_projects_with_the_ranking_of_a_call(db, tmp_path, capsys):
    region, _ = _office(db)
    out = tmp_path / "projekte.xlsx"
    assert (
        main(["--db", str(db.path), "export", "projects", "--call", region["call"][:8], "--out", str(out)])
        == 0
    )
    assert capsys.readouterr().out.strip() == f"geschrieben: {out}"
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["Projekte", "Rangfolge"]
    assert {book["Projekte"].cell(row=r, column=1).value for r in (2, 3)} == {
        "Backhaus",
        "Dorfladen Weißenbrunn",
    }
    assert book["Rangfolge"]["B2"].value == "Dorfladen Weißenbrunn"
    assert not list(tmp_path.glob("*.part"))


def test_print_project_and_scoring_by_id_prefix(db, tmp_path, capsys):
    _, project = _office(db)
    steckbrief, bogen = tmp_path / "steckbrief.pdf", tmp_path / "bogen.pdf"
    assert main(["--db", str(db.path), "print", "project", project[:6], "--out", str(steckbrief)]) == 0
    assert main(["--db", str(db.path), "print", "scoring", project[:6], "--out", str(bogen)]) == 0
    assert "Projektsteckbrief: Dorfladen Weißenbrunn" in pdf_text(steckbrief)
    assert "Summe 12 / 12" in pdf_text(bogen)
    assert main(["--db", str(db.path), "list", "calls"]) == 0
    assert "Projektaufruf Frühjahr 2026" in capsys.readouterr().out


def test_wrong_calls_end_with_one_german_line(db, tmp_path, capsys):
    _office(db)
    out = str(tmp_path / "x.xlsx")
    assert main(["--db", str(db.path), "export", "projects", "abcd1234", "--out", out]) == 2
    assert "braucht keine KENNUNG" in capsys.readouterr().err
    assert main(["--db", str(db.path), "export", "members", "--out", out]) == 2
    assert "fehlt die KENNUNG" in capsys.readouterr().err
    assert main(["--db", str(db.path), "export", "ics", "abcd", "--call", "abcd", "--out", out]) == 2
    assert "--call gibt es nur bei" in capsys.readouterr().err
    assert main(["--db", str(db.path), "export", "projects", "--call", "zzzz", "--out", out]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "regiodesk: Kein Eintrag „Projektaufruf“ mit der Kennung „zzzz“ gefunden."
    )
    assert main(["--db", str(db.path), "print", "project", "zzzz", "--out", str(tmp_path / "p.pdf")]) == 1
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "p.pdf").exists()
