"""A small read-only table beside a record: a body's members, a meeting's agenda, …

The rows are the dicts a service returns (``BodyService.members`` etc.); each
tab names the keys to show and how to format them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from regiodesk.domain.enums import LabelledEnum
from regiodesk.fields import NUMERIC, Kind, display_value
from regiodesk.i18n import tr
from regiodesk.ui.tables import make_table

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PanelColumn:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    choices: type[LabelledEnum] | None = None
    width: int = 0


class DictTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[PanelColumn], parent=None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._cells: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._cells = [
            tuple(display_value(row.get(c.key), c.kind, c.choices) for c in self.columns) for row in rows
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._cells):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = self.columns[index.column()].kind in NUMERIC
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr(self.columns[section].label) if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RelatedPanel(QWidget):
    """Title, table and an empty-state hint; ``show_for(id)`` fills it, ``None`` clears it."""

    def __init__(
        self,
        title: str,
        columns: Sequence[PanelColumn],
        rows_of: Callable[[str], list[dict[str, Any]]],
        empty_text: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._rows_of = rows_of
        self._empty_text = empty_text
        self.model = DictTableModel(columns, self)
        self.title = QLabel(f"<b>{title}</b>")
        # Spare width goes to the widest column (the name or title), not to the last one.
        widest = max(range(len(columns)), key=lambda n: columns[n].width)
        self.view = make_table(self.model, [c.width for c in columns], stretch=widest)
        self.hint = QLabel(empty_text)
        self.hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)

    def show_for(self, record_id: str | None) -> None:
        rows = self._rows_of(record_id) if record_id else []
        self.model.set_rows(rows)
        if record_id is None:
            self.hint.setText(tr("Erst nach dem Speichern verfügbar."))
        else:
            self.hint.setText(self._empty_text)
        self.hint.setVisible(not rows)
