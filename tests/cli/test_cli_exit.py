"""A command run as the program (``python -m regiodesk``) ends without Python's teardown
(cli._end_process): its output, its file and its exit code are all there all the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from regiodesk.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _program(*argv: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    return subprocess.run(
        [sys.executable, "-m", "regiodesk", *argv], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_output_file_and_exit_code_survive_the_quick_exit(tmp_path):
    path = tmp_path / "buero.regiodesk"
    assert main(["--db", str(path), "new", "--region", "LAG Mitte"]) == 0
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "projekte.xlsx"
    done = _program("--db", str(path), "export", "projects", "--out", str(out), tmp=scratch)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"geschrieben: {out}\n"  # flushed into the pipe before the end
    assert load_workbook(out).active.max_row >= 1
    assert list(scratch.iterdir()) == []  # no temporary file left behind


def test_a_refused_command_keeps_its_exit_code_and_message(tmp_path):
    done = _program("--db", str(tmp_path / "fehlt.regiodesk"), "list", "bodies", tmp=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("regiodesk: ") and done.stderr.count("\n") == 1
