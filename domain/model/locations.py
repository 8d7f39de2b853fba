"""Warehouses (仓库) → zones (库区) → bins (库位)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


class BinType(str, enum.Enum):
    RECEIVING = "receiving"
    STORAGE = "storage"
    PICK_FACE = "pick_face"
    STAGING = "staging"
    SHIPPING = "shipping"
    QUARANTINE = "quarantine"


@dataclass(eq=False)
class Warehouse:
    code: str
    name: str
    address: str = ""
    active: bool = True
    id: int | None = None


@dataclass(eq=False)
class Zone:
    warehouse_id: int
    code: str
    name: str = ""
    id: int | None = None


@dataclass(eq=False)
class Bin:
    """A physical place that holds stock. ``barcode`` is unique across all warehouses so a scan
    resolves with one indexed lookup; ``code`` is unique within the warehouse."""
    warehouse_id: int
    zone_id: int | None
    code: str
    barcode: str
    bin_type: str = BinType.STORAGE.value
    pick_sequence: int = 0
    capacity_qty: Decimal | None = None
    capacity_volume_l: Decimal | None = None
    capacity_weight_kg: Decimal | None = None
    blocked: bool = False
    blocked_reason: str = ""
    active: bool = True
    id: int | None = None
