"""What the task screens read: the task list, a task's lines in walking order, the blind count
sheet and the supervisor's variances (``domain.queries.tasks``), each in one read transaction
behind the view-stock permission. The screens call these inside ops, never on the UI thread."""
from __future__ import annotations

from domain.model import Item
from domain.permissions import Actor, Permission
from domain.queries import tasks as q
from domain.services.base import Service


class TaskReads(Service):

    def task_list(self, actor: Actor, f: q.TaskFilter, *, limit: int = 500) -> list[dict]:
        self.require(actor, Permission.VIEW_STOCK, "task.list")
        with self.db.read() as s:
            return q.task_list(s, f, limit=limit)

    def lines(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.VIEW_STOCK, "task.lines")
        with self.db.read() as s:
            return q.task_line_rows(s, number)

    def count_sheet(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.COUNT, "count.sheet")
        with self.db.read() as s:
            return q.count_sheet(s, number)

    def count_variances(self, actor: Actor, number: str) -> list[dict]:
        self.require(actor, Permission.APPROVE_COUNT, "count.variances")
        with self.db.read() as s:
            return q.count_variances(s, number)

    def order_lines(self, actor: Actor, number: str) -> list[dict]:
        """An outbound order's lines with what is picked and shipped (the packing screen)."""
        from domain.services.operations.common import load_outbound
        self.require(actor, Permission.VIEW_STOCK, "outbound.lines")
        with self.db.read() as s:
            order = load_outbound(s, number, lock=False)
            return [{"line_no": l.line_no, "item": s.get(Item, l.item_id).code,
                     "qty_ordered": l.qty_ordered, "qty_picked": l.qty_picked,
                     "qty_shipped": l.qty_shipped} for l in order.lines]
