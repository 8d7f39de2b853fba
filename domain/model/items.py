"""Items (物料): what the warehouse stores, how it is counted, tracked and removed."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal


class RemovalStrategy(str, enum.Enum):
    """Which stock leaves first: first in (receipt date) or first to expire (expiry date)."""
    FIFO = "FIFO"
    FEFO = "FEFO"


class BarcodeKind(str, enum.Enum):
    GTIN = "GTIN"
    SUPPLIER = "SUPPLIER"
    INTERNAL = "INTERNAL"


@dataclass(eq=False)
class ItemBarcode:
    """One of several codes that identify an item; ``qty`` is how many base units a scan means
    (a case GTIN means 12 pieces)."""
    code: str
    kind: str = BarcodeKind.GTIN.value
    qty: Decimal = Decimal(1)
    id: int | None = None
    item_id: int | None = None


@dataclass(eq=False)
class PackUnit:
    """A pack unit of measure and how many base units it holds (box = 12 pcs)."""
    uom: str
    factor: Decimal
    id: int | None = None
    item_id: int | None = None


@dataclass(eq=False)
class Item:
    code: str
    name: str
    base_uom: str = "pcs"
    spec: str = ""
    lot_tracked: bool = False
    serial_tracked: bool = False
    shelf_life_days: int | None = None
    removal_strategy: str = RemovalStrategy.FIFO.value
    abc_class: str | None = None
    min_qty: Decimal | None = None
    max_qty: Decimal | None = None
    requires_inspection: bool = False
    unit_weight_kg: Decimal | None = None
    unit_volume_l: Decimal | None = None
    active: bool = True
    unit_cost: Decimal | None = None  # standard cost per base unit; None = unknown
    product_line: str = ""
    barcodes: list[ItemBarcode] = field(default_factory=list)
    pack_units: list[PackUnit] = field(default_factory=list)
    id: int | None = None

    def default_expiry(self, produced_or_received: date) -> date | None:
        """Expiry implied by the shelf life when a lot arrives without one."""
        if not self.shelf_life_days:
            return None
        return produced_or_received + timedelta(days=self.shelf_life_days)

    def to_base(self, qty: Decimal, uom: str) -> Decimal:
        """Convert a quantity in ``uom`` (base or a pack unit) into base units."""
        if uom == self.base_uom:
            return qty
        for unit in self.pack_units:
            if unit.uom == uom:
                return qty * unit.factor
        from domain.errors import InvalidInput
        raise InvalidInput(field="unit", reason=f"{uom!r} is not a unit of item {self.code}")
