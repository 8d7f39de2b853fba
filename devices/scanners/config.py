"""A scanner's settings: plain data, saved per station (the GUI keeps it in QSettings as JSON).

Unknown keys and wrong types in a saved configuration fall back to defaults instead of
failing: a station must start even if its settings were written by another version.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from devices.scanners.framing import SUFFIXES

SERIAL, WEDGE = "serial", "wedge"
PARITIES = {"N": "none", "E": "even", "O": "odd", "M": "mark", "S": "space"}
STOPBITS = (1, 1.5, 2)
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


@dataclass
class ScannerConfig:
    name: str = "Scanner"
    kind: str = SERIAL
    enabled: bool = True
    # serial: a path (/dev/ttyUSB0, COM3) or a pyserial URL (socket://10.0.0.5:4001)
    port: str = ""
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1.0
    suffix: str = "EOL"             # CR, LF, CRLF, TAB, EOL (any line end), NONE (idle timeout)
    prefix: str = ""                # written with escapes, e.g. "\\x02"
    idle_timeout_ms: int = 60       # NONE suffix: silence that ends a scan
    encoding: str = "utf-8"
    # keyboard wedge
    max_key_gap_ms: int = 35        # keys closer than this belong to one burst
    min_length: int = 4             # shorter bursts are typing
    gs_substitute: str = ""         # character the scanner types for GS (e.g. "~")

    def problems(self) -> list[str]:
        """What is wrong, in plain words (empty when the configuration can be used)."""
        out = []
        if self.kind not in (SERIAL, WEDGE):
            out.append(f"unknown kind {self.kind!r}")
        if self.kind == SERIAL and not self.port.strip():
            out.append("no port or URL")
        if self.suffix not in SUFFIXES:
            out.append(f"unknown suffix {self.suffix!r}")
        if self.parity not in PARITIES:
            out.append(f"unknown parity {self.parity!r}")
        if self.stopbits not in STOPBITS:
            out.append(f"stop bits must be 1, 1.5 or 2, not {self.stopbits}")
        if len(self.gs_substitute) > 1:
            out.append("the GS substitute must be one character")
        return out

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ScannerConfig:
        defaults, values = cls(), {}
        data = data if isinstance(data, dict) else {}
        for f in fields(cls):
            value = data.get(f.name, getattr(defaults, f.name))
            wanted = type(getattr(defaults, f.name))
            try:
                values[f.name] = value if isinstance(value, wanted) and not (
                    wanted is int and isinstance(value, bool)) else wanted(value)
            except (TypeError, ValueError):
                values[f.name] = getattr(defaults, f.name)
        return cls(**values)
