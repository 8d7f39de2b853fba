"""The navigation: which screens the main window offers, in order (Ctrl+1 … Ctrl+0).

To plug in a screen, give its entry a factory: ``factory(ctx: AppContext) -> QWidget``. Import
the screen *inside* ``default_screens`` so this module stays import-cycle free and cheap. An
entry without a factory shows a placeholder saying what the area will do. For an area with
several screens (Admin: users, warehouses/zones) use ``tabbed(...)``:

    Screen("admin", QT_TRANSLATE_NOOP("Navigation", "Admin"),
           factory=tabbed((QT_TRANSLATE_NOOP("Navigation", "Users"), UsersScreen),
                          (QT_TRANSLATE_NOOP("Navigation", "Warehouses and zones"), ZonesScreen)),
           permission=Permission.MANAGE_USERS)

Titles are English source strings marked with ``QT_TRANSLATE_NOOP("Navigation", ...)`` so that
lupdate collects them; the window translates them when it shows them (and again on a switch).
A screen follows a language switch by setting its texts in ``retranslate()`` (see
``gui.widgets.retranslate.Retranslating``) and refreshes on ``ctx.changed``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from domain.permissions import Permission
from gui.widgets.tabs import TabbedPage

if TYPE_CHECKING:
    from gui.context import AppContext

ScreenFactory = Callable[["AppContext"], QWidget]


@dataclass(frozen=True)
class Screen:
    key: str                              # stable id: "stock", "items", … (window.show_screen)
    title: str                            # source text, context "Navigation"
    factory: ScreenFactory | None = None  # None: a placeholder page
    coming: str = ""                      # placeholder only: what it will do, context "Placeholder"
    permission: Permission | None = None  # hide the entry from users without this permission


def tabbed(*pages: tuple[str, ScreenFactory]) -> ScreenFactory:
    """One navigation entry made of several screens, shown as tabs."""
    def build(ctx: AppContext) -> QWidget:
        return TabbedPage([(title, factory(ctx)) for title, factory in pages], "Navigation")
    return build


def default_screens() -> list[Screen]:
    from gui.dashboard import DashboardScreen
    from gui.designer import DesignerScreen
    from gui.devices import devices_screen
    from gui.masterdata.bins import BinsScreen
    from gui.masterdata.items import ItemsScreen
    from gui.masterdata.locations import LocationsScreen
    from gui.masterdata.lots import LotsScreen
    from gui.masterdata.users import UsersScreen
    from gui.printing import printing_screen
    from gui.stock.browser import StockBrowser
    from gui.sync import SyncScreen
    from gui.tasks import TasksPage
    return [
        Screen("stock", QT_TRANSLATE_NOOP("Navigation", "Stock"), factory=StockBrowser),
        Screen("items", QT_TRANSLATE_NOOP("Navigation", "Items"), factory=ItemsScreen),
        Screen("bins", QT_TRANSLATE_NOOP("Navigation", "Bins"), factory=tabbed(
            (QT_TRANSLATE_NOOP("Navigation", "Bins"), BinsScreen),
            (QT_TRANSLATE_NOOP("Navigation", "Warehouses and zones"), LocationsScreen))),
        Screen("lots", QT_TRANSLATE_NOOP("Navigation", "Lots"), factory=LotsScreen),
        Screen("tasks", QT_TRANSLATE_NOOP("Navigation", "Tasks"), factory=TasksPage),
        Screen("printing", QT_TRANSLATE_NOOP("Navigation", "Printing"), factory=printing_screen,
               permission=Permission.PRINT),
        Screen("devices", QT_TRANSLATE_NOOP("Navigation", "Devices"), factory=devices_screen),
        Screen("sync", QT_TRANSLATE_NOOP("Navigation", "Sync"), factory=SyncScreen,
               permission=Permission.MANAGE_SYNC),
        Screen("reports", QT_TRANSLATE_NOOP("Navigation", "Reports"), factory=DashboardScreen,
               permission=Permission.VIEW_REPORTS),
        Screen("admin", QT_TRANSLATE_NOOP("Navigation", "Admin"), factory=UsersScreen,
               permission=Permission.MANAGE_USERS),
        Screen("designer", QT_TRANSLATE_NOOP("Navigation", "Label designer"),
               factory=DesignerScreen, permission=Permission.DESIGN_TEMPLATES),
    ]
