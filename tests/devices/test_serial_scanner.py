"""The serial scanner on real ptys (``os.openpty`` and socat pairs) and a loopback TCP server:
frames, frames split across reads, line ends, idle framing, unplug and replug, clean stop."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from devices.scanners import ScannerConfig, SerialScanner, Status
from tests.devices.conftest import WAIT, Recorder, Statuses

pytestmark = pytest.mark.timeout(60)
FAST_BACKOFF = (0.02, 0.05, 0.1)


@pytest.fixture
def start():
    """Start a scanner on a path with a config; every scanner is stopped at the end."""
    started: list[SerialScanner] = []

    def _start(path: str, **config) -> tuple[SerialScanner, Recorder, Statuses]:
        scans, statuses = Recorder(), Statuses()
        scanner = SerialScanner(ScannerConfig(name="test", port=path, **config), scans, statuses,
                                backoff=FAST_BACKOFF)
        started.append(scanner)
        scanner.start()
        statuses.wait_for(Status.CONNECTED)   # pyserial flushes input on open: write after
        return scanner, scans, statuses
    yield _start
    for scanner in started:
        assert scanner.stop(WAIT), "the reader thread did not stop"


def _texts(recorder: Recorder, n: int) -> list[str]:
    return [e.text for e in recorder.wait_count(n)]


def _exactly(recorder: Recorder, texts: list[str]) -> None:
    """These scans arrive, in order, and nothing after them (no empty or doubled scan)."""
    assert _texts(recorder, len(texts)) == texts
    time.sleep(0.1)
    assert len(recorder.items) == len(texts)


def test_frames_arrive_as_exact_bytes_with_separators_kept(openpty, start):
    _, scans, _ = start(openpty.path)
    openpty.write(b"]C10109506000134352" b"10AB-123\x1d17261231\r" b"WH1-A-01\r")
    first, second = scans.wait_count(2)
    assert first.data == b"0109506000134352" b"10AB-123\x1d17261231"
    assert first.symbology == "]C1" and first.text == "0109506000134352" "10AB-123\x1d17261231"
    assert (second.data, second.symbology, second.source) == (b"WH1-A-01", None, "test")
    assert first.complete and first.timestamp <= second.timestamp


def test_a_frame_split_across_reads_is_joined(openpty, start):
    _, scans, _ = start(openpty.path)
    for part in (b"0109506", b"000134352", b"10LOT", b"42\r"):
        openpty.write(part)
        time.sleep(0.05)          # longer than the read poll: each part is its own read
    _exactly(scans, ["0109506000134352" "10LOT42"])


@pytest.mark.parametrize("stream", [b"A1\r\nB2\r\nC3\r\n", b"A1\nB2\nC3\n", b"A1\rB2\rC3\r",
                                    b"A1\r\nB2\nC3\r"])
def test_cr_lf_and_crlf_all_end_a_scan_and_make_no_empty_ones(openpty, start, stream):
    _, scans, _ = start(openpty.path)
    openpty.write(stream)
    _exactly(scans, ["A1", "B2", "C3"])


def test_a_crlf_split_between_reads_makes_no_empty_scan(openpty, start):
    _, scans, _ = start(openpty.path)
    openpty.write(b"A1\r")
    time.sleep(0.05)
    openpty.write(b"\nB2\r\n")
    _exactly(scans, ["A1", "B2"])


def test_exact_crlf_suffix_keeps_a_lone_cr_inside_the_scan(openpty, start):
    _, scans, _ = start(openpty.path, suffix="CRLF")
    openpty.write(b"line1\rline2\r")
    time.sleep(0.05)
    openpty.write(b"\nNEXT\r\n")
    assert _texts(scans, 2) == ["line1\rline2", "NEXT"]


def test_tab_suffix_and_a_prefix(openpty, start):
    _, scans, _ = start(openpty.path, suffix="TAB", prefix="\\x02")
    openpty.write(b"\x02ABC\t\x02DEF\t")
    assert _texts(scans, 2) == ["ABC", "DEF"]


def test_without_suffix_a_pause_ends_the_scan(openpty, start):
    _, scans, _ = start(openpty.path, suffix="NONE", idle_timeout_ms=300)
    openpty.write(b"ABC")
    time.sleep(0.02)
    openpty.write(b"DEF")         # within the idle timeout: the same scan
    assert _texts(scans, 1) == ["ABCDEF"]
    openpty.write(b"GHI")
    assert _texts(scans, 2) == ["ABCDEF", "GHI"]


def test_bytes_that_are_not_utf8_are_kept_exactly(openpty, start):
    _, scans, _ = start(openpty.path, encoding="gbk")
    openpty.write("仓库A".encode("gbk") + b"\xff\r")
    [event] = scans.wait_count(1)
    assert event.data == "仓库A".encode("gbk") + b"\xff" and event.text.startswith("仓库A")


def test_unplugging_an_openpty_is_detected(openpty, start):
    _, _, statuses = start(openpty.path)
    openpty.unplug()
    lost = statuses.wait_for(Status.DISCONNECTED)
    assert lost.reason


def test_unplug_and_replug_lose_no_scan(socat, start):
    """Kill socat and start it again at the same link path: every scan before and after
    arrives exactly once, in order."""
    _, scans, statuses = start(socat.path)
    socat.write(b"S1\rS2\rS3\r")
    scans.wait_count(3)
    seen = len(statuses.items)
    socat.unplug()
    statuses.wait_for(Status.DISCONNECTED, after=seen)
    statuses.wait_for(Status.RECONNECTING, after=seen)   # the link is gone: ENOENT, retrying
    seen = len(statuses.items)
    socat.replug()
    statuses.wait_for(Status.CONNECTED, after=seen)
    socat.write(b"S4\rS5\r")
    socat.write(b"S6\r")
    _exactly(scans, ["S1", "S2", "S3", "S4", "S5", "S6"])


def test_half_a_scan_at_unplug_is_delivered_as_incomplete_not_glued_to_the_next(socat, start):
    _, scans, statuses = start(socat.path)
    socat.write(b"0109506")
    time.sleep(0.05)
    seen = len(statuses.items)
    socat.unplug()
    [partial] = scans.wait_count(1)
    assert (partial.data, partial.complete) == (b"0109506", False)
    socat.replug()
    statuses.wait_for(Status.CONNECTED, after=seen)
    socat.write(b"WH1-A-01\r")
    events = scans.wait_count(2)
    assert (events[1].data, events[1].complete) == (b"WH1-A-01", True)


def test_a_missing_port_is_retried_until_it_appears(tmp_path, socat):
    socat.unplug()
    scans, statuses = Recorder(), Statuses()
    scanner = SerialScanner(ScannerConfig(name="late", port=socat.path), scans, statuses,
                            backoff=FAST_BACKOFF)
    scanner.start()
    try:
        waiting = statuses.wait_for(Status.RECONNECTING)
        assert "No such file" in waiting.reason or "could not open" in waiting.reason
        socat.replug()
        statuses.wait_for(Status.CONNECTED)
        socat.write(b"LATE\r")
        assert _texts(scans, 1) == ["LATE"]
    finally:
        assert scanner.stop(WAIT)


def test_stop_is_prompt_and_final(openpty, start):
    scanner, _, statuses = start(openpty.path)
    began = time.monotonic()
    assert scanner.stop(WAIT)
    assert time.monotonic() - began < 1.0
    assert statuses.wait_for(Status.STOPPED) and scanner.status.status == Status.STOPPED
    assert scanner.stop(WAIT)       # idempotent


def test_stop_while_waiting_to_reconnect(tmp_path):
    statuses = Statuses()
    scanner = SerialScanner(ScannerConfig(port=str(tmp_path / "nothing")), Recorder(), statuses,
                            backoff=(5.0,))
    scanner.start()
    statuses.wait_for(Status.RECONNECTING)
    began = time.monotonic()
    assert scanner.stop(WAIT) and time.monotonic() - began < 1.0


def test_a_failing_callback_does_not_kill_the_reader(openpty, start):
    good = Recorder()

    def flaky(event):
        good(event)
        if event.text == "BOOM":
            raise RuntimeError("consumer bug")
    scanner, _, _ = start(openpty.path)
    scanner._on_scan = flaky
    openpty.write(b"BOOM\rAFTER\r")
    assert [e.text for e in good.wait_count(2)] == ["BOOM", "AFTER"]


# -- network scanners: socket://host:port -----------------------------------------------------
class OneShotServer:
    """A loopback TCP server that accepts one client at a time and sends what it is told."""

    def __init__(self, port: int = 0) -> None:
        self.sock = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self.sock.settimeout(WAIT)
        self.port = self.sock.getsockname()[1]
        self.client: socket.socket | None = None
        self._accepted = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        try:
            self.client, _ = self.sock.accept()
        except OSError:
            return
        self._accepted.set()

    def send(self, data: bytes) -> None:
        assert self._accepted.wait(WAIT), "the scanner never connected"
        self.client.sendall(data)

    def close(self) -> None:
        for s in (self.client, self.sock):
            if s is not None:
                s.close()


def test_a_network_scanner_by_socket_url_with_reconnect():
    server = OneShotServer()
    scans, statuses = Recorder(), Statuses()
    scanner = SerialScanner(ScannerConfig(name="net", port=f"socket://127.0.0.1:{server.port}"),
                            scans, statuses, backoff=FAST_BACKOFF)
    scanner.start()
    try:
        statuses.wait_for(Status.CONNECTED)
        server.send(b"NET1\r\nNET2\r\n")
        assert _texts(scans, 2) == ["NET1", "NET2"]
        seen = len(statuses.items)
        server.close()
        assert "disconnected" in statuses.wait_for(Status.DISCONNECTED, after=seen).reason
        server = OneShotServer(server.port)
        statuses.wait_for(Status.CONNECTED, after=seen)
        server.send(b"NET3\r\n")
        assert _texts(scans, 3) == ["NET1", "NET2", "NET3"]
    finally:
        assert scanner.stop(WAIT)
        server.close()
