"""Moving an office between a file and a server, and the command line on a server database.

`import-file` takes a laptop's file onto an empty server database with every record, attachment,
setting and the whole change log; `backup --out` and `handover` write the ordinary office file
back, which then opens and passes `check`. Needs a test server (REGIODESK_TEST_PG).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

import pytest
from database_helpers import take_back
from document_helpers import pdf_text

from regiodesk.cli import main
from regiodesk.db.database import Database
from regiodesk.db.integrity import check_file
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.projects import ProjectService

pytestmark = pytest.mark.server

TODAY = date(2026, 6, 15)
#: Every table whose rows must arrive: records, settings, attachments, the history, the sync state.
TABLES = (
    "contact",
    "body",
    "membership",
    "meeting",
    "agenda_item",
    "vote",
    "project",
    "payment",
    "attachment",
    "region_settings",
    "funding_period",
    "setting",
    "change_log",
    "sync_meta",
    "sync_device",
)


@pytest.fixture(scope="module")
def office_file(tmp_path_factory, demo_region):
    """The demo region with an attachment (a binary one: every byte must arrive)."""
    path = demo_region(tmp_path_factory.mktemp("move") / "demo.regiodesk", device_id="laptop", today=TODAY)
    with closing(Database.open(path, device_id="laptop")) as db:
        project = _first_project(db)
        AttachmentService(db).add("project", project, "Skizze.pdf", bytes(range(256)) * 40, "Projektskizze")
    return path


def _first_project(db) -> str:
    from sqlalchemy import select

    from regiodesk.db.models import Project

    with db.session() as session:
        return session.scalars(select(Project.id).order_by(Project.title)).first()


HISTORY = "SELECT seq, table_name, row_id, field, new_value, hlc, device_id FROM change_log ORDER BY seq"


def _file_counts(path) -> dict[str, tuple]:
    with closing(sqlite3.connect(path)) as con:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def _server_counts(servers, url) -> dict[str, int]:
    """The rows per table; not the server's own participant id in the sync, which the file has not."""
    from regiodesk.db.server import PARTICIPANT_KEYS

    with closing(servers.connect(url)) as con:
        counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["sync_meta"] -= con.execute(
            "SELECT COUNT(*) FROM sync_meta WHERE key = ANY(%s)", (list(PARTICIPANT_KEYS),)
        ).fetchone()[0]
    return counts


@pytest.fixture
def server_url(server_databases):
    url = server_databases.fresh()
    yield url
    server_databases.drop(url)


def test_a_file_moves_onto_the_server_whole_and_comes_back_as_an_office_file(
    server_databases, server_url, office_file, tmp_path, capsys
):
    assert main(["--db", server_url, "import-file", str(office_file)]) == 0, capsys.readouterr().err
    assert "Übernommen:" in capsys.readouterr().out
    assert _server_counts(server_databases, server_url) == _file_counts(office_file)
    assert main(["--db", server_url, "check"]) == 0  # counts, schema, and the search index rebuilt
    assert "Ergebnis: in Ordnung" in capsys.readouterr().out
    with closing(server_databases.connect(server_url)) as con:
        # the history keeps its numbers and stamps; the attachment every byte; the office its identity
        on_server = con.execute(HISTORY).fetchall()
        assert con.execute("SELECT data FROM attachment").fetchone()[0] == bytes(range(256)) * 40
        dataset = con.execute("SELECT value FROM sync_meta WHERE key = 'dataset_id'").fetchone()[0]
    with closing(sqlite3.connect(office_file)) as con:
        assert con.execute("SELECT value FROM sync_meta WHERE key = 'dataset_id'").fetchone()[0] == dataset
        history = con.execute(HISTORY).fetchall()
    assert on_server == history

    # a change on the server is numbered after the history it took over
    with closing(Database.open(server_url, device_id="server-office")) as db:
        project = _first_project(db)
        ProjectService(db).update(project, {"title": "Neuer Titel auf dem Server"})

    back, handed = tmp_path / "Sicherung.regiodesk", tmp_path / "Uebergabe.regiodesk"
    assert main(["--db", server_url, "backup", "--out", str(back)]) == 0, capsys.readouterr().err
    assert main(["--db", server_url, "handover", "--out", str(handed)]) == 0, capsys.readouterr().err
    for written in (back, handed):
        assert check_file(written).ok, check_file(written).problems
        assert not (written.parent / (written.name + "-wal")).exists()
        with closing(sqlite3.connect(written)) as con:
            rows = con.execute(HISTORY).fetchall()
            assert rows[: len(history)] == history
            assert rows[-1][4] == '"Neuer Titel auf dem Server"' and rows[-1][0] > history[-1][0]
            assert con.execute("SELECT data FROM attachment").fetchone()[0] == bytes(range(256)) * 40
        assert main(["--db", str(written), "search", "Server"]) == 0
        assert "Neuer Titel auf dem Server" in capsys.readouterr().out


