"""German labels and values of logged fields, for the conflicts a sync lists.

The labels are the services' field declarations, found by importing every services module and
walking ``RecordService.__subclasses__()``: an import no reader sees, kept in this one module
until the ground-floor fields module of issue 20 declares every table's fields once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE

from regiodesk.i18n import format_date, format_datetime, tr


def _services() -> Iterable[type]:
    import importlib
    import pkgutil

    import regiodesk.services as package
    from regiodesk.services.records import RecordService

    for module in pkgutil.iter_modules(package.__path__):
        if not module.ispkg:
            importlib.import_module(f"regiodesk.services.{module.name}")
    stack = list(RecordService.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        yield cls


def _field_of(table_name: str, name: str):
    for service in _services():
        model = getattr(service, "model", None)
        if getattr(model, "__tablename__", None) != table_name:
            continue
        for declared in getattr(service, "fields", ()):
            if declared.name == name:
                return declared
    return None


def record_name(record: Any) -> str:
    """A record as people name it: „Kontakt „Anna Becker““; a row without a name of its own
    (an address, a phone number) by the record it belongs to: „Adresse von Anna Becker“."""
    label = tr(type(record).label)
    own = record.display_name()
    if own != record.id[:8]:  # the fallback of Record.display_name is the start of the id
        return f"{label} „{own}“"
    for relation in sa_inspect(type(record)).relationships:
        if relation.direction is MANYTOONE:
            owner = getattr(record, relation.key, None)
            if owner is not None and owner.display_name() != owner.id[:8]:
                return tr("{label} von {owner}", label=label, owner=owner.display_name())
    return label


def field_label(table_name: str, name: str) -> str:
    from regiodesk.services.fields import COLUMN_LABELS

    declared = _field_of(table_name, name)
    if declared is not None:
        return tr(declared.label)
    if name == "deleted_at":
        return tr("Löschung")
    return tr(COLUMN_LABELS.get(name, name))


def display_value(model, name: str, value: Any) -> str:
    from regiodesk.i18n import format_cents, format_percent_bp
    from regiodesk.services.fields import Kind

    if value is None or value == "":
        return tr("(leer)")
    declared = _field_of(model.__tablename__, name) if model is not None else None
    kind = declared.kind if declared is not None else None
    if isinstance(value, bool) or kind is Kind.BOOL:
        return tr("ja") if value else tr("nein")
    if kind is Kind.MONEY and isinstance(value, int):
        return format_cents(value)
    if kind is Kind.PERCENT and isinstance(value, int):
        return format_percent_bp(value)
    if kind is Kind.CHOICE and declared is not None and declared.choices is not None:
        try:
            return str(declared.choices(value).label)
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, str) and kind in (Kind.DATE, Kind.DATETIME):
        try:
            if kind is Kind.DATE:
                return format_date(date.fromisoformat(value))
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    text_value = str(value)
    return text_value if len(text_value) <= 120 else text_value[:119] + "…"
