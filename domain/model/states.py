"""The life cycle shared by orders and tasks: open → in progress → done / cancelled.

One table of allowed transitions, checked by one function, so an order and a task refuse an
illegal step with the same clear message (and the GUI translates one template).
"""
from __future__ import annotations

import enum

from domain.errors import DomainError


class WorkState(str, enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


FINAL = frozenset({WorkState.DONE.value, WorkState.CANCELLED.value})
ALLOWED: dict[str, frozenset[str]] = {
    WorkState.OPEN.value: frozenset({WorkState.IN_PROGRESS.value, WorkState.DONE.value,
                                     WorkState.CANCELLED.value}),
    WorkState.IN_PROGRESS.value: frozenset({WorkState.DONE.value, WorkState.CANCELLED.value}),
    WorkState.DONE.value: frozenset(),
    WorkState.CANCELLED.value: frozenset(),
}
STATE_SQL = "'open','in_progress','done','cancelled'"


class InvalidTransition(DomainError):
    template = "{kind} {key} is {current}: it cannot become {target}"


class AlreadyFinished(DomainError):
    template = "{kind} {key} is already {state}; nothing more can be done on it"


def check_transition(kind: str, key: str, current: str, target: str) -> None:
    """Raise ``InvalidTransition`` unless ``current → target`` is in ``ALLOWED``."""
    if target not in ALLOWED.get(current, frozenset()):
        raise InvalidTransition(kind=kind, key=key, current=current, target=target)


def check_workable(kind: str, key: str, state: str) -> None:
    """Refuse work (a scan, a confirmation) on a document that is done or cancelled."""
    if state in FINAL:
        raise AlreadyFinished(kind=kind, key=key, state=state)


class Stateful:
    """Mixin for documents with a ``number`` and a ``state`` following ``ALLOWED``."""
    KIND = "Document"
    number: str
    state: str

    def _move_to(self, target: WorkState) -> None:
        check_transition(self.KIND, self.number, self.state, target.value)
        self.state = target.value

    def ensure_workable(self) -> None:
        check_workable(self.KIND, self.number, self.state)

    @property
    def is_final(self) -> bool:
        return self.state in FINAL
