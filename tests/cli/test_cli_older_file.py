"""A command on a file of an earlier regiodesk says on stderr that it updates it (once, with a
backup first); its output on stdout stays what a script reads, and a current file says nothing."""

from __future__ import annotations

import json

import pytest
from database_helpers import older_office_file

from regiodesk.cli import main
from regiodesk.db.custody import list_backups
from regiodesk.db.schema import HEAD, inspect_file

NOTICE = "stammt aus einer früheren regiodesk-Version und wird einmalig auf den neuen Stand gebracht"


@pytest.fixture
def older(tmp_path):
    return older_office_file(tmp_path / "alt.regiodesk")


@pytest.mark.parametrize(
    "command",
    [
        ["list", "bodies", "--json"],  # a command that reads
        ["search", "altmuehl", "--rebuild", "--json"],  # one that writes (the index, under the lock)
    ],
)
def test_a_command_on_an_older_file_says_it_updates_it(older, capsys, command):
    assert main(["--db", str(older), *command]) == 0
    out, err = capsys.readouterr()
    assert f"„alt.regiodesk“ {NOTICE}" in err
    found = json.loads(out)  # stdout: only what the command gives
    if command[0] == "list":
        assert [body["name"] for body in found] == ["LAG Altmühl"]
    else:
        assert [hit["title"] for group in found for hit in group["hits"]] == ["LAG Altmühl"]
    assert inspect_file(older).revision == HEAD
    assert [b.reason for b in list_backups(older)] == ["vor-update-0012"]


def test_a_current_file_says_nothing_of_updates(db, capsys):
    assert main(["--db", str(db.path), "list", "bodies"]) == 0
    assert NOTICE not in capsys.readouterr().err
