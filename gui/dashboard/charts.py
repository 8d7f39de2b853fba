"""A KPI's summary as a bar chart (QtCharts); clicking a bar asks for the rows behind it."""
from __future__ import annotations

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart,
                              QChartView, QValueAxis)
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
        self.summary, self.keys = dict(summary), list(summary)
        chart = self._empty()
        bars = QBarSet(tr(self.spec.title))
        bars.setLabelColor(self.palette().color(QPalette.ColorRole.WindowText))
        for key in self.keys:
            bars.append(float(summary[key] or 0))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.clicked.connect(self._on_clicked)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([str(term(k)) for k in self.keys] or [""])
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.8)
        axis_x.setLabelsFont(small)
        if len(self.keys) > 4:
            axis_x.setLabelsAngle(-45)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([float(v or 0) for v in summary.values()] + [1.0]) * 1.15)
        axis_y.setLabelFormat("%g")
        axis_y.setLabelsFont(small)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_y.applyNiceNumbers()
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()

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
