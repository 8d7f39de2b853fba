"""Where received stock should go: the putaway rules, tried in order, each one indexed query.

1. the item's fixed bin;
2. a bin already holding the same item (and lot), so stock stays together;
3. an empty bin in the zone assigned to the item's ABC class;
4. the nearest empty storage bin (lowest pick sequence).

A bin qualifies only if it is active, not blocked, of a storage type, and has room: its unit
capacity minus what it holds minus what open putaway and move lines are already bringing to it.
Counting the planned quantity keeps two clerks from being sent to the same last free place.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from domain.model import Bin, BinType, Item
from domain.persistence.tables import bins, putaway_rules, quants, task_lines, tasks
from domain.persistence.types import Quantity

STORAGE_TYPES = (BinType.STORAGE.value, BinType.PICK_FACE.value)
INCOMING_TASKS = ("putaway", "move")


def _held():
    return (select(func.coalesce(func.sum(quants.c.on_hand), 0))
            .where(quants.c.bin_id == bins.c.id).scalar_subquery())


def _planned():
    return (select(func.coalesce(func.sum(task_lines.c.qty - task_lines.c.qty_done), 0))
            .select_from(task_lines.join(tasks, tasks.c.id == task_lines.c.task_id))
            .where(task_lines.c.to_bin_id == bins.c.id, task_lines.c.state == "open",
                   tasks.c.task_type.in_(INCOMING_TASKS))
            .scalar_subquery())


def _usable(warehouse_id: int, qty: Decimal, exclude_bin_id: int | None):
    room = or_(bins.c.capacity_qty.is_(None),
               bins.c.capacity_qty - _held() - _planned() >= literal(qty, Quantity()))
    c = [bins.c.warehouse_id == warehouse_id, bins.c.active.is_(True),
         bins.c.blocked.is_(False), bins.c.bin_type.in_(STORAGE_TYPES), room]
    if exclude_bin_id is not None:
        c.append(bins.c.id != exclude_bin_id)
    return c


def _empty():
    planned = (select(task_lines.c.id).select_from(task_lines.join(tasks, tasks.c.id ==
                                                                   task_lines.c.task_id))
               .where(task_lines.c.to_bin_id == bins.c.id, task_lines.c.state == "open",
                      tasks.c.task_type.in_(INCOMING_TASKS)))
    return and_(~exists().where(quants.c.bin_id == bins.c.id), ~exists(planned))


def _first(s: Session, *conditions) -> Bin | None:
    q = (select(bins.c.id).where(*conditions).order_by(bins.c.pick_sequence, bins.c.code)
         .limit(1))
    bin_id = s.scalar(q)
    return s.get(Bin, bin_id) if bin_id is not None else None


def suggest_bin(s: Session, item: Item, lot_id: int | None, qty: Decimal, warehouse_id: int,
                exclude_bin_id: int | None = None) -> tuple[Bin | None, str]:
    """The best bin for ``qty`` of ``item`` and the rule that chose it ("" = none fits)."""
    usable = _usable(warehouse_id, qty, exclude_bin_id)
    fixed = _first(s, *usable, bins.c.id.in_(
        select(putaway_rules.c.bin_id).where(putaway_rules.c.warehouse_id == warehouse_id,
                                             putaway_rules.c.item_id == item.id)))
    if fixed is not None:
        return fixed, "fixed bin"
    same = quants.c.item_id == item.id
    if lot_id is not None:
        same = and_(same, quants.c.lot_id == lot_id)
    together = _first(s, *usable, exists().where(quants.c.bin_id == bins.c.id, same))
    if together is not None:
        return together, "same item" if lot_id is None else "same lot"
    if item.abc_class:
        zone_ids = select(putaway_rules.c.zone_id).where(
            putaway_rules.c.warehouse_id == warehouse_id,
            putaway_rules.c.abc_class == item.abc_class)
        in_zone = _first(s, *usable, _empty(), bins.c.zone_id.in_(zone_ids))
        if in_zone is not None:
            return in_zone, f"zone for class {item.abc_class}"
    nearest = _first(s, *usable, _empty())
    return (nearest, "nearest empty bin") if nearest is not None else (None, "")
