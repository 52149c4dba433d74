"""One import pipeline for every list an office brings (contacts, projects).

    read the sheet (xlsx, ods, xls, csv) -> find the header -> map columns -> map values
    -> parse and normalise -> find duplicates -> preview -> back up, write in one transaction
    -> remember the mappings

Each importer only declares its fields and hooks (:class:`Importer`); the window's dialog and
the CLI both drive :class:`ImportPipeline`. The importers live in ``services/`` because their
hooks use services (finding duplicate contacts, a project's rules); the pipeline itself needs
only the database and takes the importer as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from regiodesk.db.database import Database
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.imports.catalogues import (
    CREATE,
    EMPTY,
    MAP,
    UNRESOLVED_EMPTY,
    UNRESOLVED_ERROR,
    Catalogue,
    NewEntry,
    UnknownValue,
    choice_key,
    parse_map_option,
    valid_choice,
)
from regiodesk.imports.mapping import (
    IGNORE,
    TargetField,
    header_hints,
    load_remembered,
    load_value_choices,
    remember,
    remember_value_choices,
    suggest_mapping,
)
from regiodesk.imports.preview import ERROR, ImportPreview, ImportResult, R
from regiodesk.imports.reader import Table, list_sheets, read_table
from regiodesk.imports.values import ParsedRow, as_text, parse_rows

#: The preview type of one importer (its ImportPreview subclass).
P = TypeVar("P", bound=ImportPreview[Any])
P_co = TypeVar("P_co", bound=ImportPreview[Any], covariant=True)


class Importer(Protocol[R, P_co]):
    """What one kind of list declares; the pipeline does the rest."""

    #: Name under which mappings and value choices are remembered ('contacts', 'projects').
    target: str
    fields: tuple[TargetField, ...]

    #: Extra settings of a preview: name -> (German label, default), e.g. the consent purpose.
    @property
    def options(self) -> Mapping[str, tuple[str, str]]: ...

    def after_read(self, table: Table) -> None: ...
    def adjust_mapping(self, mapping: list[str]) -> list[str]: ...
    def check_mapping(self, mapping: Sequence[str]) -> None: ...
    def catalogues(self, session) -> list[Catalogue]: ...
    def context(self, session) -> Any: ...
    def normalise(self, parsed: ParsedRow, context: Any) -> R: ...
    def mark_duplicates(self, rows: list[R], context: Any) -> None: ...
    def make_preview(
        self, table: Table, mapping: list[str], rows: list[R], path: Path, options: dict
    ) -> P_co: ...
    def create_entry(self, session, field: str, text: str) -> str: ...
    #: write(db, session, preview, **options): each importer names the options it takes
    @property
    def write(self) -> Callable[..., ImportResult]: ...


class ImportPipeline(Generic[R, P]):
    """Read, preview and import one list through an :class:`Importer`."""

    def __init__(self, db: Database, importer: Importer[R, P]):
        self.db = db
        self.importer = importer

    @property
    def fields(self) -> tuple[TargetField, ...]:
        return self.importer.fields

    @property
    def field_labels(self) -> dict[str, str]:
        return {f.name: f.label for f in self.importer.fields}

    # ------------------------------------------------------------------ reading
    def sheets(self, path: Path) -> list[str]:
        return list_sheets(Path(path))

    def read(self, path: Path, sheet: str | None = None, header_row: int | None = None) -> Table:
        hints = header_hints(self.fields, load_remembered(self.db, self.importer.target))
        table = read_table(Path(path), sheet, hints, header_row)
        self.importer.after_read(table)
        return table

    def suggested_mapping(self, headers: Sequence[str]) -> list[str]:
        """A field per column: the remembered choice for that header, else matched by name."""
        mapping = suggest_mapping(headers, self.fields, load_remembered(self.db, self.importer.target))
        return self.importer.adjust_mapping(mapping)

    def catalogues(self) -> dict[str, Catalogue]:
        """The fields whose values must name an entry, with the entries they may name."""
        with self.db.session() as session:
            return {c.field: c for c in self.importer.catalogues(session)}

    def value_choice(self, spec: str) -> tuple[str, str]:
        """A ``--map`` option ("Handlungsfeld:HF 3 Tourismus=HF 2") as (choice key, choice)."""
        return parse_map_option(spec, self.catalogues(), self.field_labels)

    # ------------------------------------------------------------------ preview
    def preview(
        self,
        path: Path,
        sheet: str | None = None,
        mapping: Sequence[str] | None = None,
        header_row: int | None = None,
        *,
        choices: Mapping[str, str] | None = None,
        create_missing: bool = False,
        **options: Any,
    ) -> P:
        """Read the file and show what an import would do; writes nothing.

        ``mapping``: a field name per column ('' = leave out); default: :meth:`suggested_mapping`.
        ``choices``: "field|value key" -> what to do with a value no entry matches (see
        :mod:`regiodesk.imports.catalogues`; "" = no choice); remembered choices apply to the
        values not in ``choices``.
        ``create_missing``: create every unknown value whose list allows it.
        """
        path = Path(path)
        unknown_options = set(options) - set(self.importer.options)
        if unknown_options:
            raise TypeError(f"unknown options: {sorted(unknown_options)}")
        for name, (_label, default) in self.importer.options.items():
            options[name] = (options.get(name) or "").strip() or default
        table = self.read(path, sheet, header_row)
        chosen = list(mapping) if mapping is not None else self.suggested_mapping(table.headers)
        if len(chosen) != len(table.headers):
            raise DomainError(tr("Die Zuordnung passt nicht zu den Spalten der Datei."))
        known = {f.name for f in self.fields}
        bad = [m for m in chosen if m != IGNORE and m not in known]
        if bad:
            raise DomainError(tr("Unbekanntes Feld in der Zuordnung: {names}.", names=", ".join(bad)))
        self.importer.check_mapping(chosen)
        parsed = parse_rows(table, chosen, self.fields)
        remembered = load_value_choices(self.db, self.importer.target)
        with self.db.session() as session:
            catalogues = {c.field: c for c in self.importer.catalogues(session) if c.field in chosen}
            context = self.importer.context(session)
        unknown = _resolve(parsed, catalogues, dict(choices or {}), remembered, create_missing)
        rows: list[R] = []
        for p in parsed:
            row = self.importer.normalise(p, context)
            row.from_formula = list(p.from_formula)
            if p.number in table.row_errors:  # a line that does not fit: its cells mean nothing
                row.errors, row.warnings, row.action = [table.row_errors[p.number]], [], ERROR
            rows.append(row)
        self.importer.mark_duplicates(rows, context)
        preview = self.importer.make_preview(table, chosen, rows, path, options)
        preview.unknown_values = unknown
        return preview

    # ------------------------------------------------------------------ writing
    def run(self, preview: P, remember_mapping: bool = True, **options: Any) -> ImportResult:
        """Write the previewed rows with their actions in one transaction (all or nothing).

        The database is backed up first, so even an import the user regrets can be undone.
        Entries the user chose to create are created in the same transaction.
        """
        if getattr(self.db, "path", None) is not None:
            self.db.backup_before("vor-import")
        used = {
            v
            for row in preview.rows
            if not row.errors and row.action != "skip"
            for v in row.values.values()
            if isinstance(v, NewEntry)
        }
        labels = {u.field: u.label for u in preview.unknown_values}
        # The rows get the new entries' ids while writing, and their markers back if it fails:
        # the same preview can be imported again after the problem is fixed.
        placed: list[tuple[dict, str, NewEntry]] = []
        try:
            with self.db.transaction() as session:
                created: dict[NewEntry, str] = {}
                for entry in sorted(used, key=lambda e: (e.field, e.text)):
                    created[entry] = self.importer.create_entry(session, entry.field, entry.text)
                for row in preview.rows:
                    for name, value in list(row.values.items()):
                        if isinstance(value, NewEntry):
                            placed.append((row.values, name, value))
                            row.values[name] = created.get(value)
                result = self.importer.write(self.db, session, preview, **options)
                if remember_mapping:
                    remember(session, self.importer.target, preview.headers, preview.mapping)
                    remember_value_choices(
                        session,
                        self.importer.target,
                        {
                            u.key: u.choice or ""  # "": the user undid a remembered choice
                            for u in preview.unknown_values
                            if (u.choice and not u.remembered) or u.chosen
                        },
                    )
        except BaseException:
            for values, name, marker in placed:
                values[name] = marker
            raise
        if created:
            names = tuple(
                tr("{label} „{text}“", label=labels.get(e.field, e.field), text=e.text) for e in created
            )
            result = type(result)(**{**result.__dict__, "entries_created": names})
        return result


def _resolve(
    parsed: list[ParsedRow],
    catalogues: Mapping[str, Catalogue],
    choices: dict[str, str],
    remembered: Mapping[str, str],
    create_missing: bool,
) -> list[UnknownValue]:
    """Each catalogue value of each row replaced by its entry's id (a :class:`NewEntry` for one to
    create, removed when left empty); the values no entry matches, listed once with their rows."""
    unknown: dict[str, UnknownValue] = {}
    for row in parsed:
        for name, catalogue in catalogues.items():
            raw = row.values.get(name)
            text = as_text(raw).strip() if raw is not None else ""
            if not text:
                row.values.pop(name, None)
                continue
            found = catalogue.find(text)
            if found is not None:
                row.values[name] = found
                continue
            key = choice_key(name, text)
            value = unknown.get(key)
            if value is None:
                # a key in ``choices`` is the user's word, even "" (no choice): it overrides memory
                from_memory = key not in choices
                choice = valid_choice(catalogue, (choices if key in choices else remembered).get(key))
                from_memory = from_memory and choice is not None
                if choice is None and create_missing and catalogue.can_create:
                    choice = CREATE
                value = unknown[key] = UnknownValue(
                    name,
                    catalogue.label,
                    text,
                    [],
                    catalogue.suggestions(text),
                    catalogue.can_create,
                    choice,
                    from_memory,
                    catalogue.entries,
                    catalogue.unresolved,
                    key in choices,
                )
            value.rows.append(row.number)
            _apply(row, name, text, value.choice, catalogue)
    return sorted(unknown.values(), key=lambda u: (u.label, u.text.casefold()))


def _apply(row: ParsedRow, name: str, text: str, choice: str | None, catalogue: Catalogue) -> None:
    if choice is not None and choice.startswith(MAP):
        row.values[name] = choice[len(MAP) :]
    elif choice == CREATE:
        row.values[name] = NewEntry(name, text)
    elif choice == EMPTY:
        row.values.pop(name, None)
        row.warnings.append(
            tr("{label} „{value}“ bleibt leer (so gewählt).", label=catalogue.label, value=text)
        )
    elif catalogue.unresolved == UNRESOLVED_ERROR:
        row.values.pop(name, None)
        row.errors.append(catalogue.unknown_message(text))
    elif catalogue.unresolved == UNRESOLVED_EMPTY:
        row.values.pop(name, None)
        row.warnings.append(catalogue.unknown_message(text))
    else:  # kept as written (a free-text field whose usual values are offered)
        row.values[name] = text
