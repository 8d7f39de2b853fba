"""Maps the plain domain classes onto the tables (imperative mapping: the model stays ORM-free).

Ledger rows and quants are not mapped: they are written with set-based Core statements whose
WHERE clauses carry the invariants (see ``services.ledger``).
"""
from __future__ import annotations

from sqlalchemy.orm import registry, relationship

from domain.model import Bin, Item, ItemBarcode, Lot, PackUnit, Serial, User, Warehouse, Zone
from domain.model.documents import InboundLine, InboundOrder, OutboundLine, OutboundOrder
from domain.model.tasks import Task, TaskLine
from domain.persistence import tables as t

mapper_registry = registry(metadata=t.metadata)
_mapped = False


def start_mappers() -> None:
    """Idempotent: the composition root and the tests may both call it."""
    global _mapped
    if _mapped:
        return
    mapper_registry.map_imperatively(ItemBarcode, t.item_barcodes)
    mapper_registry.map_imperatively(PackUnit, t.pack_units)
    mapper_registry.map_imperatively(Item, t.items, properties={
        "barcodes": relationship(ItemBarcode, cascade="all, delete-orphan", lazy="selectin",
                                 order_by=t.item_barcodes.c.id),
        "pack_units": relationship(PackUnit, cascade="all, delete-orphan", lazy="selectin",
                                   order_by=t.pack_units.c.id),
    })
    mapper_registry.map_imperatively(Warehouse, t.warehouses)
    mapper_registry.map_imperatively(Zone, t.zones)
    mapper_registry.map_imperatively(Bin, t.bins)
    mapper_registry.map_imperatively(Lot, t.lots)
    mapper_registry.map_imperatively(Serial, t.serials)
    mapper_registry.map_imperatively(User, t.users)
    _map_operations()
    _mapped = True


def _map_operations() -> None:
    """Orders and tasks load their lines with them (one extra SELECT ... IN per batch)."""
    for parent, table, line, line_table in (
            (InboundOrder, t.inbound_orders, InboundLine, t.inbound_order_lines),
            (OutboundOrder, t.outbound_orders, OutboundLine, t.outbound_order_lines),
            (Task, t.tasks, TaskLine, t.task_lines)):
        mapper_registry.map_imperatively(line, line_table)
        mapper_registry.map_imperatively(parent, table, properties={
            "lines": relationship(line, cascade="all, delete-orphan", lazy="selectin",
                                  order_by=line_table.c.line_no),
        })
