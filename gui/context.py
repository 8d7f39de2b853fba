"""What every screen is given: the ``AppContext`` of the signed-in session.

Screens never open database sessions; they build services from the context and run them in ops:

    class BinsScreen(Retranslating, QWidget):
        def __init__(self, ctx: AppContext) -> None:
            ...
            ctx.changed.connect(self._on_changed)

        def _reload(self) -> None:
            service = self.ctx.service(MasterDataService)
            self.ctx.op(self, lambda _p: service.list_bins(self.ctx.actor)) \\
                .success(self._model.set_rows).run()

        def _on_changed(self, changes: frozenset[str]) -> None:
            if changes & {"bins", "stock"}:
                self._reload()

Change keys are plain strings naming what a write touched; in use: "stock", "items", "bins",
"lots", "warehouses", "users". A write op says ``.changes({"stock"})`` and the context emits
``changed`` once it succeeded; each screen decides whether that concerns it.
"""
from __future__ import annotations

from typing import Callable, Iterable, TypeVar

from PySide6.QtCore import QObject, Signal

from domain.clock import Clock
from domain.model import User
from domain.permissions import Actor, Permission
from domain.persistence.database import Database
from domain.services.users import actor_of
from gui.ops import Op, Progress

S = TypeVar("S")
T = TypeVar("T")
Runner = Callable[[Callable[[], object], Callable[[object], None], Callable[[Exception], None]],
                  None]


class AppContext(QObject):
    """The session: database, signed-in user, service factory, op runner, change broadcast."""

    changed = Signal(object)  # frozenset[str]: what a successful write op changed

    def __init__(self, db: Database, user: User, *, clock: Clock | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.clock = clock

    @property
    def actor(self) -> Actor:
        """Who acts: pass it to every service call."""
        return actor_of(self.user)

    def can(self, permission: Permission) -> bool:
        """For hiding or disabling UI only; services check permissions themselves."""
        return self.actor.can(permission)

    def service(self, service_class: Callable[..., S]) -> S:
        """A service on this session's database, e.g. ``ctx.service(StockService)``."""
        return service_class(self.db, self.clock)

    def op(self, parent: QObject | None, work: Callable[[Progress], T]) -> Op[T]:
        """A background op whose ``.changes()`` are broadcast through this context."""
        return Op(parent, work, bus=self)

    def runner(self, parent: QObject | None) -> Runner:
        """``run(work, on_result, on_error)`` on this context's ops, for helpers that take a
        plain runner (``gui.widgets.lazy_table.LazyTableModel``); ``work`` takes no argument."""
        def run(work: Callable[[], object], on_result: Callable[[object], None],
                on_error: Callable[[Exception], None]) -> None:
            self.op(parent, lambda _progress: work()).success(on_result).failure(on_error).run()
        return run

    def broadcast(self, changes: Iterable[str]) -> None:
        self.changed.emit(frozenset(changes))

    def __repr__(self) -> str:
        return f"AppContext(user={self.user.username!r}, db={self.db.describe()!r})"
