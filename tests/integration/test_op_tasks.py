"""Tasks and orders: the state machine, who/when stamps, partial completion, the task list."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain import errors
from domain.model.documents import InboundLine, InboundOrder, OverReceipt
from domain.model.states import AlreadyFinished, InvalidTransition
from domain.model.tasks import (
    LineAlreadyDone, QuantityExceedsRemaining, Task, TaskHasOpenLines, TaskType,
)
from domain.queries.tasks import TaskFilter, TaskReads, task_count, task_line_rows, task_list
from domain.services.operations.orders import InboundData, OrderLineData
from domain.services.operations.tasks import TaskService
from tests.integration.op_support import ops, task  # noqa: F401  (ops is a fixture)

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def new_task(*qtys) -> Task:
    t = Task(number="PCK-1", task_type=TaskType.PICK.value, warehouse_id=1, created_at=T0)
    for q in qtys:
        t.add_line(item_id=1, qty=Decimal(q))
    return t


# -- the model, no database ---------------------------------------------------------------------
def test_starting_stamps_who_and_when_and_takes_the_task():
    t = new_task(5)
    t.start(7, T0)
    assert (t.state, t.started_at, t.started_by_id, t.assignee_id) == ("in_progress", T0, 7, 7)


def test_a_line_completes_partially_then_fully():
    t = new_task(5)
    line = t.line(1)
    line.record(t.number, Decimal(2), 7, T0)
    assert (line.qty_done, line.state) == (2, "open")
    line.record(t.number, Decimal(3), 7, T0 + timedelta(minutes=1))
    assert (line.state, line.done_by_id, line.done_at) == ("done", 7, T0 + timedelta(minutes=1))


def test_doing_more_than_remains_or_confirming_twice_is_refused():
    t = new_task(5)
    with pytest.raises(QuantityExceedsRemaining, match="5 left"):
        t.line(1).record(t.number, Decimal(6), 7, T0)
    t.line(1).record(t.number, Decimal(5), 7, T0)
    with pytest.raises(LineAlreadyDone, match="already done"):
        t.line(1).record(t.number, Decimal(1), 7, T0)


def test_a_task_finishes_only_when_no_line_is_open():
    t = new_task(5, 2)
    t.line(1).record(t.number, Decimal(5), 7, T0)
    with pytest.raises(TaskHasOpenLines, match="1 open line"):
        t.finish(7, T0)
    assert t.line(2).close_short(t.number, "not found", 7, T0) == 2
    t.finish(7, T0)
    assert (t.state, t.finished_by_id) == ("done", 7)


def test_final_states_allow_no_transition_and_no_work():
    t = new_task(1)
    t.cancel(7, T0, "customer withdrew")
    assert t.line(1).state == "cancelled"
    with pytest.raises(InvalidTransition, match="is cancelled: it cannot become in_progress"):
        t.start(7, T0)
    with pytest.raises(AlreadyFinished):
        t.add_line(item_id=1, qty=Decimal(1))


def test_cancelling_and_closing_short_need_a_reason():
    t = new_task(1)
    with pytest.raises(errors.InvalidInput):
        t.line(1).close_short(t.number, " ", 7, T0)
    with pytest.raises(errors.InvalidInput):
        t.cancel(7, T0, "")


def test_an_order_line_checks_its_receipt_tolerance():
    order = InboundOrder(number="IN-1", warehouse_id=1, supplier="S",
                         lines=[InboundLine(line_no=1, item_id=1, qty_expected=Decimal(100))])
    line = order.line(1)
    assert order.register_receipt(line, Decimal(105), Decimal(5), False) is False
    with pytest.raises(OverReceipt):
        order.register_receipt(line, Decimal("0.5"), Decimal(5), False)
    assert order.register_receipt(line, Decimal(1), Decimal(5), True) is True
    assert order.state == "in_progress" and line.qty_received == 106


# -- on the database ----------------------------------------------------------------------------
def test_task_actions_are_stamped_and_assigning_others_needs_a_supervisor(ops):
    tasks = TaskService(ops.world.db, ops.world.clock)
    number = ops.receive("PLAIN", 1, bin="RCV").task
    with pytest.raises(errors.PermissionDenied):
        tasks.assign(ops.world.clerk, number, "supervisor")
    tasks.assign(ops.world.supervisor, number, "clerk")
    tasks.finish(ops.world.clerk, number)
    t = task(ops.world, number)
    assert (t.state, t.finished_by_id, t.finished_at) == ("done", ops.world.clerk.user_id,
                                                           ops.world.clock.now())
    with pytest.raises(InvalidTransition):
        tasks.cancel(ops.world.supervisor, number, "too late")


def test_one_gives_back_ones_own_task_but_only_a_supervisor_unassigns_another(ops):
    tasks = TaskService(ops.world.db, ops.world.clock)
    number = ops.receive("PLAIN", 1, bin="RCV").task
    tasks.assign(ops.world.supervisor, number, "supervisor")
    with pytest.raises(errors.PermissionDenied):
        tasks.assign(ops.world.clerk, number, None)
    assert task(ops.world, number).assignee_id == ops.world.supervisor.user_id
    tasks.assign(ops.world.supervisor, number, "clerk")
    tasks.assign(ops.world.clerk, number, None)           # the clerk's own: no supervisor
    assert task(ops.world, number).assignee_id is None
    tasks.assign(ops.world.clerk, number, "clerk")
    tasks.assign(ops.world.supervisor, number, None)
    assert task(ops.world, number).assignee_id is None


def test_the_task_list_pages_through_every_task_with_a_count(ops):
    numbers = [ops.receive("PLAIN", 1, bin="RCV").task for _ in range(5)]
    reads = TaskReads(ops.world.db, ops.world.clock)
    first = reads.task_page(ops.world.clerk, TaskFilter(task_type="receive"), limit=2)
    second = reads.task_page(ops.world.clerk, TaskFilter(task_type="receive"), offset=2,
                             limit=2)
    last = reads.task_page(ops.world.clerk, TaskFilter(task_type="receive"), offset=99,
                           limit=2)
    assert (first.total, first.offset, len(first.rows)) == (5, 0, 2)
    assert [r["number"] for r in first.rows + second.rows] == numbers[::-1][:4]
    assert (last.offset, [r["number"] for r in last.rows]) == (4, [numbers[0]])
    assert reads.task_page(ops.world.clerk, TaskFilter(task_type="pick")).total == 0
    with ops.world.db.read() as s:
        assert task_count(s, TaskFilter(state="active")) == 5


def test_a_station_account_may_not_work_on_tasks(ops):
    number = ops.receive("PLAIN", 1, bin="RCV").task
    with pytest.raises(errors.PermissionDenied):
        TaskService(ops.world.db, ops.world.clock).finish(ops.world.station, number)


def test_orders_from_the_erp_are_not_imported_twice(ops):
    ops.inbound(("PLAIN", 1), external_ref="PO-1")
    with pytest.raises(errors.AlreadyExists, match="PO-1"):
        ops.inbound(("PLAIN", 1), external_ref="PO-1")
    with pytest.raises(errors.NotFound):
        ops.orders.create_inbound(ops.world.clerk,
                                  InboundData("WH1", "S", [OrderLineData("NOPE", 1)]))


def test_the_task_list_filters_by_type_state_and_assignee(ops):
    ops.receive("PLAIN", 1, bin="RCV")
    done = ops.receive("PLAIN", 1, bin="RCV").task
    TaskService(ops.world.db, ops.world.clock).finish(ops.world.clerk, done)
    with ops.world.db.read() as s:
        active = task_list(s, TaskFilter(task_type="receive", state="active", assignee="clerk"))
        finished = task_list(s, TaskFilter(state="done"))
        lines = task_line_rows(s, done)
    assert len(active) == 1 and active[0]["lines"] == 1 and active[0]["lines_settled"] == 1
    assert [r["number"] for r in finished] == [done]
    assert lines[0]["to_bin"] == "RCV" and lines[0]["qty_done"] == 1


def test_downgrading_the_operations_migration_keeps_master_data(db_url, tmp_path):
    from alembic import command
    from sqlalchemy import inspect, text

    from domain.persistence.database import Database, alembic_config
    database = Database(db_url)
    database.migrate()
    with database.engine.begin() as conn:
        conn.execute(text("insert into items (code, name, base_uom, receipt_tolerance_pct) "
                          "values ('X', 'x', 'pcs', 5000000)"))
        command.downgrade(alembic_config(conn), "0001")
    assert "tasks" not in inspect(database.engine).get_table_names()
    with database.engine.connect() as conn:
        assert conn.execute(text("select code from items")).scalars().all() == ["X"]
    database.migrate()
    database.dispose()
