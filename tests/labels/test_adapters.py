"""Printer adapters: bytes arrive whole or the job fails with PrinterOffline; online checks."""
from __future__ import annotations

import os
import socket
import threading

import pytest

from devices.printers.adapters import (FilePrinter, PdfFolderPrinter, PrinterOffline,
                                       SerialPrinter, TcpPrinter, open_printer)
from devices.printers.test_page import TEST_CODE, render_test_page
from tests.labels.decoding import escpos_labels, read_codes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_tcp_printer_receives_the_exact_bytes_and_reports_online(capture_server):
    printer = open_printer({"kind": "tcp", "name": "Dock 1", "host": "127.0.0.1",
                            "port": capture_server.port, "timeout": 5})
    assert printer.is_online()
    job = render_test_page("Dock 1", "zpl")
    printer.send(job)
    assert capture_server.wait() == job


def test_an_unreachable_tcp_printer_is_offline_and_refuses_the_job():
    printer = TcpPrinter("Dock 2", "127.0.0.1", _free_port(), timeout=2)
    assert not printer.is_online()
    with pytest.raises(PrinterOffline, match="Printer Dock 2 did not take the job: "
                                             "ConnectionRefusedError"):
        printer.send(b"^XA^XZ")


def test_a_serial_printer_writes_the_whole_job_to_its_port():
    master, slave = os.openpty()
    received = bytearray()
    job = render_test_page("Serial", "escpos", profile="POS-5890")

    def read():
        while len(received) < len(job):
            received.extend(os.read(master, 65536))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    printer = SerialPrinter("Serial", os.ttyname(slave), baudrate=115200)
    assert printer.is_online()
    printer.send(job)
    reader.join(10)
    os.close(master)
    os.close(slave)
    assert bytes(received) == job
    (label,) = escpos_labels(job)
    assert read_codes(label.image()) == {("Code128", "]C0", TEST_CODE.encode()): 1,
                                         ("QRCode", "]Q1", TEST_CODE.encode()): 1}


def test_a_missing_serial_port_is_offline(tmp_path):
    printer = SerialPrinter("Gone", str(tmp_path / "ttyUSB9"))
    assert not printer.is_online()
    with pytest.raises(PrinterOffline, match="Gone"):
        printer.send(b"x")


def test_a_file_printer_replaces_its_file_whole(tmp_path):
    target = tmp_path / "out.zpl"
    printer = FilePrinter("File", target)
    assert printer.is_online()
    printer.send(b"^XA^XZ")
    printer.send(b"^XA^FDsecond^FS^XZ")
    assert target.read_bytes() == b"^XA^FDsecond^FS^XZ"
    assert [p.name for p in tmp_path.iterdir()] == ["out.zpl"]       # no leftovers
    assert not FilePrinter("Nowhere", tmp_path / "no" / "dir" / "x").is_online()


def test_a_pdf_folder_gets_one_new_file_per_job(tmp_path):
    printer = open_printer({"kind": "pdf-folder", "name": "Office", "folder": str(tmp_path)})
    assert printer.is_online()
    pdf = render_test_page("Office", "pdf")
    printer.send(pdf)
    printer.send(pdf)
    files = sorted(tmp_path.glob("labels-*.pdf"))
    assert len(files) == 2 and all(f.read_bytes() == pdf for f in files)
    with pytest.raises(PrinterOffline):
        PdfFolderPrinter("Gone", tmp_path / "missing").send(pdf)


def test_unknown_printer_kinds_are_refused():
    with pytest.raises(ValueError, match="unknown printer kind 'fax'"):
        open_printer({"kind": "fax"})
