"""This station's scanners, remembered per PC (a scanner is plugged into a PC, not a user).

Stored as one JSON list in the station's ini file (the data directory, like the remembered UI
language), under ``scanners/configs``. A station that never configured anything gets one
keyboard-wedge scanner with default thresholds: plugging a USB scanner in then just works.
"""
from __future__ import annotations

import json
import logging

from PySide6.QtCore import QSettings

from devices.scanners import WEDGE, ScannerConfig
from domain.persistence.database import default_data_dir

log = logging.getLogger(__name__)
KEY = "scanners/configs"


def _settings() -> QSettings:
    return QSettings(str(default_data_dir() / "station.ini"), QSettings.Format.IniFormat)


def default_configs() -> list[ScannerConfig]:
    return [ScannerConfig(name="Keyboard scanner", kind=WEDGE)]


def load_configs() -> list[ScannerConfig]:
    raw = _settings().value(KEY)
    if not raw:
        return default_configs()
    try:
        return [ScannerConfig.from_dict(d) for d in json.loads(raw)]
    except (TypeError, ValueError):
        log.warning("unreadable scanner configuration in %s; using defaults", KEY)
        return default_configs()


def save_configs(configs: list[ScannerConfig]) -> None:
    settings = _settings()
    settings.setValue(KEY, json.dumps([c.to_dict() for c in configs], ensure_ascii=False))
    settings.sync()
