"""`list` and `settings`: the entries of an area and the region's settings as a table or JSON,
and the table printing other commands share."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from typing import Any

from regiodesk.cli.choices import LISTS
from regiodesk.cli.common import EXIT_OK, open_existing
from regiodesk.domain.errors import DomainError
from regiodesk.fields import NUMERIC, display_value


def list_area(args: argparse.Namespace) -> int:
    """`regiodesk list AREA`: the entries as a table (sorted by their first column) or as JSON."""
    if args.area == "agenda":
        return _list_agenda(args)
    service_class = LISTS[args.area]()
    db = open_existing(args)
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
    numeric = [False] + [c.kind in NUMERIC for c in columns]
    table = [
        [row.id[:8], *(display_value(v, c.kind) for c, v in zip(columns, row.values, strict=True))]
        for row in rows
    ]
    print_table(["ID", *(c.label for c in columns)], table, numeric)
    print(f"\n{len(rows)} {'Eintrag' if len(rows) == 1 else 'Einträge'}")
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
    db = open_existing(args)
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
    print_table(["ID", "TOP", "Gegenstand", "Projekt"], rows, [False] * 4)
    return EXIT_OK


def show_settings(args: argparse.Namespace) -> int:
    """`regiodesk settings`: the region and its catalogues (interest groups, Handlungsfelder, …)."""
    from regiodesk.services.settings_report import settings_report

    db = open_existing(args)
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
            cells = [[display_value(row[name]) for name, _label in columns] for row in rows]
            print_table(header, cells, [type(rows[0][name]) is int for name, _label in columns])
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


def _display_name(row) -> str:
    first = row.values[0]
    if isinstance(first, datetime):  # meetings: date and body
        from regiodesk.i18n import format_datetime

        return f"{row.values[1]} {format_datetime(first)}"
    if isinstance(first, date):  # consultations: date and topic
        from regiodesk.i18n import format_date

        return f"{format_date(first)} {row.values[1]}"
    if len(row.values) > 1 and isinstance(first, str) and len(first) <= 20 and isinstance(row.values[1], str):
        # Handlungsfelder: code and name
        return f"{first} {row.values[1]}".strip()
    return str(first)


def print_table(header: list[str], rows: list[list[str]], numeric: list[bool], max_width: int = 40) -> None:
    """Rows as aligned columns under the header and a rule; numeric columns aligned right,
    cells longer than ``max_width`` clipped with „…“."""

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
