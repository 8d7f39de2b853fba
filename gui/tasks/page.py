"""The Tasks navigation entry: the task list and the operation screens as tabs. Opening a task
from the list shows the screen of its type with the task loaded."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from domain.permissions import Permission
from gui.tasks.count_approval import CountApprovalScreen
from gui.tasks.counts import CountScreen
from gui.tasks.inspection import InspectionScreen
from gui.tasks.moves import MoveScreen
from gui.tasks.orders import OrderEntryScreen
from gui.tasks.picking import PickingScreen
from gui.tasks.putaway import PutawayScreen
from gui.tasks.recall import RecallScreen
from gui.tasks.receiving import ReceivingScreen
from gui.tasks.returns import ReturnScreen
from gui.tasks.shipping import ShippingScreen
from gui.tasks.task_list import TaskListScreen
from gui.widgets.tabs import TabbedPage

C = "TaskScreens"


class TasksPage(TabbedPage):

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self.task_list = TaskListScreen(ctx)
        self.screens = {
            "receive": ReceivingScreen(ctx), "putaway": PutawayScreen(ctx),
            "pick": PickingScreen(ctx), "pack": ShippingScreen(ctx),
            "count": CountScreen(ctx), "move": MoveScreen(ctx), "return": ReturnScreen(ctx),
            "inspect": InspectionScreen(ctx), "recall": RecallScreen(ctx)}
        if ctx.can(Permission.EDIT_ORDERS):
            self.screens["order"] = OrderEntryScreen(ctx)
        if ctx.can(Permission.APPROVE_COUNT):
            self.screens["approve"] = CountApprovalScreen(ctx)
        titles = {"receive": QT_TRANSLATE_NOOP("TaskScreens", "Receive"),
                  "putaway": QT_TRANSLATE_NOOP("TaskScreens", "Put away"),
                  "pick": QT_TRANSLATE_NOOP("TaskScreens", "Pick"),
                  "pack": QT_TRANSLATE_NOOP("TaskScreens", "Pack and ship"),
                  "count": QT_TRANSLATE_NOOP("TaskScreens", "Count"),
                  "move": QT_TRANSLATE_NOOP("TaskScreens", "Move"),
                  "return": QT_TRANSLATE_NOOP("TaskScreens", "Returns"),
                  "inspect": QT_TRANSLATE_NOOP("TaskScreens", "Inspect"),
                  "recall": QT_TRANSLATE_NOOP("TaskScreens", "Lot status"),
                  "order": QT_TRANSLATE_NOOP("TaskScreens", "New order"),
                  "approve": QT_TRANSLATE_NOOP("TaskScreens", "Approve counts")}
        super().__init__([(QT_TRANSLATE_NOOP("TaskScreens", "Task list"), self.task_list),
                          *((titles[k], w) for k, w in self.screens.items())], C)
        self.task_list.open_requested.connect(self.open_task)

    def show_screen(self, task_type: str):
        screen = self.screens[task_type]
        self.tabs.setCurrentWidget(screen)
        screen.code_edit.setFocus()
        return screen

    def open_task(self, number: str, task_type: str, state: str = "") -> None:
        """A finished count opens for approval (supervisors); other tasks on their screen."""
        if task_type == "count" and state == "done" and "approve" in self.screens:
            task_type = "approve"
        if task_type in self.screens:
            self.show_screen(task_type).open_task(number)
