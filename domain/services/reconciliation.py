"""Reconciliation: the ERP's book stock against the warehouse's stock, and the resolution of
every difference (issue 7; the KPIs of issue 8 read the rows).

The ERP's book stock arrives as plain data (``BookStock`` rows), so the domain never imports the
integration layer. A run compares per item, and per lot for the items the ERP keeps by lot (any
book row with a lot), against the on-hand quantity of every bin and status here. Every compared
pair is a ``reconciliation_lines`` row, matched ones too, so inventory accuracy is
matched / compared.

A discrepancy is identified by its item and lot across runs: ``found_at`` is when it was *first*
found, carried over from the still-open line of an earlier run, so resolution time is measured
from the first sighting, not from last night's run. Resolving a line resolves the open lines of
the same item/lot in earlier runs the same way (same state, time, user and note). When a later
run finds the pair matching again (a delayed message arrived), those earlier lines are closed as
``explained`` with a note saying so and no user.

Resolutions: ``explain`` (a note, nothing moves), ``adjust`` (the warehouse is corrected to the
ERP through the ledger with a reason code; its message type ``stock.reconciled`` tells the
connector not to post it back), ``push`` (an outbox message ``reconciliation.correction`` asks
the ERP to take the warehouse's quantity).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.orm import Session

from domain import audit
from domain.errors import DomainError, InvalidInput, NotFound
from domain.model import MoveReason, StockStatus
from domain.permissions import Actor, Permission
from domain.persistence.tables import (
    bins, items, lots, quants, reconciliation_lines, reconciliation_runs, stock_moves, users,
    warehouses,
)
from domain.services import ledger
from domain.services.base import Service
from domain.services.ledger import MoveLine, Posting
from domain.services.operations.messages import write_message
from domain.services.stock import find_bin

RESOLUTIONS = ("explained", "adjusted", "pushed")
ADJUST_MESSAGE = "stock.reconciled"                 # the connector does not post it back
CORRECTION_MESSAGE = "reconciliation.correction"


class DiscrepancyAlreadyResolved(DomainError):
    template = "Discrepancy {line} is already resolved ({state})"


@dataclass(frozen=True)
class BookStock:
    """The ERP's quantity of one item (and lot, when the ERP keeps it by lot)."""
    item: str
    qty: Decimal
    lot: str | None = None


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    compared: int
    matched: int
    unknown: tuple[str, ...] = ()      # ERP items/lots this warehouse does not know

    @property
    def accuracy(self) -> Decimal:
        return accuracy(self.compared, self.matched)

    @property
    def discrepancies(self) -> int:
        return self.compared - self.matched


@dataclass(frozen=True)
class Discrepancy:
    line_id: int
    run_id: int
    item: str
    item_name: str
    lot: str | None
    erp_qty: Decimal
    wms_qty: Decimal
    state: str
    found_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    note: str = ""

    @property
    def difference(self) -> Decimal:
        """Warehouse minus ERP: positive = more on the floor than in the books."""
        return self.wms_qty - self.erp_qty


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    trigger: str
    state: str
    started_at: datetime
    finished_at: datetime | None
    compared: int
    matched: int
    error: str = ""
    open: int = 0

    @property
    def accuracy(self) -> Decimal:
        return accuracy(self.compared, self.matched)


@dataclass(frozen=True)
class MoveInfo:
    at: datetime
    reason: str
    qty: Decimal
    from_bin: str | None
    to_bin: str | None
    lot: str | None
    document_ref: str | None
    user: str
    note: str = ""


def _decimal(value: object) -> Decimal:
    """A book quantity: exact, and possibly negative (an ERP may book below zero)."""
    if isinstance(value, float):
        raise InvalidInput(field="book stock", reason="use a decimal number, not a float")
    return value if isinstance(value, Decimal) else Decimal(str(value))


def accuracy(compared: int, matched: int) -> Decimal:
    """Inventory accuracy in percent, two decimals; 100 when nothing was compared."""
    if not compared:
        return Decimal("100.00")
    return (Decimal(matched) * 100 / Decimal(compared)).quantize(Decimal("0.01"))


@dataclass
class _Pair:
    item_id: int
    lot_id: int | None
    erp: Decimal = Decimal(0)
    wms: Decimal = Decimal(0)
    extra: dict = field(default_factory=dict)


