"""Task life cycle actions any screen needs: start, assign, finish, cancel.

Each is one small transaction that stamps who and when (the productivity KPIs read them) and is
audited. Doing a task's work needs the permission of its kind of work; assigning it to someone
else or cancelling it is a supervisor's call.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import NotFound
from domain.model import User
from domain.model.tasks import Task, TaskType
from domain.permissions import Actor, Permission
from domain.services.operations.common import OperationService, load_task
from domain.services.operations.waves import release_task

WORK_PERMISSION = {
    TaskType.RECEIVE.value: Permission.RECEIVE, TaskType.INSPECT.value: Permission.CHANGE_STATUS,
    TaskType.PUTAWAY.value: Permission.MOVE, TaskType.PICK.value: Permission.MOVE,
    TaskType.PACK.value: Permission.MOVE, TaskType.COUNT.value: Permission.COUNT,
    TaskType.MOVE.value: Permission.MOVE, TaskType.RETURN.value: Permission.RECEIVE,
}


class TaskService(OperationService):

    def start(self, actor: Actor, number: str) -> Task:
        return self._act(actor, number, "task.start",
                         lambda s, t: t.start(actor.user_id, self.now()))

    def finish(self, actor: Actor, number: str) -> Task:
        return self._act(actor, number, "task.finish",
                         lambda s, t: t.finish(actor.user_id, self.now()))

    def assign(self, actor: Actor, number: str, username: str | None) -> Task:
        """Assign to ``username`` (None = unassign). Taking a task oneself, or giving back
        one's own, needs only the work permission; giving it to someone else or taking it
        from someone needs the task-management permission."""
        if username is None:
            with self.db.read() as s:
                mine = load_task(s, number, lock=False).assignee_id in (None, actor.user_id)
            if not mine:
                self.require(actor, Permission.MANAGE_TASKS, "task.unassign")
        elif username != actor.username:
            self.require(actor, Permission.MANAGE_TASKS, "task.assign")

        def apply(s: Session, task: Task) -> None:
            task.assign(_user_id(s, username) if username else None)
        return self._act(actor, number, "task.assign", apply, {"assignee": username})

    def cancel(self, actor: Actor, number: str, reason: str) -> Task:
        """Cancel what is left of a task; completed steps stay in the ledger. A pick or move
        task gives its reservations back first."""
        self.require(actor, Permission.MANAGE_TASKS, "task.cancel")

        def apply(s: Session, task: Task) -> None:
            if task.task_type in (TaskType.PICK.value, TaskType.MOVE.value):
                release_task(s, task, actor, self.now())
            task.cancel(actor.user_id, self.now(), reason)
        return self._act(actor, number, "task.cancel", apply, {"reason": reason})

    def _act(self, actor: Actor, number: str, action: str, apply, detail: dict | None = None):
        self.require_work(actor, number)

        def work(s: Session) -> Task:
            task = load_task(s, number)
            apply(s, task)
            s.flush()
            audit.record(s, actor, action, entity="task", key=task.number,
                         detail={"state": task.state, **(detail or {})})
            return task
        return self.db.write(work)

    def require_work(self, actor: Actor, number: str) -> None:
        """Checked before the write transaction: a refusal is audited in a transaction of its
        own, which must not wait behind ours (SQLite has one writer)."""
        with self.db.read() as s:
            task_type = load_task(s, number, lock=False).task_type
        self.require(actor, WORK_PERMISSION[task_type], f"task.{task_type}")


def _user_id(s: Session, username: str) -> int:
    found = s.scalars(select(User.id).where(User.username == username.strip(),
                                            User.active.is_(True))).first()
    if found is None:
        raise NotFound(kind="User", key=username)
    return found
