"""Pieces the master-data editors share: a small editable sub-table (barcodes, pack units), the
editor panel frame with its title and Save/Revert buttons, and the import report dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from domain.services.tabular import ImportReport
from gui.errors import domain_message
from gui.widgets.retranslate import Retranslating


class EditableRows(Retranslating, QWidget):
    """A few rows of a few text columns; a column with ``choices`` is edited with a combo box."""

    def __init__(self, columns: int, choices: dict[int, list[str]] | None = None,
                 defaults: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices or {}
        self._defaults = defaults or [""] * columns
        self.table = QTableWidget(0, columns, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(96)
        self.add_button, self.remove_button = QPushButton(self), QPushButton(self)
        self.add_button.clicked.connect(self._add_blank)
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def set_headers(self, titles: list[str]) -> None:
        self.table.setHorizontalHeaderLabels(titles)

    def add_row(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            if column in self._choices:
                combo = QComboBox(self.table)
                combo.addItems(self._choices[column])
                combo.setCurrentText(value)
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(value))

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[list[str]]:
        """Rows as text, without the ones whose first cell is empty."""
        out = []
        for row in range(self.table.rowCount()):
            values = [self._text(row, c) for c in range(self.table.columnCount())]
            if values[0]:
                out.append(values)
        return out

    def set_read_only(self, read_only: bool) -> None:
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed
                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if read_only
                                   else triggers)
        for button in (self.add_button, self.remove_button):
            button.setVisible(not read_only)

    def _text(self, row: int, column: int) -> str:
        widget = self.table.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            return widget.currentText()
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def _add_blank(self) -> None:
        """Add a row with the defaults and start typing its first cell."""
        self.add_row(self._defaults)
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def _remove_current(self) -> None:
        if self.table.currentRow() >= 0:
            self.table.removeRow(self.table.currentRow())

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))


class EditorPanel(Retranslating, QFrame):
    """The frame of an editor beside a list: a title, a form, extra content, Save and Revert.
    ``save_requested`` fires on Save; the screen reads the fields and runs the op."""

    save_requested = Signal()
    revert_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 12, 14, 12)
        self.body.addWidget(self.title)
        self.body.addLayout(self.form)
        self.save_button, self.revert_button = QPushButton(self), QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_requested)
        self.revert_button.clicked.connect(self.revert_requested)

    def row(self, key: str, field: QWidget) -> QWidget:
        label = QLabel(self)
        label.setBuddy(field)
        self.labels[key] = label
        self.form.addRow(label, field)
        return field

    def finish(self) -> None:
        """Put the buttons last (after whatever the subclass added to ``body``)."""
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.retranslate()

    def set_read_only(self, read_only: bool) -> None:
        self.save_button.setVisible(not read_only)
        self.revert_button.setVisible(not read_only)

    def retranslate(self) -> None:
        self.save_button.setText(self.tr("Save"))
        self.revert_button.setText(self.tr("Revert"))


class ImportReportDialog(Retranslating, QDialog):
    """What an import did: counts, then every refused row with its column and reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(report.errors), 3, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, error in enumerate(report.errors):
            number = QTableWidgetItem(str(error.row))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, number)
            self.table.setItem(row, 1, QTableWidgetItem(error.column))
            self.table.setItem(row, 2, QTableWidgetItem(domain_message(error.error)))
        self.table.setVisible(bool(report.errors))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420 if report.errors else 160)
        self.retranslate()

    def retranslate(self) -> None:
        r = self.report
        self.setWindowTitle(self.tr("Import finished"))
        text = self.tr("Created: {created}   Updated: {updated}   Rows refused: {failed}").format(
            created=r.created, updated=r.updated, failed=r.failed_rows)
        if r.ignored_columns:
            text += "\n" + self.tr("Columns ignored (unknown): {names}").format(
                names=", ".join(r.ignored_columns))
        self.summary.setText(text)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"),
                                              self.tr("Problem")])
        self.table.resizeColumnsToContents()
