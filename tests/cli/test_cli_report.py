"""`print report` and `export report`: the Jahresbericht from the command line."""

from __future__ import annotations

from datetime import date

import pytest
from document_helpers import pdf_text

from regiodesk.cli import main


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, demo_region):
    path = tmp_path_factory.mktemp("cli") / "demo.regiodesk"
    return demo_region(path, device_id="test-device", today=date(2026, 6, 15))


def test_print_and_export_the_report(demo_file, tmp_path, capsys):
    pdf, xlsx = tmp_path / "jb.pdf", tmp_path / "jb.xlsx"
    assert main(["--db", str(demo_file), "print", "report", "2025", "--out", str(pdf)]) == 0
    assert "Jahresbericht 2025" in pdf_text(pdf)
    assert (
        main(
            ["--db", str(demo_file), "export", "report", "2025", "--out", str(xlsx), "--as-of", "30.06.2025"]
        )
        == 0
    )
    assert xlsx.read_bytes()[:2] == b"PK"
    assert "geschrieben" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "report", "25"], "ein Jahr anzugeben"),
        (["export", "report", "2025", "--as-of", "31.02.2025"], "gibt es nicht"),
        (["export", "members", "abcd", "--as-of", "1.1.2025"], "--as-of gibt es nur"),
    ],
)
def test_wrong_calls_say_why(demo_file, tmp_path, capsys, args, message):
    code = main(["--db", str(demo_file), *args, "--out", str(tmp_path / "x.xlsx")])
    assert code == 2
    assert message in capsys.readouterr().err
