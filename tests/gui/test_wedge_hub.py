"""Where scans go: the hub routes each scan to the screen that expects it, else to the "what
is this?" panel, which shows what the code means and where that thing is."""
from __future__ import annotations

import os
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from devices.scanners import ScannerConfig, Status, make_event
from domain.services.masterdata import BinData, ItemData, MasterDataService
from domain.services.stock import StockService
from domain.services.users import actor_of
from gui.context import AppContext
from gui.scanning import ScanFeedback, ScanHub, install_scanning
from gui.scanning.sounds import ScanSounds
from gui.scanning.what_is_this import WhatIsThisPanel

WAIT_MS = 5000


class Screen(QWidget):
    """A screen that takes scans, like the operation screens will."""

    def __init__(self, wants=lambda event: True) -> None:
        super().__init__()
        self.wants, self.got = wants, []

    def wants_scan(self, event) -> bool:
        return self.wants(event)

    def handle_scan(self, event) -> None:
        self.got.append(event.text)


class Feedback(ScanFeedback):
    def __init__(self) -> None:
        super().__init__(ScanSounds(enabled=False))
        self.given = []

    def _give(self, outcome, widget) -> None:
        self.given.append(outcome)
        super()._give(outcome, widget)


@pytest.fixture
def hub(qapp):
    hub = ScanHub()
    hub.unclaimed_scans = []
    hub.unclaimed.connect(hub.unclaimed_scans.append)
    yield hub
    hub.shutdown()


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_a_scan_goes_to_the_newest_visible_screen_that_wants_it(hub, qtbot):
    older, newer = _shown(qtbot, Screen()), _shown(qtbot, Screen(lambda e: e.text != "DOC-1"))
    hidden = Screen()
    qtbot.addWidget(hidden)
    for screen in (older, newer, hidden):
        hub.add_consumer(screen)
    for text in ("WH1-A-01", "DOC-1"):
        hub.inject(text)
    assert newer.got == ["WH1-A-01"] and older.got == ["DOC-1"] and hidden.got == []
    assert hub.unclaimed_scans == []


def test_a_scan_nobody_expects_is_unclaimed(hub, qtbot):
    screen = _shown(qtbot, Screen())
    hub.add_consumer(screen)
    hub.remove_consumer(screen)
    event = hub.inject("WH1-A-01")
    assert hub.unclaimed_scans == [event] and screen.got == []


def test_applying_configs_sets_the_wedge_thresholds(hub):
    hub.apply([ScannerConfig(name="USB", kind="wedge", max_key_gap_ms=20, min_length=6,
                             gs_substitute="~")])
    assert hub.wedge.enabled and (hub.wedge.max_key_gap_ms, hub.wedge.min_length,
                                  hub.wedge.gs_substitute) == (20, 6, "~")
    assert hub.status_text() == "Scanner: keyboard"
    hub.apply([])
    assert not hub.wedge.enabled and hub.status_text() == "Scanner: none"


def test_a_serial_scanner_reaches_the_ui_thread_as_signals(hub, qtbot):
    master, slave = os.openpty()
    try:
        with qtbot.waitSignal(hub.status_changed, timeout=WAIT_MS,
                              check_params_cb=lambda s: s is not None and
                              s.status == Status.CONNECTED):
            hub.apply([ScannerConfig(name="Desk", port=os.ttyname(slave))])
        assert hub.status_text() == "Scanner: Desk connected"
        with qtbot.waitSignal(hub.scanned, timeout=WAIT_MS) as caught:
            os.write(master, b"]C10109506000134352\r")
        assert (caught.args[0].symbology, caught.args[0].text) == ("]C1", "0109506000134352")
        assert hub.unclaimed_scans[-1] is caught.args[0]
    finally:
        hub.stop_all()
        os.close(master)
        os.close(slave)


