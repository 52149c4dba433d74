"""`regiodesk check`: is this file sound? Read-only, never writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from regiodesk.db import search_index
from regiodesk.db.schema import (
    HEAD,
    FileKind,
    inspect_file,
    readonly_connect,
    reads_as_damage,
    refusal_message,
)
from regiodesk.i18n import tr

#: (German area name, table) in the order people think of them.
AREAS: tuple[tuple[str, str], ...] = (
    ("Gremien", "body"),
    ("Mitgliedschaften", "membership"),
    ("Sitzungen", "meeting"),
    ("Tagesordnungspunkte", "agenda_item"),
    ("Abstimmungen", "vote"),
    ("Projekte", "project"),
    ("Auszahlungen", "payment"),
    ("Beratungsgespräche", "consultation"),
    ("Veranstaltungen", "event"),
    ("Presse- und Netzwerkarbeit", "activity"),
    ("Kontakte", "contact"),
    ("Einwilligungen", "consent"),
    ("Handlungsfelder", "action_field"),
    ("Indikatoren", "indicator"),
    ("Anhänge", "attachment"),
)


@dataclass
class CheckReport:
    path: Path
    schema: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: area -> (live rows, tombstoned rows)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    change_log_entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path) -> CheckReport:
    report = CheckReport(path)
    if not path.exists():
        report.problems.append(f"Die Datei „{path}“ gibt es nicht.")
        return report
    state = inspect_file(path)
    if state.kind is FileKind.NEW:
        report.problems.append(f"„{path.name}“ ist leer und keine regiodesk-Datenbank.")
        return report
    if state.kind in (FileKind.FOREIGN, FileKind.NEWER):
        report.schema = state.revision or ""
        report.problems.append(refusal_message(path, state))
        return report
    report.schema = state.revision or ""
    if state.kind is FileKind.OLDER:
        report.notes.append(
            f"Schema {state.revision} ist älter als {HEAD}; die Datei wird beim nächsten Öffnen "
            "gesichert und aktualisiert."
        )
    try:
        con = readonly_connect(path)
    except Exception as error:  # sqlite3 raises several kinds here
        report.problems.append(f"Die Datei lässt sich nicht öffnen: {error}")
        return report
    try:
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.problems.extend(f"integrity_check: {line}" for line in integrity[:20])
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            report.problems.append(
                f"foreign_key_check: {table} Zeile {rowid} verweist auf einen fehlenden Eintrag in {parent}."
            )
        if state.kind is FileKind.CORRUPT:
            report.problems.append(refusal_message(path, state))
        for area, table in AREAS:
            try:
                live, deleted = con.execute(
                    f"SELECT COUNT(*) - COUNT(deleted_at), COUNT(deleted_at) FROM {table}"
                ).fetchone()
            except Exception as error:
                report.problems.append(f"Tabelle {table} fehlt oder ist unlesbar: {error}")
                continue
            report.counts[area] = (live, deleted)
        try:
            report.change_log_entries = con.execute("SELECT COUNT(*) FROM change_log").fetchone()[0]
        except Exception as error:
            report.problems.append(f"Das Änderungsprotokoll fehlt oder ist unlesbar: {error}")
        if state.kind is FileKind.CURRENT:
            _check_search_index(con, report)
    except Exception as error:
        damaged = "die Datei ist beschädigt, eine Seite ist unlesbar"
        reason = damaged if reads_as_damage(error) else "ein Fehler beim Lesen"
        report.problems.append(f"Die Prüfung brach ab: {reason} (SQLite: {error}).")
    finally:
        con.close()
    return report


def _check_search_index(con, report: CheckReport) -> None:
    """The search index holds what the records say (it is derived: rebuilt, never restored)."""
    rebuild = tr("Neu aufbauen: regiodesk --db DATEI search --rebuild")
    try:
        if search_index.mark(con) == search_index.STALE:
            report.notes.append(tr("Der Suchindex wird beim nächsten Speichern neu aufgebaut."))
            return
        wrong, extra = search_index.stale_documents(con)
    except Exception as error:  # sqlite3 raises several kinds here
        report.problems.append(tr("Der Suchindex ist unlesbar: {error}.", error=error) + " " + rebuild)
        return
    if wrong or extra:
        report.problems.append(
            tr(
                "Einträge des Suchindex, die von den Daten abweichen: {count} (die Daten selbst "
                "sind davon nicht betroffen).",
                count=wrong + extra,
            )
            + " "
            + rebuild
        )


def check_server(url: str) -> CheckReport:
    """`regiodesk check` of a database on a PostgreSQL server: schema, counts, search index; read-only.

    The server itself keeps its pages sound and every reference checked, so what a file's check
    asks SQLite (integrity_check, foreign_key_check) has no counterpart here.
    """
    from sqlalchemy import text

    from regiodesk.db.database import Database
    from regiodesk.db.schema import DatabaseFileError

    report = CheckReport(Path(url))
    try:
        db = Database.open(url, create=False)
    except DatabaseFileError as error:
        report.problems.append(str(error))
        return report
    report.path = Path(db.path)
    try:
        with db.session() as session:
            report.schema = session.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
            for area, table in AREAS:
                live, deleted = session.execute(
                    text(f"SELECT COUNT(*) - COUNT(deleted_at), COUNT(deleted_at) FROM {table}")
                ).one()
                report.counts[area] = (live, deleted)
            report.change_log_entries = session.execute(text("SELECT COUNT(*) FROM change_log")).scalar() or 0
            _check_search_index(search_index.driver_connection(session.connection()), report)
    finally:
        db.close()
    return report
