"""Distinct sounds for an accepted and a refused scan, with no sound files shipped.

The tones are written as WAV files at first use (``wave``) into the cache directory. Playing
them takes the first way this station has: Qt Multimedia's ``QSoundEffect`` (only when
PySide6-Addons is installed; Essentials lacks it), ``winsound`` on Windows, a command-line
player (``pw-play``, ``paplay``, ``aplay``, ``afplay``), and last ``QApplication.beep()`` once
for accepted and twice for refused, so the two stay distinguishable even then. No audio device
is never an error: a scan must not fail because a speaker is missing.
"""
from __future__ import annotations

import logging
import math
import shutil
import struct
import sys
import tempfile
import wave
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QProcess, QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
RATE = 22050
# (frequency Hz, milliseconds) per note; silence is frequency 0.
TONES = {"accepted": ((1320, 90),), "refused": ((330, 140), (0, 60), (250, 220))}
PLAYERS = ("pw-play", "paplay", "aplay", "afplay")


def write_tone(path: Path, notes: tuple[tuple[int, int], ...], volume: float = 0.4) -> Path:
    """A mono 16-bit WAV of the notes, with 5 ms fades so that it clicks nowhere."""
    frames = bytearray()
    fade = int(RATE * 0.005)
    for freq, ms in notes:
        count = int(RATE * ms / 1000)
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade) if freq else 0.0
            sample = volume * envelope * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    with open(path, "wb") as file, wave.open(file, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


def sound_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    directory = Path(base or tempfile.gettempdir()) / "warelink-sounds"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class ScanSounds:
    """``play("accepted")`` / ``play("refused")``. ``which`` and ``multimedia`` are injectable
    so tests can choose the backend without a sound card."""

    def __init__(self, directory: Path | None = None, *, which: Callable = shutil.which,
                 multimedia: bool = True, enabled: bool = True) -> None:
        self.enabled = enabled
        self.files: dict[str, Path] = {}
        self.backend = "beep"
        self._effects: dict = {}
        self._player: str | None = None
        try:
            directory = directory or sound_dir()
            directory.mkdir(parents=True, exist_ok=True)
            self.files = {name: write_tone(directory / f"{name}.wav", notes)
                          for name, notes in TONES.items()}
        except OSError:
            log.warning("cannot write scan sounds; using the system beep", exc_info=True)
            return
        self.backend = self._choose(which, multimedia)

    def _choose(self, which: Callable, multimedia: bool) -> str:
        if multimedia and self._load_effects():
            return "qtmultimedia"
        if sys.platform == "win32":
            return "winsound"
        self._player = next((p for p in PLAYERS if which(p)), None)
        return "player" if self._player else "beep"

    def _load_effects(self) -> bool:
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return False
        for name, path in self.files.items():
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[name] = effect
        return True

    def play(self, name: str) -> None:
        if not self.enabled or name not in TONES:
            return
        try:
            getattr(self, f"_play_{self.backend}")(name)
        except Exception:  # noqa: BLE001 - feedback is best effort, the scan itself counts
            log.debug("playing %s failed", name, exc_info=True)

    def _play_qtmultimedia(self, name: str) -> None:
        self._effects[name].play()

    def _play_winsound(self, name: str) -> None:
        import winsound
        winsound.PlaySound(str(self.files[name]), winsound.SND_FILENAME | winsound.SND_ASYNC)

    def _play_player(self, name: str) -> None:
        QProcess.startDetached(self._player, [str(self.files[name])])

    def _play_beep(self, name: str) -> None:
        QApplication.beep()
        if name == "refused":
            QTimer.singleShot(180, QApplication.beep)
