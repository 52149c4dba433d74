"""`trash` and `restore`: the deleted records (Gelöschte Einträge) and bringing one back."""

from __future__ import annotations

import argparse
import json
import sys

from regiodesk.cli.common import EXIT_OK, office_for_writing, open_existing
from regiodesk.i18n import format_datetime, tr


def trash(args: argparse.Namespace) -> int:
    """`regiodesk trash`: the deleted records of every tab, the latest deletion first."""
    from regiodesk.cli.lists import print_table
    from regiodesk.services.restore import RestoreService

    db = open_existing(args)
    try:
        deleted = RestoreService(db).deleted()
    finally:
        db.close()
    if args.json:
        out = [
            {
                "id": r.id,
                "table": r.table,
                "kind": r.kind,
                "name": r.name,
                "deleted_at": r.deleted_at.isoformat(),
            }
            for r in deleted
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    rows = [[r.id[:8], format_datetime(r.deleted_at), r.kind, r.name] for r in deleted]
    print_table(["ID", "gelöscht am", "Art", "Name"], rows, [False] * 4)
    count = len(deleted)
    print(
        "\n" + (tr("1 gelöschter Eintrag") if count == 1 else tr("{count} gelöschte Einträge", count=count))
    )
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    """`regiodesk restore ID`: the record with what was deleted with it, as one logged change."""
    from regiodesk.services.restore import RestoreService

    office = office_for_writing(args)
    try:
        service = RestoreService(office.db)
        record_id = service.find_deleted(args.id)
        listed = {r.id: r for r in service.deleted()}
        service.restore(record_id)
    finally:
        office.close()
    record = listed.get(record_id)
    name = f"{record.kind} „{record.name}“" if record is not None else record_id
    print(tr("Wiederhergestellt: {name}", name=name))
    return EXIT_OK
