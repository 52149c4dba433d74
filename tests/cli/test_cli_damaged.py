"""Commands that only read open a file without checking every page (that takes a second per 300 MB);
a damaged page they read still ends them with one German line, and the file stays as it was."""

from __future__ import annotations

from regiodesk.cli import EXIT_OK, EXIT_PROBLEM, main


def test_a_command_that_reads_a_damaged_page_says_so_in_german(damaged_file, tmp_path, capsys):
    before = damaged_file.read_bytes()
    status = main(["--db", str(damaged_file), "export", "contacts", "--out", str(tmp_path / "k.xlsx")])
    err = capsys.readouterr().err
    assert status == EXIT_PROBLEM
    assert "beschädigt" in err and "check" in err and "Sicherung wiederherstellen" in err
    assert "Traceback" not in err and "malformed" not in err
    assert not (tmp_path / "k.xlsx").exists()
    assert damaged_file.read_bytes() == before


def test_what_is_not_damaged_can_still_be_read(damaged_file, capsys):
    assert main(["--db", str(damaged_file), "list", "bodies"]) == EXIT_OK


def test_check_still_looks_at_every_page(damaged_file, capsys):
    assert main(["--db", str(damaged_file), "check"]) == EXIT_PROBLEM
    captured = capsys.readouterr()
    assert "1 Problem in beschaedigt.regiodesk" in captured.err
    assert "beschädigt, eine Seite ist unlesbar" in captured.out
