"""UI language: translators, this station's remembered choice, and the Settings dialog.

Each user's language is stored with their account (``UserService.set_language``) and applied
when they sign in. The station also remembers the last language used (an ini file in the data
directory, ``WARELINK_DATA_DIR``), so the sign-in dialog opens in it before anyone is known.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout,
                               QWidget)

from domain.persistence.database import default_data_dir
from domain.services.users import UserService
from gui import errors
from gui.context import AppContext
from gui.widgets.forms import LANGUAGES, LanguageCombo
from gui.widgets.retranslate import Retranslating

log = logging.getLogger(__name__)
I18N_DIR = Path(__file__).resolve().parents[1] / "resources" / "i18n"
SUPPORTED = tuple(code for code, _ in LANGUAGES)

_installed: list[QTranslator] = []  # Python must keep installed translators alive
_current = "en"


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Switch the UI to ``language`` ("en" or "zh_CN"): Warelink's translation plus Qt's own
    (standard buttons). Qt then sends LanguageChange to every widget, which retranslates live.
    Returns False when the .qm is missing (run resources/i18n/build.py); the UI stays English."""
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = language if language in SUPPORTED else "en"
    if _current == "en":
        return True
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    _load(app, f"qtbase_{_current}", qt_dir)
    found = _load(app, f"warelink_{_current}", str(I18N_DIR))
    if not found:
        log.warning("no translation warelink_%s.qm in %s", _current, I18N_DIR)
    return found


def _load(app: QCoreApplication, name: str, directory: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, directory):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def current_language() -> str:
    return _current


def _station_settings() -> QSettings:
    return QSettings(str(default_data_dir() / "station.ini"), QSettings.Format.IniFormat)


def station_language() -> str:
    """The language this station used last; before any, the system's (Chinese or English)."""
    saved = _station_settings().value("ui/language")
    if saved in SUPPORTED:
        return saved
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def apply_language(language: str) -> None:
    """Switch the running UI and remember the choice for this station's sign-in dialog."""
    install_translator(QCoreApplication.instance(), language)
    settings = _station_settings()
    settings.setValue("ui/language", current_language())
    settings.sync()


class SettingsDialog(Retranslating, QDialog):
    """Per-user settings: the UI language, saved to the account and applied at once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.language = LanguageCombo(self)
        self.language.set_language(ctx.user.language or current_language())
        self._language_label = QLabel(self)
        self._note = QLabel(self)
        self._note.setWordWrap(True)
        self._note.setForegroundRole(self._note.palette().ColorRole.PlaceholderText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self._language_label, self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.addLayout(form)
        layout.addWidget(self._note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._language_label.setText(self.tr("&Language:"))
        self._language_label.setBuddy(self.language)
        self._note.setText(self.tr("The language is saved with your account and applies at once."))

    def _on_ok(self) -> None:
        language = self.language.language()
        if language == self.ctx.user.language:
            self.accept()
            return
        service, actor = self.ctx.service(UserService), self.ctx.actor
        self.buttons.setEnabled(False)
        self.ctx.op(self, lambda _p: service.set_language(actor, language)) \
            .success(lambda _r: self._on_saved(language)) \
            .failure(self._on_failed).run()

    def _on_saved(self, language: str) -> None:
        self.ctx.user.language = language
        apply_language(language)
        self.accept()

    def _on_failed(self, error: Exception) -> None:
        self.buttons.setEnabled(True)
        errors.present(self, error)
