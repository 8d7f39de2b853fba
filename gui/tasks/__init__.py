"""The Tasks area: the task list and one scan-driven screen per warehouse operation."""
from __future__ import annotations

from gui.tasks.page import TasksPage

__all__ = ["TasksPage"]
