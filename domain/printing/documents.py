"""The records that printed documents bind: a pick list, a count sheet, a receiving note and a
delivery note, read from the tasks, orders and ledger, shaped exactly like the shipped
templates' sample data (``resources/templates/*.json``), so a document designed against the
samples prints real data unchanged.

* pick list (``{"pick": ...}``) of a pick task: its open and done lines in walking order (bin pick
  sequence), with lot, quantity and unit;
* count sheet (``{"count": ...}``) of a count task: the bins and what is expected in each; a
  blind count prints no expected quantity (the counters must not see the book);
* receiving note (``{"receipt": ...}``) of a receive task: what was received, with lots and
  expiry;
* delivery note (``{"delivery": ...}``) of an outbound order: what has shipped (from the ledger's
  issue moves of the order, so lots are the ones that left), with the customer.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound
from domain.persistence import tables as t

DOCUMENTS = {"pick_list": "pick", "count_sheet": "count", "receiving_note": "receipt",
             "delivery_note": "delivery"}


def record(s: Session, document: str, number: str) -> dict:
    """The record of ``document`` (a key of ``DOCUMENTS``) for task or order ``number``."""
    builders = {"pick_list": pick_list, "count_sheet": count_sheet,
                "receiving_note": receiving_note, "delivery_note": delivery_note}
    if document not in builders:
        raise InvalidInput(field="document", reason=f"{document!r} is not one of "
                                                    f"{', '.join(builders)}")
    return builders[document](s, number.strip())


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(Decimal(value).normalize(), "f")


def _task(s: Session, number: str, task_type: str):
    row = s.execute(select(t.tasks).where(t.tasks.c.number == number)).first()
    if row is None:
        raise NotFound(kind="task", key=number)
    if row.task_type != task_type:
        raise InvalidInput(field="task", reason=f"{number} is a {row.task_type} task, "
                                                f"not a {task_type} task")
    return row


def _user(s: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return s.execute(select(t.users.c.username).where(t.users.c.id == user_id)).scalar() or ""


def _lines(s: Session, task_id: int, qty_column):
    """A task's lines with item, lot and bins, in walking order of the source (else target)
    bin."""
    src, dst = t.bins.alias("src"), t.bins.alias("dst")
    tl = t.task_lines
    return s.execute(
        select(tl.c.line_no, tl.c.state, qty_column.label("qty"), t.items.c.code,
               t.items.c.name, t.items.c.base_uom, t.lots.c.lot_no, t.lots.c.expiry_date,
               src.c.code.label("src_code"), dst.c.code.label("dst_code"),
               src.c.pick_sequence)
        .join(t.items, t.items.c.id == tl.c.item_id)
        .outerjoin(t.lots, t.lots.c.id == tl.c.lot_id)
        .outerjoin(src, src.c.id == tl.c.from_bin_id)
        .outerjoin(dst, dst.c.id == tl.c.to_bin_id)
        .where(tl.c.task_id == task_id, tl.c.state != "cancelled")
        .order_by(func.coalesce(src.c.pick_sequence, 0), src.c.code, tl.c.line_no)).all()


def pick_list(s: Session, number: str) -> dict:
    task = _task(s, number, "pick")
    order = ""
    if task.outbound_order_id is not None:
        order = s.execute(select(t.outbound_orders.c.number).where(
            t.outbound_orders.c.id == task.outbound_order_id)).scalar() or ""
    rows = _lines(s, task.id, t.task_lines.c.qty)
    if not order:        # a wave: the orders its lines serve
        order = ", ".join(sorted(set(s.execute(
            select(t.outbound_orders.c.number)
            .join(t.outbound_order_lines,
                  t.outbound_order_lines.c.order_id == t.outbound_orders.c.id)
            .join(t.task_lines, t.task_lines.c.outbound_line_id == t.outbound_order_lines.c.id)
            .where(t.task_lines.c.task_id == task.id)).scalars())))
    lines = [{"bin": r.src_code or "", "sku": r.code, "description": r.name,
              "lot": r.lot_no or "", "qty": _number(r.qty), "uom": r.base_uom} for r in rows]
    return {"pick": {"number": task.number, "order": order,
                     "date": task.created_at.date().isoformat(),
                     "picker": _user(s, task.assignee_id or task.started_by_id),
                     "lines": lines, "line_count": len(lines),
                     "total_qty": _number(sum((r.qty for r in rows), Decimal(0)))}}


def count_sheet(s: Session, number: str) -> dict:
    task = _task(s, number, "count")
    plan = s.execute(select(t.count_plans).where(t.count_plans.c.task_id == task.id)).first()
    blind = plan is None or plan.blind
    zone = plan.basis_value if plan is not None and plan.basis == "zone" else ""
    bins = s.execute(select(t.bins.c.id, t.bins.c.code)
                     .join(t.task_lines, t.task_lines.c.from_bin_id == t.bins.c.id)
                     .where(t.task_lines.c.task_id == task.id)
                     .order_by(t.bins.c.pick_sequence, t.bins.c.code)).all()
    book: dict[int, list] = defaultdict(list)
    if bins:
        for q in s.execute(select(t.quants.c.bin_id, t.quants.c.on_hand, t.items.c.code,
                                  t.items.c.name, t.lots.c.lot_no)
                           .join(t.items, t.items.c.id == t.quants.c.item_id)
                           .outerjoin(t.lots, t.lots.c.id == t.quants.c.lot_id)
                           .where(t.quants.c.bin_id.in_([b.id for b in bins]))
                           .order_by(t.items.c.code, t.lots.c.lot_no)):
            book[q.bin_id].append(q)
    lines = []
    for b in bins:
        held = book.get(b.id) or [None]
        for q in held:        # an empty bin is still counted: one blank row
            lines.append({"bin": b.code, "sku": q.code if q else "",
                          "description": q.name if q else "", "lot": (q.lot_no or "") if q else "",
                          "expected": "" if blind or q is None else _number(q.on_hand)})
    return {"count": {"number": task.number, "zone": zone,
                      "date": task.created_at.date().isoformat(),
                      "blind": blind, "lines": lines, "line_count": len(lines)}}


def receiving_note(s: Session, number: str) -> dict:
    task = _task(s, number, "receive")
    order, supplier = "", ""
    if task.inbound_order_id is not None:
        head = s.execute(select(t.inbound_orders.c.number, t.inbound_orders.c.supplier).where(
            t.inbound_orders.c.id == task.inbound_order_id)).one()
        order, supplier = head.number, head.supplier
    rows = [r for r in _lines(s, task.id, t.task_lines.c.qty_done) if r.qty]
    lines = [{"sku": r.code, "description": r.name, "lot": r.lot_no or "",
              "expiry": r.expiry_date.isoformat() if r.expiry_date else "", "qty": _number(r.qty), "uom": r.base_uom} for r in rows]
    return {"receipt": {"number": task.number, "order": order, "supplier": supplier,
                        "date": (task.finished_at or task.started_at
                                 or task.created_at).date().isoformat(),
                        "lines": lines, "line_count": len(lines),
                        "total_qty": _number(sum((r.qty for r in rows), Decimal(0)))}}


def delivery_note(s: Session, number: str) -> dict:
    order = s.execute(select(t.outbound_orders).where(t.outbound_orders.c.number == number)
                      ).first()
    if order is None:
        raise NotFound(kind="outbound order", key=number)
    m = t.stock_moves
    rows = s.execute(select(t.items.c.code, t.items.c.name, t.items.c.base_uom, t.lots.c.lot_no,
                            func.sum(m.c.qty).label("qty"), func.max(m.c.created_at).label("at"))
                     .join(t.items, t.items.c.id == m.c.item_id)
                     .outerjoin(t.lots, t.lots.c.id == m.c.lot_id)
                     .where(m.c.document_ref == number, m.c.reason == "issue",
                            m.c.to_bin_id.is_(None))
                     .group_by(t.items.c.code, t.items.c.name, t.items.c.base_uom,
                               t.lots.c.lot_no)
                     .order_by(t.items.c.code, t.lots.c.lot_no)).all()
    if not rows:
        raise InvalidInput(field="delivery note", reason=f"nothing of {number} has shipped")
    lines = [{"sku": r.code, "description": r.name, "lot": r.lot_no or "",
              "qty": _number(r.qty), "uom": r.base_uom} for r in rows]
    shipped_at = max(r.at for r in rows)
    return {"delivery": {"number": order.number, "order": order.external_ref or order.number,
                         "date": shipped_at.date().isoformat(),
                         "ship_to": {"name": order.customer, "address": ""},
                         "lines": lines, "line_count": len(lines)}}
