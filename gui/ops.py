"""The one way to run database work off the UI thread (after Anki's ``aqt.operations``).

    ctx.op(self, lambda progress: ctx.service(StockService).move(ctx.actor, ...)) \\
        .changes({"stock"}).success(self._on_moved).run()

**Never touch widgets inside ``work``.** It runs on the worker thread; reading a line edit or
a table selection there can crash Qt. Read what the work needs *before* creating the op and
capture it in the closure. Create and ``run()`` ops on the UI thread; results, errors and
progress come back to it by queued signals, and every callback runs there.

One worker thread, not a pool: ops run one at a time, in the order they were started, so a
refresh started after a write always sees that write; SQLite allows one writer anyway, so a pool
would only queue on its lock; and one thread uses one connection, leaving the engine's pool to
the scheduler and dispatcher. The price is that a long op delays the ones behind it: long work
reports progress and checks ``progress.cancelled`` (or calls ``progress.check()``).

Failures: without a ``.failure()`` callback the error is shown by ``gui.errors.present``
(DomainError as its translated message, anything else as "unexpected", logged with traceback).
A ``Cancelled`` raised by the work calls ``.on_cancel()`` callbacks and shows nothing.

A write op declares what it changed with ``.changes({...})``; after success the op's change bus
(the ``AppContext``) broadcasts it so open screens can refresh. If the parent widget is destroyed
before the result arrives, the callbacks are dropped silently and the work is asked to cancel;
the change broadcast still happens, because the data did change.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Any, Callable, Generic, Iterable, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from domain.errors import DomainError
from gui import errors

log = logging.getLogger(__name__)
T = TypeVar("T")
PROGRESS_INTERVAL = 0.05  # seconds between progress signals: enough for a bar, no event flood
SHOW_PROGRESS_AFTER_MS = 400  # quick ops never flash a dialog


class Cancelled(Exception):
    """Raised inside work when the user cancelled (see ``Progress.check``)."""


class ChangeBus(Protocol):
    def broadcast(self, changes: Iterable[str]) -> None: ...


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, Qt queues, the slots run on the UI thread."""
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class Progress:
    """Handed to the work: report how far it is, and find out whether the user cancelled.
    Safe to use from the worker thread (that is its purpose)."""

    def __init__(self, relay: _Relay, parent: QObject | None = None) -> None:
        self._relay = relay
        self._parent = parent
        self._cancel = threading.Event()
        self._last_report = 0.0

    @property
    def cancelled(self) -> bool:
        """The user cancelled, or the op's parent widget is gone (its screen was closed). The
        parent is asked, not connected to: a Python slot on ``destroyed`` runs while Qt is
        deleting the widget, and PySide6 crashed there now and then."""
        return self._cancel.is_set() or not _alive(self._parent)

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user cancelled: call it between steps of long work."""
        if self.cancelled:
            raise Cancelled()

    def report(self, done: int, total: int, text: str = "") -> None:
        """``done`` of ``total`` steps (total 0: unknown); throttled, the last step always goes."""
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL:
            return
        self._last_report = now
        self._relay.progressed.emit(done, total, text)


_pool: QThreadPool | None = None
_running: set[Op] = set()  # keeps started ops (and their relays) alive until delivered


def _worker() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setExpiryTimeout(-1)  # keep the one thread (and its connection) for the process
    return _pool


def _alive(obj: object) -> bool:
    """False once the C++ side of a Qt object is gone (None and plain objects are alive)."""
    return not isinstance(obj, QObject) or shiboken6.isValid(obj)


def collect_garbage_when_idle() -> bool:
    """Run Python's cycle collector now, on the UI thread, if no op is running; True if it ran.

    Automatic collection is switched off in the GUI (``disable_automatic_gc``): it would start
    in whichever thread happens to allocate — the op worker included — and free Qt wrappers
    there, or free them while the worker is inside the database driver; both crash PySide6
    (after Anki, which collects on the main thread for the same reason)."""
    if _running or _worker().activeThreadCount():
        return False
    gc.collect()
    return True


def disable_automatic_gc(interval_ms: int = 5_000) -> None:
    """Switch off automatic garbage collection and collect every ``interval_ms`` when idle."""
    gc.disable()
    app = QCoreApplication.instance()
    timer = QTimer(app)
    timer.setInterval(interval_ms)
    timer.timeout.connect(collect_garbage_when_idle)
    timer.start()


def wait_for_idle(msecs: int = 10_000) -> bool:
    """Block until every started op has run (at shutdown, and in tests). True if idle."""
    return _worker().waitForDone(msecs)


class Op(Generic[T]):
    """Background work with callbacks on the UI thread; see the module docstring."""

    def __init__(self, parent: QObject | None, work: Callable[[Progress], T], *,
                 bus: ChangeBus | None = None) -> None:
        self._parent = parent
        self._work = work
        self._bus = bus
        self._changes: frozenset[str] = frozenset()
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[Exception], Any] | None = None
        self._on_cancel: Callable[[], Any] | None = None
        self._label: str | None = None
        self._cancellable = False
        self._relay: _Relay | None = None
        self._progress: Progress | None = None
        self._dialog: QProgressDialog | None = None
        self._done = False

    # -- configuration (chainable) ---------------------------------------------------------------
    def success(self, callback: Callable[[T], Any]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], Any]) -> Op[T]:
        """Replace the default error dialog; the callback may call ``errors.present`` itself."""
        self._on_failure = callback
        return self

    def on_cancel(self, callback: Callable[[], Any]) -> Op[T]:
        self._on_cancel = callback
        return self

    def changes(self, changes: Iterable[str]) -> Op[T]:
        """Mark a write: what it changed, e.g. ``{"stock"}``, broadcast after success."""
        self._changes = frozenset(changes)
        return self

    def with_progress(self, label: str, cancellable: bool = True) -> Op[T]:
        """Show a window-modal progress dialog if the op takes longer than a moment."""
        self._label = label
        self._cancellable = cancellable
        return self

    # -- running ------------------------------------------------------------------------------
    def run(self) -> Op[T]:
        if self._changes and self._bus is None:
            raise ValueError("a write op needs a change bus: create it with ctx.op(...)")
        self._relay = _Relay()
        self._relay.succeeded.connect(self._deliver_success)
        self._relay.failed.connect(self._deliver_failure)
        self._relay.progressed.connect(self._show_progress)
        self._progress = Progress(self._relay, self._parent)
        if self._label is not None:
            self._dialog = self._make_dialog()
        _running.add(self)
        _worker().start(self._execute)
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next ``progress.check()``."""
        if self._progress is not None:
            self._progress.cancel()

    @property
    def done(self) -> bool:
        return self._done

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._dialog

    def _execute(self) -> None:
        """Worker thread: run the work and hand the outcome to the UI thread."""
        assert self._relay is not None and self._progress is not None
        try:
            result = self._work(self._progress)
        except BaseException as error:  # noqa: BLE001 - every outcome must reach the UI thread
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)

    # -- delivery (UI thread) -----------------------------------------------------------------
    def _parent_alive(self) -> bool:
        return _alive(self._parent)

    def _deliver_success(self, result: T) -> None:
        self._finish()
        try:
            if self._on_success is not None and self._parent_alive():
                self._on_success(result)
        finally:
            if self._changes and self._bus is not None and _alive(self._bus):
                self._bus.broadcast(self._changes)

    def _deliver_failure(self, error: BaseException) -> None:
        self._finish()
        if isinstance(error, Cancelled):
            if self._on_cancel is not None and self._parent_alive():
                self._on_cancel()
            return
        if not isinstance(error, DomainError):
            log.error("operation failed", exc_info=(type(error), error, error.__traceback__))
        if not self._parent_alive():
            return
        if self._on_failure is not None and isinstance(error, Exception):
            self._on_failure(error)
        else:
            errors.present(self._parent, error)

    def _finish(self) -> None:
        self._done = True
        _running.discard(self)
        if self._dialog is not None and _alive(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()
        if self._relay is not None:
            self._relay.deleteLater()

    # -- progress dialog ----------------------------------------------------------------------
    def _make_dialog(self) -> QProgressDialog:
        parent = self._parent if isinstance(self._parent, QWidget) else None
        dialog = QProgressDialog(self._label, "", 0, 0, parent)
        if self._cancellable:
            dialog.setCancelButtonText(QCoreApplication.translate("Op", "Cancel"))
            dialog.canceled.connect(self.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.setWindowTitle(QCoreApplication.translate("Op", "Working…"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        return dialog

    def _show_progress(self, done: int, total: int, text: str) -> None:
        if self._done or self._dialog is None or not _alive(self._dialog):
            return  # setValue may process events, so a late progress can follow the result
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            self._dialog.setLabelText(f"{self._label}\n{text}")
