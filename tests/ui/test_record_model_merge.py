"""After a save the list merges the one re-read row instead of reloading every row."""

from __future__ import annotations

from regiodesk.services.contacts import ContactService
from regiodesk.ui.record_model import RecordTableModel, prepare


def test_merged_rows_replace_add_and_drop(db, qtmodeltester):
    service = ContactService(db)
    ids = [service.create({"kind": "person", "last_name": name}) for name in ("Ärmel", "Berg", "Zahn")]
    model = RecordTableModel(service.columns)
    model.set_rows(service.rows())
    model.sort(0)
    service.update(ids[2], {"last_name": "Aal"})
    new = service.create({"kind": "person", "last_name": "Mühle"})
    service.delete(ids[1])
    asked = [ids[1], ids[2], new]
    model.set_rows(model.merged(prepare(service.columns, service.rows(ids=asked)), asked))
    assert [model.values_at(r)[0] for r in range(model.rowCount())] == ["Aal", "Ärmel", "Mühle"]
    qtmodeltester.check(model)


def test_a_long_text_is_shown_from_its_beginning(db, qtbot):
    from regiodesk.services.projects import ProjectService
    from regiodesk.ui.record_form import RecordForm

    form = RecordForm(ProjectService(db))
    qtbot.addWidget(form)
    form.set_values({**ProjectService(db).defaults(), "title": "Digitalwerkstatt " * 10})
    assert form.editor("title").cursorPosition() == 0
