"""The project importer: the fields and hooks of a region's project list for the import pipeline.

    service = ProjectImportService(db)           # the pipeline with this importer
    preview = service.preview(path)              # read, map, convert, resolve, find duplicates
    preview.set_action(12, "update")             # the user overrides a row (skip/update/create)
    result = service.run(preview)                # all rows or none

Cells are read by :mod:`regiodesk.imports` (German money "1.234,50 €", percentages "80 %" or
0,8, dates "22.11.2026" or real Excel dates; a formula gives the value saved with it). The
sponsor is matched with an existing contact by name or created as an institution. Handlungsfeld,
Projektaufruf, status, Trägerart and Projektart are catalogue values: one the region does not
know is listed by the preview and mapped, created or left empty by the user
(:mod:`regiodesk.imports.catalogues`). The status is taken as it stands in the list (historic
data, no pipeline checks) and recorded in the status history as "Import".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select

from regiodesk.db.base import new_id
from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    Call,
    Contact,
    DevelopmentGoal,
    FundingRate,
    Project,
    ProjectStatusChange,
    RegionSettings,
)
from regiodesk.domain.contact_rules import name_key, organisation_key
from regiodesk.domain.enums import InstitutionType, ProjectStatus, SponsorType
from regiodesk.domain.errors import DomainError
from regiodesk.domain.pipeline import DATE_FIELD, DATE_FIELD_LABEL, DATE_ORDER
from regiodesk.i18n import format_date, tr
from regiodesk.imports import ParsedRow, Table, as_text, header_key, load_remembered
from regiodesk.imports import preview as base
from regiodesk.imports.catalogues import (
    UNRESOLVED_EMPTY,
    UNRESOLVED_KEEP,
    Catalogue,
    Entry,
    leading_code,
    value_key,
)
from regiodesk.imports.pipeline import ImportPipeline
from regiodesk.imports.preview import (
    CREATE,
    ERROR,
    SKIP,
    UPDATE,
    ImportDuplicate,
)
from regiodesk.imports.reader import drop_note_below_totals
from regiodesk.services.projects import ProjectService
from regiodesk.services.projects_import_fields import (
    FIELD_COLUMNS,
    FIELD_LABELS,
    FIELDS,
    LENGTH_LIMITS,
    PLAIN_FIELDS,
    SPONSOR_TYPE_WORDS,
    STATUS_WORDS,
    TEXT_FIELDS,
)

__all__ = ["FIELDS", "FIELD_LABELS", "ProjectImportService", "load_remembered"]

TARGET = "projects"
ACTION_LABELS = {
    CREATE: "neu anlegen",
    UPDATE: "vorhandenes aktualisieren",
    SKIP: "überspringen",
    ERROR: "Fehler",
}


def title_key(text: str) -> str:
    """A title or file number for comparing: case, umlauts, spaces and punctuation folded."""
    return name_key(text or "")


@dataclass
class PreviewRow(base.PreviewRow):
    #: A sponsor that does not exist yet and is created as an institution (its name).
    new_sponsor: str = ""

    @property
    def name(self) -> str:
        return self.values.get("title", "")


@dataclass
class ImportPreview(base.ImportPreview[PreviewRow]):
    no_update_target: ClassVar[str] = (
        "Zeile {n}: Aktualisieren geht nur bei einem vorhandenen Projekt, das die Zeile doppelt."
    )


@dataclass(frozen=True)
class ImportResult(base.ImportResult):
    #: Sponsors that were not among the contacts and were created as institutions.
    sponsors_created: int = 0

    def summary(self) -> str:
        text = super().summary()
        if self.sponsors_created:
            text += tr("; {n} Träger neu angelegt", n=self.sponsors_created)
        return text


class ProjectImporter:
    """What the pipeline needs to know about project lists."""

    target = TARGET
    fields = FIELDS
    options: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init__(self, db: Database):
        self.db = db

    def after_read(self, table: Table) -> None:
        drop_note_below_totals(table)

    def adjust_mapping(self, mapping: list[str]) -> list[str]:
        return mapping

    def check_mapping(self, mapping: Sequence[str]) -> None:
        if "title" not in mapping:
            raise DomainError(
                tr(
                    "Keine Spalte ist dem Titel zugeordnet; ohne Titel lässt sich kein Projekt anlegen. "
                    "Bitte die Spalte mit dem Projekttitel zuordnen."
                )
            )

    def catalogues(self, session) -> list[Catalogue]:
        return _catalogues(session)

    def context(self, session) -> _Lookups:
        return _Lookups.load(session)

    def normalise(self, parsed: ParsedRow, context: _Lookups) -> PreviewRow:
        return _normalise(parsed, context, ProjectService(self.db).check_rules)

    def mark_duplicates(self, rows: list[PreviewRow], context: _Lookups) -> None:
        _mark_duplicates(rows, context)

    def make_preview(self, table: Table, mapping: list[str], rows, path: Path, options) -> ImportPreview:
        return ImportPreview(
            path, table.sheet, table.sheets, table.header_row, table.headers, mapping, rows, table.skipped
        )

    def create_entry(self, session, field: str, text: str) -> str:
        current = session.scalar(
            select(RegionSettings.current_funding_period_id).where(RegionSettings.deleted_at.is_(None))
        )
        entry: ActionField | Call
        if field == "action_field":
            code = leading_code(text)
            name = text[len(code) :].strip(" :-–·") if code else text
            positions = session.scalars(
                select(ActionField.position).where(ActionField.deleted_at.is_(None))
            ).all()
            entry = ActionField(
                id=new_id(),
                code=code,
                name=name or text,
                funding_period_id=current,
                position=max(positions, default=0) + 1,
            )
        elif field == "call":
            entry = Call(id=new_id(), name=text, funding_period_id=current)
        else:
            raise DomainError(tr("„{value}“ lässt sich nicht neu anlegen.", value=text))
        session.add(entry)
        session.flush()
        return entry.id

    def write(self, db: Database, session, preview: ImportPreview, today: date | None = None) -> ImportResult:
        today = today or date.today()
        note = tr("Import aus {name}", name=preview.path.name)
        columns = {c for m in preview.mapping if m for c in FIELD_COLUMNS[m]}
        check = ProjectService(db).check_rules
        created = updated = skipped = 0
        sponsors: dict[str, str] = {}  # key of a new sponsor -> its contact id
        for row in preview.rows:
            if row.errors:
                continue
            if row.action == SKIP:
                skipped += 1
                continue
            values = dict(row.values)
            if row.new_sponsor:
                values["sponsor_id"] = _new_sponsor(session, row, sponsors)
            if row.action == UPDATE:
                _update(session, row, values, columns, note, today, check)
                updated += 1
            else:
                _create(session, values, note, today)
                created += 1
        unreadable = [r.problem_text() for r in preview.unreadable]
        return ImportResult(created, updated, skipped, unreadable, sponsors_created=len(sponsors))


class ProjectImportService(ImportPipeline[PreviewRow, ImportPreview]):
    """The import pipeline for project lists (the window's dialog and ``regiodesk import projects``)."""

    def __init__(self, db: Database):
        super().__init__(db, ProjectImporter(db))


def _catalogues(session) -> list[Catalogue]:
    """Handlungsfeld, Projektaufruf, status, Trägerart and (where the region has types) Projektart.

    Only active entries are offered: a deactivated Handlungsfeld takes no new projects.
    """
    current = session.scalar(
        select(RegionSettings.current_funding_period_id).where(RegionSettings.deleted_at.is_(None))
    )
    action_fields = list(
        session.scalars(
            select(ActionField).where(ActionField.deleted_at.is_(None), ActionField.active.is_(True))
        )
    )
    action_fields.sort(key=lambda f: (f.funding_period_id != current, f.position, f.code, f.name))
    field_entries = [Entry(f.id, f.code, f.name) for f in action_fields]
    field_words: dict[str, str] = {}
    for f in action_fields:
        for text in (f.display_name(), f.name, f.code):
            if value_key(text):
                field_words.setdefault(value_key(text), f.id)
    field_names = ", ".join(e.display() for e in field_entries) or tr("keines (bitte erst anlegen)")
    calls = session.execute(
        select(Call.id, Call.name).where(Call.deleted_at.is_(None)).order_by(Call.created_at)
    ).all()
    call_words: dict[str, str] = {}
    for cid, name in calls:
        call_words.setdefault(value_key(name), cid)
    rates = select(FundingRate.project_type).where(FundingRate.deleted_at.is_(None))
    if current:
        rates = rates.where(FundingRate.funding_period_id == current)
    types = sorted(set(session.scalars(rates)) - {""})
    result = [
        Catalogue(
            "action_field",
            tr("Handlungsfeld"),
            field_entries,
            field_words,
            can_create=True,
            unknown_message=lambda text: tr(
                "Das Handlungsfeld „{name}“ gibt es nicht. Vorhanden: {names}.", name=text, names=field_names
            ),
        ),
        Catalogue(
            "call",
            tr("Projektaufruf"),
            [Entry(cid, "", name) for cid, name in calls],
            call_words,
            can_create=True,
            unknown_message=lambda text: tr("Den Projektaufruf „{name}“ gibt es nicht.", name=text),
        ),
        Catalogue(
            "status",
            tr("Status"),
            [Entry(s.value, "", s.label) for s in ProjectStatus],
            STATUS_WORDS,
            unknown_message=lambda text: tr(
                "Den Status „{status}“ gibt es nicht. Möglich: {labels}.",
                status=text,
                labels=", ".join(s.label for s in ProjectStatus),
            ),
        ),
        Catalogue(
            "sponsor_type",
            tr("Art des Trägers"),
            [Entry(s.value, "", s.label) for s in SponsorType],
            SPONSOR_TYPE_WORDS,
            unresolved=UNRESOLVED_EMPTY,
            unknown_message=lambda text: tr(
                "Die Trägerart „{kind}“ ist unbekannt und bleibt leer (möglich: {labels}).",
                kind=text,
                labels=", ".join(s.label for s in SponsorType),
            ),
        ),
    ]
    if types:
        result.append(
            Catalogue(
                "project_type",
                tr("Projektart"),
                [Entry(t, "", t) for t in types],
                {value_key(t): t for t in types},
                unresolved=UNRESOLVED_KEEP,
            )
        )
    return result


@dataclass
class _Lookups:
    """What a row's names refer to: contacts, development goals and existing projects."""

    #: organisation_key / name_key -> contact id (institutions first)
    sponsors: dict[str, str]
    #: action field id -> its name as shown ("HF 1 Lebensqualität")
    field_names: dict[str, str]
    #: key -> [(goal id, its action field id)]
    goals: dict[str, list[tuple[str, str]]]
    #: title key / file-number key -> (project id, title)
    titles: dict[str, tuple[str, str]]
    numbers: dict[str, tuple[str, str]]

    @classmethod
    def load(cls, session) -> _Lookups:
        sponsors: dict[str, str] = {}
        people: dict[str, str] = {}
        contacts = session.execute(
            select(Contact.id, Contact.kind, Contact.organisation, Contact.first_name, Contact.last_name)
            .where(Contact.deleted_at.is_(None))
            .order_by(Contact.created_at)
        )
        for cid, kind, organisation, first, last in contacts:
            if organisation and (kind == "institution" or not last):
                sponsors.setdefault(organisation_key(organisation), cid)
            elif last:
                people.setdefault(name_key(f"{first} {last}"), cid)
        sponsors.pop("", None)
        for key, cid in people.items():
            sponsors.setdefault(key, cid)
        field_names = {
            f.id: f.display_name()
            for f in session.scalars(select(ActionField).where(ActionField.deleted_at.is_(None)))
        }
        goals: dict[str, list[tuple[str, str]]] = {}
        for g in session.scalars(select(DevelopmentGoal).where(DevelopmentGoal.deleted_at.is_(None))):
            for text in {f"{g.code} {g.name}".strip(), g.name, g.code}:
                if header_key(text):
                    goals.setdefault(header_key(text), []).append((g.id, g.action_field_id))
        titles: dict[str, tuple[str, str]] = {}
        numbers: dict[str, tuple[str, str]] = {}
        for pid, title, number in session.execute(
            select(Project.id, Project.title, Project.approval_file_number)
            .where(Project.deleted_at.is_(None))
            .order_by(Project.created_at)
        ):
            if title_key(title):
                titles.setdefault(title_key(title), (pid, title))
            if title_key(number):
                numbers.setdefault(title_key(number), (pid, title))
        return cls(sponsors, field_names, goals, titles, numbers)


# --------------------------------------------------------------------------- normalising a row
def _normalise(parsed: ParsedRow, lookups: _Lookups, check: Callable[[dict], dict[str, str]]) -> PreviewRow:
    v = parsed.values
    row = PreviewRow(parsed.number, {}, list(parsed.errors), list(parsed.warnings))
    out = row.values
    text = {k: as_text(v.get(k)).strip() for k in TEXT_FIELDS if k in v}
    for name in PLAIN_FIELDS:
        if name not in v:
            continue
        value = text[name] if name in text else v[name]
        if value is not None and value != "":
            out[name] = value
    if "notes" in v:
        notes = "\n".join(as_text(n) for n in v["notes"] if as_text(n))
        if notes:
            out["notes"] = notes
    if not out.get("title"):
        row.errors.append(tr("Kein Titel: daraus lässt sich kein Projekt anlegen."))
    # catalogue values, resolved by the pipeline (an id, a NewEntry, or absent)
    for name, column in (
        ("status", "status"),
        ("sponsor_type", "sponsor_type"),
        ("action_field", "action_field_id"),
        ("call", "call_id"),
    ):
        if v.get(name) is not None:
            out[column] = v[name]
    sponsor = text.get("sponsor", "")
    if sponsor and len(sponsor) <= LENGTH_LIMITS["sponsor"]:
        found = lookups.sponsors.get(organisation_key(sponsor)) or lookups.sponsors.get(name_key(sponsor))
        if found:
            out["sponsor_id"] = found
        else:
            row.new_sponsor = sponsor
            row.warnings.append(
                tr("Träger neu angelegt: „{name}“ (kein Kontakt dieses Namens).", name=sponsor)
            )
    # Entwicklungsziel (within the row's Handlungsfeld)
    if text.get("development_goal"):
        candidates = lookups.goals.get(header_key(text["development_goal"]), [])
        if "action_field_id" in out:
            same = [c for c in candidates if c[1] == out["action_field_id"]]
            if candidates and not same:
                row.errors.append(
                    tr(
                        "Das Entwicklungsziel „{name}“ gehört nicht zum Handlungsfeld „{field}“.",
                        name=text["development_goal"],
                        field=lookups.field_names.get(out["action_field_id"], ""),
                    )
                )
            candidates = same
        if not candidates and not row.errors:
            row.errors.append(
                tr("Das Entwicklungsziel „{name}“ gibt es nicht.", name=text["development_goal"])
            )
        elif candidates:
            out["development_goal_id"] = candidates[0][0]
            out.setdefault("action_field_id", candidates[0][1])
    # what a project needs
    for name, limit in LENGTH_LIMITS.items():
        if len(text.get(name, "")) > limit:
            row.errors.append(
                tr("„{label}“ ist zu lang (höchstens {n} Zeichen).", label=FIELD_LABELS[name], n=limit)
            )
    row.errors.extend(check(out).values())
    dated = [(name, out[name]) for name in DATE_ORDER if out.get(name)]
    for (first, on), (then, later) in pairwise(dated):
        if later < on:
            row.warnings.append(
                tr(
                    "„{b}“ ({later}) liegt vor „{a}“ ({on}); bitte prüfen.",
                    a=DATE_FIELD_LABEL[first],
                    on=format_date(on),
                    b=DATE_FIELD_LABEL[then],
                    later=format_date(later),
                )
            )
    if row.errors:
        row.action = ERROR
    return row


def _mark_duplicates(rows: list[PreviewRow], lookups: _Lookups) -> None:
    """Same title (folded) or same file number as an existing project: skipped unless the user says
    otherwise; the same project twice in the file: the first row counts."""
    seen_titles: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    for row in rows:
        if row.errors:
            continue
        title, number = (
            title_key(row.values.get("title", "")),
            title_key(row.values.get("approval_file_number", "")),
        )
        if number and number in lookups.numbers:
            pid, name = lookups.numbers[number]
            row.duplicates.append(ImportDuplicate(tr("gleiches Aktenzeichen"), True, pid, name))
        if title and title in lookups.titles:
            pid, name = lookups.titles[title]
            if all(d.record_id != pid for d in row.duplicates):
                row.duplicates.append(ImportDuplicate(tr("gleicher Titel"), True, pid, name))
        if number and number in seen_numbers:
            row.duplicates.append(
                ImportDuplicate(tr("gleiches Aktenzeichen"), True, row=seen_numbers[number])
            )
        elif title and title in seen_titles:
            row.duplicates.append(ImportDuplicate(tr("gleicher Titel"), True, row=seen_titles[title]))
        seen_titles.setdefault(title, row.number)
        if number:
            seen_numbers.setdefault(number, row.number)
        if row.duplicates:
            row.action = SKIP


# --------------------------------------------------------------------------- writing a row
def _new_sponsor(session, row: PreviewRow, created: dict[str, str]) -> str:
    key = organisation_key(row.new_sponsor) or name_key(row.new_sponsor)
    if key in created:
        return created[key]
    kind = row.values.get("sponsor_type")
    institution_type = kind if kind in {t.value for t in InstitutionType} else None
    contact = Contact(
        id=new_id(),
        kind="institution",
        organisation=row.new_sponsor,
        institution_type=institution_type,
        public_sector=kind in ("kommune", "oeffentlich"),
        notes=tr("Als Projektträger beim Import der Projektliste angelegt."),
    )
    session.add(contact)
    created[key] = contact.id
    return contact.id


def _history(session, project: Project, before: str | None, note: str, today: date) -> None:
    date_field = DATE_FIELD.get(ProjectStatus(project.status))
    on = getattr(project, date_field) if date_field else None
    session.add(
        ProjectStatusChange(
            project_id=project.id,
            from_status=before,
            to_status=project.status,
            changed_on=on or today,
            note=note,
        )
    )


def _create(session, values: dict[str, Any], note: str, today: date) -> None:
    project = Project(id=new_id(), **{"status": ProjectStatus.IDEA.value} | values)
    session.add(project)
    session.flush()
    _history(session, project, None, note, today)


def _update(
    session,
    row: PreviewRow,
    values: dict[str, Any],
    columns: set[str],
    note: str,
    today: date,
    check: Callable[[dict], dict[str, str]],
) -> None:
    """The row's non-empty values of the mapped columns overwrite the project's; notes are added."""
    project = session.get(Project, row.target_id)
    if project is None or project.deleted_at is not None:
        raise DomainError(
            tr("Zeile {n}: das zu aktualisierende Projekt wurde inzwischen gelöscht.", n=row.number)
        )
    before = project.status
    for name, value in values.items():
        if name not in columns or name == "status":
            continue
        if name == "title" and title_key(value) == title_key(project.title):
            continue  # the same title in another spelling: the project keeps its own
        if name == "notes":
            if value not in (project.notes or ""):
                project.notes = f"{project.notes or ''}\n{value}".strip()
        elif getattr(project, name) != value:
            setattr(project, name, value)
    errors = check({c: getattr(project, c) for c in PLAIN_FIELDS})
    if errors:
        raise DomainError(tr("Zeile {n}: {why}", n=row.number, why="; ".join(errors.values())))
    status = values.get("status")
    if status and status != before:
        project.status = status
        session.flush()
        _history(session, project, before, note, today)
