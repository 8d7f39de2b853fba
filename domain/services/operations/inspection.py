"""Quality inspection (来料质检) of quarantined stock: pass, fail or partial per lot.

Receipts and customer returns of items that require inspection open one inspection task per
lot and bin (later arrivals of the same lot join the open task). The verdict is one step: passed
units become available in place (a supervisor's release), failed ones become damaged in place
or go, blocked, to a return-to-supplier bin; results, notes and photos stay with the task.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.model import Bin, Lot, MoveReason, StockStatus
from domain.model.states import WorkState
from domain.model.tasks import Task, TaskLine, TaskType, ensure_type
from domain.permissions import Actor, Permission
from domain.persistence.tables import inspection_attachments, inspection_results
from domain.quantity import parse_quantity
from domain.services.ledger import MoveLine
from domain.services.operations.common import OperationService, bin_of_type, load_task

QUARANTINE = StockStatus.QUARANTINE.value
RESULTS = ("pass", "fail", "partial")
DISPOSITIONS = {"damaged": StockStatus.DAMAGED.value, "return": StockStatus.BLOCKED.value}


@dataclass(frozen=True)
class Verdict:
    task: str
    result: str                       # pass / fail / partial
    line_no: int | None = None        # None = every open line gets the same verdict
    qty_failed: object = 0            # partial only: how many failed
    disposition: str = "damaged"      # failed units: "damaged" in place or "return"
    return_bin: str | None = None     # where "return" units go
    notes: str = ""


def open_inspection(svc: OperationService, s: Session, actor: Actor, parent: Task, at_bin: Bin,
                    moves: list[MoveLine]) -> Task:
    """The open inspection task of this lot in this bin, else a new one; the moves' units are
    added to it as lines to inspect."""
    lot_id = moves[0].lot_id
    task = s.scalars(
        select(Task).join(TaskLine, TaskLine.task_id == Task.id)
        .where(Task.task_type == TaskType.INSPECT.value, Task.state == WorkState.OPEN.value,
               TaskLine.item_id == moves[0].item_id, TaskLine.from_bin_id == at_bin.id,
               TaskLine.lot_id.is_(None) if lot_id is None else TaskLine.lot_id == lot_id)
        .limit(1)).first()
    if task is None:
        task = svc.new_task(s, actor, TaskType.INSPECT, at_bin.warehouse_id, parent_id=parent.id,
                            inbound_order_id=parent.inbound_order_id)
    for move in moves:
        same = next((l for l in task.lines if l.is_open and l.serial_id is None
                     and move.serial_id is None), None)
        if same is not None:
            same.qty += move.qty
        else:
            task.add_line(item_id=move.item_id, qty=move.qty, lot_id=move.lot_id,
                          serial_id=move.serial_id, from_bin_id=at_bin.id, to_bin_id=at_bin.id,
                          status=QUARANTINE)
    s.flush()
    return task


def _split(line: TaskLine, verdict: Verdict) -> tuple[Decimal, Decimal]:
    """(passed, failed) units of ``line`` under ``verdict``."""
    if verdict.result == "pass":
        return line.remaining, Decimal(0)
    if verdict.result == "fail":
        return Decimal(0), line.remaining
    failed = parse_quantity(verdict.qty_failed)
    if failed >= line.remaining:
        raise InvalidInput(field="failed quantity", reason=(
            f"a partial result needs fewer than {line.remaining} failed; use fail instead"))
    return line.remaining - failed, failed


class InspectionService(OperationService):

    def record(self, actor: Actor, verdict: Verdict) -> str | None:
        """Apply the verdict; returns the outbox key of the step's message."""
        if verdict.result not in RESULTS:
            raise InvalidInput(field="result", reason="pass, fail or partial")
        if verdict.disposition not in DISPOSITIONS:
            raise InvalidInput(field="disposition", reason="damaged or return")
        self.require(actor, Permission.CHANGE_STATUS, "inspection.record")
        if verdict.result != "fail":
            self.require(actor, Permission.RELEASE, "inspection.release")
        return self.db.write(lambda s: self._record(s, actor, verdict))

    def _record(self, s: Session, actor: Actor, verdict: Verdict) -> str:
        task = load_task(s, verdict.task)
        ensure_type(task, TaskType.INSPECT)
        lines = [task.line(verdict.line_no)] if verdict.line_no else task.open_lines()
        if verdict.result == "partial" and len(lines) != 1:
            raise InvalidInput(field="line", reason="a partial result is given for one line")
        return_bin = self._return_bin(s, verdict)
        task.begin_work(actor.user_id, self.now())
        moves = []
        for line in lines:
            line.ensure_open(task.number)
            passed, failed = _split(line, verdict)
            moves += _moves(line, passed, failed, DISPOSITIONS[verdict.disposition], return_bin)
            self._store_result(s, actor, line, verdict, passed, failed, return_bin)
            line.record(task.number, passed + failed, actor.user_id, self.now())
        task.finish_if_complete(actor.user_id, self.now())
        posted = self.post(s, actor, MoveReason.STATUS_CHANGE, moves, document_ref=task.number,
                           message_type="inspection.recorded",
                           extra=_payload(s, task, lines, verdict))
        return posted.outbox_key

    @staticmethod
    def _return_bin(s: Session, verdict: Verdict) -> Bin | None:
        if verdict.result == "pass" or verdict.disposition != "return":
            return None
        if not verdict.return_bin:
            raise InvalidInput(field="return bin", reason="say where units for the supplier go")
        return bin_of_type(s, verdict.return_bin)

    def _store_result(self, s: Session, actor: Actor, line: TaskLine, verdict: Verdict,
                      passed: Decimal, failed: Decimal, return_bin: Bin | None) -> None:
        s.execute(insert(inspection_results).values(
            task_line_id=line.id, result=verdict.result, qty_passed=passed, qty_failed=failed,
            disposition=verdict.disposition if failed else None,
            to_bin_id=return_bin.id if return_bin else None, notes=verdict.notes,
            inspected_at=self.now(), inspected_by_id=actor.user_id))

    def attach(self, actor: Actor, task_number: str, file_name: str, *,
               file_path: str | None = None, content: bytes | None = None,
               mime_type: str = "") -> None:
        """Keep a photo (or any file) with the inspection: a path to a shared folder, or the
        bytes themselves when stations share no disk."""
        self.require(actor, Permission.CHANGE_STATUS, "inspection.attach")
        if not file_path and content is None:
            raise InvalidInput(field="attachment", reason="give a file path or the content")

        def work(s: Session) -> None:
            task = load_task(s, task_number)
            ensure_type(task, TaskType.INSPECT, workable=False)
            s.execute(insert(inspection_attachments).values(
                task_id=task.id, file_name=file_name.strip()[:256] or "photo",
                file_path=file_path, content=content, mime_type=mime_type,
                added_at=self.now(), added_by_id=actor.user_id))
        self.db.write(work)


def _moves(line: TaskLine, passed: Decimal, failed: Decimal, failed_status: str,
           return_bin: Bin | None) -> list[MoveLine]:
    common = dict(item_id=line.item_id, lot_id=line.lot_id, serial_id=line.serial_id,
                  from_bin_id=line.from_bin_id, from_status=QUARANTINE)
    moves = []
    if passed:
        moves.append(MoveLine(qty=passed, to_bin_id=line.from_bin_id,
                              to_status=StockStatus.AVAILABLE.value, **common))
    if failed:
        target = return_bin.id if return_bin else line.from_bin_id
        moves.append(MoveLine(qty=failed, to_bin_id=target, to_status=failed_status, **common))
    return moves


def _payload(s: Session, task: Task, lines: list[TaskLine], verdict: Verdict) -> dict:
    lots = {l.lot_id: s.get(Lot, l.lot_id).lot_no for l in lines if l.lot_id}
    return {"inspection": {"task": task.number, "result": verdict.result,
                           "disposition": verdict.disposition, "notes": verdict.notes,
                           "lots": sorted(lots.values()),
                           "lines": [l.line_no for l in lines]}}
