"""The Qt binding itself: a release with a reference-counting bug in signal emission (PySide6
6.12.0 lost one reference to ``True`` per ``emit()``; the app aborted after some hours of use)
must never be installed again."""
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_emitting_signals_keeps_the_reference_counts_of_true_and_false(qapp):
    emitter = _Emitter()
    received = []
    emitter.ping.connect(lambda: received.append(1))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        emitter.ping.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 500
    assert after[0] - before[0] > -50 and after[1] - before[1] > -50, (before, after)
