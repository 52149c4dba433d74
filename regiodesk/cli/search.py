"""`search`: the one search over everything, from the command line (and rebuilding its index)."""

from __future__ import annotations

import argparse
import json
import sys

from regiodesk.cli.common import EXIT_OK, office_for_writing, open_existing
from regiodesk.domain.errors import DomainError


def search(args: argparse.Namespace) -> int:
    """`regiodesk search TEXT [--json] [--limit N]`: the hits grouped by kind; `--rebuild` first
    builds the index afresh (the file is written: refused while the window has it open)."""
    from regiodesk.services.search import SearchService

    typed = " ".join(args.text)
    if args.rebuild:
        office = office_for_writing(args)
        try:
            count = SearchService(office.db).rebuild_index()
        finally:
            office.close()
        done = f"Suchindex neu aufgebaut: {count} {'Eintrag' if count == 1 else 'Einträge'}."
        # with --json stdout holds the JSON alone: a script parses it whole
        print(done, file=sys.stderr if args.json else sys.stdout)
        if not typed.strip():
            return EXIT_OK
    if not typed.strip():
        raise DomainError("Bitte angeben, wonach gesucht werden soll, z. B. regiodesk search Müller.")
    if args.limit < 1:
        raise DomainError("--limit muss mindestens 1 sein.")
    db = open_existing(args)
    try:
        groups = SearchService(db).search(typed, per_kind=args.limit)
    finally:
        db.close()
    if args.json:
        json.dump([group.as_json() for group in groups], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not groups:
        print(f"Nichts gefunden für „{typed.strip()}“.")
        return EXIT_OK
    for n, group in enumerate(groups):
        if n:
            print()
        more = group.total - len(group.hits)
        print(f"{group.label} ({group.total})" + (f", die ersten {len(group.hits)}:" if more else ":"))
        for hit in group.hits:
            detail = f"  ({hit.detail})" if hit.detail else ""
            print(f"  {hit.record_id[:8]}  {hit.title}{detail}")
    return EXIT_OK
