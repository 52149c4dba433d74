"""The detail editor of a record, built from the service's field declarations.

Nothing typed is ever thrown away here: errors are shown beside their fields
and the input stays as it is until the user changes it or discards it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.fields import Field, Kind
from regiodesk.i18n import tr
from regiodesk.services import lookups
from regiodesk.services.records import RecordService
from regiodesk.ui.field_editors import FieldEditor, RefEditor, make_editor

log = logging.getLogger(__name__)
T = TypeVar("T")

ERROR_STYLE = "color: #b00020;"
GENERAL_ERROR_STYLE = (
    "color: #b00020; background: #fdecee; border: 1px solid #f3b7bf; border-radius: 3px; padding: 6px;"
)


class RecordForm(QScrollArea):
    def __init__(self, service: RecordService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.editors: dict[str, FieldEditor] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._snapshot: dict[str, Any] = {}
        #: The values the form was filled with (a record as loaded): what the user saw, so that a
        #: save does not overwrite what someone else changed meanwhile (RecordService.update).
        self.loaded: dict[str, Any] = {}
        self._options_cache: dict[str, list[tuple[str, str]]] = {}
        self._prepared = False

        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 8, 4)
        self.general_error = QLabel()
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(GENERAL_ERROR_STYLE)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        self._labels: list[QLabel] = []
        self._build(layout)
        # One label column width for all sections, so the fields line up across group boxes.
        width = max((label.sizeHint().width() for label in self._labels), default=0)
        for label in self._labels:
            label.setMinimumWidth(width)
        layout.addStretch(1)
        self.setWidget(content)

    # ------------------------------------------------------------ building
    def _build(self, layout: QVBoxLayout) -> None:
        # Consecutive fields of the same group form one section, so the declared
        # order (e.g. "Notizen" after the money block) is kept on screen.
        section: QFormLayout | None = None
        current_group: str | None = None
        for field in self.service.fields:
            if section is None or field.group != current_group:
                current_group = field.group
                section = self._new_section(layout, field.group)
            self._add_row(section, field)

    def _new_section(self, layout: QVBoxLayout, group: str) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        if group:
            box = QGroupBox(tr(group))
            box.setLayout(form)
            layout.addWidget(box)
        else:
            layout.addLayout(form)
        return form

    def _add_row(self, form: QFormLayout, field: Field) -> None:
        editor = make_editor(
            field,
            self.service.max_length(field),
            self._options,
            lambda lookup, record_id: lookups.label_of(self.service.db, lookup, record_id),
        )
        editor.widget.setObjectName(field.name)
        label_text = tr(field.label) + (" *" if field.required else "")
        label = QLabel(label_text)
        label.setBuddy(editor.widget)
        self._labels.append(label)
        error = QLabel()
        error.setObjectName(f"{field.name}_error")
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        cell_layout.addWidget(editor.widget)
        cell_layout.addWidget(error)
        form.addRow(label, cell)
        editor.on_change(lambda *_args, name=field.name: self._edited(name))
        self.editors[field.name] = editor
        self.error_labels[field.name] = error

    def _options(self, lookup: str) -> list[tuple[str, str]]:
        if lookup not in self._options_cache:
            self._options_cache[lookup] = lookups.options(self.service.db, lookup)
        return self._options_cache[lookup]

    # ----------------------------------------------------------- lookups
    def prepare(self) -> None:
        """Fill the reference lists; done when the form is first needed, not at start-up."""
        if self._prepared:
            return
        for editor in self.editors.values():
            editor.prepare()
        self._prepared = True

    def refresh_options(self) -> None:
        """Reload the reference lists (a body or contact was added in another tab)."""
        if not self._prepared:
            return
        self._options_cache.clear()
        dirty = self.is_dirty()
        for editor in self.editors.values():
            if isinstance(editor, RefEditor):
                editor.reload_options()
        if not dirty:
            self.mark_clean()

    def showEvent(self, event) -> None:
        self.prepare()
        super().showEvent(event)

    # ------------------------------------------------------------ values
    def set_values(self, values: dict[str, Any]) -> None:
        self.prepare()
        self.loaded = dict(values)
        for name, editor in self.editors.items():
            editor.set_value(values.get(name))
        self.clear_errors()
        self.mark_clean()

    def values(self, changed_only: bool = False) -> dict[str, Any]:
        """Typed values; raises ValidationError naming every field that does not parse."""
        values, errors, changed = self.collect()
        if changed_only:
            values = {name: value for name, value in values.items() if name in changed}
            errors = {name: message for name, message in errors.items() if name in changed}
        if errors:
            raise ValidationError(errors)
        return values

    def collect(self) -> tuple[dict[str, Any], dict[str, str], set[str]]:
        """(values that parse, German parse errors, names of fields changed since set_values)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        changed: set[str] = set()
        for name, editor in self.editors.items():
            if editor.state() != self._snapshot.get(name):
                changed.add(name)
            try:
                values[name] = editor.value()
            except ValueError as error:
                errors[name] = str(error)
        return values, errors, changed

    def write(self, record_id: str | None) -> str:
        """Create (``record_id`` None) or update the record from the fields; return its id.

        Raises ValidationError with every problem at once (what does not parse and what
        the rules refuse); an existing record is checked only in the fields that changed.
        """
        values, errors, changed = self.collect()
        if record_id is not None:
            errors = {name: message for name, message in errors.items() if name in changed}
        if errors:
            try:
                self.service.validate({**self.service.defaults(), **values})
            except ValidationError as rules:
                errors = {**rules.errors, **errors}
            raise ValidationError(errors)
        if record_id is None:
            return self.service.create(values)
        update = {name: values[name] for name in changed if name in values}
        if update:
            seen = {name: self.loaded[name] for name in update if name in self.loaded}
            self.service.update(record_id, update, seen)
            self.loaded.update(update)
        return record_id

    def guarded(self, action: Callable[[], T]) -> T | None:
        """Run a save; on refusal show why beside the fields and return None. Input stays as typed."""
        try:
            return action()
        except ValidationError as error:
            self.show_errors(error.errors)
        except DomainError as error:
            self.show_general(str(error))
        except Exception:
            # Only a bug gets here: keep every character typed and say so plainly.
            log.exception("Speichern fehlgeschlagen")
            self.show_general(
                tr(
                    "Speichern ist wegen eines Programmfehlers fehlgeschlagen. Ihre Eingaben sind "
                    "noch da; bitte prüfen Sie sie oder verwerfen Sie die Änderung."
                )
            )
        return None

    def is_dirty(self) -> bool:
        return bool(self.changed_fields())

    def changed_fields(self) -> list[str]:
        return [name for name, e in self.editors.items() if e.state() != self._snapshot.get(name)]

    def mark_clean(self) -> None:
        self._snapshot = {name: editor.state() for name, editor in self.editors.items()}

    # ------------------------------------------------------------ errors
    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        general = []
        first: QWidget | None = None
        for name, message in errors.items():
            label = self.error_labels.get(name)
            if label is None:
                general.append(message)
                continue
            label.setText(message)
            label.show()
            if first is None:
                first = self.editors[name].widget
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        target = first or self.general_error
        self.ensureWidgetVisible(target)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.setVisible(bool(message))

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        self.general_error.clear()
        self.general_error.hide()

    def error_text(self, name: str) -> str:
        return self.error_labels[name].text()

    def _edited(self, name: str) -> None:
        # The user is correcting the field: the old complaint no longer applies.
        label = self.error_labels[name]
        if label.text():
            label.clear()
            label.hide()

    def focus_first(self) -> None:
        for editor in self.editors.values():
            if editor.widget.isEnabled():
                editor.widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def editor(self, name: str) -> QWidget:
        """The widget editing field ``name`` (tests and the tab use it)."""
        return self.editors[name].widget


__all__ = ["Kind", "RecordForm"]
