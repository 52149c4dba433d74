"""`print` and `export`: documents (PDF, Word), the Jahresbericht, workbooks, calendars, e-mail drafts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regiodesk import collector
from regiodesk.cli.choices import (
    AUSKUNFT_JSON,
    CANCELLATION_ICS,
    EXPORTS,
    PRINTS,
    REGIONAL_BUDGET,
    WORD_DOCUMENTS,
    Document,
)
from regiodesk.cli.common import EXIT_OK, EXIT_USAGE, open_existing
from regiodesk.domain.errors import DomainError
from regiodesk.files import write_atomically
from regiodesk.i18n import plural


def print_document(args: argparse.Namespace) -> int:
    """`regiodesk print DOCUMENT KENNUNG --out FILE`: PDF, Word (.docx) or the Auskunft as JSON."""
    suffix = Path(args.out).suffix.lower()
    if args.document == "auskunft" and suffix == ".json":
        return _write_document(args, AUSKUNFT_JSON)
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
        result = _write_document(beside, AUSKUNFT_JSON)
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
    db = open_existing(args)
    try:
        render = annual_report_pdf if kind == "pdf" else annual_report_xlsx
        data = render(db, int(year_text), as_of)
    finally:
        db.close()
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out}")
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    """`regiodesk export FORMAT [KENNUNG] --out FILE`: data for other programs."""
    with collector.paused():  # a large list's rows, cards and cells: no garbage among them
        return _export(args)


def _export(args: argparse.Namespace) -> int:
    if args.format == "report":
        return _report(args, "xlsx")
    if args.format == REGIONAL_BUDGET:
        return _regional_budget(args)
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
        spec = CANCELLATION_ICS
    return _write_document(args, spec)


def _regional_budget(args: argparse.Namespace) -> int:
    """`export regionalbudget JAHR --out X.xlsx`: the year's report to the Bewilligungsstelle."""
    from regiodesk.reports.regional_budget_docs import regional_budget_xlsx

    year_text = (args.id or "").strip()
    if not (year_text.isdigit() and len(year_text) == 4):
        print(
            "regiodesk: Fehler: bei „export regionalbudget“ ist ein Jahr anzugeben, z. B. 2026.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.as_of or args.call or args.tag or args.consent or args.cancel:
        print("regiodesk: Fehler: „export regionalbudget“ kennt nur JAHR und --out.", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print("regiodesk: Fehler: --out muss auf .xlsx enden.", file=sys.stderr)
        return EXIT_USAGE
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    db = open_existing(args)
    try:
        data = regional_budget_xlsx(db, int(year_text))
    finally:
        db.close()
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out}")
    return EXIT_OK


def _export_invitation(args: argparse.Namespace) -> int:
    """The invitation draft(s): X.eml, and X_2.eml … when the members exceed the Bcc limit."""
    from regiodesk.db.models import Meeting
    from regiodesk.reports.email_draft import invitation_draft
    from regiodesk.reports.mail import companion_paths
    from regiodesk.services.ids import resolve

    out = Path(args.out)
    if not out.parent.exists():
        raise DomainError(f"Den Ordner „{out.parent}“ gibt es nicht.")
    db = open_existing(args)
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
    db = open_existing(args)
    try:
        if args.tag and args.tag not in ContactListService(db).tags():
            raise DomainError(f"Das Schlagwort „{args.tag}“ gibt es nicht.")
        if args.consent and args.consent not in ConsentService(db).purposes():
            raise DomainError(f"Für den Zweck „{args.consent}“ gibt es keine Einwilligungen.")
        criteria = ContactFilter(tag=args.tag or None, consent=args.consent or None)
        cards = ContactListService(db).cards(criteria)  # once: written and counted
        data = render(db, criteria, cards=cards)
        count = len(cards)
    finally:
        db.close()
    write_atomically(out, data)  # a reader never sees a half-written file
    print(f"geschrieben: {out} ({plural(count, '{n} Kontakt', '{n} Kontakte')})")
    return EXIT_OK


def _write_document(args: argparse.Namespace, spec: Document) -> int:
    """Render a document for a record given by id prefix and write it atomically to --out."""
    from regiodesk.db import models
    from regiodesk.services.ids import resolve

    load_module, function_name, model_name = spec
    render = getattr(load_module(), function_name)
    db = open_existing(args)
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
