"""The Devices screen: configure scanners (saved per station), live status and scan log, and
a test box whose scans travel the same path as real ones."""
from __future__ import annotations

import os

import pytest

from devices.scanners import ScannerConfig, Status, make_event
from gui.context import AppContext
from gui.devices import devices_screen
from gui.devices.log import meaning_summary
from gui.devices.screen import DevicesScreen
from gui.scanning.hub import ScanHub
from gui.scanning.station import load_configs, save_configs

WAIT_MS = 5000


@pytest.fixture
def hub(qapp):
    hub = ScanHub()
    yield hub
    hub.shutdown()


@pytest.fixture
def screen(qtbot, db, admin, hub):
    screen = DevicesScreen(AppContext(db, admin), hub, ports=lambda: ["/dev/ttyUSB0"])
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_a_new_station_starts_with_one_keyboard_scanner(screen):
    assert [c.kind for c in screen.configs] == ["wedge"]
    assert screen.form.wedge_box.isVisible() and not screen.form.serial_box.isVisible()
    assert not screen.apply_button.isEnabled()


def test_adding_a_serial_scanner_needs_a_port_before_apply(screen):
    screen.add_serial.click()
    assert screen.form.serial_box.isVisible()
    assert "Enter the port or URL" in screen.error.text() and not screen.apply_button.isEnabled()
    screen.form.port.setCurrentText("socket://127.0.0.1:4001")
    assert screen.error.text() == "" and screen.apply_button.isEnabled()
    assert screen.configs[-1].port == "socket://127.0.0.1:4001"


def test_the_form_round_trips_every_setting(screen):
    config = ScannerConfig(name="Desk", port="/dev/ttyUSB0", baudrate=115200, bytesize=7,
                           parity="E", stopbits=2.0, suffix="NONE", prefix="\\x02",
                           idle_timeout_ms=120, encoding="gbk", enabled=False)
    screen.form.set_config(config)
    assert screen.form.config() == config and screen.form.idle.isEnabled()
    wedge = ScannerConfig(name="USB", kind="wedge", max_key_gap_ms=20, min_length=6,
                          gs_substitute="~")
    screen.form.set_config(wedge)
    assert screen.form.config() == wedge


def test_apply_saves_per_station_and_restarts_the_scanners(screen, hub, qtbot):
    master, slave = os.openpty()
    try:
        screen.add_serial.click()
        screen.form.port.setCurrentText(os.ttyname(slave))
        with qtbot.waitSignal(hub.status_changed, timeout=WAIT_MS, check_params_cb=lambda s:
                              s is not None and s.status == Status.CONNECTED):
            screen.apply_button.click()
        assert [c.port for c in load_configs()][-1] == os.ttyname(slave)
        assert "connected" in screen.status.text()
        assert "Keyboard scanners: listening" in screen.status.text()
        with qtbot.waitSignal(hub.scanned, timeout=WAIT_MS):
            os.write(master, b"WH1-A-01\r")
        assert screen.log.item(0, 3).text() == "WH1-A-01"
    finally:
        hub.stop_all()
        os.close(master)
        os.close(slave)


def test_revert_and_remove(screen):
    save_configs([ScannerConfig(name="A", kind="wedge"), ScannerConfig(name="B", port="x")])
    screen.revert_button.setEnabled(True)
    screen.revert_button.click()
    assert [c.name for c in screen.configs] == ["A", "B"]
    screen.scanners.setCurrentRow(1)
    screen.remove.click()
    assert [c.name for c in screen.configs] == ["A"] and screen.apply_button.isEnabled()


def test_the_test_box_sends_a_scan_through_the_hub_and_the_log_decodes_it(screen, hub):
    unclaimed = []
    hub.unclaimed.connect(unclaimed.append)
    screen.test_input.setText("]C10109506000134352" "10AB<GS>17261231")
    screen.test_send.click()
    assert unclaimed[0].symbology == "]C1" and unclaimed[0].data.endswith(b"AB\x1d17261231")
    assert screen.log.item(0, 1).text() == "test box"
    assert screen.log.item(0, 3).text() == "0109506000134352" "10AB<GS>17261231"
    assert "Lot AB · Expiry 2026-12-31" in screen.log.item(0, 4).text()
    assert screen.test_input.text() == ""


def test_the_log_says_why_a_scan_is_invalid_and_keeps_the_newest(screen, hub):
    for i in range(205):
        hub.inject(f"CODE-{i}")
    hub.inject("]C10109506000134353")
    assert screen.log.rowCount() == 200
    assert "check digit is 3, expected 2" in screen.log.item(0, 4).text()


def test_meaning_summary_of_incomplete_and_plain_scans():
    assert meaning_summary(make_event(b"0109", "d", complete=False)) == ("Incomplete scan", False)
    assert meaning_summary(make_event(b"WH1-A-01", "d")) == ("Plain code", True)


def test_the_factory_uses_the_hub_of_the_session(db, admin, qtbot, hub):
    ctx = AppContext(db, admin)
    ctx.scan_hub = hub
    screen = devices_screen(ctx)
    qtbot.addWidget(screen)
    assert screen.hub is hub


def test_the_screen_follows_a_switch_to_chinese(screen, hub, qapp, qtbot):
    from gui.settings import install_translator
    assert install_translator(qapp, "zh_CN")
    qtbot.waitUntil(lambda: screen.apply_button.text() == "应用", timeout=WAIT_MS)
    assert screen.form.kind.currentText().startswith("键盘模式")
    assert screen.log.horizontalHeaderItem(4).text() == "含义"
    hub.apply([ScannerConfig(kind="wedge")])
    assert hub.status_text() == "扫描枪：键盘"
