"""Simple horizontal bar charts painted with QPainter (Qt Charts is not part of PySide6-Essentials).

One row per category (a Handlungsfeld, an indicator), one bar per series, a legend above,
the value written at the end of each bar, an optional reference line (100 % of a target).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from regiodesk.i18n import tr


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: Sequence[float]


class BarChart(QWidget):
    """``set_data(categories, series)``; values in any unit, ``format_value`` writes them."""

    BAR = 11
    GAP = 3
    ROW_GAP = 10
    LEGEND = 22

    def __init__(self, format_value: Callable[[float], str] = str, parent: QWidget | None = None):
        super().__init__(parent)
        self.format_value = format_value
        self.categories: list[str] = []
        self.series: list[Series] = []
        self.reference: float | None = None
        self.reference_label = ""
        self.empty_text = tr("Keine Daten für diese Auswahl.")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        reference: float | None = None,
        reference_label: str = "",
    ) -> None:
        self.categories = list(categories)
        self.series = list(series)
        self.reference = reference
        self.reference_label = reference_label
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _row_height(self) -> int:
        return max(1, len(self.series)) * (self.BAR + self.GAP) + self.ROW_GAP

    def sizeHint(self) -> QSize:
        rows = max(1, len(self.categories))
        return QSize(400, self.LEGEND + rows * self._row_height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        rect = self.rect().adjusted(4, 2, -4, -2)
        if not self.categories or not self.series:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        # legend
        x = rect.left()
        for series in self.series:
            painter.fillRect(QRectF(x, rect.top() + 5, 12, 10), QColor(series.color))
            painter.setPen(self.palette().text().color())
            painter.drawText(int(x + 16), rect.top() + 15, series.name)
            x += 16 + metrics.horizontalAdvance(series.name) + 18
        if self.reference is not None and self.reference_label:
            painter.setPen(QPen(QColor("#444444"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(int(x), rect.top() + 10, int(x + 14), rect.top() + 10)
            painter.setPen(self.palette().text().color())
            painter.drawText(int(x + 18), rect.top() + 15, self.reference_label)

        label_width = min(max(metrics.horizontalAdvance(c) for c in self.categories) + 10, rect.width() // 3)
        value_width = max(
            (metrics.horizontalAdvance(self.format_value(v)) for s in self.series for v in s.values),
            default=0,
        )
        left = rect.left() + label_width
        width = max(rect.width() - label_width - value_width - 10, 20)
        peak = max([*(v for s in self.series for v in s.values), self.reference or 0, 0]) or 1
        top = rect.top() + self.LEGEND
        row_height = self._row_height()
        for n, category in enumerate(self.categories):
            y = top + n * row_height
            painter.setPen(self.palette().text().color())
            text = metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(
                QRectF(rect.left(), y, label_width - 8, row_height - self.ROW_GAP),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                text,
            )
            for k, series in enumerate(self.series):
                value = series.values[n] if n < len(series.values) else 0
                bar_y = y + k * (self.BAR + self.GAP)
                length = max(0.0, value) / peak * width
                painter.fillRect(QRectF(left, bar_y, length, self.BAR), QColor(series.color))
                painter.setPen(self.palette().text().color())
                painter.drawText(int(left + length + 4), int(bar_y + self.BAR - 1), self.format_value(value))
        if self.reference is not None:
            x_ref = left + self.reference / peak * width
            painter.setPen(QPen(QColor("#444444"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(int(x_ref), top - 2, int(x_ref), top + len(self.categories) * row_height)
        painter.end()


__all__ = ["BarChart", "Series"]
