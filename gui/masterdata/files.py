"""Import and export buttons of a master-data list (items, bins): the file chooser, the op with
progress, and the report dialog. Cancelling an import stops between batches of rows: what was
saved before stays saved, and the list is reloaded to show it."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject

from domain.services.tabular import ImportReport
from gui.masterdata.list_screen import ListScreen, ask_open_path, ask_save_path
from gui.masterdata.widgets import ImportReportDialog


class FileActions(QObject):
    """``importer(db, actor, path, progress=...)`` and ``exporter(db, actor, path, filter)`` are
    the ``domain.services.tabular`` functions of one kind; ``change`` is its change key."""

    def __init__(self, screen: ListScreen, importer: Callable, exporter: Callable, change: str,
                 file_name: str) -> None:
        super().__init__(screen)
        self.screen, self.importer, self.exporter = screen, importer, exporter
        self.change, self.file_name = change, file_name
        self.report_dialog: ImportReportDialog | None = None

    def ask_import(self) -> None:
        ask_open_path(self.screen, self.tr("Import from a file"), self.import_from)

    def ask_export(self) -> None:
        ask_save_path(self.screen, self.tr("Export to a file"), self.file_name, self.export_to)

    def import_from(self, path: str) -> None:
        ctx, importer = self.screen.ctx, self.importer
        db, actor = ctx.db, ctx.actor

        def work(progress):
            def step(rows: int) -> None:
                progress.check()
                progress.report(rows, 0)
            return importer(db, actor, path, progress=step)
        ctx.op(self.screen, work).with_progress(self.tr("Importing {file}…").format(
            file=Path(path).name)).changes({self.change}).success(self._show_report) \
            .on_cancel(self._on_cancelled).run()

    def export_to(self, path: str) -> None:
        ctx, exporter, f = self.screen.ctx, self.exporter, self.screen.model.filter
        db, actor = ctx.db, ctx.actor
        ctx.op(self.screen, lambda _p: exporter(db, actor, path, f)) \
            .with_progress(self.tr("Exporting…"), cancellable=False) \
            .success(lambda n: self.screen.say(self.tr("Exported to {file} (rows: {n}).")
                                               .format(file=Path(path).name, n=n))).run()

    def _show_report(self, report: ImportReport) -> None:
        self.screen.say(self.tr("Import: {created} created, {updated} updated, {failed} refused.")
                        .format(created=report.created, updated=report.updated,
                                failed=report.failed_rows))
        self.report_dialog = ImportReportDialog(report, self.screen)
        self.report_dialog.open()

    def _on_cancelled(self) -> None:
        self.screen.model.refresh()
        self.screen.say(self.tr("Import cancelled; the rows before were saved."))
