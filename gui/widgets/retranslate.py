"""Live language switching for widgets that set their own texts."""
from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mixin (put it before the Qt base class): calls ``self.retranslate()`` on LanguageChange.

    Installing a translator makes Qt send LanguageChange to every widget, so a widget that sets
    all of its texts in ``retranslate()`` (and calls it once from ``__init__``) follows a language
    switch without being rebuilt and without losing what the user has typed.
    """

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
