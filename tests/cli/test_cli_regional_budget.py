"""`export regionalbudget JAHR` and `print contract KLEINPROJEKT`, run as a user runs them."""

from __future__ import annotations

import io

from document_helpers import pdf_text
from openpyxl import load_workbook
from project_helpers import regional_budget_year, small_project

from regiodesk.cli import main


def test_export_regionalbudget_and_print_a_contract(db, tmp_path, capsys):
    region, _budget, call = regional_budget_year(db)
    project = small_project(db, region, call, "Bücherschrank", 3_000_00, 2_400_00, status="ausgewaehlt")
    db.close()
    out, contract = tmp_path / "rb.xlsx", tmp_path / "vertrag.pdf"
    assert main(["--db", str(db.path), "export", "regionalbudget", "2026", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"geschrieben: {out}"
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book["Kleinprojekte"]["A2"].value == "Bücherschrank"
    assert main(["--db", str(db.path), "print", "contract", project[:8], "--out", str(contract)]) == 0
    assert "Vertrag über die Förderung eines Kleinprojekts" in pdf_text(contract)


def test_wrong_calls_end_with_one_german_line_and_write_nothing(db, tmp_path, capsys):
    regional_budget_year(db)
    db.close()
    out = tmp_path / "rb.xlsx"
    assert main(["--db", str(db.path), "export", "regionalbudget", "--out", str(out)]) == 2
    assert "ist ein Jahr anzugeben" in capsys.readouterr().err
    assert (
        main(["--db", str(db.path), "export", "regionalbudget", "2026", "--out", str(tmp_path / "x.pdf")])
        == 2
    )
    assert "auf .xlsx enden" in capsys.readouterr().err
    assert main(["--db", str(db.path), "export", "regionalbudget", "2019", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == "regiodesk: Für 2019 ist kein Regionalbudget angelegt."
    assert not out.exists()
