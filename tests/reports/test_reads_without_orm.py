"""A meeting's documents and the lists of bodies and meetings read the file through Core
statements: printing or listing never configures SQLAlchemy's mappers nor compiles an ORM
statement (a tenth of ``regiodesk print minutes``)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from document_helpers import pdf_text
from sqlalchemy import select

from regiodesk.db.models import AgendaItem, Vote

SCRIPT = """
import sys
from regiodesk.cli import main
status = main(["--db", sys.argv[1], "print", "minutes", sys.argv[2][:8], "--out", sys.argv[3]])
from regiodesk.db.base import Base
print("configured" if not Base.registry._new_mappers else "not configured", status)
"""


def test_printing_minutes_never_configures_the_mappers(demo, tmp_path):
    with demo.session() as session:  # a held meeting with votes, conflicts and selections
        meeting_id = session.scalar(
            select(AgendaItem.meeting_id)
            .join(Vote, Vote.agenda_item_id == AgendaItem.id)
            .where(Vote.deleted_at.is_(None), AgendaItem.is_selection_decision)
            .limit(1)
        )
    assert meeting_id is not None
    out = tmp_path / "p.pdf"
    args = [sys.executable, "-c", SCRIPT, str(demo.path), meeting_id, str(out)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["not", "configured", "0"]
    assert "Niederschrift" in pdf_text(out)


@pytest.mark.parametrize(
    ("area", "shown"), [("bodies", '"body_type": "LAG"'), ("meetings", '"state": "Protokoll genehmigt"')]
)
def test_listing_bodies_and_meetings_never_configures_the_mappers(demo, area, shown):
    script = """
import sys
from regiodesk.cli import main
status = main(["--db", sys.argv[1], "list", sys.argv[2], "--json"])
from regiodesk.db.base import Base
print("configured" if not Base.registry._new_mappers else "not configured", status)
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(demo.path), area], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["not", "configured", "0"]
    assert shown in done.stdout
