"""Every table's fields are declared once (regiodesk.fields) and agree with the schema; every
service, form and view takes its fields and labels from there."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import Boolean, Date, Integer

from regiodesk import fields
from regiodesk.db.base import UTCDateTime
from regiodesk.db.models import record_models
from regiodesk.domain.enums import ConsentMethod, ProjectStatus
from regiodesk.fields import Kind

#: Columns nobody is shown: ids, the link of a child to its parent (the Verlauf lists the child under
#: its parent), stored file contents, snapshots and internal keys. Everything else needs a German label.
HIDDEN = {
    "address": {"contact_id"},
    "agenda_item": {"meeting_id", "parent_id"},
    "attachment": {"owner_table", "owner_id", "data"},
    "attendance": {"meeting_id", "membership_id"},
    "consultation_contact": {"consultation_id"},
    "contact_email": {"contact_id"},
    "contact_phone": {"contact_id"},
    "contact_tag": {"contact_id"},
    "event_participant": {"event_id"},
    "cooperation_partner": {"project_id"},
    "named_vote": {"vote_id", "membership_id"},
    "payment": {"project_id"},
    "project_status_change": {"project_id"},
    "region_settings": {"logo"},
    "saved_filter": {"criteria"},
    "score": {"project_id"},
    "setting": {"key", "value"},
    "vote": {"agenda_item_id", "entitled_snapshot"},
    "written_procedure_answer": {"procedure_id"},
}
BOOKKEEPING = {"id", "created_at", "modified_at"}
#: NOT NULL, but "" stands for "not given": the form may leave it empty.
OPTIONAL_THOUGH_NOT_NULL = {("region_settings", "land")}
#: Kinds whose empty value is None; a NOT NULL column of such a kind must be required in the form.
NULLABLE_KINDS = {
    Kind.INT,
    Kind.MONEY,
    Kind.PERCENT,
    Kind.QUANTITY,
    Kind.DATE,
    Kind.DATETIME,
    Kind.CHOICE,
    Kind.REF,
}


def _record_tables():
    return sorted((name, model.__table__) for name, model in record_models().items())


def test_every_column_a_user_can_see_has_a_declared_german_field():
    missing = [
        f"{name}.{column.name}"
        for name, table in _record_tables()
        for column in table.columns
        if column.name not in BOOKKEEPING
        and column.name not in HIDDEN.get(name, set())
        and fields.field(name, column.name) is None
    ]
    assert missing == []


def test_declarations_name_only_columns_that_exist():
    tables = dict(_record_tables())
    unknown = [
        f"{name}.{f.name}"
        for name, declared in fields.TABLES.items()
        for f in declared
        if name not in tables or f.name not in tables[name].columns
    ]
    # the contact's reachability lives in child tables (its first e-mail, phone and address),
    # a consultation's people in consultation_contact
    assert sorted(unknown) == [f"consultation.contact_{n}" for n in (1, 2, 3)] + [
        f"contact.{c}" for c in ("city", "email", "phone", "postal_code", "street")
    ]


def test_a_declared_kind_matches_the_column_type():
    wrong = []
    for name, table in _record_tables():
        for column in table.columns:
            declared = fields.field(name, column.name)
            if declared is None or column.name in BOOKKEEPING:
                continue
            sql = column.type
            expected = None
            if isinstance(sql, Boolean):
                expected = {Kind.BOOL}
            elif isinstance(sql, UTCDateTime):
                expected = {Kind.DATETIME}
            elif isinstance(sql, Date):
                expected = {Kind.DATE}
            elif column.name.endswith("_cents"):
                expected = {Kind.MONEY}
            elif column.name.endswith("_bp"):
                expected = {Kind.PERCENT}
            elif column.name.endswith("_milli"):
                expected = {Kind.QUANTITY}
            elif isinstance(sql, Integer):
                expected = {Kind.INT}
            elif column.info.get("choices") is not None:
                expected = {Kind.CHOICE}
            if expected is not None and declared.kind not in expected:
                wrong.append(f"{name}.{column.name}: {declared.kind.value}")
            choices = column.info.get("choices")
            if choices is not None and declared.choices not in (None, choices):
                wrong.append(f"{name}.{column.name}: choices {declared.choices}")
    assert wrong == []


def test_a_column_the_database_cannot_store_empty_is_required_in_the_form():
    loose = [
        f"{name}.{column.name}"
        for name, table in _record_tables()
        for column in table.columns
        if not column.nullable
        and (declared := fields.field(name, column.name)) is not None
        and declared.form
        and declared.kind in NULLABLE_KINDS
        and not declared.required
        and (name, column.name) not in OPTIONAL_THOUGH_NOT_NULL
    ]
    assert loose == []


def test_every_service_takes_its_form_fields_from_the_declarations():
    import importlib
    import pkgutil

    import regiodesk.services
    from regiodesk.services.records import RecordService

    for module in pkgutil.iter_modules(regiodesk.services.__path__):
        importlib.import_module(f"regiodesk.services.{module.name}")

    stack, checked = list(RecordService.__subclasses__()), 0
    while stack:
        service = stack.pop()
        stack.extend(service.__subclasses__())
        model = getattr(service, "model", None)
        if model is None:
            continue
        table = model.__tablename__
        for f in service.fields:
            assert f is fields.field(table, f.name), f"{service.__name__}.{f.name} is declared twice"
        checked += 1
    assert checked >= 30


def test_a_label_does_not_depend_on_what_else_is_imported():
    """„ausgezahlt am“ whether or not the window's payment page was loaded; no English column name."""
    code = (
        "from regiodesk import fields; import sys;"
        "print(fields.label('payment', 'paid_on'), '|', fields.label('agenda_item', 'discussion'), '|',"
        " any(m.startswith(('regiodesk.services', 'regiodesk.ui', 'sqlalchemy')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split(" | ") == ["ausgezahlt am", "Beratung / Sachstand (für das Protokoll)", "False\n"]
    import regiodesk.ui.projects.payments_page  # noqa: F401

    assert fields.label("payment", "paid_on") == "ausgezahlt am"


def test_lookups_offer_the_tables_the_declarations_name():
    from regiodesk.services import lookups

    assert {name: model.__tablename__ for name, model in lookups.MODELS.items()} == {
        name: table for name, table in fields.LOOKUP_TABLES.items() if name != lookups.CONSENT_PURPOSES
    }
    used = {f.lookup for declared in fields.TABLES.values() for f in declared if f.lookup}
    assert used <= set(fields.LOOKUP_TABLES)


@pytest.mark.parametrize(
    ("table", "column", "value", "text"),
    [
        ("payment", "paid_on", "2026-03-01", "01.03.2026"),  # from the change log: ISO text
        ("payment", "paid_on", date(2026, 3, 1), "01.03.2026"),
        ("payment", "amount_cents", 123456, "1.234,56 €"),
        ("payment", "final", True, "ja"),
        ("funding_rate", "rate_bp", 6500, "65 %"),
        ("project", "status", ProjectStatus.APPROVED.value, ProjectStatus.APPROVED.label),
        ("consent", "method", ConsentMethod.ORAL.value, ConsentMethod.ORAL.label),
        ("indicator_value", "value_milli", 12500, "12,5"),
        ("project", "title", None, ""),
        ("contact", "deleted_at", "2026-01-01T10:00:00", "01.01.2026 10:00"),
        ("no_such_table", "x", 7, "7"),
    ],
)
def test_display_shows_a_stored_value_as_a_user_reads_it(table, column, value, text):
    assert fields.display(table, column, value) == text


def test_display_names_a_referenced_record():
    names = {("contacts", "c1"): "Becker, Anna"}
    assert fields.display(
        "project", "sponsor_id", "c1", name_of=lambda lookup, i: names.get((lookup, i))
    ) == ("Becker, Anna")
    assert fields.display("project", "sponsor_id", "gone", name_of=lambda lookup, i: None) == "gone"


def test_fields_of_selects_and_leaves_out():
    assert [f.name for f in fields.fields_of("tag")] == ["name", "active"]
    assert [f.name for f in fields.fields_of("tag", without="active")] == ["name"]
    assert [f.name for f in fields.fields_of("payment", "note", "paid_on")] == ["note", "paid_on"]
    assert all(f.form for f in fields.fields_of("project"))
    assert fields.field("project", "applied_on") is not None  # logged, set by the pipeline, no form field
