"""A system printer for real: Warelink prints a lot label through Qt's print support into a CUPS
scheduler (a private ``cupsd`` started here, with its own socket, spool and a raw queue), and the
document CUPS accepted for the printer is read back: its barcodes decode with zxing-cpp to the
exact GS1 payload. Skipped where CUPS is not installed (``apt-get install cups``); CI installs it.

The print runs in a child process because libcups remembers the server it first talked to
(``CUPS_SERVER`` is read once per process).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.labels.decoding import pdf_pages, read_codes
from tests.labels.expected import LOT_GS1

pytestmark = pytest.mark.cups
ROOT = Path(__file__).resolve().parents[2]
CUPSD, LPADMIN = "/usr/sbin/cupsd", shutil.which("lpadmin")
QUEUE = "WarelinkLabels"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def cups(tmp_path):
    if not (Path(CUPSD).exists() and LPADMIN):
        _skip_or_fail("CUPS is not installed: apt-get install cups")
    if os.geteuid() != 0:
        pytest.skip("a private cupsd needs root here")
    base = Path(f"/tmp/wl-cups-{os.getpid()}")          # short: a socket path has ~100 bytes
    shutil.rmtree(base, ignore_errors=True)
    for sub in ("spool", "cache", "state", "log"):
        (base / sub).mkdir(parents=True)
    socket = base / "cups.sock"
    (base / "cupsd.conf").write_text(textwrap.dedent(f"""\
        Listen {socket}
        LogLevel info
        WebInterface No
        Browsing No
        DefaultAuthType None
        PreserveJobFiles Yes
        <Location />
          Order allow,deny
          Allow all
        </Location>
        <Location /admin>
          Order allow,deny
          Allow all
        </Location>
        """))
    (base / "cups-files.conf").write_text(textwrap.dedent(f"""\
        FileDevice Yes
        ServerRoot {base}
        RequestRoot {base}/spool
        TempDir {base}/spool
        CacheDir {base}/cache
        StateDir {base}/state
        ErrorLog {base}/log/error_log
        AccessLog {base}/log/access_log
        PageLog {base}/log/page_log
        """))
    daemon = subprocess.Popen([CUPSD, "-f", "-c", str(base / "cupsd.conf"),
                               "-s", str(base / "cups-files.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    try:
        deadline = time.monotonic() + 15
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists(), "cupsd did not start: " + _log(base)
        subprocess.run([LPADMIN, "-p", QUEUE, "-v", "file:///dev/null", "-E", "-m", "raw"],
                       env=env, check=True, capture_output=True, timeout=30)
        yield env, base
    finally:
        daemon.terminate()
        daemon.wait(10)
        shutil.rmtree(base, ignore_errors=True)


def _log(base: Path) -> str:
    path = base / "log" / "error_log"
    return path.read_text(errors="replace")[-2000:] if path.exists() else "(no log)"


PRINT = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication
from PySide6.QtPrintSupport import QPrinterInfo
app = QApplication([])
from devices.printers.queue_runner import render_job
from domain.labels.serialization import dumps
from domain.labels.shipped import load_shipped
from domain.printing import PrinterProfile
from domain.printing.jobs import PrintJob
from gui.printing.system_printer import open_gui_printer
assert {queue!r} in QPrinterInfo.availablePrinterNames(), QPrinterInfo.availablePrinterNames()
template = load_shipped("lot_label.en")
profile = PrinterProfile("Office", "system", {{"printer": {queue!r}}}, dpi=300)
job = PrintJob(id=1, state="sending", printer="Office", printer_id=1, template_name="lot_label.en",
               template_version=1, template_json=dumps(template), records=template.sample[:1],
               copies=1, attempts=1, last_error="", note="", due_at=None, created_at=None,
               created_by="test", printed_at=None, reprint_of_id=None)
printer = open_gui_printer(profile)
assert printer.is_online()
printer.send(render_job(job, profile))
print("handed to CUPS")
"""


def test_a_lot_label_printed_through_cups_decodes_to_its_gs1_payload(cups, tmp_path):
    env, base = cups
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PRINT.format(root=str(ROOT), queue=QUEUE)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    deadline = time.monotonic() + 30
    documents: list[Path] = []
    while time.monotonic() < deadline:
        documents = sorted((base / "spool").glob("d*-001"))
        completed = subprocess.run(["lpstat", "-W", "completed", "-o", QUEUE], env=env,
                                   capture_output=True, text=True, timeout=30).stdout
        if documents and QUEUE in completed:
            break
        time.sleep(0.2)
    assert documents, "CUPS kept no job: " + _log(base)
    pdf = documents[-1].read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf, tmp_path, dpi=300)
    assert len(pages) == 1
    codes = read_codes(pages[0])
    assert codes[("Code128", "]C1", LOT_GS1)] == 1
    assert codes[("DataMatrix", "]d2", LOT_GS1)] == 1
