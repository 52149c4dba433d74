"""The command line's parser: every command, its arguments and its German help."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from regiodesk import __version__
from regiodesk.cli.choices import EXPORTS, IMPORTS, LISTS, PRINTS, REGIONAL_BUDGET
from regiodesk.cli.common import EXIT_USAGE, database_location


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, German, exit 2
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
        type=database_location,
        help="Datenbankdatei (Standard: im Benutzerdatenordner, änderbar mit REGIODESK_DATA_DIR) "
        "oder eine Datenbank auf einem PostgreSQL-Server: postgresql://benutzer@rechner/datenbank",
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
        help="Sitzung, Tagesordnungspunkt, Gremium, Projekt, Kontakt oder Veranstaltung "
        "(Kennung oder Anfang); bei report das Jahr",
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
    export.add_argument("format", choices=sorted([*EXPORTS, "report", REGIONAL_BUDGET]), help="Format")
    export.add_argument(
        "id",
        metavar="KENNUNG",
        nargs="?",
        help="Sitzung oder Gremium (Kennung oder Anfang); bei report und regionalbudget das Jahr; "
        "nicht bei projects",
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
    searching = commands.add_parser(
        "search",
        help="in allem suchen: Kontakte, Projekte, Sitzungen, Tagesordnungspunkte, Gremien, Veranstaltungen, "
        "Beratungsgespräche, Presse- und Netzwerkarbeit, Anhänge",
    )
    searching.add_argument(
        "text",
        nargs="*",
        metavar="TEXT",
        help="Suchwörter (Wortanfänge; ä = ae, ß = ss; alle müssen vorkommen)",
    )
    searching.add_argument("--json", action="store_true", help="als JSON für Skripte ausgeben")
    searching.add_argument(
        "--limit", type=int, default=10, metavar="N", help="höchstens N Treffer je Art (Standard: 10)"
    )
    searching.add_argument(
        "--rebuild", action="store_true", help="den Suchindex erst neu aufbauen (wenn „check“ es rät)"
    )
    trash = commands.add_parser("trash", help="gelöschte Einträge auflisten (Gremien, Sitzungen, Projekte …)")
    trash.add_argument("--json", action="store_true", help="als JSON für Skripte ausgeben")
    restore = commands.add_parser(
        "restore", help="einen gelöschten Eintrag mit allem wiederherstellen, was mit ihm gelöscht wurde"
    )
    restore.add_argument("id", metavar="KENNUNG", help="Kennung oder ihr Anfang, wie „trash“ sie zeigt")
    backup = commands.add_parser(
        "backup", help="jetzt eine Sicherung anlegen (mit --list: Sicherungen zeigen)"
    )
    backup.add_argument("--list", action="store_true", help="vorhandene Sicherungen auflisten")
    backup.add_argument(
        "--out",
        type=Path,
        metavar="DATEI.regiodesk",
        help="die Sicherung als neue Bürodatei hierhin schreiben (für eine Datenbank auf dem Server nötig)",
    )
    taking = commands.add_parser(
        "import-file",
        help="eine Bürodatei (.regiodesk) ganz in die leere Datenbank von --db übernehmen (den Server)",
    )
    taking.add_argument("file", type=Path, metavar="DATEI.regiodesk", help="die Bürodatei")
    server = commands.add_parser(
        "server", help="eine Datenbank auf einem PostgreSQL-Server einrichten (--db: Verwaltungszugang)"
    )
    server_commands = server.add_subparsers(dest="server_command", metavar="AKTION", required=True)
    setup = server_commands.add_parser(
        "setup",
        help="Datenbank und Rollen anlegen: Team (schreibt) und Nur-Lesen; einmal als Verwalter ausführen",
    )
    setup.add_argument("--name", required=True, metavar="DATENBANK", help="Name der neuen Datenbank")
    setup.add_argument(
        "--staff", default="", metavar="ANMELDUNG,…", help="Anmeldenamen des Teams (dürfen ändern)"
    )
    setup.add_argument(
        "--readers", default="", metavar="ANMELDUNG,…", help="Anmeldenamen, die nur lesen dürfen"
    )
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
        "--join",
        action="store_true",
        help="die Daten aus dem Ordner übernehmen (--db: neue Datei oder leere Serverdatenbank)",
    )
    sync.add_argument(
        "--init",
        action="store_true",
        help="einen leeren Ordner neu einrichten, obwohl diese Datenbank schon synchronisiert wurde",
    )
    return parser
