"""Scan feedback: two distinct generated tones, a backend that always exists (down to a single
or double system beep), and a colour flash that goes away by itself."""
from __future__ import annotations

import wave

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from gui.scanning.feedback import FLASH_MS, Flash, ScanFeedback
from gui.scanning.sounds import TONES, ScanSounds, write_tone


def _frames(path):
    with wave.open(str(path)) as w:
        return w.getnchannels(), w.getsampwidth(), w.getnframes(), w.readframes(w.getnframes())


def test_the_two_tones_are_valid_wav_files_and_distinct(tmp_path):
    sounds = ScanSounds(tmp_path, which=lambda _name: None, multimedia=False)
    accepted, refused = (_frames(sounds.files[n]) for n in ("accepted", "refused"))
    assert accepted[:2] == refused[:2] == (1, 2)
    assert refused[2] > 3 * accepted[2]        # two long low notes vs one short high one
    assert accepted[3] != refused[3][:len(accepted[3])]


def test_a_tone_starts_and_ends_in_silence(tmp_path):
    _, _, n, data = _frames(write_tone(tmp_path / "t.wav", ((1000, 50),)))
    assert n == int(22050 * 0.05) and data[:2] == b"\x00\x00" and abs(
        int.from_bytes(data[-2:], "little", signed=True)) < 2000


@pytest.mark.parametrize("which, backend", [(lambda _n: None, "beep"),
                                            (lambda n: "/usr/bin/aplay" if n == "aplay" else None,
                                             "player")])
def test_the_backend_is_the_first_this_station_has(tmp_path, which, backend):
    assert ScanSounds(tmp_path, which=which, multimedia=False).backend == backend


def test_the_beep_fallback_still_tells_accepted_from_refused(tmp_path, monkeypatch, qtbot):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    sounds = ScanSounds(tmp_path, which=lambda _n: None, multimedia=False)
    sounds.play("accepted")
    assert len(beeps) == 1
    sounds.play("refused")
    qtbot.waitUntil(lambda: len(beeps) == 3, timeout=2000)


def test_playing_never_fails(tmp_path, monkeypatch):
    sounds = ScanSounds(tmp_path, which=lambda _n: "/nonexistent/player", multimedia=False)
    sounds.play("accepted")                     # the player cannot start: silently nothing
    monkeypatch.setattr(sounds, "_play_player", lambda _n: 1 / 0)
    sounds.play("refused")
    ScanSounds(tmp_path, enabled=False).play("accepted")
    sounds.play("no-such-sound")


def test_an_unwritable_cache_falls_back_to_the_beep(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert ScanSounds(blocker / "sub").backend == "beep"


def test_the_flash_covers_the_widget_and_goes_away(qtbot, tmp_path):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    played = []
    sounds = ScanSounds(tmp_path, enabled=False)
    sounds.play = played.append
    ScanFeedback(sounds).refused(edit)
    [flash] = edit.findChildren(Flash)
    assert flash.outcome == "refused" and flash.geometry() == edit.rect() and played == ["refused"]
    qtbot.waitUntil(lambda: not edit.findChildren(Flash), timeout=FLASH_MS + 2000)
    ScanFeedback(sounds).accepted(None)
    assert played == ["refused", "accepted"] and set(TONES) == {"accepted", "refused"}
