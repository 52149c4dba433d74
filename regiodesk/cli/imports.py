"""`import`: a list (Excel, LibreOffice or CSV) read into contacts or projects."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regiodesk.cli.choices import IMPORTS
from regiodesk.cli.common import EXIT_OK, EXIT_USAGE, office_for_writing
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import plural


def import_list(args: argparse.Namespace) -> int:
    """Preview with the remembered (or name-matched) mapping and value choices, then import in
    one transaction. ``--map`` and ``--create-missing`` decide values no list entry matches."""
    service_class = IMPORTS[args.area]()
    office = office_for_writing(args)
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
