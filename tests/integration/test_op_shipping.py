"""Packing with SSCCs and confirming shipments."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from domain import errors
from domain.model.sscc import gs1_check_digit, is_valid_sscc, make_sscc
from domain.model.states import AlreadyFinished
from domain.persistence.tables import packages
from domain.services.operations.common import load_outbound
from domain.services.operations.packing import PackageShipped, PackLine
from tests.integration.conftest import NOW
from tests.integration.op_support import (  # noqa: F401  (ops is a fixture)
    assert_books_balance, assert_reservations_match, messages, move_count, ops, stock,
)


@pytest.fixture
def picked(ops):
    """Order with LOT x5 (lots L1 3 + L2 2) and PLAIN x4, fully picked into STG."""
    ops.packing.configure_sscc(ops.world.admin, "4012345")
    ops.put("LOT", 3, "A-01", lot="L1", expiry=date(2026, 12, 1))
    ops.put("LOT", 5, "A-02", lot="L2", expiry=date(2026, 12, 9))
    ops.put("PLAIN", 4, "A-01")
    number = ops.outbound(("LOT", 5), ("PLAIN", 4), external_ref="SO-1")
    t = ops.allocate(number).task
    ops.pick(t, "A-01", "LOT", lot="L1")
    ops.pick(t, "A-01", "PLAIN")
    ops.pick(t, "A-02", "LOT", lot="L2")
    ops.order, ops.task_no = number, t
    return ops


def order(ops, number):
    with ops.world.db.read() as s:
        return load_outbound(s, number, lock=False)


def test_sscc_check_digits_follow_gs1():
    assert gs1_check_digit("400638133393") == 1            # GTIN-13 4006381333931
    code = make_sscc("1", "0614141", 123456789)     # the GS1 General Specifications' example
    assert code == "106141411234567897"
    assert is_valid_sscc(code) and not is_valid_sscc("106141411234567898")
    with pytest.raises(errors.InvalidInput, match="does not fit"):
        make_sscc("0", "4012345678", 10 ** 7)


def test_packing_needs_a_configured_company_prefix(ops):
    ops.put("PLAIN", 1, "A-01")
    number = ops.outbound(("PLAIN", 1))
    ops.pick(ops.allocate(number).task, "A-01", "PLAIN")
    with pytest.raises(errors.InvalidInput, match="company prefix"):
        ops.packing.pack(ops.world.clerk, number)


def test_packages_get_consecutive_ssccs_and_exact_lot_contents(picked):
    ops = picked
    first = ops.packing.pack(ops.world.clerk, ops.order, contents=[PackLine(1, 4)])
    second = ops.packing.pack(ops.world.clerk, ops.order, kind="pallet")
    assert (first[:-1], second[:-1]) == ("04012345000000001", "04012345000000002")
    assert is_valid_sscc(first) and is_valid_sscc(second)
    with pytest.raises(errors.InvalidInput, match="nothing .* not yet packed"):
        ops.packing.pack(ops.world.clerk, ops.order)
    assert messages(ops.world)[-1]["message_type"] == "pick.confirmed"   # packing sends nothing


def test_packing_more_than_was_picked_is_refused(picked):
    with pytest.raises(errors.InvalidInput, match="line 2 has 4 picked"):
        picked.packing.pack(picked.world.clerk, picked.order, contents=[PackLine(2, 5)])


def test_shipping_issues_the_staged_units_and_reports_packages_to_the_erp(picked):
    ops = picked
    sscc = ops.packing.pack(ops.world.clerk, ops.order, contents=[PackLine(1, 5), PackLine(2, 4)])
    ops.shipping.confirm(ops.world.clerk, ops.order)
    assert stock(ops.world, "LOT", "STG", "L1") == (0, 0)
    assert stock(ops.world, "PLAIN", "STG") == (0, 0)
    assert stock(ops.world, "LOT", "A-02", "L2") == (3, 0)
    o = order(ops, ops.order)
    assert o.state == "done"
    assert [(l.qty_shipped, l.qty_allocated) for l in o.lines] == [(5, 0), (4, 0)]
    msg = messages(ops.world)[-1]
    assert (msg["message_type"], msg["document_key"]) == ("outbound.shipped", ops.order)
    body = msg["payload"]
    assert body["outbound_order"]["external_ref"] == "SO-1" and body["outbound_order"]["complete"]
    assert [p["sscc"] for p in body["packages"]] == [sscc]
    assert sorted((c["item"], c["lot"], c["qty"]) for c in body["packages"][0]["contents"]) == [
        ("LOT", "L1", "3"), ("LOT", "L2", "2"), ("PLAIN", None, "4")]
    assert len(body["lines"]) == 3 and body["reason"] == "issue"   # one move per staged quant
    with ops.world.db.read() as s:
        assert s.execute(select(packages.c.state)).scalars().all() == ["shipped"]
    assert_books_balance(ops.world)
    assert_reservations_match(ops.world)
    with pytest.raises(AlreadyFinished):
        ops.shipping.confirm(ops.world.clerk, ops.order)


def test_an_order_with_a_backorder_is_complete_once_the_rest_ships(ops):
    ops.put("PLAIN", 5, "A-01")
    number = ops.outbound(("PLAIN", 5))
    t = ops.allocate(number).task
    ops.picking.short(ops.world.clerk, t, 1, 3, "shelf empty")
    ops.shipping.confirm(ops.world.clerk, number)
    o = order(ops, number)
    assert o.state == "done" and (o.lines[0].qty_shipped, o.lines[0].qty_backordered) == (3, 2)
    assert order(ops, f"{number}-B1").state == "open"


def test_an_order_partly_allocated_stays_in_progress_after_shipping(ops):
    ops.put("PLAIN", 3, "A-01")
    number = ops.outbound(("PLAIN", 5))
    ops.pick(ops.allocate(number).task, "A-01", "PLAIN")
    ops.shipping.confirm(ops.world.clerk, number)
    o = order(ops, number)
    assert o.state == "in_progress" and o.lines[0].to_allocate == 2
    assert messages(ops.world)[-1]["payload"]["outbound_order"]["complete"] is False


def test_shipping_nothing_picked_is_refused(ops):
    number = ops.outbound(("PLAIN", 5))
    with pytest.raises(errors.InvalidInput, match="nothing of .* is picked"):
        ops.shipping.confirm(ops.world.clerk, number)


def test_a_lot_that_expired_in_staging_cannot_ship(picked):
    picked.world.clock._now = NOW + timedelta(days=7)          # L1 expires on Dec 1
    with pytest.raises(errors.LotExpired):
        picked.shipping.confirm(picked.world.clerk, picked.order)


# -- unpacking ---------------------------------------------------------------------------------
def package_rows(ops):
    with ops.world.db.read() as s:
        return s.execute(select(packages.c.sscc, packages.c.state).order_by(packages.c.id)).all()


def test_unpacking_returns_the_contents_to_picked_and_tells_the_erp(picked):
    ops = picked
    before = (stock(ops.world, "LOT", "STG", "L1"), stock(ops.world, "LOT", "STG", "L2"),
              stock(ops.world, "PLAIN", "STG"))
    moves = move_count(ops.world)
    first = ops.packing.pack(ops.world.clerk, ops.order, contents=[PackLine(1, 5)])
    second = ops.packing.pack(ops.world.clerk, ops.order, kind="pallet", weight_kg="12.5")
    ops.packing.unpack(ops.world.clerk, "  " + first)
    assert [r.sscc for r in package_rows(ops)] == [second]
    # packing moved nothing, so neither does unpacking: still held in staging for the order
    assert (stock(ops.world, "LOT", "STG", "L1"), stock(ops.world, "LOT", "STG", "L2"),
            stock(ops.world, "PLAIN", "STG")) == before == ((3, 3), (2, 2), (4, 4))
    assert move_count(ops.world) == moves
    assert_reservations_match(ops.world)
    msg = messages(ops.world)[-1]
    assert (msg["message_type"], msg["document_key"]) == ("package.unpacked", ops.order)
    body = msg["payload"]
    assert body["outbound_order"] == {"number": ops.order, "external_ref": "SO-1"}
    assert (body["package"]["sscc"], body["package"]["kind"]) == (first, "package")
    assert sorted((c["line_no"], c["item"], c["lot"], c["qty"])
                  for c in body["package"]["contents"]) == [(1, "LOT", "L1", "3"),
                                                            (1, "LOT", "L2", "2")]
    # the unpacked units can be packed again (a new SSCC) and everything ships
    third = ops.packing.pack(ops.world.clerk, ops.order)
    assert third not in (first, second)
    ops.shipping.confirm(ops.world.clerk, ops.order)
    shipped = messages(ops.world)[-1]["payload"]
    assert [p["sscc"] for p in shipped["packages"]] == [second, third]
    assert_books_balance(ops.world)


def test_unpacking_a_shipped_or_unknown_package_is_refused(picked):
    ops = picked
    sscc = ops.packing.pack(ops.world.clerk, ops.order)
    with pytest.raises(errors.NotFound):
        ops.packing.unpack(ops.world.clerk, "000000000000000000")
    ops.shipping.confirm(ops.world.clerk, ops.order)
    count = len(messages(ops.world))
    with pytest.raises(PackageShipped):
        ops.packing.unpack(ops.world.clerk, sscc)
    assert [tuple(r) for r in package_rows(ops)] == [(sscc, "shipped")]
    assert len(messages(ops.world)) == count


def test_unpacking_needs_the_move_permission(picked):
    ops = picked
    sscc = ops.packing.pack(ops.world.clerk, ops.order)
    with pytest.raises(errors.PermissionDenied):
        ops.packing.unpack(ops.world.station, sscc)
    assert [r.sscc for r in package_rows(ops)] == [sscc]