class ReconciliationService(Service):

    # -- runs ---------------------------------------------------------------------------------
    def start(self, actor: Actor, trigger: str = "manual") -> int:
        """Open a run (state ``running``) before the ERP is asked, so a failed fetch is kept."""
        self.require(actor, Permission.RECONCILE, "reconciliation.run")
        if trigger not in ("manual", "scheduled"):
            raise InvalidInput(field="trigger", reason=trigger)
        return self.db.write(lambda s: s.execute(insert(reconciliation_runs).values(
            trigger=trigger, state="running", started_at=self.clock.now(),
            started_by_id=actor.user_id)).inserted_primary_key[0])

    def fail(self, run_id: int, error: str) -> None:
        self.db.write(lambda s: s.execute(update(reconciliation_runs).where(
            reconciliation_runs.c.id == run_id).values(
            state="failed", finished_at=self.clock.now(), error=error[:2000])))

    def run(self, actor: Actor, book: Iterable[BookStock], *, trigger: str = "manual",
            warehouse: str | None = None) -> RunSummary:
        """Start, compare and finish in one go (the book stock is already at hand)."""
        run_id = self.start(actor, trigger)
        return self.complete(actor, run_id, book, warehouse=warehouse)

    def complete(self, actor: Actor, run_id: int, book: Iterable[BookStock], *,
                 warehouse: str | None = None) -> RunSummary:
        """Compare ``book`` with the stock here (one warehouse, or all) and write the lines."""
        self.require(actor, Permission.RECONCILE, "reconciliation.run")
        rows = [BookStock(b.item, _decimal(b.qty), b.lot) for b in book]
        return self.db.write(lambda s: self._complete(s, actor, run_id, rows, warehouse))

    def _complete(self, s: Session, actor: Actor, run_id: int, book: list[BookStock],
                  warehouse: str | None) -> RunSummary:
        now = self.clock.now()
        item_ids = dict(s.execute(select(items.c.code, items.c.id)).all())
        lot_ids = {(r.item_id, r.lot_no): r.id
                   for r in s.execute(select(lots.c.id, lots.c.item_id, lots.c.lot_no))}
        by_lot = {item_ids[b.item] for b in book if b.lot and b.item in item_ids}
        pairs: dict[tuple[int, int | None], _Pair] = {}
        unknown: list[str] = []

        def pair(item_id: int, lot_id: int | None) -> _Pair:
            key = (item_id, lot_id if item_id in by_lot else None)
            if key not in pairs:
                pairs[key] = _Pair(*key)
            return pairs[key]

        for b in book:
            item_id = item_ids.get(b.item)
            if item_id is None:
                if b.qty:
                    unknown.append(b.item)
                continue
            lot_id = lot_ids.get((item_id, b.lot)) if b.lot else None
            if b.lot and lot_id is None:
                if b.qty:
                    unknown.append(f"{b.item}/{b.lot}")
                continue
            pair(item_id, lot_id).erp += b.qty
        for item_id, lot_id, qty in s.execute(self._stock_query(warehouse)):
            pair(item_id, lot_id).wms += qty
        open_before = self._open_lines(s, run_id)
        matched = 0
        for key, p in sorted(pairs.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            if p.erp == 0 and p.wms == 0:
                continue
            same = p.erp == p.wms
            matched += same
            earlier = open_before.get(key, [])
            found = min((l.found_at for l in earlier), default=now)
            s.execute(insert(reconciliation_lines).values(
                run_id=run_id, item_id=p.item_id, lot_id=p.lot_id, erp_qty=p.erp, wms_qty=p.wms,
                state="matched" if same else "open", found_at=now if same else found))
            if same and earlier:
                s.execute(update(reconciliation_lines).where(
                    reconciliation_lines.c.id.in_([l.id for l in earlier])).values(
                    state="explained", resolved_at=now,
                    resolution_note=f"matched again in run {run_id}"))
        compared = sum(1 for p in pairs.values() if p.erp or p.wms)
        s.execute(update(reconciliation_runs).where(reconciliation_runs.c.id == run_id).values(
            state="done", finished_at=now, lines_compared=compared, lines_matched=matched))
        audit.record(s, actor, "reconciliation.run", entity="reconciliation", key=str(run_id),
                     detail={"compared": compared, "matched": matched,
                             "unknown": unknown[:50]})
        return RunSummary(run_id, compared, matched, tuple(unknown))

    @staticmethod
    def _stock_query(warehouse: str | None):
        q = (select(quants.c.item_id, quants.c.lot_id, func.sum(quants.c.on_hand))
             .group_by(quants.c.item_id, quants.c.lot_id))
        if warehouse:
            q = (q.join(bins, bins.c.id == quants.c.bin_id)
                 .join(warehouses, warehouses.c.id == bins.c.warehouse_id)
                 .where(warehouses.c.code == warehouse))
        return q

    @staticmethod
    def _open_lines(s: Session, run_id: int) -> dict[tuple, list]:
        found = defaultdict(list)
        for r in s.execute(select(reconciliation_lines.c.id, reconciliation_lines.c.item_id,
                                  reconciliation_lines.c.lot_id, reconciliation_lines.c.found_at)
                           .where(reconciliation_lines.c.state == "open",
                                  reconciliation_lines.c.run_id != run_id)):
            found[(r.item_id, r.lot_id)].append(r)
        return found

    # -- reading ------------------------------------------------------------------------------
    def latest_run(self, *, done_only: bool = True) -> RunInfo | None:
        runs = self.runs(limit=1, done_only=done_only)
        return runs[0] if runs else None

    def runs(self, limit: int = 20, *, done_only: bool = False) -> list[RunInfo]:
        r = reconciliation_runs
        open_count = (select(func.count()).where(reconciliation_lines.c.run_id == r.c.id,
                                                 reconciliation_lines.c.state == "open")
                      .scalar_subquery())
        q = select(r, open_count.label("open")).order_by(r.c.id.desc()).limit(limit)
        if done_only:
            q = q.where(r.c.state == "done")
        with self.db.read() as s:
            return [RunInfo(x.id, x.trigger, x.state, x.started_at, x.finished_at,
                            x.lines_compared, x.lines_matched, x.error, x.open)
                    for x in s.execute(q)]

    def discrepancies(self, run_id: int, *, include_matched: bool = False) -> list[Discrepancy]:
        lines = reconciliation_lines
        q = (select(lines, items.c.code, items.c.name, lots.c.lot_no,
                    users.c.username)
             .join(items, items.c.id == lines.c.item_id)
             .outerjoin(lots, lots.c.id == lines.c.lot_id)
             .outerjoin(users, users.c.id == lines.c.resolved_by_id)
             .where(lines.c.run_id == run_id).order_by(items.c.code, lots.c.lot_no))
        if not include_matched:
            q = q.where(lines.c.state != "matched")
        with self.db.read() as s:
            return [Discrepancy(r.id, r.run_id, r.code, r.name, r.lot_no, r.erp_qty, r.wms_qty,
                                r.state, r.found_at, r.resolved_at, r.username,
                                r.resolution_note) for r in s.execute(q)]

    def moves(self, line_id: int, limit: int = 100) -> list[MoveInfo]:
        """The warehouse's moves of the line's item (and lot), newest first: the drill-down."""
        fb, tb = bins.alias("fb"), bins.alias("tb")
        with self.db.read() as s:
            line = self._line(s, line_id)
            q = (select(stock_moves, fb.c.code.label("from_code"), tb.c.code.label("to_code"),
                        lots.c.lot_no, users.c.username)
                 .outerjoin(fb, fb.c.id == stock_moves.c.from_bin_id)
                 .outerjoin(tb, tb.c.id == stock_moves.c.to_bin_id)
                 .outerjoin(lots, lots.c.id == stock_moves.c.lot_id)
                 .join(users, users.c.id == stock_moves.c.user_id)
                 .where(stock_moves.c.item_id == line.item_id)
                 .order_by(stock_moves.c.id.desc()).limit(limit))
            if line.lot_id is not None:
                q = q.where(stock_moves.c.lot_id == line.lot_id)
            return [MoveInfo(r.created_at, r.reason, r.qty, r.from_code, r.to_code, r.lot_no,
                             r.document_ref, r.username, r.note) for r in s.execute(q)]

    # -- resolving ----------------------------------------------------------------------------
    def explain(self, actor: Actor, line_id: int, note: str) -> None:
        """The difference is understood (a delivery in transit, a known ERP error): no stock
        moves, the note says why."""
        self.require(actor, Permission.RECONCILE, "reconciliation.explain")
        if not note or not note.strip():
            raise InvalidInput(field="note", reason="an explanation needs a note")

        def work(s: Session) -> None:
            line = self._open(s, line_id)
            self._resolve(s, actor, line, "explained", note.strip())
        self.db.write(work)

    def adjust(self, actor: Actor, line_id: int, *, bin: str, reason_code: str,
               note: str = "") -> str:
        """The ERP is right: correct the warehouse by the difference in ``bin`` (a gain into it
        or a loss out of it) through the ledger. Returns the outbox key of the posting."""
        self.require(actor, Permission.RECONCILE, "reconciliation.adjust")
        self.require(actor, Permission.ADJUST, "reconciliation.adjust")
        if not reason_code or not reason_code.strip():
            raise InvalidInput(field="reason code", reason="an adjustment needs a reason code")
        text = f"{reason_code.strip()}: {note.strip()}".strip(": ")

        def work(s: Session) -> str:
            line = self._open(s, line_id)
            target = find_bin(s, bin)
            delta = line.erp_qty - line.wms_qty
            status = StockStatus.AVAILABLE.value
            if delta > 0:
                move = MoveLine(item_id=line.item_id, qty=delta, to_bin_id=target.id,
                                to_status=status, lot_id=line.lot_id, note=text[:256],
                                reason=MoveReason.ADJUSTMENT_GAIN)
            else:
                move = MoveLine(item_id=line.item_id, qty=-delta, from_bin_id=target.id,
                                from_status=status, lot_id=line.lot_id, note=text[:256],
                                reason=MoveReason.ADJUSTMENT_LOSS)
            posted = ledger.post(s, actor, Posting(
                None, [move], f"REC-{line.run_id}-{line.id}", ADJUST_MESSAGE,
                {"reconciliation": {"run": line.run_id, "line": line.id,
                                    "reason_code": reason_code.strip()}}),
                now=self.clock.now(), today=self.clock.today())
            self._resolve(s, actor, line, "adjusted", text)
            return posted.outbox_key
        return self.db.write(work)

    def push(self, actor: Actor, line_id: int, note: str = "") -> str:
        """The warehouse is right: ask the ERP (through the outbox) to take the warehouse's
        quantity. Returns the outbox key."""
        self.require(actor, Permission.RECONCILE, "reconciliation.push")

        def work(s: Session) -> str:
            line = self._open(s, line_id)
            code = s.execute(select(items.c.code).where(items.c.id == line.item_id)).scalar()
            lot = (s.execute(select(lots.c.lot_no).where(lots.c.id == line.lot_id)).scalar()
                   if line.lot_id else None)
            ref = f"REC-{line.run_id}-{line.id}"
            key = write_message(s, actor, CORRECTION_MESSAGE, ref, {
                "reconciliation": {"run": line.run_id, "line": line.id, "note": note},
                "lines": [{"item": code, "lot": lot, "erp_qty": str(line.erp_qty),
                           "wms_qty": str(line.wms_qty),
                           "qty": str(line.wms_qty - line.erp_qty)}]}, self.clock.now())
            self._resolve(s, actor, line, "pushed", note.strip())
            return key
        return self.db.write(work)

    # -- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _line(s: Session, line_id: int):
        line = s.execute(select(reconciliation_lines).where(
            reconciliation_lines.c.id == line_id)).first()
        if line is None:
            raise NotFound(kind="Discrepancy", key=line_id)
        return line

    def _open(self, s: Session, line_id: int):
        line = s.execute(select(reconciliation_lines).where(
            reconciliation_lines.c.id == line_id).with_for_update()).first()
        if line is None:
            raise NotFound(kind="Discrepancy", key=line_id)
        if line.state != "open":
            raise DiscrepancyAlreadyResolved(line=line_id, state=line.state)
        return line

    def _resolve(self, s: Session, actor: Actor, line, state: str, note: str) -> None:
        """Resolve the line and the open lines of the same item/lot from earlier runs."""
        lines = reconciliation_lines
        same_lot = (lines.c.lot_id.is_(None) if line.lot_id is None
                    else lines.c.lot_id == line.lot_id)
        s.execute(update(lines).where(
            lines.c.state == "open", lines.c.item_id == line.item_id, same_lot,
            and_(lines.c.run_id <= line.run_id)).values(
            state=state, resolved_at=self.clock.now(), resolved_by_id=actor.user_id,
            resolution_note=note[:2000]))
        audit.record(s, actor, f"reconciliation.{state}", entity="reconciliation",
                     key=str(line.id), detail={"run": line.run_id, "erp": str(line.erp_qty),
                                               "wms": str(line.wms_qty), "note": note})
