"""Reading rendered labels back: PDF via pdftoppm, ZPL via zpl-renderer-js, ESC/POS by parsing.

Each reader ends in zxing-cpp, so a test compares what a scanner would see — format, symbology
identifier (``]C1`` for GS1-128, ``]d2`` for GS1 DataMatrix) and the exact bytes with their GS
separators — with the payload the test expects.
"""
from __future__ import annotations

import collections
import io
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

NODE_DIR = Path(__file__).parent / "node"
Code = tuple[str, str, bytes]          # (zxing format name, symbology identifier, bytes)


def read_codes(image: Image.Image) -> collections.Counter:
    """Every barcode zxing-cpp finds in ``image``."""
    results = zxingcpp.read_barcodes(image.convert("L"))
    return collections.Counter((r.format.name, r.symbology_identifier, bytes(r.bytes))
                               for r in results)


def _missing(reason: str) -> None:
    """Skip locally with the fix; on CI a missing tool is a failure, never a silent skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pdf_pages(pdf: bytes, tmp_path: Path, dpi: int = 200) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        _missing("pdftoppm missing: install poppler-utils")
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")],
                   check=True, timeout=60)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdffonts") is None:
        _missing("pdffonts missing: install poppler-utils")
    source = tmp_path / "fonts.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(source)], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def zpl_renderer_ready() -> None:
    """Skip (with the fix) when Node or the npm package is not installed here."""
    if shutil.which("node") is None:
        _missing("node missing: install Node.js >= 18 to render ZPL offline")
    if not (NODE_DIR / "node_modules" / "zpl-renderer-js").is_dir():
        _missing(f"zpl-renderer-js missing: run `npm ci` in {NODE_DIR}")


def zpl_pages(zpl: bytes, width_mm: float, height_mm: float, dpi: int,
              tmp_path: Path) -> list[Image.Image]:
    """Render every ^XA…^XZ of ``zpl`` in one Node call (WASM start-up is paid once)."""
    zpl_renderer_ready()
    source = tmp_path / "labels.zpl"
    source.write_bytes(zpl)
    dpmm = round(dpi / 25.4)
    out = subprocess.run(["node", str(NODE_DIR / "render.js"), str(source),
                          str(tmp_path / "zpl"), str(width_mm), str(height_mm), str(dpmm)],
                         check=True, capture_output=True, text=True, timeout=120)
    count = int(out.stdout.strip())
    return [Image.open(tmp_path / f"zpl-{i}.png") for i in range(count)]


@dataclass
class EscposLabel:
    """One label (up to a cut): its raster slices stacked, and its native commands."""
    rows: list[Image.Image] = field(default_factory=list)
    barcodes: list[tuple[int, bytes]] = field(default_factory=list)     # (GS k m, data)
    qr_codes: list[bytes] = field(default_factory=list)

    def image(self) -> Image.Image:
        width = max([8] + [r.width for r in self.rows])
        out = Image.new("1", (width + 80, sum(r.height for r in self.rows) + 80), 1)
        top = 40
        for row in self.rows:
            out.paste(row, (40, top))
            top += row.height
        return out


_FIXED = {b"\x1dL": 4, b"\x1dh": 3, b"\x1dw": 3, b"\x1dH": 3, b"\x1df": 3, b"\x1ba": 3,
          b"\x1b@": 2, b"\x1bd": 3, b"\x1bJ": 3, b"\x1b!": 3, b"\x1bE": 3, b"\x1bt": 3}


def escpos_labels(stream: bytes) -> list[EscposLabel]:
    """Split an ESC/POS stream at its cuts and decode GS v 0 rasters back into bitmaps."""
    labels, label, i = [], EscposLabel(), 0
    while i < len(stream):
        head = stream[i:i + 2]
        if stream.startswith(b"\x1dv0", i):
            i = _raster(stream, i, label)
        elif head == b"\x1dk":
            m, n = stream[i + 2], stream[i + 3]
            label.barcodes.append((m, stream[i + 4:i + 4 + n]))
            i += 4 + n
        elif head == b"\x1d(":
            size = stream[i + 3] + 256 * stream[i + 4]
            body = stream[i + 5:i + 5 + size]
            if body[:3] == b"1P0":
                label.qr_codes.append(body[3:])
            i += 5 + size
        elif head == b"\x1dV":
            labels.append(label)
            label = EscposLabel()
            i += 4 if stream[i + 2] in (65, 66) else 3
        elif head in _FIXED:
            i += _FIXED[head]
        else:
            raise AssertionError(f"unexpected ESC/POS bytes at {i}: {stream[i:i + 8]!r}")
    if label.rows or label.barcodes or label.qr_codes:     # printers without a cutter
        labels.append(label)
    return labels


def _raster(stream: bytes, i: int, label: EscposLabel) -> int:
    """GS v 0 m xL xH yL yH data: width in bytes, height in rows, MSB leftmost, 1 = black."""
    width_bytes = stream[i + 4] + 256 * stream[i + 5]
    height = stream[i + 6] + 256 * stream[i + 7]
    data = stream[i + 8:i + 8 + width_bytes * height]
    inverted = bytes(b ^ 0xFF for b in data)           # PIL mode "1": 1 = white
    label.rows.append(Image.frombytes("1", (width_bytes * 8, height), inverted))
    return i + 8 + width_bytes * height


def png_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
