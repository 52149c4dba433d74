"""Charts of the monitoring, drawn with reportlab's graphics (no screen, no Qt needed).

Each function returns a :class:`~reportlab.graphics.shapes.Drawing`, which is a flowable: it
goes straight into a PDF story, and ``renderPM`` can turn it into a PNG for a preview.
Axis labels use German number formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from regiodesk.domain.monitoring import BudgetLine, IndicatorLine
from regiodesk.i18n import format_decimal
from regiodesk.reports.pdf import FONT, GREY, register_fonts

PLANNED = colors.HexColor("#B8C4D1")
COMMITTED = colors.HexColor("#3E6A96")
PAID = colors.HexColor("#E39B2D")
TARGET = colors.HexColor("#A40000")


def _euro_axis(value: float) -> str:
    """Axis label in thousands or millions of euros: '250 T€', '1,5 Mio. €'."""
    if abs(value) >= 1_000_000:
        return f"{format_decimal(Decimal(str(value)) / 1_000_000, 1)} Mio. €"
    return f"{format_decimal(Decimal(str(value)) / 1000, 0)} T€"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(x: float, y: float, pairs: Sequence[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName, legend.fontSize = FONT, 8
    legend.columnMaximum = 1
    legend.deltax = 150
    legend.dx, legend.dy = 8, 8
    legend.colorNamePairs = list(pairs)
    return legend


def budget_chart(lines: Sequence[BudgetLine], width: float, height: float = 210) -> Drawing:
    """Grouped bars per Handlungsfeld: planned (after reallocations), committed, paid (euros)."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 62, 48
    chart.width, chart.height = width - 72, height - 78
    chart.data = [
        [line.planned_cents / 100 for line in lines],
        [line.committed_cents / 100 for line in lines],
        [line.paid_cents / 100 for line in lines],
    ]
    for n, color in enumerate((PLANNED, COMMITTED, PAID)):
        chart.bars[n].fillColor = color
        chart.bars[n].strokeColor = None
    chart.groupSpacing, chart.barSpacing = 10, 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = _euro_axis
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.categoryAxis.categoryNames = [line.code or _short(line.name, 14) for line in lines]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 8
    chart.categoryAxis.labels.dy = -4
    drawing.add(chart)
    drawing.add(
        _legend(
            chart.x,
            height - 12,
            [
                (PLANNED, "Budget (nach Umschichtungen)"),
                (COMMITTED, "gebunden (LAG-Beschluss)"),
                (PAID, "ausgezahlt"),
            ],
        )
    )
    return drawing


def progress_chart(
    lines: Sequence[IndicatorLine], year: int, width: float, prefixes: Mapping[str, str] | None = None
) -> Drawing:
    """One bar per indicator: actual against target, both summed up to ``year``, in percent.

    Bars end at 150 % (the value is written beside a longer one); a red line marks 100 %.
    Indicators without a target up to the year are left out. ``prefixes`` (Handlungsfeld id ->
    short code) tells apart indicators of the same name in different fields.
    """
    register_fonts()
    shown = [(line, line.progress) for line in lines if line.progress is not None]
    row = 17
    height = 58 + row * max(len(shown), 1)
    drawing = Drawing(width, height)
    label_width = 190
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 30
    chart.width, chart.height = width - label_width - 40, row * max(len(shown), 1)
    cap = Fraction(3, 2)
    values = [float(min(progress, cap) * 100) for _, progress in shown]
    chart.data = [list(reversed(values)) or [0]]
    chart.bars[0].fillColor = COMMITTED
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 150, 25
    chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f} %"
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.valueAxis.gridStrokeWidth = 0.4
    prefixes = prefixes or {}

    def name(line: IndicatorLine) -> str:
        prefix = prefixes.get(line.indicator.action_field_id or "", "")
        return _short(f"{prefix}: {line.indicator.name}" if prefix else line.indicator.name, 40)

    names = [name(line) for line, _ in shown]
    chart.categoryAxis.categoryNames = list(reversed(names)) or [""]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabelFormat = None
    drawing.add(chart)
    hundred = chart.x + chart.width * 100 / 150
    drawing.add(
        Line(hundred, chart.y - 2, hundred, chart.y + chart.height + 2, strokeColor=TARGET, strokeWidth=1)
    )
    for n, (_, progress) in enumerate(reversed(shown)):
        y = chart.y + row * n + row / 2 - 3
        x = chart.x + chart.width * float(min(progress, cap) * 100) / 150 + 3
        text = f"{format_decimal(Decimal(progress.numerator * 100) / progress.denominator, 0)} %"
        drawing.add(String(x, y, text, fontName=FONT, fontSize=7, fillColor=GREY))
    drawing.add(
        String(
            chart.x,
            height - 14,
            f"Zielerreichung bis {year} (Ist gegen Ziel, aufsummiert; rote Linie: 100 %)",
            fontName=FONT,
            fontSize=8,
            fillColor=GREY,
        )
    )
    return drawing
