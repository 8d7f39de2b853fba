"""The small demo's history: forty-five days of a two-warehouse operation, planned day by
day against the ``Floor`` so that every posting is one the ledger accepts.

A day: quality releases in the morning, supplier receipts, putaway, replenishment of the pick
faces, customer shipments in the afternoon, and now and then damage or a count variance.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from domain.demo.catalog import DemoItem
from domain.demo.floor import AVAILABLE, QUARANTINE, Floor
from domain.demo.layout import DemoBin, Layout
from domain.model import MoveReason
from domain.permissions import Actor
from domain.services.ledger import MoveLine, QuantKey

SUPPLIERS = ("上海百联供应链", "Guangzhou Lianhua Trading", "华东医药物流", "SKF China",
             "Zebra APAC", "宁波港储运", "Shenzhen Bright Electronics", "金龙鱼粮油")
CUSTOMERS = ("永辉超市 Yonghui", "JD Logistics 京东物流", "Metro Cash & Carry", "华润万家",
             "Haier Service Center", "Sinopharm 国药控股", "Walmart 沃尔玛 Shenzhen")
DAMAGE_NOTES = ("Forklift damage 叉车损坏", "Carton crushed 外箱压损", "Water damage 受潮")
QC_NOTES = {AVAILABLE: "QC passed 检验合格", "blocked": "QC failed 检验不合格",
            "damaged": "Damaged in transit 运输破损", "expired": "Expired in inspection 检验期间过期"}
R = MoveReason


@dataclass
class Job:
    """One posting: who, when, why, its lines and the kind of document number it takes."""
    when: datetime
    actor: Actor
    reason: MoveReason
    doc_type: str | None
    lines: list[MoveLine]
    extra: dict = field(default_factory=dict)


@dataclass
class DayPlan:
    day: date
    lots: list[dict] = field(default_factory=list)
    serials: list[dict] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)


class _Shift:
    """The clock of one working day, from 08:00 China time (00:00 UTC) on."""

    def __init__(self, day: date, rng: random.Random) -> None:
        self.t, self.rng = datetime.combine(day, time(0, 5), timezone.utc), rng

    def next(self, not_before_utc_hour: int = 0) -> datetime:
        floor = self.t.replace(hour=not_before_utc_hour, minute=0)
        self.t = max(self.t, floor) + timedelta(minutes=self.rng.randint(2, 9),
                                                 seconds=self.rng.randint(0, 59))
        return self.t


class SmallStory:
    def __init__(self, layout: Layout, items: list[DemoItem], actors: dict[str, Actor],
                 rng: random.Random, today: date, first_lot_id: int = 1,
                 first_serial_id: int = 1) -> None:
        self.layout, self.rng, self.actors, self.today = layout, rng, actors, today
        self.floor = Floor(layout)
        self.items = {it.id: it for it in items}
        self.stocked = sorted(rng.sample(items, k=len(items) * 85 // 100), key=lambda it: it.id)
        self.lots: dict[int, tuple[DemoItem, str]] = {}
        self.serials: dict[int, str] = {}
        self._next_lot, self._next_serial = first_lot_id, first_serial_id
        self._homes: dict[tuple[int, int], DemoBin] = {}
        self.recall: int | None = None

    # -- a day --------------------------------------------------------------------------------
    def opening(self, day: date) -> DayPlan:
        """Go-live: the stock count that opened the books, every stocked item in its home bin."""
        plan = DayPlan(day)
        lines = [line for it in self.stocked for line in self._arrival(
            plan, it, self._home(it.id, self.rng.choice(self.layout.warehouse_ids)), AVAILABLE,
            note="Go-live stock count 上线期初盘点")]
        self._job(plan, _Shift(day, self.rng).next(), "supervisor", R.ADJUSTMENT_GAIN,
                  "adjustment", lines)
        return plan

    def plan_day(self, day: date, *, last: bool = False) -> DayPlan:
        plan, shift = DayPlan(day), _Shift(day, self.rng)
        self._release_quarantine(plan, shift)
        for _ in range(self.rng.randint(2, 4)):
            self._receipt(plan, shift)
        if last:    # yesterday's medicines are still in quarantine, waiting for QA
            self._receipt(plan, shift, [it for it in self.stocked if it.inspection])
        self._putaway(plan, shift, leave_some=last)
        self._replenish(plan, shift)
        for _ in range(self.rng.randint(4, 8)):
            self._shipment(plan, shift)
        if self.rng.random() < 0.3:
            self._damage(plan, shift)
        if self.rng.random() < 0.2:
            self._count_variance(plan, shift)
        return plan

    def _job(self, plan, when, role, reason, doc_type, lines, **extra) -> None:
        if lines:
            plan.jobs.append(Job(when, self.actors[role], reason, doc_type, lines, extra))

    def _move(self, day: date, key: QuantKey, qty: Decimal, *, to_bin: int | None = None,
              to_status: str | None = None, note: str = "") -> MoveLine:
        """Take ``qty`` from ``key`` to another bin and/or status, or out (no target)."""
        moved = to_bin is not None or to_status is not None
        line = MoveLine(item_id=key.item_id, qty=qty, from_bin_id=key.bin_id, lot_id=key.lot_id,
                        serial_id=key.serial_id, from_status=key.status,
                        to_bin_id=(to_bin or key.bin_id) if moved else None,
                        to_status=(to_status or key.status) if moved else None, note=note)
        return self.floor.apply(line, day)

    # -- receiving and putaway ----------------------------------------------------------------
    def _receipt(self, plan: DayPlan, shift: _Shift, items: list[DemoItem] | None = None) -> None:
        """A supplier delivery of a few of ``items`` (by default any stocked item)."""
        wh = self.rng.choice(self.layout.warehouse_ids)
        dock = self.rng.choice(self.layout.of(wh, "receiving"))
        items = items or self.stocked
        lines = []
        for it in self.rng.sample(items, k=min(len(items), self.rng.randint(2, 6))):
            lines += self._arrival(plan, it, dock, QUARANTINE if it.inspection else AVAILABLE)
        self._job(plan, shift.next(), "clerk", R.RECEIPT, "receipt", lines,
                  supplier=self.rng.choice(SUPPLIERS), asn=f"ASN{self._number()}")

    def _arrival(self, plan: DayPlan, it: DemoItem, target: DemoBin, status: str,
                 note: str = "") -> list[MoveLine]:
        """Goods of ``it`` coming in: a new lot if lot-tracked, one line per serial number."""
        lot = self._new_lot(plan, it) if it.lot else None
        qty = self._receipt_qty(it)
        serials = [self._new_serial(plan, it) for _ in range(int(qty))] if it.serial else [None]
        return [self.floor.apply(MoveLine(item_id=it.id, qty=Decimal(1) if serial else qty,
                                          to_bin_id=target.id, to_status=status, lot_id=lot,
                                          serial_id=serial, note=note), plan.day)
                for serial in serials]

    def _number(self) -> int:
        """An eight-digit number, as ERPs give to orders and advance shipping notices."""
        return self.rng.randint(10**7, 10**8 - 1)

    def _receipt_qty(self, it: DemoItem) -> Decimal:
        if it.serial:
            return Decimal(self.rng.randint(1, 3))
        if it.decimals:
            return Decimal(self.rng.randint(40, 800)) / 2
        factor = it.packs[0][1] if it.packs else 1
        return Decimal(factor * self.rng.randint(2, 12) if factor > 1 else self.rng.randint(5, 120))

    def _new_lot(self, plan: DayPlan, it: DemoItem) -> int:
        """A supplier lot: produced a few days ago; some are short-dated on purpose, so the demo
        has expired lots and lots expiring within 30 days."""
        age = self.rng.randint(1, min(20, (it.shelf_life or 80) // 4))
        produced = plan.day - timedelta(days=age)
        expiry = produced + timedelta(days=it.shelf_life) if it.shelf_life else None
        draw, days_left = self.rng.random(), (self.today - plan.day).days
        if expiry and draw < 0.08 and days_left > 3:       # has expired by today
            expiry = plan.day + timedelta(days=self.rng.randint(1, days_left - 1))
        elif expiry and draw < 0.16:                       # expires within 30 days
            expiry = self.today + timedelta(days=self.rng.randint(1, 30))
        lot_id, self._next_lot = self._next_lot, self._next_lot + 1
        lot_no = f"L{produced:%y%m%d}-{lot_id:04d}"
        plan.lots.append(dict(id=lot_id, item_id=it.id, lot_no=lot_no, expiry_date=expiry,
                              production_date=produced, status="released"))
        self.lots[lot_id] = (it, lot_no)
        self.floor.expiry[lot_id] = expiry
        return lot_id

    def _new_serial(self, plan: DayPlan, it: DemoItem) -> int:
        serial_id, self._next_serial = self._next_serial, self._next_serial + 1
        serial_no = f"{it.code[:2]}{plan.day:%y%m}{it.id:05d}{serial_id:04d}"
        plan.serials.append(dict(id=serial_id, item_id=it.id, serial_no=serial_no, lot_id=None))
        self.serials[serial_id] = serial_no
        return serial_id

    def _putaway(self, plan: DayPlan, shift: _Shift, *, leave_some: bool) -> None:
        """Clear the receiving docks: inspected goods into quarantine, the rest to storage."""
        for wh in self.layout.warehouse_ids:
            lines = []
            for status in (AVAILABLE, QUARANTINE):
                for key in self.floor.keys(status=status, bin_types=("receiving",), warehouse=wh):
                    if leave_some and self.rng.random() < 0.5:
                        continue
                    target = (self.rng.choice(self.layout.of(wh, "quarantine"))
                              if status == QUARANTINE else self._home(key.item_id, wh))
                    lines.append(self._move(plan.day, key, self.floor.qty[key], to_bin=target.id))
            self._job(plan, shift.next(), "clerk", R.TRANSFER, "putaway", lines)

    def _home(self, item_id: int, wh: int) -> DemoBin:
        """The storage bin an item lives in: zone A for fast movers, C for slow ones."""
        if (item_id, wh) not in self._homes:
            storage = self.layout.of(wh, "storage")
            third = len(storage) // 3
            start = {"A": 0, "B": third, "C": 2 * third}[self.items[item_id].abc]
            self._homes[item_id, wh] = self.rng.choice(storage[start:start + third] or storage)
        return self._homes[item_id, wh]

    # -- quality, replenishment, shipping -----------------------------------------------------
    def _release_quarantine(self, plan: DayPlan, shift: _Shift) -> None:
        """The supervisor decides on goods inspected for two days or more: most are released
        and put away, a few fail (damaged, blocked), expired ones are blocked."""
        decided, putaway = [], []
        for key in self.floor.keys(status=QUARANTINE, bin_types=("quarantine",)):
            if (plan.day - self.floor.since[key]).days < 2 or self.rng.random() < 0.6:
                continue
            verdict, draw = AVAILABLE, self.rng.random()
            if self.floor.expired(key, plan.day):
                verdict = "expired"
            elif draw > 0.9:
                verdict = "blocked" if draw > 0.95 else "damaged"
            status = "blocked" if verdict == "expired" else verdict
            decided.append(self._move(plan.day, key, self.floor.qty[key], to_status=status,
                                      note=QC_NOTES[verdict]))
            if status == AVAILABLE:
                released = QuantKey(key.item_id, key.bin_id, key.lot_id, key.serial_id, AVAILABLE)
                home = self._home(key.item_id, self.floor.bin_of(key).warehouse_id)
                putaway.append(self._move(plan.day, released, self.floor.qty[released],
                                          to_bin=home.id))
        self._job(plan, shift.next(), "supervisor", R.STATUS_CHANGE, None, decided)
        self._job(plan, shift.next(), "clerk", R.TRANSFER, "putaway", putaway)

    def _replenish(self, plan: DayPlan, shift: _Shift) -> None:
        """Top up pick faces from storage, within their capacity."""
        storage = self.floor.keys(status=AVAILABLE, bin_types=("storage",))
        lines = []
        for key in self.rng.sample(storage, k=min(len(storage), self.rng.randint(3, 8))):
            if self.floor.expired(key, plan.day):
                continue
            face = self._pick_face(key.item_id, self.floor.bin_of(key).warehouse_id)
            room = self.floor.room(face.id)
            qty = min(self.floor.qty[key], self._issue_qty(key) * 3)
            qty = qty if room is None else min(qty, room)
            qty = qty if self.items[key.item_id].decimals else Decimal(int(qty))
            if qty > 0:
                lines.append(self._move(plan.day, key, qty, to_bin=face.id,
                                        note="Replenishment 补货"))
        self._job(plan, shift.next(), "clerk", R.TRANSFER, "transfer", lines)

    def _pick_face(self, item_id: int, wh: int) -> DemoBin:
        faces = self.layout.of(wh, "pick_face")
        return faces[(item_id * 7919) % len(faces)]

    def _shipment(self, plan: DayPlan, shift: _Shift) -> None:
        """A customer order: a few items that the warehouse has on its shelves."""
        wh = self.rng.choice(self.layout.warehouse_ids)
        in_stock = sorted({k.item_id for k in self.floor.keys(
            status=AVAILABLE, bin_types=("pick_face", "storage"), warehouse=wh)})
        lines = []
        for item_id in self.rng.sample(in_stock, k=min(len(in_stock), self.rng.randint(1, 5))):
            keys = self.floor.pickable(item_id, wh, plan.day)
            if keys:
                lines.append(self._move(plan.day, keys[0], self._issue_qty(keys[0])))
        self._job(plan, shift.next(not_before_utc_hour=5), "clerk", R.ISSUE, "shipment", lines,
                  customer=self.rng.choice(CUSTOMERS), order=f"SO{self._number()}")

    def _issue_qty(self, key: QuantKey) -> Decimal:
        have, it = self.floor.qty[key], self.items[key.item_id]
        if it.serial:
            return Decimal(1)
        if it.decimals:
            return min(have, Decimal(self.rng.randint(2, 80)) / 2)
        return Decimal(min(int(have), self.rng.randint(1, max(1, int(have) // 2))))

    def _damage(self, plan: DayPlan, shift: _Shift) -> None:
        keys = self.floor.keys(status=AVAILABLE, bin_types=("storage", "pick_face"))
        if keys:
            key = self.rng.choice(keys)
            line = self._move(plan.day, key, self._issue_qty(key), to_status="damaged",
                              note=self.rng.choice(DAMAGE_NOTES))
            self._job(plan, shift.next(), "clerk", R.STATUS_CHANGE, None, [line])

    def _count_variance(self, plan: DayPlan, shift: _Shift) -> None:
        """A cycle count finds one or two units more or less than the book."""
        keys = [k for k in self.floor.keys(status=AVAILABLE, bin_types=("storage",))
                if k.lot_id is None and k.serial_id is None and not self.items[k.item_id].decimals]
        if not keys:
            return
        key, delta = self.rng.choice(keys), Decimal(self.rng.randint(1, 2))
        note = "Cycle count variance 盘点差异"
        if self.rng.random() < 0.4:
            line = self.floor.apply(MoveLine(item_id=key.item_id, qty=delta, to_bin_id=key.bin_id,
                                             to_status=AVAILABLE, note=note), plan.day)
            self._job(plan, shift.next(), "supervisor", R.ADJUSTMENT_GAIN, "adjustment", [line])
        else:
            line = self._move(plan.day, key, min(delta, self.floor.qty[key]), note=note)
            self._job(plan, shift.next(), "supervisor", R.ADJUSTMENT_LOSS, "adjustment", [line])

    # -- today ----------------------------------------------------------------------------------
    def closing(self, now: datetime) -> DayPlan:
        """This morning: most expired stock is blocked for disposal; a supplier recalls a lot."""
        plan = DayPlan(self.today)
        expired = [k for k in self.floor.keys(status=AVAILABLE, bin_types=("storage", "pick_face"))
                   if self.floor.expired(k, self.today) and self.rng.random() < 0.6]
        lines = [self._move(self.today, k, self.floor.qty[k], to_status="blocked",
                            note="Expired, awaiting disposal 过期待处理") for k in expired]
        self._job(plan, now, "supervisor", R.STATUS_CHANGE, None, lines)
        self.recall = self._recalled_lot()
        if self.recall is not None:
            item = self.lots[self.recall][0].id
            lines = [self._move(self.today, k, self.floor.qty[k], to_status="blocked",
                                note="Supplier recall 供应商召回")
                     for k in self.floor.keys(status=AVAILABLE, bin_types=("storage", "pick_face"),
                                              item=item) if k.lot_id == self.recall]
            self._job(plan, now + timedelta(seconds=30), "supervisor", R.STATUS_CHANGE, None, lines)
        return plan

    def _recalled_lot(self) -> int | None:
        """An unexpired food lot in storage, the one the supplier recalls."""
        keys = [k for k in self.floor.keys(status=AVAILABLE, bin_types=("storage",))
                if k.lot_id and self.items[k.item_id].code.startswith("FD")
                and not self.floor.expired(k, self.today)]
        return self.rng.choice(keys).lot_id if keys else None

    def reservations(self, count: int = 25) -> list[tuple[QuantKey, Decimal, str]]:
        """Stock set aside for open customer orders: (quant, quantity, order number)."""
        keys = [k for k in self.floor.keys(status=AVAILABLE, bin_types=("pick_face", "storage"))
                if not self.floor.expired(k, self.today)]
        chosen = self.rng.sample(keys, k=min(count, len(keys)))
        return [(k, self._issue_qty(k), f"SO{self._number()}") for k in chosen]

    def bins_to_block(self) -> list[tuple[DemoBin, str]]:
        """One storage bin that holds stock and one empty one are taken out of use."""
        storage = self.layout.of(self.layout.warehouse_ids[0], "storage")
        full = next(b for b in storage if self.floor.load[b.id] > 0)
        empty = next(b for b in reversed(storage) if self.floor.load[b.id] == 0)
        return [(full, "Rack upright hit by forklift, awaiting inspection 货架立柱受损待检"),
                (empty, "Sprinkler maintenance 喷淋维修")]
