"""Command line: `regiodesk [--db FILE] [--demo] [COMMAND ...]`.

Without a command it opens the window. Every command exits 0 on success and
non-zero with one clear German line on stderr otherwise. Nothing here imports
Qt; the window is started through `regiodesk.app` only when asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from regiodesk import __version__
from regiodesk.domain.errors import DomainError
from regiodesk.files import write_atomically
from regiodesk.i18n import plural, tr

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2

LISTS = {
    "bodies": ("regiodesk.services.bodies", "BodyService"),
    "meetings": ("regiodesk.services.meetings", "MeetingService"),
    "projects": ("regiodesk.services.projects", "ProjectService"),
    "contacts": ("regiodesk.services.contacts", "ContactService"),
    "monitoring": ("regiodesk.services.monitoring", "ActionFieldService"),
    "calls": ("regiodesk.services.selection", "CallService"),
}


#: document -> (module, function, model the id refers to)
PRINTS = {
    "invitation": ("regiodesk.reports.meeting_docs", "invitation_pdf", "Meeting"),
    "attendance": ("regiodesk.reports.meeting_docs", "attendance_pdf", "Meeting"),
    "minutes": ("regiodesk.reports.meeting_docs", "minutes_pdf", "Meeting"),
    "decision": ("regiodesk.reports.meeting_docs", "decision_pdf", "AgendaItem"),
    "members": ("regiodesk.reports.body_docs", "members_pdf", "Body"),
    "procedure": ("regiodesk.reports.procedure_docs", "procedure_result_pdf", "WrittenProcedure"),
    "project": ("regiodesk.reports.project_docs", "project_pdf", "Project"),
    "scoring": ("regiodesk.reports.project_docs", "scoring_pdf", "Project"),
    "auskunft": ("regiodesk.reports.contact_letters", "auskunft_pdf", "Contact"),
}
EXPORTS = {
    "ics": ("regiodesk.reports.calendar", "meeting_ics", "Meeting"),
    "eml": ("regiodesk.reports.email_draft", "invitation_eml", "Meeting"),
    "members": ("regiodesk.reports.body_docs", "members_xlsx", "Body"),
    "projects": ("regiodesk.reports.project_docs", "projects_xlsx", None),  # all projects, no KENNUNG
    "contacts": ("regiodesk.reports.contacts_export", "contacts_xlsx", None),  # format from --out, see below
}
#: area -> (module, import pipeline class) for `regiodesk import AREA FILE`
IMPORTS = {
    "contacts": ("regiodesk.services.contacts_import", "ContactImportService"),
    "projects": ("regiodesk.services.projects_import", "ProjectImportService"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, German, exit 2
        self.print_usage(sys.stderr)
        print(f"regiodesk: Fehler: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from regiodesk.i18n import german_argparse

    german_argparse()
    parser = _Parser(
        prog="regiodesk",
        description="regiodesk – das Arbeitsprogramm der Geschäftsstelle. "
        "Ohne Befehl öffnet sich das Fenster.",
    )
    parser.add_argument(
        "--version", action="version", version=f"regiodesk {__version__}", help="Versionsnummer anzeigen"
    )
    parser.add_argument(
        "--db",
        metavar="DATEI",
        type=Path,
        help="Datenbankdatei (Standard: im Benutzerdatenordner, änderbar mit REGIODESK_DATA_DIR)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="das Fenster mit der Demo-Region öffnen (wird bei Bedarf angelegt)",
    )
    # For the installer's smoke test: open the window, let it paint once, close it (exit code 0).
    parser.add_argument("--quit-after-start", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_Parser)
    commands.add_parser("demo", help="eine Demo-Region in einer neuen Datei anlegen (--db DATEI)")
    new = commands.add_parser("new", help="eine neue, leere Geschäftsstellen-Datei anlegen (--db DATEI)")
    new.add_argument("--region", required=True, metavar="NAME", help="Name der Region")
    new.add_argument(
        "--starter",
        choices=["leader"],
        help="mit Startausstattung: Interessengruppen, Geschäftsordnung, Indikatoren, Einwilligungszwecke",
    )
    settings = commands.add_parser("settings", help="Einstellungen der Region und Stammdaten anzeigen")
    settings.add_argument("--json", action="store_true", help="als JSON für Skripte ausgeben")
    commands.add_parser("check", help="Datenbank prüfen: Schema, Integrität, Verweise, Anzahl je Bereich")
    listing = commands.add_parser("list", help="Einträge eines Bereichs auflisten")
    listing.add_argument("area", choices=sorted([*LISTS, "agenda"]), help="Bereich")
    listing.add_argument("--json", action="store_true", help="als JSON für Skripte ausgeben")
    listing.add_argument("--meeting", metavar="SITZUNG", help="bei agenda: die Sitzung (Kennung oder Anfang)")
    printing = commands.add_parser(
        "print",
        help="ein Dokument als PDF erzeugen (Einladung, Niederschrift, Beschlussauszug auch als .docx)",
    )
    printing.add_argument("document", choices=sorted([*PRINTS, "report"]), help="Dokument")
    printing.add_argument(
        "id",
        metavar="KENNUNG",
        help="Sitzung, Tagesordnungspunkt, Gremium, Projekt oder Kontakt (Kennung oder Anfang); "
        "bei report das Jahr",
    )
    printing.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DATEI.pdf",
        help="Zieldatei; .docx schreibt Einladung, Niederschrift und Beschlussauszug als Word-Dokument",
    )
    printing.add_argument("--as-of", metavar="DATUM", help="bei report: Stichtag (z. B. 31.12.2025)")
    export = commands.add_parser("export", help="Daten für andere Programme ausgeben")
    export.add_argument("format", choices=sorted([*EXPORTS, "report"]), help="Format")
    export.add_argument(
        "id",
        metavar="KENNUNG",
        nargs="?",
        help="Sitzung oder Gremium (Kennung oder Anfang); bei report das Jahr; nicht bei projects",
    )
    export.add_argument(
        "--call", metavar="AUFRUF", help="bei projects: zweites Blatt mit der Rangfolge dieses Projektaufrufs"
    )
    export.add_argument(
        "--tag", metavar="SCHLAGWORT", help="bei contacts: nur Kontakte mit diesem Schlagwort"
    )
    export.add_argument(
        "--consent",
        metavar="ZWECK",
        help="bei contacts: nur Kontakte mit gültiger Einwilligung für diesen Zweck",
    )
    export.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei")
    export.add_argument("--as-of", metavar="DATUM", help="bei report: Stichtag (z. B. 31.12.2025)")
    export.add_argument(
        "--cancel",
        action="store_true",
        help="bei ics: die Absage (der Termin verschwindet aus den Kalendern der Mitglieder)",
    )
    importing = commands.add_parser("import", help="eine Liste (Excel, LibreOffice oder CSV) einlesen")
    importing.add_argument("area", choices=sorted(IMPORTS), help="Bereich")
    importing.add_argument(
        "file", type=Path, metavar="DATEI", help="Arbeitsmappe (.xlsx, .xls, .ods) oder CSV-Datei"
    )
    importing.add_argument("--sheet", metavar="BLATT", help="Name des Tabellenblatts (Standard: das erste)")
    importing.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FELD:WERT=ZIEL",
        help="einen Wert ohne Eintrag zuordnen, z. B. „Handlungsfeld:HF 3 Tourismus=HF 2“ "
        "(Ziel: Kürzel oder Name; leeres Ziel: Feld leer lassen); mehrfach möglich",
    )
    importing.add_argument(
        "--create-missing",
        action="store_true",
        help="Werte ohne Eintrag (z. B. ein Handlungsfeld) neu anlegen, wo die Liste das erlaubt",
    )
    backup = commands.add_parser(
        "backup", help="jetzt eine Sicherung anlegen (mit --list: Sicherungen zeigen)"
    )
    backup.add_argument("--list", action="store_true", help="vorhandene Sicherungen auflisten")
    handover = commands.add_parser("handover", help="Übergabedatei für eine Nachfolgerin anlegen")
    handover.add_argument("--out", required=True, type=Path, metavar="DATEI.regiodesk", help="Zieldatei")
    handover.add_argument(
        "--protocol",
        type=Path,
        metavar="DATEI.pdf",
        help="dazu das Übergabeprotokoll (was die Datei enthält, mit Unterschriften) als PDF",
    )
    sync = commands.add_parser(
        "sync",
        help="Änderungen mit dem gemeinsamen Ordner austauschen (mit --join: neue Datenbank aus dem Ordner)",
    )
    sync.add_argument("--folder", required=True, type=Path, metavar="ORDNER", help="der gemeinsame Ordner")
    sync.add_argument(
        "--join", action="store_true", help="diesem Laptop die Daten aus dem Ordner geben (--db: neue Datei)"
    )
    sync.add_argument(
        "--init",
        action="store_true",
        help="einen leeren Ordner neu einrichten, obwohl diese Datenbank schon synchronisiert wurde",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            return _open_window(args)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that went away shows up here, inside this try
        return status
    except DomainError as error:
        print(f"regiodesk: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except PermissionError as error:  # a read-only folder for --out, a file another user owns
        print(f"regiodesk: {_permission_message(error)}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``regiodesk list contacts | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # A medium that turned read-only under us (a share, a stick's lock switch) although the
        # operating system said it was writable: one German line, not SQLite's English trace.
        if "readonly database" not in str(error):
            raise
        print("regiodesk: Die Datenbank ist schreibgeschützt; nichts wurde geändert.", file=sys.stderr)
        return EXIT_PROBLEM


def _permission_message(error: PermissionError) -> str:
    if not error.filename:
        return f"Keine Berechtigung: {error.strerror or error}."
    path = Path(error.filename)
    if not path.exists():  # a file to be made (or its temporary name): the folder refuses
        return f"Keine Berechtigung, im Ordner „{path.parent}“ eine Datei anzulegen."
    return f"Keine Berechtigung für „{path}“."


def _db_path(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return Path(args.db).expanduser()
    from regiodesk.paths import default_db_path

    return default_db_path()


def _open_window(args: argparse.Namespace) -> int:
    if args.demo:
        from regiodesk.paths import demo_db_path
        from regiodesk.services.demo import create_demo_file

        path = args.db or demo_db_path()
        if not Path(path).exists():
            create_demo_file(Path(path))
    else:
        path = _db_path(args)
    from regiodesk.app import run_gui

    return run_gui(Path(path), quit_after_start=args.quit_after_start)


def _demo(args: argparse.Namespace) -> int:
    from regiodesk.db.custody import DatabaseLock
    from regiodesk.services.demo import create_demo_file

    path = _db_path(args)
    with contextlib.suppress(OSError):  # a folder that cannot be made: create_demo_file says so
        path.parent.mkdir(parents=True, exist_ok=True)  # the lock file lies beside the database
    with DatabaseLock(path):  # refused while the window (or another command) has the file open
        create_demo_file(path)
    print(f"Demo-Region angelegt: {path}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from regiodesk.db.integrity import check_file

    report = check_file(_db_path(args))
    print(f"Datei:    {report.path}")
    print(f"Schema:   {report.schema or '–'}")
    for note in report.notes:
        print(f"Hinweis:  {note}")
    if report.counts:
        width = max(len(area) for area in report.counts)
        print()
        print(f"{'Bereich'.ljust(width)}  {'aktiv':>8}  {'gelöscht':>8}")
        for area, (live, deleted) in report.counts.items():
            print(f"{area.ljust(width)}  {live:>8}  {deleted:>8}")
        print(f"{'Änderungsprotokoll'.ljust(width)}  {report.change_log_entries:>8}")
        print()
    if report.ok:
        print("Ergebnis: in Ordnung")
        return EXIT_OK
    for problem in report.problems:
        print(f"Problem:  {problem}")
    print(f"regiodesk: {len(report.problems)} Problem(e) in {report.path.name}", file=sys.stderr)
    return EXIT_PROBLEM


def _open_existing(args: argparse.Namespace):
    """The database for a command that only reads (no lock: the window may have it open).

    Never creates: a missing or empty (0-byte) file is refused; only `new` and `demo` make an office.
    """
    from regiodesk.office import Office

    return Office.open(_db_path(args), lock=False).db


def _office_for_writing(args: argparse.Namespace):
    """The office a command writes: its lock held (refused while the window has it open) until
    ``office.close()``; a file that can only be read is refused before anything is done."""
    from regiodesk.office import Office

    return Office.open(_db_path(args), writing=True)


def _write_document(args: argparse.Namespace, spec: tuple[str, str, str | None]) -> int:
    """Render a document for a record given by id prefix and write it atomically to --out."""
    import importlib

    from regiodesk.db import models
    from regiodesk.services.ids import resolve

    module_name, function_name, model_name = spec
    render = getattr(importlib.import_module(module_name), function_name)
    db = _open_existing(args)
    try:
        if model_name is None:  # the whole list; --call adds the ranking of a call
            call = getattr(args, "call", None)
            data = render(db, resolve(db, models.Call, call) if call else None)
        else:
            record_id = resolve(db, getattr(models, model_name), args.id)
            data = render(db, record_id)
    finally:
        db.close()
    out = Path(args.out)
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out}")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    from regiodesk.db.custody import list_backups
    from regiodesk.i18n import format_datetime
    from regiodesk.office import Office

    path = _db_path(args)
    if args.list:
        backups = list_backups(path)
        rows = [
            [format_datetime(b.created), b.reason, f"{b.size / 1024 / 1024:.1f} MB", str(b.path)]
            for b in backups
        ]
        _print_table(
            ["Zeitpunkt", "Anlass", "Größe", "Datei"], rows, [False, False, True, False], max_width=90
        )
        print(f"\n{len(backups)} {'Sicherung' if len(backups) == 1 else 'Sicherungen'}")
        return EXIT_OK
    # Opening refuses foreign, newer and damaged files before anything is copied.
    with Office.open(path, lock=False) as office:
        print(f"Sicherung angelegt: {office.backup('manuell')}")
    return EXIT_OK


def _handover(args: argparse.Namespace) -> int:
    """The handover file (VACUUM INTO) and, with --protocol, the Übergabeprotokoll as PDF."""
    from regiodesk.office import Office

    protocol = Path(args.protocol) if args.protocol else None
    if protocol is not None and not protocol.parent.is_dir():
        raise DomainError(tr("Den Ordner „{folder}“ gibt es nicht.", folder=protocol.parent))
    with Office.open(_db_path(args), lock=False) as office:
        target, *written = office.handover(Path(args.out), protocol)
    print(tr("Übergabedatei angelegt: {path}", path=target))
    if written:
        print(tr("Übergabeprotokoll geschrieben: {path}", path=protocol))
    return EXIT_OK


def _sync(args: argparse.Namespace) -> int:
    from regiodesk.office import Office

    path = _db_path(args)
    if args.join:
        # the window of this laptop synchronises with the same folder, without asking again
        joined, report = Office.join(args.folder, path, remember=True)
        print(f"Beigetreten: {joined}")
        print(f"Synchronisiert: {report.summary()}")
        return EXIT_OK
    with _office_for_writing(args) as office:  # refused while the window has the file open
        report = office.sync(args.folder, initialize=args.init)
    print(f"Synchronisiert: {report.summary()}")
    for name in report.skipped_files:
        print(f"Noch unvollständig (wird beim nächsten Mal gelesen): {name}")
    if report.conflicts:
        print(
            plural(report.conflicts, "{n} Konflikt", "{n} Konflikte")
            + ": bitte im Fenster unter „Datei → Konflikte der Synchronisierung“ prüfen."
        )
    return EXIT_OK


#: documents that are also written as an editable Word document (--out X.docx)
WORD_DOCUMENTS = {
    "invitation": ("regiodesk.reports.meeting_docs", "invitation_docx", "Meeting"),
    "minutes": ("regiodesk.reports.meeting_docs", "minutes_docx", "Meeting"),
    "decision": ("regiodesk.reports.meeting_docs", "decision_docx", "AgendaItem"),
}


def _print(args: argparse.Namespace) -> int:
    suffix = Path(args.out).suffix.lower()
    if args.document == "auskunft" and suffix == ".json":
        return _write_document(args, ("regiodesk.reports.contact_letters", "auskunft_json", "Contact"))
    if suffix == ".docx":
        if args.document not in WORD_DOCUMENTS:
            names = ", ".join(sorted(WORD_DOCUMENTS))
            print(
                f"regiodesk: Fehler: als Word-Dokument (.docx) gibt es nur {names}; "
                f"„{args.document}“ bitte als .pdf ausgeben.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        return _write_document(args, WORD_DOCUMENTS[args.document])
    if args.document == "report":
        return _report(args, "pdf")
    if args.as_of:
        print("regiodesk: Fehler: --as-of gibt es nur bei „print report“.", file=sys.stderr)
        return EXIT_USAGE
    result = _write_document(args, PRINTS[args.document])
    if args.document == "auskunft" and result == EXIT_OK:
        # the PDF says a machine-readable version is enclosed (Art. 15(3) DSGVO): it lies beside it
        beside = argparse.Namespace(**{**vars(args), "out": Path(args.out).with_suffix(".json")})
        result = _write_document(beside, ("regiodesk.reports.contact_letters", "auskunft_json", "Contact"))
    return result


def _report(args: argparse.Namespace, kind: str) -> int:
    """The Jahresbericht of the year given as KENNUNG, as PDF or workbook, optionally on a Stichtag."""
    from regiodesk.domain.parse import parse_date
    from regiodesk.reports.annual_report import annual_report_pdf, annual_report_xlsx

    year_text = (args.id or "").strip()
    if not (year_text.isdigit() and len(year_text) == 4):
        print(
            f"regiodesk: Fehler: bei „{args.command} report“ ist ein Jahr anzugeben, z. B. 2025.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        as_of = parse_date(args.as_of) if args.as_of else None
    except ValueError as error:
        print(f"regiodesk: Fehler: --as-of: {error}", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    db = _open_existing(args)
    try:
        render = annual_report_pdf if kind == "pdf" else annual_report_xlsx
        data = render(db, int(year_text), as_of)
    finally:
        db.close()
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.format == "report":
        return _report(args, "xlsx")
    if args.as_of:
        print("regiodesk: Fehler: --as-of gibt es nur bei „export report“.", file=sys.stderr)
        return EXIT_USAGE
    spec = EXPORTS[args.format]
    if spec[2] is not None and not args.id:
        print(f"regiodesk: Fehler: bei „export {args.format}“ fehlt die KENNUNG.", file=sys.stderr)
        return EXIT_USAGE
    if spec[2] is None and args.id:
        print(f"regiodesk: Fehler: „export {args.format}“ braucht keine KENNUNG.", file=sys.stderr)
        return EXIT_USAGE
    if args.call and args.format != "projects":
        print("regiodesk: Fehler: --call gibt es nur bei „export projects“.", file=sys.stderr)
        return EXIT_USAGE
    if (args.tag or args.consent) and args.format != "contacts":
        print("regiodesk: Fehler: --tag und --consent gibt es nur bei „export contacts“.", file=sys.stderr)
        return EXIT_USAGE
    if args.cancel and args.format != "ics":
        print("regiodesk: Fehler: --cancel gibt es nur bei „export ics“.", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "contacts":
        return _export_contacts(args)
    if args.format == "eml":
        return _export_invitation(args)
    if args.cancel:
        spec = ("regiodesk.reports.calendar", "meeting_cancellation_ics", "Meeting")
    return _write_document(args, spec)


def _export_invitation(args: argparse.Namespace) -> int:
    """The invitation draft(s): X.eml, and X_2.eml … when the members exceed the Bcc limit."""
    from regiodesk.db.models import Meeting
    from regiodesk.reports.email_draft import invitation_draft
    from regiodesk.reports.mail import companion_paths
    from regiodesk.services.ids import resolve

    out = Path(args.out)
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    db = _open_existing(args)
    try:
        draft = invitation_draft(db, resolve(db, Meeting, args.id))
    finally:
        db.close()
    for path, data in zip([out, *companion_paths(out, len(draft.emls))], draft.emls, strict=True):
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(data)
        partial.replace(path)  # a reader never sees a half-written file
        print(f"geschrieben: {path}")
    if draft.warning:
        print(draft.warning)
    return EXIT_OK


def _export_contacts(args: argparse.Namespace) -> int:
    """Contacts as .xlsx, .csv or .vcf (by the --out suffix); never restricted ones; --consent as of today."""
    from regiodesk.reports import contacts_export
    from regiodesk.services.contacts_lists import ConsentService, ContactFilter, ContactListService

    renderers = {
        ".xlsx": contacts_export.contacts_xlsx,
        ".csv": contacts_export.contacts_csv,
        ".vcf": contacts_export.contacts_vcf,
    }
    out = Path(args.out)
    render = renderers.get(out.suffix.lower())
    if render is None:
        print("regiodesk: Fehler: --out muss auf .xlsx, .csv oder .vcf enden.", file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    db = _open_existing(args)
    try:
        if args.tag and args.tag not in ContactListService(db).tags():
            raise DomainError(f"Das Schlagwort „{args.tag}“ gibt es nicht.")
        if args.consent and args.consent not in ConsentService(db).purposes():
            raise DomainError(f"Für den Zweck „{args.consent}“ gibt es keine Einwilligungen.")
        criteria = ContactFilter(tag=args.tag or None, consent=args.consent or None)
        data = render(db, criteria)
        count = len(ContactListService(db).ids(criteria))
    finally:
        db.close()
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out} ({plural(count, '{n} Kontakt', '{n} Kontakte')})")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Preview with the remembered (or name-matched) mapping and value choices, then import in
    one transaction. ``--map`` and ``--create-missing`` decide values no list entry matches."""
    import importlib

    module_name, class_name = IMPORTS[args.area]
    service_class = getattr(importlib.import_module(module_name), class_name)
    office = _office_for_writing(args)
    try:
        service = service_class(office.db)
        choices: dict[str, str] = {}
        for spec in args.map:
            try:
                key, choice = service.value_choice(spec)
            except DomainError as error:
                print(f"regiodesk: {error}", file=sys.stderr)
                return EXIT_USAGE
            choices[key] = choice
        preview = service.preview(
            Path(args.file), args.sheet, choices=choices, create_missing=args.create_missing
        )
        labels = service.field_labels
        pairs = list(zip(preview.headers, preview.mapping, strict=True))
        print(f"Blatt „{preview.sheet}“, Kopfzeile in Zeile {preview.header_row}")
        print("Spalten: " + "; ".join(f"{h} → {labels[m]}" for h, m in pairs if m))
        ignored = [h for h, m in pairs if not m]
        if ignored:
            print("nicht übernommen: " + ", ".join(ignored))
        result = service.run(preview)
    finally:
        office.close()
    duplicate = "mögliche Dublette von" if args.area == "contacts" else "schon vorhanden als"
    formulas: dict[str, int] = {}
    for row in preview.rows:
        for header in row.from_formula:
            formulas[header] = formulas.get(header, 0) + 1
        if not row.errors and row.action == "skip":
            why = "; ".join(d.text() for d in row.duplicates) or "übersprungen"
            print(f"übersprungen: Zeile {row.number} {row.name}: {duplicate} {why}")
        if not row.errors and row.action != "skip":
            for warning in row.warnings:
                print(f"Hinweis: Zeile {row.number} {row.name}: {warning}")
    for line in result.unreadable:
        print(f"nicht lesbar: {line}")
    for header, count in formulas.items():
        print(f"aus Formel übernommen: Spalte „{header}“ in {plural(count, '{n} Zeile', '{n} Zeilen')}")
    for value in preview.unknown_values:
        rows = plural(len(value.rows), "{n} Zeile", "{n} Zeilen")
        if value.choice is not None:
            remembered = " (gemerkt)" if value.remembered else ""
            print(f"Wert: {value.label} „{value.text}“ ({rows}): {value.choice_text()}{remembered}")
            continue
        hint = f"Wert ohne Eintrag: {value.label} „{value.text}“ ({rows}): {value.unresolved_text()}"
        if value.suggestions:
            hint += "; Vorschlag: " + ", ".join(e.display() for e in value.suggestions)
        hint += f"; zuordnen mit --map „{value.label}:{value.text}=…“"
        if value.can_create:
            hint += " oder --create-missing"
        print(hint)
    print(f"Ergebnis: {result.summary()}")
    return EXIT_OK


