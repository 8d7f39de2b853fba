"""Translations and fonts: Chinese loads and renders, and no string or placeholder is lost."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

import domain.errors
from gui import errors
from gui.app import CJK_FONT_CANDIDATES, load_cjk_font
from gui.settings import I18N_DIR, install_translator

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "warelink_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def _current(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """Messages still in the code (lupdate keeps removed ones as vanished/obsolete)."""
    return [m for m in _messages(ts) if m[2].get("type") not in ("vanished", "obsolete")]


def test_the_chinese_translation_loads(qapp):
    assert install_translator(qapp, "zh_CN")
    assert QCoreApplication.translate("Navigation", "Bins") == "库位"
    assert QCoreApplication.translate("DomainError", "Unknown user or wrong password") \
        == "用户名或密码错误"
    install_translator(qapp, "en")
    assert QCoreApplication.translate("Navigation", "Bins") == "Bins"


@pytest.mark.skipif(not any(p.is_file() for p in CJK_FONT_CANDIDATES),
                    reason="WenQuanYi Micro Hei (fonts-wqy-microhei) is not installed")
def test_widgets_can_render_chinese(qtbot, qapp):
    previous = qapp.font()
    try:
        assert load_cjk_font(qapp) == "WenQuanYi Micro Hei"
        label = QLabel("仓库")
        qtbot.addWidget(label)
        assert "WenQuanYi Micro Hei" in label.font().families()
        assert QFontMetrics(label.font()).inFontUcs4(ord("仓"))
    finally:
        qapp.setFont(previous)


def _domain_error_classes(cls=domain.errors.DomainError):
    yield cls
    for sub in cls.__subclasses__():
        yield from _domain_error_classes(sub)


def test_every_domain_error_template_is_marked_for_translation():
    missing = {c.__name__ for c in _domain_error_classes() if c.template not in errors.TEMPLATES}
    assert not missing, f"add these templates to gui/errors.py TEMPLATES: {sorted(missing)}"


def test_translations_keep_every_placeholder():
    wrong = [(context, source) for context, source, translation in _current(TS)
             if translation.text and
             sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation.text))]
    assert not wrong


def test_a_broken_translation_falls_back_to_the_english_message(monkeypatch):
    monkeypatch.setattr(QCoreApplication, "translate",
                        staticmethod(lambda _c, _s, *_a: "{no_such_param}"))
    error = domain.errors.NotFound(kind="Bin", key="A-01")
    assert errors.domain_message(error) == "Bin 'A-01' not found"


def test_every_string_in_the_gui_has_a_chinese_translation(tmp_path):
    """Fails when someone adds UI text without running resources/i18n/build.py and translating
    it (pyside6-linguist, or edit warelink_zh_CN.ts)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "warelink_zh_CN.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))
    subprocess.run([str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)],
                   cwd=ROOT, check=True, capture_output=True)
    untranslated = [(context, source) for context, source, translation in _current(fresh)
                    if translation.get("type") == "unfinished" or not translation.text]
    assert not untranslated, "run resources/i18n/build.py and translate: " + repr(untranslated)
