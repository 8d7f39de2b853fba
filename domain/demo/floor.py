"""An in-memory mirror of the quants, so the small demo only plans moves the ledger accepts."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from domain.demo.layout import DemoBin, Layout
from domain.quantity import from_scaled
from domain.services.ledger import MoveLine, QuantKey

AVAILABLE, QUARANTINE = "available", "quarantine"


class Floor:
    def __init__(self, layout: Layout) -> None:
        self.bins: dict[int, DemoBin] = {b.id: b for b in layout.bins}
        self.qty: dict[QuantKey, Decimal] = {}
        self.since: dict[QuantKey, date] = {}
        self.load: dict[int, Decimal] = defaultdict(Decimal)
        self.by_item: dict[int, set[QuantKey]] = defaultdict(set)
        self.expiry: dict[int, date | None] = {}         # lot id -> expiry date

    # -- changes ------------------------------------------------------------------------------
    def apply(self, line: MoveLine, day: date) -> MoveLine:
        if line.from_bin_id is not None:
            self._add(QuantKey(line.item_id, line.from_bin_id, line.lot_id, line.serial_id,
                               line.from_status), -line.qty, day)
        if line.to_bin_id is not None:
            self._add(QuantKey(line.item_id, line.to_bin_id, line.lot_id, line.serial_id,
                               line.to_status), line.qty, day)
        return line

    def _add(self, key: QuantKey, qty: Decimal, day: date) -> None:
        left = self.qty.get(key, Decimal(0)) + qty
        if left < 0:
            raise AssertionError(f"demo planned more than is in stock: {key}")
        self.load[key.bin_id] += qty
        if left == 0:
            del self.qty[key]
            self.since.pop(key, None)
            self.by_item[key.item_id].discard(key)
        else:
            self.qty[key] = left
            self.since.setdefault(key, day)
            self.by_item[key.item_id].add(key)

    # -- questions ----------------------------------------------------------------------------
    def bin_of(self, key: QuantKey) -> DemoBin:
        return self.bins[key.bin_id]

    def room(self, bin_id: int) -> Decimal | None:
        cap = self.bins[bin_id].capacity
        return None if cap is None else from_scaled(cap) - self.load[bin_id]

    def expired(self, key: QuantKey, day: date) -> bool:
        expiry = self.expiry.get(key.lot_id) if key.lot_id else None
        return expiry is not None and expiry < day

    def keys(self, *, status: str, bin_types: tuple[str, ...], warehouse: int | None = None,
             item: int | None = None) -> list[QuantKey]:
        """Quants in that status and kind of bin, in a stable order (so the demo is
        reproducible)."""
        pool = self.by_item.get(item, ()) if item is not None else self.qty
        found = [k for k in pool if k.status == status
                 and self.bins[k.bin_id].bin_type in bin_types
                 and (warehouse is None or self.bins[k.bin_id].warehouse_id == warehouse)]
        return sorted(found, key=QuantKey.sort_key)

    def pickable(self, item: int, warehouse: int, day: date) -> list[QuantKey]:
        """Available, unexpired stock of ``item`` in first-expiry-first-out order (FIFO when
        there is no expiry), pick faces before storage."""
        keys = [k for k in self.keys(status=AVAILABLE, bin_types=("pick_face", "storage"),
                                     warehouse=warehouse, item=item)
                if not self.expired(k, day)]
        return sorted(keys, key=lambda k: (self.expiry.get(k.lot_id) or date.max, self.since[k],
                                           self.bins[k.bin_id].bin_type != "pick_face"))
