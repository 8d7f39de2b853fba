"""A KPI's summary as a bar chart (QtCharts); clicking a bar asks for the rows behind it."""
from __future__ import annotations

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart,
                              QChartView, QHorizontalBarSeries, QValueAxis)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette

from gui.dashboard.catalog import Chart, term, tr


class KpiChart(QChartView):
    """``bar_clicked(kpi, label)``: ``label`` is the summary key of the bar ("" for "-")."""
    bar_clicked = Signal(str, str)

    def __init__(self, spec: Chart, parent=None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.keys: list[str] = []
        self.summary: dict[str, float] = {}
        self.horizontal = False
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.setChart(self._empty())

    def _empty(self) -> QChart:
        chart = QChart()
        chart.setTitle(tr(self.spec.title))
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        return chart

    def show_summary(self, summary: dict[str, float]) -> None:
        """Columns for a few short labels; otherwise horizontal bars, first key on top, so
        labels such as product lines are read in full instead of elided under a column."""
        self.summary, self.keys = dict(summary), list(summary)
        labels = [str(term(k)) for k in self.keys]
        self.horizontal = len(labels) > 4 or max(map(len, labels), default=0) > 8
        shown = list(reversed(labels)) if self.horizontal else labels   # Qt draws bottom-up
        values = [float(summary[k] or 0) for k in self.keys]
        chart = self._empty()
        bars = QBarSet(tr(self.spec.title))
        bars.setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
        for value in (reversed(values) if self.horizontal else values):
            bars.append(value)
        series = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.clicked.connect(self._on_series_clicked)
        chart.addSeries(series)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.8)
        categories = QBarCategoryAxis()
        categories.append(shown or [""])
        categories.setLabelsFont(small)
        amounts = QValueAxis()
        amounts.setRange(0, max(values + [1.0]) * 1.15)
        amounts.setLabelFormat("%g")
        amounts.setLabelsFont(small)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft if self.horizontal
                      else Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(amounts, Qt.AlignmentFlag.AlignBottom if self.horizontal
                      else Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(amounts)
        amounts.applyNiceNumbers()
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()

    def _on_series_clicked(self, index: int, _bars=None) -> None:
        """Qt's bar index counts in drawing order (bottom-up for horizontal bars)."""
        self._on_clicked(len(self.keys) - 1 - index if self.horizontal else index)

    def click_bar(self, index: int) -> None:
        """What a click on bar ``index`` does (tests call it; a real click comes through Qt)."""
        self._on_clicked(index, None)

    def _on_clicked(self, index: int, _bars=None) -> None:
        if 0 <= index < len(self.keys):
            key = self.keys[index]
            self.bar_clicked.emit(self.spec.kpi, "" if key == "-" else key)

    def retranslate(self) -> None:
        """Title and bar labels (outcomes, classes) in the new language."""
        if self.summary:
            self.show_summary(self.summary)
        else:
            self.chart().setTitle(tr(self.spec.title))