def _list_agenda(args: argparse.Namespace) -> int:
    from regiodesk.db.models import Meeting
    from regiodesk.i18n import format_datetime
    from regiodesk.services.agenda import AgendaService
    from regiodesk.services.ids import resolve

    if not args.meeting:
        raise DomainError(
            "Bitte mit --meeting angeben, von welcher Sitzung die Tagesordnung gezeigt werden soll."
        )
    db = _open_existing(args)
    try:
        meeting_id = resolve(db, Meeting, args.meeting)
        items = AgendaService(db).items(meeting_id)
        with db.session() as session:
            meeting = session.get(Meeting, meeting_id)
            heading = f"{meeting.title or meeting.body.name}, {format_datetime(meeting.starts_at)} Uhr"
    finally:
        db.close()
    if args.json:
        out = [
            {
                "id": i.id,
                "name": f"TOP {i.number} {i.title}",
                "number": i.number,
                "title": i.title,
                "kind": i.kind,
                "project": i.project_title,
            }
            for i in items
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    print(heading)
    rows = [[i.id[:8], i.number, i.title, i.project_title] for i in items]
    _print_table(["ID", "TOP", "Gegenstand", "Projekt"], rows, [False] * 4)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    import importlib

    if args.area == "agenda":
        return _list_agenda(args)
    module_name, class_name = LISTS[args.area]
    service_class = getattr(importlib.import_module(module_name), class_name)
    db = _open_existing(args)
    try:
        service = service_class(db)
        rows = service.rows()
    finally:
        db.close()
    columns = service.columns
    rows.sort(key=lambda r: tuple(_sort_key(v) for v in r.values))
    if args.json:
        out = [
            {"id": row.id, "name": _display_name(row)}
            | {c.key: _json_value(v) for c, v in zip(columns, row.values, strict=True)}
            for row in rows
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    numeric = [False] + [c.kind in _numeric_kinds() for c in columns]
    table = [[row.id[:8], *_formatted(columns, row)] for row in rows]
    _print_table(["ID", *(c.label for c in columns)], table, numeric)
    print(f"\n{len(rows)} {'Eintrag' if len(rows) == 1 else 'Einträge'}")
    return EXIT_OK


def _numeric_kinds():
    from regiodesk.services.fields import Kind

    return {Kind.MONEY, Kind.PERCENT, Kind.INT, Kind.QUANTITY}


def _display_name(row) -> str:
    first = row.values[0]
    if isinstance(first, datetime):  # meetings: date and body
        from regiodesk.i18n import format_datetime

        return f"{row.values[1]} {format_datetime(first)}"
    if len(row.values) > 1 and isinstance(first, str) and len(first) <= 20 and isinstance(row.values[1], str):
        # Handlungsfelder: code and name
        return f"{first} {row.values[1]}".strip()
    return str(first)


def _formatted(columns, row) -> list[str]:
    from decimal import Decimal

    from regiodesk.i18n import format_cents, format_date, format_datetime, format_decimal, format_percent_bp
    from regiodesk.services.fields import Kind

    result = []
    for column, value in zip(columns, row.values, strict=True):
        if value is None:
            result.append("")
        elif column.kind is Kind.MONEY:
            result.append(format_cents(value))
        elif column.kind is Kind.PERCENT:
            result.append(format_percent_bp(value))
        elif column.kind is Kind.QUANTITY:
            result.append(format_decimal(Decimal(value) / 1000, 3).rstrip("0").rstrip(","))
        elif column.kind is Kind.DATETIME:
            result.append(format_datetime(value))
        elif column.kind is Kind.DATE:
            result.append(format_date(value))
        elif isinstance(value, bool):
            result.append("ja" if value else "nein")
        else:
            result.append(str(value))
    return result


def _print_table(header: list[str], rows: list[list[str]], numeric: list[bool], max_width: int = 40) -> None:
    def clip(text: str) -> str:
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[clip(c) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        aligned = (
            c.rjust(w) if right and n else c.ljust(w)
            for c, w, right in zip(row, widths, numeric, strict=True)
        )
        print("  ".join(aligned).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _new(args: argparse.Namespace) -> int:
    """A new office file with the current schema and its region (and the starter set if asked)."""
    path = _db_path(args)
    if path.exists():
        raise DomainError(
            f"Die Datei „{path}“ gibt es schon. Eine neue Geschäftsstelle wird nur in eine neue Datei "
            "geschrieben; die vorhandene Datei bleibt unverändert."
        )
    from regiodesk.office import Office
    from regiodesk.services.region import RegionSetup, setup_region
    from regiodesk.services.starter import STARTERS

    office = Office.open(path, create=True)  # with its folder; the lock is held until closed
    try:
        starter = STARTERS[args.starter] if args.starter else None
        setup_region(office.db, RegionSetup({"name": args.region, "kind": "leader"}, starter=starter))
    except BaseException:
        office.close()
        for suffix in ("", "-wal", "-shm"):  # ours and new: nothing half-written stays
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    office.close()
    print(f"Neue Geschäftsstelle angelegt: {path}")
    return EXIT_OK


def _settings(args: argparse.Namespace) -> int:
    from regiodesk.services.settings_report import settings_report

    db = _open_existing(args)
    try:
        report = settings_report(db)
    finally:
        db.close()
    if args.json:
        data = {key: value for key, value in report.items() if key != "settings_labelled"}
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_value))
        return EXIT_OK
    print("Region")
    width = max(len(label) for label, _value in report["settings_labelled"])
    for label, value in report["settings_labelled"]:
        print(f"  {label.ljust(width)}  {value}")
    for key, title, columns in _CATALOGUE_TABLES:
        rows = report[key]
        print()
        print(f"{title} ({len(rows)})")
        if rows:
            header = [label for _name, label in columns]
            cells = [[_cell(row[name]) for name, _label in columns] for row in rows]
            _print_table(header, cells, [type(rows[0][name]) is int for name, _label in columns])
    return EXIT_OK


#: (report key, title, ((field, column header), …)) of the catalogues `settings` prints
_CATALOGUE_TABLES = (
    (
        "interest_groups",
        "Interessengruppen",
        (("name", "Name"), ("public_sector", "öffentlich"), ("active", "aktiv")),
    ),
    (
        "action_fields",
        "Handlungsfelder",
        (("code", "Kürzel"), ("name", "Name"), ("funding_period", "Förderperiode"), ("active", "aktiv")),
    ),
    (
        "funding_periods",
        "Förderperioden",
        (("name", "Name"), ("starts_on", "Beginn"), ("ends_on", "Ende"), ("active", "aktiv")),
    ),
    (
        "selection_criteria",
        "Auswahlkriterien",
        (
            ("funding_period", "Förderperiode"),
            ("position", "Nr."),
            ("title", "Kriterium"),
            ("max_points", "max."),
        ),
    ),
    ("tags", "Schlagwörter", (("name", "Name"), ("active", "aktiv"))),
    ("consent_purposes", "Einwilligungszwecke", (("name", "Name"), ("active", "aktiv"))),
)


def _cell(value: Any) -> str:
    from regiodesk.i18n import format_date

    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return format_date(value)
    return "" if value is None else str(value)


COMMANDS = {
    "new": _new,
    "settings": _settings,
    "demo": _demo,
    "check": _check,
    "list": _list,
    "print": _print,
    "export": _export,
    "backup": _backup,
    "handover": _handover,
    "import": _import,
    "sync": _sync,
}
