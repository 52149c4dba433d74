"""docs/datenbank.md, the successor's guide to the file: current, complete, in German."""

from __future__ import annotations

from pathlib import Path

from regiodesk.db.models import all_tables
from regiodesk.domain import enums
from regiodesk.domain.enums import LabelledEnum, MeetingState
from regiodesk.reports.database_doc import _services, generate, undescribed

DOC = Path(__file__).resolve().parents[2] / "docs" / "datenbank.md"


def test_the_document_is_current():
    """Changed a model? Run `python -m regiodesk.reports.database_doc > docs/datenbank.md`."""
    assert DOC.read_text(encoding="utf-8") == generate()


def test_every_table_and_column_is_explained():
    assert list(undescribed()) == []
    text = generate()
    for table in all_tables():
        assert f"### {table.name}" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text


def test_units_times_deletion_attachments_log_and_sync_are_explained():
    text = generate()
    assert "| `planned_budget_cents` | Zahl | Budget geplant; Betrag in Cent (123450 = 1.234,50 €) |" in text
    assert "in Basispunkten (1 % = 100, 45 % = 4500)" in text
    assert "| `starts_at` | Zeit (Ortszeit) | Beginn (Ortszeit der Region) |" in text
    assert "| `created_at` | Zeit (UTC) | angelegt am (UTC) |" in text
    assert "WHERE deleted_at IS NULL" in text
    assert "`owner_table` (der Name der Tabelle, z. B. `project`) und `owner_id`" in text
    assert "### change_log" in text and "### sync_conflict" in text


def test_every_status_key_is_listed_with_its_german_label():
    text = generate()
    vocabularies = [
        v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, LabelledEnum) and len(v)
    ]
    for enum in vocabularies:
        for member in enum:
            assert f"| `{member.value}` | {member.label} |" in text
    assert "| `abgesagt` | abgesagt |" in text and MeetingState.CANCELLED.value == "abgesagt"
    # a column holding keys links to them
    link = "Schlüssel, siehe [Status der Sitzung](#schluessel-meetingstate)"
    assert f"| `state` | Text (30) | Status; {link} |" in text


def test_choice_columns_name_the_same_vocabulary_as_the_forms():
    """A column's info["choices"] in the model never contradicts the field a service declares."""
    services = _services()
    for table in all_tables():
        for column in table.columns:
            declared = services.get(table.name, {}).get(column.name)
            in_model = column.info.get("choices")
            if declared is not None and declared.choices is not None and in_model is not None:
                assert in_model is declared.choices, f"{table.name}.{column.name}"
