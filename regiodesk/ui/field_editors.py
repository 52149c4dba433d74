"""One editor per field kind: a widget, its typed value, and German parsing.

``value()`` returns the typed value or raises ``ValueError`` with a German
message; ``state()`` is what the form compares to know whether the user has
changed anything (the parsed value where it parses, else the raw text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from regiodesk.domain import parse
from regiodesk.fields import Field, Kind, format_quantity
from regiodesk.i18n import format_cents, format_date, format_datetime, format_percent_bp, tr

Index = QModelIndex | QPersistentModelIndex


class FieldEditor:
    widget: QWidget

    def __init__(self, field: Field):
        self.field = field

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def state(self) -> Any:
        try:
            return ("value", self.value())
        except ValueError:
            return ("text", self.text())

    def text(self) -> str:
        return ""

    def on_change(self, callback: Callable[[], None]) -> None:
        raise NotImplementedError

    def prepare(self) -> None:
        """Load what the editor needs before it is used (lookup lists)."""


class TextEditor(FieldEditor):
    def __init__(self, field: Field, max_length: int | None):
        super().__init__(field)
        self.widget = self.edit = QLineEdit()
        if max_length:
            self.edit.setMaxLength(max_length)

    def value(self) -> str:
        return self.edit.text().strip()

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)  # show a long title from its beginning, not its end

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textEdited.connect(callback)


class MultilineEditor(FieldEditor):
    def __init__(self, field: Field):
        super().__init__(field)
        self.widget = self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)  # keyboard users move on with Tab, as in every other field
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 4 + 12)

    def value(self) -> str:
        return self.edit.toPlainText().strip()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textChanged.connect(callback)


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _formatter(kind: Kind) -> Callable[[Any], str]:
    formatters: dict[Kind, Callable[[Any], str]] = {
        Kind.MONEY: format_cents,
        Kind.PERCENT: format_percent_bp,
        Kind.QUANTITY: lambda milli: "" if milli is None else format_quantity(milli),
        Kind.DATE: format_date,
        Kind.DATETIME: format_datetime,
    }
    return formatters.get(kind, _plain)


_PLACEHOLDERS = {
    Kind.DATE: "TT.MM.JJJJ",
    Kind.DATETIME: "TT.MM.JJJJ HH:MM",
    Kind.MONEY: "0,00 €",
    Kind.PERCENT: "0 %",
}


class ParsedEditor(FieldEditor):
    """A line edit for numbers, money, percentages, dates and times, read the German way."""

    def __init__(self, field: Field):
        super().__init__(field)
        self.widget = self.edit = QLineEdit()
        self._format = _formatter(field.kind)
        placeholder = _PLACEHOLDERS.get(field.kind)
        if placeholder:
            self.edit.setPlaceholderText(tr(placeholder))
        if field.kind in (Kind.INT, Kind.MONEY, Kind.PERCENT, Kind.QUANTITY):
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Show "1234,5" as "1.234,50 €" once the user leaves the field; unparseable
        # text stays exactly as typed so the user can correct it.
        self.edit.editingFinished.connect(self._tidy)

    def value(self) -> Any:
        text = self.edit.text()
        kind = self.field.kind
        if kind is Kind.INT:
            return parse.parse_int(text, self.field.minimum, self.field.maximum)
        if kind is Kind.MONEY:
            return parse.parse_money(text)
        if kind is Kind.PERCENT:
            return parse.parse_percent(text)
        if kind is Kind.QUANTITY:
            return parse.parse_quantity(text)
        if kind is Kind.DATE:
            return parse.parse_date(text)
        return parse.parse_datetime(text)

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(self._format(value) if value is not None else "")

    def _tidy(self) -> None:
        try:
            value = self.value()
        except ValueError:
            return
        tidy = self._format(value) if value is not None else ""
        if tidy != self.edit.text():
            self.edit.setText(tidy)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.edit.textEdited.connect(callback)


class BoolEditor(FieldEditor):
    def __init__(self, field: Field):
        super().__init__(field)
        self.widget = self.box = QCheckBox()

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def on_change(self, callback: Callable[[], None]) -> None:
        self.box.toggled.connect(callback)


class ChoiceEditor(FieldEditor):
    def __init__(self, field: Field):
        super().__init__(field)
        assert field.choices is not None
        self.widget = self.combo = QComboBox()
        # As wide as the form gives it, not as wide as the longest choice: a narrow form keeps
        # label and field on one line; the open list shows the choices in full.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        if not field.required:
            self.combo.addItem("", None)
        for value, label in field.choices.choices():
            self.combo.addItem(tr(label), value)

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            # A value this version does not know (from a newer device): keep it, never silently change it.
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0) if value is not None or not self.field.required else -1)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.combo.activated.connect(lambda _index: callback())


class OptionsModel(QAbstractListModel):
    """(id, label) pairs for a reference field; filled in one go, fast for 20,000 contacts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._options: list[tuple[str | None, str]] = [(None, "")]

    def set_options(self, options: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._options = [(None, ""), *options]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._options)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._options):
            return None
        record_id, label = self._options[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return record_id
        return None

    def options(self) -> list[tuple[str, str]]:
        """The choices without the empty first row."""
        return [(rid, label) for rid, label in self._options[1:] if rid is not None]

    def row_of(self, record_id: str | None) -> int:
        for row, (rid, _label) in enumerate(self._options):
            if rid == record_id:
                return row
        return -1

    def rows_labelled(self, text: str) -> list[int]:
        wanted = text.strip().casefold()
        return [row for row, (_rid, label) in enumerate(self._options) if label.casefold() == wanted]


class RefEditor(FieldEditor):
    """An editable combo box: type part of a name, pick from the completer."""

    def __init__(
        self,
        field: Field,
        load: Callable[[str], list[tuple[str, str]]],
        describe: Callable[[str, str], str | None] | None = None,
    ):
        super().__init__(field)
        self._load = load
        #: (lookup, id) -> label of a record not offered any more (deactivated), None if gone
        self._describe = describe
        self._loaded = False
        self._pending: str | None = None
        self.options = OptionsModel()
        self.widget = self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setModel(self.options)
        self.combo.setMaxVisibleItems(20)
        line_edit = self.combo.lineEdit()
        assert line_edit is not None  # an editable combo box always has one
        line_edit.setPlaceholderText(tr("Namen tippen oder auswählen …"))
        completer = QCompleter(self.options, self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)

    def prepare(self) -> None:
        if not self._loaded:
            self.reload_options()

    def reload_options(self) -> None:
        keep = self._current_id_or_pending()
        self.options.set_options(self._load(self.field.lookup or ""))
        self._loaded = True
        self._select(keep)

    def _current_id_or_pending(self) -> str | None:
        if not self._loaded:
            return self._pending
        try:
            return self.value()
        except ValueError:
            return None

    def value(self) -> str | None:
        if not self._loaded:
            return self._pending
        text = self.combo.currentText().strip()
        if not text:
            return None
        row = self.combo.currentIndex()
        if row > 0 and self.options.data(self.options.index(row), Qt.ItemDataRole.DisplayRole) == text:
            return self.options.data(self.options.index(row), Qt.ItemDataRole.UserRole)
        rows = self.options.rows_labelled(text)
        if len(rows) == 1:
            return self.options.data(self.options.index(rows[0]), Qt.ItemDataRole.UserRole)
        if len(rows) > 1:
            raise ValueError(tr("„{text}“ gibt es mehrmals. Bitte aus der Liste wählen.", text=text))
        raise ValueError(tr("„{text}“ steht nicht in der Liste. Bitte aus der Liste wählen.", text=text))

    def text(self) -> str:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self._pending = value
        if self._loaded:
            self._select(value)

    def _select(self, record_id: str | None) -> None:
        row = self.options.row_of(record_id)
        if row < 0 and record_id is not None and self._describe is not None:
            # A deactivated catalogue entry still shows where it is used (and stays chosen).
            label = self._describe(self.field.lookup or "", record_id)
            if label is not None:
                self.options.set_options([*self.options.options(), (record_id, label)])
                row = self.options.row_of(record_id)
        if row < 0 and record_id is not None:
            # The referenced record is gone from the lookup (deleted elsewhere): say so instead
            # of showing an empty field that would silently drop the reference on save.
            self.combo.setCurrentIndex(0)
            self.combo.setEditText(tr("(nicht mehr vorhanden)"))
            return
        self.combo.setCurrentIndex(max(row, 0))
        # A long name in a narrow field shows its beginning, not its end.
        line_edit = self.combo.lineEdit()
        if line_edit is not None:
            line_edit.setCursorPosition(0)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.combo.editTextChanged.connect(lambda _text: callback())
        self.combo.activated.connect(lambda _index: callback())


def make_editor(
    field: Field,
    max_length: int | None,
    load_options: Callable[[str], list[tuple[str, str]]],
    describe: Callable[[str, str], str | None] | None = None,
) -> FieldEditor:
    kind = field.kind
    if kind is Kind.TEXT:
        return TextEditor(field, max_length)
    if kind is Kind.MULTILINE:
        return MultilineEditor(field)
    if kind is Kind.BOOL:
        return BoolEditor(field)
    if kind is Kind.CHOICE:
        return ChoiceEditor(field)
    if kind is Kind.REF:
        return RefEditor(field, load_options, describe)
    return ParsedEditor(field)
