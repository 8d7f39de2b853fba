"""Stories of stock for the bulk demo (see ``bulk``): each writes its moves and, at the end,
its quants, through ``Out``, which buffers rows and writes them parents first."""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from domain.demo.catalog import DemoItem
from domain.demo.layout import Layout
from domain.demo.loader import BulkLoader
from domain.demo.timeline import SHIFT, Timeline
from domain.quantity import QTY_SCALE

CHUNK = 50_000
AVAILABLE, QUARANTINE = "available", "quarantine"
DOC_PREFIX = {"receipt": "RCV", "putaway": "PUT", "transfer": "TRF", "issue": "SHP"}
MOVE_COLUMNS = ("id", "created_at", "item_id", "qty", "from_bin_id", "to_bin_id", "lot_id",
                "serial_id", "from_status", "to_status", "reason", "note", "document_ref",
                "user_id")
QUANT_COLUMNS = ("id", "item_id", "bin_id", "lot_id", "serial_id", "status", "on_hand", "reserved",
                 "in_date", "updated_at")
LOT_COLUMNS = ("id", "item_id", "lot_no", "expiry_date", "production_date", "status")
SERIAL_COLUMNS = ("id", "item_id", "serial_no", "lot_id")


class QuickRandom(random.Random):
    """``randint`` and ``choice`` from a single float draw: twice as fast as the exact ones,
    which matters at ten million moves; the bias (under 1e-15) does not matter for demo data."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


@dataclass(frozen=True)
class WarehouseBins:
    receiving: list[int]
    quarantine: list[int]
    pick: list[int]
    storage: list[int]


def warehouse_bins(layout: Layout, wh: int) -> WarehouseBins:
    ids = lambda kind: [b.id for b in layout.of(wh, kind)]  # noqa: E731
    return WarehouseBins(ids("receiving"), ids("quarantine"), ids("pick_face"), ids("storage"))


class Out:
    """Generated rows on their way to the database, 50,000 moves at a time."""

    def __init__(self, load: BulkLoader, timeline: Timeline, progress) -> None:
        self.load, self.timeline, self.progress = load, timeline, progress
        self.lots: list[tuple] = []
        self.serials: list[tuple] = []
        self.moves: list[tuple] = []
        self.quants: list[tuple] = []
        self.ids = {"lot": 0, "serial": 0, "quant": 0}
        self.written = 0
        self.bin_totals: dict[int, int] = defaultdict(int)

    def _id(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

    def new_lot(self, it: DemoItem, t0: int, rng: random.Random) -> tuple[int, int]:
        """A lot received at ``t0``; returns its id and the work minute it expires at. A few are
        short-dated: some have expired by today, some expire within 30 days."""
        received, today = self.timeline.day(t0), self.timeline.day(self.timeline.end)
        produced = received - timedelta(days=rng.randint(1, min(30, (it.shelf_life or 120) // 4)))
        expiry = produced + timedelta(days=it.shelf_life) if it.shelf_life else None
        draw, days_left = rng.random(), (today - received).days
        if expiry and draw < 0.05 and days_left > 2:
            expiry = received + timedelta(days=rng.randint(1, days_left - 1))
        elif expiry and draw < 0.10:
            expiry = today + timedelta(days=rng.randint(1, 30))
        lot_id = self._id("lot")
        self.lots.append((lot_id, it.id, f"L{produced:%y%m%d}-{lot_id:07d}", self.load.day(expiry),
                          self.load.day(produced), "released"))
        limit = self.timeline.end_of(expiry) if expiry else self.timeline.end
        return lot_id, min(limit, self.timeline.end)

    def new_serial(self, it: DemoItem, t0: int) -> int:
        serial_id = self._id("serial")
        number = f"{it.code[:2]}{self.timeline.day(t0):%y%m}{it.id:06d}{serial_id:06d}"
        self.serials.append((serial_id, it.id, number, None))
        return serial_id

    def move(self, row: tuple) -> None:
        self.moves.append(row)
        if len(self.moves) >= CHUNK:
            self.flush()

    def quant(self, item: int, bin_id: int, lot, serial, status: str, on_hand: int, reserved: int,
              since: int, touched: int) -> None:
        self.quants.append((self._id("quant"), item, bin_id, lot, serial, status, on_hand, reserved,
                            self.timeline.text(since), self.timeline.text(touched)))
        self.bin_totals[bin_id] += on_hand

    def flush(self) -> None:
        for table, columns, rows in (("lots", LOT_COLUMNS, self.lots),
                                     ("serials", SERIAL_COLUMNS, self.serials),
                                     ("stock_moves", MOVE_COLUMNS, self.moves),
                                     ("quants", QUANT_COLUMNS, self.quants)):
            self.load.insert(table, columns, sorted(rows))    # in id order: appends stay local
        self.written += len(self.moves)
        self.lots, self.serials, self.moves, self.quants = [], [], [], []
        self.load.commit()
        self.progress(self.written)


class Story:
    """One lot, one serial, or one untracked item in one warehouse, from dock to customer."""

    def __init__(self, out: Out, item: DemoItem, bins: WarehouseBins, users: tuple[int, int],
                 rng: random.Random, t0: int, allowance: int, lot: int | None = None,
                 serial: int | None = None) -> None:
        self.out, self.item, self.bins, self.rng = out, item, bins, rng
        self.clerk, self.supervisor = users
        self.t, self.left, self.allowance = t0, allowance, allowance
        self.lot, self.serial = lot, serial
        self.limit = out.timeline.end
        self.gap = max(30, (self.limit - t0) // max(1, allowance))
        self.home = rng.choice(bins.storage)
        # Only fast movers (class A) have a pick face; the rest is picked from storage.
        self.face = bins.pick[item.id % len(bins.pick)] if item.abc == "A" else self.home
        self.unit = QTY_SCALE // 2 if item.decimals else QTY_SCALE
        self.stock: dict[tuple[int, str], int] = {}
        self.since: dict[tuple[int, str], int] = {}
        self.touched: dict[tuple[int, str], int] = {}

    def wait(self, lo: int, hi: int) -> bool:
        """Let time pass; False when the history (or this story's share of it) is over."""
        self.t += self.rng.randint(lo, hi)
        return self.t < self.out.timeline.end and self.left > 0

    def emit(self, qty: int, src, dst, reason: str, doc: str | None = None, *,
             supervisor: bool = False, note: str = "") -> None:
        """Write one move from ``src`` to ``dst`` (each ``(bin, status)`` or None)."""
        move_id, ts = self.out.timeline.stamp(self.t)
        ref = self._document(doc) if doc else None
        self.out.move((move_id, ts, self.item.id, qty, src and src[0], dst and dst[0], self.lot,
                       self.serial, src and src[1], dst and dst[1], reason, note, ref,
                       self.supervisor if supervisor else self.clerk))
        self.left -= 1
        for key, delta in ((src, -qty), (dst, qty)):
            if key is not None:
                held = self.stock.get(key, 0)
                if held == 0:
                    self.since[key] = self.t
                self.stock[key] = held + delta
                self.touched[key] = self.t

    def _document(self, kind: str) -> str:
        """A document number of that day, e.g. SHP-20260312-0042 (a few hundred a day)."""
        day = self.out.timeline.day_text(self.t)
        return f"{DOC_PREFIX[kind]}-{day}-{self.rng.randint(1, 400):04d}"

    def part(self, qty: int) -> int:
        units = qty // self.unit
        return qty if units <= 1 else self.rng.randint(1, max(1, units // 2)) * self.unit

    def receipt_qty(self) -> int:
        it, rng = self.item, self.rng
        if it.decimals:
            return rng.randint(200, 4000) * self.unit
        factor = it.packs[0][1] if it.packs else 1
        return (factor * rng.randint(2, 40) if factor > 1 else rng.randint(10, 500)) * QTY_SCALE

    def finish(self) -> int:
        """Write the story's quants (what is left of it); returns how many moves it wrote."""
        for (bin_id, status), qty in self.stock.items():
            if qty > 0:
                reserved = (self.part(qty) if status == AVAILABLE and self.rng.random() < 0.04
                            else 0)
                self.out.quant(self.item.id, bin_id, self.lot, self.serial, status, qty, reserved,
                               self.since[bin_id, status], self.touched[bin_id, status])
        return self.allowance - self.left


# -- the plots ------------------------------------------------------------------------------------
def receive(st: Story, qty: int):
    """Dock → storage, or dock → quarantine → inspected → storage. Returns where the stock is
    available, or None if it is not (yet)."""
    status = QUARANTINE if st.item.inspection else AVAILABLE
    dock = (st.rng.choice(st.bins.receiving), status)
    home = (st.home, AVAILABLE)
    st.emit(qty, None, dock, "receipt", "receipt")
    if not st.wait(20, 480):
        return None
    if status == AVAILABLE:
        st.emit(qty, dock, home, "transfer", "putaway")
        return home
    cage = (st.rng.choice(st.bins.quarantine), QUARANTINE)
    st.emit(qty, dock, cage, "transfer", "putaway")
    if st.rng.random() < 0.03 or not st.wait(SHIFT, 3 * SHIFT):
        return None     # still waiting for the lab (or the history ends first)
    passed = st.t < st.limit and st.rng.random() < 0.93
    verdict = (cage[0], AVAILABLE if passed else st.rng.choice(("damaged", "blocked")))
    st.emit(qty, cage, verdict, "status_change", supervisor=True,
            note="QC passed 检验合格" if passed else "QC failed 检验不合格")
    if not passed or not st.wait(20, 480):
        return None
    st.emit(qty, verdict, home, "transfer", "putaway")
    return home


def consume(st: Story) -> None:
    """Ship, replenish the pick face and now and then damage, until the stock, the story's
    share of moves, the history or the lot's shelf life runs out."""
    home, face = (st.home, AVAILABLE), (st.face, AVAILABLE)
    has_face = st.face != st.home
    while st.wait(st.gap // 2, st.gap * 3 // 2) and st.t < st.limit:
        at_home, draw = st.stock.get(home, 0), st.rng.random()
        at_face = st.stock.get(face, 0) if has_face else 0
        if at_face and draw < 0.55:
            st.emit(st.part(at_face), face, None, "issue", "issue")
        elif at_home and draw < 0.015:
            st.emit(st.part(at_home), home, (st.home, "damaged"), "status_change",
                    note="Carton crushed 外箱压损")
        elif at_home and has_face and draw < 0.8:
            st.emit(st.part(at_home), home, face, "transfer", "transfer", note="Replenishment 补货")
        elif at_home:
            st.emit(st.part(at_home), home, None, "issue", "issue")
        elif not at_face:
            return


def lot_story(st: Story, limit: int) -> int:
    st.limit = limit
    st.gap = max(30, (max(limit, st.t + 1) - st.t) // max(1, st.allowance))
    if receive(st, st.receipt_qty()) is not None:
        consume(st)
    st.t = max(st.t, limit)
    if limit < st.out.timeline.end and st.rng.random() < 0.5 and st.wait(60, 5 * SHIFT):
        for key in [k for k, q in st.stock.items() if q > 0 and k[1] == AVAILABLE]:
            st.emit(st.stock[key], key, (key[0], "blocked"), "status_change", supervisor=True,
                    note="Expired, awaiting disposal 过期待处理")
    return st.finish()


def serial_story(st: Story) -> int:
    where = receive(st, QTY_SCALE)
    if where is not None and st.face != st.home and st.wait(SHIFT, 20 * SHIFT):
        st.emit(QTY_SCALE, where, (st.face, AVAILABLE), "transfer", "transfer")
        where = (st.face, AVAILABLE)
    if where is not None and st.rng.random() < 0.6 and st.wait(SHIFT, 30 * SHIFT):
        st.emit(QTY_SCALE, where, None, "issue", "issue")
    return st.finish()


def stock_story(st: Story) -> int:
    """An untracked item in one warehouse: received again whenever it sells out."""
    while st.left > 0 and receive(st, st.receipt_qty()) is not None:
        consume(st)
        if not st.wait(st.gap, 3 * st.gap):
            break
    return st.finish()
