"""The detail form: built from field declarations, German parsing, errors beside fields."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QLineEdit, QPlainTextEdit
from ui_helpers import choose, type_into

from regiodesk.domain.errors import ValidationError
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.projects import ProjectService
from regiodesk.ui.record_form import RecordForm


@pytest.fixture
def project_form(qtbot, db):
    form = RecordForm(ProjectService(db))
    qtbot.addWidget(form)
    form.show()
    return form


def label_of(form: RecordForm, name: str) -> str:
    labels = [w for w in form.findChildren(QLabel) if w.buddy() is form.editor(name)]
    assert len(labels) == 1
    return labels[0].text()


def test_form_is_built_from_the_fields(project_form):
    form = project_form
    assert isinstance(form.editor("title"), QLineEdit)
    assert isinstance(form.editor("short_description"), QPlainTextEdit)
    assert isinstance(form.editor("cooperation"), QCheckBox)
    assert isinstance(form.editor("status"), QComboBox)
    assert form.editor("sponsor_id").isEditable()
    assert label_of(form, "title") == "Titel *"
    assert label_of(form, "notes") == "Notizen"
    assert form.editor("title").maxLength() == 300  # from the database column
    groups = [box.title() for box in form.findChildren(QGroupBox)]
    assert groups == ["Kosten und Förderung", "Termine", "Kooperation"]


def test_optional_choice_offers_an_empty_entry_required_one_does_not(project_form):
    sponsor_type = project_form.editor("sponsor_type")
    status = project_form.editor("status")
    assert sponsor_type.itemText(0) == "" and sponsor_type.itemData(0) is None
    assert all(status.itemData(i) for i in range(status.count()))
    assert status.findText("Idee") >= 0


def test_german_input_becomes_typed_values(qtbot, project_form):
    form = project_form
    form.set_values({"status": "idee", "cooperation": False})
    type_into(qtbot, form.editor("title"), "Dorfladen Ahorn")
    type_into(qtbot, form.editor("total_cost_gross_cents"), "150.000")
    type_into(qtbot, form.editor("eligible_cost_cents"), "1234,5")
    type_into(qtbot, form.editor("funding_rate_bp"), "62,5 %")
    type_into(qtbot, form.editor("starts_on"), "1.4.26")
    values = form.values()
    assert values["title"] == "Dorfladen Ahorn"
    assert values["total_cost_gross_cents"] == 15_000_000
    assert values["eligible_cost_cents"] == 123_450
    assert values["funding_rate_bp"] == 6250
    assert values["starts_on"] == date(2026, 4, 1)
    assert values["grant_cents"] is None
    # Leaving a field tidies what parses into the German form.
    assert form.editor("eligible_cost_cents").text() == "1.234,50 €"


def test_a_date_that_does_not_exist_is_refused_and_kept(qtbot, project_form):
    form = project_form
    form.set_values({"status": "idee"})
    type_into(qtbot, form.editor("starts_on"), "31.02.2026")
    with pytest.raises(ValidationError) as info:
        form.values()
    assert info.value.errors == {"starts_on": "Den 31.02.2026 gibt es nicht."}
    form.show_errors(info.value.errors)
    assert form.error_text("starts_on") == "Den 31.02.2026 gibt es nicht."
    assert form.error_labels["starts_on"].isVisible()
    assert form.editor("starts_on").text() == "31.02.2026"


def test_dirty_tracks_edits_since_set_values(qtbot, db):
    form = RecordForm(BodyService(db))
    qtbot.addWidget(form)
    form.set_values(BodyService(db).defaults() | {"name": "LAG"})
    assert not form.is_dirty()
    type_into(qtbot, form.editor("name"), "LAG Coburger Land")
    assert form.is_dirty()
    assert form.values(changed_only=True) == {"name": "LAG Coburger Land"}
    type_into(qtbot, form.editor("name"), "LAG")
    assert not form.is_dirty()
    # The same amount typed differently is no change.
    type_into(qtbot, form.editor("quorum_share_bp"), "50")
    assert not form.is_dirty()


def test_errors_go_beside_fields_others_on_top(qtbot, db):
    form = RecordForm(BodyService(db))
    qtbot.addWidget(form)
    form.show()
    form.show_errors({"name": "„Name“ muss ausgefüllt sein.", "other": "Etwas anderes."})
    assert form.error_text("name") == "„Name“ muss ausgefüllt sein."
    assert form.general_error.text() == "Etwas anderes."
    assert form.general_error.isVisible()
    type_into(qtbot, form.editor("name"), "L")  # correcting the field takes the complaint away
    assert not form.error_labels["name"].isVisible()
    form.clear_errors()
    assert not form.general_error.isVisible()


def test_reference_field_lists_records_and_completes_on_any_part(qtbot, db):
    contacts = ContactService(db)
    mueller = contacts.create({"kind": "person", "first_name": "Jürgen", "last_name": "Müller"})
    contacts.create({"kind": "person", "first_name": "Ayşe", "last_name": "Öztürk"})
    body = BodyService(db).create({"name": "LAG"})
    form = RecordForm(MeetingService(db))
    qtbot.addWidget(form)
    form.show()
    form.set_values({"body_id": body, "state": "geplant", "chair_id": mueller})
    assert form.editor("body_id").currentText() == "LAG"
    assert form.editor("chair_id").currentText() == "Müller, Jürgen"
    completer = form.editor("chair_id").completer()
    completer.setCompletionPrefix("jürg")  # contains-matching, case-insensitive
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Müller, Jürgen"
    type_into(qtbot, form.editor("chair_id"), "Öztürk, Ayşe")
    assert form.values()["chair_id"] != mueller
    type_into(qtbot, form.editor("chair_id"), "Niemand")
    with pytest.raises(ValidationError) as info:
        form.values()
    assert "steht nicht in der Liste" in info.value.errors["chair_id"]
    type_into(qtbot, form.editor("chair_id"), "")
    assert form.values()["chair_id"] is None


def test_datetime_and_choice_editors(qtbot, db):
    body = BodyService(db).create({"name": "LAG"})
    form = RecordForm(MeetingService(db))
    qtbot.addWidget(form)
    form.set_values({"body_id": body, "state": "geplant"})
    type_into(qtbot, form.editor("starts_at"), "4.3.2026 18:30")
    choose(form.editor("state"), "durchgefuehrt")
    values = form.values()
    assert values["starts_at"] == datetime(2026, 3, 4, 18, 30)
    assert values["state"] == "durchgefuehrt"
    assert form.editor("state").currentText() == "durchgeführt"
    assert values["body_id"] == body
