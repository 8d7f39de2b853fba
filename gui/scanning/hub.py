"""The station's scanners in one place, and where each scan goes.

``ScanHub`` runs the configured sources (serial/network scanners through ``QtSerialScanner``,
keyboard-wedge scanners through the application-wide ``WedgeFilter``) and merges their scans
into one ``scanned`` signal, in arrival order, on the UI thread. A scan goes to the screen that
expects it: screens that take scans register as consumers; the newest visible consumer that
wants the scan gets it. A scan nobody wants is ``unclaimed`` (the "what is this?" panel).
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from devices.scanners import SERIAL, WEDGE, ScanEvent, ScannerConfig, ScannerStatus, Status
from devices.scanners import make_event, open_port
from devices.scanners.serial_reader import SerialScanner
from gui.scanning.wedge import WedgeFilter, monotonic_ms

STATUS_WORDS = {
    Status.STOPPED: QT_TRANSLATE_NOOP("ScanHub", "stopped"),
    Status.CONNECTING: QT_TRANSLATE_NOOP("ScanHub", "connecting"),
    Status.CONNECTED: QT_TRANSLATE_NOOP("ScanHub", "connected"),
    Status.DISCONNECTED: QT_TRANSLATE_NOOP("ScanHub", "disconnected"),
    Status.RECONNECTING: QT_TRANSLATE_NOOP("ScanHub", "reconnecting"),
}


@runtime_checkable
class ScanConsumer(Protocol):
    """A screen that takes scans (the operation screens). ``wants_scan`` may look at the event
    (a screen waiting for a bin may still let a document number through)."""

    def wants_scan(self, event: ScanEvent) -> bool: ...

    def handle_scan(self, event: ScanEvent) -> None: ...


class QtSerialScanner(QObject):
    """A ``SerialScanner`` whose callbacks become signals: emitted on the reader thread,
    delivered queued on the UI thread."""

    scanned = Signal(object)
    status_changed = Signal(object)

    def __init__(self, config: ScannerConfig, parent: QObject | None = None, *,
                 opener=open_port) -> None:
        super().__init__(parent)
        self.name = config.name
        self.reader = SerialScanner(config, self.scanned.emit, self.status_changed.emit,
                                    opener=opener)

    @property
    def status(self) -> ScannerStatus:
        return self.reader.status

    def start(self) -> None:
        self.reader.start()

    def stop(self, timeout: float = 2.0) -> bool:
        return self.reader.stop(timeout)


class ScanHub(QObject):
    scanned = Signal(object)          # ScanEvent, every scan from every source
    unclaimed = Signal(object)        # ScanEvent no consumer wanted
    status_changed = Signal(object)   # ScannerStatus of a serial/network scanner

    def __init__(self, parent: QObject | None = None, *, clock=monotonic_ms,
                 opener=open_port) -> None:
        super().__init__(parent)
        self.wedge = WedgeFilter(self, clock=clock)
        self.wedge.scanned.connect(self.deliver)
        self.wedge.enabled = False
        self.configs: list[ScannerConfig] = []
        self.serial: list[QtSerialScanner] = []
        self._consumers: list[ScanConsumer] = []
        self._opener = opener

    # -- configuration ------------------------------------------------------------------------
    def apply(self, configs: list[ScannerConfig]) -> None:
        """(Re)start the scanners of ``configs``: serial readers stop and start again, the wedge
        filter takes the thresholds of the first enabled wedge scanner (or is switched off)."""
        self.stop_all()
        self.configs = list(configs)
        wedges = [c for c in configs if c.enabled and c.kind == WEDGE]
        self.wedge.enabled = bool(wedges)
        if wedges:
            w = wedges[0]
            self.wedge.name = w.name
            self.wedge.configure(max_key_gap_ms=w.max_key_gap_ms, min_length=w.min_length,
                                 gs_substitute=w.gs_substitute)
        for config in configs:
            if config.enabled and config.kind == SERIAL and not config.problems():
                self._start_serial(config)
        self.status_changed.emit(None)

    def _start_serial(self, config: ScannerConfig) -> None:
        source = QtSerialScanner(config, self, opener=self._opener)
        source.scanned.connect(self.deliver)
        source.status_changed.connect(self.status_changed)
        self.serial.append(source)
        source.start()

    def stop_all(self, timeout: float = 2.0) -> None:
        for source in self.serial:
            source.stop(timeout)
            source.deleteLater()
        self.serial.clear()

    def listen_to_keyboard(self) -> None:
        """Install the wedge filter on the application (every window's key presses)."""
        QCoreApplication.instance().installEventFilter(self.wedge)

    def shutdown(self) -> None:
        """Stop every source and stop listening to the keyboard; safe to call twice."""
        app = QCoreApplication.instance()
        if app is not None and shiboken6.isValid(self.wedge):
            app.removeEventFilter(self.wedge)
        self.stop_all()

    # -- routing --------------------------------------------------------------------------------
    def add_consumer(self, consumer: ScanConsumer) -> None:
        self.remove_consumer(consumer)
        self._consumers.append(consumer)

    def remove_consumer(self, consumer: ScanConsumer) -> None:
        self._consumers = [c for c in self._consumers if c is not consumer]

    def inject(self, text: str, source: str = "test") -> ScanEvent:
        """A scan typed in (the Devices screen's test box): routed like a real one."""
        event = make_event(text.encode("utf-8"), source)
        self.deliver(event)
        return event

    def deliver(self, event: ScanEvent) -> None:
        """Every scan is ``scanned``; a complete one goes to the newest available consumer that
        wants it, else it is ``unclaimed``. An incomplete one (the device went away while
        sending) is never offered to a screen: the panel says "scan again"."""
        self.scanned.emit(event)
        for consumer in reversed(self._consumers if event.complete else []):
            if _available(consumer) and consumer.wants_scan(event):
                consumer.handle_scan(event)
                return
        self.unclaimed.emit(event)

    # -- status ---------------------------------------------------------------------------------
    def statuses(self) -> list[ScannerStatus]:
        return [s.status for s in self.serial]

    def status_text(self) -> str:
        """For the status bar: "Scanner: Desk 1 connected · keyboard"."""
        parts = [f"{s.source} {status_word(s.status)}" for s in self.statuses()]
        if self.wedge.enabled:
            parts.append(self.tr("keyboard"))
        if not parts:
            return self.tr("Scanner: none")
        return self.tr("Scanner: {states}").format(states=" · ".join(parts))


def _available(consumer: object) -> bool:
    if isinstance(consumer, QWidget):
        return shiboken6.isValid(consumer) and consumer.isVisible()
    return True


def status_word(status: Status) -> str:
    return QCoreApplication.translate("ScanHub", STATUS_WORDS[status])