# -- the "what is this?" panel ------------------------------------------------------------------
@pytest.fixture
def ctx(db, admin):
    actor = actor_of(admin)
    master, stock = MasterDataService(db), StockService(db)
    master.save_warehouse(actor, "WH1", "Main")
    for code in ("A-01", "A-02"):
        master.save_bin(actor, BinData("WH1", code))
    master.save_item(actor, ItemData("YOG", "Yoghurt", lot_tracked=True, barcodes=[
        ("09506000134352", "GTIN", Decimal(1))]))
    master.save_item(actor, ItemData("CRM", "Cream", lot_tracked=True))
    stock.receive(actor, item="YOG", qty=5, bin="WH1-A-01", lot="L1", document_ref="R1")
    stock.receive(actor, item="CRM", qty=2, bin="WH1-A-02", lot="L1", document_ref="R1")
    return AppContext(db, admin)


@pytest.fixture
def panel(ctx, qtbot):
    panel = WhatIsThisPanel(ctx, Feedback())
    return _shown(qtbot, panel)


def _look(qtbot, panel, text):
    with qtbot.waitSignal(panel.shown, timeout=WAIT_MS) as caught:
        panel.show_scan(make_event(text.encode(), "test"))
    return caught.args[0]


def _column(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_panel_shows_what_a_gs1_scan_means_and_where_it_is(qtbot, panel):
    resolution = _look(qtbot, panel, "]C10109506000134352" "10L1")
    assert resolution.kind == "item"
    assert panel.title.text() == "Item YOG — Yoghurt"
    assert ("(10)", "L1") in list(zip(_column(panel.meaning, 0), _column(panel.meaning, 1)))
    assert _column(panel.stock, 1) == ["A-01"] and _column(panel.stock, 7) == ["5"]
    assert panel.feedback.given == ["accepted"]


def test_an_ambiguous_code_lists_candidates_and_a_pick_shows_its_stock(qtbot, panel):
    assert _look(qtbot, panel, "L1").kind == "ambiguous"
    assert panel.candidates.isVisible() and panel.candidates.count() == 2
    assert panel.feedback.given == ["refused"]
    panel.candidates.setCurrentRow(1)
    qtbot.waitUntil(lambda: panel.stock.rowCount() == 1, timeout=WAIT_MS)


def test_unknown_and_invalid_codes_are_refused_with_the_reason(qtbot, panel):
    assert _look(qtbot, panel, "NOPE").kind == "unknown"
    assert panel.title.text() == "Unknown code: NOPE"
    _look(qtbot, panel, "]C10109506000134353")
    assert panel.title.text() == "Not a valid barcode"
    assert "check digit is 3, expected 2" in panel.subtitle.text()
    assert panel.feedback.given == ["refused", "refused"]


def test_an_incomplete_scan_is_refused_without_a_lookup(qtbot, panel):
    panel.show_scan(make_event(b"01095", "desk", complete=False))
    assert panel.title.text() == "Incomplete scan" and panel.feedback.given == ["refused"]


def test_install_scanning_wires_status_bar_wedge_and_panel(main_window, qtbot):
    feedback = Feedback()
    hub = install_scanning(main_window, main_window.ctx, feedback=feedback)
    try:
        assert main_window.scanner_label.text() == "Scanner: keyboard"   # the default: wedge
        assert hub.wedge.enabled and not main_window.what_is_this.isVisible()
        assert main_window.ctx.scan_hub is hub
        with qtbot.waitSignal(main_window.what_is_this.panel.shown, timeout=WAIT_MS):
            hub.inject("NOPE")
        assert main_window.what_is_this.isVisible() and feedback.given == ["refused"]
        from gui.settings import install_translator
        install_translator(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: main_window.scanner_label.text() == "扫描枪：键盘",
                        timeout=WAIT_MS)
    finally:
        hub.shutdown()
        main_window.close()


def test_an_incomplete_scan_is_never_offered_to_a_screen(hub, qtbot):
    screen = _shown(qtbot, Screen())
    hub.add_consumer(screen)
    event = make_event(b"01095", "desk", complete=False)
    hub.deliver(event)
    assert screen.got == [] and hub.unclaimed_scans == [event]
