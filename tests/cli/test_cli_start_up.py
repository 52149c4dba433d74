"""A command run as the program imports its modules without the cyclic garbage collector and
works on its data with it (cli.common.start_up_without_collector, issue 23)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from regiodesk.cli import main

ROOT = Path(__file__).resolve().parents[2]

#: Runs ``main()`` as the program does (arguments from sys.argv, quick exit) and reports on stderr
#: whether the collector was on just before and just after the command's start-up ended.
WATCH = """
import atexit, gc, sys
from regiodesk.cli import common, main
states = []
real = common._start_up_done
def watched():
    states.append(gc.isenabled())
    real()
    states.append(gc.isenabled())
common._start_up_done = watched
atexit.register(lambda: sys.stderr.write(f"states={states} enabled={gc.isenabled()}"))
sys.argv = ["regiodesk", *sys.argv[1:]]
main()
"""


def _program(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", WATCH, *argv], capture_output=True, text=True, env=env, cwd=ROOT
    )


@pytest.mark.parametrize("command", [("list", "bodies"), ("search", "--rebuild")], ids=["reads", "writes"])
def test_a_command_starts_without_the_collector_and_works_with_it(tmp_path, command):
    path = tmp_path / "buero.regiodesk"
    assert main(["--db", str(path), "new", "--region", "LAG Mitte"]) == 0
    done = _program("--db", str(path), *command)
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("states=[False, True] enabled=True")


def test_a_command_that_opens_its_file_otherwise_keeps_the_collector(tmp_path):
    done = _program("--db", str(tmp_path / "neu.regiodesk"), "new", "--region", "LAG Mitte")
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("states=[] enabled=True")


def test_an_export_keeps_the_collector_off_past_the_start_up_until_its_file_is_written(tmp_path):
    path = tmp_path / "buero.regiodesk"
    assert main(["--db", str(path), "new", "--region", "LAG Mitte"]) == 0
    out = tmp_path / "kontakte.xlsx"
    done = _program("--db", str(path), "export", "contacts", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith("states=[False, False] enabled=True")  # the export's own hold
    assert out.exists()
