"""The dashboard: KPI tiles and charts for a period and a warehouse, and the report table behind
them. A click on a tile shows that KPI's rows; a click on a bar shows the rows of that bar only.
Reports sort by any column, filter by text, and export to CSV or XLSX.

All database work runs in ops (``KpiService``, permission-checked there); the UI thread only
lays out results. A change broadcast refreshes the dashboard when it is visible, or on its next
show otherwise.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from functools import partial

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QGridLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QSizePolicy, QSplitter, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from domain.queries.kpis.common import ROW_LIMIT, KpiFilter, KpiResult
from domain.queries.kpis.report import report_record, report_template
from domain.queries.kpis.service import KpiService
from domain.services.tabular.files import write_table
from gui import errors
from gui.context import AppContext
from gui.dashboard.alerts import ALERT_KPIS, SCREEN, alert_count
from gui.dashboard.catalog import CHARTS, REPORTS, TILES, column_title, term, tile_text, tr
from gui.dashboard.charts import KpiChart
from gui.dashboard.table import KpiRowsModel, KpiRowsProxy
from gui.widgets.retranslate import Retranslating

DASHBOARD_KPIS = tuple(dict.fromkeys([t.kpi for t in TILES] + [c.kpi for c in CHARTS]))
DEFAULT_DAYS = 30
EXPORT_FILTERS = "Excel (*.xlsx);;CSV (*.csv);;PDF (*.pdf)"


class DashboardScreen(Retranslating, QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.results: dict[str, KpiResult] = {}
        self.report_key = TILES[0].kpi
        self.drill_value: str | None = None
        self._stale = self._reload_again = False
        self._pending = self._generation = self._failed_generation = 0
        self._setup_ui()
        ctx.changed.connect(self._on_changed)
        self.retranslate()
        self._load_warehouses()
        self.reload()

    # -- layout ----------------------------------------------------------------------------------
    def _setup_ui(self) -> None:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self._overview())
        splitter.addWidget(self._report_area())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        layout.addWidget(splitter, 1)

    def _filter_bar(self) -> QHBoxLayout:
        today = self._now().astimezone().date()
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for edit, day in ((self.date_from, today - timedelta(days=DEFAULT_DAYS - 1)),
                          (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.dateChanged.connect(lambda _d: self.reload())
        self.from_label, self.to_label = QLabel(self), QLabel(self)
        self.warehouse = QComboBox(self)
        self.warehouse.addItem("", "")
        self.warehouse.activated.connect(lambda _i: self.reload())
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.reload)
        self.status = QLabel(self)
        bar = QHBoxLayout()
        for w in (self.from_label, self.date_from, self.to_label, self.date_to, self.warehouse,
                  self.refresh_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        return bar

    def _overview(self) -> QWidget:
        """The tiles (two rows) above the charts."""
        self.tiles: dict[str, QToolButton] = {}
        grid = QGridLayout()
        for n, tile in enumerate(TILES):
            button = QToolButton(self)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setMinimumHeight(64)
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            button.setFont(font)
            button.clicked.connect(lambda _=False, k=tile.kpi: self.show_report(k))
            self.tiles[tile.kpi] = button
            grid.addWidget(button, n // 6, n % 6)
        self.charts = [KpiChart(spec, self) for spec in CHARTS]
        charts = QHBoxLayout()
        for chart in self.charts:
            chart.bar_clicked.connect(self.show_report)
            charts.addWidget(chart)
        top = QWidget(self)
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        return top

    def _report_area(self) -> QWidget:
        """The report chooser, drill-down line, text filter, export and the table."""
        self.report = QComboBox(self)
        for key in REPORTS:
            self.report.addItem("", key)
        self.report.activated.connect(lambda i: self.show_report(self.report.itemData(i)))
        self.drill_label = QLabel(self)
        self.all_rows_button = QPushButton(self)
        self.all_rows_button.clicked.connect(lambda: self.show_report(self.report_key))
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self._ask_export)
        self.model = KpiRowsModel(self)
        self.proxy = KpiRowsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)                 # the KPI's own order until a column is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().hide()
        tools = QHBoxLayout()
        for w in (self.report, self.drill_label, self.all_rows_button):
            tools.addWidget(w)
        tools.addStretch(1)
        tools.addWidget(self.filter)
        tools.addWidget(self.export_button)
        bottom = QWidget(self)
        layout = QVBoxLayout(bottom)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        return bottom

    def retranslate(self) -> None:
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("to"))
        self.warehouse.setItemText(0, self.tr("All warehouses"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.all_rows_button.setText(self.tr("All rows"))
        self.filter.setPlaceholderText(self.tr("Filter rows…"))
        self.export_button.setText(self.tr("Export…"))
        for i in range(self.report.count()):
            self.report.setItemText(i, tr(REPORTS[self.report.itemData(i)]))
        for chart in self.charts:
            chart.retranslate()
        self.model.retranslate()
        self._show_tiles()
        self._show_drill_label()

    # -- loading ---------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return self.ctx.clock.now() if self.ctx.clock else datetime.now(timezone.utc)

    def current_filter(self, rows: bool = True) -> KpiFilter:
        """The chosen period and warehouse; ``rows=False`` for a tile's value only."""
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        if end < start:
            start, end = end, start
        return KpiFilter(start, end, self.warehouse.currentData() or "", now=self._now(),
                         tz=datetime.now().astimezone().tzinfo, rows=rows)

    def _load_warehouses(self) -> None:
        service, actor = self.ctx.service(KpiService), self.ctx.actor
        self.ctx.op(self, lambda _p: service.warehouses(actor)).success(self._set_warehouses) \
            .failure(lambda _e: None).run()       # the KPIs' own failure is what the user sees

    def _set_warehouses(self, codes: list[str]) -> None:
        current = self.warehouse.currentData()
        while self.warehouse.count() > 1:
            self.warehouse.removeItem(1)
        for code in codes:
            self.warehouse.addItem(code, code)
        self.warehouse.setCurrentIndex(max(0, self.warehouse.findData(current)))

    def reload(self) -> None:
        """Every dashboard KPI (and the open report), one op each: tiles fill as their KPI
        arrives, and other screens' ops are not held behind the whole dashboard."""
        service, actor, f = self.ctx.service(KpiService), self.ctx.actor, self.current_filter()
        keys = DASHBOARD_KPIS + (() if self.report_key in DASHBOARD_KPIS else (self.report_key,))
        self._stale = False
        if self._pending:                 # a burst of changes: one more reload at the end
            self._reload_again = True
            return
        self._generation += 1
        self._pending = len(keys)
        self.status.setText(self.tr("Loading…"))
        tile_only = replace(f, rows=False)      # rows only for the report on show
        for key in keys:
            wanted = f if key == self.report_key else tile_only
            self.ctx.op(self, lambda _p, k=key, w=wanted: service.kpi(actor, k, w)) \
                .success(partial(self._loaded, self._generation, key)) \
                .failure(partial(self._failed, self._generation)).run()

    def _loaded(self, generation: int, key: str, result: KpiResult) -> None:
        if generation == self._generation:
            self.results[key] = result
            self._show_tiles()
            self._update_badge()
            for chart in self.charts:
                if chart.spec.kpi == key:
                    chart.show_summary(result.summary)
            if key == self.report_key:
                if result.rows_read:
                    self._show_table()
                else:                       # the report changed meanwhile: read its rows
                    self.show_report(key, self.drill_value)
        self._settle(self.tr("Updated {time}").format(time=datetime.now().strftime("%H:%M:%S")))

    def _update_badge(self) -> None:
        """The navigation's alert badge follows what this screen just read, where the window
        has one (the same count ``alerts.StockAlertWatcher`` keeps up to date)."""
        window = self.window()
        if all(k in self.results for k in ALERT_KPIS) and hasattr(window, "set_badge"):
            window.set_badge(SCREEN, alert_count(self.results))

    def _failed(self, generation: int, error: Exception) -> None:
        if self._failed_generation != generation:     # one dialog, not one per KPI
            self._failed_generation = generation
            errors.present(self, error)
        self._settle("")

    def _settle(self, status: str) -> None:
        """One op of the reload is back; the last one sets the status or starts the next."""
        self._pending -= 1
        if self._pending:
            return
        self.status.setText(status if self._failed_generation != self._generation else "")
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _show_tiles(self) -> None:
        for tile in TILES:
            result = self.results.get(tile.kpi)
            value = tile_text(result.value if result else None, tile.unit)
            lines = [tr(tile.title), value]
            if result is not None and result.target is not None:
                lines.append(self.tr("target {target} %").format(target=f"{result.target:g}"))
            notes = []
            if result is not None and result.uncosted:
                notes.append(self.tr("{n} item(s) without a cost are left out of values")
                             .format(n=result.uncosted))
            if tile.kpi == "slow_moving" and result is not None:
                notes.append(self.tr("{slow} slow-moving and {obsolete} obsolete item(s)")
                             .format(slow=result.extra.get("slow", 0),
                                     obsolete=result.extra.get("obsolete", 0)))
            if result is not None and result.extra.get("basis") == "qty":
                notes.append(self.tr("By quantity: no item on hand has a cost"))
            if tile.company_wide:
                notes.append(self.tr("Company-wide: the warehouse filter does not apply"))
            button = self.tiles[tile.kpi]
            button.setText("\n".join(lines))
            button.setToolTip("\n".join(notes))

    # -- drill-down and reports ------------------------------------------------------------------
    def show_report(self, key: str, value: str | None = None) -> None:
        """Show KPI ``key``'s rows; with ``value``, only those of that chart bar."""
        self.report_key, self.drill_value = key, value
        self.report.setCurrentIndex(max(0, self.report.findData(key)))
        if key in self.results and self.results[key].rows_read:
            self._show_table()
            return
        service, actor, f = self.ctx.service(KpiService), self.ctx.actor, self.current_filter()
        self.ctx.op(self, lambda _p: service.kpi(actor, key, f)) \
            .success(lambda r: self._add_result(key, r)).run()

    def _add_result(self, key: str, result: KpiResult) -> None:
        self.results[key] = result
        if key == self.report_key:
            self._show_table()

    def _show_table(self) -> None:
        result = self.results.get(self.report_key)
        if result is None:
            self.model.set_result((), [])
            return
        if tuple(result.columns) != self.model.columns:    # another report: its own order
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.proxy.sort(-1)
        self.model.set_result(result.columns, result.rows)
        column = self._drill_column()
        self.proxy.set_drill(column, self.drill_value if column is not None else None)
        self.table.resizeColumnsToContents()
        self._show_drill_label()

    def _drill_column(self) -> int | None:
        if self.drill_value is None:
            return None
        spec = next((c for c in CHARTS if c.kpi == self.report_key), None)
        if spec is None or spec.column not in self.model.columns:
            return None
        return self.model.columns.index(spec.column)

    def _show_drill_label(self) -> None:
        column = self._drill_column()
        if column is None:
            text = self.tr("{n} row(s)").format(n=self.proxy.rowCount())
        else:
            text = self.tr("{column} = {value}: {n} row(s)").format(
                column=column_title(self.model.columns[column]),
                value=term(self.drill_value) or "–", n=self.proxy.rowCount())
        result = self.results.get(self.report_key)
        if result is not None and result.extra.get("truncated"):
            text += " " + self.tr("(of the first {n} rows; the tile counts all)").format(
                n=f"{ROW_LIMIT:,}")
        self.drill_label.setText(text)
        self.all_rows_button.setVisible(column is not None)

    # -- export ----------------------------------------------------------------------------------
    def _ask_export(self) -> None:
        name = f"{self.report_key}-{date.today().isoformat()}.xlsx"
        dialog = QFileDialog(self, self.tr("Export report"), name, EXPORT_FILTERS)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(path: str) -> None:
            if not path.lower().endswith((".csv", ".xlsx", ".pdf")):
                path += "." + dialog.selectedNameFilter().rsplit("*.", 1)[-1].rstrip(")")
            self.export(path)
        dialog.fileSelected.connect(chosen)
        dialog.open()

    def export(self, path: str) -> None:
        """Write the rows as shown (filtered, sorted) to ``path`` in an op: .csv and .xlsx with
        typed values, .pdf as a printed document (texts as on screen)."""
        header = [column_title(c) for c in self.model.columns]
        if path.lower().endswith(".pdf"):
            work = self._pdf_work(path, header)
        else:
            rows = [[_cell(v) for v in row] for row in self.proxy.visible_rows()]
            work = partial(write_table, path, header, rows)
        self.ctx.op(self, lambda _p: work()) \
            .success(lambda n: self.status.setText(
                self.tr("{n} row(s) exported to {path}").format(n=n, path=path))).run()

    def _pdf_work(self, path: str, header: list[str]):
        p = self.proxy
        texts = [[p.index(r, c).data() or "" for c in range(p.columnCount())]
                 for r in range(p.rowCount())]
        numeric = self.model.numeric_columns()
        f = self.current_filter()
        subtitle = self.tr("{start} – {end} · {warehouse} · {drill}").format(
            start=f.date_from.isoformat(), end=f.date_to.isoformat(),
            warehouse=self.warehouse.currentText(), drill=self.drill_label.text())
        template = report_template(self.report.currentText(), header, numeric, texts,
                                   footer=self.tr("Printed {time}").format(
                                       time=datetime.now().strftime("%Y-%m-%d %H:%M")))
        record = report_record(subtitle, texts)

        def work() -> int:
            from devices.printers.render import render
            with open(path, "wb") as out:
                out.write(render(template, [record], "pdf")[0])
            return len(texts)
        return work

    # -- refresh ---------------------------------------------------------------------------------
    def _on_changed(self, _changes: frozenset[str]) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone()
    return term(value)
