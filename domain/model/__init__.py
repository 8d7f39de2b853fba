"""The warehouse's nouns as plain classes: no ORM, no Qt. Persistence maps them from outside."""
from domain.model.items import Item, ItemBarcode, PackUnit, RemovalStrategy, BarcodeKind
from domain.model.locations import Warehouse, Zone, Bin, BinType
from domain.model.lots import Lot, LotStatus, Serial
from domain.model.stock import StockStatus, MoveReason
from domain.model.users import User, Role

__all__ = [
    "Item", "ItemBarcode", "PackUnit", "RemovalStrategy", "BarcodeKind",
    "Warehouse", "Zone", "Bin", "BinType", "Lot", "LotStatus", "Serial",
    "StockStatus", "MoveReason", "User", "Role",
]
