"""The background-op helper: threads, callbacks, errors, progress, cancel, change broadcast."""
from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from domain.errors import AuthenticationFailed, NotFound
from gui import ops
from gui.context import AppContext
from gui.ops import Cancelled, Op
from gui.settings import install_translator


def _ui_thread() -> QThread:
    return QCoreApplication.instance().thread()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_work_runs_off_the_ui_thread_and_success_is_delivered_on_it(qtbot, parent):
    seen = {}

    def work(_progress):
        seen["work_thread"] = QThread.currentThread()
        return 42

    def on_success(result):
        seen["result"] = result
        seen["callback_thread"] = QThread.currentThread()

    Op(parent, work).success(on_success).run()
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["work_thread"] is not _ui_thread()
    assert seen["callback_thread"] is _ui_thread()


def test_ops_run_one_at_a_time_in_the_order_they_were_started(qtbot, parent):
    order: list[int] = []
    for n in range(5):
        Op(parent, lambda _p, n=n: n).success(order.append).run()
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4]


def test_a_domain_error_is_shown_as_its_translated_message(qtbot, qapp, parent, shown_errors):
    install_translator(qapp, "zh_CN")

    def work(_progress):
        raise AuthenticationFailed()

    Op(parent, work).run()
    qtbot.waitUntil(lambda: bool(shown_errors))
    title, text, details = shown_errors[0]
    assert text == "用户名或密码错误"
    assert details == ""


def test_domain_error_parameters_are_filled_in_and_domain_words_translated(qtbot, qapp, parent,
                                                                           shown_errors):
    install_translator(qapp, "zh_CN")
    Op(parent, lambda _p: (_ for _ in ()).throw(NotFound(kind="Bin", key="A-01"))).run()
    qtbot.waitUntil(lambda: bool(shown_errors))
    assert shown_errors[0][1] == "未找到库位 'A-01'"


def test_an_unexpected_error_is_shown_with_details_and_logged(qtbot, parent, shown_errors,
                                                              caplog):
    def work(_progress):
        raise ZeroDivisionError("boom")

    with caplog.at_level(logging.ERROR, logger="gui.ops"):
        Op(parent, work).run()
        qtbot.waitUntil(lambda: bool(shown_errors))
    title, text, details = shown_errors[0]
    assert title == "Unexpected error"
    assert "ZeroDivisionError" in text
    assert "boom" in details and "Traceback" in details
    assert "ZeroDivisionError: boom" in caplog.text


def test_a_failure_callback_replaces_the_error_dialog(qtbot, parent, shown_errors):
    failures: list[Exception] = []
    Op(parent, lambda _p: 1 / 0).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], ZeroDivisionError)
    assert shown_errors == []


def test_progress_is_shown_and_cancel_stops_the_work(qtbot, parent, shown_errors):
    started = threading.Event()
    outcome: list[str] = []

    def work(progress):
        started.set()
        for step in range(10_000):
            progress.check()
            progress.report(step, 10_000, f"step {step}")
            QThread.msleep(5)
        return "finished"

    op = Op(parent, work).with_progress("Counting bins").success(outcome.append) \
        .on_cancel(lambda: outcome.append("cancelled")).run()
    dialog = op.progress_dialog
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.waitUntil(lambda: dialog.value() > 0)
    assert dialog.maximum() == 10_000
    assert "Counting bins" in dialog.labelText()
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    cancel.click()
    qtbot.waitUntil(lambda: bool(outcome))
    assert outcome == ["cancelled"]
    assert op.done and shown_errors == []


class _ShowSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown = False

    def eventFilter(self, _obj, event) -> bool:
        self.shown |= event.type() == QEvent.Type.Show
        return False


def test_a_quick_op_never_shows_its_progress_dialog(qtbot, parent):
    results: list[int] = []
    spy = _ShowSpy()
    op = Op(parent, lambda _p: 7).with_progress("Loading").success(results.append).run()
    dialog = op.progress_dialog
    dialog.installEventFilter(spy)
    qtbot.waitUntil(lambda: bool(results))
    qtbot.waitUntil(lambda: not ops._alive(dialog))  # closed and deleted: it cannot pop up later
    assert not spy.shown


def test_callbacks_are_dropped_when_the_parent_is_gone_and_the_work_is_told_to_stop(qtbot):
    parent = QWidget()
    release, stopped = threading.Event(), threading.Event()
    called: list[object] = []

    def work(progress):
        release.wait(5)
        if progress.cancelled:
            stopped.set()
            raise Cancelled()
        return "late"

    op = Op(parent, work).success(called.append).failure(called.append) \
        .on_cancel(lambda: called.append("cancel")).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not ops._alive(parent))
    release.set()
    qtbot.waitUntil(lambda: op.done)
    assert stopped.is_set()
    assert called == []


def test_a_write_op_broadcasts_its_changes_after_success(qtbot, db, admin, parent):
    ctx = AppContext(db, admin)
    with qtbot.waitSignal(ctx.changed, timeout=5000) as signal:
        ctx.op(parent, lambda _p: "saved").changes({"stock", "bins"}).run()
    assert signal.args == [frozenset({"stock", "bins"})]


def test_a_failed_write_broadcasts_nothing(qtbot, db, admin, parent, shown_errors):
    ctx = AppContext(db, admin)
    with qtbot.assertNotEmitted(ctx.changed, wait=200):
        op = ctx.op(parent, lambda _p: 1 / 0).changes({"stock"}).run()
        qtbot.waitUntil(lambda: op.done)


def test_a_write_op_without_a_change_bus_is_refused(parent):
    with pytest.raises(ValueError, match="ctx.op"):
        Op(parent, lambda _p: None).changes({"stock"}).run()