def test_a_file_is_taken_only_into_an_empty_database(server_databases, server_url, office_file, capsys):
    assert main(["--db", server_url, "new", "--region", "LAG Schon Da"]) == 0
    before = _server_counts(server_databases, server_url)
    assert main(["--db", server_url, "import-file", str(office_file)]) == 1
    assert "nicht leer" in capsys.readouterr().err
    assert _server_counts(server_databases, server_url) == before
    assert main(["--db", server_url, "import-file", str(office_file.with_name("fehlt.regiodesk"))]) == 1
    assert "gibt es nicht" in capsys.readouterr().err


def test_new_list_print_and_export_on_a_server_database(
    server_databases, server_url, office_file, tmp_path, capsys
):
    assert main(["--db", server_url, "new", "--region", "LAG Obermain", "--starter", "leader"]) == 0
    assert "Neue Geschäftsstelle angelegt" in capsys.readouterr().out
    assert main(["--db", server_url, "new", "--region", "Noch eine"]) == 1
    assert "schon eine Geschäftsstelle" in capsys.readouterr().err
    assert main(["--db", server_url, "settings"]) == 0
    assert "LAG Obermain" in capsys.readouterr().out

    moved = server_databases.fresh()
    try:
        assert main(["--db", moved, "import-file", str(office_file)]) == 0
        capsys.readouterr()
        assert main(["--db", moved, "list", "projects"]) == 0
        listed = capsys.readouterr().out
        assert main(["--db", str(office_file), "list", "projects"]) == 0
        assert listed == capsys.readouterr().out  # the same list as from the file
        pdf, xlsx = tmp_path / "jb.pdf", tmp_path / "jb.xlsx"
        assert main(["--db", moved, "print", "report", "2025", "--out", str(pdf)]) == 0
        assert "Jahresbericht 2025" in pdf_text(pdf)
        assert main(["--db", moved, "export", "report", "2025", "--out", str(xlsx)]) == 0
        assert xlsx.read_bytes()[:2] == b"PK"
    finally:
        server_databases.drop(moved)


def test_file_commands_refuse_a_server_database_in_german(server_url, capsys):
    for args in (["backup"], ["demo"], ["backup", "--list"]):
        assert main(["--db", server_url, *args]) == 1
        assert "nicht mit einer Datenbank auf einem Server" in capsys.readouterr().err


def test_a_file_of_an_older_regiodesk_moves_and_stays_as_it_was(
    server_databases, server_url, office_file, tmp_path, capsys
):
    import hashlib
    import shutil

    from regiodesk.db.schema import inspect_file

    older = tmp_path / "alt.regiodesk"
    shutil.copy2(office_file, older)
    take_back(older, "0009")
    before = hashlib.sha256(older.read_bytes()).hexdigest()
    assert main(["--db", server_url, "import-file", str(older)]) == 0, capsys.readouterr().err
    assert hashlib.sha256(older.read_bytes()).hexdigest() == before
    assert inspect_file(older).revision == "0009"
    assert _server_counts(server_databases, server_url) == _file_counts(office_file)


def test_a_file_the_server_cannot_take_changes_nothing_and_says_why(
    server_databases, server_url, office_file, tmp_path, capsys
):
    """PostgreSQL refuses NUL in a text, which an old file written by another tool may hold."""
    import shutil

    odd = tmp_path / "fremd-bearbeitet.regiodesk"
    shutil.copy2(office_file, odd)
    with closing(sqlite3.connect(odd)) as con:
        con.execute("UPDATE contact SET notes = 'vor' || char(0) || 'nach' WHERE rowid = 1")
        con.commit()
    assert main(["--db", server_url, "import-file", str(odd)]) == 1
    message = capsys.readouterr().err
    assert "konnten nicht nach" in message and "Nichts wurde übernommen" in message
    with closing(Database.open(server_url)) as db:
        from regiodesk.db.transfer import filled_tables

        assert filled_tables(db) == []


def test_an_older_server_database_is_brought_up_to_date_when_opened(server_databases):
    from alembic import command
    from sqlalchemy import text

    from regiodesk.db.database import _alembic_config
    from regiodesk.db.schema import HEAD
    from regiodesk.db.server import connect

    name = f"{server_databases.prefix}_older"
    url = server_databases._create(name)
    try:
        engine = connect(url)
        try:
            with engine.begin() as connection:
                command.upgrade(_alembic_config(connection), "0009")
        finally:
            engine.dispose()
        with closing(Database.open(url, create=False)) as db, db.session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            assert session.execute(text("SELECT count(*) FROM activity")).scalar() == 0  # 0010's table
    finally:
        server_databases.drop(url)
