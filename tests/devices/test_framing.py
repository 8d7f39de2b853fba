"""Framing and configuration without any device: the pure parts of the serial scanner."""
from __future__ import annotations

import pytest

from devices.scanners import Framer, ScannerConfig, make_event, split_aim


def test_eol_framing_accepts_every_line_end():
    f = Framer("EOL")
    assert f.feed(b"A\r\nB\nC\rD", 0.0) == [b"A", b"B", b"C"]
    assert f.pending == b"D"
    assert f.feed(b"\r", 0.1) == [b"D"]
    assert f.feed(b"\n", 0.2) == []           # the LF of a CRLF split across reads


def test_fixed_suffixes_join_a_suffix_split_across_reads():
    f = Framer("CRLF")
    assert f.feed(b"A\r", 0.0) == []
    assert f.feed(b"\nB\r\n", 0.1) == [b"A", b"B"]


def test_idle_framing_waits_for_silence():
    f = Framer("NONE", idle_timeout=0.05)
    assert f.feed(b"AB", 1.00) == [] and f.poll(1.03) == []
    assert f.feed(b"C", 1.04) == [] and f.poll(1.08) == []
    assert f.poll(1.10) == [b"ABC"] and f.poll(2.0) == []


def test_prefix_is_removed_when_present():
    f = Framer("CR", prefix=b"\x02")
    assert f.feed(b"\x02A\rB\r", 0) == [b"A", b"B"]


def test_unknown_suffix_is_refused():
    with pytest.raises(ValueError):
        Framer("ETX")


def test_aim_identifier_is_split_off():
    assert split_aim(b"]d2010950") == ("]d2", b"010950")
    assert split_aim(b"]X") == (None, b"]X")
    event = make_event(b"]E05901234123457", "s1")
    assert (event.symbology, event.data, event.text) == ("]E0", b"5901234123457", "5901234123457")


def test_config_round_trips_and_tolerates_bad_saved_values():
    config = ScannerConfig(name="Desk 1", port="/dev/ttyUSB0", baudrate=115200, parity="E",
                           stopbits=1.5, suffix="CRLF", gs_substitute="~")
    assert ScannerConfig.from_dict(config.to_dict()) == config
    damaged = ScannerConfig.from_dict({"baudrate": "fast", "stopbits": "2", "unknown": 1})
    assert damaged.baudrate == 9600 and damaged.stopbits == 2.0
    assert ScannerConfig.from_dict(None) == ScannerConfig()


def test_config_problems_are_said_in_words():
    assert ScannerConfig(port="").problems() == ["no port or URL"]
    assert ScannerConfig(kind="wedge").problems() == []
    bad = ScannerConfig(port="x", parity="Q", stopbits=3, suffix="?", gs_substitute="ab")
    assert len(bad.problems()) == 4
